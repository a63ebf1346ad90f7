"""`account-health docs`: write docs/metrics.md from the metric catalog of a built warehouse."""

from __future__ import annotations

import argparse
from pathlib import Path

from orchestration.metric_docs import METRICS_DOC, render_metrics_doc, write_metrics_doc
from orchestration.settings import warehouse_path


def cmd_docs(args: argparse.Namespace) -> int:
    database = Path(args.database) if args.database else warehouse_path()
    if not database.exists():
        raise FileNotFoundError(f"no warehouse at {database}: run `account-health run` (or build) first")
    target = Path(args.out)
    if args.check:
        if not target.exists() or target.read_text() != render_metrics_doc(database):
            print(f"{target} does not match the metric catalog of {database}: run `account-health docs`")
            return 1
        print(f"{target} matches the metric catalog.")
        return 0
    changed = write_metrics_doc(database, target)
    print(f"{'Wrote' if changed else 'Unchanged:'} {target}")
    return 0


def add_parsers(sub: argparse._SubParsersAction) -> None:
    docs = sub.add_parser(
        "docs",
        help="write docs/metrics.md from the metric catalog (what each metric means, its thresholds)",
        description=(
            "Render docs/metrics.md from marts.health_config_metrics and health_config_thresholds of a "
            "built warehouse: every metric declared in macros/scoring/catalog/health_metric_catalog.sql "
            "with its component, direction, meaning, window measures and default thresholds."
        ),
    )
    docs.add_argument("--database", help="the built warehouse (default: HEALTH_DUCKDB_PATH)")
    docs.add_argument("--out", default=str(METRICS_DOC), help="the page to write (docs/metrics.md)")
    docs.add_argument("--check", action="store_true", help="exit 1 when the page is out of date; write nothing")
    docs.set_defaults(func=cmd_docs)
