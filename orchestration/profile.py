"""`account-health profile`: what a folder of raw files, or the warehouse's raw schema, holds,
measured against the raw contract, and a proposed event catalog for review.

Per table: rows, the date span of its main timestamp, the contract's columns present and
missing (required ones flagged), each column's share of nulls and of values that do not parse
as the column's type, columns the contract does not know, and rows whose account_id is not in
accounts. CSV lines that do not fit the header (ragged, unclosed quote, bad encoding) are
counted and shown, not fatal. Per event name of product_events: rows, distinct users and
accounts, first and last day, and whether seeds/event_catalog.csv knows it.

DuckDB reads every file once: one aggregate query per table computes every column's counts
(product_events: grouped by event name and in total, in the same pass). Nothing is written to
the warehouse or to seeds/: the proposed catalog and a JSON of the profile go to --out.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import json
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import duckdb

from orchestration.catalog import tables_in
from orchestration.catalog_proposal import CatalogRow, propose_catalog
from orchestration.load_files import find_raw_files
from orchestration.profile_contract import CONTRACT, MAIN_TIMESTAMP, ContractColumn
from orchestration.quoting import identifier, literal, literal_path
from orchestration.raw_contract import RAW_TABLES
from orchestration.seeds import read_seed
from orchestration.text_tables import text_table

CATALOG_COLUMNS = ("event_name", "feature", "is_core_action", "is_value_event", "description")
PROPOSED_CATALOG = "event_catalog_proposed.csv"
PROFILE_JSON = "profile.json"
# Native column types that already hold a value of each kind (as staging's select_raw takes them).
NATIVE = {
    "timestamp": ("TIMESTAMP", "TIMESTAMP_NS", "TIMESTAMP_MS", "TIMESTAMP_S", "DATE"),
    "date": ("DATE", "TIMESTAMP", "TIMESTAMP_NS", "TIMESTAMP_MS", "TIMESTAMP_S"),
    "number": ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT",
               "UINTEGER", "UBIGINT", "UHUGEINT", "FLOAT", "DOUBLE", "REAL", "DECIMAL"),
    "boolean": ("BOOLEAN",),
}
BOOLEAN_SPELLINGS = ("true", "t", "yes", "y", "1", "false", "f", "no", "n", "0")


class ProfileError(ValueError):
    """Input the profiler cannot read: the message is one line for the user."""


@dataclass
class ColumnProfile:
    name: str
    kind: str
    required: bool
    present: bool
    source_type: str | None = None
    nulls: int = 0
    parse_failures: int = 0


@dataclass
class TableProfile:
    table: str
    source: str
    rows: int = 0
    main_timestamp: str = ""
    first_day: str | None = None
    last_day: str | None = None
    columns: list[ColumnProfile] = field(default_factory=list)
    extra_columns: list[str] = field(default_factory=list)
    distinct_accounts: int | None = None  # accounts (of the accounts table) with rows here
    unknown_account_rows: int | None = None  # rows whose account_id is not in accounts
    malformed_lines: int = 0
    malformed_examples: list[str] = field(default_factory=list)
    note: str = ""

    @property
    def missing_required(self) -> list[str]:
        return [c.name for c in self.columns if c.required and not c.present]


@dataclass
class EventProfile:
    event_name: str | None
    rows: int
    users: int
    accounts: int  # accounts of the accounts table with this event
    first_day: str | None
    last_day: str | None
    in_catalog: bool
    proposed: str = ""  # core action / value event / neither, from the proposed catalog


@dataclass
class Profile:
    source: str
    tables: list[TableProfile]
    missing_tables: list[str]
    ignored_files: list[str]
    events: list[EventProfile]
    event_accounts: int
    catalog_path: str
    catalog_unused: list[str]
    seconds: float = 0.0
    proposed_catalog: list[CatalogRow] = field(default_factory=list)


# --- reading ---------------------------------------------------------------------------------

def _first_line(error: Exception) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


def csv_header(path: Path) -> list[str]:
    """The header of a CSV file (a byte-order mark is dropped), lowercased and trimmed; empty
    names become column_N and repeated names name_2, ... so every column can be read."""
    opener = gzip.open if path.name.endswith(".gz") else open
    try:
        with opener(path, "rt", encoding="utf-8-sig", errors="replace", newline="") as fh:
            header = next(csv.reader(fh), None)
    except (OSError, csv.Error, EOFError) as exc:
        raise ProfileError(f"cannot read {path}: {_first_line(exc)}") from exc
    names: list[str] = []
    for number, raw in enumerate(header or [], start=1):
        name = raw.strip().lower() or f"column_{number}"
        base, suffix = name, 2
        while name in names:
            name, suffix = f"{base}_{suffix}", suffix + 1
        names.append(name)
    return names


def csv_reader_sql(path: Path, columns: list[str], rejects: str) -> str:
    """DuckDB's CSV reader with the dialect stated, not sniffed: a header line, ',' between
    fields, '"' quotes (doubled inside a field), every column as text. Lines that do not fit go
    to the temporary tables `rejects` (errors) and `rejects`_scans instead of failing the read."""
    names = ", ".join(f"{literal(c)}: 'VARCHAR'" for c in columns)
    return (f"read_csv({literal_path(path)}, header = true, delim = ',', quote = '\"', "
            f"escape = '\"', auto_detect = false, columns = {{{names}}}, store_rejects = true, "
            f"rejects_table = {literal(rejects)}, rejects_scan = {literal(rejects + '_scans')})")


@dataclass
class _Source:
    """One raw table to profile: the SQL that reads it and its columns with their types."""

    table: str
    label: str
    relation: str
    columns: dict[str, str]  # name (lowercase) -> DuckDB type
    rejects: str | None = None


def _native(kind: str, source_type: str) -> bool:
    return kind == "text" or source_type.split("(")[0] in NATIVE.get(kind, ())


def _column_sql(column: ContractColumn, source_name: str, source_type: str) -> tuple[str, str | None]:
    """(is null, parsed value or None when nothing can fail to parse) for one column, as SQL
    over the source row. A text value is null when empty; timestamps and dates parse as staging
    parses them (an offset is converted to UTC), numbers as doubles, booleans in their usual
    spellings. A column stored natively in its type cannot fail."""
    quoted = identifier(source_name)
    if source_type != "VARCHAR" and _native(column.kind, source_type):
        return f"{quoted} is null", (quoted if column.kind != "text" else None)
    text = f"cast({quoted} as varchar)"
    is_null = f"({text} is null or trim({text}) = '')"
    parsed = {
        "text": None,
        "timestamp": f"cast(try_cast({text} as timestamptz) as timestamp)",
        "date": f"cast(try_cast({text} as timestamptz) as date)",
        "number": f"try_cast({text} as double)",
        "boolean": (f"case when lower(trim({text})) in ({', '.join(literal(s) for s in BOOLEAN_SPELLINGS)}) "
                    f"then lower(trim({text})) end"),
    }[column.kind]
    return is_null, parsed


def _key_sql(name: str, lower: bool = False) -> str:
    text = f"trim(cast({identifier(name)} as varchar))"
    return f"nullif({'lower(' + text + ')' if lower else text}, '')"


def profile_source(con: duckdb.DuckDBPyConnection, source: _Source, known_accounts: str | None
                   ) -> tuple[TableProfile, list[tuple]]:
    """Profile one table in one pass. Returns the table's profile and, for product_events, one
    row per event name (name, rows, users, accounts, first day, last day).
    known_accounts: a relation of the accounts' ids (column account_key), for unknown accounts."""
    contract = CONTRACT[source.table]
    main = MAIN_TIMESTAMP[source.table]
    profile = TableProfile(source.table, source.label, main_timestamp=main)
    # one projection parses each value once; the aggregates over it count and span
    projected: dict[str, str] = {}
    measures: dict[str, str] = {"rows": "count(*)"}
    for number, column in enumerate(contract):
        present = column.name in source.columns
        profile.columns.append(ColumnProfile(column.name, column.kind, column.required, present,
                                             source.columns.get(column.name)))
        if not present:
            continue
        is_null, parsed = _column_sql(column, column.name, source.columns[column.name])
        projected[f"null_{number}"] = is_null
        measures[f"null:{column.name}"] = f"count(*) filter (where null_{number})"
        if parsed is None:
            continue
        projected[f"value_{number}"] = parsed
        measures[f"fail:{column.name}"] = f"count(*) filter (where not null_{number} and value_{number} is null)"
        if column.name == main:
            measures["first_day"] = f"cast(min(value_{number}) as date)"
            measures["last_day"] = f"cast(max(value_{number}) as date)"
    profile.extra_columns = [c for c in source.columns if c not in {k.name for k in contract}]
    joins = ""
    if "account_id" in source.columns:
        projected["account_key"] = _key_sql("account_id")
        measures["accounts"] = "count(distinct src.account_key)"
        if known_accounts is not None:
            # accounts of the book only: ids that are not in accounts are counted as unknown
            joins = f" left join {known_accounts} as known on known.account_key = src.account_key"
            measures["accounts"] = "count(distinct known.account_key)"
            measures["unknown_accounts"] = ("count(*) filter (where src.account_key is not null "
                                            "and known.account_key is null)")
    by_event = source.table == "product_events" and "event_name" in source.columns
    if by_event:
        projected["event_key"] = _key_sql("event_name", lower=True)
        if "user_id" in source.columns:
            projected["user_key"] = _key_sql("user_id")
        measures["users"] = "count(distinct user_key)" if "user_id" in source.columns else "0"
    columns = ", ".join(f"{sql} as {name}" for name, sql in projected.items()) or "1 as one"
    relation = f"(select {columns} from {source.relation}) as src{joins}"
    if by_event:
        sql = (f"select grouping(event_key) = 1 as is_total, event_key, {', '.join(measures.values())} "
               f"from {relation} group by grouping sets ((event_key), ())")
    else:
        sql = f"select true as is_total, null as event_key, {', '.join(measures.values())} from {relation}"
    try:
        result = con.execute(sql).fetchall()
    except duckdb.Error as exc:
        raise ProfileError(f"cannot read {source.label}: {_first_line(exc)}") from exc
    events = []
    for is_total, event_key, *values in result:
        row = dict(zip(measures, values, strict=True))
        if is_total:
            _fill(profile, row)
        else:
            events.append((event_key, row["rows"], row["users"], row.get("accounts", 0),
                           row.get("first_day"), row.get("last_day")))
    if source.rejects:
        _fill_malformed(con, profile, source.rejects)
    return profile, events


