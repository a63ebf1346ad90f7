"""`account-health load-files`: load a folder with one CSV or Parquet file per raw table."""

from __future__ import annotations

import argparse
from pathlib import Path

import duckdb

from orchestration.load_files import LoadError, check_raw_folder
from orchestration.provenance import load_files_marked
from orchestration.raw_contract import RAW_TABLES
from orchestration.settings import warehouse_path


def cmd_load_files(args: argparse.Namespace) -> int:
    check_raw_folder(Path(args.folder))  # a folder that cannot load fails here, before the warehouse is opened
    path = warehouse_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with duckdb.connect(str(path)) as con:
            result = load_files_marked(con, Path(args.folder), progress=lambda m: print(f"  {m}", flush=True))
    except duckdb.Error as exc:
        raise LoadError(f"cannot write the warehouse {path}: {str(exc).strip().splitlines()[0]} "
                        "(is another process using it?); the previous raw tables are unchanged") from None
    print(f"Loaded {len(result.tables)} raw tables from {args.folder} into schema raw of {path} "
          "(in one transaction: the previous raw tables were replaced whole):")
    for table, loaded in result.tables.items():
        lines = (f" of {loaded.data_lines:,} data lines, {loaded.set_aside:,} set aside"
                 if loaded.data_lines is not None else "")
        print(f"  {table:<22} {loaded.rows:>12,} rows{lines}  ({loaded.path.name})")
        if loaded.unknown_columns:
            print(f"  {'':<22} ignored columns the contract does not know: "
                  + ", ".join(loaded.unknown_columns))
    if any(loaded.set_aside for loaded in result.tables.values()):
        print("  Lines set aside are in raw.health_load_rejects, and after a build in "
              "staging.stg_raw__rejected_rows (action not_loaded).")
    missing = sorted(set(RAW_TABLES) - set(result.tables))
    if missing:
        print("  no file (treated as missing tables): " + ", ".join(missing))
    if result.ignored_files:
        print("  files ignored (not a raw table): " + ", ".join(result.ignored_files))
    return 0


def add_parsers(sub: argparse._SubParsersAction) -> None:
    load = sub.add_parser(
        "load-files",
        help="load a folder with one CSV or Parquet file per raw table into schema raw",
        description=(
            "Replace schema raw of the warehouse with the files in FOLDER: accounts.csv or "
            "accounts.parquet, subscription_events.*, users.*, product_events.*, "
            "support_tickets.*, invoices.*, survey_responses.*, onboarding_milestones.*, "
            "csm_assessments.*, cs_actions.* (.csv, .csv.gz or .parquet; names in any case). A missing file "
            "means a missing table (its components are not scored); accounts is required. CSV is "
            "read as comma-separated UTF-8 with a header line and \" quotes; columns in any order "
            "and case; unknown columns are ignored and listed; a missing required column is an "
            "error. A line that is not a row (ragged, a bad quote, not UTF-8) is set aside in "
            "raw.health_load_rejects with its line number, and the rest loads. The new tables "
            "replace the old ones in one transaction: a failed or interrupted load changes nothing."
        ),
    )
    load.add_argument("folder", help="folder holding the raw files")
    load.set_defaults(func=cmd_load_files)
