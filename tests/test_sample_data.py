"""The sample-data generator: reproducible, complete, and telling a causal story."""

from __future__ import annotations

import datetime as dt
import hashlib

import duckdb
import pytest

from orchestration.raw_contract import CONTRACT, RAW_TABLES, columns, required_columns
from orchestration.sample_data import GeneratorConfig, generate, write_parquet

END = dt.date(2026, 3, 31)


def _fingerprint(con) -> str:
    digest = hashlib.sha256()
    for table in RAW_TABLES:
        rows = con.execute(f"select * from raw.{table} order by all").fetchall()
        digest.update(repr(rows).encode())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def book():
    con = duckdb.connect()
    counts = generate(con, GeneratorConfig(accounts=400, days=180, seed=11, end_date=END),
                      progress=False)
    yield con, counts
    con.close()


def test_same_seed_same_data_other_seed_other_data():
    def make(seed):
        con = duckdb.connect()
        generate(con, GeneratorConfig(accounts=60, days=60, seed=seed, end_date=END),
                 progress=False)
        return _fingerprint(con)

    assert make(5) == make(5)
    assert make(5) != make(6)


def test_all_nine_tables_are_generated(book):
    con, counts = book
    assert set(counts) == set(RAW_TABLES)
    assert all(counts[t] > 0 for t in RAW_TABLES)
    assert con.execute("select count(distinct account_id) from raw.accounts").fetchall()[0][0] == 400


def test_some_accounts_have_no_tickets_surveys_or_onboarding(book):
    con, _ = book
    for table in ("support_tickets", "survey_responses", "onboarding_milestones"):
        missing = con.execute(
            f"""select count(*) from raw.accounts a
                where not exists (select 1 from raw.{table} t where t.account_id = a.account_id)"""
        ).fetchall()[0][0]
        assert missing > 20, table


def test_no_events_after_the_end_date_except_injected_defects(book):
    con, _ = book
    late = con.execute(
        "select count(*) from raw.product_events where cast(occurred_at as date) > ?", [END]
    ).fetchall()[0][0]
    total = con.execute("select count(*) from raw.product_events").fetchall()[0][0]
    assert 0 < late < total * 0.01


def test_segments_differ_in_terms(book):
    con, _ = book
    plans = dict(con.execute(
        """select segment, bool_and(plan like '%monthly') from raw.accounts
           where segment is not null group by segment"""
    ).fetchall())
    assert plans == {"smb": True, "mid_market": False, "enterprise": False}


def test_churners_were_less_active_before_churning(book):
    """The causal story: accounts that churn show less usage per seat in the 60 days before."""
    con, _ = book
    churners, stayers = con.execute(
        """
        with churn as (
            select account_id, min(effective_date) as churned_on from raw.subscription_events
            where change_type = 'churn' and effective_date >= ? group by account_id
        ),
        usage as (
            select a.account_id, churn.churned_on is not null as churned,
                   count(e.event_id) / max(a.seats_purchased + 1) as events_per_seat
            from raw.accounts a
            left join churn using (account_id)
            left join raw.product_events e
                on e.account_id = a.account_id
                and cast(e.occurred_at as date) between coalesce(churn.churned_on, ?) - 60
                    and coalesce(churn.churned_on, ?)
            group by a.account_id, churned
        )
        select avg(case when churned then events_per_seat end),
               avg(case when not churned then events_per_seat end) from usage
        """,
        [END - dt.timedelta(days=120), END, END],
    ).fetchall()[0]
    assert churners < 0.7 * stayers


def test_parquet_export_writes_one_file_per_table(book, tmp_path):
    con, counts = book
    write_parquet(con, "raw", tmp_path)
    for table in RAW_TABLES:
        rows = duckdb.sql(f"select count(*) from '{tmp_path / (table + '.parquet')}'").fetchall()
        assert rows[0][0] == counts[table]


def book_figures(con, tables) -> dict[str, tuple]:
    """Per table: rows, then one exact integer per contract column (sums of epochs, days, cents,
    integers, booleans, or text lengths): any change to the generated rows moves one of them."""
    figures = {}
    for table in tables:
        parts = ["count(*)"]
        for column in CONTRACT[table]:
            parts.append({
                "timestamp": f"sum(epoch_ms({column.name}))",
                "date": f"sum(date_diff('day', date '1970-01-01', {column.name}))",
                "double": f"sum(cast(round({column.name} * 100) as bigint))",
                "integer": f"sum({column.name})",
                "boolean": f"sum(cast({column.name} as integer))",
            }.get(column.type, f"sum(length({column.name}))"))
        row = con.execute(f"select {', '.join(parts)} from raw.{table}").fetchone()
        figures[table] = tuple(None if v is None else int(v) for v in row)
    return figures


# The known-answer tests' book (tests/conftest.py): seed 3, 40 accounts x 120 days to 2026-06-30,
# with the default defect rate. These figures change only when the generated data changes: if
# you changed the generator on purpose, check the new book and update them deliberately.
SEED_3_FIGURES = {
    "accounts": (40, 280, 390, 246, 335, 567, 513, 21, 69399273600000, 59880728, 1200, 828455),
    "subscription_events": (479, 3353, 9722539, 3228, 263253406, 5534),
    "users": (908, 11804, 6356, 5581, 53, 1570757918400000, 56880547200000),
    "product_events": (17722, 95162, 123707, 230386, 241563, 31496969158606000, 6000007708400),
    "support_tickets": (274, 982, 1918, 487224057971000, 550, 1649, 481869015851000,
                        462378828508000, 61, 29, 395),
    "invoices": (141, 736, 989, 249874524000000, 2896261, 84667380, 228763396800000, 564, 10),
    "survey_responses": (67, 191, 469, 871, 119105673885000, 218, 38100),
    "onboarding_milestones": (175, 1225, 1960, 3517815, 265485481200000),
    "csm_assessments": (40, 280, 71111664000000, 108, 433358, 414, 576),
}


def test_the_seed_3_book_is_pinned():
    con = duckdb.connect()
    counts = generate(con, GeneratorConfig(accounts=40, days=120, seed=3, end_date=dt.date(2026, 6, 30)),
                      progress=False)
    assert {t: f[0] for t, f in SEED_3_FIGURES.items()} == counts
    assert book_figures(con, RAW_TABLES) == SEED_3_FIGURES


def test_the_raw_contract_marks_required_columns():
    assert RAW_TABLES[0] == "accounts" and len(RAW_TABLES) == 9
    assert required_columns("accounts") == ("account_id", "created_at")
    assert required_columns("product_events") == ("account_id", "event_name", "occurred_at")
    assert required_columns("invoices") == ("invoice_id", "account_id", "issued_at", "due_date")
    assert required_columns("survey_responses") == ("account_id", "responded_at", "score")
    assert columns("users") == ("user_id", "account_id", "role", "is_champion", "created_at",
                                "deactivated_at")
    with pytest.raises(ValueError, match="not a raw table"):
        required_columns("cs_action")
    # the generator still re-exports the contract for older imports
    from orchestration import sample_data
    assert sample_data.RAW_TABLES is RAW_TABLES
