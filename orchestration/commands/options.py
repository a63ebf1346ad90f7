"""Argument types and option groups several commands share."""

from __future__ import annotations

import argparse
import datetime as dt

from orchestration.sample_data import PROFILES


def date_arg(value: str) -> dt.date:
    """A YYYY-MM-DD day, for `type=`."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a YYYY-MM-DD date: {value!r}") from exc


def positive_arg(value: str) -> int:
    """A whole number >= 1, for `type=`."""
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"not a whole number >= 1: {value!r}")
    return number


def add_generator_args(parser: argparse.ArgumentParser) -> None:
    """The sample book's size, seed, end day, defects and product (`generate`, `run`)."""
    parser.add_argument("--accounts", type=positive_arg, default=500, help="accounts in the book (500)")
    parser.add_argument("--days", type=positive_arg, default=365, help="days of history (365)")
    parser.add_argument("--seed", type=int, default=42, help="random seed; same seed, same data")
    parser.add_argument(
        "--end-date", type=date_arg, default=None,
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


def add_range_args(parser: argparse.ArgumentParser) -> None:
    """--start / --end: the days to score."""
    parser.add_argument("--start", type=date_arg, help="first day to score, YYYY-MM-DD (default: the "
                        "end day and the late-data lookback before it)")
    parser.add_argument("--end", type=date_arg, help="last day to score, YYYY-MM-DD (default: the "
                        "latest day of data)")


def add_replace_raw(parser: argparse.ArgumentParser) -> None:
    """--replace-raw: let generating replace raw data that was not generated."""
    parser.add_argument("--replace-raw", action="store_true",
                        help="replace raw data that was not generated (loaded from files, or put "
                             "there by your own pipeline); without it, generating refuses to")
