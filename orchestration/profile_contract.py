"""The raw contract as the profiler reads it: each table's columns and their types, which
columns are required, and the timestamp that dates the table's rows.

Everything here is derived from orchestration.raw_contract (the one place the contract is
written): this module only maps each column's type to the kind of value the profiler expects.
"""

from __future__ import annotations

from dataclasses import dataclass

from orchestration.raw_contract import MAIN_TIMESTAMP, RAW_DDL, RAW_TABLES, required_columns

__all__ = ["CONTRACT", "MAIN_TIMESTAMP", "ContractColumn", "contract_columns"]

# DDL type -> the kind a value must parse as: text, timestamp, date, number or boolean.
_KINDS = {"varchar": "text", "timestamp": "timestamp", "date": "date", "double": "number",
          "integer": "number", "boolean": "boolean"}


@dataclass(frozen=True)
class ContractColumn:
    name: str
    kind: str  # text, timestamp, date, number or boolean
    required: bool


def contract_columns(table: str) -> tuple[ContractColumn, ...]:
    """The contract's columns of `table`, in the contract's order."""
    columns = []
    for part in RAW_DDL[table].split(","):
        name, ddl_type = part.split()
        columns.append(ContractColumn(name, _KINDS[ddl_type], name in required_columns(table)))
    return tuple(columns)


CONTRACT: dict[str, tuple[ContractColumn, ...]] = {table: contract_columns(table) for table in RAW_TABLES}
