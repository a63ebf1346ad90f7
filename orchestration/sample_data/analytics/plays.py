"""CS plays with a known effect, so the playbook-impact marts can be checked against a truth.

One candidate day per account; the lower the account's health path that day (before its weekly
noise: what a CSM acts on), the likelier a play is run, if the account is live. Re-engaging usage
adds product activity from the day of the play (ramping up over PLAY_RAMP_DAYS), resolving
support friction removes most tickets opened after it, repairing the relationship changes
nothing, and a free-text play (no component) changes nothing either. Everything the plays draw
comes from their own random stream, so the rest of the book is the same with or without them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from orchestration.sample_data.analytics.behaviour import CORE_EVENTS
from orchestration.sample_data.analytics.chunk import Chunk, Window
from orchestration.sample_data.writer import RawWriter, account_key, timestamp, user_key

# (name, component, effect)
PLAYS = (
    ("Re-engage usage", "usage", "usage"),
    ("Resolve support friction", "support", "support"),
    ("Repair the relationship", "sentiment", None),
    ("Quarterly check-in call", None, None),
)
PLAY_SHARE = (0.3, 0.3, 0.3, 0.1)
PLAY_RAMP_DAYS = 14


@dataclass
class Plays:
    """The plays of one chunk: which accounts got one, on which day (a window offset) and which
    play (an index into PLAYS)."""

    treated: np.ndarray
    day: np.ndarray
    play: np.ndarray
    at_seconds: np.ndarray
    component_given: np.ndarray
    rng: np.random.Generator
    days: int

    def ramp(self, effect: str) -> np.ndarray:
        """[account, day]: 0 before the play, rising to 1 over PLAY_RAMP_DAYS, for the accounts
        whose play has `effect` (0 for the others)."""
        has_effect = self.treated & np.isin(self.play, [i for i, p in enumerate(PLAYS) if p[2] == effect])
        t = np.arange(self.days)[None, :]
        rising = np.clip((t - self.day[:, None] + 1) / PLAY_RAMP_DAYS, 0, 1)
        return np.where(has_effect[:, None] & (t >= self.day[:, None]), rising, 0.0)


def plan_plays(rng: np.random.Generator, chunk: Chunk, path_health: np.ndarray, live: np.ndarray,
               days: int) -> Plays:
    """Which accounts get a play, when and which. A support play needs support data and a
    relationship play survey or CSM data (else the account gets a usage play): a play is
    measured on the component it targets."""
    a = len(path_health)
    lo = min(60, days // 2)
    day = rng.integers(lo, max(days - 70, lo + 1), a)
    rows = np.arange(a)
    chance = np.clip(1.4 * (0.85 - path_health[rows, day]), 0, 0.9)
    treated = (rng.random(a) < chance) & live[rows, day]
    play = rng.choice(len(PLAYS), size=a, p=PLAY_SHARE)
    components = np.array([p[1] or "" for p in PLAYS])[play]
    has_sentiment = chunk.has_surveys | chunk.has_csm
    unmeasurable = ((components == "support") & ~chunk.has_tickets) | ((components == "sentiment") & ~has_sentiment)
    play = np.where(unmeasurable, 0, play)
    at_seconds = rng.integers(9 * 3600, 18 * 3600, a)
    component_given = rng.random(a) < 0.5
    return Plays(treated, day, play, at_seconds, component_given, rng, days)


def write_play_events(writer: RawWriter, plays: Plays, chunk: Chunk, window: Window,
                      user_account: np.ndarray, user_number: np.ndarray, propensity: np.ndarray,
                      alive: np.ndarray, day_factor: np.ndarray, usage: np.ndarray, first_id: int) -> int:
    """The product activity a usage play adds: extra core actions by the account's users from
    the day of the play (`alive`: [user, day] the user and its account are live). Ids 'EP...'
    leave the book's own event ids as they are. Returns how many."""
    ramp = plays.ramp("usage")
    users = np.nonzero(ramp[user_account].any(axis=1))[0]
    if len(users) == 0:
        return 0
    p_extra = 0.3 * ramp[user_account[users]] * propensity[users][:, None] * day_factor[None, :]
    p_extra = np.where(alive[users], np.clip(p_extra, 0, 0.9), 0.0)
    xu, xd = np.nonzero(plays.rng.random(p_extra.shape) < p_extra)
    uu = users[xu]
    aa = user_account[uu]
    breadth = 2 + np.round(6 * usage[aa, xd]).astype(int)
    feature = np.minimum((plays.rng.random(len(uu)) * breadth).astype(int), len(CORE_EVENTS) - 1)
    n = len(uu)
    writer.append(
        "product_events",
        {
            "id": np.arange(first_id, first_id + n),
            "a": chunk.accounts[aa],
            "u": user_number[uu],
            "name": np.array(CORE_EVENTS)[feature],
            "ts": (window.start + xd) * 86400 + plays.rng.integers(8 * 3600, 20 * 3600, n),
            "q": (1 + plays.rng.poisson(1 + 4 * usage[aa, xd])).astype(float),
        },
        f"""select 'EP' || cast(id as varchar), {account_key('a')}, {user_key('a', 'u')}, name,
            {timestamp('ts')}, q from {{src}}""",
    )
    return n


def tickets_kept(plays: Plays, account: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Which generated tickets stay: a support play removes most tickets opened after it."""
    ramp = plays.ramp("support")
    return ~(plays.rng.random(len(account)) < 0.7 * ramp[account, day])


def write_cs_actions(writer: RawWriter, plays: Plays, chunk: Chunk, window: Window) -> None:
    """One raw cs_actions row per play; half name the component, the others leave it to the
    playbook seed."""
    rows = np.nonzero(plays.treated)[0]
    chosen = plays.play[rows]
    components = np.array([p[1] or "" for p in PLAYS])[chosen]
    writer.append(
        "cs_actions",
        {
            "a": chunk.accounts[rows],
            "ts": (window.start + plays.day[rows]) * 86400 + plays.at_seconds[rows],
            "pb": np.array([p[0] for p in PLAYS])[chosen],
            "c": np.where(plays.component_given[rows], components, ""),
            "o": chunk.owner[rows],
        },
        f"""select 'CA' || lpad(cast(a as varchar), 6, '0'), {account_key('a')}, {timestamp('ts')}, pb,
            nullif(c, ''), o from {{src}}""",
    )
