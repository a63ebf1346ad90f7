"""Python asset checks: the configuration a person edits, and the share of raw rows set aside.

dbt's own tests are asset checks too (dagster-dbt); these add what is easier to say in Python,
with messages that name the offending rows.
"""

from __future__ import annotations

import os
from collections import defaultdict

import duckdb
from dagster import AssetCheckResult, AssetCheckSeverity, AssetKey, asset_check

from orchestration.catalog import tables_in
from orchestration.diagnosis import staging_findings
from orchestration.quoting import identifier
from orchestration.raw_contract import RAW_TABLES
from orchestration.resources import WarehouseWriter
from orchestration.seeds import read_seed, scorecards
from orchestration.settings import dbt_project_dir, warehouse_path

SEEDS = dbt_project_dir() / "seeds"


def weight_problems(rows: list[dict[str, str]], tolerance: float = 1e-6) -> list[str]:
    """Each scorecard's weights must be numbers in [0, 1] that sum to 1. A segment's scorecard
    is the default rows with the segment's rows overriding them (see seeds.scorecards)."""
    numeric, problems = [], []
    for number, row in enumerate(rows, start=2):
        try:
            weight = float(row["weight"])
        except (TypeError, ValueError):
            problems.append(f"line {number}: weight {row.get('weight')!r} is not a number")
            continue
        if not 0 <= weight <= 1:
            problems.append(f"line {number}: weight {weight} of {row['segment']}/{row['component']} "
                            "is outside 0-1")
        numeric.append(row)
    cards = scorecards(numeric)
    if "default" not in cards:
        problems.append("no default scorecard (rows with segment 'default')")
    for segment, weights in sorted(cards.items()):
        total = sum(weights.values())
        if abs(total - 1) > tolerance:
            problems.append(f"segment {segment}: weights sum to {total:.6f} after inheriting the "
                            "default rows, not 1")
    return problems


def band_problems(rows: list[dict[str, str]]) -> list[str]:
    """Each scheme's bands [min_score, max_score) must cover 0-100 with no gap and no overlap."""
    schemes: dict[str, list[tuple[float, float, str]]] = defaultdict(list)
    problems = []
    for number, row in enumerate(rows, start=2):
        try:
            low, high = float(row["min_score"]), float(row["max_score"])
        except (TypeError, ValueError):
            problems.append(f"line {number}: band {row.get('band')!r} has a non-numeric edge")
            continue
        if low >= high:
            problems.append(f"line {number}: band {row['band']} of {row['scheme']} has min {low} >= max {high}")
        schemes[row["scheme"]].append((low, high, row["band"]))
    for scheme, bands in sorted(schemes.items()):
        bands.sort()
        if bands[0][0] != 0:
            problems.append(f"scheme {scheme}: lowest band {bands[0][2]} starts at {bands[0][0]}, not 0")
        if bands[-1][1] != 100:
            problems.append(f"scheme {scheme}: highest band {bands[-1][2]} ends at {bands[-1][1]}, not 100")
        for (_, high, name), (low, _, following) in zip(bands, bands[1:], strict=False):
            if low < high:
                problems.append(f"scheme {scheme}: bands {name} and {following} overlap ({low} < {high})")
            elif low > high:
                problems.append(f"scheme {scheme}: gap between {name} and {following} ({high} to {low})")
    return problems


@asset_check(asset=AssetKey(["config", "scoring_weights"]),
             description="Each segment's weights are non-negative and sum to 1.")
def weights_sum_to_one() -> AssetCheckResult:
    problems = weight_problems(read_seed(SEEDS / "scoring_weights.csv"))
    return AssetCheckResult(passed=not problems, metadata={"problems": "\n".join(problems) or "none"})


@asset_check(asset=AssetKey(["config", "score_bands"]),
             description="Each band scheme covers 0-100 without gaps or overlaps.")
def bands_cover_0_to_100() -> AssetCheckResult:
    problems = band_problems(read_seed(SEEDS / "score_bands.csv"))
    return AssetCheckResult(passed=not problems, metadata={"problems": "\n".join(problems) or "none"})


def rejected_share(con: duckdb.DuckDBPyConnection) -> tuple[int, int, dict[str, int]]:
    """(rows set aside, raw rows, set aside per table) in the working warehouse."""
    per_table = dict(con.execute(
        "select source_table, count(*) from staging.stg_raw__rejected_rows "
        "where action = 'rejected' group by source_table").fetchall())
    present = tables_in(con, "raw")
    raw_rows = sum(con.execute(f"select count(*) from raw.{identifier(t)}").fetchall()[0][0]
                   for t in RAW_TABLES if t in present)
    return sum(per_table.values()), raw_rows, per_table


@asset_check(asset=AssetKey(["staging", "stg_raw__rejected_rows"]), pool="duckdb_writer",
             description="Warns when more than HEALTH_REJECTED_WARN_SHARE (default 1%) of raw rows "
                         "were set aside by staging, and, with the cause and the fix, when a raw "
                         "table was mostly set aside or no product event is in the event catalog.")
def rejected_rows_share(warehouse: WarehouseWriter) -> AssetCheckResult:
    threshold = float(os.environ.get("HEALTH_REJECTED_WARN_SHARE", "0.01"))
    with duckdb.connect(str(warehouse_path()), read_only=True) as con:
        rejected, raw_rows, per_table = rejected_share(con)
        findings = [str(f) for f in staging_findings(con)]
    share = rejected / raw_rows if raw_rows else 0.0
    return AssetCheckResult(
        passed=share <= threshold and not findings,
        severity=AssetCheckSeverity.WARN,
        description="\n".join(findings) or None,
        metadata={"rejected_rows": rejected, "raw_rows": raw_rows, "share": round(share, 4),
                  "threshold": threshold, "not_meaningful": "\n".join(findings) or "none",
                  **{f"rejected_{t}": n for t, n in sorted(per_table.items())}},
    )
