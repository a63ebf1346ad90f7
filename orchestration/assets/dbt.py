"""The dbt project as Dagster assets: the daily-partitioned history and everything else.

- `health_history`: the incremental models (selected by `config.materialized:incremental`),
  partitioned by day. A backfill of any range is one dbt run (BackfillPolicy.single_run) with
  the window given by `orchestration.partitions.window_args`.
- `health_models`: seeds, staging, configuration, the window's working tables and the
  snapshot marts (current health, at-risk queue), not partitioned.

The intermediate tables hold the window being scored, so both steps of a run read the window
from the run's tags and give dbt the same one. dbt tests become asset checks (dagster-dbt).
"""


import os
from collections.abc import Iterator

from dagster import AssetExecutionContext, BackfillPolicy
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtCliResource, dbt_assets

from orchestration.partitions import daily_partitions, window_from_tags
from orchestration.project import health_project
from orchestration.resources import WarehouseWriter
from orchestration.settings import dbt_project_dir, export_health_env
from orchestration.validation import check_project

# The incremental models and every model on a path between two of them (the working tables of
# the scored window): one contiguous block, so a run is three dbt invocations (inputs, the
# window, the snapshot marts) rather than a back-and-forth between the two definitions.
INCREMENTAL = "config.materialized:incremental+,+config.materialized:incremental"
# Groups and owners: dagster-dbt's defaults read meta.dagster.group / meta.dagster.owners, which
# dbt_project.yml sets per layer (seeds and the configuration models: `config`).
translator = DagsterDbtTranslator(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True))


def _build(context: AssetExecutionContext, dbt: DbtCliResource) -> Iterator:
    """`dbt build` of the selected models for the run's window, streamed as Dagster events."""
    export_health_env()
    check_project(dbt_project_dir())  # a band scheme the seed lacks fails here, naming it
    # A test runs in the step that builds the last of its models ("buildable"), not in the first
    # one (dbt's default "eager" would test the daily fact before this run's step built it).
    os.environ.setdefault("DBT_INDIRECT_SELECTION", "buildable")
    window = window_from_tags(context.run.tags)
    context.log.info(f"dbt window: {window.describe()}")
    # dagster-dbt hands the dbt process a copy of this process's environment, taken when the
    # process starts: set the window for that moment only, so it cannot leak into later runs
    saved = {name: os.environ.get(name) for name in window.env()}
    os.environ.update(window.env())
    try:
        invocation = dbt.cli(["build", *window.args()], context=context)
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    yield from invocation.stream()


@dbt_assets(
    manifest=health_project.manifest_path,
    project=health_project,
    select=INCREMENTAL,
    partitions_def=daily_partitions(),
    backfill_policy=BackfillPolicy.single_run(),
    dagster_dbt_translator=translator,
    name="health_history",
    pool="duckdb_writer",
)
def health_history(context: AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseWriter):
    """The daily history: one partition per scored day."""
    yield from _build(context, dbt)


@dbt_assets(
    manifest=health_project.manifest_path,
    project=health_project,
    exclude=INCREMENTAL,
    dagster_dbt_translator=translator,
    name="health_models",
    pool="duckdb_writer",
)
def health_models(context: AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseWriter):
    """Seeds, staging, configuration, working tables and the snapshot marts."""
    yield from _build(context, dbt)
