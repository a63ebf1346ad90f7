"""Every defect is set aside with its reason, nothing valid is lost, the build passes."""

from __future__ import annotations

import datetime as dt

import duckdb

from tests.conftest import KNOWN_VARS, build

# (raw table, row key, reason, action, column) for every bad row or field of tests/fixtures/bad_input
EXPECTED_SET_ASIDE = {
    ("accounts", "B1", "duplicate", "rejected", None),
    ("accounts", None, "null_key", "rejected", None),
    ("accounts", "B8", "in_future", "rejected", None),
    ("accounts", "B9", "unparseable", "rejected", "created_at"),
    ("accounts", "B11", "unparseable", "rejected", "created_at"),  # infinity
    ("accounts", "B12", "out_of_range", "rejected", "created_at"),  # 9999-12-31
    ("accounts", "B13", "unparseable", "rejected", "created_at"),  # epoch
    ("accounts", "B14", "missing_value", "rejected", "created_at"),
    ("accounts", "B2", "out_of_range", "repaired", "seats_purchased"),  # zero seats: emptied, kept
    ("accounts", "B3", "out_of_range", "repaired", "arr"),  # nan
    ("accounts", "B3", "out_of_range", "repaired", "seats_purchased"),  # 99999999999
    ("accounts", "B3", "unparseable", "repaired", "renewal_date"),  # soon
    ("accounts", "accounts.csv:13", "ragged_line", "not_loaded", None),
    ("subscription_events", "B1|2026-01-05|new", "duplicate", "rejected", None),
    ("subscription_events", "B3|2026-03-01|pause", "unknown_value", "rejected", None),
    ("subscription_events", "NOPE|2026-01-01|new", "unknown_account", "rejected", None),
    ("subscription_events", "B3|2024-01-01|renewal", "before_account_created", "rejected", None),
    ("subscription_events", "B1|2026-02-30|renewal", "unparseable", "rejected", "effective_date"),
    ("subscription_events", "B3|2026-05-01|seat_change", "out_of_range", "repaired", "seats_after"),
    ("subscription_events", "B2|2026-03-01|upgrade", "out_of_range", "repaired", "arr_after"),  # NaN
    ("users", "U1", "duplicate", "rejected", None),
    ("users", "U9", "unknown_account", "rejected", None),
    ("users", "U8", "inconsistent", "rejected", None),
    ("users", "U5", "unparseable", "repaired", "is_champion"),  # maybe
    ("users", "U5", "unparseable", "repaired", "deactivated_at"),
    ("users", "U6", "unparseable", "repaired", "created_at"),  # 2025-13-45
    ("product_events", "E1", "duplicate", "rejected", None),
    ("product_events", "E7", "null_key", "rejected", None),
    ("product_events", "E8", "unknown_account", "rejected", None),
    ("product_events", "E9", "out_of_range", "repaired", "quantity"),  # -5: the event counts once
    ("product_events", "E10", "out_of_range", "repaired", "quantity"),  # 1e9
    ("product_events", "E16", "out_of_range", "repaired", "quantity"),  # NaN
    ("product_events", "E21", "out_of_range", "repaired", "quantity"),  # 99999999999
    ("product_events", "E11", "in_future", "rejected", None),
    ("product_events", "E12", "before_account_created", "rejected", None),
    ("product_events", "E14", "missing_value", "rejected", None),
    ("product_events", "E15", "unparseable", "rejected", "occurred_at"),  # yesterday
    ("product_events", "E17", "unparseable", "rejected", "occurred_at"),  # -infinity
    ("product_events", "E18", "out_of_range", "rejected", "occurred_at"),  # year 1
    ("product_events", "product_events.csv:24", "bad_quoting", "not_loaded", None),
    ("product_events", "product_events.csv:26", "bad_encoding", "not_loaded", None),
    ("support_tickets", "T1", "duplicate", "rejected", None),
    ("support_tickets", "T3", "unknown_value", "rejected", None),
    ("support_tickets", "T4", "null_key", "rejected", None),
    ("support_tickets", "T7", "unparseable", "rejected", "created_at"),  # 24:61:00
    ("support_tickets", "T5", "out_of_range", "repaired", "csat_score"),  # CSAT 9
    ("support_tickets", "T6", "out_of_range", "repaired", "csat_score"),  # NaN
    ("support_tickets", "T6", "unparseable", "repaired", "first_response_at"),
    ("support_tickets", "T6", "unparseable", "repaired", "reopened_count"),
    ("support_tickets", "T6", "unparseable", "repaired", "is_escalated"),
    ("invoices", "I2", "duplicate", "rejected", None),
    ("invoices", "I4", "unknown_value", "rejected", None),
    ("invoices", "I7", "unparseable", "rejected", "due_date"),  # infinity
    ("invoices", "I5", "out_of_range", "repaired", "amount"),  # -100
    ("invoices", "I6", "out_of_range", "repaired", "amount"),  # 1e300
    ("invoices", "I6", "out_of_range", "repaired", "failed_attempts"),  # 2.5
    ("invoices", "I6", "unparseable", "repaired", "paid_at"),  # infinity
    ("survey_responses", "R3", "out_of_range", "rejected", "score"),
    ("survey_responses", "R6", "out_of_range", "rejected", "score"),  # NaN
    ("survey_responses", "R7", "out_of_range", "rejected", "score"),  # Infinity
    ("survey_responses", "R4", "unknown_value", "rejected", None),
    ("survey_responses", "R5", "unknown_account", "rejected", None),
}

