"""Daily partitions of the health history, and how a partition window becomes dbt arguments.

The incremental models (the daily fact, alerts, portfolio, drag and the daily grains of
product events) are partitioned by day in Dagster. A run for one day or a range of days is a
single dbt run; `window_args` is the one place that decides how the window reaches dbt.

The window goes to dbt as environment variables (HEALTH_SCORE_START_DATE, HEALTH_SCORE_END_DATE),
which dbt reads exactly like the vars score_start_date / score_end_date. Passing it as `--vars`
would give every daily run a new set of vars, and dbt throws away its saved parse whenever the
vars change: a full re-parse costs about 2.5 s per run, a partial one about 0.5 s.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass

from dagster import DailyPartitionsDefinition

# Run tags that change how a run scores its window (set them in the launchpad, a backfill or the
# schedule). Both dbt steps of a run read the same tags, so they always agree on the window.
LOOKBACK_TAG = "account-health/late-data-lookback"
FULL_REFRESH_TAG = "account-health/full-refresh"
# Dagster's own run tags for the partition (or partition range) a run covers.
PARTITION_TAG = "dagster/partition"
RANGE_START_TAG = "dagster/asset_partition_range_start"
RANGE_END_TAG = "dagster/asset_partition_range_end"
# The dbt vars of a window and the environment variables that carry them (macro score_date_bounds).
WINDOW_ENV = {"score_start_date": "HEALTH_SCORE_START_DATE", "score_end_date": "HEALTH_SCORE_END_DATE"}


def partitions_start() -> str:
    """First day of history Dagster offers (HEALTH_HISTORY_START, default 2025-01-01)."""
    return os.environ.get("HEALTH_HISTORY_START", "2025-01-01")


daily_partitions = DailyPartitionsDefinition(start_date=partitions_start(), timezone="UTC")


@dataclass(frozen=True)
class DbtWindow:
    """The days a run scores, as dbt sees them: the vars it stands for, and the refresh flag."""

    dbt_vars: dict[str, str]
    full_refresh: bool = False

    def args(self) -> list[str]:
        """Arguments to append to `dbt build`."""
        return ["--full-refresh"] if self.full_refresh else []

    def env(self) -> dict[str, str]:
        """Environment for the dbt process: both variables always set (empty = not given), so a
        window never leaks from one run into the next in a long-lived process."""
        return {name: self.dbt_vars.get(var, "") for var, name in WINDOW_ENV.items()}

    def describe(self) -> str:
        flags = " with --full-refresh" if self.full_refresh else ""
        if not self.dbt_vars:
            return f"latest day of data{flags}"
        return json.dumps(self.dbt_vars, sort_keys=True) + flags


def window_args(
    first_day: dt.date | None,
    last_day: dt.date | None,
    *,
    late_data_lookback: bool = False,
    full_refresh: bool = False,
) -> DbtWindow:
    """dbt vars for the partitions [first_day, last_day] (both inclusive).

    - A window scores exactly its days: re-running a day replaces that day and nothing else.
    - late_data_lookback (the daily schedule): only the last day is given, and dbt also rescores
      the `late_data_lookback_days` before it, picking up rows that arrived late.
    - full_refresh: the incremental tables are dropped and rebuilt for the window alone (days
      outside it are gone afterwards: give the whole history to rebuild it).
    - No window (a run of the non-partitioned assets alone): no vars, and dbt scores the latest
      day of data with its lookback.
    """
    if first_day is None or last_day is None:
        return DbtWindow({}, full_refresh)
    if first_day > last_day:
        raise ValueError(f"partition window starts {first_day} after it ends {last_day}")
    if late_data_lookback:
        return DbtWindow({"score_end_date": last_day.isoformat()}, full_refresh)
    return DbtWindow(
        {"score_start_date": first_day.isoformat(), "score_end_date": last_day.isoformat()},
        full_refresh,
    )


def _flag(tags: Mapping[str, str], name: str) -> bool:
    return str(tags.get(name, "")).strip().lower() in {"1", "true", "yes"}


def window_from_tags(tags: Mapping[str, str]) -> DbtWindow:
    """The window of a run from its tags: a single partition, a partition range, or none."""
    if RANGE_START_TAG in tags and RANGE_END_TAG in tags:
        first, last = tags[RANGE_START_TAG], tags[RANGE_END_TAG]
    elif PARTITION_TAG in tags:
        first = last = tags[PARTITION_TAG]
    else:
        first = last = None
    return window_args(
        dt.date.fromisoformat(first) if first else None,
        dt.date.fromisoformat(last) if last else None,
        late_data_lookback=_flag(tags, LOOKBACK_TAG),
        full_refresh=_flag(tags, FULL_REFRESH_TAG),
    )


def range_tags(first_day: dt.date, last_day: dt.date, **flags: bool) -> dict[str, str]:
    """Run tags for one run over [first_day, last_day] (a single-run backfill)."""
    tags = {RANGE_START_TAG: first_day.isoformat(), RANGE_END_TAG: last_day.isoformat()}
    if flags.get("late_data_lookback"):
        tags[LOOKBACK_TAG] = "true"
    if flags.get("full_refresh"):
        tags[FULL_REFRESH_TAG] = "true"
    return tags
