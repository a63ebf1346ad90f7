"""The crm profile: a book from a different B2B product (a sales CRM), for testing the project on
data that is not its own sample. Four tables only (accounts, subscription_events, users,
product_events: the others are missing), its own event vocabulary (none of it in the bundled
event catalog), ten times the events per user of the analytics sample, monthly and annual plans,
and churn decided from what the users did. What each share, rate and probability is lives in
behaviour.py.

Accounts are generated in chunks (behaviour.chunk_accounts), each with its own random stream, so
memory stays flat whatever the book's size: accounts x days is the size (about 2,700 x 670 makes
a book of tens of millions of events).
"""

from __future__ import annotations

import duckdb
import numpy as np

from orchestration.progress import Progress
from orchestration.sample_data.config import GeneratorConfig
from orchestration.sample_data.crm.accounts import current_state, write_accounts
from orchestration.sample_data.crm.activity import draw_activity, signals_at
from orchestration.sample_data.crm.behaviour import CORE_EVENTS, CRM, OTHER_EVENTS, VALUE_EVENTS
from orchestration.sample_data.crm.book import draw_book
from orchestration.sample_data.crm.churn import decide, decision_days, renewal_days
from orchestration.sample_data.crm.engagement import draw_engagement
from orchestration.sample_data.crm.product_events import VOCABULARY, write_product_events
from orchestration.sample_data.crm.subscription_events import write_subscription_events
from orchestration.sample_data.crm.timeline import Timeline
from orchestration.sample_data.crm.users import close_churned_accounts, draw_team, write_users
from orchestration.sample_data.dates import day_number
from orchestration.sample_data.writer import RawWriter

__all__ = ["CORE_EVENTS", "OTHER_EVENTS", "TABLES", "VALUE_EVENTS", "VOCABULARY", "generate_crm"]

TABLES = ("accounts", "subscription_events", "users", "product_events")
_STREAM = 7  # the crm profile's random streams are its own: seed, 7, chunk


def generate_crm(
    con: duckdb.DuckDBPyConnection, schema: str, config: GeneratorConfig, progress: bool | None
) -> None:
    """Write the crm book into the (empty) four raw tables of `schema`."""
    b = CRM
    writer = RawWriter(con, schema)
    start, end = day_number(config.start), day_number(config.resolved_end)
    timeline = Timeline(start - b.burn_in_days, start, end)
    book = draw_book(np.random.default_rng([config.seed, _STREAM, 0]), config.accounts, config.days, start, b)
    bar = Progress("generating crm sample data", book.size, enabled=progress)
    events, states = 0, []
    for number, first in enumerate(range(0, book.size, b.chunk_accounts)):
        idx = np.arange(first, min(first + b.chunk_accounts, book.size))
        rng = np.random.default_rng([config.seed, _STREAM, 1 + number])
        seats, arr, created = book.seats[idx], book.arr[idx], book.created[idx]
        monthly, path = book.monthly[idx], book.path[idx]
        engagement = draw_engagement(rng, path, timeline, b)
        team = draw_team(rng, seats, created, path, engagement, timeline, b)
        activity = draw_activity(rng, created, team, engagement, timeline, b)
        renewal = renewal_days(created, book.term[idx], end)
        signals = signals_at(decision_days(renewal, monthly, b), activity, team, timeline, b)
        contracts = decide(rng, renewal, signals, seats, arr, monthly, created, timeline, b)
        team = close_churned_accounts(rng, team, contracts.churn_day, b)
        activity = activity.stop_at(contracts.churn_day, team, timeline)
        write_subscription_events(writer, idx, seats, arr, monthly, created, contracts, b)
        write_users(writer, idx, team, timeline, contracts.churn_day)
        events += write_product_events(writer, rng, idx, activity, team, engagement, timeline, events, b)
        states.append(current_state(idx, contracts, timeline))
        bar.advance(len(idx), note=f"{events:,} events")
    write_accounts(writer, book, states)
    bar.close(note=f"{events:,} product events")
