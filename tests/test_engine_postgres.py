"""The same models on PostgreSQL give the same daily health fact as on DuckDB."""

from __future__ import annotations

import glob
import os
import shutil

import pytest

from orchestration.engines.compare import compare_engine, compare_rows
from tests.conftest import FIXTURES

HAVE_POSTGRES = bool(shutil.which("initdb") or glob.glob("/usr/lib/postgresql/*/bin/initdb"))
needs_postgres = pytest.mark.skipif(
    not HAVE_POSTGRES and not os.environ.get("CI"),
    reason="PostgreSQL server binaries not installed (CI installs them)",
)


def test_compare_rows_flags_every_kind_of_difference():
    base = {"account_id": "a", "score_date": 1, "health_score": 50.0, "band": "amber"}
    same = compare_rows("x", [base], [dict(base, health_score=50.0 + 1e-9)])
    assert same.ok and same.max_abs_diff == pytest.approx(1e-9)
    off = compare_rows("x", [base], [dict(base, health_score=50.1, band="green")])
    assert not off.ok
    assert {m[1] for m in off.mismatches} == {"health_score", "band"}
    missing = compare_rows("x", [base, dict(base, account_id="b")], [base])
    assert missing.missing_in_other == [("b", 1)] and not missing.ok


@needs_postgres
def test_postgres_matches_duckdb_row_for_row(tmp_path):
    result = compare_engine("postgres", accounts=200, days=90, seed=42, scored_days=30,
                            workdir=tmp_path)
    print(result.report())
    assert result.rows_duckdb == result.rows_other > 200 * 20
    assert result.missing_in_other == [] and result.extra_in_other == []
    assert result.mismatches == []
    assert result.max_abs_diff < 1e-6
    assert result.rejected_duckdb > 0 and result.rejected_differences == []
    # the marts built on the fact: the metric tree, the alerts, expansion readiness, families
    for name, mart in result.marts.items():
        assert mart.rows_duckdb == mart.rows_other, name
        assert mart.rows_ok, (name, mart.mismatches[:3], mart.missing_in_other[:3])
    assert result.marts["health_metric_points"].rows_duckdb > result.rows_duckdb * 15
    assert result.ok


@needs_postgres
def test_postgres_sets_aside_the_same_bad_rows(tmp_path):
    """Text parsing differs most between engines: dates like 2026-02-30, 'yesterday', zones."""
    result = compare_engine("postgres", workdir=tmp_path, raw_folder=FIXTURES / "bad_input",
                            dbt_vars={"load_date": "2026-06-30"})
    print(result.report())
    assert result.rows_duckdb == result.rows_other == 3 * 3  # 3 accounts, 3 days (lookback)
    assert result.mismatches == []
    assert result.rejected_duckdb == 62 and result.rejected_differences == []  # all three actions
