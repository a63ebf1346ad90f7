"""Run the Dagster graph in process: what `account-health run` and `backfill` do.

The same definitions `dagster dev` shows; materialising them here needs no daemon or webserver.
With DAGSTER_HOME set, runs are recorded in that instance (and appear in the UI); otherwise in a
throwaway one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from orchestration.partitions import range_tags
from orchestration.project import prepare_manifest


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
    first (skip it when the manifest is known to be current).
    """
    if prepare:
        prepare_manifest()
    # Imported here: the definitions read target/manifest.json, which prepare_manifest() writes.
    from dagster import AssetSelection, DagsterInstance, materialize

    from orchestration.definitions import all_assets, all_checks, defs

    selection = AssetSelection.all()
    if not include_raw:
        selection = selection - AssetSelection.groups("raw")
    run_config: dict = {"loggers": {"console": {"config": {"log_level": "INFO" if verbose else "ERROR"}}}}
    if include_raw:
        run_config["ops"] = {"raw_tables": {"config": raw_config or {}}}
    if instance is None:
        instance = DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else DagsterInstance.ephemeral()
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
