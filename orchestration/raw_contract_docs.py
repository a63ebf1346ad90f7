"""docs/raw-contract.md, written from the raw contract and what staging checks.

The columns come from orchestration/raw_contract.py (the one place the contract is written), the
tables' descriptions from models/staging/raw/_raw__sources.yml, the value bounds from the vars
`raw_value_bounds` and `raw_years` in dbt_project.yml, and what staging does with a bad value from
the checks each base model declares (`set types`, `set required`, `set checks` and
`duplicate_rank(...)` in models/staging/raw/base/base_raw__<table>.sql). `account-health docs`
writes the page; a test fails when the committed page no longer matches.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from orchestration import PROJECT_DIR
from orchestration.raw_contract import CONTRACT, REQUIRED_TABLES

RAW_CONTRACT_DOC = PROJECT_DIR / "docs" / "raw-contract.md"
BASE_MODELS = PROJECT_DIR / "models" / "staging" / "raw" / "base"

REASONS: dict[str, str] = {
    "duplicate": "a second row with the same key (a valid row always wins over an invalid twin)",
    "null_key": "a key column is empty",
    "missing_value": "a required value is empty",
    "unparseable": "the text is not a value of the column's type",
    "out_of_range": "the value parses but is outside its bounds (NaN, infinity, a fraction for a count, ...)",
    "unknown_account": "the account_id is not in accounts",
    "unknown_value": "not one of the column's known values",
    "in_future": "dated after the load date",
    "before_account_created": "dated before the account's created_at",
    "inconsistent": "two times of the row contradict each other",
}
"""Reason codes of staging.stg_raw__rejected_rows and what each means."""

HEADER = """# The raw contract

<!-- Written by `account-health docs` from orchestration/raw_contract.py, the staging base models
     (models/staging/raw/base/) and the raw value bounds in dbt_project.yml; do not edit by hand. -->

The ten tables a warehouse provides (or `account-health load-files` loads from one CSV or Parquet
file each, or `account-health generate` writes), their columns, and what staging does with a
value it cannot use. The contract itself is written once, in `orchestration/raw_contract.py`.

- **Tables.** `{required_tables}` must exist; any other table may be missing or empty: its
  components are then *not configured* (left out of the score and said so), never zero.
- **Columns.** A *required* column must be present in the table (the file loader refuses a file
  without it) and usable in every row: a row without it is set aside. An *optional* column may be
  absent from the table or empty in a row; its documented default then applies. Unknown extra
  columns are ignored; the column order and the header's case do not matter.
- **Types.** The type is what the generator writes. Staging does not rely on it: text is parsed
  (ISO timestamps with or without a zone, read as UTC; `yes`/`no`/`1`/`0` booleans; numbers with
  spaces or a `+`), and columns your warehouse already types are checked as they are.
- **Bad values never crash the build and never vanish.** Every raw row is either staged or listed
  in `staging.stg_raw__rejected_rows` (published as `quality.rejected_rows`) with its table, key,
  reason, column and raw value. `rejected`: the whole row is set aside. `repaired`: the row is
  kept with that one optional field emptied. Per table, staged rows + rejected rows = raw rows.
  Numbers and timestamps must fall within the bounds below (vars `raw_value_bounds` and
  `raw_years` in `dbt_project.yml`); a whole-number column must hold a whole number.

## Reasons a row is set aside or repaired

| reason | meaning |
|---|---|
{reasons}
"""

FOOTER = """
## Lines that are not rows

The file loader sets aside a CSV line it cannot read as a row (one field too many or too few, an
unclosed quote, bytes that are not UTF-8, a stray carriage return) in `raw.health_load_rejects`;
staging lists it as `not_loaded` with the file, the line number and the line. The README's
*Bad input* section gives an example of every defect and what becomes of it.
"""


@dataclass
class StagingChecks:
    """What a table's base model checks, read from its `set types`, `set required` and `set checks`."""

    types: dict[str, str] = field(default_factory=dict)
    required: tuple[str, ...] = ()
    column_reasons: dict[str, list[str]] = field(default_factory=dict)
    consistency: list[str] = field(default_factory=list)
    repaired: dict[str, list[str]] = field(default_factory=dict)
    duplicate_key: str = ""


_TYPES = re.compile(r"set types = \{(.*?)\}", re.S)
_REQUIRED = re.compile(r"set required = \[(.*?)\]", re.S)
_CHECKS = re.compile(r"set checks = \[(.*?)\] -%\}", re.S)
_CHECK = re.compile(r'^\s*\((?:.*?),\s*"([a-z_]+)",\s*(.*)\),?\s*$', re.M)
_DUPLICATE = re.compile(r"duplicate_rank\('([^']+)'")


def staging_checks(table: str, folder: Path = BASE_MODELS) -> StagingChecks:
    """The checks models/staging/raw/base/base_raw__<table>.sql declares for its raw table."""
    sql = (folder / f"base_raw__{table}.sql").read_text()
    found = StagingChecks()
    if match := _TYPES.search(sql):
        found.types = dict(re.findall(r"'(\w+)':\s*'(\w+)'", match.group(1)))
    if match := _REQUIRED.search(sql):
        found.required = tuple(re.findall(r"'(\w+)'", match.group(1)))
    checks = _CHECKS.search(sql)
    for reason, rest in _CHECK.findall(checks.group(1) if checks else ""):
        if reason not in REASONS:
            raise ValueError(f"base_raw__{table}.sql sets rows aside as {reason!r}, which docs do not explain: "
                             "add it to REASONS in orchestration/raw_contract_docs.py")
        if reason == "inconsistent":
            found.consistency.append(re.search(r"'([^']*)'", rest).group(1))
            continue
        column = _checked_column(rest)
        found.column_reasons.setdefault(column, []).append(reason)
    if match := _DUPLICATE.search(sql):
        found.duplicate_key = _key_in_words(match.group(1), sql)
    for reason, column in _REPAIRED.findall(sql):
        found.repaired.setdefault(column, []).append(reason)
    return found


