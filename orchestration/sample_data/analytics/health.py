"""The latent health path: every account's true daily health, which drives everything else.

Health h[account, day] is in [0, 1]. Four shapes (PATHS): stable around a level; declining from
a high to a low level over some weeks; a shock (a champion leaving or an outage) that drops it
at once, with a partial recovery; recovering from a low level. A weekly wobble is added. Two
views derive from it: usage health (how much the product is used; enterprise usage is stickier
than health) and relationship health (what surveys and the CSM see: health plus daily noise).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from orchestration.sample_data.analytics.behaviour import AnalyticsBehaviour
from orchestration.sample_data.analytics.chunk import Chunk, Window

DECLINING, SHOCK, RECOVERING = 1, 2, 3  # indexes into PATHS


@dataclass(frozen=True)
class HealthPaths:
    health: np.ndarray  # [account, day]
    usage: np.ndarray  # [account, day]: what product usage follows
    relationship: np.ndarray  # [account, day]: what surveys and the CSM see
    shock_day: np.ndarray  # [account]: window offset of the shock (used by SHOCK paths only)
    champion_leaves: np.ndarray  # [account]: the shock is the champion leaving, else an outage
    path_health: np.ndarray  # [account, day]: health before its weekly noise (what a CSM acts on)


def sigmoid(x: np.ndarray) -> np.ndarray:
    """The logistic function: how a probability follows health around a midpoint."""
    return 1.0 / (1.0 + np.exp(-x))


def draw_health(
    rng: np.random.Generator, chunk: Chunk, window: Window, behaviour: AnalyticsBehaviour
) -> HealthPaths:
    b = behaviour
    n, days, t = chunk.size, window.days, window.offsets
    path = chunk.path
    health = np.repeat(rng.uniform(*b.stable_health, n)[:, None], days, axis=1)
    high = rng.uniform(*b.high_health, n)[:, None]
    low = rng.uniform(*b.low_health, n)[:, None]
    ramp_start = rng.uniform(b.ramp_start_days, days * b.ramp_start_share_of_window, n)[:, None]
    ramp_days = rng.uniform(*b.ramp_days, n)[:, None]
    ramp = np.clip((t[None, :] - ramp_start) / ramp_days, 0, 1)
    health = np.where((path == DECLINING)[:, None], high - (high - low) * ramp, health)

    shock_day = rng.integers(max(days // b.shock_earliest_divisor, 1),
                             max(days - b.shock_latest_days_before_end, 2), n)
    recovery = rng.uniform(*b.shock_recovery_share, n)[:, None]
    since_shock = np.clip((t[None, :] - shock_day[:, None]) / b.shock_recovery_days, 0, 1)
    shocked = np.where(
        t[None, :] < shock_day[:, None], high, low + (high - low) * recovery * since_shock
    )
    health = np.where((path == SHOCK)[:, None], shocked, health)

    rising = low + b.recovering_head_start + (high - low - b.recovering_head_start) * ramp
    health = np.where((path == RECOVERING)[:, None], rising, health)

    path_health = health
    weekly = rng.normal(0, b.weekly_noise, (n, days // 7 + 1))
    health = np.clip(health + weekly[:, t // 7], *b.health_range)
    champion_leaves = rng.random(n) < b.champion_leaves_share

    follows = np.array(b.usage_follows_health)[chunk.segment][:, None]
    usage = follows * health + (1 - follows) * rng.uniform(*b.usage_steady_level, n)[:, None]
    noise = np.array(b.relationship_noise)[chunk.segment][:, None]
    relationship = np.clip(health + rng.normal(0, 1, (n, days)) * noise, 0, 1)
    return HealthPaths(health, usage, relationship, shock_day, champion_leaves, path_health)
