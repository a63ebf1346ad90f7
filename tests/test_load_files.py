"""The file loader: one explicit CSV dialect, malformed lines set aside with their line numbers,
every file's lines accounted for, literal paths, one clear error line, and atomic loads."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

import orchestration.load_files as load_files
from orchestration import PROJECT_DIR
from orchestration.cli import main
from orchestration.load_files import LOAD_REJECTS, LoadError, load_raw_files, raw_contract
from orchestration.sample_data import RAW_DDL, RAW_TABLES

ACCOUNTS = "account_id,account_name,created_at\nA1,One,2026-01-01\nA2,Two,2026-01-02\n"


def write(folder: Path, name: str, data: bytes | str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def raw_rows(database: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(database), read_only=True) as con:
        tables = [t for (t,) in con.execute(
            "select table_name from information_schema.tables where table_schema = 'raw' order by 1").fetchall()]
        return {t: con.execute(f"select * from raw.{t} order by all").fetchall() for t in tables}


def test_a_messy_export_loads_with_every_line_accounted_for(tmp_path):
    """BOM, CRLF, header case and spaces, another column order, an unknown column, a quoted line
    break, a ragged line, an unclosed quote, bytes that are not UTF-8, a blank line, and a
    folder name DuckDB would read as a file pattern."""
    folder = tmp_path / "export [2026]*"
    write(folder, "Accounts.CSV", (
        b"\xef\xbb\xbf Created_At ,ACCOUNT ID,notes,Account_Name\r\n"
        b"2026-01-01,A1,x,One\r\n"
        b"2026-01-02,A2,y,\"Two,\r\nInc\"\r\n"           # a row spanning lines 3-4
        b"2026-01-03,A3,z\r\n"                           # ragged (line 5)
        b"2026-01-04,A4,\"unclosed,Four\r\n"             # bad quote (line 6) ...
        b"2026-01-05,A5,w,Five\r\n"                      # ... does not swallow line 7
        b"2026-01-06,A6,v,\xff\xfeSix\r\n"               # not UTF-8 (line 8)
        b"\r\n"                                          # blank, not a data line
        b"2026-01-07,A7,u,\"Se\"\"ven\"\r\n"))
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        result = load_raw_files(con, folder)
        rows = con.execute("select account_id, account_name, created_at from raw.accounts order by 1").fetchall()
        rejects = con.execute("select source_file, line_number, reason, line from raw.health_load_rejects "
                              "order by line_number").fetchall()
        columns = [c for (c,) in con.execute("select column_name from information_schema.columns "
                                             "where table_name = 'accounts' order by ordinal_position").fetchall()]
    loaded = result.tables["accounts"]
    assert (loaded.rows, loaded.data_lines, loaded.set_aside) == (4, 8, 3)
    assert loaded.unknown_columns == ["notes"]
    assert columns == ["account_id", "account_name", "created_at"]  # contract order, unknown dropped
    assert rows == [("A1", "One", "2026-01-01"), ("A2", "Two,\r\nInc", "2026-01-02"),
                    ("A5", "Five", "2026-01-05"), ("A7", 'Se"ven', "2026-01-07")]
    assert rejects == [
        ("Accounts.CSV", 5, "ragged_line", "2026-01-03,A3,z"),
        ("Accounts.CSV", 6, "bad_quoting", '2026-01-04,A4,"unclosed,Four'),
        ("Accounts.CSV", 8, "bad_encoding", "2026-01-06,A6,v,\\xff\\xfeSix"),
    ]


def test_mixed_line_ends_and_a_stray_carriage_return(tmp_path):
    write(tmp_path / "f", "accounts.csv", b"account_id,created_at\r\nA1,2026-01-01\nA2,2026-01-0\r2\r\nA3,2026-01-03\n")
    with duckdb.connect() as con:
        result = load_raw_files(con, tmp_path / "f")
        assert con.execute("select account_id from raw.accounts order by 1").fetchall() == [("A1",), ("A3",)]
        assert con.execute("select line_number, reason from raw.health_load_rejects").fetchall() == [
            (3, "malformed_line")]
    assert result.tables["accounts"].data_lines == 3


def test_parquet_columns_are_matched_by_name_in_any_case_and_order(tmp_path):
    folder = tmp_path / "f"
    folder.mkdir()
    with duckdb.connect() as con:
        con.execute(f"copy (select timestamp '2026-01-01 10:00' as \"Created_At\", 'A1' as \"ACCOUNT_ID\", "
                    f"42 as extra) to '{folder / 'accounts.parquet'}' (format parquet)")
        result = load_raw_files(con, folder)
        assert con.execute("select account_id, created_at from raw.accounts").fetchall()[0][0] == "A1"
        assert con.execute("select data_type from information_schema.columns where table_schema = 'raw' "
                           "and column_name = 'created_at'").fetchall() == [("TIMESTAMP",)]
    assert result.tables["accounts"].unknown_columns == ["extra"]


@pytest.mark.parametrize(("files", "message"), [
    ({"accounts.csv": "account_id,account_name\nA1,One\n"},
     "accounts.csv: required column created_at is missing"),
    ({"accounts.csv": ACCOUNTS, "users.csv": "user_id,role\nU1,admin\n"},
     "users.csv: required column account_id is missing"),
    ({"accounts.csv": ACCOUNTS, "accounts.parquet": b"PAR1"}, "two files for table accounts"),
    ({"accounts.csv": ""}, "accounts.csv: the first line is empty"),
    ({"users.csv": "user_id,account_id\n"}, "has no accounts.csv or accounts.parquet"),
    ({"accounts.csv": "account_id,created_at,Account ID\nA1,2026-01-01,A1\n"}, "are both account_id"),
])
def test_a_file_that_cannot_load_is_one_line_on_stderr_and_changes_nothing(
        tmp_path, capsys, monkeypatch, files, message):
    database = tmp_path / "w.duckdb"
    monkeypatch.setenv("HEALTH_DUCKDB_PATH", str(database))
    write(tmp_path / "good", "accounts.csv", ACCOUNTS)
    assert main(["load-files", str(tmp_path / "good")]) == 0
    before = raw_rows(database)
    capsys.readouterr()
    for name, data in files.items():
        write(tmp_path / "bad", name, data)
    assert main(["load-files", str(tmp_path / "bad")]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    assert raw_rows(database) == before


def test_lines_that_do_not_add_up_fail_naming_the_file_and_roll_back(tmp_path, monkeypatch):
    """The check catches a reader that lost lines (as a sniffer once took a ragged line for the
    header and loaded an empty table): simulated by counting one line too many."""
    database = tmp_path / "w.duckdb"
    write(tmp_path / "old", "accounts.csv", ACCOUNTS)
    write(tmp_path / "new", "accounts.csv", ACCOUNTS + "A3,Three,2026-01-03\n")
    with duckdb.connect(str(database)) as con:
        load_raw_files(con, tmp_path / "old")
    before = raw_rows(database)
    real = load_files._survey
    monkeypatch.setattr(load_files, "_survey", lambda path, copy: load_files._Survey(
        real(path, copy).data_lines + 1, [], path))
    mismatch = pytest.raises(LoadError, match=r"accounts.csv: 4 data lines, but 3 rows")
    with duckdb.connect(str(database)) as con, mismatch:
        load_raw_files(con, tmp_path / "new")
    assert raw_rows(database) == before


def test_a_killed_load_leaves_the_previous_raw_tables_queryable_and_equal(tmp_path):
    database = tmp_path / "w.duckdb"
    env = {**os.environ, "HEALTH_DUCKDB_PATH": str(database)}
    write(tmp_path / "old", "accounts.csv", ACCOUNTS)
    write(tmp_path / "old", "product_events.csv",
          "event_id,account_id,event_name,occurred_at\nE1,A1,dashboard_viewed,2026-01-05 10:00:00\n")
    command = [sys.executable, "-m", "orchestration.cli", "load-files"]
    subprocess.run([*command, str(tmp_path / "old")], env=env, check=True, capture_output=True)
    before = raw_rows(database)
    assert len(before["accounts"]) == 2 and len(before["product_events"]) == 1

    big = tmp_path / "big"
    write(big, "accounts.csv", ACCOUNTS + "A3,Three,2026-01-03\n")
    with open(big / "product_events.csv", "w") as f:
        f.write("event_id,account_id,event_name,occurred_at\n")
        for start in range(0, 2_000_000, 100_000):
            f.write("".join(f"E{i},A1,dashboard_viewed,2026-01-05 10:00:00\n" for i in range(start, start + 100_000)))
    loader = subprocess.Popen([*command, str(big)], env=env, stdout=subprocess.PIPE, text=True)
    try:
        for line in loader.stdout:  # accounts is loaded (uncommitted) when product_events starts
            if "loading product_events" in line:
                break
        time.sleep(0.3)
        assert loader.poll() is None, "the load finished before it could be killed: make the file larger"
        loader.send_signal(signal.SIGKILL)
    finally:
        loader.wait(timeout=60)
    assert loader.returncode == -signal.SIGKILL
    assert raw_rows(database) == before


def test_the_contract_the_loader_reads_is_the_one_the_generator_writes():
    contract = raw_contract()
    assert tuple(contract) == RAW_TABLES
    for table, ddl in RAW_DDL.items():
        assert contract[table].columns == tuple(part.split()[0] for part in ddl.split(",")), table
    assert contract["accounts"].required == {"account_id", "created_at"}
    assert contract["invoices"].required == {"invoice_id", "account_id", "issued_at", "due_date"}
    assert contract["product_events"].required == {"account_id", "event_name", "occurred_at"}


def test_the_dbt_sources_declare_the_same_contract():
    """models/staging/raw/_raw__sources.yml documents the raw tables for dbt; it must list the
    columns orchestration/raw_contract.py defines, in order, with the same required ones."""
    import yaml

    spec = yaml.safe_load((PROJECT_DIR / "models" / "staging" / "raw" / "_raw__sources.yml").read_text())
    tables = {t["name"]: t for t in next(s for s in spec["sources"] if s["name"] == "raw")["tables"]}
    contract = raw_contract()
    assert set(tables) - {LOAD_REJECTS} == set(contract)
    for table, declared in contract.items():
        yaml_columns = tables[table]["columns"]
        assert tuple(c["name"] for c in yaml_columns) == declared.columns, table
        assert {c["name"] for c in yaml_columns if (c.get("meta") or {}).get("required")} == declared.required, table
