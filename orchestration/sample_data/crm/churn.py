"""Renewals and churn: at each renewal inside the window the account decides to stay or leave
from what its users did before the decision day (activity.Signals), never from the latent
engagement directly. Annual renewals also resize the contract to the seats in use."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from orchestration.sample_data.crm.activity import Signals
from orchestration.sample_data.crm.behaviour import CrmBehaviour
from orchestration.sample_data.crm.timeline import NEVER, Timeline
from orchestration.sample_data.dates import add_months


@dataclass(frozen=True)
class Contracts:
    """Per account and renewal k (columns)."""

    renewal: np.ndarray  # [account, k] day number of the k+1-th term anniversary
    happened: np.ndarray  # [account, k] on or before the end, and not after the churn
    churn: np.ndarray  # [account, k] the account left at this renewal
    seats: np.ndarray  # [account, k] seats after the renewal
    arr: np.ndarray  # [account, k] ARR after the renewal
    churned: np.ndarray  # [account]
    churn_day: np.ndarray  # [account] day number (NEVER if it did not churn)
    notice_day: np.ndarray  # [account] day number of the churn notice, or -1


def renewal_days(created: np.ndarray, term: np.ndarray, end: int) -> np.ndarray:
    """[account, k] the term anniversaries from the first one to past `end`."""
    most = int((end - created.min()) // 28 + 2)
    k = np.arange(1, most + 1)
    return add_months(np.repeat(created[:, None], most, axis=1),
                      (k[None, :] * term[:, None]).astype("timedelta64[M]"))


def decision_days(renewal: np.ndarray, monthly: np.ndarray, behaviour: CrmBehaviour) -> np.ndarray:
    monthly_lead, annual_lead = behaviour.decision_lead_days
    return renewal - np.where(monthly, monthly_lead, annual_lead)[:, None]


def churn_probability(signals: Signals, monthly: np.ndarray, noise: np.ndarray, behaviour: CrmBehaviour) -> np.ndarray:
    b = behaviour
    trend = np.log((signals.recent_core + 5) / (signals.baseline_core + 5))
    active_share = signals.active_users / np.maximum(signals.users, 1)
    logit = (b.churn_base + np.where(monthly, 0.0, b.annual_offset)[:, None]
             + b.churn_per_trend * trend
             + b.churn_per_active_share * (active_share - b.active_share_centre)
             + b.churn_champion_quiet * (~signals.champion_active)
             + b.churn_per_deals * (np.log1p(signals.deals_per_user) - np.log1p(1.5))
             + noise[:, None])
    return 1.0 / (1.0 + np.exp(-logit))


def decide(
    rng: np.random.Generator, renewal: np.ndarray, signals: Signals, seats: np.ndarray, arr: np.ndarray,
    monthly: np.ndarray, created: np.ndarray, timeline: Timeline, behaviour: CrmBehaviour,
) -> Contracts:
    b = behaviour
    n, most = renewal.shape
    noise = rng.normal(0, b.churn_noise, n)
    p_churn = churn_probability(signals, monthly, noise, b)
    draw = rng.random(renewal.shape)
    expand_draw = rng.random(renewal.shape)
    decided = (renewal >= timeline.start) & (renewal <= timeline.end)
    churn = decided & (draw < p_churn)
    churn_at = np.where(churn.any(axis=1), churn.argmax(axis=1), most)
    churned = churn_at < most
    churn = churn & (np.arange(most)[None, :] == churn_at[:, None])
    happened = (renewal <= timeline.end) & (np.arange(most)[None, :] <= churn_at[:, None])
    churn_day = np.where(churned, renewal[np.arange(n), np.minimum(churn_at, most - 1)], NEVER)

    # annual renewals resize the contract to the seats in use (in order: each starts from the last)
    seats_after = np.zeros(renewal.shape, dtype=np.int64)
    arr_after = np.zeros(renewal.shape)
    current_seats, current_arr = seats.astype(np.int64), arr.astype(float)
    for k in range(most):
        resize = decided[:, k] & ~monthly & ~churn[:, k]
        in_use = signals.active_users[:, k]
        cut = resize & (in_use < b.contract_below_active_share * current_seats)
        grow = (resize & ~cut & (in_use > b.expand_above_active_share * current_seats)
                & (expand_draw[:, k] < b.expand_share))
        new_seats = np.where(cut, np.maximum(np.ceil(in_use * b.contract_headroom), 1),
                             np.where(grow, np.round(current_seats * b.expand_factor), current_seats)).astype(np.int64)
        current_arr = np.round(current_arr * new_seats / np.maximum(current_seats, 1), 2)
        current_seats = new_seats
        seats_after[:, k], arr_after[:, k] = current_seats, current_arr

    notice_share = np.where(monthly, *b.notice_share)
    lead = np.where(monthly, rng.integers(*b.monthly_notice_days, n), rng.integers(*b.annual_notice_days, n))
    gives_notice = churned & (rng.random(n) < notice_share)
    notice_day = np.where(gives_notice, np.maximum(churn_day - lead, created + 1), -1)
    return Contracts(renewal, happened, churn, seats_after, arr_after, churned, churn_day, notice_day)
