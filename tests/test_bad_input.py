"""SPEC 9: every defect is set aside with its reason, nothing valid is lost, the build passes."""

from __future__ import annotations

import datetime as dt

import duckdb

from tests.conftest import KNOWN_VARS, build

# (raw table, row key, reason, action) for every bad row of tests/fixtures/bad_input
EXPECTED_SET_ASIDE = {
    ("accounts", "B1", "duplicate", "rejected"),
    ("accounts", None, "null_key", "rejected"),
    ("accounts", "B8", "in_future", "rejected"),
    ("accounts", "B9", "unparseable", "rejected"),
    ("accounts", "B2", "out_of_range", "repaired"),  # zero seats: kept, seats set to null
    ("subscription_events", "B1|2026-01-05|new", "duplicate", "rejected"),
    ("subscription_events", "B3|2026-03-01|pause", "unknown_value", "rejected"),
    ("subscription_events", "NOPE|2026-01-01|new", "unknown_account", "rejected"),
    ("subscription_events", "B3|2024-01-01|renewal", "before_account_created", "rejected"),
    ("subscription_events", "B1|2026-02-30|renewal", "unparseable", "rejected"),
    ("users", "U1", "duplicate", "rejected"),
    ("users", "U9", "unknown_account", "rejected"),
    ("users", "U8", "inconsistent", "rejected"),
    ("product_events", "E1", "duplicate", "rejected"),
    ("product_events", "E7", "null_key", "rejected"),
    ("product_events", "E8", "unknown_account", "rejected"),
    ("product_events", "E9", "out_of_range", "rejected"),
    ("product_events", "E10", "out_of_range", "rejected"),
    ("product_events", "E11", "in_future", "rejected"),
    ("product_events", "E12", "before_account_created", "rejected"),
    ("product_events", "E14", "missing_value", "rejected"),
    ("product_events", "E15", "unparseable", "rejected"),
    ("support_tickets", "T1", "duplicate", "rejected"),
    ("support_tickets", "T3", "unknown_value", "rejected"),
    ("support_tickets", "T4", "null_key", "rejected"),
    ("support_tickets", "T5", "out_of_range", "repaired"),  # CSAT 9: kept, CSAT set to null
    ("invoices", "I2", "duplicate", "rejected"),
    ("invoices", "I4", "unknown_value", "rejected"),
    ("invoices", "I5", "out_of_range", "rejected"),
    ("survey_responses", "R3", "out_of_range", "rejected"),
    ("survey_responses", "R4", "unknown_value", "rejected"),
    ("survey_responses", "R5", "unknown_account", "rejected"),
}

EXPECTED_VALID = {
    "accounts": 3,
    "subscription_events": 5,
    "users": 4,
    "product_events": 7,  # E13 (event name legacy_ping, not in the catalog) is activity
    "support_tickets": 3,
    "invoices": 3,
    "survey_responses": 2,
    "onboarding_milestones": 0,  # empty table
    "csm_assessments": 0,  # missing table
}

RAW_ROWS = {
    "accounts": 7, "subscription_events": 10, "users": 7, "product_events": 16,
    "support_tickets": 6, "invoices": 6, "survey_responses": 5, "onboarding_milestones": 0,
}


def test_build_passes_and_reports_rejections_as_warnings(bad_input_warehouse):
    out = bad_input_warehouse.build_output
    assert "ERROR=0" in out
    assert "WARN 5 rejected_rows_in_accounts" in out
    assert "WARN 9 rejected_rows_in_product_events" in out
    assert "WARN 1 warn_uncatalogued_event_names" in out  # legacy_ping: kept as activity, listed


def test_each_bad_row_is_set_aside_with_its_reason(bad_input_warehouse):
    rows = set(bad_input_warehouse.query(
        "select source_table, row_key, reason, action from staging.stg_raw__rejected_rows"
    ))
    assert rows == EXPECTED_SET_ASIDE


def test_rejections_carry_the_offending_value(bad_input_warehouse):
    details = dict(bad_input_warehouse.query(
        """select row_key, detail from staging.stg_raw__rejected_rows
           where source_table = 'product_events' and row_key in ('E9', 'E13', 'E15')"""
    ))
    # E13's event name (legacy_ping) is not in the catalog: kept as activity, not set aside
    assert details == {
        "E9": "quantity=-5",
        "E15": "occurred_at=yesterday",
    }


