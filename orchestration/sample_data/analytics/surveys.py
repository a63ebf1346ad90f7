"""Survey answers (mostly NPS, some CSAT) that follow the relationship health, more answers
from larger accounts."""

from __future__ import annotations

import numpy as np

from orchestration.sample_data.analytics.behaviour import AnalyticsBehaviour
from orchestration.sample_data.analytics.chunk import Chunk, Window
from orchestration.sample_data.analytics.health import HealthPaths
from orchestration.sample_data.analytics.users import Users
from orchestration.sample_data.writer import RawWriter, account_key, timestamp, user_key


def write_survey_responses(
    writer: RawWriter, rng: np.random.Generator, chunk: Chunk, window: Window, health: HealthPaths,
    users: Users, live: np.ndarray, first_id: int, behaviour: AnalyticsBehaviour,
) -> int:
    """Write the chunk's answers with ids from `first_id`; returns how many."""
    b = behaviour
    answers = np.minimum(1 + users.per_account // b.users_per_extra_answer, b.max_answers_per_90_days)
    p_answer = np.where(live & chunk.has_surveys[:, None], (answers / 90.0)[:, None], 0.0)
    account, day = np.nonzero(rng.random(p_answer.shape) < p_answer)
    count = len(account)
    is_csat = rng.random(count) < b.csat_survey_share
    relationship = health.relationship[account, day]
    nps = np.clip(np.round(10 * relationship + rng.normal(0, b.nps_noise, count) - 0.5), 0, 10)
    csat = np.clip(np.round(1 + 4 * relationship + rng.normal(0, b.survey_csat_noise, count)), 1, 5)
    writer.append(
        "survey_responses",
        {
            "id": np.arange(first_id, first_id + count),
            "a": chunk.accounts[account],
            "u": (rng.random(count) * users.per_account[account]).astype(int),
            "ts": (window.start + day) * 86400 + rng.integers(0, 86400, count),
            "ty": np.where(is_csat, "csat", "nps"),
            "score": np.where(is_csat, csat, nps),
        },
        f"""select 'R' || cast(id as varchar), {account_key('a')}, {user_key('a', 'u')},
            {timestamp('ts')}, ty, score from {{src}}""",
    )
    return count
