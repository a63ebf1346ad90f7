"""Shared builds: dbt is slow to start, so each warehouse is built once per test session."""

from __future__ import annotations

import datetime as dt
import json
import shutil
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


@pytest.fixture(scope="session")
def sample_publication(sample_backtest, tmp_path_factory) -> Path:
    """The sample book's marts published for BI (the folder holding `current`), as the console
    and BI tools read them."""
    from orchestration.publish import publish

    folder = tmp_path_factory.mktemp("published")
    publish(sample_backtest.path, folder, source="tests: sample book")
    return folder
