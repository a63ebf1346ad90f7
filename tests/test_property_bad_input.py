"""The bad-input property: a clean book and the same book with seeded random defects of every
class (orchestration/defects.py) score the same daily fact for every account, the build passes
and publishes, and per table every delivered row or line is staged or set aside, exactly as many
as were injected.

`make test` runs two seeds on a small book (one delivered as CSV, one as Parquet); `make soak`
runs more seeds on a larger book and prints the counts per defect class and table. The seeds,
book size and defects per class come from HEALTH_PROPERTY_SEEDS, HEALTH_PROPERTY_ACCOUNTS,
HEALTH_PROPERTY_DAYS and HEALTH_PROPERTY_PER_CLASS.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from orchestration.dbt_runner import run_dbt
from orchestration.defects import Injection, inject
from orchestration.load_files import load_raw_files
from orchestration.publish import publish
from orchestration.sample_data import RAW_TABLES, GeneratorConfig, generate

END = dt.date(2026, 6, 30)
LOAD_DATE = END + dt.timedelta(days=1)
SEEDS = [int(s) for s in os.environ.get("HEALTH_PROPERTY_SEEDS", "101,202").split(",")]
ACCOUNTS = int(os.environ.get("HEALTH_PROPERTY_ACCOUNTS", "40"))
DAYS = int(os.environ.get("HEALTH_PROPERTY_DAYS", "60"))
PER_CLASS = int(os.environ.get("HEALTH_PROPERTY_PER_CLASS", "3"))
DELIVERIES = ("csv", "parquet", "mixed")
CASES = [(seed, DELIVERIES[i % (2 if len(SEEDS) <= 2 else 3)]) for i, seed in enumerate(SEEDS)]
VARS = {"score_start_date": (END - dt.timedelta(days=13)).isoformat(),
        "score_end_date": END.isoformat(), "load_date": LOAD_DATE.isoformat()}
FACT = "select * from marts.fct_account_health_daily order by account_id, score_date"
SET_ASIDE = """select source_table, action, count(*) from staging.stg_raw__rejected_rows
               group by source_table, action"""


def build(path: Path) -> str:
    """dbt build (models and data tests; the unit tests do not depend on the data)."""
    proc = run_dbt(["build", "--exclude", "resource_type:unit_test"], dbt_vars=VARS,
                   database=path, quiet=True, check=False)
    assert proc.returncode == 0, proc.stdout[-3000:]
    return proc.stdout


def staged_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return {t: con.execute(f"select count(*) from staging.stg_raw__{t}").fetchone()[0] for t in RAW_TABLES}


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> dict:
    """A clean generated book (no defects), built once: its fact, staged rows and set-asides."""
    path = tmp_path_factory.mktemp("clean") / "health.duckdb"
    with duckdb.connect(str(path)) as con:
        generate(con, GeneratorConfig(accounts=ACCOUNTS, days=DAYS, seed=7, end_date=END, defect_rate=0),
                 progress=False)
    build(path)
    with duckdb.connect(str(path), read_only=True) as con:
        return {"path": path, "fact": con.execute(FACT).fetchall(), "staged": staged_counts(con),
                "set_aside": Counter({(t, a): n for t, a, n in con.execute(SET_ASIDE).fetchall()})}


@pytest.fixture(scope="module")
def totals():
    """Counts per defect class and table over every seed, printed at the end (make soak)."""
    found = Injection(seed=0)
    yield found
    print(f"\nAll seeds ({', '.join(map(str, SEEDS))}; {ACCOUNTS} accounts x {DAYS} days, up to "
          f"{PER_CLASS} per class):\n{found.table()}")


@pytest.mark.parametrize(("seed", "delivery"), CASES, ids=[f"seed{s}-{d}" for s, d in CASES])
def test_defects_of_every_class_change_nothing_valid(clean, totals, tmp_path, seed, delivery):
    folder = tmp_path / "delivery"
    with duckdb.connect(str(clean["path"]), read_only=True) as con:
        injection = inject(con, folder, seed=seed, load_date=LOAD_DATE, delivery=delivery,
                           per_class=PER_CLASS)
    totals.counts.update(injection.counts)
    print(f"\nseed {seed}, {delivery} delivery:\n{injection.table()}")
    classes = {name for name, _ in injection.counts}
    every_delivery = {
        "duplicate_row", "null_key", "unknown_account", "unparseable_timestamp", "timestamp_word",
        "year_out_of_range", "in_future", "before_account_created", "unknown_enum_value",
        "absurd_required_number", "unparseable_required_number", "respelled_timestamp",
        "respelled_number", "respelled_boolean", "respelled_enum_value", "absurd_optional_number",
        "unparseable_optional_value"}
    csv_only = {"ragged_line", "bad_quoting", "bad_encoding", "stray_carriage_return", "csv_file_format"}
    assert every_delivery <= classes
    assert (csv_only <= classes) == (delivery != "parquet")
    assert all((name, t) in injection.counts for name in ("duplicate_row", "null_key") for t in RAW_TABLES)

    warehouse = tmp_path / "health.duckdb"
    with duckdb.connect(str(warehouse)) as con:
        loaded = load_raw_files(con, folder)
    for table, expected in injection.expected.items():
        got = loaded.tables[table]
        assert (got.rows, got.data_lines, got.set_aside) == (
            expected.raw_rows, expected.data_lines, expected.not_loaded), table

    build(warehouse)
    publication = publish(warehouse, tmp_path / "published")
    assert publication.row_counts["marts.fct_account_health_daily"] == len(clean["fact"]) > ACCOUNTS

    with duckdb.connect(str(warehouse), read_only=True) as con:
        fact = con.execute(FACT).fetchall()
        staged = staged_counts(con)
        set_aside = Counter({(t, a): n for t, a, n in con.execute(SET_ASIDE).fetchall()})
        raw_rows = {t: con.execute(f"select count(*) from raw.{t}").fetchone()[0] for t in RAW_TABLES}
    for table, expected in injection.expected.items():
        rejected = set_aside[(table, "rejected")]
        assert staged[table] == clean["staged"][table], table  # nothing valid lost or added
        assert rejected == clean["set_aside"][(table, "rejected")] + expected.added_rows, table
        assert set_aside[(table, "repaired")] == clean["set_aside"][(table, "repaired")] + expected.repaired, table
        assert set_aside[(table, "not_loaded")] == expected.not_loaded, table
        assert raw_rows[table] == staged[table] + rejected, table
        if expected.data_lines is not None:
            lines = staged[table] + rejected + expected.extra_lines + set_aside[(table, "not_loaded")]
            assert lines == expected.data_lines, table
    assert fact == clean["fact"]  # row for row, every column, every account and day
