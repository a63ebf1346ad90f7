"""Fit the scoring configuration to churn outcomes: thresholds per metric, then weights.

From the backtest (marts.health_backtest_observations and health_backtest_metric_values: each
account's metric values and subscores on an observation day, and whether it churned within the
horizon), on the earlier observation dates only (a time split: the later dates are kept to judge):
1. thresholds: for every metric, the low/high that put its 0-100 scale where the data's own
   values are, chosen among quantiles of the metric's values so that the clamped score best
   separates accounts that churned from those that did not (a one-variable logistic fit);
   with too few churn events, the 10th-90th percentile of the values (the data's scale);
2. weights: non-negative component weights summing to 1 that make the score, reweighted over
   the components present exactly as the product does, best predict churn through a logistic
   link, on the subscores the proposed thresholds give.
Per segment where the fitting period holds enough churn events, for all segments otherwise.
The later dates then score the current configuration, the proposed thresholds alone and the
proposed thresholds with the proposed weights. Nothing here changes the live configuration:
orchestration/proposals.py writes the proposal as seed files for review.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np

from orchestration.quoting import literal
from orchestration.rescore import band_of, normalise, scores_for, subscores_from_metrics
from orchestration.scoring_config import ScoringConfig, Threshold, read_config
from orchestration.settings import project_var

# Candidate low / high edges, as quantiles of a metric's values (oriented so higher is better).
LOW_QUANTILES = (0.0, 0.02, 0.05, 0.1, 0.2, 0.3, 0.4)
HIGH_QUANTILES = (0.6, 0.7, 0.8, 0.9, 0.95, 0.98, 1.0)
DISTRIBUTION_QUANTILES = (0.1, 0.9)


# --- maths ---------------------------------------------------------------------------------

def project_to_simplex(v: np.ndarray) -> np.ndarray:
    """The closest point to v with non-negative entries summing to 1 (Euclidean projection)."""
    u = np.sort(v)[::-1]
    cumulative = np.cumsum(u) - 1
    index = np.arange(1, len(v) + 1)
    rho = np.nonzero(u - cumulative / index > 0)[0][-1]
    return np.maximum(v - cumulative[rho] / (rho + 1), 0)


def auc(score: np.ndarray, churned: np.ndarray) -> float:
    """ROC AUC of the score for staying (1 - churn): the chance that an account that stayed
    scored higher than one that churned, ties counting one half (Mann-Whitney U)."""
    keep = ~np.isnan(score)
    score, churned = score[keep], churned[keep].astype(bool)
    n_churned, n_stayed = churned.sum(), (~churned).sum()
    if n_churned == 0 or n_stayed == 0:
        return float("nan")
    order = np.argsort(score, kind="mergesort")
    ranks = np.empty(len(score))
    sorted_scores = score[order]
    # average ranks for ties
    boundaries = np.r_[0, np.nonzero(np.diff(sorted_scores))[0] + 1, len(score)]
    for start, end in zip(boundaries[:-1], boundaries[1:], strict=True):
        ranks[order[start:end]] = (start + 1 + end) / 2
    u = ranks[~churned].sum() - n_stayed * (n_stayed + 1) / 2
    return float(u / (n_stayed * n_churned))


def roc_curve(score: np.ndarray, churned: np.ndarray) -> list[tuple[float, float]]:
    """(false positive rate, true positive rate) flagging as risky every account at or below
    each threshold, lowest scores first."""
    keep = ~np.isnan(score)
    score, churned = score[keep], churned[keep].astype(bool)
    points = [(0.0, 0.0)]
    n_churned, n_stayed = max(churned.sum(), 1), max((~churned).sum(), 1)
    for threshold in np.unique(score):
        flagged = score <= threshold
        points.append((float((flagged & ~churned).sum() / n_stayed), float((flagged & churned).sum() / n_churned)))
    return points


def lift(score: np.ndarray, churned: np.ndarray) -> float:
    """Churn rate among the lowest-scoring tenth / churn rate overall."""
    keep = ~np.isnan(score)
    score, churned = score[keep], churned[keep]
    if churned.sum() == 0:
        return float("nan")
    lowest = np.argsort(score, kind="mergesort")[: max(len(score) // 10, 1)]
    return float(churned[lowest].mean() / churned.mean())


def fit_weights(
    subscores: np.ndarray, churned: np.ndarray, *, iterations: int = 3000, learning_rate: float = 0.02,
) -> np.ndarray:
    """Non-negative weights summing to 1 maximising the likelihood of
    P(churn) = sigmoid(a + b * (score - 50) / 25), score = the reweighted weighted score.
    Adam steps on (weights, a, b), the weights projected back onto the simplex after each."""
    y = churned.astype(float)
    present = ~np.isnan(subscores)
    values = np.where(present, subscores, 0.0)
    k = subscores.shape[1]
    weights = np.full(k, 1.0 / k)
    mean = min(max(y.mean(), 1e-4), 1 - 1e-4)
    a, b = math.log(mean / (1 - mean)), -1.0
    params = np.r_[weights, a, b]
    m1, m2 = np.zeros_like(params), np.zeros_like(params)
    for step in range(1, iterations + 1):
        weights, a, b = params[:k], params[k], params[k + 1]
        weight_present = np.maximum(present @ weights, 1e-9)
        score = (values @ weights) / weight_present
        z = (score - 50) / 25
        p = 1 / (1 + np.exp(-(a + b * z)))
        residual = p - y
        # d score / d w_k = present_k * (value_k - score) / weight_present
        d_score = present * (values - score[:, None]) / weight_present[:, None]
        grad_w = (residual * b / 25) @ d_score / len(y)
        grad = np.r_[grad_w, residual.mean(), (residual * z).mean()]
        m1 = 0.9 * m1 + 0.1 * grad
        m2 = 0.999 * m2 + 0.001 * grad**2
        params = params - learning_rate * (m1 / (1 - 0.9**step)) / (np.sqrt(m2 / (1 - 0.999**step)) + 1e-8)
        params[:k] = project_to_simplex(params[:k])
    return params[:k]


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1 + np.tanh(z / 2))  # 1 / (1 + e^-z) without overflow


def logistic_fit(x: np.ndarray, y: np.ndarray, iterations: int = 25) -> tuple[float, float, float]:
    """(log-likelihood, intercept, slope) of P(y) = sigmoid(a + b x), by Newton steps (a tiny
    ridge keeps separable data finite)."""
    design = np.c_[np.ones(len(x)), x]
    beta = np.zeros(2)
    mean = min(max(y.mean(), 1e-6), 1 - 1e-6)
    beta[0] = math.log(mean / (1 - mean))
    for _ in range(iterations):
        p = _sigmoid(design @ beta)
        gradient = design.T @ (y - p) - 1e-6 * beta
        hessian = design.T @ (design * (p * (1 - p))[:, None]) + 1e-6 * np.eye(2)
        step = np.linalg.solve(hessian, gradient)
        beta = beta + step
        if np.abs(step).max() < 1e-9:
            break
    p = np.clip(_sigmoid(design @ beta), 1e-12, 1 - 1e-12)
    return float((y * np.log(p) + (1 - y) * np.log(1 - p)).sum()), float(beta[0]), float(beta[1])


# --- observations --------------------------------------------------------------------------

@dataclass
class Observations:
    """Uncensored backtest observations, one row each, with every metric's value."""

    account_id: np.ndarray
    date: np.ndarray
    segment: np.ndarray
    scorecard: np.ndarray
    subscores: np.ndarray  # rows x components
    metric_values: np.ndarray  # rows x metrics (NaN = no data)
    health_score: np.ndarray
    health_score_uncapped: np.ndarray
    cap_score: np.ndarray
    churned: np.ndarray
    horizon_days: int

    def take(self, mask: np.ndarray) -> Observations:
        return Observations(
            self.account_id[mask], self.date[mask], self.segment[mask], self.scorecard[mask],
            self.subscores[mask], self.metric_values[mask], self.health_score[mask],
            self.health_score_uncapped[mask], self.cap_score[mask], self.churned[mask], self.horizon_days)

    def __len__(self) -> int:
        return len(self.churned)


