"""The crm book's product_events: one row per event of the window, expanded from the per
user-day counts; the name is drawn by kind (core: among the features the account uses, more of
them when engaged; value; other), quantity only for import_contacts (contacts imported)."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from orchestration.sample_data.crm.activity import Activity
from orchestration.sample_data.crm.behaviour import (
    CORE_EVENTS,
    CORE_WEIGHTS,
    OTHER_EVENTS,
    OTHER_WEIGHTS,
    VALUE_EVENTS,
    VALUE_WEIGHTS,
    CrmBehaviour,
)
from orchestration.sample_data.crm.engagement import Engagement
from orchestration.sample_data.crm.keys import account_id_text, user_id_text
from orchestration.sample_data.crm.timeline import Timeline
from orchestration.sample_data.crm.users import Team
from orchestration.sample_data.writer import RawWriter

VOCABULARY = CORE_EVENTS + VALUE_EVENTS + OTHER_EVENTS
_NAMES = pa.array(VOCABULARY)
_IMPORT = VOCABULARY.index("import_contacts")


def _pick(rng: np.random.Generator, weights: tuple[float, ...], among: np.ndarray | int, count: int) -> np.ndarray:
    """Index of a name for each of `count` rows, by weight, among the first `among` names."""
    cumulative = np.cumsum(weights)
    limit = cumulative[np.asarray(among) - 1]
    picked = np.searchsorted(cumulative, rng.random(count) * limit, side="right")
    return np.minimum(picked, np.asarray(among) - 1)


def write_product_events(
    writer: RawWriter, rng: np.random.Generator, accounts: np.ndarray, activity: Activity, team: Team,
    engagement: Engagement, timeline: Timeline, first_id: int, behaviour: CrmBehaviour,
) -> int:
    """Write the window's events of the chunk with ids from `first_id`; returns how many."""
    b = behaviour
    skip = timeline.first_written
    next_id = first_id
    # the chunk's keys, formatted once: rows refer to them by position (dictionary-encoded)
    account_ids = pa.array(account_id_text(accounts))
    user_ids = pa.array(user_id_text(accounts[team.account], team.number))
    kinds = (
        (activity.core, CORE_WEIGHTS, 0),
        (activity.value, VALUE_WEIGHTS, len(CORE_EVENTS)),
        (activity.other, OTHER_WEIGHTS, len(CORE_EVENTS) + len(VALUE_EVENTS)),
    )
    for counts, weights, offset in kinds:
        user, day = np.nonzero(counts[:, skip:])
        repeats = counts[user, skip + day]
        user, day = np.repeat(user, repeats), np.repeat(day, repeats) + skip
        count = len(user)
        if offset == 0:
            level = engagement.level[team.account[user], day]
            breadth = np.minimum(b.breadth_base + np.round(b.breadth_per_engagement * level).astype(np.int64),
                                 len(CORE_EVENTS))
            name = _pick(rng, weights, breadth, count)
        else:
            name = offset + _pick(rng, weights, len(weights), count)
        quantity = np.where(name == _IMPORT, rng.integers(*b.import_contacts_range, count), np.nan)
        hour_from, hour_to = b.event_hours
        seconds = (timeline.origin + day) * 86400 + rng.integers(hour_from * 3600, hour_to * 3600, count)
        writer.append(
            "product_events",
            {
                "id": np.arange(next_id, next_id + count),
                "a": pa.DictionaryArray.from_arrays(pa.array(team.account[user].astype(np.int32)), account_ids),
                "u": pa.DictionaryArray.from_arrays(pa.array(user.astype(np.int32)), user_ids),
                "name": pa.DictionaryArray.from_arrays(pa.array(name.astype(np.int8)), _NAMES),
                "ts": pa.array(seconds, type=pa.timestamp("s")),
                "q": quantity,
            },
            """select 'ev' || cast(id as varchar), cast(a as varchar), cast(u as varchar),
                cast(name as varchar), cast(ts as timestamp), q from {src}""",
        )
        next_id += count
    return next_id - first_id