EXPECTED_VALID = {
    "accounts": 3,
    "subscription_events": 7,
    "users": 6,
    "product_events": 14,  # E13 (event name legacy_ping, not in the catalog) is activity
    "support_tickets": 4,
    "invoices": 5,
    "survey_responses": 3,
    "onboarding_milestones": 0,  # empty table
    "csm_assessments": 0,  # missing table
}

RAW_ROWS = {
    "accounts": 11, "subscription_events": 12, "users": 9, "product_events": 23,
    "support_tickets": 8, "invoices": 8, "survey_responses": 8, "onboarding_milestones": 0,
}
# lines after the header, blank lines aside: the raw rows plus the lines the loader set aside
CSV_DATA_LINES = dict(RAW_ROWS, accounts=12, product_events=25)


def test_build_passes_and_reports_rejections_as_warnings(bad_input_warehouse):
    out = bad_input_warehouse.build_output
    assert "ERROR=0" in out
    assert "WARN 13 rejected_rows_in_accounts" in out  # 8 rejected, 4 repaired, 1 not loaded
    assert "WARN 15 rejected_rows_in_product_events" in out  # 9, 4, 2
    assert "WARN 1 warn_uncatalogued_event_names" in out  # legacy_ping: kept as activity, listed


def test_each_bad_row_is_set_aside_with_its_reason(bad_input_warehouse):
    rows = bad_input_warehouse.query(
        "select source_table, row_key, reason, action, column_name from staging.stg_raw__rejected_rows"
    )
    assert len(rows) == len(set(rows))
    assert set(rows) == EXPECTED_SET_ASIDE


def test_rejections_carry_the_offending_value(bad_input_warehouse):
    details = dict(bad_input_warehouse.query(
        """select row_key, detail from staging.stg_raw__rejected_rows
           where source_table = 'product_events' and row_key in ('E9', 'E13', 'E15')"""
    ))
    # E13's event name (legacy_ping) is not in the catalog: kept as activity, not set aside
    assert details == {
        "E9": "quantity=-5 (expected a number from 0 to 10000)",
        "E15": "occurred_at=yesterday (expected a timestamp in the years 1971 to 2100)",
    }


def test_each_repaired_field_is_listed_with_its_raw_value(bad_input_warehouse):
    """A row may carry several repairs: one line each, naming the column and the raw value."""
    repairs = bad_input_warehouse.query(
        """select row_key, column_name, raw_value from staging.stg_raw__rejected_rows
           where action = 'repaired' and row_key in ('B3', 'T6', 'I6') order by all"""
    )
    assert repairs == [
        ("B3", "arr", "nan"), ("B3", "renewal_date", "soon"), ("B3", "seats_purchased", "99999999999"),
        ("I6", "amount", "1e300"), ("I6", "failed_attempts", "2.5"), ("I6", "paid_at", "infinity"),
        ("T6", "csat_score", "NaN"), ("T6", "first_response_at", "never"),
        ("T6", "is_escalated", "maybe"), ("T6", "reopened_count", "lots"),
    ]
    # the rows are kept with exactly those fields emptied (then the documented defaults)
    assert bad_input_warehouse.one(
        """select first_response_at, resolved_at, reopened_count, is_escalated, csat_score
           from staging.stg_raw__support_tickets where ticket_id = 'T6'"""
    ) == (None, dt.datetime(2026, 6, 21, 9, 0), 0, False, None)
    assert bad_input_warehouse.one(
        "select amount, paid_at, failed_attempts, status from staging.stg_raw__invoices where invoice_id = 'I6'"
    ) == (None, None, 0, "open")
    assert bad_input_warehouse.one(
        "select arr, seats_purchased, renewal_date from staging.stg_raw__accounts where account_id = 'B3'"
    ) == (None, None, None)


