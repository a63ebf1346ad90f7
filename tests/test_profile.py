"""`account-health profile`: what raw data holds against the contract, with known answers, and
the proposed event catalog (never applied)."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
from pathlib import Path

import duckdb
import pytest

from orchestration import PROJECT_DIR
from orchestration.catalog_proposal import feature_of, propose_catalog, propose_row
from orchestration.cli import build_parser, main
from orchestration.profile import CATALOG_COLUMNS, profile_folder, profile_warehouse, render, write_outputs
from orchestration.sample_data import RAW_TABLES, GeneratorConfig, generate, write_parquet
from orchestration.seeds import read_seed

SEED_CATALOG = PROJECT_DIR / "seeds" / "event_catalog.csv"

ACCOUNTS = (
    "\ufeffaccount_id,created_at,segment,Region\r\n"
    "A1,2026-01-01,smb,emea\r\n"
    "A2,2026-01-05T10:00:00Z,smb,emea\r\n"
    ",2026-01-03,smb,\r\n"
    "A4,not a date,smb,us\r\n"
    "A5,2026-02-01,smb,us,one too many\r\n"
)
EVENTS = """event_id,account_id,user_id,event_name,occurred_at,quantity
e1,A1,u1,create_opportunity,2026-01-10 09:00:00,1
e2,A1,u2,Create_Opportunity ,2026-01-11 09:00:00,
e3,A2,u3,create_opportunity,2026-01-12T23:30:00-02:00,2
e4,A2,u3,opportunity_won,2026-01-15,1
e5,A1,u1,dashboard_viewed,2026-01-09,abc
e6,A9,u9,dashboard_viewed,2026-13-01,1
e7,A1,u1,login,2026-01-20,1
e8,A2,,,2026-01-21,1
"""


@pytest.fixture
def crafted(tmp_path) -> Path:
    """Accounts as CSV with a byte-order mark, CRLF, an extra column and a ragged line; product
    events with every kind of defect; users as Parquet with typed columns; a file that is no table."""
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "accounts.csv").write_bytes(ACCOUNTS.encode())
    (folder / "product_events.csv").write_text(EVENTS)
    (folder / "notes.txt").write_text("not a table")
    with duckdb.connect() as con:
        con.execute("""copy (select * from (values ('u1', 'A1', 'admin', true, timestamp '2025-12-01 08:00'),
                                                   ('u2', 'A1', null, false, timestamp '2025-12-02 08:00'),
                                                   ('u3', 'A7', 'member', null, timestamp '2025-12-03 08:00'))
                             as t(user_id, account_id, role, is_champion, created_at))
                       to '""" + (folder / "users.parquet").as_posix() + "' (format parquet)")
    return folder


def _column(table, name):
    return next(c for c in table.columns if c.name == name)


def test_a_crafted_folder_has_known_counts(crafted):
    profile = profile_folder(crafted, SEED_CATALOG)
    tables = {t.table: t for t in profile.tables}
    assert list(tables) == ["accounts", "users", "product_events"]
    assert profile.missing_tables == [t for t in RAW_TABLES if t not in tables]
    assert profile.ignored_files == ["notes.txt"]

    accounts = tables["accounts"]
    assert (accounts.rows, accounts.malformed_lines, accounts.distinct_accounts) == (4, 1, 3)
    assert accounts.malformed_examples == ["line 6: too many columns"]
    assert (accounts.first_day, accounts.last_day) == ("2026-01-01", "2026-01-05")
    assert (_column(accounts, "account_id").nulls, _column(accounts, "account_id").parse_failures) == (1, 0)
    assert (_column(accounts, "created_at").nulls, _column(accounts, "created_at").parse_failures) == (0, 1)
    assert accounts.extra_columns == ["region"]
    assert [c.name for c in accounts.columns if not c.present] == [
        "account_name", "industry", "plan", "csm_owner", "parent_account_id", "arr",
        "seats_purchased", "renewal_date"]
    assert accounts.missing_required == []

    users = tables["users"]
    assert (users.rows, users.distinct_accounts, users.unknown_account_rows, users.first_day) == (3, 1, 1, "2025-12-01")
    assert (_column(users, "is_champion").nulls, _column(users, "is_champion").parse_failures) == (1, 0)
    assert _column(users, "deactivated_at").present is False

    events = tables["product_events"]
    assert (events.rows, events.distinct_accounts, events.unknown_account_rows) == (8, 2, 1)  # A9 is unknown
    assert (events.first_day, events.last_day) == ("2026-01-09", "2026-01-21")
    shares = {c.name: (c.nulls, c.parse_failures) for c in events.columns}
    assert shares == {"event_id": (0, 0), "account_id": (0, 0), "user_id": (1, 0), "event_name": (1, 0),
                      "occurred_at": (0, 1), "quantity": (1, 1)}

    by_name = {e.event_name: (e.rows, e.users, e.accounts, e.first_day, e.last_day, e.in_catalog, e.proposed)
               for e in profile.events}
    assert by_name == {
        # names are compared lowercase and trimmed, as staging reads them; -02:00 is 01:30 UTC the next day
        "create_opportunity": (3, 3, 2, "2026-01-10", "2026-01-13", False, "core action"),
        "dashboard_viewed": (2, 2, 1, "2026-01-09", "2026-01-09", True, "core action"),  # A9 unknown
        "opportunity_won": (1, 1, 1, "2026-01-15", "2026-01-15", False, "value event"),
        "login": (1, 1, 1, "2026-01-20", "2026-01-20", True, "neither"),
        None: (1, 0, 1, "2026-01-21", "2026-01-21", False, "-"),
    }
    assert [e.event_name for e in profile.events][0] == "create_opportunity"  # most rows first
    assert profile.event_accounts == 2


