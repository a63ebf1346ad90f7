"""`account-health run`: the main job end to end, through Dagster in process."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

import duckdb

from orchestration.commands.options import add_generator_args, add_replace_raw, date_arg, positive_arg
from orchestration.dbt_runner import DbtError
from orchestration.load_files import check_raw_folder
from orchestration.partitions import record_history_start
from orchestration.provenance import check_generate_allowed
from orchestration.runs import RunOutcome, materialize_health
from orchestration.sample_data import GeneratorConfig
from orchestration.settings import publish_dir, warehouse_path
from orchestration.summary import build_summary


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


def print_outcome(outcome: RunOutcome, what: str) -> None:
    """One line for a run that passed (and where it was published); a DbtError for one that failed."""
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
    print_outcome(outcome, "The run")
    print(build_summary(warehouse_path()))
    _print_proposal(outcome)
    return 0


def _refuse_to_replace(replace_raw: bool) -> None:
    """Stop before anything runs when generating would replace raw data that was not generated."""
    path = warehouse_path()
    if path.exists():
        with duckdb.connect(str(path), read_only=True) as con:
            check_generate_allowed(con, replace_raw=replace_raw, where=str(path))


def add_parsers(sub: argparse._SubParsersAction) -> None:
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
    add_generator_args(run)
    run.add_argument("--from-files", metavar="FOLDER",
                     help="load this folder of CSV/Parquet files instead of generating data")
    run.add_argument("--end", type=date_arg,
                     help="last day to score, YYYY-MM-DD (default: --end-date, or yesterday)")
    run.add_argument("--start", type=date_arg, help="first day to score, YYYY-MM-DD (default: "
                     "--history-days before the end)")
    run.add_argument("--history-days", type=positive_arg, default=365,
                     help="score this many days up to the end day in one run (365: enough "
                          "history for the 90-day churn backtest)")
    add_replace_raw(run)
    run.add_argument("--verbose", action="store_true", help="show Dagster's and dbt's full output")
    run.set_defaults(func=cmd_run)
