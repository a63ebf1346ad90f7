"""The CS console over the sample book's publication: every page renders the marts' figures
(Streamlit's AppTest), and a real browser (headless Chromium) shows the queue's top account."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from orchestration.commands.console import APP, streamlit_command

LATEST = "(select max(score_date) from marts.fct_account_health_daily)"


@pytest.fixture
def app(sample_publication, monkeypatch) -> AppTest:
    monkeypatch.setenv("HEALTH_PUBLISH_DIR", str(sample_publication))
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


def _page(at: AppTest, view: str) -> AppTest:
    at.switch_page(f"views/{view}.py").run()
    assert not at.exception, at.exception
    return at


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_portfolio_shows_the_latest_day_and_the_bands(app, sample_backtest):
    """The default page: accounts, ARR, mean score and the queue of the latest day, the band table
    of the portfolio mart; a segment filter narrows every figure."""
    n, arr, mean = sample_backtest.one(
        f"select count(*), sum(arr), avg(health_score) from marts.fct_account_health_daily where score_date = {LATEST}")
    queued, at_risk = sample_backtest.one("select count(*), sum(arr_at_risk) from marts.health_at_risk_queue")
    assert app.title[0].value == "Portfolio"
    assert _metrics(app) == {"Accounts": f"{n:,}", "ARR": f"{arr:,.0f}", "Mean score": f"{mean:.1f}",
                             "At-risk queue": f"{queued:,}", "ARR at risk": f"{at_risk:,.0f}"}
    bands = app.dataframe[0].value
    expected = dict(sample_backtest.query(
        f"select band, sum(accounts) from marts.health_portfolio_summary where score_date = {LATEST} group by band"))
    assert dict(zip(bands["band"], bands["accounts"], strict=True)) == expected
    assert bands["account_share"].sum() == pytest.approx(1)
    app.selectbox(key="segment").set_value("enterprise").run()
    (n_ent,) = sample_backtest.one(
        f"select count(*) from marts.fct_account_health_daily where score_date = {LATEST} and segment = 'enterprise'")
    assert _metrics(app)["Accounts"] == f"{n_ent:,}" and 0 < n_ent < n


def test_the_queue_page_lists_the_queue_per_owner_with_playbooks(app, sample_backtest):
    at = _page(app, "queue")
    top_id, top_owner, top_playbook = sample_backtest.one(
        "select account_id, csm_owner, playbook from marts.health_at_risk_queue where queue_rank = 1")
    (queued,) = sample_backtest.one("select count(*) from marts.health_at_risk_queue")
    table = at.dataframe[0].value
    assert table["account_id"].iloc[0] == top_id and len(table) == queued
    assert _metrics(at)["Accounts in the queue"] == f"{queued:,}"
    assert f"Call first: {top_id}" in at.markdown[0].value
    assert any(e.label.startswith(top_playbook) for e in at.expander)
    at.selectbox(key="owner").set_value(top_owner).run()
    mine = sample_backtest.query("select account_id from marts.health_at_risk_queue where csm_owner = ? "
                                 "order by queue_rank", [top_owner])
    table = at.dataframe[0].value
    assert table["account_id"].tolist() == [a for (a,) in mine]
    assert set(table["csm_owner"]) == {top_owner}


def test_the_account_page_shows_trend_drivers_alerts_and_renewal(sample_publication, sample_backtest, monkeypatch):
    (account,) = sample_backtest.one(
        "select account_id from marts.health_alerts group by account_id order by count(*) desc, account_id limit 1")
    monkeypatch.setenv("HEALTH_PUBLISH_DIR", str(sample_publication))
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params["account"] = account
    at.run()
    at = _page(at, "account")
    score, band, renewal, days = sample_backtest.one(
        "select health_score, band, renewal_date, days_to_renewal from marts.health_current where account_id = ?",
        [account])
    assert at.selectbox(key="account").value == account
    metrics = _metrics(at)
    assert metrics["Score"] == f"{score:.2f}" and metrics["Band"] == band
    assert metrics["Renewal"] == str(renewal)
    assert f"in {days} days" in [m.proto.delta for m in at.metric if m.label == "Renewal"][0]
    parts = at.dataframe[0].value
    fact = sample_backtest.one(
        f"""select usage_subscore, support_subscore, contribution_usage, primary_driver,
                   primary_driver_points_lost from marts.fct_account_health_daily
            where account_id = ? and score_date = {LATEST}""", [account])
    by_component = parts.set_index("component")
    assert len(parts) == 7
    assert by_component.loc["usage", "subscore"] == pytest.approx(fact[0], nan_ok=True)
    assert by_component.loc["support", "subscore"] == pytest.approx(fact[1], nan_ok=True)
    assert by_component.loc["usage", "contribution"] == pytest.approx(fact[2], nan_ok=True)
    assert by_component["points_lost"].idxmax() == fact[3]
    assert by_component["points_lost"].max() == pytest.approx(fact[4], abs=1e-6)
    (alerts,) = sample_backtest.one("select count(*) from marts.health_alerts where account_id = ?", [account])
    assert len(at.dataframe[1].value) == alerts > 0
    edges = sample_backtest.query("select band, min_score from marts.health_config_bands order by band_rank")
    assert any(", ".join(f"{b} from {m:g}" for b, m in edges) in c.value for c in at.caption)


def test_the_backtest_page_shows_churn_by_band_and_auc(app, sample_backtest):
    at = _page(app, "backtest")
    auc, lift, observations = sample_backtest.one(
        "select auc, top_decile_lift, observations from marts.health_backtest_metrics "
        "where segment = 'all' and predictor = 'health_score'")
    metrics = _metrics(at)
    assert metrics["ROC AUC of the score"] == f"{auc:.3f}" and metrics["Observations"] == f"{observations:,}"
    assert metrics["Top-decile lift"] == f"{lift:.1f}x"
    bands = at.dataframe[0].value
    expected = sample_backtest.query("select band, churn_rate from marts.health_backtest_bands "
                                     "where segment = 'all' order by band_rank")
    assert bands["band"].tolist() == [b for b, _ in expected]
    assert bands["churn_rate"].tolist() == pytest.approx([r for _, r in expected])
    at.selectbox(key="backtest_segment").set_value("smb").run()
    (smb_auc,) = sample_backtest.one("select auc from marts.health_backtest_metrics "
                                     "where segment = 'smb' and predictor = 'health_score'")
    assert _metrics(at)["ROC AUC of the score"] == f"{smb_auc:.3f}"


def test_the_rejected_rows_page_counts_what_staging_set_aside(app, sample_backtest):
    at = _page(app, "rejected")
    (total,) = sample_backtest.one("select count(*) from staging.stg_raw__rejected_rows")
    assert total > 0 and _metrics(at)["Rows set aside or repaired"] == f"{total:,}"
    summary = at.dataframe[0].value
    assert summary["rows"].sum() == total
    at.selectbox(key="rejected_table").set_value("invoices").run()
    rows = at.dataframe[1].value
    (invoices,) = sample_backtest.one("select count(*) from staging.stg_raw__rejected_rows "
                                      "where source_table = 'invoices'")
    assert set(rows["source_table"]) == {"invoices"} and len(rows) == min(invoices, 500)


def test_without_a_publication_the_console_says_how_to_make_one(tmp_path, monkeypatch):
    monkeypatch.setenv("HEALTH_PUBLISH_DIR", str(tmp_path / "nothing"))
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not at.exception
    assert "no publication in" in at.error[0].value and "make run" in at.error[0].value


# --- a real browser --------------------------------------------------------------------------

def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_healthy(url: str, process: subprocess.Popen, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, "the console exited before it served"
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.read().strip() == b"ok":
                    return
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"the console did not answer {url} within {seconds} s")


def _chromium_args(user_data: Path) -> list[str]:
    return ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
            f"--user-data-dir={user_data}", "--window-size=1400,1000", "--virtual-time-budget=20000"]


def test_a_browser_shows_the_queue_with_the_marts_top_account(sample_publication, sample_backtest, tmp_path):
    chromium = _chromium()
    if chromium is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing in CI: .ci/run installs the Debian package chromium")
        pytest.skip("chromium is not installed (apt-get install -y chromium); CI installs it")
    top_id, top_name = sample_backtest.one(
        "select account_id, account_name from marts.health_at_risk_queue where queue_rank = 1")
    port = _free_port()
    env = {**os.environ, "HEALTH_PUBLISH_DIR": str(sample_publication)}
    server = subprocess.Popen(streamlit_command(address="127.0.0.1", port=port), env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        _wait_healthy(f"http://127.0.0.1:{port}/_stcore/health", server)
        url = f"http://127.0.0.1:{port}/queue"
        # The page draws once the app's script has run over its websocket; on a busy machine the
        # first load can end before that, so a few bounded tries (a warm server answers faster).
        for attempt in range(3):
            dom = subprocess.run([chromium, *_chromium_args(tmp_path / f"profile-dom-{attempt}"), "--dump-dom", url],
                                 capture_output=True, text=True, timeout=120)
            if top_id in dom.stdout:
                break
        assert top_id in dom.stdout, dom.stdout[-2000:] + dom.stderr[-2000:]
        assert "My queue" in dom.stdout and f"Call first: {top_id}" in re.sub(r"<[^>]+>", "", dom.stdout)
        screenshot = tmp_path / "console_queue.png"
        shot = subprocess.run([chromium, *_chromium_args(tmp_path / "profile-shot"), f"--screenshot={screenshot}",
                               url], capture_output=True, text=True, timeout=120)
        assert screenshot.exists() and screenshot.stat().st_size > 10_000, shot.stderr[-2000:]
        assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        print(f"console screenshot (queue page, top account {top_id} {top_name}): {screenshot}")
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