def _checked_column(detail: str) -> str:
    """The column a check names: an explicit column argument, else the one its detail quotes."""
    explicit = re.search(r",\s*'(\w+)',\s*raw_text\(", detail)
    if explicit:
        return explicit.group(1)
    quoted = re.search(r"quote_detail\('(\w+)'", detail) or re.search(r"'(\w+) is null'", detail)
    if not quoted:
        raise ValueError(f"cannot tell which column the staging check {detail!r} is about")
    return quoted.group(1)


_FINGERPRINT = re.compile(r"dbt\.concat\(\[([^\[\]]*)\]\) \}\}(?: else \w+\.(\w+) end)? as row_(?:fingerprint|key)")
_REPAIRED = re.compile(r"then '([a-z_]+)' end as repaired__(\w+),")


def _key_in_words(key: str, sql: str) -> str:
    """The duplicate key of a base model in words; a row fingerprint as the columns it is made of."""
    key = re.sub(r"\b\w+\.", "", key)
    fingerprint = _FINGERPRINT.search(sql)
    if fingerprint and ("row_fingerprint" in key or key == "row_key"):
        made_of = dict.fromkeys(re.findall(r"\w+\.(\w+?)(?:_raw)?\b'?", fingerprint.group(1)))
        own = re.fullmatch(r"coalesce\((\w+), row_fingerprint\)", key)
        first = own.group(1) if own else fingerprint.group(2)
        others = ", ".join(f"`{column}`" for column in made_of if column != first)
        return f"`{first}` (when it is empty: {others})"
    return ", ".join(f"`{part.strip()}`" for part in key.split(","))


def _dbt_vars(project_dir: Path = PROJECT_DIR) -> dict:
    return yaml.safe_load((project_dir / "dbt_project.yml").read_text())["vars"]


def _bounds(table: str, column: str, kind: str, dbt_vars: dict) -> str:
    if kind in ("timestamp", "date"):
        first, last = dbt_vars["raw_years"]
        return f"years {first} to {last}"
    if kind in ("number", "integer"):
        low, high = dbt_vars["raw_value_bounds"][f"{table}.{column}"]
        return f"{'whole, ' if kind == 'integer' else ''}{low:,} to {high:,}"
    if kind == "boolean":
        return "true or false"
    return ""


def _if_bad(column: str, required: bool, checks: StagingChecks) -> str:
    rejected, repaired = [], []
    if column in checks.types:
        parsed = ["unparseable"] if checks.types[column] == "boolean" else ["unparseable", "out_of_range"]
        if column in checks.required:
            rejected += parsed + ["missing_value"]
        else:
            repaired += parsed
    rejected += checks.column_reasons.get(column, [])
    repaired += checks.repaired.get(column, [])
    parts = []
    if rejected:
        parts.append("row rejected: " + ", ".join(f"`{r}`" for r in dict.fromkeys(rejected)))
    if repaired:
        parts.append("value emptied, row kept: " + ", ".join(f"`{r}`" for r in repaired))
    return "; ".join(parts) or "kept as given"


def _table_section(table: str, descriptions: dict[str, str], dbt_vars: dict) -> list[str]:
    checks = staging_checks(table)
    lines = [f"\n## {table}\n", descriptions.get(table, "").strip(), ""]
    if table in REQUIRED_TABLES:
        lines += ["This table must exist.", ""]
    lines += ["| column | required | type | what it means | allowed | if bad |",
              "|---|---|---|---|---|---|"]
    for column in CONTRACT[table]:
        kind = checks.types.get(column.name, "")
        allowed = _bounds(table, column.name, kind, dbt_vars)
        lines.append(f"| `{column.name}` | {'yes' if column.required else ''} | {column.type} | "
                     f"{_cell(column.description)} | {allowed} | {_if_bad(column.name, column.required, checks)} |")
    lines += ["", f"Duplicates: rows sharing {checks.duplicate_key} are one row; the later copies are "
              "rejected (`duplicate`)." if checks.duplicate_key else "Duplicates are not looked for."]
    for rule in checks.consistency:
        lines.append(f"A row whose {rule} is rejected (`inconsistent`).")
    return lines


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _source_descriptions() -> dict[str, str]:
    spec = yaml.safe_load((PROJECT_DIR / "models" / "staging" / "raw" / "_raw__sources.yml").read_text())
    raw = next(source for source in spec["sources"] if source["name"] == "raw")
    return {table["name"]: " ".join(table.get("description", "").split()) for table in raw["tables"]}


def render_raw_contract_doc() -> str:
    """The page, from the contract, the staging base models and dbt_project.yml."""
    reasons = "\n".join(f"| `{code}` | {meaning} |" for code, meaning in REASONS.items())
    lines = [HEADER.format(required_tables="`, `".join(REQUIRED_TABLES), reasons=reasons)]
    descriptions, dbt_vars = _source_descriptions(), _dbt_vars()
    for table in CONTRACT:
        lines += _table_section(table, descriptions, dbt_vars)
    return "\n".join(lines) + "\n" + FOOTER


def write_raw_contract_doc(path: Path = RAW_CONTRACT_DOC) -> bool:
    """Write the page; True when it changed."""
    text = render_raw_contract_doc()
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() and path.read_text() == text:
        return False
    path.write_text(text)
    return True
