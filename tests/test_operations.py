"""Run as an operator would: two writers at once, an awkward warehouse path, a history before
2025, the project's Dagster instance, and what BI drivers on DuckDB 1.x can open.

Everything here reads the one shared `cli_run` (tests/conftest.py): two `account-health run`
processes started a second apart on a warehouse under a folder named "it's a [1]".
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import venv
from pathlib import Path

import duckdb
import pytest

from orchestration import PROJECT_DIR
from orchestration.locking import current_holder
from orchestration.publish import STORAGE_VERSION, current_publication
from tests.conftest import AWKWARD_FOLDER, CLI, RUN_END, cli_env

FACT = "marts.fct_account_health_daily"
FIRST_DAY = RUN_END - dt.timedelta(days=59)  # 60 days of data


def _query(path: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql).fetchall()


# --- one writer at a time -------------------------------------------------------------------

def test_the_second_writer_gives_up_naming_the_first(cli_run):
    first, second = cli_run.first, cli_run.second
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    assert second.returncode == 1, second.stdout + second.stderr
    # one line on stderr, naming the holder's command, pid and start time
    (line,) = second.stderr.strip().splitlines()
    assert line.startswith("error: the warehouse ") and AWKWARD_FOLDER in line
    first_command = f"account-health run --accounts 30 --days 60 --seed 7 --end-date {RUN_END}"
    assert f"being written by {first_command} (pid {cli_run.first_pid} on " in line
    assert ", since 20" in line and "gave up after 1 s" in line and "HEALTH_LOCK_TIMEOUT" in line
    # it wrote nothing: no Dagster run of its own, and the raw data is the first run's book
    assert "Materialising" not in second.stdout
    origin = _query(cli_run.warehouse, "select origin, detail from health_meta.raw_origin")
    assert origin == [("generated", f"generated 30 accounts x 60 days, seed 7, {FIRST_DAY} to {RUN_END}")]


def test_the_publication_is_the_whole_output_of_the_first_run(cli_run):
    from dagster import DagsterInstance

    publication = current_publication(cli_run.publish_dir)
    with DagsterInstance.from_config(str(cli_run.dagster_home)) as instance:
        (run,) = instance.get_runs()
        assert run.status.value == "SUCCESS"
    assert json.loads((publication.path / "publication.json").read_text())["source"] == f"dagster run {run.run_id}"
    with duckdb.connect(str(cli_run.warehouse), read_only=True) as con:
        for table, rows in publication.row_counts.items():
            source = "staging.stg_raw__rejected_rows" if table == "quality.rejected_rows" else table
            assert con.execute(f"select count(*) from {source}").fetchall()[0][0] == rows, table
    assert publication.row_counts[FACT] > 25 * 50
    # the lock was released cleanly: the lock file names nobody
    lock = cli_run.warehouse.with_name("account_health.duckdb.lock")
    assert lock.exists() and lock.read_text() == ""


def test_an_awkward_warehouse_path_works_end_to_end(cli_run):
    """A quote, a space and [1] in the folder: dbt, the raw load, the publication (ATTACH,
    COPY ... TO) and the summary all take the path as it is."""
    assert f"/{AWKWARD_FOLDER}/published/releases/" in cli_run.first.stdout
    assert f"Account health on {RUN_END}: " in cli_run.first.stdout
    publication = current_publication(cli_run.publish_dir)
    parquet = publication.parquet_dir / "fct_account_health_daily.parquet"
    assert duckdb.sql("select count(*) from read_parquet(?)", params=[str(parquet)]).fetchall()[0][0] == \
        publication.row_counts[FACT]


# --- the history starts where the data starts -----------------------------------------------

def test_a_history_before_2025_scores_without_any_setting(cli_run):
    days = _query(cli_run.warehouse, f"select min(score_date), max(score_date), count(distinct score_date) "
                                     f"from {FACT}")
    assert days == [(FIRST_DAY, RUN_END, 60)]
    recorded = json.loads(cli_run.warehouse.with_name("account_health.duckdb.history.json").read_text())
    assert recorded["first_day"] == FIRST_DAY.isoformat()
    # a new process (what `dagster dev` is) offers partitions from that day
    proc = subprocess.run(
        [sys.executable, "-c", "from orchestration.partitions import daily_partitions as d; "
                               "print(d().start.date(), d().get_first_partition_key())"],
        env=cli_run.env, cwd=PROJECT_DIR, capture_output=True, text=True, check=True)
    assert proc.stdout.split() == [FIRST_DAY.isoformat(), FIRST_DAY.isoformat()]


def test_the_partitions_setting_overrides_and_is_checked(tmp_path, monkeypatch):
    from orchestration.partitions import partitions_start, record_history_start

    monkeypatch.setenv("HEALTH_DUCKDB_PATH", str(tmp_path / "w.duckdb"))
    monkeypatch.delenv("HEALTH_HISTORY_START")
    today = dt.datetime.now(dt.timezone.utc).date()
    assert partitions_start() == (today - dt.timedelta(days=365)).isoformat()  # no data yet
    record_history_start(dt.date(2019, 3, 4), source="test")
    assert partitions_start() == "2019-03-04"
    assert record_history_start(dt.date(2020, 1, 1), source="test", extend_only=True) == dt.date(2019, 3, 4)
    assert partitions_start() == "2019-03-04"
    monkeypatch.setenv("HEALTH_HISTORY_START", "2018-01-01")
    assert partitions_start() == "2018-01-01"
    monkeypatch.setenv("HEALTH_HISTORY_START", "2018-02-30")
    with pytest.raises(ValueError, match=r"HEALTH_HISTORY_START must be a day as YYYY-MM-DD, not '2018-02-30'"):
        partitions_start()


# --- the Dagster instance holds what the command line ran -----------------------------------

def test_the_project_instance_holds_the_runs_materialisations_and_checks(cli_run):
    from dagster import AssetKey, DagsterEventType, DagsterInstance

    with DagsterInstance.from_config(str(cli_run.dagster_home)) as instance:
        (run,) = instance.get_runs()
        (record,) = instance.fetch_materializations(AssetKey("bi_publication"), limit=5).records
        metadata = {k: v.value for k, v in record.asset_materialization.metadata.items()}
        fact = instance.fetch_materializations(AssetKey(["marts", "fct_account_health_daily"]), limit=100).records
        checks = [e.dagster_event.event_specific_data
                  for e in instance.all_logs(run.run_id, of_type=DagsterEventType.ASSET_CHECK_EVALUATION)]
    publication = current_publication(cli_run.publish_dir)
    assert record.run_id == run.run_id
    assert metadata["publication_id"] == publication.publication_id
    assert metadata["rows"] == publication.row_counts
    # one materialisation of the daily fact per scored day (its partitions)
    assert sorted(r.partition_key for r in fact) == [(FIRST_DAY + dt.timedelta(days=n)).isoformat()
                                                     for n in range(60)]
    by_name = {c.check_name: c for c in checks}
    assert len(checks) == len(by_name) > 80  # every check evaluated once
    assert by_name["weights_sum_to_one"].passed and by_name["bands_cover_0_to_100"].passed
    assert by_name["assert_band_matches_score"].passed
    rejected = _query(cli_run.warehouse, "select count(*) from staging.stg_raw__rejected_rows "
                                         "where action = 'rejected'")[0][0]
    assert by_name["rejected_rows_share"].metadata["rejected_rows"].value == rejected > 0


def test_metadata_rounds_money_and_labels_rejected_and_repaired_rows(cli_run):
    from dagster import AssetKey, DagsterInstance

    with DagsterInstance.from_config(str(cli_run.dagster_home)) as instance:
        (record,) = instance.fetch_materializations(AssetKey("bi_publication"), limit=1).records
    metadata = {k: v.value for k, v in record.asset_materialization.metadata.items()}
    arr = dict(_query(cli_run.warehouse, "select band, sum(arr) from marts.health_current group by 1"))
    decimals = lambda value: len(repr(float(value)).split(".")[-1])  # noqa: E731
    for band, value in arr.items():
        assert metadata[f"arr_{band}"] == round(value, 2)
        assert decimals(metadata[f"arr_{band}"]) <= 2  # never 1721467.6900000002
    assert decimals(metadata["arr_at_risk"]) <= 2 and decimals(metadata["mean_score"]) <= 2
    by_action = dict(_query(cli_run.warehouse,
                            "select action, count(*) from staging.stg_raw__rejected_rows group by 1"))
    assert metadata["rejected_rows"] == by_action["rejected"]
    assert metadata["repaired_rows"] == by_action.get("repaired", 0)
    assert metadata["rejected_rows"] + metadata["repaired_rows"] == metadata["rows"]["quality.rejected_rows"]


# --- every BI driver opens the publication ---------------------------------------------------

# DuckDB clients BI drivers embed: the oldest release the storage format promises, the 1.4 LTS
# line and the last 1.x line. Each is installed once into a virtual environment under .venv.
OLD_CLIENTS = ("1.0.0", "1.4.4", "1.5.6")


def _client(version: str) -> Path:
    home = PROJECT_DIR / ".venv" / "duckdb-clients" / version
    python = home / "bin" / "python"
    if not (home / ".installed").exists():
        venv.create(home, with_pip=True, clear=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", f"duckdb=={version}"],
                       check=True, capture_output=True, text=True)
        (home / ".installed").touch()
    return python


@pytest.mark.parametrize("version", OLD_CLIENTS)
def test_duckdb_1x_clients_open_the_published_file(cli_run, version):
    publication = current_publication(cli_run.publish_dir)
    manifest = json.loads((publication.path / "publication.json").read_text())
    assert manifest["duckdb_storage_version"] == STORAGE_VERSION == "v1.0.0"
    assert manifest["duckdb_readable_by"] == "DuckDB 1.0.0 and later"
    script = (
        "import duckdb, json, sys\n"
        "con = duckdb.connect(sys.argv[1], read_only=True)\n"
        "tables = [f'{s}.{t}' for s, t in con.execute(\"select schema_name, table_name from duckdb_tables() "
        "where schema_name in ('marts', 'quality') and table_name <> 'publication'\").fetchall()]\n"
        "counts = {t: con.execute(f'select count(*) from {t}').fetchall()[0][0] for t in tables}\n"
        "arr = con.execute('select sum(arr), count(distinct account_id) '\n"
        "                  'from marts.fct_account_health_daily').fetchall()[0]\n"
        "print(json.dumps({'version': duckdb.__version__, 'counts': counts, 'arr': [float(arr[0]), arr[1]]}))\n"
    )
    proc = subprocess.run([str(_client(version)), "-c", script, str(publication.duckdb_file)],
                          capture_output=True, text=True, env={k: v for k, v in os.environ.items()
                                                                if k != "PYTHONPATH"})
    assert proc.returncode == 0, proc.stderr
    seen = json.loads(proc.stdout)
    assert seen["version"] == version
    assert seen["counts"] == publication.row_counts
    expected = _query(publication.duckdb_file, "select sum(arr), count(distinct account_id) from " + FACT)[0]
    assert seen["arr"] == [pytest.approx(float(expected[0])), expected[1]]


# --- a run killed with SIGKILL during publication --------------------------------------------

def test_a_run_killed_while_publishing_leaves_the_previous_publication(cli_run, tmp_path):
    from dagster import DagsterInstance, DagsterRunStatus

    env = cli_env(tmp_path)  # a copy of the shared warehouse and publication, its own instance
    shutil.copytree(cli_run.warehouse.parent, Path(env["HEALTH_DUCKDB_PATH"]).parent, symlinks=True)
    publish_dir = Path(env["HEALTH_DUCKDB_PATH"]).parent / "published"
    before = current_publication(publish_dir)
    ready = tmp_path / "ready"
    day = ["backfill", "--start", RUN_END.isoformat(), "--end", RUN_END.isoformat()]
    killed = subprocess.Popen([sys.executable, "-m", "tests.kill_during_publish", str(ready), *day],
                              env=env, cwd=PROJECT_DIR, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 1200
    while not ready.exists():
        assert killed.poll() is None and time.monotonic() < deadline, "the backfill never reached publishing"
        time.sleep(0.2)
    partial = Path(ready.read_text())
    assert partial.name.startswith(".") and partial.name.endswith(".partial") and partial.is_dir()
    os.kill(killed.pid, signal.SIGKILL)
    killed.wait(timeout=30)

    # the previous publication is still current, whole and readable
    assert current_publication(publish_dir).publication_id == before.publication_id
    assert _query(publish_dir / "current" / "account_health.duckdb", f"select count(*) from {FACT}") == \
        [(before.row_counts[FACT],)]
    holder = current_holder(Path(env["HEALTH_DUCKDB_PATH"]))
    assert holder.pid == killed.pid and holder.command == "account-health " + " ".join(day) and holder.run_id
    with DagsterInstance.from_config(env["DAGSTER_HOME"]) as instance:
        assert instance.get_run_by_id(holder.run_id).status == DagsterRunStatus.STARTED

    # the next run takes the lock over, removes the partial folder and publishes
    proc = subprocess.run([CLI, *day], env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert f"taking over the writer lock of {holder.describe()}: no longer running" in proc.stdout
    assert not partial.exists() and not list(partial.parent.glob(".*.partial"))
    after = current_publication(publish_dir)
    assert after.publication_id != before.publication_id
    assert after.row_counts == before.row_counts  # one day re-scored: the same rows
    with DagsterInstance.from_config(env["DAGSTER_HOME"]) as instance:
        dead = instance.get_run_by_id(holder.run_id)
        assert dead.status == DagsterRunStatus.FAILURE
        runs = instance.get_runs()
    assert [r.status for r in runs] == [DagsterRunStatus.SUCCESS, DagsterRunStatus.FAILURE]