def load_observations(database: Path, config: ScoringConfig, *, censored: bool = False) -> Observations:
    """The uncensored rows of marts.health_backtest_observations (all rows with censored=True),
    with their metric values from marts.health_backtest_metric_values."""
    subscores = ", ".join(f"o.{c}_subscore" for c in config.components)
    pivot = ", ".join(f"max(case when v.metric = {literal(m.name)} then v.metric_value end)" for m in config.metrics)
    where = "" if censored else "where not o.is_censored"
    with duckdb.connect(str(database), read_only=True) as con:
        rows = con.execute(
            f"""with metrics as (
                    select v.account_id, v.observation_date, max(v.scorecard) as scorecard, {pivot}
                    from marts.health_backtest_metric_values as v
                    group by v.account_id, v.observation_date
                )
                select o.account_id, o.observation_date, o.segment, coalesce(m.scorecard, 'default'),
                       o.health_score, o.health_score_uncapped, o.cap_score, o.churned, o.horizon_days,
                       {subscores}, m.* exclude (account_id, observation_date, scorecard)
                from marts.health_backtest_observations as o
                left join metrics as m using (account_id, observation_date)
                {where}
                order by o.observation_date, o.account_id"""
        ).fetchall()
    if not rows:
        raise ValueError("the backtest has no uncensored observations: score a longer history "
                         "(at least the horizon before the last day of data)")
    k = len(config.components)

    def floats(values) -> np.ndarray:
        return np.array([np.nan if v is None else float(v) for v in values], dtype=float)

    columns = list(zip(*rows, strict=True))
    return Observations(
        account_id=np.array(columns[0]), date=np.array(columns[1]), segment=np.array(columns[2]),
        scorecard=np.array(columns[3]),
        subscores=np.column_stack([floats(c) for c in columns[9:9 + k]]),
        metric_values=np.column_stack([floats(c) for c in columns[9 + k:]]),
        health_score=floats(columns[4]), health_score_uncapped=floats(columns[5]), cap_score=floats(columns[6]),
        churned=np.array(columns[7], dtype=int), horizon_days=int(columns[8][0]),
    )


