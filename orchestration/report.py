"""The calibration report (thresholds and weights): one self-contained HTML file with inline SVG charts.

Segment, band, component and metric names come from the data and the seeds: every one of them (and
every other string that is not this module's own markup) goes through `_esc` before it reaches HTML.
"""

from __future__ import annotations

import html
import math
import os
from pathlib import Path

import numpy as np

from orchestration import PROJECT_DIR
from orchestration.calibration import Evaluation, Proposal, band_rate
from orchestration.proposal_impact import Impact

COLOURS = ("#4C78A8", "#F58518", "#54A24B", "#E45756")


def _esc(value: object) -> str:
    """Text for HTML content or a quoted attribute."""
    return html.escape(str(value), quote=True)


def _fmt(value: float, digits: int = 3) -> str:
    return "-" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:.{digits}f}"


def nice_ticks(top: float, *, target: int = 5) -> list[float]:
    """Round tick values from 0 to at least `top`: steps of 1, 2, 2.5 or 5 times a power of ten,
    about `target` of them (0.82 -> 0, 0.2, 0.4, 0.6, 0.8, 1.0; never 0.82, 0.62, 0.41)."""
    if not top or top <= 0 or math.isnan(top):
        return [0.0, 1.0]
    raw = top / target
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    count = math.ceil(top / step - 1e-9)
    return [round(i * step, 12) for i in range(count + 1)]


def _tick_label(value: float, step: float, percent: bool) -> str:
    """A tick value with as many decimals as its step needs (5%, 2.5%, 0.25)."""
    scaled, scaled_step = (value * 100, step * 100) if percent else (value, step)
    decimals = 0
    while decimals < 4 and abs(round(scaled_step, decimals) - scaled_step) > 1e-9:
        decimals += 1
    return f"{scaled:.{decimals}f}" + ("%" if percent else "")


def bar_chart(title: str, categories: list[str], series: dict[str, list[float]], *, x_label: str, y_label: str,
              y_max: float | None = None, percent: bool = False, width: int = 640, height: int = 290) -> str:
    """Grouped vertical bars: one group per category, one bar per series, with a titled y axis
    of round ticks and a titled x axis."""
    left, bottom, top = 70, 62, 30
    plot_w, plot_h = width - left - 10, height - bottom - top
    values = [v for vs in series.values() for v in vs if v is not None and not math.isnan(v)]
    ticks = nice_ticks(y_max or (max(values) if values and max(values) > 0 else 1))
    y_max = ticks[-1]
    step = ticks[1] - ticks[0]
    group_w = plot_w / max(len(categories), 1)
    bar_w = group_w * 0.8 / max(len(series), 1)
    parts = [f'<svg width="{width}" height="{height}" role="img" aria-label="{_esc(title)}">',
             f'<text x="{left}" y="18" font-weight="bold">{_esc(title)}</text>']
    for value in ticks:
        y = top + plot_h - plot_h * value / y_max
        parts.append(f'<line x1="{left}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>'
                     f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end" font-size="11">'
                     f'{_tick_label(value, step, percent)}</text>')
    parts.append(f'<line x1="{left}" x2="{left}" y1="{top}" y2="{top + plot_h}" stroke="#999"/>')
    for gi, category in enumerate(categories):
        for si, (name, vals) in enumerate(series.items()):
            value = vals[gi]
            if value is None or math.isnan(value):
                continue
            h = plot_h * min(value / y_max, 1)
            x = left + gi * group_w + group_w * 0.1 + si * bar_w
            label = f"{value:.1%}" if percent else f"{value:.3f}"
            parts.append(f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{bar_w - 2:.1f}" height="{h:.1f}" '
                         f'fill="{COLOURS[si % len(COLOURS)]}"><title>{_esc(name)}: {label}</title></rect>')
        parts.append(f'<text x="{left + gi * group_w + group_w / 2:.1f}" y="{top + plot_h + 16}" '
                     f'text-anchor="middle" font-size="12">{_esc(category)}</text>')
    parts.append(_axis_titles(x_label, y_label, x=left + plot_w / 2, x_y=top + plot_h + 38,
                              y_x=14, y_y=top + plot_h / 2))
    parts.append(_legend(list(series), left, height - 6))
    parts.append("</svg>")
    return "".join(parts)


