"""A run that produced nothing meaningful says so first: the diagnosis on crafted warehouses
with known answers, the summary that opens with it, and the Dagster check that warns with it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from orchestration.diagnosis import (
    Finding,
    backtest_reason,
    catalog_finding,
    diagnose,
    insufficient_finding,
    set_aside_findings,
)
from orchestration.summary import build_summary

DAY = dt.date(2026, 6, 30)
COMPONENTS = ("usage", "adoption", "value", "lifecycle", "support", "commercial", "sentiment")
CATALOG_FIX = "Run `account-health profile FOLDER` (or `account-health profile --warehouse`) to propose a catalog."


# --- the rules, on numbers ---------------------------------------------------------------------

def test_a_table_all_set_aside_as_unknown_events_names_the_catalog():
    (finding,) = set_aside_findings({"product_events": 64_057_168},
                                    {("product_events", "unknown_value"): 64_057_168})
    assert str(finding) == ("All 64,057,168 product events were set aside as unknown_value: their names "
                            f"are not in seeds/event_catalog.csv. {CATALOG_FIX}")


def test_a_table_mostly_set_aside_names_its_main_reason_and_its_fix():
    (finding,) = set_aside_findings(
        {"subscription_events": 4, "users": 10},
        {("subscription_events", "unknown_account"): 2, ("subscription_events", "duplicate"): 1,
         ("users", "duplicate"): 5})  # users: exactly half, not "mostly"
    assert finding.cause == ("3 of 4 subscription events (75%) were set aside, most as "
                             "unknown_account (2): their account_id is not in accounts.")
    assert finding.fix == "Export accounts and subscription events from the same system, so the ids match."


def test_a_table_with_a_few_rows_set_aside_is_fine():
    assert set_aside_findings({"product_events": 1000}, {("product_events", "unknown_value"): 400}) == []


def test_no_event_in_the_catalog():
    assert catalog_finding(5, 0, 3) == Finding(
        "None of the 5 product events (3 names) has a name in seeds/event_catalog.csv: every event counts "
        "as a core action of its own feature (the fallback) and none as a value event.", CATALOG_FIX)
    assert catalog_finding(5, 1) is None
    assert catalog_finding(0, 0) is None  # nothing kept: the set-aside finding says why


def test_most_accounts_insufficient_names_the_missing_components():
    finding = insufficient_finding("2026-06-30", 4, 3, [("usage", 3), ("value", 3), ("support", 1)], 0.5,
                                   {"accounts", "product_events"})
    assert finding.cause == ("3 of 4 accounts scored on 2026-06-30 (75%) were insufficient_data: less "
                             "than min_coverage (50%) of the score's weight has data for them.")
    assert finding.fix == ("Most of them have no usage, value data: fix why the rows of product_events "
                           "were set aside or do not count; or lower the dbt var min_coverage.")
    finding = insufficient_finding("2026-06-30", 4, 4, [("usage", 4), ("sentiment", 4)], 0.5,
                                   {"accounts", "product_events"})
    assert finding.fix == ("Most of them have no usage, sentiment data: fix why the rows of product_events "
                           "were set aside or do not count; provide csm_assessments, survey_responses (no such "
                           "table was delivered); or lower the dbt var min_coverage.")
    assert insufficient_finding("2026-06-30", 4, 2, [], 0.5) is None


# --- crafted warehouses -------------------------------------------------------------------------

def _warehouse(path: Path, *, events: int, rejected_events: int, kept_names: list[str],
               bands: list[str], observations: list[tuple] = (), churn_events: int = 0,
               first_event: dt.date | None = DAY - dt.timedelta(days=300), auc: float | None = None) -> Path:
    """The relations the diagnosis and the summary read, with exactly the rows given.
    bands: one account per entry, scored on DAY; insufficient_data accounts have no usage,
    adoption or value subscore. observations: (account, day, is_censored, churned)."""
    con = duckdb.connect(str(path))
    for schema in ("raw", "staging", "config", "intermediate", "marts"):
        con.execute(f"create schema {schema}")
    con.execute("create table raw.accounts as select 'A' || range as account_id from range(?)", [len(bands)])
    con.execute("create table raw.product_events as select range as event_id from range(?)", [events])
    con.execute("""create table staging.stg_raw__rejected_rows as
                   select 'product_events' as source_table, cast(range as varchar) as row_key,
                          'unknown_value' as reason, 'rejected' as action from range(?)""", [rejected_events])
    con.execute("create table config.event_catalog (event_name varchar)")
    con.execute("insert into config.event_catalog values ('dashboard_viewed'), ('report_delivered')")
    con.execute("create table staging.stg_raw__product_events (event_name varchar, occurred_date date)")
    for name in kept_names:
        con.execute("insert into staging.stg_raw__product_events values (?, ?)", [name, first_event])
    subscores = ", ".join(f"{c}_subscore double" for c in COMPONENTS)
    con.execute(f"""create table marts.fct_account_health_daily (account_id varchar, score_date date,
                    segment varchar, arr double, health_score double, coverage double, band varchar,
                    primary_driver varchar, cap_reason varchar, days_to_renewal integer,
                    config_version varchar, {subscores})""")
    for number, band in enumerate(bands):
        present = band != "insufficient_data"
        values = [None if (not present and c in ("usage", "adoption", "value")) else 60.0 for c in COMPONENTS]
        con.execute(f"insert into marts.fct_account_health_daily values (?, ?, 'smb', 1000, ?, ?, ?, "
                    f"'usage', null, 30, 'v1', {', '.join('?' * len(COMPONENTS))})",
                    [f"A{number}", DAY, 60.0 if present else None, 0.9 if present else 0.3, band, *values])
    con.execute("""create table marts.health_current as select account_id, band
                   from marts.fct_account_health_daily""")
    con.execute("""create table marts.health_at_risk_queue (queue_rank integer, account_id varchar,
                   csm_owner varchar, arr_at_risk double, health_score double, band varchar,
                   direction varchar, days_to_renewal integer, urgency double,
                   focus_component varchar, playbook varchar)""")
    con.execute("""create table marts.health_alerts (score_date date, account_id varchar,
                   alert_type varchar, from_band varchar, to_band varchar, health_score double,
                   points_dropped double, component_moved_most varchar, direction varchar, arr double)""")
    con.execute("""create table marts.health_backtest_observations (account_id varchar,
                   observation_date date, horizon_days integer, horizon_end_date date,
                   is_censored boolean, churned integer)""")
    for account, day, censored, churned in observations:
        con.execute("insert into marts.health_backtest_observations values (?, ?, 90, ?, ?, ?)",
                    [account, day, day + dt.timedelta(days=90), censored, churned])
    con.execute("""create table marts.health_backtest_metrics (segment varchar, predictor varchar,
                   observations integer, churned integer, auc double, top_decile_lift double,
                   renewal_rate_spread double, bands_monotonic boolean)""")
    con.execute("insert into marts.health_backtest_metrics values ('all', 'health_score', ?, ?, ?, ?, 0.3, true)",
                [len(observations), sum(o[3] for o in observations), auc, 2.0 if auc else None])
    con.execute("""create table marts.health_backtest_bands (segment varchar, band varchar,
                   band_rank integer, observations integer, churned integer, churn_rate double)""")
    con.execute("create table intermediate.int_backtest__outcome_events (account_id varchar, is_churn integer)")
    con.execute("insert into intermediate.int_backtest__outcome_events select 'A0', 1 from range(?)", [churn_events])
    con.close()
    return path


@pytest.fixture
def nothing_matched(tmp_path) -> Path:
    """The issue's run in small: every event set aside as unknown_value, every account insufficient
    (and a score_drop alert between two insufficient_data days, which says nothing)."""
    path = _warehouse(tmp_path / "w.duckdb", events=12, rejected_events=12, kept_names=[],
                      bands=["insufficient_data"] * 3, first_event=None)
    with duckdb.connect(str(path)) as con:
        con.execute("""insert into marts.health_alerts values (?, 'A0', 'score_drop', 'insufficient_data',
                       'insufficient_data', 10.0, 90.0, 'commercial', 'worse', 1000)""", [DAY])
    return path


def _read(path: Path):
    return duckdb.connect(str(path), read_only=True)


def test_diagnosis_of_a_run_that_matched_nothing(nothing_matched):
    with _read(nothing_matched) as con:
        findings = [str(f) for f in diagnose(con)]
        reason = backtest_reason(con)
    assert findings == [
        f"All 12 product events were set aside as unknown_value: their names are not in "
        f"seeds/event_catalog.csv. {CATALOG_FIX}",
        "All 3 accounts scored on 2026-06-30 were insufficient_data: less than min_coverage (50%) of "
        "the score's weight has data for them. Most of them have no usage, adoption, value data: fix "
        "why the rows of product_events were set aside or do not count; provide users (no such table was "
        "delivered); or lower the dbt var min_coverage.",
    ]
    assert reason == ("no observation has enough data (coverage below min_coverage): every scored "
                      "account-day is insufficient_data")


def test_the_summary_opens_with_the_cause_and_says_what_is_true(nothing_matched):
    text = build_summary(nothing_matched)
    lines = text.splitlines()
    assert lines[0] == "Read this first:"
    assert lines[1].startswith("  - All 12 product events were set aside as unknown_value")
    assert "No account has a score on 2026-06-30: all 3 are insufficient_data (see above)." in lines
    assert "lowest-scoring" not in text
    assert ("At-risk queue: empty, because no account has a score on its latest day (all are "
            "insufficient_data): it says nothing about risk.") in lines
    assert "Newest alerts: no scored account got worse up to 2026-06-30." in lines
    assert ("Backtest: no AUC yet: no observation has enough data (coverage below min_coverage): every "
            "scored account-day is insufficient_data (0 observations, 0 of them censored).") in lines


def test_events_kept_but_none_in_the_catalog(tmp_path):
    path = _warehouse(tmp_path / "w.duckdb", events=4, rejected_events=0,
                      kept_names=["create_opportunity", "email_lead", "add_contact", "create_opportunity"],
                      bands=["green", "amber"])
    with _read(path) as con:
        assert [str(f) for f in diagnose(con)] == [
            "None of the 4 product events has a name in seeds/event_catalog.csv: every event counts as a "
            f"core action of its own feature (the fallback) and none as a value event. {CATALOG_FIX}"]
    # the same from the event-name model, when the build has it
    with duckdb.connect(str(path)) as con:
        con.execute("""create table intermediate.int_product__event_names as
                       select * from (values ('create_opportunity', 2, false), ('email_lead', 1, false),
                                             ('add_contact', 1, false)) as t(event_name, events, in_catalog)""")
    with _read(path) as con:
        assert [str(f) for f in diagnose(con)] == [
            "None of the 4 product events (3 names) has a name in seeds/event_catalog.csv: every event "
            "counts as a core action of its own feature (the fallback) and none as a value event. "
            f"{CATALOG_FIX}"]


def test_a_meaningful_run_has_no_finding_and_keeps_its_summary(tmp_path):
    path = _warehouse(tmp_path / "w.duckdb", events=10, rejected_events=1,
                      kept_names=["dashboard_viewed"] * 9, bands=["green", "amber", "insufficient_data"],
                      observations=[("A0", DAY - dt.timedelta(days=200), False, 1),
                                    ("A1", DAY - dt.timedelta(days=200), False, 0)], auc=0.8)
    with _read(path) as con:
        assert diagnose(con) == []
        assert backtest_reason(con) is None
    text = build_summary(path)
    assert text.startswith("Account health on 2026-06-30: 3 active accounts")
    assert "The 2 lowest-scoring accounts:" in text
    assert "At-risk queue: empty: none of the 2 scored accounts is below the threshold (50)." in text


@pytest.mark.parametrize(("observations", "churn_events", "first_event", "expected"), [
    ([("A0", DAY - dt.timedelta(days=30), True, 0)], 0, DAY - dt.timedelta(days=120),
     "history shorter than warm-up + horizon: every observation's 90-day horizon runs past the end "
     "of the data (the earliest, on 2026-05-31, needs data until 2026-08-29); score a longer history"),
    ([("A0", DAY - dt.timedelta(days=200), False, 0), ("A1", DAY - dt.timedelta(days=200), False, 0)], 0,
     DAY - dt.timedelta(days=300),
     "no churn event in the data: subscription_events has no churn, so there is nothing to predict"),
    ([("A0", DAY - dt.timedelta(days=200), False, 0), ("A1", DAY - dt.timedelta(days=200), False, 0)], 3,
     DAY - dt.timedelta(days=300),
     "no churn within 90 days of any of the 2 uncensored observations (churn events in the data: 3, "
     "all outside those windows)"),
    ([], 0, DAY - dt.timedelta(days=20),
     "history shorter than warm-up + horizon: observation days start 56 days after the first product "
     "event (2026-06-10), on 2026-08-05, after the last scored day (2026-06-30); each then needs 90 "
     "more days of data"),
    ([], 0, None,
     "no product event was kept, and observation days start backtest_warmup_days after the first "
     "one: no day can be observed"),
    ([("A0", DAY - dt.timedelta(days=200), False, 1), ("A1", DAY - dt.timedelta(days=200), False, 1)], 2,
     DAY - dt.timedelta(days=300),
     "every uncensored observation churned: there is no account that stayed to compare with"),
])
def test_the_backtest_names_the_real_reason(tmp_path, observations, churn_events, first_event, expected):
    path = _warehouse(tmp_path / "w.duckdb", events=5, rejected_events=0,
                      kept_names=["dashboard_viewed"] if first_event else [], bands=["green", "red"],
                      observations=observations, churn_events=churn_events, first_event=first_event)
    with _read(path) as con:
        assert backtest_reason(con) == expected


def test_the_dagster_check_warns_with_the_same_words(nothing_matched, monkeypatch):
    from dagster import AssetCheckSeverity

    from orchestration.checks import rejected_rows_share
    from orchestration.resources import WarehouseWriter

    monkeypatch.setenv("HEALTH_DUCKDB_PATH", str(nothing_matched))
    result = rejected_rows_share(warehouse=WarehouseWriter())
    assert not result.passed
    assert result.severity == AssetCheckSeverity.WARN
    assert result.description == (f"All 12 product events were set aside as unknown_value: their "
                                  f"names are not in seeds/event_catalog.csv. {CATALOG_FIX}")
    assert result.metadata["not_meaningful"].value == result.description