def _fill(profile: TableProfile, row: dict) -> None:
    """Copy a table's aggregate row (keyed as profile_source named its measures) into the profile."""
    profile.rows = row["rows"]
    for column in profile.columns:
        column.nulls = row.get(f"null:{column.name}", 0)
        column.parse_failures = row.get(f"fail:{column.name}", 0)
    profile.first_day, profile.last_day = _day(row.get("first_day")), _day(row.get("last_day"))
    profile.distinct_accounts = row.get("accounts")
    profile.unknown_account_rows = row.get("unknown_accounts")


def _fill_malformed(con: duckdb.DuckDBPyConnection, profile: TableProfile, rejects: str) -> None:
    name = identifier(rejects)
    profile.malformed_lines = con.execute(f"select count(distinct line) from {name}").fetchall()[0][0]
    examples = con.execute(
        f"""select line, string_agg(distinct error_type, ', ' order by error_type)
            from {name} group by line order by line limit 3""").fetchall()
    profile.malformed_examples = [f"line {line}: {errors.lower()}" for line, errors in examples]


def _file_source(con: duckdb.DuckDBPyConnection, table: str, path: Path) -> _Source:
    if path.suffix == ".parquet":
        relation = f"read_parquet({literal_path(path)})"
        try:
            described = con.execute(f"describe select * from {relation}").fetchall()
        except duckdb.Error as exc:
            raise ProfileError(f"cannot read {path}: {_first_line(exc)}") from exc
        # names as staging matches them: case does not matter, anything else does
        return _Source(table, str(path), relation, {n.lower(): t for n, t, *_ in described})
    columns = csv_header(path)
    rejects = f"profile_rejects_{table}"
    if not columns:
        return _Source(table, str(path), "", {})
    return _Source(table, str(path), csv_reader_sql(path, columns, rejects),
                   dict.fromkeys(columns, "VARCHAR"), rejects)


