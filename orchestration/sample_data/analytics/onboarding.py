"""Onboarding milestones at fixed offsets from account creation: done late, or never, the worse
the account's health when each falls due."""

from __future__ import annotations

import numpy as np

from orchestration.sample_data.analytics.behaviour import MILESTONES, AnalyticsBehaviour
from orchestration.sample_data.analytics.chunk import Chunk, Window
from orchestration.sample_data.analytics.health import HealthPaths
from orchestration.sample_data.analytics.subscriptions import Subscriptions
from orchestration.sample_data.writer import RawWriter, account_key, date, timestamp


def write_onboarding_milestones(
    writer: RawWriter, rng: np.random.Generator, chunk: Chunk, window: Window, health: HealthPaths,
    subs: Subscriptions, behaviour: AnalyticsBehaviour,
) -> None:
    b = behaviour
    onboarded = np.nonzero(chunk.has_onboarding)[0]
    offsets = np.array([m[1] for m in MILESTONES])
    account = np.repeat(onboarded, len(MILESTONES))
    milestone = np.tile(np.arange(len(MILESTONES)), len(onboarded))
    due = chunk.created[account] + offsets[milestone]
    due_health = health.health[account, window.column(due)]
    count = len(account)
    delay = np.round(rng.normal(b.delay_mean, b.delay_sd, count)
                     + b.delay_unhealthy * (1 - due_health) ** 2 * rng.random(count))
    never = rng.random(count) < b.never_unhealthy * (1 - due_health) ** 2
    done = due + delay.astype(int)
    done = np.maximum(done, chunk.created[account] + 1)
    done = np.where(never | (done > window.end) | (done >= subs.churn_day[account]), -1, done)
    writer.append(
        "onboarding_milestones",
        {
            "a": chunk.accounts[account],
            "m": np.array([m[0] for m in MILESTONES])[milestone],
            "due": due,
            "done": np.where(done >= 0, done * 86400 + 15 * 3600, -1),
        },
        f"""select {account_key('a')}, m, {date('due')},
            case when done >= 0 then {timestamp('done')} end from {{src}}""",
    )
