"""Real-life defects added to a small, seed-determined share of the generated raw rows.

Duplicates and reused ids, null keys, ids of unknown accounts, negative or absurd quantities,
timestamps in the future or before the account existed, unknown enum values, out-of-range scores
and zero seats: what staging must set aside (with a reason) or repair without losing valid rows.
Rows are picked by hashing their key with the seed, so the same seed picks the same rows.
"""

from __future__ import annotations

import datetime as dt

import duckdb

from orchestration.quoting import identifier


def defect_statements(schema: str, seed: int, defect_rate: float, end: dt.date) -> list[tuple[str, str]]:
    """(table, SQL) pairs in the order they are applied; each touches the one table it names
    (an update may read accounts to find the creation date)."""
    per_mille = max(1, round(defect_rate * 1000))
    s = identifier(schema)
    future = (end + dt.timedelta(days=400)).isoformat()

    def pick(key: str, salt: int) -> str:
        return f"hash({key}, {seed}, {salt}) % 1000 < {per_mille}"

    return [
        # duplicates: exact duplicate rows and reused ids with different content
        ("accounts", f"insert into {s}.accounts select * from {s}.accounts where {pick('account_id', 1)}"),
        ("product_events", f"""insert into {s}.product_events select * from {s}.product_events
            where {pick('event_id', 2)}"""),
        ("support_tickets", f"""insert into {s}.support_tickets select * from {s}.support_tickets
            where {pick('ticket_id', 3)}"""),
        ("invoices", f"""insert into {s}.invoices select * replace (amount + 1 as amount)
            from {s}.invoices where {pick('invoice_id', 4)}"""),
        ("users", f"insert into {s}.users select * from {s}.users where {pick('user_id', 5)}"),
        # null keys
        ("product_events", f"""insert into {s}.product_events select * replace (null as account_id)
            from {s}.product_events where {pick('event_id', 6)}"""),
        ("support_tickets", f"""insert into {s}.support_tickets select * replace (null as ticket_id)
            from {s}.support_tickets where {pick('ticket_id', 7)}"""),
        # ids of unknown accounts
        ("product_events", f"""insert into {s}.product_events select * replace
            ('ZZ' || account_id as account_id, 'X' || event_id as event_id)
            from {s}.product_events where {pick('event_id', 8)}"""),
        ("invoices", f"""insert into {s}.invoices select * replace
            ('ZZ' || account_id as account_id, 'X' || invoice_id as invoice_id)
            from {s}.invoices where {pick('invoice_id', 9)}"""),
        # negative or absurd quantities / amounts
        ("product_events", f"update {s}.product_events set quantity = -quantity where {pick('event_id', 10)}"),
        ("product_events", f"update {s}.product_events set quantity = 1e9 where {pick('event_id', 11)}"),
        ("invoices", f"update {s}.invoices set amount = -amount where {pick('invoice_id', 12)}"),
        # timestamps in the future or before the account existed
        ("product_events", f"""update {s}.product_events set occurred_at = timestamp '{future}'
            where {pick('event_id', 13)}"""),
        ("product_events", f"""update {s}.product_events e
            set occurred_at = a.created_at - interval 90 day
            from {s}.accounts a where a.account_id = e.account_id and {pick('e.event_id', 14)}"""),
        ("support_tickets", f"""update {s}.support_tickets set created_at = timestamp '{future}'
            where {pick('ticket_id', 15)}"""),
        # unknown enum values
        ("support_tickets", f"update {s}.support_tickets set severity = 'p0' where {pick('ticket_id', 16)}"),
        ("product_events", f"""update {s}.product_events set event_name = 'legacy_ping'
            where {pick('event_id', 17)}"""),
        ("invoices", f"update {s}.invoices set status = 'unknown' where {pick('invoice_id', 18)}"),
        ("survey_responses", f"""update {s}.survey_responses set survey_type = 'ces'
            where {pick('response_id', 19)}"""),
        ("csm_assessments", f"""update {s}.csm_assessments set sentiment = 'purple'
            where {pick('account_id || cast(assessed_at as varchar)', 20)}"""),
        ("subscription_events", f"""update {s}.subscription_events set change_type = 'pause'
            where change_type = 'renewal'
            and {pick('account_id || cast(effective_date as varchar)', 21)}"""),
        # out-of-range scores
        ("survey_responses", f"""update {s}.survey_responses set score = 15 where survey_type = 'nps'
            and {pick('response_id', 22)}"""),
        # zero seats
        ("accounts", f"update {s}.accounts set seats_purchased = 0 where {pick('account_id', 23)}"),
        # CS actions: a repeated action, one naming an unknown account, an unknown component
        ("cs_actions", f"""insert into {s}.cs_actions select * from {s}.cs_actions
            where {pick('action_id', 24)}"""),
        ("cs_actions", f"""insert into {s}.cs_actions select * replace ('ZZ' || account_id as account_id,
            'X' || action_id as action_id) from {s}.cs_actions where {pick('action_id', 25)}"""),
        ("cs_actions", f"update {s}.cs_actions set component = 'morale' where {pick('action_id', 26)}"),
    ]


def inject_defects(
    con: duckdb.DuckDBPyConnection, schema: str, seed: int, defect_rate: float, end: dt.date,
    tables: tuple[str, ...],
) -> None:
    """Apply the defects to those of `tables` that were generated."""
    for table, sql in defect_statements(schema, seed, defect_rate, end):
        if table in tables:
            con.execute(sql)
