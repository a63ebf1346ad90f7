"""Where things live. Every path can be overridden with an environment variable."""

from __future__ import annotations

import os
from pathlib import Path

from orchestration import PROJECT_DIR


def dbt_project_dir() -> Path:
    """The dbt project Dagster builds (HEALTH_DBT_PROJECT_DIR; default: this repository)."""
    return Path(os.environ.get("HEALTH_DBT_PROJECT_DIR", PROJECT_DIR)).resolve()


def warehouse_path() -> Path:
    """The working DuckDB file dbt writes to (the single writer; BI never opens it)."""
    return Path(
        os.environ.get("HEALTH_DUCKDB_PATH", PROJECT_DIR / "warehouse" / "account_health.duckdb")
    ).resolve()


def dbt_env(database: Path | None = None) -> dict[str, str]:
    """Environment for a dbt process: absolute paths, so dbt works from any directory."""
    env = dict(os.environ)
    path = Path(database).resolve() if database else warehouse_path()
    env["HEALTH_DUCKDB_PATH"] = str(path)
    if database or "HEALTH_DUCKDB_TEMP_DIR" not in env:
        env["HEALTH_DUCKDB_TEMP_DIR"] = str(path.parent / "tmp")
    env.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    return env


def export_health_env() -> None:
    """Put the absolute HEALTH_* settings of dbt_env() into this process's environment, for dbt
    processes started by others (dagster-dbt passes os.environ on)."""
    os.environ.update({k: v for k, v in dbt_env().items() if k.startswith("HEALTH_")})


def publish_dir() -> Path:
    """Where publications for BI go (HEALTH_PUBLISH_DIR, default: `published` beside the warehouse)."""
    default = warehouse_path().parent / "published"
    return Path(os.environ.get("HEALTH_PUBLISH_DIR", default)).resolve()


def reports_dir() -> Path:
    """Where the weight proposal goes (HEALTH_REPORTS_DIR, default: `reports` beside the warehouse)."""
    return Path(os.environ.get("HEALTH_REPORTS_DIR", warehouse_path().parent / "reports")).resolve()


def project_var(name: str, default=None):
    """A dbt var as dbt_project.yml sets it (a run may override it with --vars)."""
    import yaml

    project = yaml.safe_load((dbt_project_dir() / "dbt_project.yml").read_text())
    return (project.get("vars") or {}).get(name, default)
