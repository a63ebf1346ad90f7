"""Calibration proposals as files to review, and the one command that applies a reviewed one.

`account-health propose` (and the weight_proposal asset on every run) fits thresholds and
weights to churn (orchestration/calibration.py) and writes, into the reports folder:
    thresholds_proposed.csv   in seeds/metric_thresholds.csv's format
    weights_proposed.csv      in seeds/scoring_weights.csv's format
    weight_proposal.html      the report: churn by band, ROC, before and after
`account-health profile` writes event_catalog_proposed.csv there too. Nothing is applied
silently: `account-health apply-proposal` copies the reviewed files into seeds/ (keeping the
previous seeds beside them), and the next run scores with them under a new configuration version.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from orchestration.calibration import Proposal, ThresholdChoice, propose_from_database
from orchestration.proposal_impact import Impact, proposal_impact
from orchestration.report import display_path, write_report
from orchestration.scoring_config import ScoringConfig

# proposal file -> the seed it replaces
PROPOSAL_FILES = {
    "event_catalog_proposed.csv": "event_catalog.csv",
    "thresholds_proposed.csv": "metric_thresholds.csv",
    "weights_proposed.csv": "scoring_weights.csv",
}


def _number(value: float) -> str:
    return f"{value + 0.0:.6g}"  # + 0.0: never "-0"


def write_weights_csv(proposal: Proposal, path: Path) -> None:
    """The proposed weights in seeds/scoring_weights.csv's format: default rows, then one full
    set of rows per segment fitted on its own. Rounded to 3 decimals, the largest absorbing the
    rest, so each scorecard sums to exactly 1."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["segment", "component", "weight"])
        for segment in ["default", *proposal.fitted_segments]:
            rounded = np.round(proposal.proposed[segment], 3)
            rounded[np.argmax(rounded)] += round(1 - rounded.sum(), 3)
            for component, weight in zip(proposal.components, rounded, strict=True):
                out.writerow([segment, component, f"{weight:.3f}"])


def write_thresholds_csv(choices: list[ThresholdChoice], config: ScoringConfig, path: Path) -> None:
    """The proposed thresholds in seeds/metric_thresholds.csv's format: a default row per
    metric (with its current weight within the component), then the rows of each segment fitted
    on its own (weight left empty: inherited)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["metric", "segment", "low", "high", "weight"])
        for c in choices:
            weight = _number(config.thresholds["default"][c.metric].weight) if c.scorecard == "default" else ""
            out.writerow([c.metric, c.scorecard, _number(c.low), _number(c.high), weight])


@dataclass
class ProposalFiles:
    proposal: Proposal
    config: ScoringConfig
    weights_csv: Path
    thresholds_csv: Path | None
    html: Path
    impact: Impact

    @property
    def csv(self) -> Path:
        return self.weights_csv


def propose_from_warehouse(
    database: Path, out_dir: Path, *, train_share: float = 2 / 3, min_churned: int = 40,
    fit_thresholds: bool = True, source_label: str | None = None, latest_day_from: list[Path] | None = None,
) -> ProposalFiles:
    """Fit on the backtest of `database` and write the proposal files into out_dir. Never
    touches seeds/. The report says what applying it would change: the band moves of the latest
    scored day come from the first of `latest_day_from` (default: `database`) that holds the
    metric history (the working warehouse does; a publication does not)."""
    proposal, config = propose_from_database(database, train_share=train_share, min_churned=min_churned,
                                             fit_thresholds=fit_thresholds)
    out_dir.mkdir(parents=True, exist_ok=True)
    weights_path, html_path = out_dir / "weights_proposed.csv", out_dir / "weight_proposal.html"
    thresholds_path = out_dir / "thresholds_proposed.csv" if fit_thresholds else None
    write_weights_csv(proposal, weights_path)
    if thresholds_path:
        write_thresholds_csv(proposal.thresholds, config, thresholds_path)
    impact = proposal_impact(proposal, config, latest_day_from or [Path(database)])
    write_report(proposal, html_path, source=source_label or display_path(database, relative_to=out_dir),
                 impact=impact)
    return ProposalFiles(proposal, config, weights_path, thresholds_path, html_path, impact)


@dataclass(frozen=True)
class AppliedFile:
    proposal: Path
    seed: Path
    backup: Path | None
    rows_before: int
    rows_after: int
    changed_rows: int


def _rows(path: Path) -> list[tuple[str, ...]]:
    with path.open(newline="") as fh:
        return [tuple(row) for row in csv.reader(fh)]


def apply_proposal(proposal_dir: Path, seeds_dir: Path, *, only: list[str] | None = None,
                   dry_run: bool = False) -> list[AppliedFile]:
    """Copy the proposal files found in proposal_dir over their seeds (see PROPOSAL_FILES),
    keeping each replaced seed as seeds/.previous/<name>.<timestamp>. only: the seed names
    to apply (default: every proposal file present). A proposal file must have its seed's
    header. Returns what was (or, with dry_run, would be) changed."""
    chosen = PROPOSAL_FILES if not only else {p: s for p, s in PROPOSAL_FILES.items() if s in only or p in only}
    if only and not chosen:
        raise ValueError(f"nothing to apply for {', '.join(only)}: choose among {', '.join(PROPOSAL_FILES.values())}")
    found = {p: s for p, s in chosen.items() if (proposal_dir / p).exists()}
    if not found:
        raise FileNotFoundError(f"no proposal file in {proposal_dir} (expected {', '.join(chosen)}): "
                                "run `account-health propose` or `account-health profile` first")
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S")
    applied = []
    for name, seed_name in found.items():
        source, seed = proposal_dir / name, seeds_dir / seed_name
        new_rows = _rows(source)
        old_rows = _rows(seed) if seed.exists() else []
        if old_rows and new_rows[:1] != old_rows[:1]:
            raise ValueError(f"{source} has the columns {', '.join(new_rows[0]) if new_rows else '(none)'}, "
                             f"not those of {seed} ({', '.join(old_rows[0])})")
        changed = len(set(new_rows[1:]) ^ set(old_rows[1:]))
        backup = None
        if not dry_run:
            if seed.exists():
                backup = seeds_dir / ".previous" / f"{seed_name}.{stamp}"
                backup.parent.mkdir(exist_ok=True)
                shutil.copy2(seed, backup)
            shutil.copyfile(source, seed)
        applied.append(AppliedFile(source, seed, backup, max(len(old_rows) - 1, 0), len(new_rows) - 1, changed))
    return applied
