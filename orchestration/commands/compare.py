"""`account-health compare`: build the same data on DuckDB and another engine and compare."""

from __future__ import annotations

import argparse
import datetime as dt
import time
from pathlib import Path

from orchestration.commands.options import date_arg


def cmd_compare(args: argparse.Namespace) -> int:
    from orchestration.engines.compare import compare_engine

    started = time.monotonic()
    if args.from_files:
        print(f"Building the raw files in {args.from_files} on DuckDB and {args.engine} "
              f"(load date {args.load_date}) ...")
        result = compare_engine(args.engine, raw_folder=Path(args.from_files),
                                dbt_vars={"load_date": args.load_date.isoformat()})
    else:
        print(f"Building {args.accounts} accounts x {args.days} days on DuckDB and {args.engine}, "
              f"scoring the last {args.scored_days} days on each ...")
        result = compare_engine(args.engine, accounts=args.accounts, days=args.days,
                                seed=args.seed, scored_days=args.scored_days)
    print(result.report())
    print(f"total {time.monotonic() - started:.1f}s")
    return 0 if result.ok else 1


def add_parsers(sub: argparse._SubParsersAction) -> None:
    compare = sub.add_parser(
        "compare",
        help="build the same sample data on DuckDB and another engine and compare the results",
        description=(
            "Prove the models run unchanged on another engine: generate a book, build it "
            "with dbt on DuckDB and on ENGINE (postgres: a throwaway cluster in a temporary "
            "directory on a free local port; spark: a local PySpark session), then compare "
            "marts.fct_account_health_daily and the day-grained marts built on it (metric points, "
            "alerts, expansion readiness, parent rollup, playbook actions) row for row (numbers within 1e-6, bands "
            "identical) and the rows staging set aside. Exits 1 when anything differs."
        ),
    )
    compare.add_argument("--engine", choices=["postgres", "spark"], required=True)
    compare.add_argument("--accounts", type=int, default=200, help="accounts in the book (200)")
    compare.add_argument("--days", type=int, default=90, help="days of history (90)")
    compare.add_argument("--seed", type=int, default=42, help="random seed (42)")
    compare.add_argument("--scored-days", type=int, default=30,
                         help="how many of the last days to score and compare (30)")
    compare.add_argument("--from-files", metavar="FOLDER",
                         help="compare on a folder of raw files instead of a generated book")
    compare.add_argument("--load-date", type=date_arg, default=dt.date(2026, 6, 30),
                         help="with --from-files: rows dated after this are in the future")
    compare.set_defaults(func=cmd_compare)
