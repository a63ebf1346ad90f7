"""Product events: one core event per active user-day (sometimes a second), plus value events
per account-day. Healthy accounts have more engaged users, are active more often, use more of
the features and deliver more value."""

from __future__ import annotations

import numpy as np

from orchestration.sample_data.analytics.behaviour import CORE_EVENTS, VALUE_EVENTS, AnalyticsBehaviour
from orchestration.sample_data.analytics.chunk import Chunk, Window
from orchestration.sample_data.analytics.health import HealthPaths
from orchestration.sample_data.analytics.plays import Plays, write_play_events
from orchestration.sample_data.analytics.users import Users
from orchestration.sample_data.writer import RawWriter, account_key, timestamp, user_key


def write_product_events(
    writer: RawWriter, rng: np.random.Generator, chunk: Chunk, window: Window, health: HealthPaths,
    users: Users, live: np.ndarray, first_id: int, behaviour: AnalyticsBehaviour,
    plays: Plays, first_play_id: int,
) -> tuple[int, int]:
    """Write the chunk's events with ids from `first_id`, then the events its usage plays add
    (ids 'EP' from `first_play_id`); returns how many of each."""
    b = behaviour
    usage = health.usage
    day_factor = np.where(window.weekday, 1.0, b.weekend_factor)
    days = window.day_numbers

    # core events: which users are active on which days
    propensity = rng.beta(2, 2, users.size) * 2
    rank = (users.number + 0.5) / users.per_account[users.account]
    engaged_share = b.engaged_base + b.engaged_per_health * usage[users.account]  # [user, day]
    p_active = b.active_rate * usage[users.account] * propensity[:, None] * day_factor[None, :]
    p_active = np.where(rank[:, None] > engaged_share, p_active * b.disengaged_factor, p_active)
    user_alive = (days[None, :] >= users.created[:, None]) & (
        (users.deactivated[:, None] < 0) | (days[None, :] < users.deactivated[:, None])
    )
    p_active = np.where(user_alive & live[users.account], np.clip(p_active, 0, b.max_active_probability), 0.0)
    active_user, active_day = np.nonzero(rng.random(p_active.shape) < p_active)
    active_account = users.account[active_user]
    breadth = b.breadth_base + np.round(b.breadth_per_health * usage[active_account, active_day]).astype(int)
    feature = np.minimum((rng.random(len(active_user)) * breadth).astype(int), len(CORE_EVENTS) - 1)
    second = rng.random(len(active_user)) < b.second_event_share
    feature2 = np.minimum((rng.random(second.sum()) * breadth[second]).astype(int), len(CORE_EVENTS) - 1)

    # value events: per live account-day, more likely when healthy and larger
    size = np.array(b.value_size)[chunk.segment][:, None]
    p_value = np.where(
        live, np.clip((b.value_base + b.value_per_health * usage) * size * day_factor[None, :],
                      0, b.max_value_probability), 0)
    value_account, value_day = np.nonzero(rng.random(p_value.shape) < p_value)
    value_user = (rng.random(len(value_account)) * users.per_account[value_account]).astype(int)

    account = np.concatenate([active_account, active_account[second], value_account])
    user = np.concatenate([users.number[active_user], users.number[active_user][second], value_user])
    day = np.concatenate([active_day, active_day[second], value_day])
    name = np.concatenate([
        np.array(CORE_EVENTS)[feature],
        np.array(CORE_EVENTS)[feature2],
        np.array(VALUE_EVENTS)[rng.integers(0, len(VALUE_EVENTS), len(value_account))],
    ])
    count = len(account)
    quantity = np.concatenate([
        1 + rng.poisson(1 + b.quantity_per_health * usage[active_account, active_day]),
        1 + rng.poisson(1 + b.second_quantity_per_health * usage[active_account[second], active_day[second]]),
        np.ones(len(value_account), dtype=np.int64),
    ]).astype(float)
    hour_from, hour_to = b.event_hours
    seconds = (window.start + day) * 86400 + rng.integers(hour_from * 3600, hour_to * 3600, count)
    writer.append(
        "product_events",
        {
            "id": np.arange(first_id, first_id + count),
            "a": chunk.accounts[account],
            "u": user,
            "name": name,
            "ts": seconds,
            "q": quantity,
        },
        f"""select 'E' || cast(id as varchar), {account_key('a')}, {user_key('a', 'u')}, name,
            {timestamp('ts')}, q from {{src}}""",
    )
    added = write_play_events(writer, plays, chunk, window, users.account, users.number, propensity,
                              user_alive & live[users.account], day_factor, usage, first_play_id)
    return count, added
