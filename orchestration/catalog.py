"""What a DuckDB connection holds: the one place that asks information_schema for tables."""

from __future__ import annotations

import duckdb


def tables_in(con: duckdb.DuckDBPyConnection, schema: str, catalog: str | None = None) -> set[str]:
    """Names of the tables and views in `schema` (of the attached database `catalog`, if given)."""
    sql = "select table_name from information_schema.tables where table_schema = ?"
    params = [schema]
    if catalog:
        sql += " and table_catalog = ?"
        params.append(catalog)
    return {name for (name,) in con.execute(sql, params).fetchall()}
