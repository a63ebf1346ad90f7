"""What applying a calibration proposal would change, in plain words.

Three things a reviewer asks before copying a proposal into seeds/:
- how many accounts would move band on the latest scored day (and which way): the latest day's
  metric values (intermediate.int_health__metric_daily) re-scored under the current and under
  the proposed configuration (orchestration/rescore.py), with each account's binding cap kept;
- which component weights move most, per scorecard;
- which metric thresholds move most, measured in the current scale's width (a low moving by
  half the current high - low is a shift of 0.5).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np

from orchestration.calibration import Proposal, thresholds_from
from orchestration.catalog import tables_in
from orchestration.rescore import band_of, scores_for, subscores_from_metrics
from orchestration.scoring_config import ScoringConfig, Threshold

METRIC_HISTORY = "int_health__metric_daily"
INSUFFICIENT = "insufficient_data"


@dataclass
class LatestDay:
    """Every account scored on the latest day: its metric values (config.metrics order), its
    segment and scorecard, its binding cap and the band the fact gave it."""

    score_date: str
    account_id: np.ndarray
    segment: np.ndarray
    scorecard: np.ndarray
    metric_values: np.ndarray
    cap_score: np.ndarray
    band: np.ndarray

    def __len__(self) -> int:
        return len(self.account_id)


def load_latest_day(database: Path, config: ScoringConfig) -> LatestDay | None:
    """The latest scored day of `database`, or None when it has no metric history (a
    publication holds the marts only)."""
    with duckdb.connect(str(database), read_only=True) as con:
        if METRIC_HISTORY not in tables_in(con, "intermediate") or "fct_account_health_daily" not in tables_in(
                con, "marts"):
            return None
        columns = ", ".join(f"m.{metric.name}" for metric in config.metrics)
        rows = con.execute(
            f"""with latest as (select max(score_date) as score_date from marts.fct_account_health_daily)
                select cast(f.score_date as varchar), f.account_id, f.segment, m.scorecard, f.cap_score, f.band,
                       {columns}
                from marts.fct_account_health_daily as f
                inner join latest using (score_date)
                inner join intermediate.{METRIC_HISTORY} as m
                    on f.account_id = m.account_id and f.score_date = m.score_date
                order by f.account_id"""
        ).fetchall()
    if not rows:
        return None
    cols = list(zip(*rows, strict=True))

    def floats(values) -> np.ndarray:
        return np.array([np.nan if v is None else float(v) for v in values], dtype=float)

    return LatestDay(
        score_date=cols[0][0], account_id=np.array(cols[1]), segment=np.array(cols[2]),
        scorecard=np.array(cols[3]), cap_score=floats(cols[4]), band=np.array(cols[5], dtype=object),
        metric_values=np.column_stack([floats(c) for c in cols[6:]]),
    )


def _capped_bands(config: ScoringConfig, uncapped: np.ndarray, cap_score: np.ndarray) -> np.ndarray:
    score = np.where(np.isnan(cap_score), uncapped, np.minimum(uncapped, cap_score))
    return band_of(score, config.bands)


def _cards(segments: np.ndarray, own: set[str]) -> np.ndarray:
    return np.array([s if s in own else "default" for s in segments])


def rescored_bands(proposal: Proposal, config: ScoringConfig, day: LatestDay) -> tuple[np.ndarray, np.ndarray]:
    """(current, proposed) band of each account of `day`, both re-scored in Python the way the
    proposal is evaluated: the proposed thresholds (when fitted) and weights, scorecards as the
    proposal files would define them, caps kept."""
    current_sub = subscores_from_metrics(config, day.metric_values, day.scorecard)
    current = _capped_bands(config, scores_for(config, current_sub, day.scorecard), day.cap_score)
    thresholds: dict[str, dict[str, Threshold]] = (
        thresholds_from(proposal.thresholds, config) if proposal.thresholds else config.thresholds)
    if proposal.thresholds:
        proposed_sub = subscores_from_metrics(config, day.metric_values, _cards(day.segment, set(thresholds)),
                                              thresholds)
    else:
        proposed_sub = current_sub
    weight_cards = _cards(day.segment, set(proposal.proposed) | (set(thresholds) if proposal.thresholds else set()))
    proposed = _capped_bands(config, scores_for(config, proposed_sub, weight_cards, proposal.proposed), day.cap_score)
    return current, proposed


@dataclass
class BandMoves:
    score_date: str
    accounts: int  # accounts with a band (insufficient_data left out)
    moves: Counter = field(default_factory=Counter)  # (from, to) -> accounts
    better: int = 0
    worse: int = 0
    insufficient: int = 0

    @property
    def moved(self) -> int:
        return self.better + self.worse


def band_moves(proposal: Proposal, config: ScoringConfig, day: LatestDay) -> BandMoves:
    """How many accounts of the latest day would change band under the proposal. Accounts the
    fact marks insufficient_data (too little weight with data) are counted apart, not moved."""
    current, proposed = rescored_bands(proposal, config, day)
    rank = {b.name: b.rank for b in config.bands}
    scored = day.band != INSUFFICIENT
    out = BandMoves(day.score_date, int(scored.sum()), insufficient=int((~scored).sum()))
    for before, after in zip(current[scored], proposed[scored], strict=True):
        if before != after:
            out.moves[(before, after)] += 1
            if rank[after] < rank[before]:
                out.better += 1
            else:
                out.worse += 1
    return out


@dataclass(frozen=True)
class WeightChange:
    scorecard: str
    component: str
    current: float
    proposed: float

    @property
    def delta(self) -> float:
        return self.proposed - self.current


def weight_changes(proposal: Proposal) -> list[WeightChange]:
    """Every proposed weight against the weight that scorecard uses now (a segment without its
    own current weights inherits the default ones), largest move first."""
    out = []
    for scorecard, proposed in proposal.proposed.items():
        current = proposal.current.get(scorecard, proposal.current["default"])
        out += [WeightChange(scorecard, c, float(current[i]), float(proposed[i]))
                for i, c in enumerate(proposal.components)]
    return sorted(out, key=lambda w: (-abs(w.delta), w.scorecard, w.component))


@dataclass(frozen=True)
class ThresholdChange:
    scorecard: str
    metric: str
    component: str
    current_low: float
    current_high: float
    proposed_low: float
    proposed_high: float

    @property
    def shift(self) -> float:
        """The larger move of low and high, in widths of the current scale."""
        width = abs(self.current_high - self.current_low) or 1.0
        return max(abs(self.proposed_low - self.current_low), abs(self.proposed_high - self.current_high)) / width


def threshold_changes(proposal: Proposal, config: ScoringConfig) -> list[ThresholdChange]:
    """Every proposed low/high against the current one of that scorecard, largest shift first."""
    out = []
    for choice in proposal.thresholds:
        card = config.thresholds.get(choice.scorecard, config.thresholds["default"])
        current = card.get(choice.metric) or config.thresholds["default"][choice.metric]
        out.append(ThresholdChange(choice.scorecard, choice.metric, config.metric(choice.metric).component,
                                   current.low, current.high, choice.low, choice.high))
    return sorted(out, key=lambda t: (-t.shift, t.scorecard, t.metric))


@dataclass
class Impact:
    """What applying the proposal would change."""

    band_moves: BandMoves | None
    weights: list[WeightChange]
    thresholds: list[ThresholdChange]
    why_no_band_moves: str = ""

    def sentences(self, top: int = 3) -> list[str]:
        """The plain-language summary, one sentence a line."""
        out = []
        moves = self.band_moves
        if moves is None:
            out.append(f"Band moves on the latest day were not computed: {self.why_no_band_moves}.")
        elif moves.moved == 0:
            out.append(f"On {moves.score_date}, the latest scored day, no account of {moves.accounts:,} would "
                       "change band.")
        else:
            detail = ", ".join(f"{n} {a} to {b}" for (a, b), n in moves.moves.most_common())
            out.append(f"On {moves.score_date}, the latest scored day, {moves.moved:,} of {moves.accounts:,} "
                       f"accounts ({moves.moved / moves.accounts:.0%}) would change band: {moves.better:,} to a "
                       f"better one, {moves.worse:,} to a worse one ({detail}).")
        if self.weights:
            moved = [w for w in self.weights[:top] if abs(w.delta) >= 0.0005]
            if moved:
                out.append("The weights that move most: " + "; ".join(
                    f"{w.component} ({w.scorecard}) {w.current:.3f} to {w.proposed:.3f} ({w.delta:+.3f})"
                    for w in moved) + ".")
            else:
                out.append("No weight moves by 0.001 or more.")
        if self.thresholds:
            moved = _distinct_metrics([t for t in self.thresholds if t.shift > 1e-9])[:top]
            if moved:
                out.append("The thresholds that move most: " + "; ".join(_threshold_move(t) for t in moved) + ".")
            else:
                out.append("No threshold moves.")
        return out


def _number(value: float) -> str:
    return f"{value + 0.0:.4g}"  # + 0.0: never "-0"


def _threshold_move(t: ThresholdChange) -> str:
    parts = [f"{edge} {_number(now)} to {_number(new)}"
             for edge, now, new in (("low", t.current_low, t.proposed_low), ("high", t.current_high, t.proposed_high))
             if not np.isclose(now, new)]
    return f"{t.metric} ({t.component}, {t.scorecard}) " + ", ".join(parts)


def _distinct_metrics(changes: list[ThresholdChange]) -> list[ThresholdChange]:
    """The largest change of each metric (a segment's row often repeats the default's move)."""
    seen: set[str] = set()
    out = []
    for change in changes:
        if change.metric not in seen:
            seen.add(change.metric)
            out.append(change)
    return out


def proposal_impact(proposal: Proposal, config: ScoringConfig, databases: list[Path]) -> Impact:
    """The impact of `proposal`, the latest day read from the first of `databases` that holds
    the metric history."""
    day = None
    for database in databases:
        if Path(database).exists():
            day = load_latest_day(Path(database), config)
            if day is not None:
                break
    why = "" if day else (f"none of {', '.join(Path(d).name for d in databases)} holds the metric history "
                          f"(intermediate.{METRIC_HISTORY}; a publication holds the marts only)")
    return Impact(band_moves(proposal, config, day) if day else None, weight_changes(proposal),
                  threshold_changes(proposal, config), why)
