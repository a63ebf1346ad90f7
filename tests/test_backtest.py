"""The backtest proves (or not) that the score predicts churn; weights fitted to outcomes."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from pathlib import Path

import duckdb
import numpy as np
import pytest

from orchestration import PROJECT_DIR
from orchestration.calibration import auc, fit_weights, project_to_simplex
from orchestration.dbt_runner import run_dbt
from orchestration.proposals import propose_from_warehouse
from orchestration.sample_data import GeneratorConfig, generate
from orchestration.seeds import read_seed, scorecards
from tests.conftest import Warehouse

END = dt.date(2026, 6, 30)
COMPONENTS = ("usage", "adoption", "value", "lifecycle", "support", "commercial", "sentiment")


def _build(path: Path, start: dt.date) -> Warehouse:
    dbt_vars = {"score_start_date": start.isoformat(), "score_end_date": END.isoformat(),
                "load_date": (END + dt.timedelta(days=1)).isoformat()}
    return Warehouse(path, run_dbt(["build"], dbt_vars=dbt_vars, database=path, quiet=True).stdout)


def _observations(wh: Warehouse, where: str = "not is_censored") -> list[tuple]:
    subscores = ", ".join(f"{c}_subscore" for c in COMPONENTS)
    return wh.query(f"""select segment, health_score, churned, {subscores}, account_id, observation_date
                        from marts.health_backtest_observations where {where}""")


def test_the_sql_auc_equals_a_rank_computation_on_the_sample(sample_backtest):
    rows = _observations(sample_backtest)
    segment = np.array([r[0] for r in rows])
    churned = np.array([r[2] for r in rows])
    values = {"health_score": np.array([r[1] for r in rows], dtype=float)}
    for i, component in enumerate(COMPONENTS):
        values[component] = np.array([np.nan if r[3 + i] is None else r[3 + i] for r in rows], dtype=float)
    # each metric's score on the same observations (health_backtest_metric_values)
    metric_scores: dict[str, dict] = {}
    for metric, account, day, score in sample_backtest.query(
            "select metric, account_id, observation_date, metric_score from marts.health_backtest_metric_values "
            "where not is_censored"):
        metric_scores.setdefault(metric, {})[(account, day)] = score
    order = [(r[-2], r[-1]) for r in rows]
    # the band alone and the stable band alone, best band first
    for predictor, column in (("band", "band_rank"), ("stable_band", "stable_band_rank")):
        ranks = dict(((a, d), r) for a, d, r in sample_backtest.query(
            f"select account_id, observation_date, {column} from marts.health_backtest_observations"))
        values[predictor] = np.array([-float(ranks[k]) for k in order])
    for metric, by_key in metric_scores.items():
        values[metric] = np.array([np.nan if by_key.get(k) is None else by_key[k] for k in order], dtype=float)
    sql = {(s, p): (a, n) for s, p, a, n in sample_backtest.query(
        "select segment, predictor, auc, observations from marts.health_backtest_metrics")}
    checked = 0
    for (seg, predictor), (sql_auc, observations) in sql.items():
        rows_of = np.ones(len(rows), bool) if seg == "all" else segment == seg
        score = values[predictor][rows_of]
        assert observations == int((~np.isnan(score)).sum())
        if np.isnan(auc(score, churned[rows_of])):
            assert sql_auc is None, (seg, predictor)
        else:
            assert sql_auc == pytest.approx(auc(score, churned[rows_of]), abs=1e-12), (seg, predictor)
        checked += 1
    # all + three segments: the score, the two bands, seven subscores and the 26 metrics
    assert checked == 4 * (10 + len(metric_scores)) and len(metric_scores) == 26
    # subscores tie a lot (many 100s): the Python AUC itself agrees with the pairwise definition
    score, outcome = values["lifecycle"][:400], churned[:400]
    keep = ~np.isnan(score)
    stayed, left = score[keep][outcome[keep] == 0], score[keep][outcome[keep] == 1]
    pairwise = ((stayed[:, None] > left[None, :]).sum() + 0.5 * (stayed[:, None] == left[None, :]).sum()) / (
        len(stayed) * len(left))
    assert auc(score, outcome) == pytest.approx(pairwise, abs=1e-12)


def test_the_sql_top_decile_lift_equals_sorting_the_observations(sample_backtest):
    """The lowest tenth is the first ceiling(n / 10) observations by value, then account and day
    (ntile's first tile); the SQL finds it from counts per value, so check it row by row."""
    subscores = ", ".join(f"{c}_subscore" for c in COMPONENTS)
    rows = sample_backtest.query(f"""select segment, account_id, observation_date, churned, health_score,
                                            {subscores}
                                     from marts.health_backtest_observations where not is_censored""")
    predictors = ["health_score", *COMPONENTS]
    lifts = {(s, p): lift for s, p, lift in sample_backtest.query(
        "select segment, predictor, top_decile_lift from marts.health_backtest_metrics")
        if p in predictors}
    boundary_ties = 0
    for (seg, predictor), sql_lift in lifts.items():
        column = 4 + predictors.index(predictor)
        scored = sorted((r[column], r[1], r[2], r[3]) for r in rows
                        if (seg == "all" or r[0] == seg) and r[column] is not None)
        lowest = scored[:-(-len(scored) // 10)]
        rate = sum(r[3] for r in scored) / len(scored)
        assert sql_lift == pytest.approx(sum(r[3] for r in lowest) / len(lowest) / rate, rel=1e-12), (seg, predictor)
        boundary_ties += scored[len(lowest) - 1][0] == scored[len(lowest)][0]
    assert len(lifts) == 4 * 8
    assert boundary_ties > 0  # some tenth ends inside a run of tied values: the order by account counts


def test_the_dbt_unit_tests_for_auc_and_censoring_ran(sample_backtest):
    results = {r["unique_id"].split(".")[-1]: r["status"] for r in sample_backtest.run_results()["results"]}
    assert results["auc_ranks_with_ties_like_a_hand_computation"] == "pass"
    assert results["censoring_and_outcomes"] == "pass"


def test_censored_observations_are_flagged_and_left_out(sample_backtest):
    wh = sample_backtest
    # data ends END: an observation within 90 days of it is censored, one earlier is not
    late = wh.one("select count(*), min(cast(is_censored as integer)) from marts.health_backtest_observations "
                  "where observation_date > ?", [END - dt.timedelta(days=90)])
    early = wh.one("select count(*), max(cast(is_censored as integer)) from marts.health_backtest_observations "
                   "where observation_date <= ?", [END - dt.timedelta(days=90)])
    assert late[0] > 0 and late[1] == 1
    assert early[0] > 0 and early[1] == 0
    assert wh.one("select count(*) from marts.health_backtest_observations where observation_date = ?",
                  [dt.date(2026, 6, 1)])[0] > 0  # 29 days before the end: observed, but censored
    uncensored = wh.one("select count(*) from marts.health_backtest_observations where not is_censored")[0]
    assert wh.one("select sum(observations) from marts.health_backtest_bands where segment = 'all'")[0] == uncensored
    assert wh.one("select observations from marts.health_backtest_metrics "
                  "where segment = 'all' and predictor = 'health_score'")[0] == uncensored
    # observation days are the 1st of each month (var backtest_cadence: monthly)
    days = [d for (d,) in wh.query("select distinct observation_date from marts.health_backtest_observations")]
    assert days and all(d.day == 1 for d in days)


def test_on_the_sample_bands_order_churn_and_auc_is_above_075(sample_backtest):
    wh = sample_backtest
    auc_all, lift, monotonic, spread = wh.one(
        "select auc, top_decile_lift, bands_monotonic, renewal_rate_spread from marts.health_backtest_metrics "
        "where segment = 'all' and predictor = 'health_score'")
    assert auc_all > 0.75
    assert monotonic is True
    assert lift > 2
    rates = [r for (r,) in wh.query(
        "select churn_rate from marts.health_backtest_bands where segment = 'all' order by band_rank")]
    assert len(rates) == 4 and rates == sorted(rates)
    assert spread is not None


def test_mismatches_are_green_churned_or_red_renewed(sample_backtest):
    rows = sample_backtest.query(
        """select m.mismatch, o.band_rank, o.churned, o.renewed + o.expanded
           from marts.health_backtest_mismatches as m
           join marts.health_backtest_observations as o using (account_id, observation_date)""")
    assert {r[0] for r in rows} == {"green_churned", "red_renewed"}
    for mismatch, band_rank, churned, renewed_or_expanded in rows:
        if mismatch == "green_churned":
            assert (band_rank, churned) == (1, 1)
        else:
            assert band_rank >= 3 and churned == 0 and renewed_or_expanded > 0


def _digest(folder: Path) -> str:
    return hashlib.sha256(b"".join(p.read_bytes() for p in sorted(folder.glob("*.csv")))).hexdigest()


def test_the_weight_proposal_is_a_valid_seed_and_changes_nothing(sample_backtest, tmp_path):
    seeds = PROJECT_DIR / "seeds"
    before = _digest(seeds)
    files = propose_from_warehouse(sample_backtest.path, tmp_path)
    assert _digest(seeds) == before
    rows = read_seed(files.weights_csv)
    assert {r["component"] for r in rows} == set(COMPONENTS)
    for segment, weights in scorecards(rows).items():
        assert sum(weights.values()) == pytest.approx(1, abs=1e-9), segment
        assert min(weights.values()) >= 0
    proposal = files.proposal
    # fitted on earlier observation dates, evaluated on later ones: no date on both sides
    assert proposal.train_rows > 0 and proposal.test_rows > 0
    assert proposal.before.auc > 0.75 and proposal.after.auc > 0.7
    report = files.html.read_text()
    for heading in ("Churn rate by band", "ROC", "Score distributions", "Weights", "AUC of each subscore"):
        assert heading in report
    assert report.count("<svg") == 5


def test_calibration_recovers_known_weights():
    """Churn drawn from a known logistic model of a known weighted score: the fit finds the
    weights within 0.03 each (complete data) and 0.05 (15% of subscores missing)."""
    rng = np.random.default_rng(7)
    truth = np.array([0.35, 0.25, 0.20, 0.10, 0.10, 0.0, 0.0])
    subscores = rng.uniform(0, 100, size=(20_000, 7))
    score = subscores @ truth
    churn = rng.random(len(score)) < 1 / (1 + np.exp(2.0 + 2.5 * (score - 50) / 25))
    fitted = fit_weights(subscores, churn)
    assert fitted.sum() == pytest.approx(1) and (fitted >= 0).all()
    assert np.abs(fitted - truth).max() < 0.03
    missing = subscores.copy()
    missing[rng.random(missing.shape) < 0.15] = np.nan
    assert np.abs(fit_weights(missing, churn) - truth).max() < 0.05


def test_simplex_projection():
    assert project_to_simplex(np.array([0.2, 0.2, 0.6])).tolist() == pytest.approx([0.2, 0.2, 0.6])
    assert project_to_simplex(np.array([2.0, 0.0, -1.0])).tolist() == pytest.approx([1.0, 0.0, 0.0])
    assert project_to_simplex(np.array([0.5, 0.5, 0.5])).tolist() == pytest.approx([1 / 3] * 3)


@pytest.fixture(scope="module")
def point_in_time_pair(tmp_path_factory):
    """The same small book built twice: once as generated, once with rows dated after D added
    (a burst of tickets, events, and a churn for one account)."""
    folder = tmp_path_factory.mktemp("pit")
    original, changed = folder / "original.duckdb", folder / "changed.duckdb"
    with duckdb.connect(str(original)) as con:
        generate(con, GeneratorConfig(accounts=60, days=240, seed=11, end_date=END, defect_rate=0),
                 progress=False)
    shutil.copy(original, changed)
    observed = dt.date(2026, 3, 1)
    after = (observed + dt.timedelta(days=10)).isoformat()
    with duckdb.connect(str(changed)) as con:
        account = con.execute("select min(account_id) from raw.accounts").fetchall()[0][0]
        con.execute(f"""insert into raw.subscription_events (account_id, effective_date, change_type)
                        values ('{account}', '{after}', 'churn')""")
        con.execute(f"""insert into raw.support_tickets (ticket_id, account_id, created_at, severity, status)
                        select 'late-' || account_id, account_id, '{after} 09:00:00', '1', 'open'
                        from raw.accounts""")
    start = END - dt.timedelta(days=200)
    return _build(original, start), _build(changed, start), observed, account


def test_rows_dated_after_d_do_not_change_ds_score(point_in_time_pair):
    original, changed, observed, account = point_in_time_pair
    columns = "account_id, health_score, band, " + ", ".join(f"{c}_subscore" for c in COMPONENTS)
    sql = f"select {columns} from marts.health_backtest_observations where observation_date = ? order by 1"
    before, after = original.query(sql, [observed]), changed.query(sql, [observed])
    assert len(before) > 30 and before == after
    # ... while the outcome of that day did change: the injected churn is within its horizon
    outcome = "select churned from marts.health_backtest_observations where observation_date = ? and account_id = ?"
    assert changed.one(outcome, [observed, account]) == (1,)
    # and a later day's support score saw the burst of tickets
    later = "select avg(support_subscore) from marts.fct_account_health_daily where score_date = ?"
    day = observed + dt.timedelta(days=12)
    assert changed.one(later, [day])[0] < original.one(later, [day])[0]


def test_a_band_too_small_has_no_churn_rate():
    from orchestration.calibration import band_rate

    assert band_rate(40, 10, minimum=30) == 0.25
    assert band_rate(30, 3, minimum=30) == 0.1
    assert band_rate(2, 0, minimum=30) is None  # two observations, none churned: not a rate of 0 %
    assert band_rate(0, 0, minimum=0) is None
    assert band_rate(29, 1) is None  # the default is the dbt var backtest_min_band_observations (30)