def _profile_sources(con: duckdb.DuckDBPyConnection, sources: list[_Source]
                     ) -> tuple[list[TableProfile], list[tuple]]:
    """Accounts first (copied into a temporary table: its ids are what the other tables'
    account_id must match), then every other table in one pass each."""
    profiles, events = [], []
    known = None
    for source in sources:
        if not source.relation:
            profile = TableProfile(source.table, source.label, main_timestamp=MAIN_TIMESTAMP[source.table],
                                   note="empty file: no header line")
            profile.columns = [ColumnProfile(c.name, c.kind, c.required, False) for c in CONTRACT[source.table]]
            profiles.append(profile)
            continue
        if source.table == "accounts":
            try:
                con.execute(f"create temporary table profile_accounts as select * from {source.relation}")
            except duckdb.Error as exc:
                raise ProfileError(f"cannot read {source.label}: {_first_line(exc)}") from exc
            rejects = source.rejects
            source = _Source(source.table, source.label, "profile_accounts", source.columns)
            if "account_id" in source.columns:
                con.execute("create temporary table profile_account_ids as select distinct "
                            f"{_key_sql('account_id')} as account_key from profile_accounts")
                known = "profile_account_ids"
            profile, _ = profile_source(con, source, None)
            if rejects:
                _fill_malformed(con, profile, rejects)
        else:
            profile, table_events = profile_source(con, source, known)
            events += table_events
        profiles.append(profile)
        _progress(profile)
    return profiles, events


