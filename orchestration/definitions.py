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
from orchestration.schedules import health_daily, health_daily_schedule

all_assets = [raw_tables, health_models, health_history, bi_publication, weight_proposal]
all_checks = load_asset_checks_from_modules([checks])

defs = Definitions(
    assets=all_assets,
    asset_checks=all_checks,
    jobs=[health_daily],
    schedules=[health_daily_schedule],
    resources={"dbt": DbtCliResource(project_dir=health_project, dbt_executable=dbt_executable())},
    # One writer at a time on the DuckDB file: steps run one after another in the run's process.
    executor=in_process_executor,
)
