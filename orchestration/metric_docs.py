"""docs/metrics.md, written from the metric catalog as the warehouse resolved it.

The metrics are declared once, in macros/scoring/catalog/health_metric_catalog.sql; a build
publishes them as marts.health_config_metrics with their thresholds
(marts.health_config_thresholds). `account-health docs` renders those into docs/metrics.md, and
a test fails when the committed page no longer matches what the build says.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from orchestration import PROJECT_DIR

METRICS_DOC = PROJECT_DIR / "docs" / "metrics.md"

HEADER = """# Metrics

<!-- Written by `account-health docs` from the metric catalog
     (macros/scoring/catalog/health_metric_catalog.sql); do not edit by hand. -->

Every metric of the score, by component. A metric becomes a 0-100 score by
`clamp((value - low) / (high - low), 0, 1) x 100` with `low`/`high` from
`seeds/metric_thresholds.csv` (shown here for the default scorecard; a segment's rows override
them); a component's subscore is the weighted mean of its metrics that have a value (`weight` is
the metric's weight within its component). A metric without data is null, never 0.
`measures` are the rolling-window sums it reads (`int_accounts__activity_windows`), with their
windows in days. To add a metric, see *Adding a metric* in docs/scoring.md.
"""


def _cell(text: str | None) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ")


def render_metrics_doc(database: Path | str) -> str:
    """The page, from the config marts of a built warehouse (or a publication)."""
    with duckdb.connect(str(database), read_only=True) as con:
        rows = con.execute(
            """select m.component, m.metric, m.direction, m.description, m.measures, m.windows,
                      t.low, t.high, t.metric_weight
               from marts.health_config_metrics as m
               left join marts.health_config_thresholds as t
                   on t.metric = m.metric and t.scorecard = 'default'
               order by m.component_order, m.metric_order"""
        ).fetchall()
    lines = [HEADER]
    component = None
    for comp, metric, direction, description, measures, windows, low, high, weight in rows:
        if comp != component:
            component = comp
            lines += [f"\n## {comp}\n",
                      "| metric | better | what it means | measures (windows) | low | high | weight |",
                      "|---|---|---|---|---:|---:|---:|"]
        better = "higher" if direction == "higher_is_better" else "lower"
        reads = _cell(measures) + (f" ({_cell(windows)})" if windows else "") if measures else "its own signals"
        lines.append(f"| `{metric}` | {better} | {_cell(description)} | {reads} | {low:g} | {high:g} | {weight:g} |")
    return "\n".join(lines) + "\n"


def write_metrics_doc(database: Path | str, path: Path = METRICS_DOC) -> bool:
    """Write the page; True when it changed."""
    text = render_metrics_doc(database)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() and path.read_text() == text:
        return False
    path.write_text(text)
    return True
