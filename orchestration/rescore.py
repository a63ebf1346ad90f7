"""Re-score in Python what dbt scored, under other thresholds or weights (the proposals).

The formulas are the ones the dbt models apply; tests/test_calibration.py proves the parity:
with the configuration the warehouse used, re-scoring the backtest observations gives the
fact's uncapped score.
- a metric's score: clamp((value - low) / (high - low), 0, 1) x 100 (null value: no score);
- a component's subscore: the metric-weighted mean of its metrics' scores that are present;
- the health score: sum(weight x subscore) / sum(weight of the components present).
Arrays hold one row per observation; NaN stands for null.
"""

from __future__ import annotations

import numpy as np

from orchestration.scoring_config import Band, ScoringConfig, Threshold


def normalise(values: np.ndarray, low: np.ndarray | float, high: np.ndarray | float) -> np.ndarray:
    """0-100 score of each value (NaN when the value is missing or low = high)."""
    low, high = np.asarray(low, dtype=float), np.asarray(high, dtype=float)
    span = np.where(high == low, np.nan, high - low)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.clip((values - low) / span, 0, 1) * 100


def weighted_score(weights: np.ndarray, subscores: np.ndarray) -> np.ndarray:
    """The health score from subscores (rows x components, NaN = missing) and weights (one row
    of weights, or one row per observation), reweighted over the components present. NaN where
    no weighted component is present."""
    present = ~np.isnan(subscores)
    values = np.where(present, subscores, 0.0)
    weights = np.broadcast_to(weights, subscores.shape)
    weight_present = (present * weights).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(weight_present > 0, (values * weights).sum(axis=1) / weight_present, np.nan)


def threshold_arrays(
    thresholds: dict[str, dict[str, Threshold]], scorecards: np.ndarray, metrics: list[str],
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(low, high, metric weight), each rows x metrics, for each observation's scorecard."""
    shape = (len(scorecards), len(metrics))
    low, high, weight = np.full(shape, np.nan), np.full(shape, np.nan), np.full(shape, np.nan)
    for scorecard in np.unique(scorecards):
        rows = scorecards == scorecard
        card = thresholds.get(scorecard, thresholds["default"])
        for j, metric in enumerate(metrics):
            t = card.get(metric) or thresholds["default"][metric]
            low[rows, j], high[rows, j], weight[rows, j] = t.low, t.high, t.weight
    return low, high, weight


def subscores_from_metrics(
    config: ScoringConfig, values: np.ndarray, scorecards: np.ndarray,
    thresholds: dict[str, dict[str, Threshold]] | None = None,
) -> np.ndarray:
    """Component subscores (rows x components) from metric values (rows x config.metrics)."""
    names = [m.name for m in config.metrics]
    low, high, weight = threshold_arrays(thresholds or config.thresholds, scorecards, names)
    scores = normalise(values, low, high)
    out = np.full((len(values), len(config.components)), np.nan)
    for c, component in enumerate(config.components):
        columns = [j for j, m in enumerate(config.metrics) if m.component == component]
        s, w = scores[:, columns], weight[:, columns]
        present = ~np.isnan(s)
        w_present = np.where(present, w, 0.0).sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            out[:, c] = np.where(w_present > 0, np.where(present, s * w, 0.0).sum(axis=1) / w_present, np.nan)
    return out


def scores_for(config: ScoringConfig, subscores: np.ndarray, scorecards: np.ndarray,
               weights: dict[str, np.ndarray] | None = None) -> np.ndarray:
    """Each observation's uncapped health score under per-scorecard weights."""
    weights = weights or config.weights
    per_row = np.array([weights.get(s, weights["default"]) for s in scorecards]).reshape(len(scorecards), -1)
    return weighted_score(per_row, subscores)


def band_of(score: np.ndarray, bands: tuple[Band, ...] | list[tuple[str, float, float]]) -> np.ndarray:
    """The band of each score, as fct_account_health_daily assigns it (macro band_condition):
    min_score <= score < max_score on the score rounded to 2 decimals; the top band also holds
    its upper edge (100)."""
    edges = [(b.name, b.min_score, b.max_score) if isinstance(b, Band) else b for b in bands]
    rounded = np.round(score, 2)
    out = np.full(len(score), "", dtype=object)
    for name, low, high in edges:
        out[(rounded >= low) & ((rounded < high) | ((high >= 100) & (rounded <= high)))] = name
    return out