# --- thresholds ----------------------------------------------------------------------------

@dataclass(frozen=True)
class ThresholdChoice:
    """The proposed low/high of one metric for one scorecard, and why."""

    scorecard: str
    metric: str
    low: float
    high: float
    method: str  # fitted | distribution | kept
    reason: str


def choose_threshold(values: np.ndarray, churned: np.ndarray, higher_is_better: bool, *,
                     min_churned: int = 20) -> tuple[float, float, str, str] | None:
    """(low, high, method, reason) for one metric, or None when its values cannot be scaled
    (fewer than two distinct values). Values are oriented so that higher is better, the
    candidates are quantile pairs of them, and the pair whose clamped 0-100 score gives the
    best one-variable logistic fit of churn (with churn falling as the score rises) wins."""
    keep = ~np.isnan(values)
    values, churned = values[keep], churned[keep].astype(float)
    if len(values) < 10 or len(np.unique(values)) < 2:
        return None
    oriented = values if higher_is_better else -values

    def unorient(low: float, high: float) -> tuple[float, float]:
        return (low, high) if higher_is_better else (-low, -high)

    events = int(churned.sum())
    if min_churned <= events < len(churned):
        best = None
        for q_low in LOW_QUANTILES:
            for q_high in HIGH_QUANTILES:
                low, high = np.quantile(oriented, [q_low, q_high])
                if high <= low:
                    continue
                fit, _, slope = logistic_fit(normalise(oriented, low, high) / 100, churned)
                if slope < 0 and (best is None or fit > best[0] + 1e-9):
                    best = (fit, float(low), float(high), q_low, q_high)
        if best is not None:
            _, low, high, q_low, q_high = best
            return (*unorient(low, high), "fitted",
                    f"quantiles {q_low:.0%}-{q_high:.0%} of {len(values):,} values separate {events} churn events best")
        reason = f"churn does not fall as it rises ({events} churn events): the data's 10th-90th percentile"
    else:
        reason = f"{events} churn events (fewer than {min_churned}): the data's 10th-90th percentile"
    low, high = np.quantile(oriented, DISTRIBUTION_QUANTILES)
    if high <= low:
        low, high = float(oriented.min()), float(oriented.max())
    return (*unorient(float(low), float(high)), "distribution", reason)


