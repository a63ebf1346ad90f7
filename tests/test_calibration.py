"""Fitting the configuration to churn: Python re-scores exactly what dbt scored, thresholds are
found where the data says, and a proposal is applied only on purpose."""

from __future__ import annotations

import csv
import datetime as dt

import numpy as np
import pytest

from orchestration.calibration import choose_threshold, load_observations, propose
from orchestration.proposals import apply_proposal, propose_from_warehouse
from orchestration.rescore import band_of, normalise, scores_for, subscores_from_metrics
from orchestration.scoring_config import read_config


def test_python_rescore_equals_the_fact_on_every_observation(sample_backtest):
    """The parity the calibration rests on: metric values + the resolved thresholds give the
    stored subscores, those + the resolved weights give the fact's uncapped score, and banding
    the capped score gives the fact's band."""
    config = read_config(sample_backtest.path)
    assert config.components == ("usage", "adoption", "value", "lifecycle", "support", "commercial", "sentiment")
    assert len(config.metrics) == 26 and set(config.weights) == {"default", "smb", "enterprise"}
    obs = load_observations(sample_backtest.path, config, censored=True)
    assert len(obs) > 3000
    subscores = subscores_from_metrics(config, obs.metric_values, obs.scorecard)
    assert np.array_equal(np.isnan(subscores), np.isnan(obs.subscores))
    assert np.nanmax(np.abs(subscores - obs.subscores)) < 1e-9
    uncapped = scores_for(config, subscores, obs.scorecard)
    assert np.nanmax(np.abs(uncapped - obs.health_score_uncapped)) < 1e-5  # contributions are rounded to 6 dp
    bands = dict(((a, d), b) for a, d, b in sample_backtest.query(
        "select account_id, observation_date, band from marts.health_backtest_observations"))
    python_bands = band_of(obs.health_score, config.bands)
    assert [bands[(a, d)] for a, d in zip(obs.account_id, obs.date, strict=True)] == list(python_bands)


def test_normalise_is_the_clamped_line_both_ways():
    values = np.array([0.0, 5.0, 22.5, 40.0, 99.0, np.nan])
    assert normalise(values, 5, 40).tolist()[:5] == [0, 0, 50, 100, 100]
    assert np.isnan(normalise(values, 5, 40)[5])
    # less is better: low above high
    assert normalise(np.array([45.0, 22.5, 0.0]), 45, 0).tolist() == [0, 50, 100]
    assert np.isnan(normalise(np.array([3.0]), 2, 2)).all()


def test_thresholds_are_found_where_churn_risk_changes():
    """Churn risk falls linearly from value 20 to value 60 and is flat outside: the fit picks
    the quantile pair at 20 and 60. Reversed (less is better), it picks them the other way."""
    rng = np.random.default_rng(5)
    values = rng.uniform(0, 100, 40_000)
    risk = 1 / (1 + np.exp(-(1.0 - 5.0 * np.clip((values - 20) / 40, 0, 1))))
    churned = (rng.random(len(values)) < risk).astype(int)
    low, high, method, _ = choose_threshold(values, churned, higher_is_better=True)
    assert method == "fitted"
    assert low == pytest.approx(20, abs=2) and high == pytest.approx(60, abs=2)
    low, high, method, _ = choose_threshold(100 - values, churned, higher_is_better=False)
    assert method == "fitted" and low == pytest.approx(80, abs=2) and high == pytest.approx(40, abs=2)


def test_with_few_churn_events_thresholds_follow_the_data_scale():
    """A product whose users do ten times more: with too few outcomes to fit, low/high are the
    10th and 90th percentile of the values, whatever their scale."""
    values = np.arange(1, 1001, dtype=float) * 10  # 10 .. 10,000
    churned = np.zeros(len(values), dtype=int)
    churned[:5] = 1
    low, high, method, reason = choose_threshold(values, churned, higher_is_better=True)
    assert method == "distribution" and "5 churn events" in reason
    assert low == pytest.approx(np.quantile(values, 0.1)) and high == pytest.approx(np.quantile(values, 0.9))
    assert choose_threshold(np.ones(50), churned[:50], higher_is_better=True) is None  # cannot be scaled


