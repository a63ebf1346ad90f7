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
from pathlib import Path

from dagster import DailyPartitionsDefinition

from orchestration.settings import history_file

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
    """First day of history Dagster offers, YYYY-MM-DD.

    HEALTH_HISTORY_START when set; otherwise the first day of the data, as the last command or
    run that wrote the warehouse recorded it (`record_history_start`: the first day of activity
    staging kept, or the first day scored if earlier); with no data yet, 365 days before today.
    """
    override = os.environ.get("HEALTH_HISTORY_START", "").strip()
    if override:
        return _iso_day(override, "HEALTH_HISTORY_START").isoformat()
    recorded = recorded_history_start()
    if recorded is not None:
        return recorded.isoformat()
    return (dt.datetime.now(dt.timezone.utc).date() - dt.timedelta(days=365)).isoformat()


def daily_partitions() -> DailyPartitionsDefinition:
    """The daily partitions of the history, from partitions_start() (read when the definitions
    load: `dagster dev` shows a new first day after *Reload definitions*)."""
    return DailyPartitionsDefinition(start_date=partitions_start(), timezone="UTC")


def _iso_day(value: str, what: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{what} must be a day as YYYY-MM-DD, not {value!r}") from None


def recorded_history_start() -> dt.date | None:
    """The first day recorded beside the warehouse, or None."""
    try:
        data = json.loads(history_file().read_text())
        return dt.date.fromisoformat(data["first_day"])
    except (FileNotFoundError, ValueError, KeyError, TypeError):
        return None


def record_history_start(first_day: dt.date, *, source: str, extend_only: bool = False) -> dt.date:
    """Record the first day of the history (atomically; the writer lock is held). extend_only:
    keep an earlier day already recorded. Returns the day recorded."""
    recorded = recorded_history_start()
    if extend_only and recorded is not None and recorded <= first_day:
        return recorded
    path = history_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    tmp.write_text(json.dumps({"first_day": first_day.isoformat(), "source": source,
                               "recorded_at": dt.datetime.now(dt.timezone.utc).isoformat(
                                   timespec="seconds")}) + "\n")
    os.replace(tmp, path)
    return first_day


# Activity that says the history has started (what the daily grain and the backtest warm-up
# count from); subscription and invoice history reach back years before any usage.
ACTIVITY_DATES = {
    "stg_raw__product_events": "occurred_date",
    "stg_raw__support_tickets": "created_date",
    "stg_raw__survey_responses": "responded_date",
    "stg_raw__csm_assessments": "assessed_date",
}


def first_day_of_history(database: Path) -> dt.date | None:
    """The first day of activity staging kept (rows set aside do not count) or the first day the
    daily fact holds, whichever is earlier; None when neither exists."""
    import duckdb

    from orchestration.catalog import tables_in
    from orchestration.quoting import identifier

    with duckdb.connect(str(database), read_only=True) as con:
        days = []
        staging = tables_in(con, "staging")
        for model, column in ACTIVITY_DATES.items():
            if model in staging:
                days.append(con.execute(f"select min({identifier(column)}) from staging.{identifier(model)}"
                                        ).fetchall()[0][0])
        if "fct_account_health_daily" in tables_in(con, "marts"):
            days.append(con.execute("select min(score_date) from marts.fct_account_health_daily"
                                    ).fetchall()[0][0])
    found = [d for d in days if d is not None]
    return min(found) if found else None


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
