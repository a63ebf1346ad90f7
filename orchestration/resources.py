"""The writer lock as a Dagster resource: every asset and check that touches the working
warehouse requires it, so every run that does holds the lock from its first step to its last.

With the in-process executor (the project's), Dagster sets a run's resources up once before its
first step and tears them down after its last, so the lock covers the whole run: a CLI command
cannot slip in between two steps of a run launched from the UI or the schedule, nor the other way
round. The CLI takes the lock itself before it starts its in-process run; the resource then
finds it already held by this process and only records the run id in the lock file.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from dagster import ConfigurableResource, DagsterInstance, DagsterRunStatus, InitResourceContext

from orchestration.locking import Holder, writer_lock
from orchestration.settings import warehouse_path

IN_PROGRESS = (DagsterRunStatus.NOT_STARTED, DagsterRunStatus.STARTING, DagsterRunStatus.STARTED,
               DagsterRunStatus.CANCELING)


def fail_abandoned_run(instance: DagsterInstance, holder: Holder | None, *, current_run: str = "") -> str:
    """A writer that died holding the lock may leave its Dagster run 'in progress' for ever (a
    killed CLI run has no daemon watching it): mark that run failed, so the UI tells the truth
    and its queue is not blocked. Returns the run id marked, or ''."""
    if holder is None or not holder.run_id or holder.run_id == current_run:
        return ""
    run = instance.get_run_by_id(holder.run_id)
    if run is None or run.status not in IN_PROGRESS:
        return ""
    instance.report_run_failed(
        run, f"the process running it ({holder.describe()}) ended without finishing; "
             "the next writer of the warehouse found its lock and took it over")
    if instance.event_log_storage.supports_global_concurrency_limits:
        instance.event_log_storage.free_concurrency_slots_for_run(run.run_id)
    return run.run_id


class WarehouseWriter(ConfigurableResource):
    """Holds the exclusive writer lock of the working warehouse for the whole run."""

    @contextmanager
    def yield_for_execution(self, context: InitResourceContext) -> Iterator[WarehouseWriter]:
        run = context.run
        run_id = run.run_id if run else ""
        command = f"dagster run {run_id} of job {run.job_name}" if run else "dagster run"

        def notify(message: str) -> None:
            if context.log:
                context.log.info(message)
            else:
                print(message, file=sys.stderr)

        with writer_lock(warehouse_path(), command=command, notify=notify) as lock:
            if run_id:
                lock.set_run_id(run_id)
            if context.instance is not None:
                failed = fail_abandoned_run(context.instance, lock.taken_over, current_run=run_id)
                if failed:
                    notify(f"marked run {failed} failed: its process died holding the writer lock")
            yield self
