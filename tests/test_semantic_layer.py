"""The semantic layer: `mf query` (MetricFlow's CLI) on the sample book gives the figures the run
summary prints and the marts hold -- accounts, ARR, mean score and the at-risk queue on the
latest day, per band and per day, by owner and component, and churn and renewal by band."""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from orchestration.summary import build_summary
from tests.conftest import project_copy


@pytest.fixture(scope="module")
def mf_project(sample_backtest, tmp_path_factory) -> Path:
    """A copy of the project whose target/ holds the semantic manifest of the sample build
    (mf reads target/semantic_manifest.json under the directory it runs in)."""
    project = project_copy(tmp_path_factory.mktemp("mf"))
    (project / "target").mkdir()
    shutil.copy(sample_backtest.path.parent / "target" / "semantic_manifest.json", project / "target")
    return project


def mf_query(project: Path, warehouse: Path, *args: str) -> list[dict[str, str]]:
    """Run `mf query ARGS --csv` against `warehouse` and return its rows."""
    out = project / f"result_{abs(hash(args))}.csv"
    env = {**os.environ, "HEALTH_DUCKDB_PATH": str(warehouse), "HEALTH_DUCKDB_TEMP_DIR": str(project / "tmp"),
           "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    proc = subprocess.run([str(Path(sys.executable).with_name("mf")), "query", *args, "--csv", str(out), "--quiet"],
                          cwd=project, env=env, text=True, capture_output=True, timeout=300)
    assert proc.returncode == 0 and out.exists(), proc.stdout + proc.stderr
    with out.open(newline="") as fh:
        return list(csv.DictReader(fh))


def _num(text: str) -> float:
    return float(text.replace(",", ""))


def test_latest_day_totals_equal_the_summary(sample_backtest, mf_project):
    """No time grouping: the semi-additive measures give the latest scored day, as the summary."""
    (row,) = mf_query(mf_project, sample_backtest.path,
                      "--metrics", "accounts,arr,mean_health_score,queue_size,arr_at_risk,arr_at_risk_share")
    summary = build_summary(sample_backtest.path)
    head = re.search(r"Account health on (\S+): ([\d,]+) active accounts, ARR ([\d,]+), mean score ([\d.]+)", summary)
    queue = re.search(r"At-risk queue: ([\d,]+) accounts below the threshold, ARR ([\d,]+)", summary)
    assert int(row["accounts"]) == _num(head[2])
    assert f"{float(row['arr']):,.0f}" == head[3]
    assert f"{float(row['mean_health_score']):.1f}" == head[4]
    assert int(float(row["queue_size"])) == _num(queue[1])
    assert f"{float(row['arr_at_risk']):,.0f}" == queue[2]
    # and exactly, against the marts
    accounts, arr, mean = sample_backtest.one(
        """select count(*), sum(arr), avg(health_score) from marts.fct_account_health_daily
           where score_date = (select max(score_date) from marts.fct_account_health_daily)""")
    queued, at_risk = sample_backtest.one("select count(*), sum(arr_at_risk) from marts.health_at_risk_queue")
    assert int(row["accounts"]) == accounts and int(float(row["queue_size"])) == queued
    assert float(row["arr"]) == pytest.approx(arr, rel=1e-12)
    assert float(row["mean_health_score"]) == pytest.approx(mean, rel=1e-12)
    assert float(row["arr_at_risk"]) == pytest.approx(at_risk, rel=1e-12)
    assert float(row["arr_at_risk_share"]) == pytest.approx(at_risk / arr, rel=1e-9)


def test_accounts_and_arr_per_band_and_day_equal_the_portfolio(sample_backtest, mf_project):
    """Grouped by day and band: every day equals marts.health_portfolio_summary summed over
    segments, and the latest day equals the summary's band table."""
    rows = mf_query(mf_project, sample_backtest.path, "--metrics", "accounts,arr,mean_health_score,queue_size",
                    "--group-by", "metric_time__day,health__band")
    got = {(r["metric_time__day"][:10], r["health__band"]): r for r in rows}
    expected = {(str(day), band): (n, arr) for day, band, n, arr in sample_backtest.query(
        """select score_date, band, sum(accounts), sum(arr) from marts.health_portfolio_summary
           group by score_date, band""")}
    assert len(expected) > 365 and set(got) == set(expected)
    for key, (n, arr) in expected.items():
        assert int(got[key]["accounts"]) == n, key
        assert float(got[key]["arr"] or 0) == pytest.approx(arr or 0, rel=1e-9), key
    latest = max(day for day, _ in got)
    band_line = r"^\s+(green|amber|red|critical|insufficient_data)\s+([\d,]+)\s+\d+%\s+([\d,]+)\s+\d+%\s+([\d.]+)"
    table = re.findall(band_line, build_summary(sample_backtest.path), flags=re.M)
    assert len(table) >= 4
    for band, n, arr, mean in table:
        row = got[(latest, band)]
        assert (int(row["accounts"]), f"{float(row['arr']):,.0f}", f"{float(row['mean_health_score']):.1f}") == (
            _num(n), arr, mean)
    queued_by_band = dict(sample_backtest.query("select band, count(*) from marts.health_at_risk_queue group by band"))
    assert {b: int(float(got[(latest, b)]["queue_size"])) for b in queued_by_band} == queued_by_band


def test_the_queue_by_owner_and_component_equals_the_queue_mart(sample_backtest, mf_project):
    rows = mf_query(mf_project, sample_backtest.path, "--metrics", "queue_size,arr_at_risk",
                    "--group-by", "health__owner,health__component")
    got = {(r["health__owner"], r["health__component"]): (int(float(r["queue_size"])), float(r["arr_at_risk"]))
           for r in rows if float(r["queue_size"]) > 0}
    expected = {(o, c): (n, arr) for o, c, n, arr in sample_backtest.query(
        """select csm_owner, primary_driver, count(*), sum(arr_at_risk) from marts.health_at_risk_queue
           group by csm_owner, primary_driver""")}
    assert len(expected) > 5 and set(got) == set(expected)
    for key, (n, arr) in expected.items():
        assert got[key][0] == n and got[key][1] == pytest.approx(arr, rel=1e-9), key


def test_churn_and_renewal_by_band_equal_the_backtest(sample_backtest, mf_project):
    rows = mf_query(mf_project, sample_backtest.path,
                    "--metrics", "backtest_observations,churned_observations,churn_rate,renewal_rate",
                    "--group-by", "observation__band")
    got = {r["observation__band"]: r for r in rows}
    expected = {b: (n, c, cr, rr) for b, n, c, cr, rr in sample_backtest.query(
        """select band, observations, churned, churn_rate, renewal_rate from marts.health_backtest_bands
           where segment = 'all'""")}
    assert set(got) == set(expected) and len(expected) == 4
    summary = build_summary(sample_backtest.path)
    for band, (n, churned, churn_rate, renewal_rate) in expected.items():
        row = got[band]
        assert (int(float(row["backtest_observations"])), int(float(row["churned_observations"]))) == (n, churned)
        assert float(row["churn_rate"]) == pytest.approx(churn_rate, rel=1e-9)
        assert float(row["renewal_rate"]) == pytest.approx(renewal_rate, rel=1e-9)
        assert f"{band} {float(row['churn_rate']):.1%} ({churned}/{n:,})" in summary
