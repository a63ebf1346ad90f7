"""The writer lock: a second writer waits, then names the holder; a killed holder's lock is taken
over; the CLI's in-process run does not wait for itself; a Dagster run holds it throughout."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from dagster import DagsterInstance, asset, materialize

from orchestration import PROJECT_DIR
from orchestration.locking import WarehouseLocked, current_holder, held_lock, lock_path, writer_lock
from orchestration.resources import WarehouseWriter

HOLDER = """
import sys, time
from pathlib import Path
from orchestration.locking import writer_lock
warehouse, ready, stop = (Path(a) for a in sys.argv[1:4])
with writer_lock(warehouse, command="nightly backfill --start 2026-01-01"):
    ready.touch()
    while not stop.exists():
        time.sleep(0.05)
"""


@pytest.fixture
def holder(tmp_path):
    """Another process holding the lock of tmp_path/w.duckdb until `stop` exists."""
    warehouse, ready, stop = tmp_path / "w.duckdb", tmp_path / "ready", tmp_path / "stop"
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(warehouse), str(ready), str(stop)],
                            cwd=PROJECT_DIR)
    deadline = time.monotonic() + 30
    while not ready.exists():
        assert proc.poll() is None and time.monotonic() < deadline, "the holder did not start"
        time.sleep(0.05)
    yield warehouse, proc, stop
    stop.touch()
    if proc.poll() is None:
        proc.wait(timeout=30)


def test_a_second_writer_gives_up_with_one_line_naming_the_holder(holder):
    warehouse, proc, _ = holder
    started = time.monotonic()
    with pytest.raises(WarehouseLocked) as raised, writer_lock(warehouse, timeout=0.5):
        pass
    assert 0.5 <= time.monotonic() - started < 5
    message = str(raised.value)
    assert "\n" not in message
    assert message.startswith(f"the warehouse {warehouse} is being written by nightly backfill "
                              f"--start 2026-01-01 (pid {proc.pid} on ")
    assert ", since 20" in message and "gave up after 0.5 s" in message


def test_a_waiting_writer_gets_the_lock_when_the_holder_finishes(holder):
    warehouse, proc, stop = holder
    threading.Timer(1.0, stop.touch).start()
    notes: list[str] = []
    started = time.monotonic()
    with writer_lock(warehouse, command="second", timeout=30, notify=notes.append) as lock:
        waited = time.monotonic() - started
        assert current_holder(warehouse).command == "second"
        assert lock.taken_over is None  # the first one released it cleanly
    assert 0.8 < waited < 20
    assert proc.wait(timeout=10) == 0
    assert len(notes) == 1 and notes[0].startswith("waiting up to 30 s for the writer lock of the warehouse")
    assert f"held by nightly backfill --start 2026-01-01 (pid {proc.pid}" in notes[0]


def test_the_lock_of_a_killed_writer_is_taken_over_at_once(holder):
    warehouse, proc, _ = holder
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    assert current_holder(warehouse).pid == proc.pid  # its description is still there
    notes: list[str] = []
    started = time.monotonic()
    with writer_lock(warehouse, command="next", timeout=0, notify=notes.append) as lock:
        assert time.monotonic() - started < 2
        assert lock.taken_over.pid == proc.pid and lock.taken_over.command.startswith("nightly backfill")
    assert notes == [f"taking over the writer lock of {lock.taken_over.describe()}: no longer running"]
    assert lock_path(warehouse).read_text() == ""  # released cleanly this time


def test_the_lock_is_re_entrant_within_a_process(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    with writer_lock(warehouse, command="account-health run", timeout=0) as outer:
        with writer_lock(warehouse, command="dagster run", timeout=0) as inner:
            assert inner is outer and held_lock(warehouse) is outer
            inner.set_run_id("run-1")
            assert current_holder(warehouse).command == "account-health run"
            assert current_holder(warehouse).run_id == "run-1"
        assert held_lock(warehouse) is outer  # the inner exit does not release it
        probe = subprocess.run(
            [sys.executable, "-c", "import sys; from orchestration.locking import writer_lock\n"
             "with writer_lock(sys.argv[1], timeout=0): pass", str(warehouse)],
            cwd=PROJECT_DIR, capture_output=True, text=True)
        assert probe.returncode == 1 and "WarehouseLocked" in probe.stderr
    assert held_lock(warehouse) is None and current_holder(warehouse) is None


def test_a_dagster_run_holds_the_lock_from_its_first_step_to_its_last(tmp_path, monkeypatch):
    """Two assets, two steps: another process cannot take the lock in either step, and the lock
    file names the run; after the run, the lock is free."""
    warehouse = tmp_path / "w.duckdb"
    monkeypatch.setenv("HEALTH_DUCKDB_PATH", str(warehouse))
    seen = []

    def probe(context) -> None:
        other = subprocess.run(
            [sys.executable, "-c", "import sys; from orchestration.locking import writer_lock\n"
             "with writer_lock(sys.argv[1], timeout=0.3): pass", str(warehouse)],
            cwd=PROJECT_DIR, capture_output=True, text=True)
        holder = current_holder(warehouse)
        seen.append((context.run.run_id, holder.run_id, holder.pid, other.returncode))

    @asset
    def first(context, warehouse: WarehouseWriter) -> int:
        probe(context)
        return 1

    @asset
    def second(context, warehouse: WarehouseWriter, first: int) -> int:
        probe(context)
        return first + 1

    with DagsterInstance.ephemeral() as instance:
        result = materialize([first, second], resources={"warehouse": WarehouseWriter()}, instance=instance)
    assert result.success
    run_id = result.run_id
    assert seen == [(run_id, run_id, os.getpid(), 1), (run_id, run_id, os.getpid(), 1)]
    assert current_holder(warehouse) is None
    with writer_lock(warehouse, timeout=0):
        pass


def test_a_run_whose_process_died_holding_the_lock_is_marked_failed(tmp_path, monkeypatch):
    """The next writer, or the sensor when nobody writes, fails the run a killed process left
    'started', so the UI is truthful and its run queue moves."""
    from dagster import DagsterRunStatus, build_sensor_context
    from dagster._core.storage.dagster_run import DagsterRun

    from orchestration.sensors import abandoned_runs

    warehouse = tmp_path / "w.duckdb"
    monkeypatch.setenv("HEALTH_DUCKDB_PATH", str(warehouse))
    killed = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from orchestration.locking import writer_lock\n"
         "with writer_lock(sys.argv[1], command='account-health run') as lock:\n"
         "    lock.set_run_id('a1b2c3'); print('held', flush=True); time.sleep(600)", str(warehouse)],
        cwd=PROJECT_DIR, stdout=subprocess.PIPE, text=True)
    assert killed.stdout.readline().strip() == "held"
    with DagsterInstance.ephemeral() as instance:
        instance.add_run(DagsterRun(job_name="__ephemeral_asset_job__", run_id="a1b2c3",
                                    status=DagsterRunStatus.STARTED))
        skipped = abandoned_runs(build_sensor_context(instance=instance))
        assert "held by account-health run" in skipped.skip_message  # alive: left alone
        assert instance.get_run_by_id("a1b2c3").status == DagsterRunStatus.STARTED
        os.kill(killed.pid, signal.SIGKILL)
        killed.wait(timeout=10)
        result = abandoned_runs(build_sensor_context(instance=instance))
        assert result.skip_message == "marked run a1b2c3 failed: its process died holding the writer lock"
        assert instance.get_run_by_id("a1b2c3").status == DagsterRunStatus.FAILURE
        assert abandoned_runs(build_sensor_context(instance=instance)).skip_message == \
            "the writer lock names no run"
    assert Path(lock_path(warehouse)).read_text() == ""


def test_a_reader_of_the_working_file_is_told_who_writes_it(tmp_path, monkeypatch, capsys):
    """DuckDB lets no reader open a file beside its writer: `summary` says who the writer is."""
    from orchestration.cli import main

    warehouse = tmp_path / "w.duckdb"
    monkeypatch.setenv("HEALTH_DUCKDB_PATH", str(warehouse))
    writer = subprocess.Popen(
        [sys.executable, "-c", "import sys, time, duckdb; from orchestration.locking import writer_lock\n"
         "with writer_lock(sys.argv[1], command='account-health backfill'), duckdb.connect(sys.argv[1]):\n"
         "    print('writing', flush=True); time.sleep(600)", str(warehouse)],
        cwd=PROJECT_DIR, stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().strip() == "writing"
        assert main(["summary"]) == 1
        err = capsys.readouterr().err
        assert err.startswith(f"error: the warehouse {warehouse} is being written by account-health backfill "
                              f"(pid {writer.pid} on ") and err.count("\n") == 1
    finally:
        writer.kill()
        writer.wait(timeout=10)


def test_the_dagster_home_may_be_given_relative(tmp_path, monkeypatch):
    """Dagster itself refuses a relative DAGSTER_HOME; the tools take it from the current folder."""
    from orchestration.settings import dagster_home, use_dagster_home

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DAGSTER_HOME", "dagster_home")
    assert use_dagster_home() == tmp_path / "dagster_home"
    assert os.environ["DAGSTER_HOME"] == str(tmp_path / "dagster_home") and (tmp_path / "dagster_home").is_dir()
    monkeypatch.delenv("DAGSTER_HOME")
    assert dagster_home() == PROJECT_DIR / "dagster_home"  # the folder `make dagster-dev` opens
