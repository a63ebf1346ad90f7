"""Generate a book into the raw tables: create them, run the profile, add defects, count rows."""

from __future__ import annotations

import duckdb

from orchestration.quoting import identifier
from orchestration.sample_data import analytics, crm
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
    if config.profile == "crm":
        tables, run = crm.TABLES, crm.generate_crm
    else:
        tables, run = analytics.TABLES, analytics.generate_analytics
    # DuckDB's own progress bar would print over ours for every long insert: off while generating
    progress_bar = con.execute("select current_setting('enable_progress_bar')").fetchone()[0]
    con.execute("set enable_progress_bar = false")
    try:
        create_raw_tables(con, schema, tables)
        run(con, schema, config, progress)
        if config.defect_rate > 0:
            inject_defects(con, schema, config.seed, config.defect_rate, config.resolved_end, tables)
    finally:
        con.execute(f"set enable_progress_bar = {'true' if progress_bar else 'false'}")
    return {
        table: con.execute(f"select count(*) from {identifier(schema)}.{identifier(table)}").fetchall()[0][0]
        for table in tables
    }
