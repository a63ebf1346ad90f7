"""Run dbt for this project (as a subprocess, so the DuckDB file is closed when it returns)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from orchestration import PROJECT_DIR
from orchestration.settings import dbt_env, warehouse_path


class DbtError(RuntimeError):
    """dbt exited with a failure; the message holds the tail of its output."""


def dbt_executable() -> str:
    candidate = Path(sys.executable).with_name("dbt")
    if candidate.exists():
        return str(candidate)
    found = shutil.which("dbt")
    if not found:
        raise DbtError("dbt is not installed in this environment (run `make install`)")
    return found


def score_vars(
    start: str | None = None, end: str | None = None, extra: dict | None = None
) -> dict:
    """dbt vars for a scoring run: a date range (both None: the latest day of data)."""
    out: dict = dict(extra or {})
    if start or end:
        out["score_start_date"] = start or end
        out["score_end_date"] = end or start
    return out


def run_dbt(
    args: Sequence[str],
    *,
    dbt_vars: dict | None = None,
    quiet: bool = False,
    check: bool = True,
    database: Path | None = None,
    project_dir: Path = PROJECT_DIR,
    artefacts: Path | None = None,
    extra_env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run `dbt <args>` with the project's profile; raise DbtError on failure.

    database: the DuckDB file to build (default: HEALTH_DUCKDB_PATH or the project's warehouse).
    project_dir: the dbt project (tests point it at a modified copy).
    artefacts: folder for dbt's target/ and logs/ (default: beside `database`, when given).
    extra_env: more environment variables, e.g. HEALTH_TARGET and the Postgres settings.
    """
    (Path(database) if database else warehouse_path()).parent.mkdir(parents=True, exist_ok=True)
    cmd = [
        dbt_executable(),
        *args,
        "--project-dir",
        str(project_dir),
        "--profiles-dir",
        str(project_dir),
    ]
    if artefacts is None and database:
        # a separate warehouse keeps its own artefacts (run_results.json, logs) beside it
        artefacts = Path(database).resolve().parent
    if artefacts:
        cmd += ["--target-path", str(artefacts / "target"), "--log-path", str(artefacts / "logs")]
    if dbt_vars:
        cmd += ["--vars", json.dumps(dbt_vars)]
    proc = subprocess.run(
        cmd,
        cwd=project_dir,
        env={**dbt_env(database), **(extra_env or {})},
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    if not quiet:
        sys.stdout.write(proc.stdout)
    if check and proc.returncode != 0:
        tail = "\n".join(proc.stdout.splitlines()[-40:])
        raise DbtError(f"dbt {' '.join(args)} failed (exit {proc.returncode}):\n{tail}")
    return proc
