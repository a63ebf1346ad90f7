"""Writes generated NumPy columns into raw tables, formatting keys and timestamps in DuckDB SQL.

Generators produce integers (account and user numbers, seconds or days since 1970); the SQL
fragments below turn them into the raw contract's ids, timestamps and dates on insert, so no
Python loop formats a string per row.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pyarrow as pa

from orchestration.quoting import identifier
from orchestration.raw_contract import RAW_DDL


def create_raw_tables(con: duckdb.DuckDBPyConnection, schema: str, tables: tuple[str, ...]) -> None:
    """Create (or replace) empty raw tables with the contract's columns; drop the other raw
    tables, so a profile that writes fewer tables leaves them missing, not stale."""
    con.execute(f"create schema if not exists {identifier(schema)}")
    for table in RAW_DDL:
        target = f"{identifier(schema)}.{identifier(table)}"
        if table in tables:
            con.execute(f"create or replace table {target} ({RAW_DDL[table]})")
        else:
            con.execute(f"drop table if exists {target}")


class RawWriter:
    """Appends NumPy column dicts to raw tables through Arrow."""

    def __init__(self, con: duckdb.DuckDBPyConnection, schema: str) -> None:
        self.con = con
        self.schema = schema

    def append(self, table: str, columns: dict[str, np.ndarray | pa.Array], select_sql: str) -> None:
        """Insert `select_sql` (which reads the columns from `{src}`) into the table. A column may
        be an Arrow array already (e.g. dictionary-encoded names: far smaller than NumPy text)."""
        if len(next(iter(columns.values()))) == 0:
            return
        arrow = pa.table({k: v if isinstance(v, pa.Array) else pa.array(v, from_pandas=True)
                          for k, v in columns.items()})
        self.con.register("_chunk", arrow)
        target = f"{identifier(self.schema)}.{identifier(table)}"
        self.con.execute(f"insert into {target} {select_sql.format(src='_chunk')}")
        self.con.unregister("_chunk")


def account_key(column: str) -> str:
    """Account number -> 'A000042'."""
    return f"'A' || lpad(cast({column} as varchar), 6, '0')"


def user_key(account_column: str, user_column: str) -> str:
    """Account and user number -> 'A000042-U0007'."""
    return f"{account_key(account_column)} || '-U' || lpad(cast({user_column} as varchar), 4, '0')"


def timestamp(column: str) -> str:
    """Seconds since 1970 -> timestamp."""
    return f"epoch_ms(cast({column} as bigint) * 1000)"


def date(column: str) -> str:
    """Days since 1970 -> date."""
    return f"cast(epoch_ms(cast({column} as bigint) * 86400000) as date)"
