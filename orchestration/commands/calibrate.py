"""`account-health propose` and `account-health apply-proposal`: fit the configuration to churn,
review it, apply it deliberately."""

from __future__ import annotations

import argparse
from pathlib import Path

from orchestration.settings import dbt_project_dir, publish_dir, reports_dir, warehouse_path


def _default_database() -> Path:
    current = publish_dir() / "current" / "account_health.duckdb"
    return current if current.exists() else warehouse_path()


def cmd_propose(args: argparse.Namespace) -> int:
    from orchestration.calibration import band_rate
    from orchestration.proposals import propose_from_warehouse

    database = Path(args.database) if args.database else _default_database()
    if not database.exists():
        raise FileNotFoundError(f"no warehouse at {database}: run `account-health run` first")
    # The band moves of the latest day need the metric history, which only the working warehouse holds.
    files = propose_from_warehouse(database, Path(args.out), train_share=args.train_share,
                                   min_churned=args.min_churn, fit_thresholds=not args.weights_only,
                                   latest_day_from=[database, warehouse_path()])
    p = files.proposal
    print(f"Fitted on {p.train_rows:,} observations before {p.split_date} ({p.train_churned} churned), "
          f"evaluated on {p.test_rows:,} later ones ({p.test_churned} churned), from {database}.")
    line = f"  AUC on the later dates: current {p.before.auc:.3f}"
    if p.thresholds_only is not None:
        line += f" -> proposed thresholds {p.thresholds_only.auc:.3f}"
    print(line + f" -> proposed thresholds and weights {p.after.auc:.3f}; top-decile lift "
          f"{p.before.top_decile_lift:.2f} -> {p.after.top_decile_lift:.2f}")
    evaluations = [("current", p.before)]
    if p.thresholds_only is not None:
        evaluations.append(("proposed thresholds", p.thresholds_only))
    evaluations.append(("proposed", p.after))
    for name, evaluation in evaluations:
        print(f"  churn by band ({name}): " + ", ".join(
            f"{band} {band_rate(n, churned):.1%} ({churned}/{n})" if band_rate(n, churned) is not None
            else f"{band} too small ({churned}/{n})" if n else f"{band} -"
            for band, (n, churned) in evaluation.churn_by_band.items()))
    if p.thresholds:
        fitted = sum(c.method == "fitted" for c in p.thresholds)
        scaled = sum(c.method == "distribution" for c in p.thresholds)
        print(f"  thresholds: {fitted} fitted to churn, {scaled} set to the data's 10th-90th percentile, "
              f"{len(p.thresholds) - fitted - scaled} kept"
              + (f"; segments with their own: {', '.join(p.threshold_segments)}" if p.threshold_segments else ""))
    print("  proposed weights: " + "; ".join(
        f"{segment}: " + " ".join(f"{c} {w:.3f}" for c, w in zip(p.components, p.proposed[segment], strict=True))
        for segment in ["default", *p.fitted_segments]))
    for note in p.notes:
        print(f"  note: {note}")
    print("What applying it would change:")
    for line in files.impact.sentences():
        print(f"  {line}")
    written = [files.weights_csv] + ([files.thresholds_csv] if files.thresholds_csv else []) + [files.html]
    print("Wrote " + ", ".join(str(f) for f in written) + ".\nNothing was applied: review the report, then "
          "`account-health apply-proposal` copies the CSVs into seeds/.")
    return 0


