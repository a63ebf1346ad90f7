"""Users of each account: about one per seat, the first an admin and champion. A shock of the
"champion leaves" kind deactivates the first user on the shock day."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from orchestration.sample_data.analytics.behaviour import MEMBER_ROLES, AnalyticsBehaviour
from orchestration.sample_data.analytics.chunk import Chunk, Window
from orchestration.sample_data.analytics.health import SHOCK, HealthPaths
from orchestration.sample_data.writer import RawWriter, account_key, timestamp, user_key


@dataclass(frozen=True)
class Users:
    per_account: np.ndarray  # [account] number of users
    account: np.ndarray  # [user] the user's account (position in the chunk)
    number: np.ndarray  # [user] 0, 1, ... within the account (0 is the admin)
    created: np.ndarray  # [user] day number the user was created
    deactivated: np.ndarray  # [user] day number the user was deactivated, or -1

    @property
    def size(self) -> int:
        return len(self.account)


def write_users(
    writer: RawWriter, rng: np.random.Generator, chunk: Chunk, window: Window,
    health: HealthPaths, behaviour: AnalyticsBehaviour,
) -> Users:
    b = behaviour
    n = chunk.size
    per_account = np.maximum(1, np.round(chunk.seats * rng.uniform(*b.users_per_seat, n))).astype(int)
    account = np.repeat(np.arange(n), per_account)
    number = np.concatenate([np.arange(k) for k in per_account]) if n else np.array([], int)
    count = len(account)
    role = np.where(number == 0, "admin", rng.choice(list(MEMBER_ROLES), count))
    champion = (number == 0) | ((number == 1) & (rng.random(count) < b.second_champion_share))
    created = (chunk.created[account] + np.minimum(number // b.users_joining_per_day, b.users_joining_max_days)
               + rng.integers(0, b.users_joining_jitter_days, count))
    leaves = (chunk.path[account] == SHOCK) & health.champion_leaves[account] & (number == 0)
    quits = rng.random(count) < b.user_quit_share
    deactivated = np.where(leaves, window.start + health.shock_day[account],
                           np.where(quits, window.start + rng.integers(0, window.days, count), -1))
    deactivated = np.where((deactivated >= 0) & (deactivated <= created), -1, deactivated)
    writer.append(
        "users",
        {
            "a": chunk.accounts[account],
            "u": number,
            "role": role,
            "champ": champion,
            "c": created * 86400 + 9 * 3600,
            "d": np.where(deactivated >= 0, deactivated * 86400 + 17 * 3600, -1),
        },
        f"""select {user_key('a', 'u')}, {account_key('a')}, role, champ, {timestamp('c')},
            case when d >= 0 then {timestamp('d')} end from {{src}}""",
    )
    return Users(per_account, account, number, created, deactivated)