def _progress(profile: TableProfile) -> None:
    if sys.stderr.isatty():
        sys.stderr.write(f"  read {profile.table}: {profile.rows:,} rows\n")


def _connection() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("set TimeZone = 'UTC'")
    return con


def profile_folder(folder: Path, catalog: Path) -> Profile:
    """Profile a folder with one CSV or Parquet file per raw table (as load-files reads it)."""
    started = time.monotonic()
    folder = Path(folder)
    if not folder.is_dir():
        raise ProfileError(f"raw data folder not found: {folder}")
    files = find_raw_files(folder)
    if "accounts" not in files:
        raise ProfileError(f"{folder} has no accounts.csv or accounts.parquet: accounts is the one "
                           "required table")
    used = {p.name for p in files.values()}
    ignored = sorted(p.name for p in folder.iterdir() if p.is_file() and p.name not in used)
    with _connection() as con:
        sources = [_file_source(con, t, files[t]) for t in RAW_TABLES if t in files]
        tables, events = _profile_sources(con, sources)
    return _assemble(str(folder), tables, [t for t in RAW_TABLES if t not in files], ignored,
                     events, catalog, started)


def profile_warehouse(database: Path, catalog: Path, schema: str = "raw") -> Profile:
    """Profile the raw schema of a DuckDB warehouse, opened read-only."""
    started = time.monotonic()
    database = Path(database)
    if not database.exists():
        raise ProfileError(f"warehouse not found: {database}")
    try:
        con = duckdb.connect(str(database), read_only=True)
    except duckdb.Error as exc:
        raise ProfileError(f"cannot open {database} read-only: {_first_line(exc)}") from exc
    with con:
        con.execute("set TimeZone = 'UTC'")
        present = tables_in(con, schema)
        if "accounts" not in present:
            raise ProfileError(f"{database} has no table {schema}.accounts: accounts is the one "
                               "required table (load files with `account-health load-files FOLDER`)")
        sources = []
        for table in (t for t in RAW_TABLES if t in present):
            columns = dict(con.execute(
                """select lower(column_name), data_type from information_schema.columns
                   where table_schema = ? and table_name = ? order by ordinal_position""",
                [schema, table]).fetchall())
            relation = f"{identifier(schema)}.{identifier(table)}"
            sources.append(_Source(table, f"{schema}.{table}", relation, columns))
        tables, events = _profile_sources(con, sources)
    ignored = sorted(present - set(RAW_TABLES))
    return _assemble(f"{database} (schema {schema})", tables, [t for t in RAW_TABLES if t not in present],
                     ignored, events, catalog, started)


