"""The sample-data generator: reproducible, complete, and telling a causal story."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib

import duckdb
import pytest

from orchestration import PROJECT_DIR
from orchestration.catalog import tables_in
from orchestration.cli import main
from orchestration.raw_contract import CONTRACT, RAW_TABLES, columns, required_columns
from orchestration.sample_data import GeneratorConfig, crm, generate, write_parquet

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
    "product_events": (19501, 104725, 136146, 253513, 265912, 34664512692941000, 6600008435900),
    "support_tickets": (268, 958, 1876, 476539181778000, 535, 1615, 472966439106000,
                        453473965987000, 59, 26, 388),
    "invoices": (141, 736, 989, 249874524000000, 2896261, 84667380, 228763396800000, 564, 10),
    "survey_responses": (67, 191, 469, 871, 119105673885000, 218, 38100),
    "onboarding_milestones": (175, 1225, 1960, 3517815, 265485481200000),
    "csm_assessments": (40, 280, 71111664000000, 108, 433358, 414, 576),
    "cs_actions": (13, 104, 91, 23110543367000, 220, 31, 177),
}


def test_the_seed_3_book_is_pinned():
    con = duckdb.connect()
    counts = generate(con, GeneratorConfig(accounts=40, days=120, seed=3, end_date=dt.date(2026, 6, 30)),
                      progress=False)
    assert {t: f[0] for t, f in SEED_3_FIGURES.items()} == counts
    assert book_figures(con, RAW_TABLES) == SEED_3_FIGURES


# The same for a small crm book: seed 3, 30 accounts x 120 days to 2026-06-30, default defects.
CRM_SEED_3_FIGURES = {
    "accounts": (30, 330, 321, 216, 247, 397, 290, None, 51630717600000, 60309000, 779, 622976),
    "subscription_events": (64, 704, 1281891, 331, 163719000, 2035),
    "users": (617, 9255, 6787, 6280, 48, 1056815258400000, 39138120000000),
    "product_events": (184591, 1365184, 2025630, 2768865, 2183362, 328136299722291000, 57900034592100),
}


def test_the_crm_seed_3_book_is_pinned():
    con = duckdb.connect()
    counts = generate(con, GeneratorConfig(accounts=30, days=120, seed=3, end_date=dt.date(2026, 6, 30),
                                           profile="crm"), progress=False)
    assert book_figures(con, counts) == CRM_SEED_3_FIGURES


def test_the_raw_contract_marks_required_columns():
    assert RAW_TABLES[0] == "accounts" and len(RAW_TABLES) == 10
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


# ---- the crm profile: a book from another product -------------------------------------------

CRM_END = dt.date(2026, 3, 31)
CRM_DAYS = 420
CRM_START = CRM_END - dt.timedelta(days=CRM_DAYS - 1)


@pytest.fixture(scope="module")
def crm_book():
    con = duckdb.connect()
    counts = generate(con, GeneratorConfig(accounts=200, days=CRM_DAYS, seed=5, end_date=CRM_END,
                                           defect_rate=0, profile="crm"), progress=False)
    yield con, counts
    con.close()


def _events_per_active_user_month(con) -> float:
    """Events per user and calendar month, over the user-months with any event (whole months)."""
    return con.execute(
        """select avg(events) from (
               select user_id, date_trunc('month', occurred_at), count(*) as events
               from raw.product_events
               where occurred_at >= date_trunc('month', ?::date + 31)
                 and occurred_at < date_trunc('month', ?::date)
               group by all)""",
        [CRM_START, CRM_END],
    ).fetchall()[0][0]


def test_crm_writes_only_four_tables(crm_book):
    con, counts = crm_book
    assert list(counts) == ["accounts", "subscription_events", "users", "product_events"]
    assert all(rows > 0 for rows in counts.values())
    assert tables_in(con, "raw") == set(counts)
    assert counts["accounts"] == 200
    # the ids are the crm export's own, and every event's user is in the users table
    assert con.execute("""select count(*) from raw.product_events e
                          where not exists (select 1 from raw.users u where u.user_id = e.user_id)
                             or e.account_id not like 'acct_%'""").fetchall() == [(0,)]


def test_crm_replaces_an_analytics_book_in_the_same_schema():
    con = duckdb.connect()
    generate(con, GeneratorConfig(accounts=10, days=30, seed=1, end_date=CRM_END), progress=False)
    assert len(tables_in(con, "raw")) == 10
    generate(con, GeneratorConfig(accounts=10, days=30, seed=1, end_date=CRM_END, profile="crm"),
             progress=False)
    assert tables_in(con, "raw") == {"accounts", "subscription_events", "users", "product_events"}
    with pytest.raises(ValueError, match="unknown generator profile 'hr'"):
        GeneratorConfig(profile="hr")


def test_crm_vocabulary_is_its_own(crm_book):
    con, _ = crm_book
    names = {name for (name,) in con.execute("select distinct event_name from raw.product_events").fetchall()}
    assert names == set(crm.VOCABULARY)
    assert len(names) == 23
    assert len(set(crm.CORE_EVENTS) | set(crm.VALUE_EVENTS) | set(crm.OTHER_EVENTS)) == 23
    catalog = {row["event_name"] for row in csv.DictReader((PROJECT_DIR / "seeds" / "event_catalog.csv").open())}
    assert len(catalog) == 14 and not names & catalog
    # only import_contacts carries a quantity (contacts imported); other events have none
    quantities = dict(con.execute("""select event_name = 'import_contacts', count(quantity) > 0
                                     from raw.product_events group by 1""").fetchall())
    assert quantities == {True: True, False: False}


def test_crm_users_do_ten_times_the_analytics_users(crm_book):
    con, _ = crm_book
    analytics = duckdb.connect()
    generate(analytics, GeneratorConfig(accounts=200, days=CRM_DAYS, seed=5, end_date=CRM_END,
                                        defect_rate=0), progress=False)
    crm_rate, analytics_rate = _events_per_active_user_month(con), _events_per_active_user_month(analytics)
    # measured: about 82 events per active user-month against 7.0 (11.6 x)
    assert 60 < crm_rate < 110 and 5 < analytics_rate < 9
    assert 8 < crm_rate / analytics_rate < 16, (crm_rate, analytics_rate)


def test_crm_has_monthly_plans_renewing_in_place_and_annual_plans(crm_book):
    con, _ = crm_book
    rows = dict(con.execute(
        """select a.plan like '%monthly', count(s.account_id)
           from raw.accounts a left join raw.subscription_events s
               on s.account_id = a.account_id and s.change_type = 'renewal'
           group by 1""").fetchall())
    assert rows[True] == 0 and rows[False] > 50  # monthly: no renewal rows; annual: one a year
    plans = {plan for (plan,) in con.execute("select distinct plan from raw.accounts").fetchall()}
    assert {"starter_monthly", "pro_monthly", "pro_annual", "enterprise_annual"} <= plans


CRM_DECLINE = """
with churn as (
    select account_id, min(effective_date) as day from raw.subscription_events
    where change_type = 'churn' and effective_date >= ?::date + 112 group by 1
),
subjects as (
    select account_id, day, true as churned from churn
    union all
    select account_id, ?::date + 1, false from raw.accounts
    where account_id not in (select account_id from raw.subscription_events where change_type = 'churn')
),
kinds as (
    select unnest(?::varchar[]) as event_name, 'core' as kind
    union all select unnest(?::varchar[]), 'value'
    union all select unnest(?::varchar[]), 'other'
),
events as (
    select s.account_id, s.churned, s.day, k.kind, e.user_id, e.occurred_at, u.is_champion
    from subjects s
    join raw.product_events e on e.account_id = s.account_id
        and e.occurred_at >= s.day - 84 and e.occurred_at < s.day
    join kinds k using (event_name)
    join raw.users u on u.user_id = e.user_id
)
select
    churned,
    count(distinct account_id) as accounts,
    -- the last 28 days before the churn (or the end) against days 57-84 before it
    count(*) filter (kind = 'core' and occurred_at >= day - 28)
        / count(*) filter (kind = 'core' and occurred_at < day - 56) as core_ratio,
    count(*) filter (kind = 'value' and occurred_at >= day - 28)
        / count(*) filter (kind = 'value' and occurred_at < day - 56) as value_ratio,
    count(*) filter (kind = 'other' and occurred_at >= day - 28)
        / count(*) filter (kind = 'other' and occurred_at < day - 56) as other_ratio,
    count(distinct case when kind = 'core' and occurred_at >= day - 28 then user_id end)
        / count(distinct case when kind = 'core' and occurred_at < day - 56 then user_id end) as users_ratio,
    count(distinct case when kind = 'core' and is_champion and occurred_at >= day - 14 then account_id end)
        / count(distinct account_id) as champion_active_share
