"""Reading the configuration seeds (seeds/*.csv) from Python, with the same rules as dbt."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path


def read_seed(path: Path) -> list[dict[str, str]]:
    """The rows of a seed CSV, as text."""
    with Path(path).open(newline="") as fh:
        return list(csv.DictReader(fh))


def scorecards(rows: list[dict]) -> dict[str, dict[str, float]]:
    """segment -> component -> weight from scoring_weights rows with numeric weights: each
    segment's rows override the default ones, as in int_config__scorecards."""
    cards: dict[str, dict[str, float]] = defaultdict(dict)
    for row in rows:
        cards[row["segment"]][row["component"]] = float(row["weight"])
    default = cards.get("default", {})
    return {segment: {**default, **weights} for segment, weights in cards.items()}
