"""The crm book's users: a sales team per account (about one user per seat), who joins when,
who goes quiet when (the engagement path decides), and who is deactivated in the users table."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from orchestration.sample_data.crm.behaviour import MEMBER_ROLES, CrmBehaviour
from orchestration.sample_data.crm.engagement import CHAMPION_LOSS, FADING, GROWING, TEAM_SHRINK, Engagement
from orchestration.sample_data.crm.keys import account_key, user_key
from orchestration.sample_data.crm.timeline import NEVER, Timeline
from orchestration.sample_data.writer import RawWriter, timestamp


@dataclass(frozen=True)
class Team:
    """Per user (rows, grouped by account in account order)."""

    per_account: np.ndarray  # [account] number of users
    account: np.ndarray  # the user's account (position in the chunk)
    number: np.ndarray  # 0, 1, ... within the account (0 is the admin)
    role: np.ndarray
    champion: np.ndarray
    propensity: np.ndarray  # how much work this user does, mean 1
    created: np.ndarray  # day number
    quiet: np.ndarray  # day number from which the user does nothing (NEVER: does not happen)
    deactivated: np.ndarray  # day number of deactivation in the users table, or -1

    @property
    def first_of_account(self) -> np.ndarray:
        """Row of each account's first user (for np.add.reduceat over users)."""
        return np.concatenate([[0], np.cumsum(self.per_account)[:-1]])


def draw_team(
    rng: np.random.Generator, seats: np.ndarray, created: np.ndarray, path: np.ndarray,
    engagement: Engagement, timeline: Timeline, behaviour: CrmBehaviour,
) -> Team:
    b = behaviour
    n = len(seats)
    per_account = np.maximum(1, np.round(seats * rng.uniform(*b.users_per_seat, n))).astype(np.int64)
    account = np.repeat(np.arange(n), per_account)
    number = np.arange(len(account)) - np.repeat(np.cumsum(per_account) - per_account, per_account)
    count = len(account)
    size = per_account[account]
    user_path = path[account]

    second_champion = (number == 1) & (size >= b.second_champion_min_users)
    role = np.where(number == 0, "admin",
                    np.where(second_champion, "sales_manager", rng.choice(list(MEMBER_ROLES), count)))
    champion = (number == 0) | second_champion
    propensity = rng.lognormal(0, b.propensity_sigma, count) / np.exp(b.propensity_sigma**2 / 2)
    propensity = np.where(role == "viewer", propensity * b.viewer_factor, propensity)

    jitter = rng.integers(0, b.users_joining_jitter_days, count) * (number > 0)  # the admin is first
    joined = created[account] + number // b.users_joining_per_day + jitter
    late_joiner = (user_path == GROWING) & (number >= np.ceil(b.growth_initial_share * size))
    joined = np.where(late_joiner, np.maximum(joined, timeline.start + rng.integers(0, timeline.window_days, count)),
                      joined)

    quiet, champion_leaves = _quiet_days(rng, account, number, user_path, engagement, timeline, b)
    share = np.where(champion_leaves, b.champion_deactivated_share, b.quiet_deactivated_share)
    deactivated = np.where((quiet < NEVER) & (rng.random(count) < share),
                           quiet + rng.integers(0, b.deactivation_lag_days, count), -1)
    deactivated = np.where((deactivated > joined) & (deactivated <= timeline.end), deactivated, -1)
    return Team(per_account, account, number, role, champion, propensity, joined, quiet, deactivated)


def _quiet_days(
    rng: np.random.Generator, account: np.ndarray, number: np.ndarray, user_path: np.ndarray,
    engagement: Engagement, timeline: Timeline, behaviour: CrmBehaviour,
) -> tuple[np.ndarray, np.ndarray]:
    """The day number each user goes quiet (NEVER: stays), the earliest reason winning; and
    whether the user is a champion who leaves."""
    b = behaviour
    n, count = len(engagement.ramp_start), len(account)
    threshold = rng.random(count)
    ramp_start, ramp_days = engagement.ramp_start[account], engagement.ramp_days[account]
    fades = np.where(user_path == FADING, ramp_start + ramp_days * b.quiet_point * threshold, NEVER)
    shrink_share = rng.uniform(*b.shrink_share, n)[account]
    shrinks = np.where((user_path == TEAM_SHRINK) & (number >= 1) & (threshold < shrink_share),
                       ramp_start + ramp_days * threshold / shrink_share, NEVER)
    champion_day = engagement.champion_day[account]
    leaves = np.where((user_path == CHAMPION_LOSS) & (number == 0), champion_day, NEVER)
    follows = np.where((user_path == CHAMPION_LOSS) & (number >= 1) & (rng.random(count) < b.follow_share),
                       champion_day + rng.integers(0, b.follow_days, count), NEVER)
    quits = np.where(rng.random(count) < b.user_quit_share,
                     timeline.start + rng.integers(0, timeline.window_days, count), NEVER)
    quiet = np.minimum.reduce([fades, shrinks, leaves, follows, quits]).astype(np.int64)
    return np.where(quiet > timeline.end, NEVER, quiet), leaves < NEVER


def close_churned_accounts(
    rng: np.random.Generator, team: Team, churn_day: np.ndarray, behaviour: CrmBehaviour
) -> Team:
    """Most churned accounts deactivate their remaining users on the churn day."""
    stop = churn_day[team.account]
    closes = (rng.random(len(churn_day)) < behaviour.churn_deactivates_share)[team.account]
    deactivate = closes & (stop < NEVER) & ((team.deactivated < 0) | (team.deactivated > stop)) & (team.created < stop)
    return replace(team, deactivated=np.where(deactivate, stop, team.deactivated))


def write_users(writer: RawWriter, accounts: np.ndarray, team: Team, timeline: Timeline, churn_day: np.ndarray) -> None:
    """Users who joined by the end of the window and before their account churned."""
    keep = (team.created <= timeline.end) & (team.created < churn_day[team.account])
    writer.append(
        "users",
        {
            "a": accounts[team.account][keep],
            "u": team.number[keep],
            "role": team.role[keep],
            "champ": team.champion[keep],
            "c": team.created[keep] * 86400 + 10 * 3600,
            "d": np.where(team.deactivated[keep] >= 0, team.deactivated[keep] * 86400 + 18 * 3600, -1),
        },
        f"""select {user_key('a', 'u')}, {account_key('a')}, role, champ, {timestamp('c')},
            case when d >= 0 then {timestamp('d')} end from {{src}}""",
    )
