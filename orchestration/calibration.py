"""Weight proposal: fit component weights to churn outcomes, evaluate them on later dates.

SPEC 5. From the backtest observations (an account's subscores on an observation day, and
whether it churned within the horizon), fit non-negative weights that sum to 1 so that the
weighted score, reweighted over the components present exactly as the product does, best
predicts churn through a logistic link. Fit on the earlier observation dates and evaluate on
the later ones (a time split: nothing from the evaluation period is seen by the fit).
Per segment where the training period holds enough churn events, globally otherwise.

The result is a CSV in the format of seeds/scoring_weights.csv and an HTML report. Nothing
here changes the live configuration: applying a proposal is a deliberate copy into seeds/.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np

from orchestration.seeds import read_seed, scorecards
from orchestration.settings import project_var

COMPONENTS = ("usage", "adoption", "value", "lifecycle", "support", "commercial", "sentiment")


# --- maths ---------------------------------------------------------------------------------

def project_to_simplex(v: np.ndarray) -> np.ndarray:
    """The closest point to v with non-negative entries summing to 1 (Euclidean projection)."""
    u = np.sort(v)[::-1]
    cumulative = np.cumsum(u) - 1
    index = np.arange(1, len(v) + 1)
    rho = np.nonzero(u - cumulative / index > 0)[0][-1]
    return np.maximum(v - cumulative[rho] / (rho + 1), 0)


def weighted_score(weights: np.ndarray, subscores: np.ndarray) -> np.ndarray:
    """The health score from subscores (rows x components, NaN = missing), reweighted over the
    components present (SPEC 4.3). NaN where no weighted component is present."""
    present = ~np.isnan(subscores)
    values = np.where(present, subscores, 0.0)
    weight_present = present @ weights
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(weight_present > 0, (values @ weights) / weight_present, np.nan)


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


def fit_weights(
    subscores: np.ndarray, churned: np.ndarray, *, iterations: int = 3000, learning_rate: float = 0.02,
) -> np.ndarray:
    """Non-negative weights summing to 1 maximising the likelihood of
    P(churn) = sigmoid(a + b * (score - 50) / 25), score = weighted_score(weights, subscores).
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


# --- data ----------------------------------------------------------------------------------

@dataclass
class Observations:
    """Uncensored backtest observations, one row each."""

    account_id: np.ndarray
    date: np.ndarray
    segment: np.ndarray
    subscores: np.ndarray
    health_score: np.ndarray
    cap_score: np.ndarray
    churned: np.ndarray
    horizon_days: int

    def take(self, mask: np.ndarray) -> Observations:
        return Observations(self.account_id[mask], self.date[mask], self.segment[mask], self.subscores[mask],
                            self.health_score[mask], self.cap_score[mask], self.churned[mask], self.horizon_days)

    def __len__(self) -> int:
        return len(self.churned)


def load_observations(database: Path) -> Observations:
    """The uncensored rows of marts.health_backtest_observations."""
    columns = ", ".join(f"{c}_subscore" for c in COMPONENTS)
    with duckdb.connect(str(database), read_only=True) as con:
        rows = con.execute(
            f"""select account_id, observation_date, segment, health_score, cap_score, churned,
                       horizon_days, {columns}
                from marts.health_backtest_observations where not is_censored
                order by observation_date, account_id"""
        ).fetchall()
    if not rows:
        raise ValueError("the backtest has no uncensored observations: score a longer history "
                         "(at least the horizon before the last day of data)")
    return Observations(
        account_id=np.array([r[0] for r in rows]),
        date=np.array([r[1] for r in rows]),
        segment=np.array([r[2] for r in rows]),
        subscores=np.array([[np.nan if v is None else float(v) for v in r[7:]] for r in rows]),
        health_score=np.array([float(r[3]) for r in rows]),
        cap_score=np.array([np.nan if r[4] is None else float(r[4]) for r in rows]),
        churned=np.array([int(r[5]) for r in rows]),
        horizon_days=int(rows[0][6]),
    )


def read_weights(path: Path) -> dict[str, np.ndarray]:
    """Scorecards from a weights seed: segment -> weights in COMPONENTS order, each segment's
    rows overriding the default ones."""
    return {segment: np.array([weights.get(c, 0.0) for c in COMPONENTS])
            for segment, weights in scorecards(read_seed(path)).items()}


def read_bands(path: Path, scheme: str = "default") -> list[tuple[str, float, float]]:
    """(band, min_score, max_score) of a scheme, best band first."""
    rows = sorted((r for r in read_seed(path) if r["scheme"] == scheme), key=lambda r: int(r["band_rank"]))
    return [(r["band"], float(r["min_score"]), float(r["max_score"])) for r in rows]


