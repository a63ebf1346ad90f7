"""The subscription timeline: renewals at calendar anniversaries, each with an outcome drawn from
the account's health on that day (renewed, churned, contracted, expanded). Writes
subscription_events and works out the current state the accounts table shows."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from orchestration.sample_data.analytics.behaviour import AnalyticsBehaviour
from orchestration.sample_data.analytics.chunk import Chunk, Window
from orchestration.sample_data.analytics.health import HealthPaths, sigmoid
from orchestration.sample_data.dates import add_months
from orchestration.sample_data.writer import RawWriter, account_key, date

RENEW, CHURN, CONTRACT, EXPAND = 0, 1, 2, 3
NEVER = 10_000  # days after the end: the churn day of an account that does not churn


@dataclass(frozen=True)
class Subscriptions:
    """Per account and renewal k (columns): what happened at each renewal."""

    term: np.ndarray  # [account] months per term
    renewal: np.ndarray  # [account, k] day number of the k+1-th renewal
    outcome: np.ndarray  # [account, k] RENEW, CHURN, CONTRACT or EXPAND
    alive: np.ndarray  # [account, k] the renewal happened (before or at churn, not after the end)
    arr: np.ndarray  # [account, k] ARR after the renewal
    seats: np.ndarray  # [account, k] seats after the renewal
    churned: np.ndarray  # [account] churned inside the window
    churn_day: np.ndarray  # [account] day number of the churn (far in the future if none)

    def live(self, chunk: Chunk, window: Window) -> np.ndarray:
        """[account, day]: the account exists and has not churned on that day."""
        day = window.day_numbers
        return (day[None, :] >= chunk.created[:, None]) & (day[None, :] < self.churn_day[:, None])


def draw_renewals(
    rng: np.random.Generator, chunk: Chunk, window: Window, health: HealthPaths,
    behaviour: AnalyticsBehaviour,
) -> Subscriptions:
    b = behaviour
    n = chunk.size
    term = np.array(b.term_months)[chunk.segment]
    most_renewals = int((window.end - chunk.created.min()) // 28 + 2)
    k = np.arange(1, most_renewals + 1)
    renewal = add_months(
        np.repeat(chunk.created[:, None], len(k), axis=1),
        (k[None, :] * term[:, None]).astype("timedelta64[M]"),
    )
    happened = renewal <= window.end
    at_renewal = np.take_along_axis(health.health, window.column(renewal), axis=1)
    in_window = renewal >= window.start
    monthly = (term == 1)[:, None]
    p_churn = np.where(
        monthly,
        b.monthly_churn_max * sigmoid((b.monthly_churn_midpoint - at_renewal) * b.monthly_churn_slope),
        sigmoid((b.annual_churn_midpoint - at_renewal) * b.annual_churn_slope),
    )
    p_contract = b.contract_max * sigmoid((b.contract_midpoint - at_renewal) * b.contract_slope)
    p_expand = b.expand_max * sigmoid((at_renewal - b.expand_midpoint) * b.expand_slope)
    draw = rng.random(renewal.shape)
    outcome = np.full(renewal.shape, RENEW)
    outcome = np.where(draw < p_churn + p_contract + p_expand, EXPAND, outcome)
    outcome = np.where(draw < p_churn + p_contract, CONTRACT, outcome)
    outcome = np.where(draw < p_churn, CHURN, outcome)
    outcome = np.where(in_window & happened, outcome, RENEW)

    churn_at = np.where((outcome == CHURN).any(axis=1), (outcome == CHURN).argmax(axis=1), len(k))
    alive = (np.arange(len(k))[None, :] <= churn_at[:, None]) & happened
    churned = churn_at < len(k)
    churn_day = np.where(churned, renewal[np.arange(n), np.minimum(churn_at, len(k) - 1)],
                         window.end + NEVER)
    factor = np.select([outcome == CONTRACT, outcome == EXPAND], [b.contract_factor, b.expand_factor], 1.0)
    factor = np.where(alive & (outcome != CHURN), factor, 1.0)
    arr = np.round(chunk.arr[:, None] * np.cumprod(factor, axis=1), 2)
    seats = np.maximum(np.round(chunk.seats[:, None] * np.cumprod(factor, axis=1)), 1)
    return Subscriptions(term, renewal, outcome, alive, arr, seats, churned, churn_day)


def write_subscription_events(
    writer: RawWriter, rng: np.random.Generator, chunk: Chunk, subs: Subscriptions,
    behaviour: AnalyticsBehaviour,
) -> None:
    """new at creation; renewal or churn at each renewal, plus upgrade/downgrade when the
    contract grew or shrank; a churn notice some days before a churn."""
    b = behaviour
    n = chunk.size
    acct, k = np.nonzero(subs.alive)
    outcome = subs.outcome[acct, k]
    is_churn = outcome == CHURN
    previous_arr = np.where(k > 0, subs.arr[acct, np.maximum(k - 1, 0)], chunk.arr[acct])
    previous_seats = np.where(k > 0, subs.seats[acct, np.maximum(k - 1, 0)], chunk.seats[acct])
    accounts = [chunk.accounts, chunk.accounts[acct]]
    days = [chunk.created, subs.renewal[acct, k]]
    types = [np.full(n, "new"), np.where(is_churn, "churn", "renewal")]
    arr = [chunk.arr.astype(float), np.where(is_churn, 0.0, previous_arr)]
    seats = [chunk.seats.astype(float), np.where(is_churn, 0.0, previous_seats)]

    changed = (outcome == CONTRACT) | (outcome == EXPAND)
    accounts.append(chunk.accounts[acct][changed])
    days.append(subs.renewal[acct, k][changed])
    types.append(np.where(outcome[changed] == EXPAND, "upgrade", "downgrade"))
    arr.append(subs.arr[acct, k][changed])
    seats.append(subs.seats[acct, k][changed].astype(float))

    lead = np.where(subs.term == 1, rng.integers(*b.monthly_notice_days, n),
                    rng.integers(*b.annual_notice_days, n))
    noticed = subs.churned & (lead > 0)
    notice_day = np.maximum(subs.churn_day - lead, chunk.created + 1)
    accounts.append(chunk.accounts[noticed])
    days.append(notice_day[noticed])
    types.append(np.full(noticed.sum(), "churn_notice"))
    arr.append(np.full(noticed.sum(), np.nan))
    seats.append(np.full(noticed.sum(), np.nan))
    writer.append(
        "subscription_events",
        {
            "a": np.concatenate(accounts),
            "d": np.concatenate(days),
            "ty": np.concatenate(types),
            "arr": np.concatenate(arr),
            "seats": np.concatenate(seats),
        },
        f"select {account_key('a')}, {date('d')}, ty, arr, cast(seats as integer) from {{src}}",
    )


@dataclass(frozen=True)
class CurrentState:
    """What the accounts table shows for each account of a chunk."""

    accounts: np.ndarray
    arr: np.ndarray
    seats: np.ndarray
    renewal_date: np.ndarray  # day number: the next renewal, or the churn day


def current_state(chunk: Chunk, subs: Subscriptions) -> CurrentState:
    n = chunk.size
    last = np.where(subs.alive.any(axis=1),
                    subs.alive.shape[1] - 1 - np.argmax(subs.alive[:, ::-1], axis=1), -1)
    arr = np.where(last >= 0, subs.arr[np.arange(n), np.maximum(last, 0)], chunk.arr)
    seats = np.where(last >= 0, subs.seats[np.arange(n), np.maximum(last, 0)], chunk.seats)
    next_renewal = add_months(chunk.created, ((last + 2) * subs.term).astype("timedelta64[M]"))
    return CurrentState(
        chunk.accounts,
        np.where(subs.churned, 0.0, arr),
        seats.astype(np.int64),
        np.where(subs.churned, subs.churn_day, next_renewal),
    )
