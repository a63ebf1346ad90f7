"""What an operator gives the tools is checked first, and nothing from the data reaches SQL or
HTML unquoted: generated data never replaces real data without --replace-raw, bad dates and
band schemes are named before dbt runs, awkward paths and column names work as they are, and a
segment named `<script>` stays text in the weight report."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import duckdb
import numpy as np
import pytest

from orchestration.calibration import Proposal, ThresholdChoice, evaluate
from orchestration.catalog import tables_in
from orchestration.cli import main
from orchestration.load_files import LOAD_REJECTS
from orchestration.provenance import raw_origin
from orchestration.report import write_report
from orchestration.sample_data import RAW_TABLES
from tests.conftest import FIXTURES, project_copy
from tests.test_engine_postgres import needs_postgres

SMALL = ["--accounts", "5", "--days", "10", "--end-date", "2026-06-30", "--seed", "3"]


@pytest.fixture
def warehouse(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "w" / "account_health.duckdb"
    monkeypatch.setenv("HEALTH_DUCKDB_PATH", str(path))
    return path


def _origin(path: Path):
    with duckdb.connect(str(path), read_only=True) as con:
        return raw_origin(con), tables_in(con, "raw")


def _raw_accounts(path: Path) -> int:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute("select count(*) from raw.accounts").fetchall()[0][0]


# --- generated data never overwrites real data ------------------------------------------------

def test_generate_refuses_to_replace_raw_data_loaded_from_files(warehouse, capsys, monkeypatch):
    assert main(["load-files", str(FIXTURES / "bad_input")]) == 0
    origin, raw = _origin(warehouse)
    assert origin.origin == "files" and str(FIXTURES / "bad_input") in origin.detail
    # the record is not a raw table staging would read (the loader's set-aside lines are)
    assert raw - {LOAD_REJECTS} <= set(RAW_TABLES)
    loaded = _raw_accounts(warehouse)
    capsys.readouterr()

    assert main(["generate", *SMALL]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0
    assert err.startswith(f"error: schema raw of {warehouse} holds raw data from files (files in ")
    assert "--replace-raw" in err
    assert _raw_accounts(warehouse) == loaded and _origin(warehouse)[0].origin == "files"

    # `run` stops before anything runs: no dbt, no Dagster run
    called = []
    monkeypatch.setattr("orchestration.commands.run.materialize_health", lambda *a, **k: called.append(a))
    assert main(["run", *SMALL]) == 1
    assert "holds raw data from files" in capsys.readouterr().err and called == []

    assert main(["generate", *SMALL, "--replace-raw"]) == 0
    assert _origin(warehouse)[0].origin == "generated" and _raw_accounts(warehouse) == 5
    assert main(["generate", *SMALL]) == 0  # generated data may be regenerated freely


def test_raw_tables_from_elsewhere_count_as_the_warehouse_own(warehouse, capsys):
    warehouse.parent.mkdir(parents=True)
    with duckdb.connect(str(warehouse)) as con:
        con.execute("create schema raw; create table raw.accounts as select 'X1' as account_id")
    assert main(["generate", *SMALL]) == 1
    assert "holds raw data from warehouse (1 raw tables not written by account-health)" in \
        capsys.readouterr().err
    assert _raw_accounts(warehouse) == 1


# --- operator input, checked before dbt runs -------------------------------------------------

@pytest.fixture
def no_dbt(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("dbt must not run on bad input")

    monkeypatch.setattr("orchestration.commands.build.run_dbt", refuse)
    monkeypatch.setattr("orchestration.commands.run.materialize_health", refuse)
    monkeypatch.setattr("orchestration.commands.backfill.materialize_health", refuse)


@pytest.mark.parametrize(("env", "message"), [
    ({"HEALTH_SCORE_START_DATE": "2026-02-30"},
     "HEALTH_SCORE_START_DATE must be a day as YYYY-MM-DD, not '2026-02-30'"),
    ({"HEALTH_SCORE_END_DATE": "yesterday"}, "HEALTH_SCORE_END_DATE must be a day as YYYY-MM-DD, not 'yesterday'"),
    ({"HEALTH_SCORE_START_DATE": "2026-06-30", "HEALTH_SCORE_END_DATE": "2026-06-01"},
     "HEALTH_SCORE_START_DATE / HEALTH_SCORE_END_DATE: the first day 2026-06-30 is after the last day 2026-06-01"),
    ({"HEALTH_LOCK_TIMEOUT": "soon"}, "HEALTH_LOCK_TIMEOUT must be a number >= 0, not 'soon'"),
    ({"HEALTH_RELEASE_GRACE_SECONDS": "-5"}, "HEALTH_RELEASE_GRACE_SECONDS must be a number >= 0, not '-5'"),
])
def test_bad_settings_are_named_before_dbt_runs(env, message, warehouse, no_dbt, monkeypatch, capsys):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert main(["build"]) == 1
    assert capsys.readouterr().err == f"error: {message}\n"


@pytest.mark.parametrize("argv", [
    ["build", "--start", "2026-13-01"],
    ["backfill", "--start", "2026-06-01", "--end", "30.6.2026"],
    ["compare", "--engine", "postgres", "--from-files", "x", "--load-date", "2026/06/30"],
    ["run", "--end", "tomorrow"],
    ["run", "--accounts", "0"],
])
def test_bad_arguments_are_named(argv, no_dbt, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    bad = next(a for a in reversed(argv) if not a.startswith("-"))
    assert f"{bad!r}" in capsys.readouterr().err


def test_a_reversed_range_is_named(warehouse, no_dbt, capsys):
    assert main(["build", "--start", "2026-06-30", "--end", "2026-06-01"]) == 1
    assert capsys.readouterr().err == ("error: --start / --end: the first day 2026-06-30 is after "
                                       "the last day 2026-06-01\n")


def test_an_unknown_band_scheme_is_named(tmp_path, warehouse, no_dbt, monkeypatch, capsys):
    project = project_copy(tmp_path)
    config = project / "dbt_project.yml"
    config.write_text(config.read_text().replace("band_scheme: default", "band_scheme: traffic_light"))
    monkeypatch.setenv("HEALTH_DBT_PROJECT_DIR", str(project))
    assert main(["build"]) == 1
    err = capsys.readouterr().err
    assert err == (f"error: var band_scheme in {config}: 'traffic_light' is not in "
                   f"{project / 'seeds' / 'score_bands.csv'} (schemes there: default, three_band)\n")


# --- nothing spliced into SQL -----------------------------------------------------------------

def test_parquet_export_takes_an_awkward_folder_as_it_is(tmp_path):
    folder = tmp_path / "it's a [1]" / "raw files"
    assert main(["generate", *SMALL, "--parquet", str(folder)]) == 0
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{t}.parquet" for t in RAW_TABLES)
    rows = duckdb.sql("select count(*) from read_parquet(?)",
                      params=[str(folder / "accounts.parquet")]).fetchall()[0][0]
    assert rows >= 5


CRAFTED = ['it\'s "quoted"', 'x" text); drop schema raw cascade; --', "has space"]


def _crafted_raw(path: Path) -> None:
    with duckdb.connect(str(path)) as con:
        con.execute("create schema raw")
        columns = ", ".join(f"'v{i}' as \"{name.replace(chr(34), chr(34) * 2)}\"" for i, name in enumerate(CRAFTED))
        con.execute(f"create table raw.accounts as select 'A1' as account_id, {columns}")


def test_spark_export_quotes_file_column_names(tmp_path):
    from orchestration.engines.spark import export_as_text

    _crafted_raw(tmp_path / "crafted.duckdb")
    target = tmp_path / "it's [1]" / "accounts.parquet"
    target.parent.mkdir()
    with duckdb.connect(str(tmp_path / "crafted.duckdb"), read_only=True) as con:
        assert export_as_text(con, "raw", "accounts", target) == 1
    relation = duckdb.sql("select * from read_parquet(?)", params=[str(target)])
    assert relation.columns == ["account_id", *CRAFTED]
    assert relation.fetchall() == [("A1", "v0", "v1", "v2")]


@needs_postgres
def test_postgres_load_quotes_file_column_names(tmp_path):
    from orchestration.engines.postgres import load_raw_from_duckdb, throwaway_postgres

    _crafted_raw(tmp_path / "crafted.duckdb")
    with throwaway_postgres() as server:
        assert load_raw_from_duckdb(tmp_path / "crafted.duckdb", server) == {"accounts": 1}
        con = server.connect()
        try:
            cur = con.cursor()
            cur.execute("select column_name from information_schema.columns where table_schema = 'raw' "
                        "and table_name = 'accounts' order by ordinal_position")
            assert [r[0] for r in cur.fetchall()] == ["account_id", *CRAFTED]
            cur.execute("select * from raw.accounts")
            assert cur.fetchall() == [("A1", "v0", "v1", "v2")]
        finally:
            con.close()


# --- nothing spliced into HTML ----------------------------------------------------------------

def test_the_weight_report_escapes_names_from_the_data(tmp_path):
    rng = np.random.default_rng(4)
    n = 400
    score = rng.uniform(0, 100, n)
    churned = (rng.uniform(size=n) < 0.6 - score / 200).astype(int)
    bands = [("<b>green</b>", 50.0, 100.0), ("red", 0.0, 50.0)]
    components = ("usage", "<img src=x onerror=alert(1)>")
    segments = ["<script>x</script>", "smb & co"]
    weights = np.array([0.5, 0.5])
    proposal = Proposal(
        components=components, horizon_days=90, split_date=dt.date(2026, 3, 1), train_rows=n, test_rows=n,
        train_churned=int(churned.sum()), test_churned=int(churned.sum()),
        current={"default": weights}, proposed={"default": weights, **{s: weights for s in segments}},
        fitted_segments=segments, before=evaluate(score, churned, bands), after=evaluate(score, churned, bands),
        component_auc={c: 0.6 for c in components}, churned_test=churned,
        thresholds=[ThresholdChoice("<script>x</script>", "core_actions<per>seat", 1.0, 9.0, "fitted",
                                    "separates churn \"best\" & more")],
        notes=["segment <script>x</script>: few churn events"],
    )
    report = tmp_path / "weight_proposal.html"
    write_report(proposal, report, source="warehouse <i>it's</i>.duckdb")
    text = report.read_text()
    assert "<script" not in text and "<b>green" not in text and "<i>it" not in text and "<img" not in text
    assert "<th>proposed weight (&lt;script&gt;x&lt;/script&gt;)</th>" in text
    assert "&lt;b&gt;green&lt;/b&gt;" in text and "smb &amp; co" in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in text and "core_actions&lt;per&gt;seat" in text
    assert "warehouse &lt;i&gt;it&#x27;s&lt;/i&gt;.duckdb" in text


def test_an_unknown_folder_is_named_before_the_warehouse_is_touched(warehouse, capsys):
    assert main(["load-files", str(warehouse.parent / "nope")]) == 1
    assert "raw data folder not found" in capsys.readouterr().err
    assert not warehouse.exists()
    shutil.rmtree(warehouse.parent, ignore_errors=True)
