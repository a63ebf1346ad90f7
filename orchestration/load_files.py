"""Load a folder of raw files (one CSV or Parquet file per raw table) into the warehouse.

`accounts.csv` (or `.csv.gz`, or `accounts.parquet`) becomes table raw.accounts, and so on for
the ten tables of the raw contract (orchestration/raw_contract.py). A table without a
file is left out (its components are "not configured"), never zero.

What the loader takes as it is, and what it refuses:
- File and column names are matched without regard to case, and a column name's surrounding
  spaces are ignored (`Account ID ` is account_id). Columns may come in any order. A column the
  contract does not know is ignored and reported; a missing optional column is simply absent;
  a missing required column is an error naming the file and the column.
- CSV files are read with one explicit dialect, never guessed: comma-delimited, `"` quotes
  (a quote inside a quoted value doubled), the header on line 1, UTF-8 (a byte-order mark is
  accepted), LF or CRLF line ends. Every value is read as text: staging types it.
- A CSV line that is not a row of that shape (a ragged line, an unclosed quote, bytes that are
  not UTF-8, a line too long) is set aside with its file, line number, reason and the line
  itself in raw.health_load_rejects (staging lists them as `not_loaded`), and the rest of the
  file loads. A line an unclosed quote ran into is read again on its own, so one bad quote never
  swallows the lines after it. The loader then checks, for every file, that its data lines
  (the lines after the header, blank lines aside) equal the lines of the rows loaded plus the
  lines set aside, and fails naming the file if they do not.
- Paths are taken literally: a folder whose name holds `[`, `*` or `?` (which DuckDB's readers
  expand as patterns) is read through a temporary link with a plain name.
- The load is atomic: the new raw schema is written in one transaction that replaces the old
  one only when every file has loaded, so a failed or killed load leaves the previous raw
  tables as they were.
"""

from __future__ import annotations

import contextlib
import csv
import gzip
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import duckdb
import pyarrow as pa

from orchestration import raw_contract as contract_module
from orchestration.quoting import GLOB_CHARACTERS, identifier, literal_path

LOAD_REJECTS = "health_load_rejects"
SUFFIXES = (".parquet", ".csv", ".csv.gz")
# The one CSV dialect the loader reads (DuckDB read_csv options; never sniffed).
CSV_DIALECT = "delim = ',', quote = '\"', escape = '\"', strict_mode = true, null_padding = false"
REJECT_REASONS = {
    "MISSING COLUMNS": "ragged_line",
    "TOO MANY COLUMNS": "ragged_line",
    "UNQUOTED VALUE": "bad_quoting",
    "INVALID ENCODING": "bad_encoding",
    "LINE SIZE OVER MAXIMUM": "line_too_long",
}


class LoadError(ValueError):
    """A raw file cannot be loaded as it is: the message says which file, what and what to do."""


@dataclass(frozen=True)
class Contract:
    """The raw contract of one table: its columns in order, and the required ones."""

    columns: tuple[str, ...]
    required: frozenset[str]


def raw_contract() -> dict[str, Contract]:
    """Table -> Contract, from orchestration.raw_contract (the one place the contract is written)."""
    return {
        table: Contract(contract_module.columns(table), frozenset(contract_module.required_columns(table)))
        for table in contract_module.RAW_TABLES
    }


@dataclass
class LoadedTable:
    """What the loader did with one file."""

    table: str
    path: Path
    rows: int = 0
    set_aside: int = 0  # CSV lines not loaded (in raw.health_load_rejects)
    data_lines: int | None = None  # CSV only: lines after the header, blank lines aside
    unknown_columns: list[str] = field(default_factory=list)
    missing_columns: list[str] = field(default_factory=list)  # optional columns not in the file


@dataclass
class LoadResult:
    """What a load did: one entry per table file, and the folder's files it did not use."""

    folder: Path
    tables: dict[str, LoadedTable]
    ignored_files: list[str]

    def counts(self) -> dict[str, int]:
        return {table: loaded.rows for table, loaded in self.tables.items()}


@dataclass(frozen=True)
class FilePlan:
    """One raw file, checked before anything is written: which of its columns feeds which
    contract column (contract name -> position in the file, from 1), in contract order."""

    table: str
    path: Path
    columns: dict[str, int]
    source_names: tuple[str, ...]  # the file's own column names, in order
    unknown: tuple[str, ...]
    missing: tuple[str, ...]

    @property
    def is_csv(self) -> bool:
        return self.path.name.lower().endswith((".csv", ".csv.gz"))


