"""The raw contract: the tables a warehouse provides, their columns, and which columns are required.

This is the one place the contract is written down. The sample-data generator creates its tables
from it, the file loader and the checks take the table names from it, and a profile of someone's
own data compares their columns with it.

- `accounts` is the one table that must exist; any other table may be missing entirely (its
  components are then not configured, never zero).
- A required column must be present and non-null for a row to be usable; the others may be absent
  or null.
- The type is what the generator writes (DuckDB types). Staging does not rely on it: data from
  files arrives as text and staging types every column itself, setting aside what does not parse.
- History comes from `subscription_events`: ARR, seats, renewal date and churn as of a date are
  derived from it; `accounts` holds only the current state. An account has churned on the
  `effective_date` of a `churn` event.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    """One column of a raw table."""

    name: str
    type: str
    required: bool = False
    description: str = ""


def _req(name: str, type_: str, description: str = "") -> Column:
    return Column(name, type_, True, description)


def _opt(name: str, type_: str, description: str = "") -> Column:
    return Column(name, type_, False, description)


CONTRACT: dict[str, tuple[Column, ...]] = {
    "accounts": (
        _req("account_id", "varchar", "the account's key; every other table refers to it"),
        _opt("account_name", "varchar", "the account's display name"),
        _opt("segment", "varchar", "e.g. smb, mid_market, enterprise: picks the scorecard"),
        _opt("industry", "varchar", "the account's industry, for slicing"),
        _opt("plan", "varchar", "the plan; one ending in _monthly has a one-month term (default 12 months)"),
        _opt("csm_owner", "varchar", "who owns the account in customer success"),
        _opt("parent_account_id", "varchar", "the parent of a child account, for the rollup"),
        _req("created_at", "timestamp", "when the account started"),
        _opt("arr", "double", "current annual recurring revenue"),
        _opt("seats_purchased", "integer", "current seats"),
        _opt("renewal_date", "date", "current renewal date"),
    ),
    "subscription_events": (
        _req("account_id", "varchar", "the account the change is for"),
        _req("effective_date", "date", "the day the change takes effect"),
        _req("change_type", "varchar",
             "new, renewal, upgrade, downgrade, seat_change, churn_notice or churn"),
        _opt("arr_after", "double", "ARR after the change"),
        _opt("seats_after", "integer", "seats after the change"),
    ),
    "users": (
        _req("user_id", "varchar", "the user's key"),
        _req("account_id", "varchar", "the account the user belongs to"),
        _opt("role", "varchar", "e.g. admin, manager, member, viewer"),
        _opt("is_champion", "boolean", "the account's advocate for the product"),
        _opt("created_at", "timestamp", "when the user was added"),
        _opt("deactivated_at", "timestamp", "when the user was removed (empty while active)"),
    ),
    "product_events": (
        _opt("event_id", "varchar", "used to drop duplicate deliveries"),
        _req("account_id", "varchar", "the account the event happened in"),
        _opt("user_id", "varchar", "who did it; counts active users"),
        _req("event_name", "varchar", "mapped to feature, core action and value event by the catalog"),
        _req("occurred_at", "timestamp", "when it happened"),
        _opt("quantity", "double", "how many actions the event stands for (default 1)"),
    ),
    "support_tickets": (
        _req("ticket_id", "varchar", "the ticket's key"),
        _req("account_id", "varchar", "the account that raised it"),
        _req("created_at", "timestamp", "when it was raised"),
        _opt("severity", "varchar", "1 (highest) to 4, or urgent/high/normal/low"),
        _opt("status", "varchar",
             "the helpdesk's state of the ticket (kept as text, not scored: resolved_at says whether it is open)"),
        _opt("first_response_at", "timestamp", "the first reply; measured against the severity's SLA"),
        _opt("resolved_at", "timestamp", "when it was resolved (empty while open)"),
        _opt("reopened_count", "integer", "how often it was reopened (default 0)"),
        _opt("is_escalated", "boolean", "escalated to engineering or management (default false)"),
        _opt("csat_score", "integer", "1 to 5"),
    ),
    "invoices": (
        _req("invoice_id", "varchar", "the invoice's key"),
        _req("account_id", "varchar", "the account billed"),
        _req("issued_at", "timestamp", "when it was issued"),
        _req("due_date", "date", "when payment is due; unpaid after it is overdue"),
        _opt("amount", "double", "the amount billed"),
        _opt("paid_at", "timestamp", "when it was paid (empty while unpaid)"),
        _opt("status", "varchar", "open, paid, void or failed"),
        _opt("failed_attempts", "integer", "failed payment attempts"),
    ),
    "survey_responses": (
        _opt("response_id", "varchar", "the answer's key; without it the whole row identifies it"),
        _req("account_id", "varchar", "the account that answered"),
        _opt("user_id", "varchar", "who answered"),
        _req("responded_at", "timestamp", "when it was answered"),
        _opt("survey_type", "varchar", "nps or csat"),
        _req("score", "double", "NPS 0 to 10, CSAT 1 to 5"),
    ),
    "onboarding_milestones": (
        _req("account_id", "varchar", "the account being onboarded"),
        _req("milestone", "varchar", "the milestone's name; one row per account and milestone"),
        _opt("due_date", "date", "when it should be reached"),
        _opt("completed_at", "timestamp", "when it was reached (empty while open)"),
    ),
    "csm_assessments": (
        _req("account_id", "varchar", "the account assessed"),
        _req("assessed_at", "timestamp", "when the CSM assessed it"),
        _req("sentiment", "varchar", "1 to 5, or red/amber/green"),
        _opt("valid_until", "date", "when the assessment expires"),
        _opt("assessed_by", "varchar", "the CSM"),
        _opt("note", "varchar", "free text"),
    ),
    "cs_actions": (
        _opt("action_id", "varchar", "the action's key; without it, account, time and playbook identify it"),
        _req("account_id", "varchar", "the account the play was run on"),
        _req("action_at", "timestamp", "when the play was run"),
        _req("playbook", "varchar", "a name from seeds/playbooks.csv (any case) or free text"),
        _opt("component", "varchar", "the component it targets; when absent or unknown, the playbook's"),
        _opt("owner", "varchar", "who ran it"),
    ),
}

RAW_TABLES: tuple[str, ...] = tuple(CONTRACT)
"""The raw tables, in the order they are listed everywhere."""

REQUIRED_TABLES: tuple[str, ...] = ("accounts",)
"""Tables that must exist; every other table may be missing."""

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
    "cs_actions": "action_at",
}
"""Per table, the column whose span says which days the table covers (the profile reports it)."""


def columns(table: str) -> tuple[str, ...]:
    """The contract's column names of `table`, in order."""
    return tuple(column.name for column in _table(table))


def required_columns(table: str) -> tuple[str, ...]:
    """The columns of `table` a row cannot be used without."""
    return tuple(column.name for column in _table(table) if column.required)


def ddl(table: str) -> str:
    """The column list of `create table raw.<table> (...)` with the generator's types."""
    return ", ".join(f"{column.name} {column.type}" for column in _table(table))


def _table(table: str) -> tuple[Column, ...]:
    try:
        return CONTRACT[table]
    except KeyError:
        raise ValueError(f"{table!r} is not a raw table: one of {', '.join(RAW_TABLES)}") from None


RAW_DDL: dict[str, str] = {table: ddl(table) for table in RAW_TABLES}
"""Per table, the column list the generator creates it with."""
