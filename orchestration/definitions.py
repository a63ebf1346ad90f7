"""One Definitions object: `dagster dev -m orchestration.definitions` opens it."""

from __future__ import annotations

from dagster import Definitions, in_process_executor, load_asset_checks_from_modules
from dagster_dbt import DbtCliResource

from orchestration import checks
from orchestration.assets.calibration import weight_proposal
from orchestration.assets.dbt import health_history, health_models
from orchestration.assets.publishing import bi_publication
from orchestration.assets.raw import raw_tables
from orchestration.dbt_runner import dbt_executable
from orchestration.project import health_project
from orchestration.resources import WarehouseWriter
from orchestration.schedules import health_daily, health_daily_schedule
from orchestration.sensors import abandoned_runs

all_assets = [raw_tables, health_models, health_history, bi_publication, weight_proposal]
all_checks = load_asset_checks_from_modules([checks])

defs = Definitions(
    assets=all_assets,
    asset_checks=all_checks,
    jobs=[health_daily],
    schedules=[health_daily_schedule],
    sensors=[abandoned_runs],
    resources={
        "dbt": DbtCliResource(project_dir=health_project, dbt_executable=dbt_executable()),
        # The writer lock beside the DuckDB file, held from a run's first step to its last.
        "warehouse": WarehouseWriter(),
    },
    # One writer at a time on the DuckDB file: steps run one after another in the run's process,
    # whose resources (the writer lock) live for the whole run.
    executor=in_process_executor,
)
