"""The dbt project as Dagster sees it (dagster-dbt's DbtProject)."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from dagster_dbt import DbtProject

from orchestration.dbt_runner import run_dbt
from orchestration.settings import dbt_project_dir, export_health_env

# dagster-dbt looks for `dbt` on PATH; the one installed beside this Python is the one we pin.
if shutil.which("dbt") is None and (Path(sys.executable).parent / "dbt").exists():
    os.environ["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"

health_project = DbtProject(
    project_dir=dbt_project_dir(),
    profiles_dir=dbt_project_dir(),
    target=os.environ.get("HEALTH_TARGET", "duckdb"),
)


def prepare_manifest() -> None:
    """Write target/manifest.json (`dbt parse`): Dagster reads the asset graph from it."""
    export_health_env()
    project = dbt_project_dir()
    run_dbt(["parse", "--quiet"], quiet=True, project_dir=project, artefacts=project)


# `dagster dev` parses the project when it starts; tests, CI and the CLI call prepare_manifest().
health_project.prepare_if_dev()
if os.environ.get("DAGSTER_IS_DEFS_VALIDATION_CLI") and not health_project.manifest_path.exists():
    prepare_manifest()  # `dagster definitions validate` on a fresh clone
