"""Build the same sample data on DuckDB and on another engine, compare the marts.

The models are the same files; only the profile target changes. The daily health fact
and the other day-grained marts (COMPARED) must match row for one: same keys, numbers equal
within a tolerance, text, dates and booleans (bands included) identical; the rows staging set
aside must be the same multiset.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from orchestration.dbt_runner import run_dbt
from orchestration.load_files import load_raw_files
from orchestration.quoting import literal, literal_path
from orchestration.sample_data import GeneratorConfig, generate

FACT = "fct_account_health_daily"
FACT_SQL = f"select * from marts.{FACT}"
REJECTED_COLUMNS = "source_table, row_key, reason, action, column_name"
REJECTED_SQL = f"select {REJECTED_COLUMNS} from staging.stg_raw__rejected_rows"
# Besides the fact: the day-grained marts built on it, each with its key columns.
COMPARED: dict[str, tuple[str, ...]] = {
    "health_metric_points": ("account_id", "score_date", "metric"),
    "health_alerts": ("account_id", "score_date", "alert_type"),
    "health_expansion_readiness": ("account_id", "score_date"),
    "health_parent_rollup": ("parent_account_id", "score_date"),
    "health_playbook_actions": ("action_key", "horizon_days"),
}
KEYS: dict[str, tuple[str, ...]] = {FACT: ("account_id", "score_date"), **COMPARED}


@dataclass
class Comparison:
    """DuckDB against another engine: the fact's rows (the fields below), the rows set aside,
    and every other compared mart (`marts`, one Comparison each)."""

    engine: str
    rows_duckdb: int = 0
    rows_other: int = 0
    missing_in_other: list = field(default_factory=list)
    extra_in_other: list = field(default_factory=list)
    mismatches: list = field(default_factory=list)  # (key, column, duckdb value, other value)
    rejected_duckdb: int = 0
    rejected_differences: list = field(default_factory=list)  # rejected rows on one side only
    max_abs_diff: float = 0.0
    seconds: dict = field(default_factory=dict)
    table: str = FACT
    marts: dict = field(default_factory=dict)  # mart -> Comparison of its rows

    @property
    def rows_ok(self) -> bool:
        return not self.missing_in_other and not self.extra_in_other and not self.mismatches

    @property
    def ok(self) -> bool:
        return (self.rows_duckdb > 0 and self.rows_ok and not self.rejected_differences
                and all(mart.rows_ok for mart in self.marts.values()))

    def report(self) -> str:
        lines = [
            f"DuckDB vs {self.engine}: {self.rows_duckdb:,} rows vs {self.rows_other:,} rows of "
            f"marts.{FACT}",
            f"  missing on {self.engine}: {len(self.missing_in_other)}, extra on {self.engine}: "
            f"{len(self.extra_in_other)}, differing values: {len(self.mismatches)}, "
            f"largest numeric difference: {self.max_abs_diff:.3g}",
            f"  rows set aside by staging: {self.rejected_duckdb:,} on DuckDB, "
            f"{len(self.rejected_differences)} differing on {self.engine}",
        ]
        for name, mart in self.marts.items():
            lines.append(
                f"  marts.{name}: {mart.rows_duckdb:,} vs {mart.rows_other:,} rows, missing "
                f"{len(mart.missing_in_other)}, extra {len(mart.extra_in_other)}, differing values "
                f"{len(mart.mismatches)}, largest numeric difference {mart.max_abs_diff:.3g}")
        lines.append("  time: " + ", ".join(f"{k} {v:.1f}s" for k, v in self.seconds.items()))
        for table, found in [(FACT, self), *self.marts.items()]:
            for key, column, left, right in found.mismatches[:10]:
                lines.append(f"  {table} {key} {column}: duckdb={left!r} {self.engine}={right!r}")
        lines.append("  RESULT: " + ("identical within tolerance" if self.ok else "DIFFERENT"))
        return "\n".join(lines)


def compare_rows(engine: str, duck_rows: list[dict], other_rows: list[dict],
                 tolerance: float = 1e-6, key_columns: tuple[str, ...] = KEYS[FACT],
                 table: str = FACT) -> Comparison:
    """Row for row on the key columns: numbers within `tolerance` (or 1e-9 relative), every
    other value equal."""
    result = Comparison(engine, len(duck_rows), len(other_rows), table=table)

    def key(row: dict) -> tuple:
        return tuple(row[column] for column in key_columns)

    left = {key(r): r for r in duck_rows}
    right = {key(r): r for r in other_rows}
    result.missing_in_other = sorted(set(left) - set(right))
    result.extra_in_other = sorted(set(right) - set(left))
    for k in sorted(set(left) & set(right)):
        a, b = left[k], right[k]
        for column, x in a.items():
            y = b.get(column)
            if isinstance(x, float) or isinstance(y, float):
                if x is None or y is None:
                    same = x is None and y is None
                else:
                    diff = abs(float(x) - float(y))
                    result.max_abs_diff = max(result.max_abs_diff, diff)
                    same = diff <= tolerance or math.isclose(float(x), float(y), rel_tol=1e-9)
            else:
                same = x == y
            if not same:
                result.mismatches.append((k, column, x, y))
    return result


def _multiset_difference(left: list[dict], right: list[dict]) -> list:
    from collections import Counter

    a = Counter(tuple(r.values()) for r in left)
    b = Counter(tuple(r.values()) for r in right)
    return sorted(((a - b) + (b - a)).elements(), key=repr)


def _rows(cursor, sql: str) -> list[dict]:
    cursor.execute(sql)
    names = [d[0] for d in cursor.description]
    out = []
    for values in cursor.fetchall():
        row = {}
        for name, value in zip(names, values, strict=True):
            if hasattr(value, "is_finite"):  # Decimal
                value = float(value)
            if isinstance(value, dt.datetime):
                value = value.replace(tzinfo=None)
            row[name] = value
        out.append(row)
    return out


Fetch = Callable[[], dict[str, list[dict]]]  # "fact", "rejected" and each COMPARED mart -> rows


def _queries() -> dict[str, str]:
    return {"fact": FACT_SQL, "rejected": REJECTED_SQL,
            **{name: f"select * from marts.{name}" for name in COMPARED}}


@contextlib.contextmanager
def _postgres_engine(raw_duckdb: Path) -> Iterator[tuple[dict, Fetch]]:
    from orchestration.engines.postgres import load_raw_from_duckdb, throwaway_postgres

    with throwaway_postgres() as server:
        load_raw_from_duckdb(raw_duckdb, server)

        def fetch() -> dict[str, list[dict]]:
            with contextlib.closing(server.connect()) as con:
                return {name: _rows(con.cursor(), sql) for name, sql in _queries().items()}

        yield {**server.env(), "HEALTH_TARGET": "postgres"}, fetch


@contextlib.contextmanager
def _spark_engine(raw_duckdb: Path) -> Iterator[tuple[dict, Fetch]]:
    from orchestration.engines.spark import run_in_subprocess, spark_env, throwaway_spark

    with throwaway_spark() as root:
        run_in_subprocess("load", str(root), str(raw_duckdb))

        def fetch() -> dict[str, list[dict]]:
            out = root / "export"
            run_in_subprocess("export", str(root), str(out))
            literal_path(out)  # the folder itself must hold no pattern character
            found: dict[str, list[dict]] = {}
            with duckdb.connect() as con:
                for name in ("fact", *COMPARED):
                    found[name] = _rows(con.cursor(), f"select * from read_parquet({_parts(out / name)})")
                found["rejected"] = _rows(con.cursor(), f"select {REJECTED_COLUMNS} "
                                          f"from read_parquet({_parts(out / 'rejected')})")
            return found

        yield spark_env(root), fetch


def _parts(folder: Path) -> str:
    """The Parquet part files Spark wrote into `folder`, as a DuckDB pattern literal."""
    return literal(f"{folder.as_posix()}/*.parquet")


ENGINES = {"postgres": _postgres_engine, "spark": _spark_engine}


def compare_engine(engine: str, accounts: int = 200, days: int = 90, seed: int = 42,
                   scored_days: int = 30, workdir: Path | None = None,
                   raw_folder: Path | None = None, dbt_vars: dict | None = None) -> Comparison:
    """Build the same raw data on DuckDB and on `engine`, and compare the results.

    The raw data is a generated book ending 2026-06-30 whose last `scored_days` days are scored,
    or, with raw_folder, a folder of raw files (scored with `dbt_vars`).
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; choose from {sorted(ENGINES)}")
    end = dt.date(2026, 6, 30)
    if dbt_vars is None:
        dbt_vars = {
            "score_start_date": (end - dt.timedelta(days=scored_days - 1)).isoformat(),
            "score_end_date": end.isoformat(),
            "load_date": (end + dt.timedelta(days=1)).isoformat(),
        }
    workdir = Path(workdir or tempfile.mkdtemp(prefix="health-compare-"))
    seconds: dict[str, float] = {}
    duck_path = workdir / "duckdb" / "health.duckdb"
    duck_path.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with duckdb.connect(str(duck_path)) as con:
        if raw_folder:
            load_raw_files(con, Path(raw_folder))
        else:
            generate(con, GeneratorConfig(accounts=accounts, days=days, seed=seed, end_date=end),
                     progress=False)
    seconds["raw data"] = time.monotonic() - started

    started = time.monotonic()
    run_dbt(["build"], dbt_vars=dbt_vars, database=duck_path, quiet=True)
    seconds["duckdb build"] = time.monotonic() - started
    with duckdb.connect(str(duck_path), read_only=True) as con:
        duck = {name: _rows(con.cursor(), sql) for name, sql in _queries().items()}

    started = time.monotonic()
    with ENGINES[engine](duck_path) as (env, fetch):
        seconds[f"{engine} start + load"] = time.monotonic() - started
        started = time.monotonic()
        run_dbt(["build"], dbt_vars=dbt_vars, artefacts=workdir / engine, extra_env=env,
                quiet=True)
        seconds[f"{engine} build"] = time.monotonic() - started
        other = fetch()
    result = compare_rows(engine, duck["fact"], other["fact"])
    result.rejected_duckdb = len(duck["rejected"])
    result.rejected_differences = _multiset_difference(duck["rejected"], other["rejected"])
    result.marts = {name: compare_rows(engine, duck[name], other[name], key_columns=keys, table=name)
                    for name, keys in COMPARED.items()}
    result.seconds = seconds
    return result
