"""Run the Dagster graph in process: what `account-health run` and `backfill` do.

The same definitions `dagster dev` shows; materialising them here needs no daemon or webserver.
Runs are recorded in the project's Dagster instance (`dagster_home/`, or DAGSTER_HOME; a
relative path is taken from the current directory), the one `make dagster-dev` opens, so the UI
shows what the command line ran: materialisations, check results and their metadata.
A run holds the warehouse's writer lock from start to end (see orchestration.locking).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from orchestration.locking import writer_lock
from orchestration.partitions import range_tags, record_history_start
from orchestration.project import prepare_manifest
from orchestration.settings import use_dagster_home, warehouse_path


@dataclass
class RunOutcome:
    """What a run did, for the summary and for tests."""

    success: bool
    seconds: float
    steps: list[tuple[str, float]] = field(default_factory=list)
    publication: dict = field(default_factory=dict)
    proposal: dict = field(default_factory=dict)
    log_file: Path | None = None
    error: str = ""


def materialize_health(
    first_day: dt.date,
    last_day: dt.date,
    *,
    raw_config: dict | None = None,
    include_raw: bool = True,
    full_refresh: bool = False,
    late_data_lookback: bool = False,
    verbose: bool = False,
    log_file: Path | None = None,
    instance=None,
    prepare: bool = True,
) -> RunOutcome:
    """Materialise the graph for the daily partitions [first_day, last_day] in one run.

    include_raw: also (re)write the raw tables (generate a sample book or load files, per
    raw_config); without it the raw tables in the warehouse are used as they are.
    Output of dbt and Dagster goes to log_file unless verbose. prepare: parse the dbt project
    first (skip it when the manifest is known to be current). instance: default the project's.
    """
    with writer_lock(warehouse_path(), notify=lambda message: print(message, file=sys.stderr)):
        # The daily partitions must reach back to the window (they are read when the
        # definitions are imported, just below, the first time in this process).
        record_history_start(first_day, source="account-health run window", extend_only=True)
        if prepare:
            prepare_manifest()
        return _materialize(first_day, last_day, raw_config=raw_config, include_raw=include_raw,
                            full_refresh=full_refresh, late_data_lookback=late_data_lookback,
                            verbose=verbose, log_file=log_file, instance=instance)


def _materialize(first_day: dt.date, last_day: dt.date, *, raw_config: dict | None, include_raw: bool,
                 full_refresh: bool, late_data_lookback: bool, verbose: bool, log_file: Path | None,
                 instance) -> RunOutcome:
    # Imported here: the definitions read target/manifest.json, which prepare_manifest() writes.
    from dagster import AssetSelection, DagsterInstance, materialize

    from orchestration.assets.dbt import health_history
    from orchestration.definitions import all_assets, all_checks, defs

    start = health_history.partitions_def.start.date()
    if first_day < start:
        raise ValueError(f"{first_day} is before the first daily partition {start} this process "
                         "loaded: set HEALTH_HISTORY_START to an earlier day, or run it in a new process")

    selection = AssetSelection.all()
    if not include_raw:
        selection = selection - AssetSelection.groups("raw")
    run_config: dict = {"loggers": {"console": {"config": {"log_level": "INFO" if verbose else "ERROR"}}}}
    if include_raw:
        run_config["ops"] = {"raw_tables": {"config": raw_config or {}}}
    if instance is None:
        use_dagster_home()
        instance = DagsterInstance.get()
    tags = range_tags(first_day, last_day, full_refresh=full_refresh, late_data_lookback=late_data_lookback)
    started = time.monotonic()
    sink = io.StringIO()
    with contextlib.ExitStack() as quiet:
        if not verbose:
            quiet.enter_context(contextlib.redirect_stdout(sink))
            quiet.enter_context(contextlib.redirect_stderr(sink))
        result = materialize(
            [*all_assets, *all_checks],
            resources=defs.resources,
            run_config=run_config,
            tags=tags,
            selection=selection,
            instance=instance,
            raise_on_error=False,
        )
    outcome = RunOutcome(success=result.success, seconds=time.monotonic() - started)
    if log_file is not None and not verbose:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        log_file.write_text(sink.getvalue())
        outcome.log_file = log_file
    for event in result.all_events:
        if event.event_type_value == "STEP_SUCCESS":
            outcome.steps.append((event.step_key or "", event.event_specific_data.duration_ms / 1000))
        if event.event_type_value == "STEP_FAILURE" and not outcome.error:
            error = event.event_specific_data.error
            outcome.error = f"step {event.step_key} failed: {error.message.strip() if error else ''}"
    for event in result.get_asset_materialization_events():
        if event.asset_key.path == ["bi_publication"]:
            outcome.publication = {k: v.value for k, v in event.materialization.metadata.items()}
        if event.asset_key.path == ["weight_proposal"]:
            outcome.proposal = {k: v.value for k, v in event.materialization.metadata.items()}
    return outcome
