"""`account-health build`: dbt build on the raw data already in the warehouse."""

from __future__ import annotations

import argparse

from orchestration.commands.options import add_range_args
from orchestration.dbt_runner import run_dbt, score_vars
from orchestration.partitions import first_day_of_history, record_history_start
from orchestration.settings import warehouse_path
from orchestration.validation import check_range


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


def add_parsers(sub: argparse._SubParsersAction) -> None:
    build = sub.add_parser(
        "build",
        help="run dbt build (seeds, models, tests) for a date range",
        description="Run dbt build on the raw data already in the warehouse.",
    )
    add_range_args(build)
    build.add_argument("--select", help="dbt selection, e.g. +fct_account_health_daily")
    build.set_defaults(func=cmd_build)
