"""Seeded random defects of every kind real raw data carries, for the property test and `make soak`.

`inject(con, folder, seed=...)` reads a clean raw book (schema raw of `con`) and writes it to
`folder` as one file per table (CSV text, or Parquet keeping column types where it can) with
defects of every class added in, at random rows, several values per class. Each defect either

- ADDS a row or line that must be set aside whole (a duplicate, a null key, an unknown account,
  a required timestamp that is a word, out of range, in the future or before the account, an
  unknown enum value, an absurd required number; in CSV also a ragged line, a bad quote, bytes
  that are not UTF-8, a stray carriage return), or
- CHANGES a value without changing what it means: a valid value spelled unusually (ISO `T`,
  `Z`, offsets, fractions, a date alone, single-digit months, spaces; `+12`, `12.0`; `yes`; a
  different case), or an absurd or unparseable value in an optional field whose emptied default
  means what the original meant (a NaN quantity where the quantity was 1, a garbled resolved_at
  where there was none), which staging must repair.

Each row of the book receives at most one defect, so what staging must do is known exactly: the
returned Injection says, per table, how many rows must be rejected, fields repaired and lines not
loaded, and how many rows and data lines were delivered. Scoring the delivered files must give
the clean book's daily fact for every account. Unknown product event names are not injected
(whether those count as activity is a scoring rule, not a defect).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from orchestration.raw_contract import RAW_TABLES

KEYS = {  # the column a null_key defect empties
    "accounts": "account_id", "subscription_events": "account_id", "users": "user_id",
    "product_events": "account_id", "support_tickets": "ticket_id", "invoices": "invoice_id",
    "survey_responses": "account_id", "onboarding_milestones": "account_id",
    "csm_assessments": "account_id", "cs_actions": "account_id",
}
IDS = {  # ids a copied row gets anew, so it is not also a duplicate
    "users": "user_id", "product_events": "event_id", "support_tickets": "ticket_id",
    "invoices": "invoice_id", "survey_responses": "response_id", "cs_actions": "action_id",
}
REQUIRED_TIMES = {  # required timestamp or date columns
    "accounts": ("created_at",), "subscription_events": ("effective_date",),
    "product_events": ("occurred_at",), "support_tickets": ("created_at",),
    "invoices": ("issued_at", "due_date"), "survey_responses": ("responded_at",),
    "csm_assessments": ("assessed_at",), "cs_actions": ("action_at",),
}
BEFORE_ACCOUNT = {  # the timestamp staging compares with the account's creation
    "subscription_events": "effective_date", "product_events": "occurred_at",
    "support_tickets": "created_at", "invoices": "issued_at", "survey_responses": "responded_at",
    "csm_assessments": "assessed_at", "cs_actions": "action_at",
}
ENUMS = {  # (column, values staging does not know)
    "subscription_events": ("change_type", ["pause", "trial", "freeze"]),
    "support_tickets": ("severity", ["p0", "sev9", "blocker"]),
    "invoices": ("status", ["unknown", "pending_review", "refunded"]),
    "survey_responses": ("survey_type", ["ces", "pulse"]),
    "csm_assessments": ("sentiment", ["purple", "meh", "7"]),
}
RESPELLABLE_ENUMS = {
    "accounts": ["segment"], "subscription_events": ["change_type"], "users": ["role"],
    "product_events": ["event_name"], "support_tickets": ["severity", "status"],
    "invoices": ["status"], "survey_responses": ["survey_type"],
    "onboarding_milestones": ["milestone"], "csm_assessments": ["sentiment"],
}
UNPARSEABLE_TIMES = ["not a date", "2026-02-30", "31/12/2025", "soon", "2026-13-01 10:00:00"]
TIME_WORDS = ["infinity", "-infinity", "epoch", "now", "today", "Infinity"]
YEARS_OUT = ["9999-12-31 00:00:00", "0001-01-01", "1900-01-01 00:00:00", "2150-06-01",
             "1970-01-01 00:00:00"]
ABSURD_NUMBERS = ["NaN", "Infinity", "-Infinity", "1e300", "-3", "99999999999", "nan"]
UNPARSEABLE_NUMBERS = ["abc", "n/a", "7 points", "1,5"]
BAD_FLAGS = ["maybe", "unknown", "2"]


@dataclass(frozen=True)
class Text:
    """A value delivered as this exact text (so a Parquet column holding one is text)."""

    value: str


@dataclass
class Expected:
    """What staging and the loader must do with one delivered table."""

    delivery: str  # csv or parquet
    clean_rows: int
    added_rows: int = 0  # rows added that staging must reject
    not_loaded: int = 0  # CSV lines the loader must set aside
    repaired: int = 0  # fields staging must empty and list as repaired
    respelled: int = 0  # values spelled unusually, to be read as the original
    extra_lines: int = 0  # line breaks inside quoted values (a row spanning two lines)

    @property
    def raw_rows(self) -> int:
        return self.clean_rows + self.added_rows

    @property
    def data_lines(self) -> int | None:
        if self.delivery != "csv":
            return None
        return self.raw_rows + self.not_loaded + self.extra_lines


@dataclass
class Injection:
    """What inject() did: per (defect class, table) how many, and per table what to expect."""

    seed: int
    counts: Counter = field(default_factory=Counter)
    expected: dict[str, Expected] = field(default_factory=dict)

    def table(self) -> str:
        """The counts per defect class and table, as a text table."""
        tables = [t for t in RAW_TABLES if any(k[1] == t for k in self.counts)]
        classes = sorted({k[0] for k in self.counts})
        short = {"subscription_events": "sub_events", "product_events": "events",
                 "support_tickets": "tickets", "survey_responses": "surveys",
                 "onboarding_milestones": "onboarding", "csm_assessments": "csm"}
        head = f"{'defect class':<28}" + "".join(f"{short.get(t, t):>11}" for t in tables) + f"{'all':>8}"
        lines = [head]
        for name in classes:
            row = [self.counts[(name, t)] for t in tables]
            lines.append(f"{name:<28}" + "".join(f"{n or '.':>11}" for n in row) + f"{sum(row):>8}")
        return "\n".join(lines)


class _Book:
    """The clean raw tables as rows of Python values, and the defects applied to them."""

    def __init__(self, con: duckdb.DuckDBPyConnection, rng: random.Random, load_date: dt.date) -> None:
        self.rng = rng
        self.load_date = load_date
        self.schemas: dict[str, pa.Schema] = {}
        self.rows: dict[str, list[list]] = {}
        self.added: dict[str, list[list]] = {}
        self.lines: dict[str, list[bytes]] = {}  # malformed CSV lines
        self.used: dict[str, set[int]] = {}
        for table in RAW_TABLES:
            arrow = con.sql(f"select * from raw.{table}").to_arrow_table()
            self.schemas[table] = arrow.schema
            self.rows[table] = [list(r.values()) for r in arrow.to_pylist()]
            self.added[table] = []
            self.lines[table] = []
            self.used[table] = set()
        position = self.position("accounts", "account_id")
        created = self.position("accounts", "created_at")
        self.created = {r[position]: r[created] for r in self.rows["accounts"]}
        self.next_id = 0

    def position(self, table: str, column: str) -> int:
        return self.schemas[table].names.index(column)

    def pick(self, table: str, where: Callable[[list], bool] = lambda row: True) -> int | None:
        """A random row of `table` not given a defect yet (and satisfying `where`)."""
        free = [i for i, row in enumerate(self.rows[table]) if i not in self.used[table] and where(row)]
        if not free:
            return None
        choice = self.rng.choice(free)
        self.used[table].add(choice)
        return choice

    def new_id(self, prefix: str) -> str:
        self.next_id += 1
        return f"{prefix}{self.next_id}"


def _text(value) -> str | None:
    """A value as the warehouse writes it as text (what staging parses)."""
    if value is None:
        return None
    if isinstance(value, Text):
        return value.value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    return str(value)


def respell_time(value, rng: random.Random) -> str:
    """The same instant (or day), spelled another valid way."""
    if isinstance(value, dt.datetime):
        forms = [
            value.isoformat(sep="T"),
            value.isoformat(sep="T") + "Z",
            (value + dt.timedelta(hours=2)).isoformat(sep=" ") + "+02:00",
            (value - dt.timedelta(hours=5)).isoformat(sep="T") + "-05:00",
            value.strftime("%Y-%m-%d %H:%M:%S") + ".000" if not value.microsecond else value.isoformat(sep=" "),
            f"  {value.isoformat(sep=' ')} ",
            f"{value.year}-{value.month}-{value.day} {value:%H:%M:%S}",
        ]
        if value.time() == dt.time(0):
            forms.append(value.date().isoformat())
        return rng.choice(forms)
    day = value
    midnight = dt.datetime(day.year, day.month, day.day)
    return rng.choice([
        f"{day.year}-{day.month}-{day.day}",
        f" {day.isoformat()} ",
        midnight.isoformat(sep="T") + "Z",
        (midnight + dt.timedelta(hours=3)).isoformat(sep="T") + "+03:00",
    ])


def _respell_number(value, rng: random.Random) -> str:
    canonical = _text(value)
    forms = [f" {canonical} ", f"{canonical}e0"]
    if value >= 0:
        forms.append(f"+{canonical}")
    if isinstance(value, int):
        forms.append(f"{value}.0")
    return rng.choice(forms)


def _respell_flag(value: bool, rng: random.Random) -> str:
    return rng.choice(["yes", "Y", "1", "TRUE", " t "] if value else ["no", "N", "0", "FALSE", " f "])


def _respell_word(value: str, rng: random.Random) -> str:
    return rng.choice([value.upper(), value.title(), f" {value} "])


def _is_time(kind: pa.DataType) -> bool:
    return pa.types.is_timestamp(kind) or pa.types.is_date(kind)


def _is_number(kind: pa.DataType) -> bool:
    return pa.types.is_integer(kind) or pa.types.is_floating(kind)


def _added_row_defects(book: _Book, table: str, per_class: int, ledger: Counter) -> None:
    """Rows added to `table` that staging must set aside whole."""
    rng = book.rng

    def add(name: str, change: Callable[[list], None], where: Callable[[list], bool] = lambda r: True) -> None:
        for _ in range(rng.randint(1, per_class)):
            source = book.pick(table, where)
            if source is None:
                return
            row = list(book.rows[table][source])
            if table in IDS and name not in ("duplicate_row",):
                row[book.position(table, IDS[table])] = book.new_id("ZX")
            change(row)
            book.added[table].append(row)
            ledger[(name, table)] += 1

    def set_(column: str, value) -> Callable[[list], None]:
        def change(row: list) -> None:
            row[book.position(table, column)] = value() if callable(value) else value
        return change

    add("duplicate_row", lambda row: None)
    add("null_key", set_(KEYS[table], None))
    if table != "accounts":
        add("unknown_account", set_("account_id", lambda: book.new_id("ZZ-UNKNOWN-")))
    for column in REQUIRED_TIMES.get(table, ()):
        add("unparseable_timestamp", set_(column, lambda: Text(rng.choice(UNPARSEABLE_TIMES))))
        add("timestamp_word", set_(column, lambda: Text(rng.choice(TIME_WORDS))))
        add("year_out_of_range", set_(column, lambda: Text(rng.choice(YEARS_OUT))))
    if table in REQUIRED_TIMES:
        column = REQUIRED_TIMES[table][0]
        kind = book.schemas[table].field(column).type
        future = book.load_date + dt.timedelta(days=rng.randint(30, 400))
        add("in_future", set_(column, future if pa.types.is_date(kind)
                              else dt.datetime.combine(future, dt.time(9))))
    if table in BEFORE_ACCOUNT:
        column = BEFORE_ACCOUNT[table]
        kind = book.schemas[table].field(column).type
        account = book.position(table, "account_id")

        def before(row: list) -> None:
            early = book.created[row[account]] - dt.timedelta(days=rng.randint(2, 300))
            row[book.position(table, column)] = early.date() if pa.types.is_date(kind) else early
        add("before_account_created", before, where=lambda r: r[account] in book.created)
    if table in ENUMS:
        column, values = ENUMS[table]
        add("unknown_enum_value", set_(column, lambda: Text(rng.choice(values))))
    if table == "survey_responses":
        add("absurd_required_number", set_("score", lambda: Text(rng.choice(ABSURD_NUMBERS + ["11", "-0.5"]))))
        add("unparseable_required_number", set_("score", lambda: Text(rng.choice(UNPARSEABLE_NUMBERS))))


def _mutations(book: _Book, table: str, per_class: int, ledger: Counter, expected: Expected) -> None:
    """Values changed in place without changing what they mean."""
    rng = book.rng
    schema = book.schemas[table]

    def mutate(name: str, column: str, where: Callable, value: Callable, repaired: bool) -> None:
        position = book.position(table, column)
        for _ in range(rng.randint(1, per_class)):
            index = book.pick(table, lambda r: where(r[position]))
            if index is None:
                return
            row = book.rows[table][index]
            row[position] = Text(value(row[position]))
            ledger[(name, table)] += 1
            if repaired:
                expected.repaired += 1
            else:
                expected.respelled += 1

    for column in schema.names:
        kind = schema.field(column).type
        if _is_time(kind):
            mutate("respelled_timestamp", column, lambda v: v is not None, lambda v: respell_time(v, rng), False)
        elif _is_number(kind):
            mutate("respelled_number", column, lambda v: v is not None, lambda v: _respell_number(v, rng), False)
        elif pa.types.is_boolean(kind):
            mutate("respelled_boolean", column, lambda v: v is not None, lambda v: _respell_flag(v, rng), False)
    for column in RESPELLABLE_ENUMS.get(table, []):
        mutate("respelled_enum_value", column, lambda v: isinstance(v, str) and v.replace("_", "").isalpha(),
               lambda v: _respell_word(v, rng), False)
    absurd = lambda v: rng.choice(ABSURD_NUMBERS)  # noqa: E731
    garbled_number = lambda v: rng.choice(UNPARSEABLE_NUMBERS)  # noqa: E731
    garbled_time = lambda v: rng.choice(UNPARSEABLE_TIMES + TIME_WORDS + YEARS_OUT)  # noqa: E731
    # optional fields whose emptied default means what the original value meant (every
    # generated account has a subscription history, so the accounts table's own arr, seats
    # and renewal date are not used for scoring)
    optional = {
        "accounts": [("arr", lambda v: True, absurd), ("seats_purchased", lambda v: True,
                      lambda v: rng.choice(ABSURD_NUMBERS + ["0", "2.5"])),
                     ("renewal_date", lambda v: True, garbled_time)],
        "subscription_events": [("arr_after", lambda v: v is None, absurd),
                                ("seats_after", lambda v: v is None, absurd)],
        "users": [("deactivated_at", lambda v: v is None, garbled_time),
                  ("is_champion", lambda v: v is False, lambda v: rng.choice(BAD_FLAGS))],
        "product_events": [("quantity", lambda v: v == 1, absurd),
                           ("quantity", lambda v: v == 1, garbled_number)],
        "support_tickets": [("first_response_at", lambda v: v is None, garbled_time),
                            ("resolved_at", lambda v: v is None, garbled_time),
                            ("reopened_count", lambda v: v == 0, lambda v: rng.choice(ABSURD_NUMBERS + ["0.5"])),
                            ("is_escalated", lambda v: v is False, lambda v: rng.choice(BAD_FLAGS)),
                            ("csat_score", lambda v: v is None, absurd)],
        "invoices": [("paid_at", lambda v: v is None, garbled_time),
                     ("failed_attempts", lambda v: v == 0, lambda v: rng.choice(ABSURD_NUMBERS + ["1.5"]))],
        "onboarding_milestones": [("completed_at", lambda v: v is None, garbled_time)],
        "csm_assessments": [("valid_until", lambda v: v is None, garbled_time)],
    }
    for column, where, value in optional.get(table, []):
        kind = schema.field(column).type
        name = ("absurd_optional_number" if _is_number(kind) and value is not garbled_number
                else "unparseable_optional_value")
        mutate(name, column, where, value, True)


def _csv_bytes(book: _Book, table: str, expected: Expected, ledger: Counter, per_class: int) -> bytes:
    """The table as a CSV file with a random header spelling, column order, extra column, BOM
    and line ends, and malformed lines placed among the rows."""
    rng = book.rng
    names = list(book.schemas[table].names)
    order = names[:]
    rng.shuffle(order)
    extra = rng.random() < 0.5
    header = [rng.choice([n, n.upper(), f" {n} ", n.replace("_", " ").title()]) for n in order]
    if extra:
        header.append("exported_by")
    newline = rng.choice(["\n", "\r\n"])
    ledger[("csv_file_format", table)] += 1
    rows = book.rows[table] + book.added[table]
    rng.shuffle(rows)
    records: list[bytes] = []
    noted = [i for i, row in enumerate(rows) if table == "csm_assessments" and row[names.index("note")]]
    line_breaks = set(rng.sample(noted, min(len(noted), rng.randint(1, per_class))))
    for index, row in enumerate(rows):
        values = dict(zip(names, row, strict=True))
        cells = [_text(values[n]) or "" for n in order] + (["crm export, v2"] if extra else [])
        if index in line_breaks:
            cells[order.index("note")] = values["note"] + "\n(see CRM)"  # a quoted line break
            expected.extra_lines += 1
            ledger[("quoted_line_break", table)] += 1
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator=newline).writerow(cells)
        records.append(buffer.getvalue().encode())
    # malformed lines: a copy of a row's line, broken
    broken: list[bytes] = []
    width = len(header)
    for name, count in (("ragged_line", per_class), ("bad_quoting", per_class),
                        ("bad_encoding", per_class), ("stray_carriage_return", 1)):
        for _ in range(rng.randint(1, count)):
            fields = [f"x{i}" for i in range(width)]
            if name == "ragged_line":
                fields = fields + ["one too many"] if rng.random() < 0.5 else fields[:-1]
                line = ",".join(fields).encode()
            elif name == "bad_quoting":
                at = rng.randrange(width)
                fields[at] = rng.choice(['"unclosed', '"closed"then text'])
                line = ",".join(fields).encode()
            elif name == "bad_encoding":
                line = ",".join(fields).encode().replace(b"x0", b"\xff\xfe", 1)
            else:
                line = ",".join(fields).encode().replace(b",", b"\r,", 1)
            broken.append(line + newline.encode())
            ledger[(name, table)] += 1
            expected.not_loaded += 1
    for line in broken:
        records.insert(rng.randrange(len(records) + 1), line)
    bom = b"\xef\xbb\xbf" if rng.random() < 0.5 else b""
    head = io.StringIO()
    csv.writer(head, lineterminator=newline).writerow(header)
    return bom + head.getvalue().encode() + b"".join(records)


def _parquet_table(book: _Book, table: str, ledger: Counter) -> pa.Table:
    """The table as Arrow: columns keep their type unless a defect needs text in them; another
    column order, names in another case, an extra column."""
    rng = book.rng
    schema = book.schemas[table]
    rows = book.rows[table] + book.added[table]
    rng.shuffle(rows)
    columns = {}
    for position, name in enumerate(schema.names):
        values = [row[position] for row in rows]
        kind = schema.field(name).type
        if any(isinstance(v, Text) for v in values):
            columns[name] = pa.array([_text(v) for v in values], pa.string())
        else:
            columns[name] = pa.array(values, kind)
    order = list(columns)
    rng.shuffle(order)
    out = {rng.choice([n, n.upper(), n.title()]): columns[n] for n in order}
    out["exported_by"] = pa.array(["crm export"] * len(rows), pa.string())
    ledger[("parquet_file_format", table)] += 1
    return pa.table(out)


def inject(con: duckdb.DuckDBPyConnection, folder: Path, *, seed: int, load_date: dt.date,
           delivery: str = "csv", per_class: int = 3) -> Injection:
    """Write the clean raw book of `con` to `folder` with seeded random defects (see the module
    doc). delivery: 'csv', 'parquet' or 'mixed' (a random format per table). per_class: at most
    this many defects of each class per table (at least one where the table has room)."""
    if delivery not in ("csv", "parquet", "mixed"):
        raise ValueError(f"delivery must be csv, parquet or mixed, not {delivery!r}")
    rng = random.Random(seed)
    book = _Book(con, rng, load_date)
    injection = Injection(seed)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for table in RAW_TABLES:
        kind = delivery if delivery != "mixed" else rng.choice(["csv", "parquet"])
        expected = Expected(kind, len(book.rows[table]))
        injection.expected[table] = expected
        _mutations(book, table, per_class, injection.counts, expected)
        _added_row_defects(book, table, per_class, injection.counts)
        expected.added_rows = len(book.added[table])
        if kind == "csv":
            (folder / f"{table}.csv").write_bytes(_csv_bytes(book, table, expected, injection.counts, per_class))
        else:
            pq.write_table(_parquet_table(book, table, injection.counts), folder / f"{table}.parquet")
    return injection
