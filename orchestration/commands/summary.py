"""`account-health summary`: bands, ARR per band and the lowest-scoring accounts of one day."""

from __future__ import annotations

import argparse

from orchestration.commands.options import date_arg
from orchestration.settings import warehouse_path
from orchestration.summary import build_summary


def cmd_summary(args: argparse.Namespace) -> int:
    print(build_summary(warehouse_path(), args.date and args.date.isoformat()))
    return 0


def add_parsers(sub: argparse._SubParsersAction) -> None:
    summary = sub.add_parser(
        "summary",
        help="print bands, ARR per band and the lowest-scoring accounts",
        description="Summarise the daily health fact for one day (default: the latest).",
    )
    summary.add_argument("--date", type=date_arg, help="day to summarise, YYYY-MM-DD")
    summary.set_defaults(func=cmd_summary)