def propose_thresholds(
    obs: Observations, config: ScoringConfig, *, segments: list[str], min_churned: int = 20,
) -> list[ThresholdChoice]:
    """A low/high per metric for the default scorecard (from every observation) and for each of
    `segments` (from its own rows). Metrics whose values cannot be scaled keep their thresholds."""
    choices = []
    for scorecard, rows in [("default", np.ones(len(obs), bool)),
                            *((segment, obs.segment == segment) for segment in segments)]:
        current = config.thresholds.get(scorecard, config.thresholds["default"])
        for j, metric in enumerate(config.metrics):
            choice = choose_threshold(obs.metric_values[rows, j], obs.churned[rows], metric.higher_is_better,
                                      min_churned=min_churned)
            if choice is None:
                t = current[metric.name]
                choices.append(ThresholdChoice(scorecard, metric.name, t.low, t.high, "kept",
                                               "fewer than two distinct values: current thresholds kept"))
            else:
                choices.append(ThresholdChoice(scorecard, metric.name, *choice))
    return choices


def thresholds_from(choices: list[ThresholdChoice], config: ScoringConfig) -> dict[str, dict[str, Threshold]]:
    """Resolved thresholds per scorecard from proposed choices: a segment's choices over the
    default ones, metric weights as configured."""
    default_weights = {m: t.weight for m, t in config.thresholds["default"].items()}
    default = {c.metric: Threshold(c.low, c.high, default_weights[c.metric])
               for c in choices if c.scorecard == "default"}
    out = {"default": default}
    for c in choices:
        if c.scorecard != "default":
            weight = config.thresholds.get(c.scorecard, {}).get(c.metric, default[c.metric]).weight
            out.setdefault(c.scorecard, dict(default))[c.metric] = Threshold(c.low, c.high, weight)
    return out


# --- the proposal --------------------------------------------------------------------------

@dataclass
class Evaluation:
    """How a score does on a set of observations."""

    auc: float
    top_decile_lift: float
    churn_by_band: dict[str, tuple[int, int]]  # band -> (observations, churned)
    roc: list[tuple[float, float]]
    score: np.ndarray


def evaluate(score: np.ndarray, churned: np.ndarray, bands: list[tuple[str, float, float]]) -> Evaluation:
    labels = band_of(score, bands)
    by_band = {name: (int((labels == name).sum()), int(churned[labels == name].sum())) for name, _, _ in bands}
    return Evaluation(auc(score, churned), lift(score, churned), by_band, roc_curve(score, churned), score)


@dataclass
class Proposal:
    components: tuple[str, ...]
    horizon_days: int
    split_date: dt.date
    train_rows: int
    test_rows: int
    train_churned: int
    test_churned: int
    current: dict[str, np.ndarray]
    proposed: dict[str, np.ndarray]
    fitted_segments: list[str]
    before: Evaluation
    after: Evaluation
    component_auc: dict[str, float]
    churned_test: np.ndarray
    thresholds: list[ThresholdChoice] = field(default_factory=list)
    thresholds_only: Evaluation | None = None
    threshold_segments: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def band_rate(observations: int, churned: int, minimum: int | None = None) -> float | None:
    """A band's churn rate, or None when it holds fewer than `minimum` observations (default:
    the dbt var backtest_min_band_observations): too small to say anything, as in the backtest."""
    if minimum is None:
        minimum = int(project_var("backtest_min_band_observations", 30))
    return churned / observations if observations and observations >= minimum else None