def _assemble(source: str, tables: list[TableProfile], missing: list[str], ignored: list[str],
              events: list[tuple], catalog_path: Path, started: float) -> Profile:
    catalog = read_catalog(catalog_path)
    known = {row["event_name"] for row in catalog}
    profiled = sorted(
        (EventProfile(name, rows, users, accounts, _day(first), _day(last), name in known)
         for name, rows, users, accounts, first, last in events),
        key=lambda e: (-e.rows, e.event_name or ""))
    event_table = next((t for t in tables if t.table == "product_events"), None)
    event_accounts = (event_table.distinct_accounts or 0) if event_table else 0
    proposed = propose_catalog(catalog, [(e.event_name, e.rows, e.accounts) for e in profiled
                                         if e.event_name is not None], event_accounts)
    verdict = {row.event_name: _verdict(row) for row in proposed}
    for event in profiled:
        event.proposed = verdict.get(event.event_name, "-")
    seen = {e.event_name for e in profiled}
    return Profile(source, tables, missing, ignored, profiled, event_accounts, str(catalog_path),
                   [row["event_name"] for row in catalog if row["event_name"] not in seen],
                   time.monotonic() - started, proposed)


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _verdict(row: CatalogRow) -> str:
    return "value event" if row.is_value_event else "core action" if row.is_core_action else "neither"


def read_catalog(path: Path) -> list[dict[str, str]]:
    """The current event catalog's rows (seeds/event_catalog.csv by default)."""
    try:
        rows = read_seed(path)
    except OSError as exc:
        raise ProfileError(f"cannot read the event catalog {path}: {_first_line(exc)}") from exc
    if rows and set(CATALOG_COLUMNS[:4]) - set(rows[0]):
        raise ProfileError(f"{path} is not an event catalog: it needs the columns {', '.join(CATALOG_COLUMNS)}")
    for row in rows:
        row["event_name"] = (row.get("event_name") or "").strip().lower()
    return rows


# --- writing ---------------------------------------------------------------------------------