def cmd_apply_proposal(args: argparse.Namespace) -> int:
    from orchestration.proposals import PROPOSAL_FILES, apply_proposal

    applied = apply_proposal(Path(args.proposal_dir), Path(args.seeds), only=args.only, dry_run=args.dry_run)
    verb = "Would replace" if args.dry_run else "Replaced"
    for item in applied:
        kept = f"; the old file is kept as {item.backup}" if item.backup else ""
        print(f"{verb} {item.seed} with {item.proposal}: {item.rows_before} rows -> {item.rows_after} "
              f"({item.changed_rows} rows differ){kept}")
    skipped = sorted(set(PROPOSAL_FILES) - {a.proposal.name for a in applied})
    if skipped and not args.only:
        print("No proposal for: " + ", ".join(PROPOSAL_FILES[s] for s in skipped) + " (left as they are).")
    if not args.dry_run:
        print("Rebuild with a full refresh to score the history with it: `account-health run --from-files ...` "
              "or `account-health backfill --full-refresh --start ... --end ...`. The configuration version "
              "on every scored row changes with it.")
    return 0


def _add_propose_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--database", help="DuckDB file holding the backtest (default: the current "
                        "publication, else the working warehouse)")
    parser.add_argument("--out", default=str(reports_dir()), help="where to write the proposal files")
    parser.add_argument("--train-share", type=float, default=2 / 3,
                        help="share of the observation dates, earliest first, to fit on (0.67)")
    parser.add_argument("--min-churn", type=int, default=40,
                        help="churn events a segment needs in the fitting period for its own rows (40)")


def add_parsers(sub: argparse._SubParsersAction) -> None:
    propose = sub.add_parser(
        "propose",
        help="fit thresholds and weights to churn outcomes and write a reviewable proposal (never applied)",
        description=(
            "From the backtest (churn within the horizon of each observation day), on the earlier "
            "--train-share of observation dates: propose each metric's low/high (the quantile pair of its "
            "values whose clamped 0-100 score best separates accounts that churned; with too few churn "
            "events, the 10th-90th percentile of its values), then non-negative component weights summing "
            "to 1 fitted on the subscores those thresholds give, per segment with at least --min-churn "
            "churn events and for all segments otherwise. The later dates judge the current configuration, "
            "the proposed thresholds alone, and thresholds with weights. Writes thresholds_proposed.csv and "
            "weights_proposed.csv (the formats of seeds/metric_thresholds.csv and seeds/scoring_weights.csv) "
            "and weight_proposal.html. It never changes seeds/: see apply-proposal."
        ),
    )
    _add_propose_args(propose)
    propose.add_argument("--weights-only", action="store_true",
                         help="keep the current thresholds; fit the weights only")
    propose.set_defaults(func=cmd_propose)
    # the name of the first release, kept for scripts that call it
    weights = sub.add_parser("propose-weights", help="the same as propose --weights-only",
                             description="Fit the component weights only, on the current thresholds (see propose).")
    _add_propose_args(weights)
    weights.set_defaults(func=cmd_propose, weights_only=True)

    apply = sub.add_parser(
        "apply-proposal",
        help="copy a reviewed proposal (catalog, thresholds, weights) into seeds/",
        description=(
            "Copy the proposal files of PROPOSAL_DIR over their seeds: event_catalog_proposed.csv (from "
            "`account-health profile`) -> seeds/event_catalog.csv, thresholds_proposed.csv -> "
            "seeds/metric_thresholds.csv, weights_proposed.csv -> seeds/scoring_weights.csv. Each replaced "
            "seed is kept in seeds/.previous/. Then rebuild with a full refresh: the configuration version "
            "changes with it, and dbt validates the new seeds as it builds (weights summing to 1, thresholds "
            "the right way round), naming any bad row."
        ),
    )
    apply.add_argument("proposal_dir", nargs="?", default=str(reports_dir()),
                       help="folder holding the proposal files (default: the reports folder)")
    apply.add_argument("--seeds", default=str(dbt_project_dir() / "seeds"), help="the seeds folder to update")
    apply.add_argument("--only", nargs="+", metavar="SEED",
                       help="apply only these (event_catalog.csv, metric_thresholds.csv, scoring_weights.csv)")
    apply.add_argument("--dry-run", action="store_true", help="say what would change, change nothing")
    apply.set_defaults(func=cmd_apply_proposal)
