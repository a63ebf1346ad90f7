"""What the users do: event counts per user and day, by kind (core work, value, other), and the
windowed figures churn is decided from."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from orchestration.sample_data.crm.behaviour import CrmBehaviour
from orchestration.sample_data.crm.engagement import Engagement
from orchestration.sample_data.crm.timeline import Timeline
from orchestration.sample_data.crm.users import Team


@dataclass(frozen=True)
class Activity:
    """[user, day] event counts on the timeline."""

    core: np.ndarray
    value: np.ndarray
    other: np.ndarray

    def stop_at(self, churn_day: np.ndarray, team: Team, timeline: Timeline) -> Activity:
        """Zero every count on or after the day each user's account churned."""
        open_ = timeline.day_numbers[None, :] < churn_day[team.account][:, None]
        return Activity(self.core * open_, self.value * open_, self.other * open_)


def draw_activity(
    rng: np.random.Generator, account_created: np.ndarray, team: Team, engagement: Engagement,
    timeline: Timeline, behaviour: CrmBehaviour,
) -> Activity:
    """Core and value events while a user works (joined, not gone quiet), scaled by engagement;
    other events while the user is on the books (until deactivated), whatever the engagement,
    at quiet_other_factor of the rate once the user has gone quiet."""
    b = behaviour
    days = timeline.day_numbers[None, :]
    joined = (days >= team.created[:, None]) & (days >= account_created[team.account][:, None])
    working = joined & (days < team.quiet[:, None])
    on_books = joined & ((team.deactivated[:, None] < 0) | (days < team.deactivated[:, None]))
    rate = team.propensity[:, None] * np.where(timeline.weekday, 1.0, b.weekend_factor)[None, :]
    level = engagement.level[team.account]
    core = rng.poisson(np.where(working, b.core_rate * rate * level, 0.0)).astype(np.int32)
    value = rng.poisson(np.where(working, b.value_rate * rate * level**2, 0.0)).astype(np.int32)
    other_share = np.where(working, 1.0, np.where(on_books, b.quiet_other_factor, 0.0))
    other = rng.poisson(b.other_rate * rate * other_share).astype(np.int32)
    return Activity(core, value, other)


@dataclass(frozen=True)
class Signals:
    """[account, decision] what the account's events show before each decision day."""

    recent_core: np.ndarray  # core events in the recent window
    baseline_core: np.ndarray  # core events per recent-window length in the window before it
    users: np.ndarray  # users on the books (joined a little before, not deactivated)
    active_users: np.ndarray  # users with a core event in the recent window
    champion_active: np.ndarray  # a champion had a core event in the last champion_days
    deals_per_user: np.ndarray  # value events in the deals window per user on the books


def signals_at(
    decision_day: np.ndarray, activity: Activity, team: Team, timeline: Timeline, behaviour: CrmBehaviour
) -> Signals:
    """Windowed counts before each decision day ([account, k] day numbers)."""
    b = behaviour
    firsts = team.first_of_account
    col = timeline.column(decision_day)  # the decision day itself is not counted
    user_col = col[team.account]  # [user, k]

    def before(cumulative: np.ndarray, at: np.ndarray, days: int) -> np.ndarray:
        """Events in the `days` days before column `at` (cumulative has a leading zero column)."""
        return (np.take_along_axis(cumulative, at, axis=1)
                - np.take_along_axis(cumulative, np.maximum(at - days, 0), axis=1))

    user_core = _cumulative(activity.core)
    account_core = _cumulative(np.add.reduceat(activity.core, firsts, axis=0))
    account_value = _cumulative(np.add.reduceat(activity.value, firsts, axis=0))
    recent = before(account_core, col, b.recent_days)
    baseline = (before(account_core, np.maximum(col - b.recent_days, 0), b.baseline_days)
                * b.recent_days / b.baseline_days)
    active = before(user_core, user_col, b.recent_days) > 0
    champion_active = before(user_core, user_col, b.champion_days) > 0
    user_day = decision_day[team.account]
    on_books = ((team.created[:, None] <= user_day - 14)
                & ((team.deactivated[:, None] < 0) | (team.deactivated[:, None] > user_day)))
    users = np.add.reduceat(on_books.astype(np.int64), firsts, axis=0)
    deals = before(account_value, col, b.deals_days)
    return Signals(
        recent, baseline, users,
        np.add.reduceat(active.astype(np.int64), firsts, axis=0),
        np.add.reduceat((champion_active & team.champion[:, None]).astype(np.int64), firsts, axis=0) > 0,
        deals / np.maximum(users, 1),
    )


def _cumulative(counts: np.ndarray) -> np.ndarray:
    """Running totals along days with a leading zero column: total of days [i, j) = c[j] - c[i]."""
    out = np.zeros((counts.shape[0], counts.shape[1] + 1), dtype=np.int64)
    np.cumsum(counts, axis=1, out=out[:, 1:])
    return out
