"""The raw tables of the raw contract (orchestration/raw_contract.py), generated as a sample
book or loaded from a folder of files."""


import datetime as dt
from pathlib import Path

import duckdb
from dagster import AssetExecutionContext, AssetSpec, Config, MaterializeResult, multi_asset
from pydantic import Field

from orchestration.load_files import LOAD_REJECTS
from orchestration.provenance import check_generate_allowed, load_files_marked, mark_raw_origin
from orchestration.raw_contract import RAW_TABLES
from orchestration.resources import WarehouseWriter
from orchestration.sample_data import GeneratorConfig, generate
from orchestration.settings import warehouse_path


class RawDataConfig(Config):
    """Where the raw data comes from (choose in the launchpad or in run config)."""

    source: str = Field("generate", description="'generate' a sample book, or load 'files' from folder")
    folder: str | None = Field(None, description="with source 'files': folder of CSV/Parquet files")
    accounts: int = Field(500, description="with source 'generate': accounts in the book")
    days: int = Field(120, description="with source 'generate': days of history")
    seed: int = Field(42, description="with source 'generate': random seed (same seed, same data)")
    end_date: str | None = Field(None, description="with source 'generate': last day, default yesterday")
    defect_rate: float = Field(0.003, description="with source 'generate': share of defective rows")
    profile: str = Field("analytics", description="with source 'generate': the product imitated, "
                         "analytics (all ten tables) or crm (four tables, another vocabulary)")
    replace_raw: bool = Field(False, description="with source 'generate': replace raw data that was "
                              "not generated (loaded from files or put there by your pipeline)")


@multi_asset(
    specs=[
        AssetSpec(["raw", table], group_name="raw", description=f"Raw table {table}.",
                  kinds={"duckdb"}, owners=["team:data-platform"])
        for table in RAW_TABLES
    ] + [
        AssetSpec(["raw", LOAD_REJECTS], group_name="raw", kinds={"duckdb"},
                  owners=["team:data-platform"],
                  description="CSV lines the file loader set aside (absent for a generated book)."),
    ],
    pool="duckdb_writer",
)
def raw_tables(context: AssetExecutionContext, config: RawDataConfig, warehouse: WarehouseWriter):
    """Write schema raw of the working warehouse: a generated sample book or a folder of files,
    and record where it came from (health_meta.raw_origin). Generating refuses to replace raw
    data that was not generated, unless config replace_raw."""
    path = warehouse_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(path)) as con:
        if config.source == "files":
            if not config.folder:
                raise ValueError("raw data source 'files' needs config folder (a folder of raw files)")
            loaded = load_files_marked(con, Path(config.folder))
            counts = loaded.counts()
            counts[LOAD_REJECTS] = sum(t.set_aside for t in loaded.tables.values())
            origin = f"files in {config.folder}"
        elif config.source == "generate":
            check_generate_allowed(con, replace_raw=config.replace_raw, where=str(path))
            gen = GeneratorConfig(
                accounts=config.accounts, days=config.days, seed=config.seed,
                end_date=dt.date.fromisoformat(config.end_date) if config.end_date else None,
                defect_rate=config.defect_rate, profile=config.profile,
            )
            con.execute(f"drop table if exists raw.{LOAD_REJECTS}")  # from an earlier file load
            counts = generate(con, gen, progress=False)
            origin = f"generated {config.accounts} accounts x {config.days} days, seed {config.seed}"
            mark_raw_origin(con, "generated", f"{origin}, {gen.start} to {gen.resolved_end}")
        else:
            raise ValueError(f"raw data source must be 'generate' or 'files', not {config.source!r}")
    context.log.info(f"raw data: {origin}")
    for table in (*RAW_TABLES, LOAD_REJECTS):
        rows = counts.get(table)
        yield MaterializeResult(
            asset_key=["raw", table],
            metadata={"dagster/row_count": rows or 0, "origin": origin, "present": rows is not None},
        )

