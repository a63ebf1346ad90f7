"""`account-health backfill`: score a range of days on the raw data already in the warehouse."""

from __future__ import annotations

import argparse

from orchestration.commands.options import date_arg
from orchestration.commands.run import print_outcome
from orchestration.runs import materialize_health
from orchestration.settings import warehouse_path
from orchestration.summary import build_summary
from orchestration.validation import check_range


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
    print_outcome(outcome, "The backfill")
    print(build_summary(warehouse_path()))
    return 0


def add_parsers(sub: argparse._SubParsersAction) -> None:
    backfill = sub.add_parser(
        "backfill",
        help="score a range of days on the raw data already in the warehouse, then publish",
        description=(
            "Materialise the daily partitions START to END through Dagster as one dbt run "
            "(the single-run backfill policy), replacing exactly those days of history, then the "
            "snapshot marts and the BI publication. The raw tables are used as they are."
        ),
    )
    backfill.add_argument("--start", type=date_arg, required=True, help="first day, YYYY-MM-DD")
    backfill.add_argument("--end", type=date_arg, required=True, help="last day, YYYY-MM-DD")
    backfill.add_argument("--full-refresh", action="store_true",
                          help="drop the incremental history and rebuild it for this range only")
    backfill.add_argument("--lookback", action="store_true",
                          help="score END and the late-data lookback days before it (what the "
                               "daily schedule does); --start is then ignored")
    backfill.add_argument("--verbose", action="store_true", help="show Dagster's and dbt's full output")
    backfill.set_defaults(func=cmd_backfill)
