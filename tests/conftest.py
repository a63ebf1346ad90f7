"""Shared builds: dbt is slow to start, so each warehouse is built once per test session."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from orchestration import PROJECT_DIR
from orchestration.dbt_runner import run_dbt
from orchestration.load_files import load_raw_files
from orchestration.sample_data import GeneratorConfig, generate
from tests.known_accounts import DATA_DAYS, END, insert_known_accounts

FIXTURES = Path(__file__).parent / "fixtures"
SCORE_START = END - dt.timedelta(days=30)
CLI = str(Path(sys.executable).with_name("account-health"))


@pytest.fixture(scope="session", autouse=True)
def isolated_settings(tmp_path_factory):
    """Keep the session away from the developer's warehouse and Dagster instance: a throwaway
    warehouse path and instance, and a fixed first daily partition for the in-process runs (their
    fixed dates must not depend on today's date). Tests of the defaults unset them."""
    root = tmp_path_factory.mktemp("session")
    home = root / "dagster_home"
    home.mkdir()
    shutil.copy(PROJECT_DIR / "dagster_home" / "dagster.yaml", home / "dagster.yaml")
    settings = {"HEALTH_DUCKDB_PATH": str(root / "warehouse" / "account_health.duckdb"),
                "DAGSTER_HOME": str(home), "HEALTH_HISTORY_START": "2024-01-01"}
    saved = {key: os.environ.get(key) for key in settings}
    os.environ.update(settings)
    yield settings
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@dataclass
class Warehouse:
    """A built DuckDB warehouse and the dbt run that built it."""

    path: Path
    build_output: str

    def query(self, sql: str, params: list | None = None) -> list[tuple]:
        with duckdb.connect(str(self.path), read_only=True) as con:
            return con.execute(sql, params or []).fetchall()

    def one(self, sql: str, params: list | None = None):
        rows = self.query(sql, params)
        assert len(rows) == 1, f"expected one row, got {len(rows)}: {sql}"
        return rows[0]

    def run_results(self) -> dict:
        return json.loads((self.path.parent / "target" / "run_results.json").read_text())


def project_copy(tmp: Path) -> Path:
    """A copy of the dbt project (no .venv, no warehouse) under tmp, for tests that edit it."""
    target = tmp / "project"
    target.mkdir()
    for name in ("dbt_project.yml", "profiles.yml"):
        shutil.copy(PROJECT_DIR / name, target / name)
    for folder in ("models", "macros", "seeds", "tests/dbt"):
        shutil.copytree(PROJECT_DIR / folder, target / folder)
    return target


def build(path: Path, dbt_vars: dict) -> str:
    return run_dbt(["build"], dbt_vars=dbt_vars, database=path, quiet=True).stdout


KNOWN_VARS = {
    "score_start_date": SCORE_START.isoformat(),
    "score_end_date": END.isoformat(),
    "load_date": (END + dt.timedelta(days=1)).isoformat(),
}


@pytest.fixture(scope="session")
def known_warehouse(tmp_path_factory) -> Warehouse:
    """Generated sample data (40 accounts, with defects) plus the hand-built known accounts,
    scored for the 31 days up to END."""
    path = tmp_path_factory.mktemp("known") / "health.duckdb"
    with duckdb.connect(str(path)) as con:
        generate(con, GeneratorConfig(accounts=40, days=DATA_DAYS, seed=3, end_date=END),
                 progress=False)
        insert_known_accounts(con)
    return Warehouse(path, build(path, KNOWN_VARS))


@pytest.fixture(scope="session")
def sample_backtest(tmp_path_factory) -> Warehouse:
    """The bundled sample book (make run: 500 accounts x 365 days, seed 42), every day scored."""
    path = tmp_path_factory.mktemp("backtest") / "health.duckdb"
    with duckdb.connect(str(path)) as con:
        generate(con, GeneratorConfig(accounts=500, days=365, seed=42, end_date=END), progress=False)
    dbt_vars = {"score_start_date": (END - dt.timedelta(days=364)).isoformat(), "score_end_date": END.isoformat(),
                "load_date": (END + dt.timedelta(days=1)).isoformat()}
    return Warehouse(path, build(path, dbt_vars))


@pytest.fixture(scope="session")
def bad_input_warehouse(tmp_path_factory) -> Warehouse:
    """The bad-input fixture loaded from files, scored on its latest day of data."""
    path = tmp_path_factory.mktemp("bad") / "health.duckdb"
    with duckdb.connect(str(path)) as con:
        load_raw_files(con, FIXTURES / "bad_input")
    return Warehouse(path, build(path, {"load_date": "2026-06-30"}))


# --- a real `account-health run`, shared by the operator tests ---------------------------------

# A folder name holding a quote, a space and a glob pattern: every path spliced into SQL must be
# quoted and taken literally.
AWKWARD_FOLDER = "it's a [1]"
RUN_END = dt.date(2024, 12, 15)  # before 2025-01-01: the history starts where the data starts
RUN_ARGS = ["run", "--accounts", "30", "--days", "60", "--seed", "7", "--end-date", RUN_END.isoformat()]


@dataclass
class CliRun:
    """Two `account-health run` processes started a second apart on one warehouse: the first
    (seed 7) holds the writer lock, the second (seed 8) gives up after HEALTH_LOCK_TIMEOUT=1."""

    folder: Path
    env: dict[str, str]
    first: subprocess.CompletedProcess
    second: subprocess.CompletedProcess
    first_pid: int

    @property
    def warehouse(self) -> Path:
        return Path(self.env["HEALTH_DUCKDB_PATH"])

    @property
    def publish_dir(self) -> Path:
        return self.warehouse.parent / "published"

    @property
    def dagster_home(self) -> Path:
        return Path(self.env["DAGSTER_HOME"])


def cli_env(folder: Path) -> dict[str, str]:
    """The environment of a CLI process on its own warehouse and instance, with the defaults
    (no HEALTH_HISTORY_START: the partitions follow the data)."""
    env = {k: v for k, v in os.environ.items() if k not in {"HEALTH_HISTORY_START", "HEALTH_DUCKDB_TEMP_DIR",
                                                            "HEALTH_PUBLISH_DIR", "HEALTH_REPORTS_DIR"}}
    home = folder / "dagster_home"
    home.mkdir(parents=True, exist_ok=True)
    shutil.copy(PROJECT_DIR / "dagster_home" / "dagster.yaml", home / "dagster.yaml")
    env.update({"HEALTH_DUCKDB_PATH": str(folder / AWKWARD_FOLDER / "account_health.duckdb"),
                "DAGSTER_HOME": str(home)})
    return env


@pytest.fixture(scope="session")
def cli_run(tmp_path_factory) -> CliRun:
    from orchestration.locking import current_holder

    folder = tmp_path_factory.mktemp("cli")
    env = cli_env(folder)
    warehouse = Path(env["HEALTH_DUCKDB_PATH"])
    first = subprocess.Popen([CLI, *RUN_ARGS], env=env, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    started = time.monotonic()
    # Start the second a second later, once the first holds the lock (its imports take a moment).
    while time.monotonic() - started < 60 and first.poll() is None:
        holder = current_holder(warehouse)
        if holder is not None and holder.pid == first.pid and time.monotonic() - started >= 1:
            break
        time.sleep(0.1)
    second = subprocess.run([CLI, *RUN_ARGS[:-4], "--seed", "8", *RUN_ARGS[-2:]],
                            env={**env, "HEALTH_LOCK_TIMEOUT": "1"}, text=True, capture_output=True)
    out, err = first.communicate(timeout=1800)
    done = subprocess.CompletedProcess(first.args, first.returncode, out, err)
    return CliRun(folder, env, done, second, first.pid)
@pytest.fixture(scope="session")
def sample_publication(sample_backtest, tmp_path_factory) -> Path:
    """The sample book's marts published for BI (the folder holding `current`), as the console
    and BI tools read them."""
    from orchestration.publish import publish

    folder = tmp_path_factory.mktemp("published")
    publish(sample_backtest.path, folder, source="tests: sample book")
    return folder
