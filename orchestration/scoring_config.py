"""The scoring configuration as the warehouse resolved it, for Python.

dbt resolves and validates the configuration seeds (segment rows inheriting the default ones,
weights summing to 1, thresholds running the declared way, bands covering 0-100) and publishes
the result as the marts `health_config_metrics`, `health_config_weights`,
`health_config_thresholds` and `health_config_bands`. Python reads those instead of
re-implementing inheritance or validation, from the working warehouse or from a publication.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np

from orchestration.catalog import tables_in

CONFIG_MARTS = ("health_config_metrics", "health_config_weights", "health_config_thresholds", "health_config_bands")


@dataclass(frozen=True)
class Metric:
    """One metric of the metric catalog (macros/scoring/catalog/health_metric_catalog.sql)."""

    name: str
    component: str
    direction: str  # higher_is_better | lower_is_better
    description: str

    @property
    def higher_is_better(self) -> bool:
        return self.direction == "higher_is_better"


@dataclass(frozen=True)
class Band:
    name: str
    rank: int
    min_score: float
    max_score: float


@dataclass(frozen=True)
class Threshold:
    low: float
    high: float
    weight: float


@dataclass
class ScoringConfig:
    """The resolved configuration: components in order, each scorecard's component weights (in
    component order), each scorecard's thresholds per metric, the metrics and the active bands
    (best first)."""

    components: tuple[str, ...]
    weights: dict[str, np.ndarray]
    thresholds: dict[str, dict[str, Threshold]]
    metrics: tuple[Metric, ...]
    bands: tuple[Band, ...]

    @property
    def scheme_bands(self) -> list[tuple[str, float, float]]:
        return [(b.name, b.min_score, b.max_score) for b in self.bands]

    def metric(self, name: str) -> Metric:
        return next(m for m in self.metrics if m.name == name)

    def scorecard_for(self, segment: str) -> str:
        """The scorecard a segment is scored with: its own when it overrides anything."""
        return segment if segment in self.weights else "default"


def read_config(database: Path | str, con: duckdb.DuckDBPyConnection | None = None) -> ScoringConfig:
    """The resolved configuration from the config marts of a warehouse or a publication."""
    if con is None:
        with duckdb.connect(str(database), read_only=True) as own:
            return read_config(database, own)
    missing = sorted(set(CONFIG_MARTS) - set(tables_in(con, "marts")))
    if missing:
        raise ValueError(f"{database} has no {', '.join(missing)}: build it with the current project first")
    metrics = tuple(Metric(*row) for row in con.execute(
        "select metric, component, direction, description from marts.health_config_metrics "
        "order by component_order, metric_order").fetchall())
    weight_rows = con.execute(
        "select scorecard, component, weight from marts.health_config_weights order by scorecard, component_order"
    ).fetchall()
    components = tuple(c for (c,) in con.execute(
        "select component from marts.health_config_weights where scorecard = 'default' order by component_order"
    ).fetchall())
    weights: dict[str, np.ndarray] = {}
    for scorecard, component, weight in weight_rows:
        weights.setdefault(scorecard, np.zeros(len(components)))[components.index(component)] = float(weight)
    thresholds: dict[str, dict[str, Threshold]] = {}
    for scorecard, metric, low, high, weight in con.execute(
            "select scorecard, metric, low, high, metric_weight from marts.health_config_thresholds").fetchall():
        thresholds.setdefault(scorecard, {})[metric] = Threshold(float(low), float(high), float(weight))
    bands = tuple(Band(name, int(rank), float(low), float(high)) for name, rank, low, high in con.execute(
        "select band, band_rank, min_score, max_score from marts.health_config_bands order by band_rank").fetchall())
    return ScoringConfig(components, weights, thresholds, metrics, bands)


def band_order_sql(column: str) -> str:
    """An ORDER BY expression putting bands best first by the rank the configuration gives them
    (marts.health_config_bands), a band without a rank (insufficient_data) last. `column` must be
    qualified (e.g. `day.band`): unqualified, it would name the ranks' own column."""
    return (f"coalesce((select max(ranks.band_rank) from marts.health_config_bands as ranks "
            f"where ranks.band = {column}), 999)")
