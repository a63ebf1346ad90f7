"""The daily history is incremental, idempotent and picks up late data."""

from __future__ import annotations

import csv
import datetime as dt
import random
import shutil
from pathlib import Path

import duckdb
import pytest

from orchestration.dbt_runner import run_dbt
from orchestration.defects import respell_time
from orchestration.load_files import load_raw_files
from orchestration.sample_data import RAW_TABLES, GeneratorConfig, generate

END = dt.date(2026, 6, 30)
FACT = "marts.fct_account_health_daily"


def day(n: int) -> str:
    """END - n days, as YYYY-MM-DD."""
    return (END - dt.timedelta(days=n)).isoformat()


@pytest.fixture(scope="module")
def raw_book(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("raw") / "book.duckdb"
    with duckdb.connect(str(path)) as con:
        generate(con, GeneratorConfig(accounts=30, days=90, seed=9, end_date=END, defect_rate=0),
                 progress=False)
        # a small book may draw no child account: give it a two-level family so the parent marts
        # are compared on rows (the second and third account under the first, the fourth under
        # the second, which rolls up to the first)
        ids = [r[0] for r in con.execute("select account_id from raw.accounts order by account_id limit 4").fetchall()]
        con.execute("update raw.accounts set parent_account_id = null")
        for child, parent in ((ids[1], ids[0]), (ids[2], ids[0]), (ids[3], ids[1])):
            con.execute("update raw.accounts set parent_account_id = ? where account_id = ?", [parent, child])
    return path


@pytest.fixture()
def warehouse(raw_book, tmp_path) -> Path:
    path = tmp_path / "health.duckdb"
    shutil.copy(raw_book, path)
    return path


DAILY_MARTS = ("fct_account_health_daily", "health_alerts", "health_portfolio_summary",
               "health_component_drag", "health_metric_points", "health_expansion_readiness",
               "health_parent_rollup", "health_parent_bands")


def score(path: Path, start: str | None, end: str, *, marts=("fct_account_health_daily",),
          full_refresh: bool = False) -> None:
    dbt_vars = {"score_end_date": end, "load_date": day(-1)}
    if start:
        dbt_vars["score_start_date"] = start
    args = ["build", "--select", *(f"+{m}" for m in marts), "--exclude", "resource_type:test",
            "resource_type:unit_test"]
    run_dbt(args + (["--full-refresh"] if full_refresh else []), dbt_vars=dbt_vars,
            database=path, quiet=True)


def compiled_events(path: Path) -> str:
    """The SQL the last dbt run built base_raw__product_events with."""
    return (path.parent / "target" / "compiled" / "account_health" / "models" / "staging" / "raw" /
            "base" / "base_raw__product_events.sql").read_text()


def table(path: Path, name: str) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(f"select * from marts.{name} order by all").fetchall()


def rows(path: Path, where: str = "true") -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(
            f"select * from {FACT} where {where} order by account_id, score_date"
        ).fetchall()


def test_rerunning_a_range_replaces_exactly_those_days(warehouse):
    score(warehouse, day(9), day(5))
    first = rows(warehouse)
    untouched = rows(warehouse, f"score_date < '{day(6)}'")
    assert {r[1] for r in first} == {END - dt.timedelta(days=n) for n in range(5, 10)}

    score(warehouse, day(6), day(0))  # overlaps day(6) and day(5)
    after = rows(warehouse)
    keys = [(r[0], r[1]) for r in after]
    assert len(keys) == len(set(keys)), "a day was duplicated"
    assert {r[1] for r in after} == {END - dt.timedelta(days=n) for n in range(0, 10)}
    assert rows(warehouse, f"score_date < '{day(6)}'") == untouched  # outside the range: as was

    score(warehouse, day(6), day(0))  # the same run again changes nothing
    assert rows(warehouse) == after
    # a daily run reads only its days' raw events, on the stored timestamp (row groups skipped)
    assert (f'where "occurred_at" >= cast(\'{day(7)}\' as timestamp) and "occurred_at" < '
            f"cast('{day(-2)}' as timestamp)") in compiled_events(warehouse)


def test_late_data_within_the_lookback_is_picked_up(warehouse):
    score(warehouse, day(9), day(0))
    with duckdb.connect(str(warehouse)) as con:
        account = con.execute(
            f"""select account_id from {FACT} where score_date = '{day(5)}'
                intersect select account_id from {FACT} where score_date = '{day(0)}'
                order by 1 limit 1"""
        ).fetchall()[0][0]
    before_2 = rows(warehouse, f"account_id = '{account}' and score_date = '{day(2)}'")
    before_5 = rows(warehouse, f"account_id = '{account}' and score_date = '{day(5)}'")

    # events for day(2) and day(5) arrive late, after both days were scored
    with duckdb.connect(str(warehouse)) as con:
        for n in (2, 5):
            con.execute(
                f"""insert into raw.product_events
                    select 'LATE-{n}-' || i, '{account}', null, 'workflow_run',
                           timestamp '{day(n)} 12:00:00', 40
                    from range(25) as t(i)"""
            )

    score(warehouse, None, day(0))  # the daily run: day(0) and the 2-day lookback
    after_2 = rows(warehouse, f"account_id = '{account}' and score_date = '{day(2)}'")
    after_5 = rows(warehouse, f"account_id = '{account}' and score_date = '{day(5)}'")
    assert after_2 != before_2, "late data inside the lookback was not picked up"
    assert after_5 == before_5, "a day outside the lookback was re-scored"
    with duckdb.connect(str(warehouse), read_only=True) as con:
        usage = con.execute(
            """select score_date, usage_core_actions_per_active_user
               from intermediate.int_component__usage where account_id = ? order by score_date""",
            [account],
        ).fetchall()
    assert [d for d, _ in usage] == [END - dt.timedelta(days=n) for n in (2, 1, 0)]


def test_incremental_runs_equal_one_full_build(raw_book, tmp_path):
    """Two overlapping incremental runs give exactly what one full build of the range gives,
    for every day-grained mart (alerts read the days before a run for their peaks)."""
    incremental, full = tmp_path / "incremental.duckdb", tmp_path / "full.duckdb"
    shutil.copy(raw_book, incremental)
    shutil.copy(raw_book, full)
    score(incremental, day(9), day(5), marts=DAILY_MARTS)
    score(incremental, day(6), day(0), marts=DAILY_MARTS)
    score(full, day(9), day(0), marts=DAILY_MARTS, full_refresh=True)
    for name in DAILY_MARTS:
        built_in_steps, built_at_once = table(incremental, name), table(full, name)
        assert len(built_in_steps) > 0, name
        if name == "health_parent_rollup":  # one parent, every day of the range
            assert len(built_in_steps) == 10, built_in_steps
        assert built_in_steps == built_at_once, name


def test_the_fact_refuses_to_score_a_window_its_working_tables_were_not_built_for(warehouse):
    """An orchestrator that rebuilds the daily fact alone, for other days than the intermediate
    tables hold, must fail loudly rather than delete those days and insert nothing."""
    score(warehouse, day(3), day(0))
    before = rows(warehouse)
    proc = run_dbt(["run", "--select", "fct_account_health_daily"], database=warehouse, quiet=True, check=False,
                   dbt_vars={"score_start_date": day(1), "score_end_date": day(0), "load_date": day(-1)})
    assert proc.returncode != 0
    assert f"int_health__score_dates holds {day(3)} to {day(0)} but this run scores {day(1)} to {day(0)}" in proc.stdout
    assert rows(warehouse) == before


@pytest.fixture(scope="module")
def text_book(raw_book, tmp_path_factory) -> Path:
    """The same book delivered as files: product events as CSV text whose timestamps are spelled
    every valid way (single-digit month and day, surrounding spaces, ISO T, Z, offsets,
    fractions), the other tables as Parquet; loaded with the file loader."""
    folder = tmp_path_factory.mktemp("text_files")
    rng = random.Random(3)
    with duckdb.connect(str(raw_book), read_only=True) as con:
        for table in RAW_TABLES:
            if table != "product_events":
                con.execute(f"copy raw.{table} to '{folder / table}.parquet' (format parquet)")
        events = con.execute("select event_id, account_id, user_id, event_name, occurred_at, quantity "
                             "from raw.product_events").fetchall()
    with open(folder / "product_events.csv", "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["event_id", "account_id", "user_id", "event_name", "occurred_at", "quantity"])
        for event_id, account, user, name, occurred, quantity in events:
            writer.writerow([event_id, account, user, name, respell_time(occurred, rng), quantity])
    path = tmp_path_factory.mktemp("text") / "book.duckdb"
    with duckdb.connect(str(path)) as con:
        load_raw_files(con, folder)
        spellings = con.execute(
            """select count(*) filter (where occurred_at like '% %:%' and occurred_at not like ' %'
                                          and occurred_at not like '%+%' and occurred_at not like '%.%'),
                      count(*) filter (where occurred_at like ' %'),
                      count(*) filter (where occurred_at like '%-_-%' or occurred_at like '%-_ %'),
                      count(*) filter (where occurred_at like '%Z'),
                      count(*) filter (where occurred_at like '%+02:00' or occurred_at like '%-05:00')
               from raw.product_events""").fetchone()
    assert all(n > 100 for n in spellings), spellings  # every spelling is really there
    return path


def test_daily_runs_on_text_timestamps_read_what_a_full_build_reads(text_book, tmp_path):
    """A chain of daily runs reads the raw events of its days on the parsed timestamp, so an event
    spelled '2026-6-28 10:00:00' or ' 2026-06-28 10:00:00' (which a comparison of the text with
    '2026-06-27' would leave out) is scored by the daily run exactly as by the full build."""
    chain, full = tmp_path / "chain.duckdb", tmp_path / "full.duckdb"
    shutil.copy(text_book, chain)
    shutil.copy(text_book, full)
    score(full, day(5), day(0), marts=DAILY_MARTS, full_refresh=True)
    score(chain, day(5), day(3), marts=DAILY_MARTS, full_refresh=True)
    for n in (2, 1, 0):  # the daily schedule: one day and the late-data lookback before it
        score(chain, None, day(n), marts=DAILY_MARTS)
    for name in DAILY_MARTS:
        built_daily, built_at_once = table(chain, name), table(full, name)
        assert len(built_at_once) > 0, name
        assert built_daily == built_at_once, name
    with duckdb.connect(str(chain), read_only=True) as con:
        staged = con.execute("select count(*) from staging.stg_raw__product_events "
                             f"where occurred_date between '{day(4)}' and '{day(0)}'").fetchone()[0]
    with duckdb.connect(str(text_book), read_only=True) as con:
        con.execute("set TimeZone = 'UTC'")
        parsed, by_text = con.execute(
            f"""select count(*), count(*) filter (where occurred_at >= '{day(4)}' and occurred_at < '{day(-1)}')
                from raw.product_events
                where cast(trim(occurred_at) as timestamptz)::date between '{day(4)}' and '{day(0)}'""").fetchone()
    assert staged == parsed > 1000
    assert by_text < parsed * 0.9  # comparing the text would have lost these days' events
    # the daily filter parses the text (on a typed column it reads the stored column: see above)
    assert 'where case when lower(trim(cast("occurred_at" as TEXT)))' in compiled_events(chain)
