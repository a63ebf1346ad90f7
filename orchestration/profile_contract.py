"""The raw contract as the profiler reads it: each table's columns and their types, which
columns are required, and the timestamp that dates the table's rows.

The column types come from the one DDL the project already keeps (sample_data.RAW_DDL, which
the generator writes and staging types against); this module adds only what that DDL does not
say: which columns a warehouse must provide, and which column is a table's main timestamp.
"""

from __future__ import annotations

from dataclasses import dataclass

from orchestration.sample_data import RAW_DDL, RAW_TABLES

# Columns a warehouse must provide (the rest may be absent or null).
REQUIRED: dict[str, tuple[str, ...]] = {
    "accounts": ("account_id", "created_at"),
    "subscription_events": ("account_id", "effective_date", "change_type"),
    "users": ("user_id", "account_id"),
    "product_events": ("account_id", "event_name", "occurred_at"),
    "support_tickets": ("ticket_id", "account_id", "created_at"),
    "invoices": ("invoice_id", "account_id", "issued_at", "due_date"),
    "survey_responses": ("account_id", "responded_at", "score"),
    "onboarding_milestones": ("account_id", "milestone"),
    "csm_assessments": ("account_id", "assessed_at", "sentiment"),
}

# The column whose span says which days a table covers.
MAIN_TIMESTAMP: dict[str, str] = {
    "accounts": "created_at",
    "subscription_events": "effective_date",
    "users": "created_at",
    "product_events": "occurred_at",
    "support_tickets": "created_at",
    "invoices": "issued_at",
    "survey_responses": "responded_at",
    "onboarding_milestones": "due_date",
    "csm_assessments": "assessed_at",
}

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
        columns.append(ContractColumn(name, _KINDS[ddl_type], name in REQUIRED[table]))
    return tuple(columns)


CONTRACT: dict[str, tuple[ContractColumn, ...]] = {table: contract_columns(table) for table in RAW_TABLES}