def test_valid_row_counts_are_exact_and_nothing_is_lost(bad_input_warehouse):
    for table, expected in EXPECTED_VALID.items():
        valid = bad_input_warehouse.one(f"select count(*) from staging.stg_raw__{table}")[0]
        assert valid == expected, table
    for table, raw in RAW_ROWS.items():
        valid = bad_input_warehouse.one(f"select count(*) from staging.stg_raw__{table}")[0]
        rejected = bad_input_warehouse.one(
            """select count(*) from staging.stg_raw__rejected_rows
               where source_table = ? and action = 'rejected'""",
            [table],
        )[0]
        assert valid + rejected == raw, table


def test_exactly_the_valid_accounts_are_scored(bad_input_warehouse):
    rows = bad_input_warehouse.query(
        """select account_id, score_date, segment, seats, band, cap_id, triggered_cap_ids,
                  support_subscore is null, lifecycle_subscore is null, sentiment_subscore is null
           from marts.fct_account_health_daily where score_date = ? order by account_id""",
        [dt.date(2026, 6, 30)],
    )
    day = dt.date(2026, 6, 30)
    assert [r[:2] for r in rows] == [("B1", day), ("B2", day), ("B3", day)]
    by_id = {r[0]: r for r in rows}
    assert by_id["B2"][2] == "mid_market"  # "Mid-Market" normalised
    assert by_id["B2"][3] == 20  # zero seats on the account; seats come from its subscription
    assert by_id["B2"][7] is True  # no ticket data: support left out
    assert all(r[8] for r in rows)  # empty onboarding table: lifecycle left out
    # B3: an open severity-1 ticket (cap 40) and an invoice 91 days past due (cap 20)
    assert by_id["B3"][5] == "past_due_30"
    assert by_id["B3"][6] == "open_sev1, past_due_30"
    assert by_id["B3"][4] == "critical"


def test_default_run_scores_the_latest_day_and_the_late_data_lookback(bad_input_warehouse):
    days = bad_input_warehouse.query(
        "select distinct score_date from marts.fct_account_health_daily order by score_date"
    )
    assert [d for (d,) in days] == [dt.date(2026, 6, 28), dt.date(2026, 6, 29), dt.date(2026, 6, 30)]


def test_zone_offsets_are_converted_to_utc(bad_input_warehouse):
    occurred = bad_input_warehouse.one(
        "select occurred_at from staging.stg_raw__product_events where event_id = 'E3'"
    )[0]
    assert occurred == dt.datetime(2026, 6, 29, 7, 0)


def test_typed_raw_columns_score_exactly_like_the_same_values_as_text(known_warehouse, tmp_path):
    """select_raw takes columns the warehouse already types (the generator's timestamps, doubles,
    dates, booleans) as they are, and parses text otherwise: the same book delivered all as text
    must give the same scores and set aside the same rows, quoting the same values."""
    text_book = tmp_path / "health.duckdb"
    with duckdb.connect(str(text_book)) as con:
        con.execute(f"attach '{known_warehouse.path}' as typed (read_only)")
        con.execute("create schema raw")
        tables = [t for (t,) in con.execute(
            "select table_name from information_schema.tables "
            "where table_catalog = 'typed' and table_schema = 'raw'").fetchall()]
        typed_columns = 0
        for table in tables:
            columns = con.execute(
                "select column_name, data_type from information_schema.columns where "
                "table_catalog = 'typed' and table_schema = 'raw' and table_name = ? "
                "order by ordinal_position", [table]).fetchall()
            typed_columns += sum(kind != "VARCHAR" for _, kind in columns)
            as_text = ", ".join(f'cast("{name}" as varchar) as "{name}"' for name, _ in columns)
            con.execute(f"create table raw.{table} as select {as_text} from typed.raw.{table}")
    assert len(tables) == 9 and typed_columns >= 20  # the typed path was really exercised

    build(text_book, KNOWN_VARS)
    with duckdb.connect(str(text_book), read_only=True) as con:
        con.execute(f"attach '{known_warehouse.path}' as typed (read_only)")
        for relation in ("marts.fct_account_health_daily", "staging.stg_raw__rejected_rows",
                         "marts.health_current", "marts.health_alerts"):
            rows = con.execute(f"select count(*) from {relation}").fetchone()[0]
            assert rows > 0, relation
            for left, right in ((relation, f"typed.{relation}"), (f"typed.{relation}", relation)):
                extra = con.execute(
                    f"select count(*) from (select * from {left} except all select * from {right})"
                ).fetchone()[0]
                assert extra == 0, f"{relation}: {extra} rows of {left} are not in {right}"
