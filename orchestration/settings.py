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


def dagster_home() -> Path:
    """The Dagster instance runs are recorded in: DAGSTER_HOME (a relative path is taken from the
    current directory), default the project's `dagster_home/`, which `make dagster-dev` opens."""
    raw = os.environ.get("DAGSTER_HOME", "").strip()
    return Path(raw).resolve() if raw else (PROJECT_DIR / "dagster_home").resolve()


def use_dagster_home() -> Path:
    """Point DAGSTER_HOME at dagster_home() as an absolute path (Dagster refuses a relative one),
    creating the folder, so this process and the processes it starts share that instance."""
    home = dagster_home()
    home.mkdir(parents=True, exist_ok=True)
    os.environ["DAGSTER_HOME"] = str(home)
    # A run over a range of daily partitions announces each asset once with the range, not once
    # per asset and day: a year's run otherwise writes some 11,600 "planned" events into the
    # instance's SQLite log before anything runs (measured: 12 minutes on a loaded 2-core
    # machine). The cost: a failed run marks its run failed, not each day of it.
    os.environ.setdefault("DAGSTER_EMIT_PARTITION_SUBSET_IN_PLANNED_EVENTS", "true")
    return home


def release_grace_seconds() -> float:
    """How long a release stays on disk after it stops being current (HEALTH_RELEASE_GRACE_SECONDS,
    default 3600): a reader that opened it just before a switch has that long to finish."""
    raw = os.environ.get("HEALTH_RELEASE_GRACE_SECONDS", "").strip()
    if not raw:
        return 3600.0
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not value >= 0:
        raise ValueError(f"HEALTH_RELEASE_GRACE_SECONDS must be a number of seconds >= 0, not {raw!r}")
    return value


def history_file() -> Path:
    """Where the first day of the history is kept for Dagster's daily partitions (beside the
    warehouse: `<file>.history.json`)."""
    path = warehouse_path()
    return path.with_name(path.name + ".history.json")


def project_var(name: str, default=None):
    """A dbt var as dbt_project.yml sets it (a run may override it with --vars)."""
    import yaml

    project = yaml.safe_load((dbt_project_dir() / "dbt_project.yml").read_text())
    return (project.get("vars") or {}).get(name, default)