def test_the_proposed_catalog_keeps_known_rows_and_says_why(crafted, tmp_path):
    seed_bytes = SEED_CATALOG.read_bytes()
    profile = profile_folder(crafted, SEED_CATALOG)
    csv_path, json_path = write_outputs(profile, tmp_path / "out")
    assert SEED_CATALOG.read_bytes() == seed_bytes  # nothing is applied to seeds/
    with csv_path.open(newline="") as fh:
        rows = list(csv.reader(fh))
    seed = list(csv.reader(SEED_CATALOG.open(newline="")))
    assert rows[0] == list(CATALOG_COLUMNS) == seed[0]
    assert rows[1:len(seed)] == seed[1:]  # the catalog's rows, as they are
    assert rows[len(seed):] == [
        ["create_opportunity", "opportunity", "true", "false",
         "Proposed core action: 'create' is a work verb (reading, creating or editing work); "
         "3 rows from 2 of 2 accounts (100%)"],
        ["opportunity_won", "opportunity", "false", "true",
         "Proposed value event: 'won' says value was delivered (an outcome); 1 rows from 1 of 2 accounts (50%)"],
    ]
    document = json.loads(json_path.read_text())
    assert document["proposed_catalog"] == str(csv_path)
    assert document["proposed_catalog_rules"]["create_opportunity"] == "work"
    assert document["proposed_catalog_rules"]["login"] == "catalog"
    assert {t["table"]: t["rows"] for t in document["tables"]} == {"accounts": 4, "users": 3, "product_events": 8}
    assert document["tables"][0]["malformed_lines"] == 1
    assert len(document["events"]) == 5
    report = render(profile)
    assert "not in the contract (ignored): region" in report
    assert "1 malformed lines set aside (not counted above): line 6: too many columns" in report
    assert "Event names: 5 names in 8 product events;" in report


def test_the_heuristics_reproduce_the_sample_catalog_from_its_names_alone():
    """Known answer: the bundled catalog, as if no name were known, gets the same flags back."""
    seed = read_seed(SEED_CATALOG)
    proposed = propose_catalog([], [(row["event_name"], 100, 10) for row in seed], 20)
    flags = {r.event_name: (r.is_core_action, r.is_value_event) for r in proposed}
    assert flags == {row["event_name"]: (row["is_core_action"] == "true", row["is_value_event"] == "true")
                     for row in seed}


@pytest.mark.parametrize(("name", "feature", "core", "value", "rule"), [
    ("create_opportunity", "opportunity", True, False, "work"),
    ("email_lead", "lead", True, False, "work"),
    ("add_contact", "contact", True, False, "work"),
    ("contacts_imported", "contact", True, False, "work"),
    ("deal_won", "deal", False, True, "outcome"),
    ("meeting_completed", "meeting", False, True, "outcome"),
    ("deal_closed_lost", "deal", False, False, "undoing"),
    ("delete_contact", "contact", False, False, "undoing"),
    ("cancel_subscription", "subscription", False, False, "undoing"),
    ("userLogIn", "platform", False, False, "housekeeping"),
    ("update_settings", "platform", False, False, "housekeeping"),
    ("api_ping", "platform", False, False, "housekeeping"),
])
def test_unknown_names_get_a_documented_proposal(name, feature, core, value, rule):
    row = propose_row(name, 1000, 50, 100)
    assert (row.feature, row.is_core_action, row.is_value_event, row.rule) == (feature, core, value, rule)


def test_a_name_no_rule_matches_is_decided_by_volume():
    broad, rare = propose_row("pipeline_thing", 500, 25, 100), propose_row("pipeline_thing", 5, 24, 100)
    assert (broad.is_core_action, broad.rule) == (True, "broad_use")
    assert (rare.is_core_action, rare.is_value_event, rare.rule) == (False, False, "rare_use")
    assert rare.description.endswith("5 rows from 24 of 100 accounts (24%)")
    assert feature_of("search") == "search"


