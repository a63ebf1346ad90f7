"""The calibration report (thresholds and weights): one self-contained HTML file with inline SVG charts.

Segment, band, component and metric names come from the data and the seeds: every one of them (and
every other string that is not this module's own markup) goes through `_esc` before it reaches HTML.
"""

from __future__ import annotations

import html
import math
from pathlib import Path

import numpy as np

from orchestration.calibration import Evaluation, Proposal, band_rate

COLOURS = ("#4C78A8", "#F58518", "#54A24B", "#E45756")


def _esc(value: object) -> str:
    """Text for HTML content or a quoted attribute."""
    return html.escape(str(value), quote=True)


def _fmt(value: float, digits: int = 3) -> str:
    return "-" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:.{digits}f}"


def bar_chart(title: str, categories: list[str], series: dict[str, list[float]], *, y_max: float | None = None,
              percent: bool = False, width: int = 640, height: int = 260) -> str:
    """Grouped vertical bars: one group per category, one bar per series."""
    left, bottom, top = 48, 40, 30
    plot_w, plot_h = width - left - 10, height - bottom - top
    values = [v for vs in series.values() for v in vs if v is not None and not math.isnan(v)]
    y_max = y_max or (max(values) * 1.15 if values and max(values) > 0 else 1)
    group_w = plot_w / max(len(categories), 1)
    bar_w = group_w * 0.8 / max(len(series), 1)
    parts = [f'<svg width="{width}" height="{height}" role="img" aria-label="{_esc(title)}">',
             f'<text x="{left}" y="18" font-weight="bold">{_esc(title)}</text>']
    for tick in range(5):
        y_val = y_max * tick / 4
        y = top + plot_h - plot_h * tick / 4
        label = f"{y_val:.0%}" if percent else f"{y_val:.2f}"
        parts.append(f'<line x1="{left}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>'
                     f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end" font-size="11">{label}</text>')
    for gi, category in enumerate(categories):
        for si, (name, vals) in enumerate(series.items()):
            value = vals[gi]
            if value is None or math.isnan(value):
                continue
            h = plot_h * min(value / y_max, 1)
            x = left + gi * group_w + group_w * 0.1 + si * bar_w
            label = f"{value:.1%}" if percent else f"{value:.2f}"
            parts.append(f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{bar_w - 2:.1f}" height="{h:.1f}" '
                         f'fill="{COLOURS[si % len(COLOURS)]}"><title>{_esc(name)}: {label}</title></rect>')
        parts.append(f'<text x="{left + gi * group_w + group_w / 2:.1f}" y="{height - bottom + 16}" '
                     f'text-anchor="middle" font-size="12">{_esc(category)}</text>')
    parts.append(_legend(list(series), width - 10 - 150 * len(series), height - 8))
    parts.append("</svg>")
    return "".join(parts)


def line_chart(title: str, series: dict[str, list[tuple[float, float]]], *, diagonal: bool = True,
               size: int = 320) -> str:
    """Lines on [0, 1] x [0, 1] (ROC curves)."""
    pad = 40
    plot = size - 2 * pad
    parts = [f'<svg width="{size + 160}" height="{size}" role="img" aria-label="{_esc(title)}">',
             f'<text x="{pad}" y="18" font-weight="bold">{_esc(title)}</text>',
             f'<rect x="{pad}" y="{pad}" width="{plot}" height="{plot}" fill="none" stroke="#999"/>',
             f'<text x="{pad + plot / 2}" y="{size - 8}" text-anchor="middle" font-size="11">'
             'false positive rate</text>',
             f'<text x="12" y="{pad + plot / 2}" font-size="11" transform="rotate(-90 12 {pad + plot / 2})" '
             f'text-anchor="middle">true positive rate</text>']
    if diagonal:
        parts.append(f'<line x1="{pad}" y1="{pad + plot}" x2="{pad + plot}" y2="{pad}" '
                     'stroke="#bbb" stroke-dasharray="4"/>')
    for si, points in enumerate(series.values()):
        step = max(len(points) // 400, 1)
        coords = " ".join(f"{pad + x * plot:.1f},{pad + plot - y * plot:.1f}" for x, y in points[::step] + points[-1:])
        colour = COLOURS[si % len(COLOURS)]
        parts.append(f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="2"/>')
    parts.append(_legend(list(series), size - 10, pad + 10, vertical=True))
    parts.append("</svg>")
    return "".join(parts)


def _legend(names: list[str], x: float, y: float, *, vertical: bool = False) -> str:
    parts = []
    for i, name in enumerate(names):
        lx, ly = (x, y + i * 18) if vertical else (x + i * 150, y)
        parts.append(f'<rect x="{lx:.0f}" y="{ly - 10:.0f}" width="12" height="12" fill="{COLOURS[i % len(COLOURS)]}"/>'
                     f'<text x="{lx + 16:.0f}" y="{ly:.0f}" font-size="12">{_esc(name)}</text>')
    return "".join(parts)


def _histogram(score: np.ndarray, mask: np.ndarray) -> list[float]:
    counts, _ = np.histogram(score[mask & ~np.isnan(score)], bins=10, range=(0, 100))
    return list(counts / max(counts.sum(), 1))


def _threshold_section(proposal: Proposal) -> str:
    """The proposed thresholds, with why each was chosen."""
    if not proposal.thresholds:
        return ""
    rows = "".join(
        f"<tr><td>{_esc(c.metric)}</td><td>{_esc(c.scorecard)}</td><td>{c.low:.4g}</td>"
        f"<td>{c.high:.4g}</td><td>{_esc(c.method)}</td>"
        f"<td style='text-align:left'>{_esc(c.reason)}</td></tr>"
        for c in proposal.thresholds)
    return ("<h2>Thresholds</h2><p>Each metric scores 0 at <i>low</i> and 100 at <i>high</i>, fitted on the "
            "earlier dates.</p><table><tr><th>metric</th><th>scorecard</th><th>low</th><th>high</th>"
            f"<th>how</th><th>why</th></tr>{rows}</table>")


def write_report(proposal: Proposal, path: Path, *, source: str) -> None:
    """Write the HTML report of a proposal."""
    before, after = proposal.before, proposal.after
    bands = list(before.churn_by_band)

    def rate(evaluation: Evaluation) -> list[float]:
        """Churn rate per band; nan (shown as too small) for bands too small to say anything."""
        rates = (band_rate(n, churned) for n, churned in (evaluation.churn_by_band[b] for b in bands))
        return [float("nan") if r is None else r for r in rates]

    churned = proposal.churned_test.astype(bool)
    components = list(proposal.components)
    bins = [f"{10 * i}-{10 * i + 10}" for i in range(10)]
    segments = ["default", *proposal.fitted_segments]
    weight_rows = "".join(
        f"<tr><td>{_esc(c)}</td><td>{proposal.current['default'][i]:.3f}</td>"
        + "".join(f"<td>{proposal.proposed[s][i]:.3f}</td>" for s in segments)
        + f"<td>{_fmt(proposal.component_auc[c])}</td></tr>"
        for i, c in enumerate(components)
    )
    def rate_cell(value: float, observations: int) -> str:
        return "too small" if math.isnan(value) and observations else _fmt(value, 3)

    band_rows = "".join(
        f"<tr><td>{_esc(b)}</td><td>{before.churn_by_band[b][0]}</td>"
        f"<td>{rate_cell(rate(before)[i], before.churn_by_band[b][0])}</td>"
        f"<td>{after.churn_by_band[b][0]}</td><td>{rate_cell(rate(after)[i], after.churn_by_band[b][0])}</td></tr>"
        for i, b in enumerate(bands)
    )
    notes = "".join(f"<li>{_esc(n)}</li>" for n in proposal.notes) or "<li>none</li>"
    band_chart = bar_chart("Churn rate by band", bands,
                           {"current weights": rate(before), "proposed weights": rate(after)}, percent=True)
    roc_chart = line_chart("ROC: flagging the lowest scores as churn risk",
                           {f"current AUC {_fmt(before.auc)}": before.roc,
                            f"proposed AUC {_fmt(after.auc)}": after.roc})
    histogram = bar_chart("Share of accounts per score bucket", bins,
                          {"churned": _histogram(before.score, churned),
                           "retained": _histogram(before.score, ~churned)}, percent=True, width=900)
    weights_chart = bar_chart("Current (default) vs proposed (global) weights", components,
                              {"current": list(proposal.current["default"]),
                               "proposed": list(proposal.proposed["default"])})
    signal_chart = bar_chart("AUC of each subscore alone (0.5 = noise)", components,
                             {"AUC": [proposal.component_auc[c] for c in components]}, y_max=1.0)
    threshold_section = _threshold_section(proposal)
    thresholds_only = ("" if proposal.thresholds_only is None else
                       f" proposed thresholds with the current weights <b>{_fmt(proposal.thresholds_only.auc)}</b>,")
    band_head = ("<tr><th>band</th><th>observations (current)</th><th>churn rate</th>"
                 "<th>observations (proposed)</th><th>churn rate</th></tr>")
    weight_head = ("<tr><th>component</th><th>current (default)</th>"
                   + "".join(f"<th>proposed {_esc(s)}</th>" for s in segments) + "<th>AUC alone (all dates)</th></tr>")
    body = f"""<!doctype html><html><head><meta charset="utf-8"><title>Weight proposal</title>
<style>body{{font-family:system-ui,sans-serif;max-width:980px;margin:2em auto;color:#222}}
table{{border-collapse:collapse;margin:1em 0}}td,th{{border:1px solid #ccc;padding:4px 10px;text-align:right}}
th{{background:#f4f4f4}}td:first-child{{text-align:left}}.big{{font-size:1.3em}}</style></head><body>
<h1>Weight proposal</h1>
<p>Source: {_esc(source)}. Churn within {proposal.horizon_days} days of each observation.
Fitted on {proposal.train_rows:,} observations before {proposal.split_date} ({proposal.train_churned} churned);
evaluated on the {proposal.test_rows:,} later ones ({proposal.test_churned} churned), which the fit never saw.</p>
<p class="big">AUC on the later dates: current configuration <b>{_fmt(before.auc)}</b>,{thresholds_only}
proposed thresholds and weights <b>{_fmt(after.auc)}</b>.
Top-decile lift: {_fmt(before.top_decile_lift, 2)} → {_fmt(after.top_decile_lift, 2)}.</p>
<p><b>Nothing has changed.</b> To apply the proposal, review it, then run
<code>account-health apply-proposal</code> (it copies <code>thresholds_proposed.csv</code> and
<code>weights_proposed.csv</code> over <code>seeds/metric_thresholds.csv</code> and
<code>seeds/scoring_weights.csv</code>, keeping the old ones in <code>seeds/.previous/</code>), and rebuild
with a full refresh; the configuration version of every fact row changes with it.</p>
<h2>Churn rate by band, before and after (later dates)</h2>
{band_chart}
<table>{band_head}{band_rows}</table>
<h2>ROC curves (later dates)</h2>
{roc_chart}
<h2>Score distributions of churned and retained accounts (current weights, later dates)</h2>
{histogram}
<h2>Weights</h2>
{weights_chart}
<table>{weight_head}{weight_rows}</table>
{threshold_section}
<h2>Which components carry signal</h2>
{signal_chart}
<h2>Notes</h2><ul>{notes}</ul>
</body></html>
"""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(body)