def _normal_name(name: str) -> str:
    """A column or file name as the contract spells it: lowercase, spaces and dashes as `_`."""
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


def find_raw_files(folder: Path) -> dict[str, Path]:
    """Map raw table name -> file for the tables that have a file in `folder` (names matched
    without regard to case). Two files for one table are an error."""
    return _scan_folder(Path(folder))[0]


def _scan_folder(folder: Path) -> tuple[dict[str, Path], list[str]]:
    contract = raw_contract()
    found: dict[str, Path] = {}
    ignored: list[str] = []
    for path in sorted(folder.iterdir()):
        name = path.name.lower()
        suffix = next((s for s in sorted(SUFFIXES, key=len, reverse=True) if name.endswith(s)), None)
        table = _normal_name(path.name[: -len(suffix)]) if suffix else None
        if not path.is_file():
            if table in contract:
                raise LoadError(f"cannot read {path}: it is a folder, not a file")
            continue  # a subfolder is not part of the export
        if table not in contract:
            ignored.append(path.name)
            continue
        if table in found:
            raise LoadError(f"{folder} has two files for table {table}: {found[table].name} and "
                            f"{path.name}; keep one")
        found[table] = path
    return found, ignored


@contextlib.contextmanager
def _readable_path(path: Path) -> Iterator[Path]:
    """The path DuckDB should read: `path` itself, or a temporary link to it with a plain name
    when the path holds characters DuckDB would expand as a file pattern."""
    if not any(c in path.as_posix() for c in GLOB_CHARACTERS):
        yield path
        return
    folder = Path(tempfile.mkdtemp(prefix="health-load-"))
    try:
        suffix = ".csv.gz" if path.name.lower().endswith(".csv.gz") else path.suffix.lower()
        link = folder / f"file{suffix}"
        link.symlink_to(path.resolve())
        yield link
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _open_bytes(path: Path) -> IO[bytes]:
    return gzip.open(path, "rb") if path.name.lower().endswith(".gz") else open(path, "rb")


def _csv_header(path: Path) -> list[str]:
    with _open_bytes(path) as f:
        first = f.readline()
    if not first.strip():
        raise LoadError(f"{path}: the first line is empty; a CSV file needs a header line "
                        "naming its columns")
    try:
        text = first.decode("utf-8-sig").rstrip("\r\n")
    except UnicodeDecodeError as exc:
        raise LoadError(f"{path}: the header line is not UTF-8 ({exc.reason} at byte "
                        f"{exc.start}); save the file as UTF-8") from None
    try:
        return next(csv.reader([text], delimiter=",", quotechar='"', strict=True))
    except csv.Error as exc:
        raise LoadError(f"{path}: the header line is not comma-separated names ({exc})") from None


def _parquet_header(con: duckdb.DuckDBPyConnection, path: Path) -> list[str]:
    with _readable_path(path) as readable:
        try:
            return [r[0] for r in con.execute(
                f"describe select * from read_parquet({literal_path(readable)})").fetchall()]
        except duckdb.Error as exc:
            raise LoadError(f"{path}: not a readable Parquet file ({_first_line(exc)})") from None


def _plan(con: duckdb.DuckDBPyConnection, table: str, path: Path) -> FilePlan:
    contract = raw_contract()[table]
    is_csv = path.name.lower().endswith((".csv", ".csv.gz"))
    names = _csv_header(path) if is_csv else _parquet_header(con, path)
    columns: dict[str, int] = {}
    unknown: list[str] = []
    for position, name in enumerate(names, start=1):
        normal = _normal_name(name)
        if normal not in contract.columns:
            unknown.append(name or f"(column {position}, no name)")
        elif normal in columns:
            raise LoadError(f"{path}: columns {columns[normal]} and {position} are both "
                            f"{normal}; remove one")
        else:
            columns[normal] = position
    missing_required = [c for c in contract.columns if c in contract.required and c not in columns]
    if missing_required:
        raise LoadError(f"{path}: required column {missing_required[0]} is missing (the header "
                        f"has {', '.join(names) or 'no names'}); add it or rename the column "
                        "that holds it")
    missing = tuple(c for c in contract.columns if c not in columns)
    in_contract_order = {c: columns[c] for c in contract.columns if c in columns}
    return FilePlan(table, path, in_contract_order, tuple(names), tuple(unknown), missing)


