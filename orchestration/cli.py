"""`account-health`: generate or load raw data, score it with dbt, and summarise the result.

Run `account-health --help`, or `account-health COMMAND --help` for one command.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Callable

import duckdb

from orchestration import profile
from orchestration.commands import (
    backfill,
    build,
    calibrate,
    compare,
    console,
    docs,
    generate,
    load_files,
    run,
    summary,
)
from orchestration.dbt_runner import DbtError
from orchestration.locking import WarehouseLocked, current_holder, writer_lock
from orchestration.settings import dbt_project_dir, warehouse_path
from orchestration.validation import check_operator_input

# Commands that write the working warehouse: they hold its writer lock while they run.
WRITERS = {"run", "backfill", "build", "load-files", "generate", "propose", "propose-weights"}

# Each command's parser and function live in its module (orchestration/commands/<command>.py);
# `--help` lists the commands in this order.
COMMANDS: tuple[Callable[[argparse._SubParsersAction], None], ...] = (
    run.add_parsers, backfill.add_parsers, generate.add_parsers, load_files.add_parsers,
    build.add_parsers, compare.add_parsers, calibrate.add_parsers, docs.add_parsers,
    profile.add_parser, console.add_parsers, summary.add_parsers,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="account-health",
        description=(
            "Explainable account health scores. Generates or loads raw data into the DuckDB "
            "warehouse (HEALTH_DUCKDB_PATH, default warehouse/account_health.duckdb), scores "
            "every active account with dbt, and prints a summary."
        ),
        epilog=(
            "One writer at a time: run, backfill, build, load-files, generate and propose "
            "hold an exclusive lock beside the warehouse file (<file>.lock) while they run. A "
            "second one waits up to HEALTH_LOCK_TIMEOUT seconds (600), then exits 1 naming the "
            "holder; the lock of a killed process is taken over."
        ),
    )
    sub = parser.add_subparsers(dest="command", required=True)
    for add_parsers in COMMANDS:
        add_parsers(sub)
    return parser


def _writes_warehouse(args: argparse.Namespace) -> bool:
    return args.command in WRITERS and not (args.command == "generate" and args.parquet)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        with contextlib.ExitStack() as stack:
            if args.command not in {"summary"}:
                check_operator_input(dbt_project_dir())
            if _writes_warehouse(args):
                stack.enter_context(writer_lock(warehouse_path(), notify=print))
            return args.func(args)
    except (DbtError, FileNotFoundError, ValueError, WarehouseLocked, argparse.ArgumentTypeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except duckdb.IOException as exc:
        holder = current_holder(warehouse_path())
        if holder is None or "lock" not in str(exc).lower():
            raise
        # e.g. `summary` while a run writes: DuckDB lets no reader in beside a writer
        print(f"error: the warehouse {warehouse_path()} is being written by {holder.describe()}; "
              "read the publication (published/current) or try again when it has finished", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
