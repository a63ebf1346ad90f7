"""The analytics profile: the bundled sample product's book, all ten raw tables.

Every account follows a latent daily health path (health.py): stable, slowly declining, a sudden
shock such as a champion leaving or an outage, or recovering. That path drives everything the
warehouse sees: active users and events per seat, feature breadth, value events, support tickets
and their severity, late or failed invoices, NPS/CSAT answers and CSM sentiment. At each renewal
the outcome (renewed, expanded, contracted, churned) is drawn from the health on that day, so a
good score should predict churn, with noise. Segments differ: SMB is monthly and usage-driven,
enterprise is annual and relationship-driven (sentiment tracks health more tightly than usage).
What each share, rate and probability is lives in behaviour.py.

Accounts are generated in chunks, each with its own random stream; within a chunk the tables are
drawn in a fixed order (the order is part of the data: the same seed gives the same book).
"""

from __future__ import annotations

import duckdb
import numpy as np

from orchestration.progress import Progress
from orchestration.raw_contract import RAW_TABLES
from orchestration.sample_data.analytics.accounts import write_accounts
from orchestration.sample_data.analytics.behaviour import ANALYTICS, CORE_EVENTS, VALUE_EVENTS
from orchestration.sample_data.analytics.book import csm_owner, draw_book
from orchestration.sample_data.analytics.chunk import Chunk, Window
from orchestration.sample_data.analytics.csm_assessments import write_csm_assessments
from orchestration.sample_data.analytics.health import draw_health
from orchestration.sample_data.analytics.invoices import write_invoices
from orchestration.sample_data.analytics.onboarding import write_onboarding_milestones
from orchestration.sample_data.analytics.plays import plan_plays, write_cs_actions
from orchestration.sample_data.analytics.product_events import write_product_events
from orchestration.sample_data.analytics.subscriptions import (
    current_state,
    draw_renewals,
    write_subscription_events,
)
from orchestration.sample_data.analytics.support_tickets import write_support_tickets
from orchestration.sample_data.analytics.surveys import write_survey_responses
from orchestration.sample_data.analytics.users import write_users
from orchestration.sample_data.config import GeneratorConfig
from orchestration.sample_data.dates import day_number
from orchestration.sample_data.writer import RawWriter

__all__ = ["CORE_EVENTS", "TABLES", "VALUE_EVENTS", "generate_analytics"]

TABLES = RAW_TABLES


def generate_analytics(
    con: duckdb.DuckDBPyConnection, schema: str, config: GeneratorConfig, progress: bool | None
) -> None:
    """Write the analytics book into the (empty) raw tables of `schema`."""
    behaviour = ANALYTICS
    writer = RawWriter(con, schema)
    window = Window(day_number(config.start), day_number(config.resolved_end), config.days)
    book = draw_book(np.random.default_rng([config.seed, 0]), config.accounts, config.days,
                     window.start, behaviour)
    owners = csm_owner(book.segment, book.csm_pick)
    bar = Progress("generating sample data", book.size, enabled=progress)
    ids = {"event": 0, "play_event": 0, "ticket": 0, "invoice": 0, "response": 0}
    states = []
    step = behaviour.chunk_accounts
    for first in range(0, book.size, step):
        chunk = Chunk.of(book, owners, first, min(first + step, book.size))
        rng = np.random.default_rng([config.seed, 1 + first // step])
        health = draw_health(rng, chunk, window, behaviour)
        subs = draw_renewals(rng, chunk, window, health, behaviour)
        write_subscription_events(writer, rng, chunk, subs, behaviour)
        states.append(current_state(chunk, subs))
        live = subs.live(chunk, window)
        # the plays draw from their own stream: the rest of the book is the same without them
        plays = plan_plays(np.random.default_rng([config.seed, 2, first // step]), chunk,
                           health.path_health, live, window.days)
        users = write_users(writer, rng, chunk, window, health, behaviour)
        events, play_events = write_product_events(writer, rng, chunk, window, health, users, live,
                                                   ids["event"], behaviour, plays, ids["play_event"])
        ids["event"] += events
        ids["play_event"] += play_events
        ids["ticket"] += write_support_tickets(writer, rng, chunk, window, health, users, live,
                                               ids["ticket"], behaviour, plays)
        ids["invoice"] += write_invoices(writer, rng, chunk, window, health, subs, ids["invoice"],
                                         behaviour)
        ids["response"] += write_survey_responses(writer, rng, chunk, window, health, users, live,
                                                  ids["response"], behaviour)
        write_onboarding_milestones(writer, rng, chunk, window, health, subs, behaviour)
        write_csm_assessments(writer, rng, chunk, window, health, live, behaviour)
        write_cs_actions(writer, plays, chunk, window)
        bar.advance(chunk.size, note=f"{ids['event']:,} events")
    write_accounts(writer, book, owners, states, behaviour)
    bar.close(note=f"{ids['event']:,} product events")
