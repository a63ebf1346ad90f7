"""A sensor that keeps the instance truthful when a writer dies: the lock goes with the process,
but its Dagster run would stay "started" for ever and hold up the run queue (one run at a time).
Every minute, when nobody holds the writer lock and the lock file still names a run in progress,
that run is marked failed and the queue moves on."""

from __future__ import annotations

from dagster import DefaultSensorStatus, SensorEvaluationContext, SkipReason, sensor

from orchestration.locking import WarehouseLocked, current_holder, writer_lock
from orchestration.resources import fail_abandoned_run
from orchestration.settings import warehouse_path


@sensor(minimum_interval_seconds=60, default_status=DefaultSensorStatus.RUNNING,
        description="Marks a run failed when its process died holding the warehouse's writer lock.")
def abandoned_runs(context: SensorEvaluationContext):
    holder = current_holder(warehouse_path())
    if holder is None or not holder.run_id:
        return SkipReason("the writer lock names no run")
    try:
        with writer_lock(warehouse_path(), command="dagster sensor abandoned_runs", timeout=0) as lock:
            failed = fail_abandoned_run(context.instance, lock.taken_over)
    except WarehouseLocked:
        return SkipReason(f"the writer lock is held by {holder.describe()}")
    return SkipReason(f"marked run {failed} failed: its process died holding the writer lock"
                      if failed else "the run the lock file names has finished")
