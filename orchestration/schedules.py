"""The daily job and its schedule.

`health_daily` builds everything downstream of the raw tables (the raw data itself is the
warehouse's, or `raw_tables` when you generate or load it) and publishes. Its schedule runs at
02:00 UTC for yesterday's partition with the late-data lookback, so rows that arrived late for
the days before are picked up too. Schedules start stopped: turn it on in the UI (Automation) or
with `dagster schedule start health_daily_schedule -m orchestration.definitions`.
"""

from __future__ import annotations

import datetime as dt

from dagster import (
    AssetSelection,
    DefaultScheduleStatus,
    RunRequest,
    ScheduleEvaluationContext,
    define_asset_job,
    schedule,
)

from orchestration.partitions import LOOKBACK_TAG, partitions_start

health_daily = define_asset_job(
    "health_daily",
    selection=AssetSelection.all() - AssetSelection.groups("raw"),
    description="Score a day (or a range: launch a backfill) and publish the marts for BI.",
)


@schedule(
    job=health_daily,
    cron_schedule="0 2 * * *",
    execution_timezone="UTC",
    default_status=DefaultScheduleStatus.STOPPED,
    description="Every day at 02:00 UTC: score yesterday and rescore the late-data lookback days.",
)
def health_daily_schedule(context: ScheduleEvaluationContext):
    scheduled = context.scheduled_execution_time or dt.datetime.now(dt.timezone.utc)
    day = (scheduled.astimezone(dt.timezone.utc).date() - dt.timedelta(days=1)).isoformat()
    if day < partitions_start():
        return
    yield RunRequest(run_key=day, partition_key=day, tags={LOOKBACK_TAG: "true"})
