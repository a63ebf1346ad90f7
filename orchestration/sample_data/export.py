"""Export generated raw tables as Parquet files, one per table."""

from __future__ import annotations

from pathlib import Path

import duckdb

from orchestration.catalog import tables_in
from orchestration.quoting import identifier, literal
from orchestration.raw_contract import RAW_TABLES


def write_parquet(con: duckdb.DuckDBPyConnection, schema: str, folder: Path) -> list[Path]:
    """Export every raw table of `schema` to `folder/<table>.parquet`. A table the book does not
    have gets no file (a missing table): an older `<table>.parquet` left in the folder is removed,
    so the folder holds one book. Returns the files written."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    present = tables_in(con, schema)
    written = []
    for table in RAW_TABLES:
        if table not in present:
            (folder / f"{table}.parquet").unlink(missing_ok=True)
            continue
        target = folder / f"{table}.parquet"
        con.execute(f"copy {identifier(schema)}.{identifier(table)} to {literal(target.as_posix())} "
                    "(format parquet)")
        written.append(target)
    return written