def _axis_titles(x_label: str, y_label: str, *, x: float, x_y: float, y_x: float, y_y: float) -> str:
    return (f'<text x="{x:.1f}" y="{x_y:.1f}" text-anchor="middle" font-size="12" class="axis-title">'
            f'{_esc(x_label)}</text>'
            f'<text x="{y_x:.1f}" y="{y_y:.1f}" text-anchor="middle" font-size="12" class="axis-title" '
            f'transform="rotate(-90 {y_x:.1f} {y_y:.1f})">{_esc(y_label)}</text>')


def line_chart(title: str, series: dict[str, list[tuple[float, float]]], *, x_label: str, y_label: str,
               diagonal: bool = True, size: int = 360) -> str:
    """Lines on [0, 1] x [0, 1] (ROC curves), both axes ticked at 0, 0.2, ..., 1 and titled."""
    left, bottom, top = 62, 52, 30
    plot = size - left - 10
    parts = [f'<svg width="{size + 230}" height="{plot + top + bottom}" role="img" aria-label="{_esc(title)}">',
             f'<text x="{left}" y="18" font-weight="bold">{_esc(title)}</text>']
    for value in nice_ticks(1.0):
        x, y = left + value * plot, top + plot - value * plot
        label = _tick_label(value, 0.2, False)
        parts.append(f'<line x1="{left}" x2="{left + plot}" y1="{y:.1f}" y2="{y:.1f}" stroke="#eee"/>'
                     f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top}" y2="{top + plot}" stroke="#eee"/>'
                     f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end" font-size="11">{label}</text>'
                     f'<text x="{x:.1f}" y="{top + plot + 15}" text-anchor="middle" font-size="11">{label}</text>')
    parts.append(f'<rect x="{left}" y="{top}" width="{plot}" height="{plot}" fill="none" stroke="#999"/>')
    if diagonal:
        parts.append(f'<line x1="{left}" y1="{top + plot}" x2="{left + plot}" y2="{top}" '
                     'stroke="#bbb" stroke-dasharray="4"><title>a score that guesses (AUC 0.5)</title></line>')
    for si, points in enumerate(series.values()):
        step = max(len(points) // 400, 1)
        coords = " ".join(f"{left + x * plot:.1f},{top + plot - y * plot:.1f}" for x, y in points[::step] + points[-1:])
        colour = COLOURS[si % len(COLOURS)]
        parts.append(f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="2"/>')
    parts.append(_axis_titles(x_label, y_label, x=left + plot / 2, x_y=top + plot + 36, y_x=14, y_y=top + plot / 2))
    parts.append(_legend(list(series), left + plot + 16, top + 20, vertical=True))
    parts.append("</svg>")
    return "".join(parts)


def _legend(names: list[str], x: float, y: float, *, vertical: bool = False) -> str:
    parts = []
    for i, name in enumerate(names):
        lx, ly = (x, y + i * 18) if vertical else (x + i * 170, y)
        parts.append(f'<rect x="{lx:.0f}" y="{ly - 10:.0f}" width="12" height="12" fill="{COLOURS[i % len(COLOURS)]}"/>'
                     f'<text x="{lx + 16:.0f}" y="{ly:.0f}" font-size="12">{_esc(name)}</text>')
    return "".join(parts)


def _histogram(score: np.ndarray, mask: np.ndarray) -> list[float]:
    counts, _ = np.histogram(score[mask & ~np.isnan(score)], bins=10, range=(0, 100))
    return list(counts / max(counts.sum(), 1))


def _threshold_section(proposal: Proposal, impact: Impact | None) -> str:
    """The proposed thresholds beside the current ones, with why each was chosen."""
    if not proposal.thresholds:
        return ""
    current = {(t.scorecard, t.metric): t for t in impact.thresholds} if impact else {}

    def now(c, attr: str) -> str:
        change = current.get((c.scorecard, c.metric))
        return f"{getattr(change, attr):.4g}" if change else "-"

    rows = "".join(
        f"<tr><td>{_esc(c.metric)}</td><td>{_esc(c.scorecard)}</td>"
        f"<td>{now(c, 'current_low')}</td><td>{now(c, 'current_high')}</td><td>{c.low:.4g}</td>"
        f"<td>{c.high:.4g}</td><td>{_esc(c.method)}</td>"
        f"<td style='text-align:left'>{_esc(c.reason)}</td></tr>"
        for c in proposal.thresholds)
    return ("<h2>Thresholds</h2><p>Each metric scores 0 at <i>low</i> and 100 at <i>high</i> (for a metric "
            "where less is better, low is the larger number). The proposed ones are fitted on the earlier "
            "dates.</p><table><tr><th>metric</th><th>scorecard</th><th>current low</th><th>current high</th>"
            f"<th>proposed low</th><th>proposed high</th><th>how</th><th>why</th></tr>{rows}</table>")


def display_path(path: Path | str, *, relative_to: Path) -> str:
    """A path as a reader of the report should see it: relative to the project when inside it,
    else relative to the report's folder (never an absolute path)."""
    path = Path(path).resolve()
    try:
        return str(path.relative_to(PROJECT_DIR))
    except ValueError:
        return os.path.relpath(path, Path(relative_to).resolve())


def _impact_section(impact: Impact | None) -> str:
    if impact is None:
        return ""
    items = "".join(f"<li>{html.escape(line)}</li>" for line in impact.sentences())
    return f"<h2>What applying it would change</h2><ul class=\"impact\">{items}</ul>"


def write_report(proposal: Proposal, path: Path, *, source: str, impact: Impact | None = None) -> None:
    """Write the HTML report of a proposal. source: where the backtest was read (shown as is:
    pass a relative path, see display_path); impact: what applying it would change."""
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
                           {"current configuration": rate(before), "proposed configuration": rate(after)},
                           x_label="band on the observation day",
                           y_label=f"churned within {proposal.horizon_days} days", percent=True)
    roc_chart = line_chart("ROC: flagging the lowest scores as churn risk",
                           {f"current, AUC {_fmt(before.auc)}": before.roc,
                            f"proposed, AUC {_fmt(after.auc)}": after.roc},
                           x_label="false positive rate (share of retained accounts flagged)",
                           y_label="true positive rate (churned flagged)")
    histogram = bar_chart("Share of accounts per score bucket", bins,
                          {"churned": _histogram(before.score, churned),
                           "retained": _histogram(before.score, ~churned)}, percent=True, width=900,
                          x_label="health score (current configuration)", y_label="share of the group")
    weights_chart = bar_chart("Current (default) vs proposed (global) weights", components,
                              {"current weight": list(proposal.current["default"]),
                               "proposed weight": list(proposal.proposed["default"])},
                              x_label="component", y_label="weight (a scorecard sums to 1)")
    signal_chart = bar_chart("AUC of each subscore alone (0.5 = noise)", components,
                             {"AUC": [proposal.component_auc[c] for c in components]}, y_max=1.0,
                             x_label="component", y_label="ROC AUC")
    threshold_section = _threshold_section(proposal, impact)
    thresholds_only = ("" if proposal.thresholds_only is None else
                       f" proposed thresholds with the current weights <b>{_fmt(proposal.thresholds_only.auc)}</b>,")
    band_head = ("<tr><th>band</th><th>observations (current)</th><th>churn rate (current)</th>"
                 "<th>observations (proposed)</th><th>churn rate (proposed)</th></tr>")
    weight_head = ("<tr><th>component</th><th>current weight (default)</th>"
                   + "".join(f"<th>proposed weight ({_esc(s)})</th>" for s in segments)
                   + "<th>AUC alone (all dates)</th></tr>")
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
{_impact_section(impact)}
<p><b>Nothing has changed.</b> To apply the proposal, review it, then run
<code>account-health apply-proposal</code> (it copies <code>thresholds_proposed.csv</code> and
<code>weights_proposed.csv</code> over <code>seeds/metric_thresholds.csv</code> and
<code>seeds/scoring_weights.csv</code>, keeping the old ones in <code>seeds/.previous/</code>), and rebuild
with a full refresh; the configuration version of every fact row changes with it.</p>
<h2>Churn rate by band, current and proposed (later dates)</h2>
{band_chart}
<table>{band_head}{band_rows}</table>
<h2>ROC curves (later dates)</h2>
{roc_chart}
<h2>Score distributions of churned and retained accounts (current configuration, later dates)</h2>
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
