"""Issue 16 on the sample book (make run's 500 accounts x 365 days): calm alerts, the score in
context, the metric tree, expansion readiness and customer families, checked against the fact
they are built from."""

from __future__ import annotations

import statistics
from collections import defaultdict

import pytest

COMPONENTS = ("usage", "adoption", "value", "lifecycle", "support", "commercial", "sentiment")


def _latest(wh) -> object:
    return wh.one("select max(score_date) from marts.fct_account_health_daily")[0]


def test_the_stable_band_halves_the_band_changes_and_predicts_no_worse(sample_backtest):
    wh = sample_backtest
    changes, stable_changes = wh.one(
        "select sum(band_changes), sum(stable_band_changes) from marts.health_band_stability "
        "where segment = 'all'")
    assert stable_changes < 0.6 * changes
    # every stable band change is one band_change alert, and nothing else is
    assert wh.one("select count(*) from marts.health_alerts where alert_type = 'band_change'")[0] == stable_changes
    aucs = dict(wh.query("select predictor, auc from marts.health_backtest_metrics "
                         "where segment = 'all' and predictor in ('band', 'stable_band')"))
    assert aucs["stable_band"] >= aucs["band"] - 0.002, aucs
    # the score's own band is kept beside the stable one, and they differ only near an edge
    far = wh.one("""select count(*) from marts.fct_account_health_daily
                    where band <> stable_band and band <> 'insufficient_data'
                      and abs(health_score - 75) > 3 and abs(health_score - 50) > 3
                      and abs(health_score - 25) > 3""")[0]
    assert far == 0


def test_metric_points_add_up_to_the_points_the_component_loses(sample_backtest):
    wh = sample_backtest
    day = _latest(wh)
    facts = {r[0]: r for r in wh.query(
        "select account_id, primary_driver, primary_metric, primary_metric_points_lost, "
        + ", ".join(f"effective_weight_{c}, {c}_subscore" for c in COMPONENTS)
        + " from marts.fct_account_health_daily where score_date = ?", [day])}
    points: dict[tuple, list] = defaultdict(list)
    for account, component, metric, lost, rank in wh.query(
            "select account_id, component, metric, points_lost, rank_in_component "
            "from marts.health_metric_points where score_date = ?", [day]):
        points[(account, component)].append((lost, metric, rank))
    checked = 0
    for account, row in facts.items():
        for i, component in enumerate(COMPONENTS):
            weight, subscore = row[4 + 2 * i], row[5 + 2 * i]
            if weight is None:
                continue
            metrics = points[(account, component)]
            assert sum(lost for lost, _, _ in metrics) == pytest.approx(weight * (100 - subscore), abs=1e-9)
            checked += 1
        if row[1] is not None:  # the primary metric: the driver's metric losing most
            lost, metric, rank = max(points[(account, row[1])], key=lambda m: (m[0], -m[2]))
            assert (row[2], rank) == (metric, 1)
            assert row[3] == pytest.approx(lost)
    assert checked > 5 * len(facts)


def test_baseline_and_percentile_follow_their_definitions(sample_backtest):
    wh = sample_backtest
    day = _latest(wh)
    history: dict[str, list] = defaultdict(list)
    for account, score in wh.query(
            "select account_id, health_score from marts.fct_account_health_daily "
            "where band <> 'insufficient_data' and score_date >= cast(? as date) - 90 "
            "and score_date < ?", [day, day]):
        history[account].append(score)
    today = wh.query("""select account_id, segment, health_score, baseline_score, baseline_gap,
                               segment_percentile, band
                        from marts.fct_account_health_daily where score_date = ?""", [day])
    with_baseline = 0
    for account, _, score, baseline, gap, _, _ in today:
        before = history.get(account, [])
        if len(before) >= 30:
            assert baseline == pytest.approx(statistics.median(before), abs=1e-4), account
            assert gap == pytest.approx(score - baseline, abs=1e-4)
            with_baseline += 1
        else:
            assert baseline is None and gap is None, account
    assert with_baseline > 300
    # percentile: the share of the segment's other colour-banded accounts scoring lower
    by_segment: dict[str, list] = defaultdict(list)
    for _, segment, score, _, _, _, band in today:
        if band != "insufficient_data":
            by_segment[segment].append(score)
    for _, segment, score, _, _, percentile, band in today:
        if band == "insufficient_data":
            assert percentile is None
            continue
        scores = by_segment[segment]
        lower = sum(s < score for s in scores)
        assert percentile == pytest.approx(round(100 * lower / (len(scores) - 1), 2), abs=0.006)


