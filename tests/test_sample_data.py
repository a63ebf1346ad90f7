"""The sample-data generator: reproducible, complete, and telling a causal story."""

from __future__ import annotations

import datetime as dt
import hashlib

import duckdb
import pytest

from orchestration.sample_data import RAW_TABLES, GeneratorConfig, generate, write_parquet

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


def test_all_ten_tables_are_generated(book):
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


def test_cs_plays_have_their_known_effect():
    """Usage plays add product activity from the day of the play on (events 'EP...'), support
    plays remove tickets after it, the relationship play changes nothing: what the impact
    mart must find (tests/test_close_the_loop.py)."""
    from orchestration.sample_data import PLAYS

    con = duckdb.connect()
    generate(con, GeneratorConfig(accounts=300, days=200, seed=4, end_date=END, defect_rate=0),
             progress=False)
    plays = dict(con.execute("select playbook, count(*) from raw.cs_actions group by 1").fetchall())
    assert set(plays) == {name for name, _, _ in PLAYS} and min(plays.values()) >= 3
    added = con.execute(
        """select a.playbook, count(*), min(datediff('day', a.action_at, e.occurred_at))
           from raw.product_events e join raw.cs_actions a using (account_id)
           where e.event_id like 'EP%' group by 1""").fetchall()
    assert [(p, n > 0, first >= 0) for p, n, first in added] == [("Re-engage usage", True, True)]
    # a support play's accounts open tickets at a fraction of their rate before the play; the
    # relationship play's accounts (also chosen at risk) do not
    start = END - dt.timedelta(days=199)
    rates = con.execute(
        """with per_action as (
               select a.playbook,
                      datediff('day', greatest(acc.created_at, cast(? as timestamp)), a.action_at) as days_before,
                      datediff('day', a.action_at + interval 14 day, cast(? as timestamp)) as days_after,
                      (select count(*) from raw.support_tickets t
                       where t.account_id = a.account_id and t.created_at < a.action_at) as before,
                      (select count(*) from raw.support_tickets t
                       where t.account_id = a.account_id and t.created_at >= a.action_at + interval 14 day) as after
               from raw.cs_actions a join raw.accounts acc using (account_id)
               where a.playbook in ('Resolve support friction', 'Repair the relationship'))
           select playbook, sum(before) / sum(days_before), sum(after) / sum(days_after)
           from per_action where before > 0 group by 1""", [start, END + dt.timedelta(days=1)]).fetchall()
    ratio = {p: after / before for p, before, after in rates}
    assert ratio["Resolve support friction"] < 0.5 * ratio["Repair the relationship"], ratio