def write_outputs(profile: Profile, out_dir: Path) -> tuple[Path, Path]:
    """The proposed catalog (seeds/event_catalog.csv's format) and the profile as JSON."""
    out_dir.mkdir(parents=True, exist_ok=True)
    csv_path, json_path = out_dir / PROPOSED_CATALOG, out_dir / PROFILE_JSON
    with csv_path.open("w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(CATALOG_COLUMNS)
        for row in profile.proposed_catalog:
            writer.writerow([row.event_name, row.feature, str(row.is_core_action).lower(),
                             str(row.is_value_event).lower(), row.description])
    document = {
        "source": profile.source,
        "seconds": round(profile.seconds, 2),
        "tables": [{**asdict(t), "missing_required": t.missing_required} for t in profile.tables],
        "missing_tables": profile.missing_tables,
        "ignored": profile.ignored_files,
        "product_event_accounts": profile.event_accounts,
        "events": [asdict(e) for e in profile.events],
        "catalog": profile.catalog_path,
        "catalog_names_not_in_data": profile.catalog_unused,
        "proposed_catalog": str(csv_path),
        "proposed_catalog_rules": {row.event_name: row.rule for row in profile.proposed_catalog},
    }
    json_path.write_text(json.dumps(document, indent=2) + "\n")
    return csv_path, json_path


def _share(part: int, whole: int) -> str:
    if not whole or not part:
        return "-"
    share = part / whole
    return f"{share:.1%}" if share >= 0.001 else "<0.1%"


def render(profile: Profile, top_events: int = 40) -> str:
    """The readable report: tables, columns, event names."""
    out = [f"Profile of {profile.source} (read in {profile.seconds:.1f}s)", "",
           "Tables (against the raw contract):"]
    out.append(text_table(
        ["table", "rows", "first day", "last day", "dated by", "accounts", "unknown account",
         "malformed lines", "missing required"],
        [(t.table, f"{t.rows:,}", t.first_day or "-", t.last_day or "-", t.main_timestamp,
          f"{t.distinct_accounts:,}" if t.distinct_accounts is not None else "-",
          _share(t.unknown_account_rows or 0, t.rows) if t.unknown_account_rows is not None else "-",
          f"{t.malformed_lines:,}" if t.malformed_lines else "-",
          ", ".join(t.missing_required) or "-") for t in profile.tables],
        "lrllrrrrl"))
    if profile.missing_tables:
        out.append("  no data (their components are not scored): " + ", ".join(profile.missing_tables))
    if profile.ignored_files:
        out.append("  not a raw table (ignored): " + ", ".join(profile.ignored_files))
    for table in profile.tables:
        out += ["", f"{table.table} ({table.source}): {table.rows:,} rows"
                + (f"; {table.note}" if table.note else "")]
        out.append(text_table(
            ["column", "type", "required", "present", "null", "does not parse"],
            [(c.name, c.kind, "yes" if c.required else "", "yes" if c.present else "MISSING",
              _share(c.nulls, table.rows) if c.present else "-",
              _share(c.parse_failures, table.rows) if c.present else "-") for c in table.columns],
            "llllrr"))
        if table.extra_columns:
            out.append("  not in the contract (ignored): " + ", ".join(table.extra_columns))
        if table.malformed_lines:
            out.append(f"  {table.malformed_lines:,} malformed lines set aside (not counted above): "
                       + "; ".join(table.malformed_examples)
                       + ("; ..." if table.malformed_lines > len(table.malformed_examples) else ""))
    out += ["", _events_headline(profile)]
    if profile.events:
        shown = profile.events[:top_events]
        out.append(text_table(
            ["event name", "rows", "users", "accounts", "first day", "last day", "in catalog", "proposed"],
            [(e.event_name if e.event_name is not None else "(empty)", f"{e.rows:,}", f"{e.users:,}",
              f"{e.accounts:,}", e.first_day or "-", e.last_day or "-", "yes" if e.in_catalog else "NO",
              e.proposed) for e in shown],
            "lrrrllll"))
        if len(profile.events) > len(shown):
            out.append(f"  ... {len(profile.events) - len(shown):,} more names in the JSON")
    if profile.catalog_unused:
        out.append(f"  in the catalog but not in the data: {', '.join(profile.catalog_unused)}")
    return "\n".join(out)


def _events_headline(profile: Profile) -> str:
    if not profile.events:
        return "Event names: no product events."
    rows = sum(e.rows for e in profile.events)
    known = [e for e in profile.events if e.in_catalog]
    known_rows = sum(e.rows for e in known)
    knows = (f"knows {len(known):,} of them, {_share(known_rows, rows)} of the rows" if known
             else "knows none of them")
    return (f"Event names: {len(profile.events):,} names in {rows:,} product events; the catalog "
            f"({profile.catalog_path}) {knows}:")


# --- the command -----------------------------------------------------------------------------

HELP = """\
Profile raw data before scoring it: a folder of CSV/Parquet files (one per raw table, as
`run --from-files` reads them) or, with --warehouse, the raw schema of a DuckDB warehouse
(opened read-only). Per table: rows, the date span of its main timestamp, the contract's
columns present and missing (required ones flagged), each column's share of nulls and of
values that do not parse as its type, columns the contract does not know, rows whose
account_id is not in accounts, and CSV lines that do not fit the header. Per event name:
rows, users, accounts, first and last day, and whether the event catalog knows it.

A name the catalog does not know still counts as activity (active users and days, breadth);
the catalog says which names are core actions and which are value events. The profile
writes, into --out, a proposed event catalog in seeds/event_catalog.csv's format
(event_catalog_proposed.csv) and the whole profile as JSON (profile.json). Nothing is applied:
review the proposal, then copy it into seeds/ deliberately. Known names keep their catalog
row; each unknown name is proposed by the first rule its words match (the description column
says which, with its volume):

  1. sign-in, password, session, settings, preferences, ping, heartbeat -> neither
     (feature platform): activity, not work
  2. cancel, delete, remove, archive, disconnect, fail, lost, ... -> neither
  3. won, delivered, shared, connected, achieved, completed, closed, published, converted,
     signed, accepted, approved, paid -> value event
  4. a work verb: view, open, read, search, run, create, add, edit, update, comment, import,
     export, send, email, call, log, schedule, assign, ... -> core action
  5. none of these: used by at least 25% of the accounts with product events -> core action
     (routine use), else neither

A word matches in its usual forms (view, views, viewed, viewing). The feature is the name's
noun, singular: create_opportunity -> opportunity, contacts_imported -> contact.
"""


def add_parser(sub) -> None:  # sub: argparse's subparsers action
    """Register `account-health profile` on the CLI's subparsers."""
    import argparse

    from orchestration.settings import dbt_project_dir, reports_dir, warehouse_path

    parser = sub.add_parser(
        "profile", help="what a folder of raw files (or the warehouse's raw schema) holds, and a "
        "proposed event catalog", description=HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", nargs="?", help="folder of raw files (accounts.csv, product_events.parquet, ...)")
    parser.add_argument("--warehouse", nargs="?", const=str(warehouse_path()), metavar="DUCKDB_FILE",
                        help="profile the raw schema of this DuckDB file instead (default: "
                             "HEALTH_DUCKDB_PATH, now %(const)s)")
    parser.add_argument("--schema", default="raw", help="with --warehouse: the raw schema (raw)")
    parser.add_argument("--catalog", default=str(dbt_project_dir() / "seeds" / "event_catalog.csv"),
                        help="the event catalog to compare with (seeds/event_catalog.csv)")
    parser.add_argument("--out", default=str(reports_dir()),
                        help="where to write event_catalog_proposed.csv and profile.json (default: "
                             "the reports folder beside the warehouse)")
    parser.add_argument("--top", type=int, default=40, help="event names to print, most rows first (40)")
    parser.set_defaults(func=cmd_profile)


def cmd_profile(args) -> int:
    if bool(args.folder) == bool(args.warehouse):
        raise ProfileError("give a FOLDER of raw files or --warehouse, not both" if args.folder
                           else "give a FOLDER of raw files to profile, or --warehouse")
    catalog = Path(args.catalog)
    profile = (profile_folder(Path(args.folder), catalog) if args.folder
               else profile_warehouse(Path(args.warehouse), catalog, args.schema))
    csv_path, json_path = write_outputs(profile, Path(args.out))
    print(render(profile, args.top))
    unknown = sum(1 for e in profile.events if not e.in_catalog and e.event_name is not None)
    print(f"\nWrote {csv_path} ({len(profile.proposed_catalog)} rows: {unknown} proposed for names "
          f"the catalog does not know) and {json_path}.\nNothing was applied: review the proposal, "
          "then copy it over seeds/event_catalog.csv deliberately.")
    return 0
