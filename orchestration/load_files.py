"""Load a folder of raw files (one CSV or Parquet file per raw table) into the warehouse.

`accounts.csv` or `accounts.parquet` becomes table raw.accounts, and so on for the ten tables of
the raw contract. A table without a file is left out (its components are "not configured"),
never zero. CSV columns are read as text: staging types them and sets aside what does not parse.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from orchestration.sample_data import RAW_TABLES


def find_raw_files(folder: Path) -> dict[str, Path]:
    """Map raw table name -> file for the tables that have a file in `folder`."""
    found: dict[str, Path] = {}
    for table in RAW_TABLES:
        for suffix in (".parquet", ".csv", ".csv.gz"):
            candidate = folder / f"{table}{suffix}"
            if candidate.exists():
                found[table] = candidate
                break
    return found


def load_raw_files(con: duckdb.DuckDBPyConnection, folder: Path, schema: str = "raw") -> dict:
    """Replace `schema` with one table per file in `folder`. Returns {table: rows}."""
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"raw data folder not found: {folder}")
    files = find_raw_files(folder)
    if "accounts" not in files:
        raise FileNotFoundError(
            f"{folder} has no accounts.csv or accounts.parquet: accounts is the one required table"
        )
    con.execute(f"drop schema if exists {schema} cascade")
    con.execute(f"create schema {schema}")
    counts = {}
    for table, path in files.items():
        location = path.as_posix().replace("'", "''")
        if path.suffix == ".parquet":
            reader = f"read_parquet('{location}')"
        else:
            reader = f"read_csv('{location}', header = true, all_varchar = true)"
        con.execute(f"create table {schema}.{table} as select * from {reader}")
        counts[table] = con.execute(f"select count(*) from {schema}.{table}").fetchall()[0][0]
    return counts