def check_raw_folder(folder: Path) -> tuple[list[FilePlan], list[str]]:
    """Check a folder of raw files without loading it: the folder exists, holds accounts, and
    every file's header has the required columns. Raises LoadError naming what is wrong."""
    folder = Path(folder)
    if not folder.is_dir():
        raise LoadError(f"raw data folder not found: {folder}")
    files, ignored = _scan_folder(folder)
    if "accounts" not in files:
        raise LoadError(f"{folder} has no accounts.csv or accounts.parquet: accounts is the one "
                        "required table")
    with duckdb.connect() as con:
        plans = [_plan(con, table, files[table]) for table in raw_contract() if table in files]
    return plans, ignored


def load_raw_files(con: duckdb.DuckDBPyConnection, folder: Path, schema: str = "raw",
                   progress: Callable[[str], None] | None = None) -> LoadResult:
    """Replace `schema` with one table per file in `folder`, plus `health_load_rejects` (the CSV
    lines set aside), in one transaction. Raises LoadError, leaving `schema` as it was, when a
    file cannot be loaded."""
    try:
        plans, ignored = check_raw_folder(folder)
    except OSError as exc:
        raise LoadError(f"cannot read {exc.filename or folder}: {exc.strerror or exc}") from None
    say = progress or (lambda message: None)
    result = LoadResult(Path(folder), {}, ignored)
    rejects: list[tuple] = []
    con.execute("begin transaction")
    try:
        con.execute(f"drop schema if exists {identifier(schema)} cascade")
        con.execute(f"create schema {identifier(schema)}")
        for plan in plans:
            say(f"loading {plan.table} from {plan.path.name} ...")
            loaded = LoadedTable(plan.table, plan.path, unknown_columns=list(plan.unknown),
                                 missing_columns=list(plan.missing))
            target = f"{identifier(schema)}.{identifier(plan.table)}"
            try:
                if plan.is_csv:
                    loaded.rows, loaded.data_lines, file_rejects = _load_csv(con, plan, target)
                    loaded.set_aside = len(file_rejects)
                    rejects += file_rejects
                else:
                    loaded.rows = _load_parquet(con, plan, target)
            except duckdb.Error as exc:
                raise LoadError(f"{plan.path}: could not be read ({_first_line(exc)}); nothing "
                                "was loaded, the previous raw tables are unchanged") from None
            except OSError as exc:
                raise LoadError(f"cannot read {exc.filename or plan.path}: {exc.strerror or exc}; "
                                "nothing was loaded, the previous raw tables are unchanged") from None
            result.tables[plan.table] = loaded
        _write_rejects(con, f"{identifier(schema)}.{identifier(LOAD_REJECTS)}", rejects)
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    return result


def _load_parquet(con: duckdb.DuckDBPyConnection, plan: FilePlan, target: str) -> int:
    select = ", ".join(f"{identifier(plan.source_names[position - 1])} as {identifier(column)}"
                       for column, position in plan.columns.items())
    with _readable_path(plan.path) as readable:
        con.execute(f"create table {target} as select {select} "
                    f"from read_parquet({literal_path(readable)})")
    return con.execute(f"select count(*) from {target}").fetchall()[0][0]