def test_the_warehouse_profile_matches_the_same_data_as_files(tmp_path):
    database, folder = tmp_path / "w.duckdb", tmp_path / "files"
    with duckdb.connect(str(database)) as con:
        generate(con, GeneratorConfig(accounts=20, days=30, seed=4, end_date=dt.date(2026, 6, 30)), progress=False)
        write_parquet(con, "raw", folder)
        counts = {t: con.execute(f"select count(*) from raw.{t}").fetchall()[0][0] for t in RAW_TABLES}
        first_event = con.execute("select cast(min(occurred_at) as date) from raw.product_events").fetchall()[0][0]
    before = hashlib.sha256(database.read_bytes()).hexdigest()
    with duckdb.connect(str(database), read_only=True):  # another reader: read-only opens side by side
        warehouse = profile_warehouse(database, SEED_CATALOG)
    assert hashlib.sha256(database.read_bytes()).hexdigest() == before
    files = profile_folder(folder, SEED_CATALOG)
    assert {t.table: t.rows for t in warehouse.tables} == counts
    assert next(t for t in warehouse.tables if t.table == "product_events").first_day == first_event.isoformat()

    def shape(profile):
        return ([(t.table, t.rows, t.first_day, t.last_day, t.distinct_accounts, t.unknown_account_rows,
                  [(c.name, c.present, c.nulls, c.parse_failures) for c in t.columns]) for t in profile.tables],
                [(e.event_name, e.rows, e.users, e.accounts, e.first_day, e.last_day) for e in profile.events])
    assert shape(warehouse) == shape(files)
    assert warehouse.missing_tables == []


def _run(argv, capsys) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_profile_command_prints_and_writes(crafted, tmp_path, capsys):
    code, out, err = _run(["profile", str(crafted), "--out", str(tmp_path / "out")], capsys)
    assert code == 0 and err == ""
    assert out.startswith(f"Profile of {crafted} (read in ")
    assert (tmp_path / "out" / "event_catalog_proposed.csv").exists()
    assert (tmp_path / "out" / "profile.json").exists()
    assert "Nothing was applied" in out


@pytest.mark.parametrize(("setup", "message"), [
    (lambda p: None, "error: raw data folder not found: {p}/nope"),
    (lambda p: (p / "nope").mkdir(), "error: {p}/nope has no accounts.csv or accounts.parquet: accounts is the "
                                     "one required table"),
    (lambda p: (p / "nope").mkdir() or (p / "nope" / "accounts.csv").mkdir(),
     "error: cannot read {p}/nope/accounts.csv: it is a folder, not a file"),
    (lambda p: (p / "nope").mkdir() or (p / "nope" / "accounts.parquet").write_text("garbage"),
     "error: cannot read {p}/nope/accounts.parquet: Invalid Input Error: File '{p}/nope/accounts.parquet' "
     "too small to be a Parquet file"),
])
def test_bad_input_is_one_line_on_stderr(tmp_path, capsys, setup, message):
    setup(tmp_path)
    code, out, err = _run(["profile", str(tmp_path / "nope"), "--out", str(tmp_path / "out")], capsys)
    assert (code, out) == (1, "")
    assert err == message.format(p=tmp_path) + "\n"


def test_profile_needs_exactly_one_source(tmp_path, capsys):
    assert _run(["profile"], capsys)[2] == "error: give a FOLDER of raw files to profile, or --warehouse\n"
    assert _run(["profile", str(tmp_path), "--warehouse", str(tmp_path / "w.duckdb")], capsys)[2] == (
        "error: give a FOLDER of raw files or --warehouse, not both\n")
    assert _run(["profile", "--warehouse", str(tmp_path / "w.duckdb")], capsys)[2] == (
        f"error: warehouse not found: {tmp_path / 'w.duckdb'}\n")
    with duckdb.connect(str(tmp_path / "empty.duckdb")):
        pass
    assert _run(["profile", "--warehouse", str(tmp_path / "empty.duckdb")], capsys)[2] == (
        f"error: {tmp_path / 'empty.duckdb'} has no table raw.accounts: accounts is the one required "
        "table (load files with `account-health load-files FOLDER`)\n")


def test_profile_help_documents_the_rules(capsys):
    with pytest.raises(SystemExit) as exit_info:
        build_parser().parse_args(["profile", "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert "usage: account-health profile" in out
    for rule in ("-> neither", "-> value event", "-> core action", "25% of the accounts", "--warehouse",
                 "create_opportunity -> opportunity"):
        assert rule in out
