"""Invoices: one per billing period (a month for monthly terms, a year otherwise), paid late or
after failed attempts more often the worse the account's health when issued; unpaid at churn."""

from __future__ import annotations

import numpy as np

from orchestration.sample_data.analytics.behaviour import AnalyticsBehaviour
from orchestration.sample_data.analytics.chunk import Chunk, Window
from orchestration.sample_data.analytics.health import HealthPaths, sigmoid
from orchestration.sample_data.analytics.subscriptions import CHURN, Subscriptions
from orchestration.sample_data.writer import RawWriter, account_key, date, timestamp


def write_invoices(
    writer: RawWriter, rng: np.random.Generator, chunk: Chunk, window: Window, health: HealthPaths,
    subs: Subscriptions, first_id: int, behaviour: AnalyticsBehaviour,
) -> int:
    """Write the chunk's invoices with ids from `first_id`; returns how many."""
    b = behaviour
    n = chunk.size
    period_start = np.concatenate([chunk.created[:, None], subs.renewal], axis=1)
    billed = np.concatenate([np.ones((n, 1), bool), subs.alive & (subs.outcome != CHURN)], axis=1)
    monthly_lookback, annual_lookback = b.invoice_lookback_days
    lookback = np.where(subs.term == 1, monthly_lookback, annual_lookback)[:, None]
    billed &= (period_start >= window.start - lookback) & (period_start <= window.end)
    account, period = np.nonzero(billed)
    count = len(account)
    issued = period_start[account, period]
    issued_health = health.health[account, window.column(issued)]
    period_arr = np.concatenate([chunk.arr[:, None], subs.arr], axis=1)[account, period]
    amount = np.round(np.where(subs.term[account] == 1, period_arr / 12, period_arr), 2)
    late = rng.random(count) < sigmoid((b.late_midpoint - issued_health) * b.late_slope)
    failed = rng.random(count) < (b.fail_base + b.fail_unhealthy * (1 - issued_health) ** 2)
    due = issued + b.payment_terms_days
    paid_day = np.where(
        late,
        due + 1 + rng.exponential(b.late_base + b.late_unhealthy * (1 - issued_health), count).astype(int),
        issued + rng.integers(1, b.on_time_max_days, count),
    ) + np.where(failed, b.failed_delay_days, 0)
    paid_day = np.where(paid_day >= np.minimum(subs.churn_day[account], window.end + 1), -1, paid_day)
    writer.append(
        "invoices",
        {
            "id": np.arange(first_id, first_id + count),
            "a": chunk.accounts[account],
            "iss": issued * 86400 + 6 * 3600,
            "due": due,
            "amt": amount,
            "paid": np.where(paid_day >= 0, paid_day * 86400 + 12 * 3600, -1),
            "fail": np.where(failed, rng.integers(1, b.max_failed_attempts + 1, count), 0),
        },
        f"""select 'INV' || cast(id as varchar), {account_key('a')}, {timestamp('iss')},
            {date('due')}, amt, case when paid >= 0 then {timestamp('paid')} end,
            case when paid >= 0 then 'paid' when fail > 0 then 'failed' else 'open' end,
            cast(fail as integer) from {{src}}""",
    )
    return count
