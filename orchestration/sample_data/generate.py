"""Generate a book into the raw tables: create them, run the profile, add defects, count rows."""

from __future__ import annotations

import duckdb

from orchestration.quoting import identifier
from orchestration.sample_data import analytics
from orchestration.sample_data.config import GeneratorConfig
from orchestration.sample_data.defects import inject_defects
from orchestration.sample_data.writer import create_raw_tables


def generate(
    con: duckdb.DuckDBPyConnection,
    config: GeneratorConfig,
    *,
    schema: str = "raw",
    progress: bool | None = None,
) -> dict[str, int]:
    """Generate the profile's raw tables into `schema` of `con` (replacing what was there; the raw
    tables the profile does not write are dropped). Returns row counts per table written."""
    tables, run = analytics.TABLES, analytics.generate_analytics
    create_raw_tables(con, schema, tables)
    run(con, schema, config, progress)
    if config.defect_rate > 0:
        inject_defects(con, schema, config.seed, config.defect_rate, config.resolved_end, tables)
    return {
        table: con.execute(f"select count(*) from {identifier(schema)}.{identifier(table)}").fetchall()[0][0]
        for table in tables
    }
