"""`account-health generate`: write a reproducible sample book of accounts."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import duckdb

from orchestration.commands.options import add_generator_args, add_replace_raw
from orchestration.load_files import LOAD_REJECTS
from orchestration.partitions import record_history_start
from orchestration.provenance import check_generate_allowed, mark_raw_origin
from orchestration.sample_data import GeneratorConfig, generate, write_parquet
from orchestration.settings import warehouse_path


def cmd_generate(args: argparse.Namespace) -> int:
    config = GeneratorConfig(
        accounts=args.accounts, days=args.days, seed=args.seed, end_date=args.end_date,
        defect_rate=args.defect_rate, profile=args.profile,
    )
    started = time.monotonic()
    if getattr(args, "parquet", None):
        con = duckdb.connect()
        counts = generate(con, config)
        write_parquet(con, "raw", Path(args.parquet))
        target = f"Parquet files in {args.parquet}"
    else:
        path = warehouse_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        with duckdb.connect(str(path)) as con:
            check_generate_allowed(con, replace_raw=args.replace_raw, where=str(path))
            con.execute(f"create schema if not exists raw; drop table if exists raw.{LOAD_REJECTS}")
            counts = generate(con, config)
            mark_raw_origin(con, "generated", f"generated {config.accounts} accounts x {config.days} "
                            f"days, seed {config.seed}, {config.start} to {config.resolved_end}")
        record_history_start(config.start, source="account-health generate")
        target = f"schema raw of {path}"
    print(
        f"Generated {config.accounts:,} accounts x {config.days} days "
        f"({config.start} to {config.resolved_end}, seed {config.seed}) into {target} "
        f"in {time.monotonic() - started:.1f}s:"
    )
    for table, rows in counts.items():
        print(f"  {table:<22} {rows:>12,} rows")
    return 0


def add_parsers(sub: argparse._SubParsersAction) -> None:
    gen = sub.add_parser(
        "generate",
        help="write a reproducible sample book of accounts (all ten raw tables)",
        description=(
            "Generate the ten raw tables for a realistic book of accounts whose latent health "
            "drives usage, support, billing, sentiment and renewal outcomes. Writes schema raw of "
            "the warehouse, or Parquet files with --parquet."
        ),
    )
    add_generator_args(gen)
    gen.add_argument("--parquet", metavar="FOLDER",
                     help="write one Parquet file per raw table into FOLDER instead")
    add_replace_raw(gen)
    gen.set_defaults(func=cmd_generate)
