"""`account-health docs`: write docs/metrics.md from the metric catalog of a built warehouse, and
docs/raw-contract.md from the raw contract and the staging checks."""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from orchestration.dbt_runner import run_dbt
from orchestration.metric_docs import METRICS_DOC, render_metrics_doc, write_metrics_doc
from orchestration.raw_contract_docs import RAW_CONTRACT_DOC, render_raw_contract_doc, write_raw_contract_doc


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
    metrics, contract = Path(args.out), Path(args.raw_contract_out)
    if args.check:
        stale = [f"{metrics} does not match the metric catalog of {database}"] if (
            not metrics.exists() or metrics.read_text() != render_metrics_doc(database)) else []
        if not contract.exists() or contract.read_text() != render_raw_contract_doc():
            stale.append(f"{contract} does not match orchestration/raw_contract.py and the staging checks")
        for line in stale:
            print(f"{line}: run `account-health docs`")
        if not stale:
            print(f"{metrics} matches the metric catalog; {contract} matches the raw contract.")
        return 1 if stale else 0
    for target, changed in ((metrics, write_metrics_doc(database, metrics)),
                            (contract, write_raw_contract_doc(contract))):
        print(f"{'Wrote' if changed else 'Unchanged:'} {target}")
    return 0


def add_parsers(sub: argparse._SubParsersAction) -> None:
    docs = sub.add_parser(
        "docs",
        help="write docs/metrics.md (each metric, its thresholds) and docs/raw-contract.md (the raw tables)",
        description=(
            "Render docs/metrics.md from marts.health_config_metrics and health_config_thresholds: every "
            "metric declared in macros/scoring/catalog/health_metric_catalog.sql with its component, "
            "direction, meaning, window measures and default thresholds. Without --database, dbt builds "
            "the seeds and configuration marts into a scratch file first (a few seconds). Also render "
            "docs/raw-contract.md: the ten raw tables with every column, whether it is required, its "
            "type, meaning and bounds, and what staging does with a bad value, from "
            "orchestration/raw_contract.py, the staging base models and dbt_project.yml."
        ),
    )
    docs.add_argument("--database", help="a built warehouse or publication to read (default: build the "
                      "configuration into a scratch file)")
    docs.add_argument("--out", default=str(METRICS_DOC), help="the page to write (docs/metrics.md)")
    docs.add_argument("--raw-contract-out", default=str(RAW_CONTRACT_DOC),
                      help="the raw contract page to write (docs/raw-contract.md)")
    docs.add_argument("--check", action="store_true", help="exit 1 when a page is out of date; write nothing")
    docs.set_defaults(func=cmd_docs)