def _capped(score: np.ndarray, cap_score: np.ndarray) -> np.ndarray:
    return np.where(np.isnan(cap_score), score, np.minimum(score, cap_score))


def _scorecards(obs: Observations, overriding: set[str]) -> np.ndarray:
    """Each observation's scorecard when the segments in `overriding` have their own rows."""
    return np.array([s if s in overriding else "default" for s in obs.segment])


def propose(
    obs: Observations,
    config: ScoringConfig,
    *,
    train_share: float = 2 / 3,
    min_churned: int = 40,
    fit_thresholds: bool = True,
    threshold_min_churned: int = 20,
    iterations: int = 3000,
) -> Proposal:
    """Fit on the earliest train_share of observation dates, evaluate on the rest."""
    dates = np.unique(obs.date)
    if len(dates) < 2:
        raise ValueError("the backtest needs at least two observation dates to split in time")
    split_index = min(max(int(round(len(dates) * train_share)), 1), len(dates) - 1)
    split_date = dates[split_index]
    train, test = obs.take(obs.date < split_date), obs.take(obs.date >= split_date)
    notes = []
    if train.churned.sum() < 5:
        raise ValueError(f"only {int(train.churned.sum())} churn events before {split_date}: too few to fit")
    segments = sorted(np.unique(train.segment))
    rich = [s for s in segments if int(train.churned[train.segment == s].sum()) >= min_churned]
    for segment in segments:
        if segment not in rich:
            notes.append(f"segment {segment}: {int(train.churned[train.segment == segment].sum())} churn events "
                         f"before {split_date} (fewer than {min_churned}): uses the all-segment fit")
    bands = config.scheme_bands

    choices: list[ThresholdChoice] = []
    thresholds = None
    train_sub, test_sub = train.subscores, test.subscores
    overriding = set(config.weights) - {"default"}
    if fit_thresholds:
        choices = propose_thresholds(train, config, segments=rich, min_churned=threshold_min_churned)
        thresholds = thresholds_from(choices, config)
        overriding = overriding | set(thresholds) - {"default"}
        train_sub = subscores_from_metrics(config, train.metric_values, _scorecards(train, set(thresholds)), thresholds)
        test_sub = subscores_from_metrics(config, test.metric_values, _scorecards(test, set(thresholds)), thresholds)

    proposed = {"default": fit_weights(train_sub, train.churned, iterations=iterations)}
    for segment in rich:
        rows = train.segment == segment
        proposed[segment] = fit_weights(train_sub[rows], train.churned[rows], iterations=iterations)

    thresholds_only = None
    if thresholds is not None:
        uncapped = scores_for(config, test_sub, _scorecards(test, overriding))
        thresholds_only = evaluate(_capped(uncapped, test.cap_score), test.churned, bands)
    after = scores_for(config, test_sub, _scorecards(test, set(proposed) | set(thresholds or {})), proposed)
    component_auc = {c: auc(obs.subscores[:, i], obs.churned) for i, c in enumerate(config.components)}
    return Proposal(
        components=config.components, horizon_days=obs.horizon_days, split_date=split_date,
        train_rows=len(train), test_rows=len(test),
        train_churned=int(train.churned.sum()), test_churned=int(test.churned.sum()),
        current=config.weights, proposed=proposed, fitted_segments=rich,
        before=evaluate(test.health_score, test.churned, bands),
        after=evaluate(_capped(after, test.cap_score), test.churned, bands),
        component_auc=component_auc, churned_test=test.churned, thresholds=choices,
        thresholds_only=thresholds_only, threshold_segments=rich if fit_thresholds else [], notes=notes,
    )


def propose_from_database(database: Path, **options) -> tuple[Proposal, ScoringConfig]:
    """Read the resolved configuration and the backtest of `database`, and fit."""
    config = read_config(database)
    return propose(load_observations(database, config), config, **options), config
