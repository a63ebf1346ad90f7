"""The CSM's assessments on a per-segment cadence (weekdays only), following the relationship
health; some expire at an explicit date."""

from __future__ import annotations

import numpy as np

from orchestration.sample_data.analytics.behaviour import SENTIMENT_WORDS, AnalyticsBehaviour
from orchestration.sample_data.analytics.chunk import Chunk, Window
from orchestration.sample_data.analytics.health import HealthPaths
from orchestration.sample_data.writer import RawWriter, account_key, date, timestamp


def write_csm_assessments(
    writer: RawWriter, rng: np.random.Generator, chunk: Chunk, window: Window, health: HealthPaths,
    live: np.ndarray, behaviour: AnalyticsBehaviour,
) -> None:
    b = behaviour
    cadence = np.array(b.cadence_days)[chunk.segment]
    p_assess = np.where(live & chunk.has_csm[:, None] & window.weekday[None, :],
                        (b.cadence_factor / cadence)[:, None], 0.0)
    account, day = np.nonzero(rng.random(p_assess.shape) < p_assess)
    count = len(account)
    sentiment = np.clip(np.round(1 + 4 * health.relationship[account, day]
                                 + rng.normal(0, b.sentiment_noise, count)), 1, 5).astype(int)
    words = np.array(SENTIMENT_WORDS)[sentiment - 1]
    writer.append(
        "csm_assessments",
        {
            "a": chunk.accounts[account],
            "ts": (window.start + day) * 86400 + 16 * 3600,
            "sent": np.where(rng.random(count) < b.sentiment_word_share, words, sentiment.astype(str)),
            "vu": np.where(rng.random(count) < b.valid_until_share, window.start + day + b.valid_days, -1),
            "who": chunk.owner[account],
            "note": np.where(sentiment <= 2, "risk flagged in check-in",
                             np.where(sentiment >= 4, "positive QBR", "routine check-in")),
        },
        f"""select {account_key('a')}, {timestamp('ts')}, sent,
            case when vu >= 0 then {date('vu')} end, who, note from {{src}}""",
    )
