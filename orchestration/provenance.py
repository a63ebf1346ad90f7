"""Where the raw data in the warehouse came from, so sample data never overwrites real data.

The origin is recorded in `health_meta.raw_origin` of the warehouse (a schema of its own: not a
raw-contract table, so staging never reads it), one row, written by the tools that write
schema raw:

- `generated`: the bundled sample-data generator (`generate`, `run` in its default mode);
- `files`: a folder of CSV/Parquet files (`load-files`, `run --from-files`).

Raw tables without that row were put there by something else (the team's own pipeline): their
origin is `warehouse`. Generating sample data replaces the raw tables, so it is refused unless
they are empty or were generated, or the operator says `--replace-raw`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import duckdb

from orchestration.catalog import tables_in
from orchestration.load_files import LoadResult, load_raw_files
from orchestration.raw_contract import RAW_TABLES

META_SCHEMA = "health_meta"
ORIGIN_TABLE = f"{META_SCHEMA}.raw_origin"
ORIGINS = ("generated", "files", "warehouse")


class RawDataProtected(ValueError):
    """Generating sample data would replace raw data that was not generated."""


@dataclass(frozen=True)
class RawOrigin:
    origin: str  # generated | files | warehouse
    detail: str
    written_at: str  # ISO time, empty when unknown

    def describe(self) -> str:
        when = f", written {self.written_at}" if self.written_at else ""
        return f"{self.origin} ({self.detail}{when})"


def raw_origin(con: duckdb.DuckDBPyConnection, schema: str = "raw") -> RawOrigin | None:
    """Where the raw tables came from; None when schema raw holds no raw-contract table."""
    present = set(RAW_TABLES) & tables_in(con, schema)
    if not present:
        return None
    if "raw_origin" in tables_in(con, META_SCHEMA):
        rows = con.execute(
            f"select origin, detail, cast(written_at as varchar) from {ORIGIN_TABLE} "
            "order by written_at desc limit 1").fetchall()
        if rows:
            return RawOrigin(*rows[0])
    return RawOrigin("warehouse", f"{len(present)} raw tables not written by account-health", "")


def mark_raw_origin(con: duckdb.DuckDBPyConnection, origin: str, detail: str) -> None:
    """Record where the raw tables now come from (replaces the previous record)."""
    if origin not in ORIGINS:
        raise ValueError(f"unknown raw data origin {origin!r}: one of {', '.join(ORIGINS)}")
    con.execute(f"create schema if not exists {META_SCHEMA}")
    con.execute(f"create or replace table {ORIGIN_TABLE} "
                "(origin varchar, detail varchar, written_at timestamp)")
    con.execute(f"insert into {ORIGIN_TABLE} values (?, ?, ?)",
                [origin, detail, dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)])


def check_generate_allowed(con: duckdb.DuckDBPyConnection, *, replace_raw: bool, where: str) -> None:
    """Refuse to replace raw data that was not generated, unless replace_raw."""
    current = raw_origin(con)
    if replace_raw or current is None or current.origin == "generated":
        return
    raise RawDataProtected(
        f"schema raw of {where} holds raw data from {current.describe()}; generating sample data "
        "would replace it. Use another warehouse (HEALTH_DUCKDB_PATH), or pass --replace-raw "
        "(raw config replace_raw: true in Dagster) to replace it deliberately"
    )


def load_files_marked(con: duckdb.DuckDBPyConnection, folder: Path, **load_options) -> LoadResult:
    """Load a folder of raw files into schema raw and record the origin `files`. The record is
    written first (a load killed half-way leaves raw data that must not pass for generated data)
    and put back as it was when the load fails with an error."""
    before = raw_origin(con)
    had_record = "raw_origin" in tables_in(con, META_SCHEMA)
    mark_raw_origin(con, "files", f"files in {Path(folder).resolve()}")
    try:
        return load_raw_files(con, Path(folder), **load_options)
    except BaseException:
        if before is not None and had_record:
            mark_raw_origin(con, before.origin, before.detail)
        else:
            con.execute(f"drop table if exists {ORIGIN_TABLE}")
        raise