def band_of(score: np.ndarray, bands: list[tuple[str, float, float]]) -> np.ndarray:
    """The band of each score: min_score <= score < max_score (100 belongs to the top band)."""
    rounded = np.round(score, 2)
    out = np.full(len(score), "", dtype=object)
    for name, low, high in bands:
        out[(rounded >= low) & ((rounded < high) | ((high == 100) & (rounded <= 100)))] = name
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


@dataclass
class Proposal:
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
    notes: list[str] = field(default_factory=list)


def band_rate(observations: int, churned: int, minimum: int | None = None) -> float | None:
    """A band's churn rate, or None when it holds fewer than `minimum` observations (default:
    the dbt var backtest_min_band_observations): too small to say anything, as in the backtest."""
    if minimum is None:
        minimum = int(project_var("backtest_min_band_observations", 30))
    return churned / observations if observations and observations >= minimum else None


def lift(score: np.ndarray, churned: np.ndarray) -> float:
    keep = ~np.isnan(score)
    score, churned = score[keep], churned[keep]
    if churned.sum() == 0:
        return float("nan")
    lowest = np.argsort(score, kind="mergesort")[: max(len(score) // 10, 1)]
    return float(churned[lowest].mean() / churned.mean())


def evaluate(score: np.ndarray, churned: np.ndarray, bands: list[tuple[str, float, float]]) -> Evaluation:
    labels = band_of(score, bands)
    by_band = {name: (int((labels == name).sum()), int(churned[labels == name].sum())) for name, _, _ in bands}
    return Evaluation(auc(score, churned), lift(score, churned), by_band, roc_curve(score, churned), score)


def score_for(obs: Observations, weights: dict[str, np.ndarray]) -> np.ndarray:
    """Each observation's score under per-segment weights, capped as the live score was."""
    score = np.full(len(obs), np.nan)
    for segment in np.unique(obs.segment):
        rows = obs.segment == segment
        score[rows] = weighted_score(weights.get(segment, weights["default"]), obs.subscores[rows])
    return np.where(np.isnan(obs.cap_score), score, np.minimum(score, obs.cap_score))


def propose(
    obs: Observations,
    current: dict[str, np.ndarray],
    bands: list[tuple[str, float, float]],
    *,
    train_share: float = 2 / 3,
    min_churned: int = 40,
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
    proposed = {"default": fit_weights(train.subscores, train.churned, iterations=iterations)}
    fitted = []
    for segment in sorted(np.unique(train.segment)):
        rows = train.segment == segment
        events = int(train.churned[rows].sum())
        if events >= min_churned:
            proposed[segment] = fit_weights(train.subscores[rows], train.churned[rows], iterations=iterations)
            fitted.append(segment)
        else:
            notes.append(f"segment {segment}: {events} churn events before {split_date} "
                         f"(fewer than {min_churned}): uses the global weights")
    component_auc = {c: auc(obs.subscores[:, i], obs.churned) for i, c in enumerate(COMPONENTS)}
    return Proposal(
        horizon_days=obs.horizon_days, split_date=split_date,
        train_rows=len(train), test_rows=len(test),
        train_churned=int(train.churned.sum()), test_churned=int(test.churned.sum()),
        current=current, proposed=proposed, fitted_segments=fitted,
        before=evaluate(test.health_score, test.churned, bands),
        after=evaluate(score_for(test, proposed), test.churned, bands),
        component_auc=component_auc, churned_test=test.churned, notes=notes,
    )


def write_weights_csv(proposal: Proposal, path: Path) -> None:
    """The proposal in seeds/scoring_weights.csv's format: default rows, then one full set of
    rows per segment fitted on its own. Rounded to 3 decimals, the largest absorbing the rest."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["segment", "component", "weight"])
        for segment in ["default", *proposal.fitted_segments]:
            rounded = np.round(proposal.proposed[segment], 3)
            rounded[np.argmax(rounded)] += round(1 - rounded.sum(), 3)
            for component, weight in zip(COMPONENTS, rounded, strict=True):
                out.writerow([segment, component, f"{weight:.3f}"])


@dataclass
class ProposalFiles:
    proposal: Proposal
    csv: Path
    html: Path


def propose_from_warehouse(
    database: Path, seeds: Path, out_dir: Path, *, band_scheme: str = "default",
    train_share: float = 2 / 3, min_churned: int = 40,
) -> ProposalFiles:
    """Load the backtest from `database`, fit, and write weights_proposed.csv and
    weight_proposal.html into out_dir. Never touches seeds/."""
    from orchestration.report import write_report

    obs = load_observations(database)
    proposal = propose(obs, read_weights(seeds / "scoring_weights.csv"),
                       read_bands(seeds / "score_bands.csv", band_scheme),
                       train_share=train_share, min_churned=min_churned)
    csv_path, html_path = out_dir / "weights_proposed.csv", out_dir / "weight_proposal.html"
    write_weights_csv(proposal, csv_path)
    write_report(proposal, html_path, source=str(database))
    return ProposalFiles(proposal, csv_path, html_path)
