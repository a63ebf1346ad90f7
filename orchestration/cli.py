"""`account-health`: generate or load raw data, score it with dbt, and summarise the result.

Run `account-health --help`, or `account-health COMMAND --help` for one command.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

import duckdb

from orchestration.dbt_runner import DbtError, run_dbt, score_vars
from orchestration.load_files import load_raw_files
from orchestration.sample_data import RAW_TABLES, GeneratorConfig, generate, write_parquet
from orchestration.settings import warehouse_path
from orchestration.summary import build_summary


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a YYYY-MM-DD date: {value!r}") from exc


def _add_generator_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--accounts", type=int, default=500, help="accounts in the book (500)")
    parser.add_argument("--days", type=int, default=120, help="days of history (120)")
    parser.add_argument("--seed", type=int, default=42, help="random seed; same seed, same data")
    parser.add_argument(
        "--end-date", type=_date, default=None,
        help="last day of data, YYYY-MM-DD (default: yesterday, UTC)",
    )
    parser.add_argument(
        "--defect-rate", type=float, default=0.003,
        help="share of rows given the real-life defects of SPEC section 9 (0 for none)",
    )


def _add_range_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--start", help="first day to score, YYYY-MM-DD (default: the end day "
                        "and the late-data lookback before it)")
    parser.add_argument("--end", help="last day to score, YYYY-MM-DD (default: the latest day "
                        "of data)")


def cmd_generate(args: argparse.Namespace) -> int:
    config = GeneratorConfig(
        accounts=args.accounts, days=args.days, seed=args.seed, end_date=args.end_date,
        defect_rate=args.defect_rate,
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
            counts = generate(con, config)
        target = f"schema raw of {path}"
    print(
        f"Generated {config.accounts:,} accounts x {config.days} days "
        f"({config.start} to {config.resolved_end}, seed {config.seed}) into {target} "
        f"in {time.monotonic() - started:.1f}s:"
    )
    for table, rows in counts.items():
        print(f"  {table:<22} {rows:>12,} rows")
    return 0


def cmd_load_files(args: argparse.Namespace) -> int:
    path = warehouse_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(path)) as con:
        counts = load_raw_files(con, Path(args.folder))
    print(f"Loaded {len(counts)} raw tables from {args.folder} into schema raw of {path}:")
    for table, rows in counts.items():
        print(f"  {table:<22} {rows:>12,} rows")
    missing = sorted(set(RAW_TABLES) - set(counts))
    if missing:
        print("  no file (treated as missing tables): " + ", ".join(missing))
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    dbt_args = ["build"]
    if args.select:
        dbt_args += ["--select", args.select]
    run_dbt(dbt_args, dbt_vars=score_vars(args.start, args.end))
    return 0


def cmd_summary(args: argparse.Namespace) -> int:
    print(build_summary(warehouse_path(), args.date))
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    start, end = args.start, args.end
    if args.from_files:
        cmd_load_files(argparse.Namespace(folder=args.from_files))
    else:
        cmd_generate(args)
        if not (start or end) and args.history_days > 0:
            # score a history in one run, so trends, alerts and the queue have something to say
            last = args.end_date or (dt.datetime.now(dt.UTC).date() - dt.timedelta(days=1))
            first = max(last - dt.timedelta(days=args.history_days - 1),
                        last - dt.timedelta(days=args.days - 1))
            start, end = first.isoformat(), last.isoformat()
    print(f"\nBuilding and testing the dbt project (dbt build, scoring "
          f"{f'{start} to {end}' if start else 'the latest days'}) ...")
    started = time.monotonic()
    # New raw data: history scored from the previous data must not survive outside the range.
    run_dbt(["build", "--full-refresh"], dbt_vars=score_vars(start, end), quiet=not args.verbose)
    print(f"dbt build passed in {time.monotonic() - started:.1f}s "
          f"(add --verbose to see every model and test).\n")
    print(build_summary(warehouse_path()))
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    from orchestration.engines.compare import compare_engine

    started = time.monotonic()
    if args.from_files:
        print(f"Building the raw files in {args.from_files} on DuckDB and {args.engine} "
              f"(load date {args.load_date}) ...")
        result = compare_engine(args.engine, raw_folder=Path(args.from_files),
                                dbt_vars={"load_date": args.load_date})
    else:
        print(f"Building {args.accounts} accounts x {args.days} days on DuckDB and {args.engine}, "
              f"scoring the last {args.scored_days} days on each ...")
        result = compare_engine(args.engine, accounts=args.accounts, days=args.days,
                                seed=args.seed, scored_days=args.scored_days)
    print(result.report())
    print(f"total {time.monotonic() - started:.1f}s")
    return 0 if result.ok else 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="account-health",
        description=(
            "Explainable account health scores. Generates or loads raw data into the DuckDB "
            "warehouse (HEALTH_DUCKDB_PATH, default warehouse/account_health.duckdb), scores "
            "every active account with dbt, and prints a summary."
        ),
    )
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser(
        "run",
        help="generate sample data (or load files), build and test with dbt, print the summary",
        description="The main job end to end: raw data -> dbt build (models + tests) -> summary.",
    )
    _add_generator_args(run)
    run.add_argument("--from-files", metavar="FOLDER",
                     help="load this folder of CSV/Parquet files instead of generating data")
    _add_range_args(run)
    run.add_argument("--history-days", type=int, default=60,
                     help="with generated data, score this many last days in one run (60)")
    run.add_argument("--verbose", action="store_true", help="show dbt's full output")
    run.set_defaults(func=cmd_run)

    gen = sub.add_parser(
        "generate",
        help="write a reproducible sample book of accounts (all nine raw tables)",
        description=(
            "Generate the nine raw tables for a realistic book of accounts whose latent health "
            "drives usage, support, billing, sentiment and renewal outcomes. Writes schema raw of "
            "the warehouse, or Parquet files with --parquet."
        ),
    )
    _add_generator_args(gen)
    gen.add_argument("--parquet", metavar="FOLDER",
                     help="write one Parquet file per raw table into FOLDER instead")
    gen.set_defaults(func=cmd_generate)

    load = sub.add_parser(
        "load-files",
        help="load a folder with one CSV or Parquet file per raw table into schema raw",
        description=(
            "Replace schema raw of the warehouse with the files in FOLDER: accounts.csv or "
            "accounts.parquet, subscription_events.*, users.*, product_events.*, "
            "support_tickets.*, invoices.*, survey_responses.*, onboarding_milestones.*, "
            "csm_assessments.*. A missing file means a missing table (its components are not "
            "scored); accounts is required."
        ),
    )
    load.add_argument("folder", help="folder holding the raw files")
    load.set_defaults(func=cmd_load_files)

    build = sub.add_parser(
        "build",
        help="run dbt build (seeds, models, tests) for a date range",
        description="Run dbt build on the raw data already in the warehouse.",
    )
    _add_range_args(build)
    build.add_argument("--select", help="dbt selection, e.g. +fct_account_health_daily")
    build.set_defaults(func=cmd_build)

    compare = sub.add_parser(
        "compare",
        help="build the same sample data on DuckDB and another engine and compare the results",
        description=(
            "Prove the models run unchanged on another engine (SPEC 8): generate a book, build it "
            "with dbt on DuckDB and on ENGINE (postgres: a throwaway cluster in a temporary "
            "directory on a free local port; spark: a local PySpark session), then compare "
            "marts.fct_account_health_daily row for row (numbers within 1e-6, bands identical) "
            "and the rows staging set aside. Exits 1 when anything differs."
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
    compare.add_argument("--load-date", default="2026-06-30",
                         help="with --from-files: rows dated after this are in the future")
    compare.set_defaults(func=cmd_compare)

    summary = sub.add_parser(
        "summary",
        help="print bands, ARR per band and the lowest-scoring accounts",
        description="Summarise the daily health fact for one day (default: the latest).",
    )
    summary.add_argument("--date", help="day to summarise, YYYY-MM-DD")
    summary.set_defaults(func=cmd_summary)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (DbtError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