def _load_csv(con: duckdb.DuckDBPyConnection, plan: FilePlan, target: str) -> tuple[int, int, list[tuple]]:
    """Load one CSV file into `target`; return (rows, data lines, rejects). Each reject is
    (table, file name, line number, reason, detail, line)."""
    columns = ", ".join(f"{identifier(column)} varchar" for column in plan.columns)
    con.execute(f"create table {target} ({columns}, health_lines bigint)")
    rejects: list[tuple] = []
    with tempfile.TemporaryDirectory(prefix="health-load-") as scratch:
        survey = _survey(plan.path, Path(scratch) / "normalised.csv")
        for number, line in survey.stray_returns:
            rejects.append((plan.table, plan.path.name, number, "malformed_line",
                            "a carriage return inside the line", line))
        # (file to read, the line of the original file its line 2 is): the file itself, or the
        # lines before and after a bad line whose record ran on into the next lines
        parts: list[tuple[Path, int]] = [(survey.readable, 2)]
        while parts:
            part, first_line = parts.pop()
            errors = _read_csv_part(con, plan, part)
            found, split = _locate_errors(part, errors) if errors else ([], None)
            if split is not None:
                # a bad quote ran on (DuckDB's reading past it is not to be trusted): set aside
                # its line alone and read the lines before it and after it again, each on its own
                number, reason, detail, line = found[-1]
                rejects.append((plan.table, plan.path.name, first_line + number - 2, reason, detail, line))
                parts += _split_at(part, number, first_line, Path(scratch))
                continue
            con.execute(f"insert into {target} select * from health_csv_part")
            for number, reason, detail, line in found:
                rejects.append((plan.table, plan.path.name, first_line + number - 2, reason, detail, line))
        con.execute("drop table if exists health_csv_part")
    rows, loaded_lines = con.execute(
        f"select count(*), coalesce(sum(health_lines), 0) from {target}").fetchall()[0]
    con.execute(f"alter table {target} drop column health_lines")
    if survey.data_lines != loaded_lines + len(rejects):
        raise LoadError(
            f"{plan.path}: {survey.data_lines:,} data lines, but {rows:,} rows ({loaded_lines:,} "
            f"lines) were loaded and {len(rejects):,} lines set aside: the file does not read as "
            "comma-separated UTF-8 text with one header line; check its format")
    rejects.sort(key=lambda r: r[2])
    return rows, survey.data_lines, rejects


@dataclass(frozen=True)
class _Survey:
    """A CSV file's lines, counted before it is read: data lines (after the header, blank lines
    aside), lines holding a carriage return that does not end them, and the file DuckDB should
    read (the file itself, or a copy with one kind of line end when they are mixed: DuckDB's
    strict reader stops at a stray carriage return)."""

    data_lines: int
    stray_returns: list[tuple[int, str]]
    readable: Path


def _survey(path: Path, copy: Path) -> _Survey:
    data_lines = 0
    stray: list[tuple[int, str]] = []
    endings = set()
    with _open_bytes(path) as f:
        for number, raw in enumerate(f, start=1):
            body = raw.rstrip(b"\n")
            ending = b"\r\n" if body.endswith(b"\r") else b"\n"
            body = body[:-1] if ending == b"\r\n" else body
            if raw.endswith(b"\n"):
                endings.add(ending)
            if number > 1 and body:
                data_lines += 1
                if b"\r" in body:
                    stray.append((number, _shown(body)))
    if not stray and len(endings) < 2:
        return _Survey(data_lines, stray, path)
    # one kind of line end; a line with a stray carriage return left blank (it is set aside)
    skip = {number for number, _ in stray}
    with _open_bytes(path) as f, open(copy, "wb") as out:
        for number, raw in enumerate(f, start=1):
            body = raw.rstrip(b"\n")
            body = body[:-1] if body.endswith(b"\r") else body
            out.write((b"" if number in skip else body) + b"\n")
    return _Survey(data_lines, stray, copy)


def _shown(line: bytes) -> str:
    """A raw line as text: bytes that are not UTF-8 (and control characters) written as \\xNN."""
    text = line.decode("utf-8", errors="backslashreplace")
    return "".join(c if c.isprintable() or c == "\t" else f"\\x{ord(c):02x}" for c in text)


def _read_csv_part(con: duckdb.DuckDBPyConnection, plan: FilePlan, path: Path) -> list[tuple]:
    """Read one CSV file (the original, or a part of it) into temporary table health_csv_part,
    each row with the number of non-blank lines it spans; return DuckDB's rejects for the file as
    (byte position of the line, error type, message, the text DuckDB read)."""
    width = len(plan.source_names)
    columns = "{" + ", ".join(f"'c{i}': 'varchar'" for i in range(1, width + 1)) + "}"
    values = ", ".join(f"c{position} as {identifier(column)}" for column, position in plan.columns.items())
    # a row spans 1 line, plus the line breaks inside its values, less the blank lines among
    # them (a blank line is not a data line)
    breaks = " + ".join(
        f"case when contains(c{i}, chr(10)) then length(c{i}) - length(replace(c{i}, chr(10), '')) "
        f"- len(list_filter(list_slice(string_split(c{i}, chr(10)), 2, -2), lambda x: x = '' or x = chr(13))) "
        "else 0 end"
        for i in range(1, width + 1)
    )
    for name in ("health_csv_rejects", "health_csv_scans"):
        con.execute(f"drop table if exists {name}")
    with _readable_path(path) as readable:
        con.execute(
            f"create or replace temp table health_csv_part as select {values}, 1 + {breaks} as health_lines "
            f"from read_csv({literal_path(readable)}, auto_detect = false, header = false, "
            f"skip = 1, columns = {columns}, {CSV_DIALECT}, store_rejects = true, "
            "rejects_table = 'health_csv_rejects', rejects_scan = 'health_csv_scans')"
        )
    return con.execute(
        "select line_byte_position, error_type, error_message, csv_line from health_csv_rejects "
        "order by line_byte_position").fetchall()