from events
group by churned
"""


def test_crm_churners_do_less_before_they_churn(crm_book):
    """Churn follows what users do: before a churn the work, the won deals, the active users and
    the champion's activity fall; the accounts that stay hold steady. Other events (edits,
    settings, cancellations) fall less: they are not what churn follows."""
    con, _ = crm_book
    rows = con.execute(CRM_DECLINE, [CRM_START, CRM_END, list(crm.CORE_EVENTS), list(crm.VALUE_EVENTS),
                                     list(crm.OTHER_EVENTS)]).fetchall()
    figures = {row[0]: row[1:] for row in rows}
    churners, stayers = figures[True], figures[False]
    # measured: 24 churners: core 0.57, value 0.52, other 0.79, users 0.68, champion active 0.33;
    # 172 stayers: 0.98, 0.99, 1.00, 0.98, 0.89
    assert churners[0] >= 15 and stayers[0] >= 150
    _, core, value, other, users, champion = churners
    assert core < 0.7 and value < 0.7 and users < 0.85
    assert other > core + 0.1
    _, s_core, s_value, s_other, s_users, s_champion = stayers
    assert all(0.9 < ratio < 1.1 for ratio in (s_core, s_value, s_other, s_users))
    assert champion < s_champion - 0.1


def test_crm_generate_command_writes_four_parquet_files(tmp_path):
    (tmp_path / "support_tickets.parquet").write_text("left from an older book")
    assert main(["generate", "--profile", "crm", "--accounts", "20", "--days", "60", "--seed", "2",
                 "--end-date", "2026-03-31", "--parquet", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "accounts.parquet", "product_events.parquet", "subscription_events.parquet", "users.parquet"]
    # the default defect rate applies to the four tables: e.g. an unknown event name
    names = duckdb.sql(f"select count(*) from '{tmp_path / 'product_events.parquet'}' "
                       "where event_name = 'legacy_ping'").fetchall()[0][0]
    assert names > 0


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
