"""`account-health docs`: write docs/metrics.md from the metric catalog of a built warehouse."""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from orchestration.dbt_runner import run_dbt
from orchestration.metric_docs import METRICS_DOC, render_metrics_doc, write_metrics_doc


def _config_warehouse(folder: Path) -> Path:
    """A scratch warehouse holding only the seeds and the configuration marts (a few seconds)."""
    path = folder / "config.duckdb"
    run_dbt(["build", "--select", "+health_config_metrics", "+health_config_thresholds",
             "--exclude", "resource_type:test"], database=path, quiet=True)
    return path


def cmd_docs(args: argparse.Namespace) -> int:
    if args.database:
        return _docs(args, Path(args.database))
    with tempfile.TemporaryDirectory(prefix="health-docs-") as folder:
        return _docs(args, _config_warehouse(Path(folder)))


def _docs(args: argparse.Namespace, database: Path) -> int:
    if not database.exists():
        raise FileNotFoundError(f"no warehouse at {database}")
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
            "Render docs/metrics.md from marts.health_config_metrics and health_config_thresholds: every "
            "metric declared in macros/scoring/catalog/health_metric_catalog.sql with its component, "
            "direction, meaning, window measures and default thresholds. Without --database, dbt builds "
            "the seeds and configuration marts into a scratch file first (a few seconds)."
        ),
    )
    docs.add_argument("--database", help="a built warehouse or publication to read (default: build the "
                      "configuration into a scratch file)")
    docs.add_argument("--out", default=str(METRICS_DOC), help="the page to write (docs/metrics.md)")
    docs.add_argument("--check", action="store_true", help="exit 1 when the page is out of date; write nothing")
    docs.set_defaults(func=cmd_docs)