def test_readiness_is_backtested_and_the_queue_holds_the_ready_accounts(sample_backtest):
    """The backtest counts expansions of ready accounts against the rest (on the sample book
    readiness adds nothing to the top band: the generator draws expansions from latent health
    alone, so the counts, not a direction, are the known answer)."""
    wh = sample_backtest
    groups = {g: (n, e) for g, n, e in wh.query(
        "select readiness_group, observations, expanded from marts.health_backtest_expansion "
        "where segment = 'all'")}
    by_hand = {g: (n, e) for g, n, e in wh.query(
        """select case when expansion_ready then 'ready' when stable_band_rank = 1 then 'top_band_not_ready'
                       else 'other_bands' end, count(*), sum(expanded)
           from marts.health_backtest_observations where not is_censored group by 1""")}
    assert groups == by_hand and groups["ready"][0] >= 30
    # an observation is ready exactly when the readiness mart said so that day
    assert wh.one("""select count(*) from marts.health_backtest_observations o
                     left join marts.health_expansion_readiness r
                       on o.account_id = r.account_id and o.observation_date = r.score_date
                     where o.expansion_ready <> coalesce(r.is_ready, false)""")[0] == 0
    day = _latest(wh)
    ready = wh.query("""select account_id from marts.health_expansion_readiness
                        where score_date = ? and is_ready order by potential_arr desc,
                        readiness_score desc, account_id""", [day])
    queue = wh.query("select account_id from marts.health_expansion_queue order by expansion_rank")
    assert queue == ready and len(queue) > 0
    # ready means: top stable band and every signal at its threshold
    assert wh.one("""select count(*) from marts.health_expansion_readiness where is_ready and not (
                       stable_band = 'green' and seat_utilisation >= 0.8 and user_growth >= 0.05
                       and feature_breadth >= 0.75)""")[0] == 0


def test_families_roll_up_the_scores_of_their_accounts(sample_backtest):
    wh = sample_backtest
    day = _latest(wh)
    top = dict(wh.query("select account_id, top_parent_account_id from marts.health_account_hierarchy"))
    parents = {parent for account, parent in top.items() if parent != account}
    families: dict[str, list] = defaultdict(list)
    for account, score, arr, band in wh.query(
            "select account_id, health_score, coalesce(arr, 0), band from marts.fct_account_health_daily "
            "where score_date = ?", [day]):
        if top[account] in parents:
            families[top[account]].append((account, score, arr, band))
    rollup = {r[0]: r[1:] for r in wh.query(
        "select parent_account_id, accounts, arr, arr_weighted_score, worst_account_id "
        "from marts.health_parent_rollup where score_date = ?", [day])}
    assert len(rollup) >= 3
    for parent, (accounts, arr, score, worst) in rollup.items():
        members = families[parent]
        colour = [m for m in members if m[3] != "insufficient_data"]
        weight = sum(a for _, _, a, _ in colour)
        expected = sum(s * a for _, s, a, _ in colour) / weight
        assert accounts == len(members) and arr == pytest.approx(sum(m[2] for m in members))
        assert score == pytest.approx(round(expected, 2), abs=0.006)
        assert worst == min(colour, key=lambda m: (m[1], -m[2], m[0]))[0]


def test_cs_actions_are_staged_like_every_raw_table(known_warehouse):
    """Valid actions are kept with their playbook and component; bad ones are set aside (or
    repaired) with a reason, and nothing is lost."""
    from tests.known_accounts import KNOWN_ACTIONS, KNOWN_ACTIONS_SET_ASIDE, KNOWN_ACTIONS_VALID

    wh = known_warehouse
    kept = {r[0]: r[1:] for r in wh.query(
        "select row_key, playbook, is_known_playbook, component from staging.stg_raw__cs_actions "
        "where row_key like 'K-A%'")}
    assert kept == KNOWN_ACTIONS_VALID
    set_aside = set(wh.query("""select row_key, reason, action from staging.stg_raw__rejected_rows
                                where source_table = 'cs_actions' and row_key like 'K-A%'"""))
    assert set_aside == KNOWN_ACTIONS_SET_ASIDE
    rejected = sum(1 for _, _, action in set_aside if action == "rejected")
    assert len(kept) + rejected == len(KNOWN_ACTIONS)
    assert wh.one("select detail from staging.stg_raw__rejected_rows where row_key = 'K-A4'")[0].startswith(
        "component=morale")
    # every kept action is followed over each horizon
    assert wh.one("select count(*) from marts.health_playbook_actions where action_key like 'K-A%'")[0] == 3 * len(kept)


def test_a_two_level_family_rolls_up_by_hand_and_bad_links_are_set_aside(known_warehouse):
    from tests.known_accounts import END, KNOWN_LINKS_SET_ASIDE

    wh = known_warehouse
    rollup = wh.one("""select accounts, children, arr, arr_weighted_score, band, worst_account_id,
                              most_points_lost_account_id, round(most_points_lost, 2)
                       from marts.health_parent_rollup
                       where parent_account_id = 'K_HEALTHY' and score_date = ?""", [END])
    assert rollup == (3, 2, 180000.0, 81.36, "green", "K_SUPPORT", "K_SUPPORT", 9.23)
    depths = dict(wh.query("select account_id, depth from marts.health_account_hierarchy "
                           "where top_parent_account_id = 'K_HEALTHY'"))
    assert depths == {"K_HEALTHY": 0, "K_SUPPORT": 1, "K_NO_TICKETS": 2}
    repaired = set(wh.query("""select row_key, reason from staging.stg_raw__rejected_rows
                               where source_table = 'accounts' and action = 'repaired'
                                 and detail like 'parent_account_id=%'
                                 and row_key in ('K_PAST_DUE', 'K_CHURNED', 'A000001', 'A000002')"""))
    assert repaired == KNOWN_LINKS_SET_ASIDE
    issues = dict(wh.query("""select account_id, link_issue from marts.health_account_hierarchy
                              where link_issue is not null and account_id like 'K_%'"""))
    assert issues == {"K_PAST_DUE": "self_parent", "K_CHURNED": "unknown_parent"}
    # the queue names the family
    assert wh.one("select top_parent_account_id from marts.health_at_risk_queue "
                  "where account_id = 'K_PAST_DUE'")[0] == "K_PAST_DUE"
