"""Each account's engagement: how much of the work its users do, per day, in [0, 1].

Five shapes (PATHS): stable around a level; fading to a fraction of it over some months (its
users go quiet one after another, see users.py); champion loss (the champion goes quiet, the
rest of the team slows down); team shrink (the level holds but users go quiet one by one); and
growing (more users join, the level rises). Churn is not drawn from this: it is decided from the
events it produces (churn.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from orchestration.sample_data.crm.behaviour import CrmBehaviour
from orchestration.sample_data.crm.timeline import Timeline

STABLE, FADING, CHAMPION_LOSS, TEAM_SHRINK, GROWING = range(5)  # indexes into PATHS


@dataclass(frozen=True)
class Engagement:
    level: np.ndarray  # [account, day] on the timeline
    ramp_start: np.ndarray  # [account] day number a fade or a shrink starts
    ramp_days: np.ndarray  # [account] how long it takes
    champion_day: np.ndarray  # [account] day number the champion goes quiet (CHAMPION_LOSS)


def draw_engagement(
    rng: np.random.Generator, path: np.ndarray, timeline: Timeline, behaviour: CrmBehaviour
) -> Engagement:
    b = behaviour
    n, days = len(path), timeline.window_days
    into_window = (timeline.day_numbers - timeline.start)[None, :]  # [1, day]
    steady = rng.uniform(*b.level, n)[:, None]
    level = np.repeat(steady, timeline.length, axis=1)

    fade_to = steady * rng.uniform(*b.fade_to, n)[:, None]
    ramp_start = rng.uniform(b.fade_start_days, days * b.fade_start_share_of_window, n)
    ramp_days = rng.uniform(*b.fade_days, n)
    ramp = np.clip((into_window - ramp_start[:, None]) / ramp_days[:, None], 0, 1)
    level = np.where((path == FADING)[:, None], steady - (steady - fade_to) * ramp, level)

    champion_day = rng.integers(-30, max(days - 10, -29), n)
    drop = rng.uniform(*b.champion_drop, n)[:, None]
    after = np.clip((into_window - champion_day[:, None]) / b.drop_days, 0, 1)
    level = np.where((path == CHAMPION_LOSS)[:, None], steady * (1 - drop * after), level)

    growth = np.clip(into_window / max(days, 1), 0, 1)
    level = np.where((path == GROWING)[:, None], steady - b.growth_head_start * (1 - growth), level)

    weekly = rng.normal(0, b.weekly_noise, (n, timeline.length // 7 + 1))
    week = np.arange(timeline.length) // 7
    level = np.clip(level + weekly[:, week], 0.02, 1.0)
    return Engagement(level, timeline.start + np.round(ramp_start).astype(np.int64),
                      np.round(ramp_days).astype(np.int64), timeline.start + champion_day)
