"""The calibration report reads like a decision: round, labelled axes, columns that say which is
current and which proposed, a relative source, and what applying the proposal would change
(band moves on the latest day checked against an independent SQL re-scoring)."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from orchestration.proposal_impact import (
    band_moves,
    load_latest_day,
    proposal_impact,
    rescored_bands,
    threshold_changes,
    weight_changes,
)
from orchestration.proposals import propose_from_warehouse
from orchestration.report import _tick_label, bar_chart, line_chart, nice_ticks, write_report

COMPONENTS = ("usage", "adoption", "value", "lifecycle", "support", "commercial", "sentiment")


@pytest.fixture(scope="module")
def proposal_files(sample_backtest, tmp_path_factory):
    return propose_from_warehouse(sample_backtest.path, tmp_path_factory.mktemp("reports"))


def test_ticks_are_round_numbers():
    assert nice_ticks(0.82) == pytest.approx([0, 0.2, 0.4, 0.6, 0.8, 1.0])
    assert nice_ticks(0.66) == pytest.approx([0, 0.2, 0.4, 0.6, 0.8])
    assert nice_ticks(0.33) == pytest.approx([0, 0.1, 0.2, 0.3, 0.4])
    assert nice_ticks(0.12) == pytest.approx([0, 0.025, 0.05, 0.075, 0.1, 0.125])
    assert nice_ticks(730) == pytest.approx([0, 200, 400, 600, 800])
    assert [_tick_label(v, 0.025, True) for v in (0, 0.025, 0.1)] == ["0.0%", "2.5%", "10.0%"]
    assert [_tick_label(v, 0.2, True) for v in (0, 0.2, 1.0)] == ["0%", "20%", "100%"]
    assert _tick_label(0.4, 0.2, False) == "0.4"


def test_charts_have_titled_axes_and_round_ticks():
    svg = bar_chart("Churn", ["green", "red"], {"current": [0.02, 0.7], "proposed": [0.03, 0.82]},
                    x_label="band", y_label="churn rate", percent=True)
    ticks = re.findall(r'text-anchor="end" font-size="11">([^<]+)<', svg)
    assert ticks == ["0%", "20%", "40%", "60%", "80%", "100%"]
    assert ">band</text>" in svg and ">churn rate</text>" in svg
    roc = line_chart("ROC", {"a": [(0.0, 0.0), (0.5, 0.8), (1.0, 1.0)]}, x_label="false positive rate",
                     y_label="true positive rate")
    for tick in ("0.0", "0.2", "0.4", "0.6", "0.8", "1.0"):
        assert roc.count(f">{tick}</text>") == 2  # both axes
    assert ">false positive rate</text>" in roc and ">true positive rate</text>" in roc


def test_the_report_says_which_column_is_which_and_what_would_change(proposal_files, sample_backtest):
    report = proposal_files.html.read_text()
    source = re.search(r"<p>Source: ([^<]+?\.duckdb)\. ", report)[1]
    assert not source.startswith("/")
    assert (proposal_files.html.parent / source).resolve() == sample_backtest.path.resolve()
    for header in ("churn rate (current)", "churn rate (proposed)", "observations (current)",
                   "current weight (default)", "proposed weight (default)", "current low", "proposed high"):
        assert f"<th>{header}</th>" in report
    assert report.count('class="axis-title"') == 2 * 5  # every chart, both axes
    assert "What applying it would change" in report
    moves = proposal_files.impact.band_moves
    assert moves is not None and moves.accounts > 300
    assert f"{moves.moved:,} of {moves.accounts:,} accounts" in report or "no account of" in report
    top = proposal_files.impact.weights[0]
    assert f"{top.component} ({top.scorecard}) {top.current:.3f} to {top.proposed:.3f}" in report
    odd = {"82%", "62%", "41%", "21%"}
    assert not odd & set(re.findall(r">(\d+%)</text>", report))


def test_rescoring_the_latest_day_with_the_current_configuration_gives_the_facts_bands(proposal_files,
                                                                                        sample_backtest):
    day = load_latest_day(sample_backtest.path, proposal_files.config)
    (latest,) = sample_backtest.one("select cast(max(score_date) as varchar) from marts.fct_account_health_daily")
    assert day.score_date == latest and len(day) > 300
    unchanged = dataclasses.replace(proposal_files.proposal, proposed=dict(proposal_files.config.weights),
                                    thresholds=[])
    current, proposed = rescored_bands(unchanged, proposal_files.config, day)
    scored = day.band != "insufficient_data"
    assert list(current[scored]) == list(day.band[scored])
    assert list(proposed) == list(current)
    assert band_moves(unchanged, proposal_files.config, day).moved == 0


def test_band_moves_equal_an_independent_sql_rescoring(proposal_files, sample_backtest):
    """Give every scorecard the default weights (so smb and enterprise lose their own): the
    accounts that change band are those whose default-weighted, capped score bands differently,
    computed here in SQL from the fact's subscores and the band edges."""
    config = proposal_files.config
    default = config.weights["default"]
    proposal = dataclasses.replace(proposal_files.proposal, proposed={"default": default.copy()}, thresholds=[])
    day = load_latest_day(sample_backtest.path, config)
    moves = band_moves(proposal, config, day)
    weighted = " + ".join(f"coalesce({w} * {c}_subscore, 0)" for c, w in zip(COMPONENTS, default, strict=True))
    present = " + ".join(f"case when {c}_subscore is null then 0 else {w} end"
                         for c, w in zip(COMPONENTS, default, strict=True))
    rows = sample_backtest.query(f"""
        with latest as (
            select * from marts.fct_account_health_daily
            where score_date = (select max(score_date) from marts.fct_account_health_daily)
              and band <> 'insufficient_data'
        ),
        rescored as (
            select account_id, band,
                   round(least(({weighted}) / ({present}), coalesce(cap_score, 1e9)), 2) as score
            from latest
        )
        select r.band, b.band as new_band, count(*) from rescored as r
        inner join marts.health_config_bands as b
            on r.score >= b.min_score and (r.score < b.max_score or (b.max_score >= 100 and r.score <= b.max_score))
        where r.band <> b.band
        group by r.band, b.band""")
    expected = {(a, b): n for a, b, n in rows}
    assert sum(expected.values()) > 0, "the default weights should move some smb/enterprise accounts"
    assert dict(moves.moves) == expected
    ranks = {b.name: b.rank for b in config.bands}
    assert moves.better == sum(n for (a, b), n in expected.items() if ranks[b] < ranks[a])
    text = " ".join(dataclasses.replace(proposal_files.impact, band_moves=moves).sentences())
    assert f"{moves.moved:,} of {moves.accounts:,} accounts" in text