def _locate_errors(path: Path, errors: list[tuple]) -> tuple[list[tuple], int | None]:
    """Map DuckDB's rejects for a CSV file to the lines they start on, as (line number, reason,
    detail, the line). Stops at the first bad line whose record runs on into the next lines (a
    bad quote), returning its line number as the second value (None when there is none)."""
    starts: dict[int, tuple] = {}
    for position, error_type, message, _text in errors:
        starts.setdefault(position, (error_type, message))
    pending = sorted(starts)
    found: list[tuple] = []
    offset = 0
    with _open_bytes(path) as f:
        lines = enumerate(f, start=1)
        for number, raw in lines:
            offset += len(raw)
            if not pending:
                break
            if pending[0] >= offset:
                continue
            error_type, message = starts[pending[0]]
            while pending and pending[0] < offset:
                pending.pop(0)
            found.append((number, REJECT_REASONS.get(error_type, "malformed_line"), message,
                          _shown(raw.rstrip(b"\n").removesuffix(b"\r"))))
            if _runs_on(raw, lines):
                return found, number
    return found, None


def _split_at(path: Path, number: int, first_line: int, scratch: Path) -> list[tuple[Path, int]]:
    """The lines of a CSV file before line `number` and after it, as two files with a header
    line (empty parts left out), each with the original line number of its line 2."""
    tag = len(list(scratch.iterdir()))  # a new name: `path` may itself be a part in `scratch`
    before = scratch / f"part{tag}-lines{first_line}.csv"
    after = scratch / f"part{tag}-lines{first_line + number - 1}.csv"
    with _open_bytes(path) as f, open(before, "wb") as head, open(after, "wb") as tail:
        counts = [0, 0]
        for index, raw in enumerate(f, start=1):
            if index == 1:
                newline = b"\r\n" if raw.endswith(b"\r\n") else b"\n"
                head.write(b"header" + newline)
                tail.write(b"header" + newline)
            elif index != number:
                (head if index < number else tail).write(raw)
                counts[index > number] += 1
    parts = []
    if counts[1]:
        parts.append((after, first_line + number - 1))
    if counts[0]:
        parts.append((before, first_line))
    return parts


def _runs_on(first: bytes, rest: Iterator[tuple[int, bytes]]) -> bool:
    """Whether the CSV record starting on line `first` runs on into the next lines as DuckDB's
    reader reads it: a field that opens a quote runs on, across line ends, to its closing quote.
    Consumes the lines it looks at from `rest`."""
    line, i, quoted, field_start = first, 0, False, True
    ran_on = False
    while True:
        while i < len(line):
            c = line[i:i + 1]
            if quoted:
                if c == b'"' and line[i + 1:i + 2] == b'"':
                    i += 2
                    continue
                if c == b'"':
                    quoted = False
                    if line[i + 1:i + 2] not in (b",", b"\r", b"\n", b""):
                        return ran_on  # text after a closing quote: the record ends with this line
                    field_start = False
            elif c == b'"' and field_start:
                quoted = True
            elif c == b",":
                field_start = True
            elif c in (b"\r", b"\n"):
                return ran_on
            else:
                field_start = False
            i += 1
        following = next(rest, None) if quoted else None
        if following is None:
            return ran_on
        line, i, ran_on = following[1], 0, True


def _write_rejects(con: duckdb.DuckDBPyConnection, target: str, rejects: list[tuple]) -> None:
    con.execute(f"create table {target} (source_table varchar, source_file varchar, "
                "line_number bigint, reason varchar, detail varchar, line varchar)")
    if rejects:
        names = ("source_table", "source_file", "line_number", "reason", "detail", "line")
        table = pa.table({name: [r[i] for r in rejects] for i, name in enumerate(names)})
        con.register("health_rejects_chunk", table)
        con.execute(f"insert into {target} select * from health_rejects_chunk")
        con.unregister("health_rejects_chunk")


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
