"""Configuration errors fail fast with a message naming the offending rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from orchestration.dbt_runner import run_dbt
from tests.conftest import project_copy


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new))


@pytest.fixture(scope="module")
def broken_config_output(tmp_path_factory) -> str:
    tmp = tmp_path_factory.mktemp("config")
    project = project_copy(tmp)
    seeds = project / "seeds"
    _edit(seeds / "scoring_weights.csv", "enterprise,usage,0.15", "enterprise,usage,0.25")
    _edit(seeds / "scoring_weights.csv", "smb,sentiment,0.10", "smb,sentiment,0.10\nsmb,mood,0.0")
    _edit(seeds / "metric_thresholds.csv", "value_events_in_window,smb,0,4,",
          "value_events_in_window,smb,0,0,")
    _edit(seeds / "score_bands.csv", "default,amber,2,50,75", "default,amber,2,50,80")
    _edit(seeds / "score_bands.csv", "three_band,green,1,70,100\nthree_band,amber,2,40,70",
          "three_band,green,2,70,100\nthree_band,amber,1,40,70")
    _edit(seeds / "score_caps.csv", "open_sev1,support_open_sev1,>=,1,40",
          "open_sev1,support_open_sev1,=>,1,40")
    proc = run_dbt(
        ["build", "--select", "+int_config__scorecards +int_config__metric_thresholds "
         "+int_config__bands +int_config__caps", "--exclude", "resource_type:test"],
        database=tmp / "warehouse.duckdb", project_dir=project, quiet=True, check=False,
    )
    assert proc.returncode != 0
    return proc.stdout


def test_weights_not_summing_to_one_name_the_scorecard_and_rows(broken_config_output):
    assert ("scorecard enterprise: weights sum to 1.1 (after inheriting default rows), must be 1: "
            "adoption=0.15, commercial=0.15, lifecycle=0.05, sentiment=0.25, support=0.15, "
            "usage=0.25, value=0.1") in broken_config_output


def test_unknown_component_names_the_row(broken_config_output):
    assert "row segment=smb, component=mood: unknown component" in broken_config_output


def test_low_equal_to_high_names_the_row(broken_config_output):
    assert ("row metric=value_events_in_window, segment=smb: low = high = 0.0"
            in broken_config_output)


def test_overlapping_bands_name_both_bands(broken_config_output):
    assert ("rows scheme=default, bands amber and green: overlap (amber ends at 80.0, "
            "green starts at 75.0)") in broken_config_output


def test_band_ranks_out_of_order_name_the_band(broken_config_output):
    """The stable band counts ranks across edges: rank 1 must be the highest band."""
    assert ("row scheme=three_band, band=green: band_rank is 2, but ranks must count 1, 2, ... "
            "from the highest band down (expected 1)") in broken_config_output


def test_unknown_cap_operator_names_the_cap(broken_config_output):
    assert "row cap_id=open_sev1: operator must be one of >=, >, <=, <, =; got =>" in (
        broken_config_output
    )