def test_weight_and_threshold_changes_are_ranked_by_size(proposal_files):
    weights = weight_changes(proposal_files.proposal)
    deltas = [abs(w.delta) for w in weights]
    assert deltas == sorted(deltas, reverse=True)
    assert {w.scorecard for w in weights} == set(proposal_files.proposal.proposed)
    w = weights[0]
    current = proposal_files.config.weights.get(w.scorecard, proposal_files.config.weights["default"])
    assert w.current == pytest.approx(current[COMPONENTS.index(w.component)])
    thresholds = threshold_changes(proposal_files.proposal, proposal_files.config)
    assert len(thresholds) == len(proposal_files.proposal.thresholds)
    shifts = [t.shift for t in thresholds]
    assert shifts == sorted(shifts, reverse=True) and shifts[0] > 0
    t = thresholds[0]
    now = proposal_files.config.thresholds.get(t.scorecard, proposal_files.config.thresholds["default"])[t.metric]
    assert (t.current_low, t.current_high) == (now.low, now.high)
    expected_shift = max(abs(t.proposed_low - now.low), abs(t.proposed_high - now.high)) / abs(now.high - now.low)
    assert t.shift == pytest.approx(expected_shift)


def test_a_publication_has_no_metric_history_and_the_report_says_so(proposal_files, sample_publication,
                                                                     sample_backtest, tmp_path):
    database = Path(sample_publication) / "current" / "account_health.duckdb"
    assert load_latest_day(database, proposal_files.config) is None
    impact = proposal_impact(proposal_files.proposal, proposal_files.config, [database])
    assert impact.band_moves is None and impact.weights
    write_report(proposal_files.proposal, tmp_path / "report.html", source="published", impact=impact)
    report = (tmp_path / "report.html").read_text()
    assert "Band moves on the latest day were not computed: none of account_health.duckdb holds" in report
    # with the working warehouse as a fallback, as `account-health propose` passes it
    fallback = proposal_impact(proposal_files.proposal, proposal_files.config,
                               [database, proposal_files.html.parent / "missing.duckdb",
                                sample_backtest.path])
    assert fallback.band_moves == proposal_files.impact.band_moves