def test_the_proposal_on_the_sample_scores_later_dates_at_least_as_well(sample_backtest, tmp_path):
    files = propose_from_warehouse(sample_backtest.path, tmp_path)
    p = files.proposal
    assert p.train_rows > 2000 and p.test_rows > 800
    assert p.split_date > min(load_observations(sample_backtest.path, files.config).date)
    assert p.before.auc > 0.8 and p.thresholds_only.auc > 0.8 and p.after.auc > 0.8
    assert p.after.auc >= p.before.auc - 0.01
    with files.thresholds_csv.open() as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == ["metric", "segment", "low", "high", "weight"]
    defaults = {r["metric"]: r for r in rows if r["segment"] == "default"}
    assert set(defaults) == {m.name for m in files.config.metrics}
    for metric in files.config.metrics:  # every row runs the declared way
        low, high = float(defaults[metric.name]["low"]), float(defaults[metric.name]["high"])
        assert (low < high) == metric.higher_is_better or low == high, metric.name


def test_weights_are_fitted_on_the_proposed_thresholds(sample_backtest):
    config = read_config(sample_backtest.path)
    obs = load_observations(sample_backtest.path, config)
    with_thresholds = propose(obs, config, iterations=300)
    weights_only = propose(obs, config, iterations=300, fit_thresholds=False)
    assert with_thresholds.thresholds and not weights_only.thresholds
    assert not np.allclose(with_thresholds.proposed["default"], weights_only.proposed["default"])
    assert weights_only.thresholds_only is None


def test_a_proposal_is_applied_only_on_purpose(tmp_path):
    seeds, proposals = tmp_path / "seeds", tmp_path / "reports"
    seeds.mkdir()
    proposals.mkdir()
    (seeds / "scoring_weights.csv").write_text("segment,component,weight\ndefault,usage,1\n")
    (seeds / "metric_thresholds.csv").write_text("metric,segment,low,high,weight\nm,default,0,1,1\n")
    (proposals / "weights_proposed.csv").write_text("segment,component,weight\ndefault,usage,1\nsmb,usage,1\n")
    dry = apply_proposal(proposals, seeds, dry_run=True)
    assert [(a.seed.name, a.rows_before, a.rows_after, a.changed_rows) for a in dry] == [
        ("scoring_weights.csv", 1, 2, 1)]
    assert (seeds / "scoring_weights.csv").read_text().count("\n") == 2  # nothing written
    applied = apply_proposal(proposals, seeds)
    assert (seeds / "scoring_weights.csv").read_text() == (proposals / "weights_proposed.csv").read_text()
    assert applied[0].backup.read_text() == "segment,component,weight\ndefault,usage,1\n"
    assert (seeds / "metric_thresholds.csv").read_text().startswith("metric,segment")  # no proposal: untouched
    (proposals / "thresholds_proposed.csv").write_text("segment,component,weight\n")
    with pytest.raises(ValueError, match="not those of"):
        apply_proposal(proposals, seeds, only=["metric_thresholds.csv"])
    with pytest.raises(FileNotFoundError, match="no proposal file"):
        apply_proposal(tmp_path / "empty", seeds)


def test_observations_split_in_time(sample_backtest):
    config = read_config(sample_backtest.path)
    obs = load_observations(sample_backtest.path, config)
    p = propose(obs, config, iterations=200)
    train_dates = {d for d in obs.date if d < p.split_date}
    assert train_dates and all(d < p.split_date for d in train_dates)
    assert p.test_rows == int((obs.date >= p.split_date).sum())
    assert isinstance(p.split_date, dt.date)
