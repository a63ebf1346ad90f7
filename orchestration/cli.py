"""`account-health`: generate or load raw data, score it with dbt, and summarise the result.

Run `account-health --help`, or `account-health COMMAND --help` for one command.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import sys
import time
from pathlib import Path

import duckdb

from orchestration import profile
from orchestration.commands import calibrate, console, docs
from orchestration.dbt_runner import DbtError, run_dbt, score_vars
from orchestration.load_files import LOAD_REJECTS, LoadError, check_raw_folder
from orchestration.locking import WarehouseLocked, current_holder, writer_lock
from orchestration.partitions import first_day_of_history, record_history_start
from orchestration.provenance import check_generate_allowed, load_files_marked, mark_raw_origin
from orchestration.raw_contract import RAW_TABLES
from orchestration.runs import RunOutcome, materialize_health
from orchestration.sample_data import PROFILES, GeneratorConfig, generate, write_parquet
from orchestration.settings import dbt_project_dir, publish_dir, warehouse_path
from orchestration.summary import build_summary
from orchestration.validation import check_operator_input, check_range

# Commands that write the working warehouse: they hold its writer lock while they run.
WRITERS = {"run", "backfill", "build", "load-files", "generate", "propose", "propose-weights"}


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a YYYY-MM-DD date: {value!r}") from exc


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"not a whole number >= 1: {value!r}")
    return number


def _add_generator_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--accounts", type=_positive, default=500, help="accounts in the book (500)")
    parser.add_argument("--days", type=_positive, default=365, help="days of history (365)")
    parser.add_argument("--seed", type=int, default=42, help="random seed; same seed, same data")
    parser.add_argument(
        "--end-date", type=_date, default=None,
        help="last day of data, YYYY-MM-DD (default: yesterday, UTC)",
    )
    parser.add_argument(
        "--defect-rate", type=float, default=0.003,
        help=("share of rows given the real-life defects the bad-input tests cover "
              "(orchestration/sample_data/defects.py; 0 for none)"),
    )
    parser.add_argument(
        "--profile", choices=PROFILES, default="analytics",
        help="the product the book imitates: analytics (the bundled sample, all ten raw tables) "
             "or crm (another B2B product: its own event names, ten times the events per user, "
             "only accounts, subscription_events, users and product_events)",
    )


def _add_range_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--start", type=_date, help="first day to score, YYYY-MM-DD (default: the "
                        "end day and the late-data lookback before it)")
    parser.add_argument("--end", type=_date, help="last day to score, YYYY-MM-DD (default: the "
                        "latest day of data)")


def _add_replace_raw(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--replace-raw", action="store_true",
                        help="replace raw data that was not generated (loaded from files, or put "
                             "there by your own pipeline); without it, generating refuses to")


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


def cmd_load_files(args: argparse.Namespace) -> int:
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


def cmd_build(args: argparse.Namespace) -> int:
    check_range(args.start, args.end, "--start / --end")
    dbt_args = ["build"]
    if args.select:
        dbt_args += ["--select", args.select]
    run_dbt(dbt_args, dbt_vars=score_vars(args.start and args.start.isoformat(),
                                          args.end and args.end.isoformat()))
    first_day = first_day_of_history(warehouse_path())
    if first_day is not None:  # where the Dagster UI's daily partitions start
        record_history_start(first_day, source="account-health build")
    return 0


def cmd_summary(args: argparse.Namespace) -> int:
    print(build_summary(warehouse_path(), args.date and args.date.isoformat()))
    return 0


def _history_window(args: argparse.Namespace) -> tuple[dt.date, dt.date]:
    """The days a run scores: --start/--end, or the last --history-days of the data."""
    yesterday = dt.datetime.now(dt.timezone.utc).date() - dt.timedelta(days=1)
    last = args.end or args.end_date or yesterday
    if args.start:
        first = args.start
    else:
        days = args.history_days if args.from_files else min(args.history_days, args.days)
        first = last - dt.timedelta(days=max(days, 1) - 1)
    if first > last:
        raise ValueError(f"--start {first} is after --end {last}")
    return first, last


def _print_outcome(outcome: RunOutcome, what: str) -> None:
    if not outcome.success:
        raise DbtError(f"{what} failed after {outcome.seconds:.1f}s; nothing was published "
                       f"(the previous publication, if any, is still current).\n{outcome.error}"
                       + (f"\nFull log: {outcome.log_file}" if outcome.log_file else ""))
    dbt_steps = [(k, s) for k, s in outcome.steps if k.startswith("health_")]
    print(f"{what} passed in {outcome.seconds:.1f}s: {len(outcome.steps)} steps, "
          f"{len(dbt_steps)} dbt builds ({sum(s for _, s in dbt_steps):.1f}s)"
          + (f"; log in {outcome.log_file}" if outcome.log_file else ""))
    pub = outcome.publication
    if pub:
        print(f"Published for BI: {pub['path']}  (publication {pub['publication_id']}; "
              f"open {publish_dir() / 'current' / 'account_health.duckdb'} read-only, or the "
              f"Parquet files beside it)\n")


def _print_proposal(outcome: RunOutcome) -> None:
    proposal = outcome.proposal
    if proposal.get("status") == "fitted":
        print(f"Weight proposal (fitted before {proposal['split_date']}, evaluated after): AUC "
              f"{proposal['auc_current']:.3f} with the current weights, {proposal['auc_proposed']:.3f} "
              f"with the proposed ones; top-decile lift {proposal['lift_current']:.2f} -> "
              f"{proposal['lift_proposed']:.2f}.\n  Report: {proposal['report']}\n  Weights (not applied): "
              f"{proposal['weights_csv']}")
    elif proposal:
        print(f"Weight proposal: {proposal.get('status')}")


def cmd_run(args: argparse.Namespace) -> int:
    first, last = _history_window(args)
    if args.from_files:
        check_raw_folder(Path(args.from_files))  # a bad folder fails here, in one line
        raw_config = {"source": "files", "folder": str(Path(args.from_files).resolve())}
        origin = f"the files in {args.from_files}"
        data_start = first
    else:
        raw_config = {"source": "generate", "accounts": args.accounts, "days": args.days,
                      "seed": args.seed, "defect_rate": args.defect_rate, "profile": args.profile,
                      "end_date": args.end_date.isoformat() if args.end_date else None,
                      "replace_raw": args.replace_raw}
        origin = f"a generated book of {args.accounts:,} accounts x {args.days} days (seed {args.seed})"
        _refuse_to_replace(args.replace_raw)
        data_start = GeneratorConfig(days=args.days, end_date=args.end_date).start
    # New raw data: the daily partitions start where it (or the scored window) starts.
    record_history_start(min(first, data_start), source="account-health run")
    print(f"Materialising the Dagster asset graph in process: raw data from {origin}; dbt build "
          f"and tests for the daily partitions {first} to {last} in one run; then publishing ...")
    # New raw data: history scored from the previous data must not survive outside the range.
    outcome = materialize_health(
        first, last, raw_config=raw_config, full_refresh=True, verbose=args.verbose,
        log_file=warehouse_path().parent / "logs" / "last_run.log",
    )
    _print_outcome(outcome, "The run")
    print(build_summary(warehouse_path()))
    _print_proposal(outcome)
    return 0


def _refuse_to_replace(replace_raw: bool) -> None:
    """Stop before anything runs when generating would replace raw data that was not generated."""
    path = warehouse_path()
    if path.exists():
        with duckdb.connect(str(path), read_only=True) as con:
            check_generate_allowed(con, replace_raw=replace_raw, where=str(path))


def cmd_backfill(args: argparse.Namespace) -> int:
    first, last = args.start, args.end
    check_range(first, last, "--start / --end")
    print(f"Backfilling the daily partitions {first} to {last} as one run "
          f"({'full refresh' if args.full_refresh else 'replacing exactly those days'}) ...")
    outcome = materialize_health(
        first, last, include_raw=False, full_refresh=args.full_refresh,
        late_data_lookback=args.lookback, verbose=args.verbose,
        log_file=warehouse_path().parent / "logs" / "last_backfill.log",
    )
    _print_outcome(outcome, "The backfill")
    print(build_summary(warehouse_path()))
    return 0


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

    run = sub.add_parser(
        "run",
        help="the main job: raw data -> Dagster materialises dbt models, tests and the BI publication",
        description=(
            "The main job end to end, through Dagster in process: the raw_tables asset generates a "
            "sample book (or loads --from-files), the dbt assets build and test the daily "
            "partitions of the last --history-days in one run (a full refresh: the history is "
            "rebuilt from the new raw data), the marts are published atomically for BI, and the "
            "summary is printed. The run is recorded in the project's Dagster instance "
            "(dagster_home/, or DAGSTER_HOME), so `make dagster-dev` shows it. Generating refuses "
            "to replace raw data that came from files or your own pipeline unless --replace-raw."
        ),
    )
    _add_generator_args(run)
    run.add_argument("--from-files", metavar="FOLDER",
                     help="load this folder of CSV/Parquet files instead of generating data")
    run.add_argument("--end", type=_date,
                     help="last day to score, YYYY-MM-DD (default: --end-date, or yesterday)")
    run.add_argument("--start", type=_date, help="first day to score, YYYY-MM-DD (default: "
                     "--history-days before the end)")
    run.add_argument("--history-days", type=_positive, default=365,
                     help="score this many days up to the end day in one run (365: enough "
                          "history for the 90-day churn backtest)")
    _add_replace_raw(run)
    run.add_argument("--verbose", action="store_true", help="show Dagster's and dbt's full output")
    run.set_defaults(func=cmd_run)

    backfill = sub.add_parser(
        "backfill",
        help="score a range of days on the raw data already in the warehouse, then publish",
        description=(
            "Materialise the daily partitions START to END through Dagster as one dbt run "
            "(the single-run backfill policy), replacing exactly those days of history, then the "
            "snapshot marts and the BI publication. The raw tables are used as they are."
        ),
    )
    backfill.add_argument("--start", type=_date, required=True, help="first day, YYYY-MM-DD")
    backfill.add_argument("--end", type=_date, required=True, help="last day, YYYY-MM-DD")
    backfill.add_argument("--full-refresh", action="store_true",
                          help="drop the incremental history and rebuild it for this range only")
    backfill.add_argument("--lookback", action="store_true",
                          help="score END and the late-data lookback days before it (what the "
                               "daily schedule does); --start is then ignored")
    backfill.add_argument("--verbose", action="store_true", help="show Dagster's and dbt's full output")
    backfill.set_defaults(func=cmd_backfill)

    gen = sub.add_parser(
        "generate",
        help="write a reproducible sample book of accounts (all ten raw tables)",
        description=(
            "Generate the ten raw tables for a realistic book of accounts whose latent health "
            "drives usage, support, billing, sentiment and renewal outcomes. Writes schema raw of "
            "the warehouse, or Parquet files with --parquet."
        ),
    )
    _add_generator_args(gen)
    gen.add_argument("--parquet", metavar="FOLDER",
                     help="write one Parquet file per raw table into FOLDER instead")
    _add_replace_raw(gen)
    gen.set_defaults(func=cmd_generate)

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
    compare.add_argument("--load-date", type=_date, default=dt.date(2026, 6, 30),
                         help="with --from-files: rows dated after this are in the future")
    compare.set_defaults(func=cmd_compare)

    calibrate.add_parsers(sub)
    docs.add_parsers(sub)
    profile.add_parser(sub)
    console.add_parsers(sub)

    summary = sub.add_parser(
        "summary",
        help="print bands, ARR per band and the lowest-scoring accounts",
        description="Summarise the daily health fact for one day (default: the latest).",
    )
    summary.add_argument("--date", type=_date, help="day to summarise, YYYY-MM-DD")
    summary.set_defaults(func=cmd_summary)
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