def test_lines_the_loader_could_not_read_are_listed_with_file_line_and_text(bad_input_warehouse):
    rows = bad_input_warehouse.query(
        """select source_file, line_number, reason, raw_value from staging.stg_raw__rejected_rows
           where action = 'not_loaded' order by source_file, line_number"""
    )
    assert rows == [
        ("accounts.csv", 13, "ragged_line", "B15,Ragged,smb,retail,,ann,,2026-01-01,100,1,,one field too many"),
        ("product_events.csv", 24, "bad_quoting", 'E22,B1,U1,"dashboard_viewed,2026-06-29 10:00:00,1'),
        ("product_events.csv", 26, "bad_encoding", "E24,B1,U1,dashboard_viewed,2026-06-29 10:00:00,\\xff\\xfe"),
    ]
    # the unclosed quote on line 24 did not swallow line 25: it loaded on its own
    assert bad_input_warehouse.one(
        "select occurred_at from staging.stg_raw__product_events where event_id = 'E23'"
    ) == (dt.datetime(2026, 6, 30, 9, 0),)


def test_valid_row_counts_are_exact_and_nothing_is_lost(bad_input_warehouse):
    for table, expected in EXPECTED_VALID.items():
        valid = bad_input_warehouse.one(f"select count(*) from staging.stg_raw__{table}")[0]
        assert valid == expected, table
    for table, raw in RAW_ROWS.items():
        assert bad_input_warehouse.one(f"select count(*) from raw.{table}")[0] == raw, table
        valid = bad_input_warehouse.one(f"select count(*) from staging.stg_raw__{table}")[0]
        rejected, not_loaded = bad_input_warehouse.one(
            """select count(*) filter (where action = 'rejected'),
                      count(*) filter (where action = 'not_loaded')
               from staging.stg_raw__rejected_rows where source_table = ?""",
            [table],
        )
        assert valid + rejected == raw, table
        assert valid + rejected + not_loaded == CSV_DATA_LINES[table], table


def test_valid_spellings_give_the_same_instant(bad_input_warehouse):
    """ISO T and Z, fractions, offsets, a date alone, single-digit months, surrounding spaces."""
    events = dict(bad_input_warehouse.query(
        "select event_id, occurred_at from staging.stg_raw__product_events where event_id in ('E1', 'E19', 'E20')"
    ))
    assert events == {"E1": dt.datetime(2026, 6, 29, 10, 0), "E19": dt.datetime(2026, 6, 29, 10, 0),
                      "E20": dt.datetime(2026, 6, 29, 8, 0, 0, 250000)}
    assert bad_input_warehouse.one(
        "select responded_at from staging.stg_raw__survey_responses where response_id = 'R8'"
    ) == (dt.datetime(2026, 6, 7, 8, 0),)
    assert bad_input_warehouse.one(
        "select created_at from staging.stg_raw__accounts where account_id = 'B3'"
    ) == (dt.datetime(2025, 3, 1, 0, 0),)


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
    assert len(tables) == 10 and typed_columns >= 20  # the typed path was really exercised

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


def test_the_summary_lists_uncatalogued_event_names_and_orders_bands_by_rank(bad_input_warehouse):
    from orchestration.summary import build_summary

    text = build_summary(bad_input_warehouse.path)
    lines = text.splitlines()
    # legacy_ping (E13) is the one name the catalog does not know: one event, one account
    start = next(i for i, line in enumerate(lines) if "not in seeds/event_catalog.csv" in line)
    assert lines[start].startswith("1 event names (1 events) are not in seeds/event_catalog.csv "
                                   "and count as activity only")
    assert lines[start + 3].split() == ["legacy_ping", "1", "1"]
    # the band table follows the configuration's band_rank (marts.health_config_bands)
    ranks = dict(bad_input_warehouse.query("select band, band_rank from marts.health_config_bands"))
    table = lines[lines.index("Band distribution and ARR per band:") + 3:]
    shown = [line.split()[0] for line in table[:table.index("")]]
    ranked = [band for band in shown if band in ranks]
    assert ranked == sorted(ranked, key=ranks.get) and len(ranked) >= 2
    assert all(band in ranks for band in shown[:len(ranked)])  # unranked bands come last
