"""The Dagster graph (in process), the partition window, publishing and its safety."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from orchestration import PROJECT_DIR
from orchestration.checks import band_problems, weight_problems
from orchestration.partitions import (
    FULL_REFRESH_TAG,
    LOOKBACK_TAG,
    PARTITION_TAG,
    DbtWindow,
    range_tags,
    window_args,
    window_from_tags,
)
from orchestration.publish import current_publication
from orchestration.seeds import read_seed
from tests.conftest import project_copy

END = dt.date(2026, 6, 30)
D = dt.timedelta(days=1)


@pytest.fixture(scope="module", autouse=True)
def manifest() -> None:
    """The definitions read target/manifest.json: parse the project first (a fresh clone has none)."""
    from orchestration.project import prepare_manifest

    prepare_manifest()
FACT = "marts.fct_account_health_daily"


# --- the partition window: a pure function --------------------------------------------------

def test_a_partition_window_scores_exactly_its_days():
    window = window_args(dt.date(2026, 6, 1), dt.date(2026, 6, 30))
    assert window.dbt_vars == {"score_start_date": "2026-06-01", "score_end_date": "2026-06-30"}
    # the window reaches dbt through the environment, so dbt keeps its saved parse between runs
    assert window.args() == []
    assert window.env() == {"HEALTH_SCORE_START_DATE": "2026-06-01",
                            "HEALTH_SCORE_END_DATE": "2026-06-30"}
    single = window_args(END, END)
    assert single.dbt_vars == {"score_start_date": "2026-06-30", "score_end_date": "2026-06-30"}


def test_full_refresh_keeps_the_window_and_adds_the_flag():
    window = window_args(dt.date(2026, 6, 1), END, full_refresh=True)
    assert window.full_refresh
    assert window.args()[-1] == "--full-refresh"
    assert window.dbt_vars["score_start_date"] == "2026-06-01"
    # no window (the non-partitioned assets alone): no vars, dbt scores the latest day of data
    assert window_args(None, None, full_refresh=True) == DbtWindow({}, True)
    assert window_args(None, None).args() == []
    # both variables are always set, empty when not given: a window never outlives its run
    assert window_args(None, None).env() == {"HEALTH_SCORE_START_DATE": "",
                                             "HEALTH_SCORE_END_DATE": ""}


def test_the_schedule_lookback_gives_only_the_end_day():
    window = window_args(END, END, late_data_lookback=True)
    assert window.dbt_vars == {"score_end_date": "2026-06-30"}  # dbt adds late_data_lookback_days
    assert window.env() == {"HEALTH_SCORE_START_DATE": "", "HEALTH_SCORE_END_DATE": "2026-06-30"}


def test_a_reversed_window_is_refused():
    with pytest.raises(ValueError, match="starts 2026-06-30 after it ends 2026-06-01"):
        window_args(END, dt.date(2026, 6, 1))


def test_the_window_comes_from_the_run_tags():
    assert window_from_tags({PARTITION_TAG: "2026-06-30"}).dbt_vars == {
        "score_start_date": "2026-06-30", "score_end_date": "2026-06-30"}
    tags = range_tags(dt.date(2026, 6, 1), END, full_refresh=True)
    assert tags[FULL_REFRESH_TAG] == "true"
    window = window_from_tags(tags)
    assert window.dbt_vars == {"score_start_date": "2026-06-01", "score_end_date": "2026-06-30"}
    assert window.full_refresh
    assert window_from_tags({PARTITION_TAG: "2026-06-30", LOOKBACK_TAG: "true"}).dbt_vars == {
        "score_end_date": "2026-06-30"}
    assert window_from_tags({}) == DbtWindow({}, False)


# --- configuration checks ------------------------------------------------------------------

def test_weight_check_names_the_segment_after_inheriting_defaults():
    rows = [{"segment": "default", "component": c, "weight": w}
            for c, w in [("usage", "0.5"), ("support", "0.5")]]
    assert weight_problems(rows) == []
    rows.append({"segment": "smb", "component": "usage", "weight": "0.7"})
    assert weight_problems(rows) == [
        "segment smb: weights sum to 1.200000 after inheriting the default rows, not 1"]
    rows.append({"segment": "smb", "component": "support", "weight": "-0.2"})
    assert weight_problems(rows) == [
        "line 5: weight -0.2 of smb/support is outside 0-1",
        "segment smb: weights sum to 0.500000 after inheriting the default rows, not 1",
    ]


def test_band_check_finds_overlaps_gaps_and_edges():
    def band(name, low, high):
        return {"scheme": "s", "band": name, "min_score": str(low), "max_score": str(high)}

    assert band_problems([band("red", 0, 50), band("green", 50, 100)]) == []
    assert band_problems([band("red", 0, 60), band("green", 50, 100)]) == [
        "scheme s: bands red and green overlap (50.0 < 60.0)"]
    assert band_problems([band("red", 10, 40), band("green", 50, 90)]) == [
        "scheme s: lowest band red starts at 10.0, not 0",
        "scheme s: highest band green ends at 90.0, not 100",
        "scheme s: gap between red and green (40.0 to 50.0)",
    ]


def test_the_shipped_configuration_passes_the_checks():
    assert weight_problems(read_seed(PROJECT_DIR / "seeds" / "scoring_weights.csv")) == []
    assert band_problems(read_seed(PROJECT_DIR / "seeds" / "score_bands.csv")) == []


# --- definitions ---------------------------------------------------------------------------

def test_definitions_validate_with_the_dagster_cli():
    proc = subprocess.run(
        [str(Path(sys.executable).with_name("dagster")), "definitions", "validate",
         "-m", "orchestration.definitions"],
        cwd=PROJECT_DIR, capture_output=True, text=True,
        env={k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"},
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Validation successful" in proc.stdout + proc.stderr


def test_the_graph_has_the_partitioned_history_checks_and_schedule():
    from dagster import AssetKey, build_schedule_context

    from orchestration.definitions import defs
    from orchestration.schedules import health_daily_schedule

    graph = defs.resolve_asset_graph()
    fact = graph.get(AssetKey(["marts", "fct_account_health_daily"]))
    assert fact.partitions_def is not None
    assert graph.get(AssetKey(["marts", "health_current"])).partitions_def is None
    assert fact.backfill_policy.max_partitions_per_run is None  # single run
    checks = {key.name for key in graph.asset_check_keys}
    assert {"weights_sum_to_one", "bands_cover_0_to_100", "rejected_rows_share",
            "assert_band_matches_score"} <= checks
    publish_parents = {k.to_user_string() for k in graph.get(AssetKey("bi_publication")).parent_keys}
    assert "marts/health_at_risk_queue" in publish_parents

    context = build_schedule_context(scheduled_execution_time=dt.datetime(2026, 7, 1, 2, 0, tzinfo=dt.UTC))
    (request,) = list(health_daily_schedule(context))
    assert request.partition_key == "2026-06-30"
    assert request.tags[LOOKBACK_TAG] == "true"


# --- materialising the graph in process ----------------------------------------------------

@pytest.fixture(scope="module")
def dagster_warehouse(tmp_path_factory):
    """A warehouse built through Dagster: day END-1, then day END, then the range END-10..END."""
    from orchestration.project import prepare_manifest
    from orchestration.runs import materialize_health

    folder = tmp_path_factory.mktemp("dagster")
    saved = {k: os.environ.get(k) for k in ("HEALTH_DUCKDB_PATH", "HEALTH_DUCKDB_TEMP_DIR",
                                            "HEALTH_PUBLISH_DIR", "DAGSTER_HOME")}
    (folder / "dagster_home").mkdir()
    shutil.copy(PROJECT_DIR / "dagster_home" / "dagster.yaml", folder / "dagster_home")
    os.environ["DAGSTER_HOME"] = str(folder / "dagster_home")  # an instance of its own
    os.environ["HEALTH_DUCKDB_PATH"] = str(folder / "health.duckdb")
    os.environ["HEALTH_DUCKDB_TEMP_DIR"] = str(folder / "tmp")
    os.environ["HEALTH_PUBLISH_DIR"] = str(folder / "published")
    prepare_manifest()
    raw = {"source": "generate", "accounts": 40, "days": 90, "seed": 5,
           "end_date": END.isoformat(), "defect_rate": 0.002}
    runs = {}
    runs["first"] = materialize_health(END - D, END - D, raw_config=raw, prepare=False)
    facts_after_first = _fact(folder)
    runs["second"] = materialize_health(END, END, include_raw=False, prepare=False)
    facts_after_second = _fact(folder)
    facts_after_second_own = _fact(folder, f"* exclude ({', '.join(CARRIED)})")
    runs["range"] = materialize_health(END - 10 * D, END, include_raw=False, prepare=False)
    yield {"folder": folder, "runs": runs, "after_first": facts_after_first,
           "after_second": facts_after_second, "after_second_own": facts_after_second_own}
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


# Columns that carry the days before: the stable band's latch and the account's own baseline.
# A day scored with no stored day before it starts afresh (the score's own band, no baseline);
# the same day scored after its predecessors carries them (README: Closing the loop).
CARRIED = ("stable_band", "stable_band_rank", "baseline_score", "baseline_gap")


def _fact(folder: Path, columns: str = "*") -> list[tuple]:
    if not (folder / "health.duckdb").exists():
        return []
    with duckdb.connect(str(folder / "health.duckdb"), read_only=True) as con:
        return con.execute(f"select {columns} from {FACT} order by account_id, score_date").fetchall()


def _per_day(folder: Path, table: str = FACT) -> dict[str, tuple[int, int]]:
    """score_date -> (rows, distinct accounts)."""
    with duckdb.connect(str(folder / "health.duckdb"), read_only=True) as con:
        return {str(d): (n, a) for d, n, a in con.execute(
            f"select score_date, count(*), count(distinct account_id) from {table} group by 1 order by 1"
        ).fetchall()}


def test_two_consecutive_partitions_then_a_range(dagster_warehouse):
    folder, runs = dagster_warehouse["folder"], dagster_warehouse["runs"]
    assert all(run.success for run in runs.values()), {k: r.error for k, r in runs.items()}
    first, second = dagster_warehouse["after_first"], dagster_warehouse["after_second"]
    # the first run scored its one day only; the second added the next day and kept the first
    assert {row[1] for row in first} == {END - D}
    assert {row[1] for row in second} == {END - D, END}
    assert [r for r in second if r[1] == END - D] == first
    per_day = _per_day(folder)
    # the range run: eleven days, one row per active account and day, no duplicates
    assert sorted(per_day) == [(END - n * D).isoformat() for n in range(10, -1, -1)]
    assert all(rows == accounts and rows > 30 for rows, accounts in per_day.values())
    # days scored twice (by single-day runs, then by the range) are identical in everything that
    # is the day's own; the range's END-1 carries the days before it that the first run lacked
    own = f"* exclude ({', '.join(CARRIED)})"
    assert [r for r in _fact(folder, own) if r[1] >= END - D] == dagster_warehouse["after_second_own"]


def test_every_run_publishes_and_attaches_its_numbers(dagster_warehouse):
    folder, runs = dagster_warehouse["folder"], dagster_warehouse["runs"]
    ids = [run.publication["publication_id"] for run in runs.values()]
    assert len(set(ids)) == 3
    current = current_publication(folder / "published")
    assert current.publication_id == ids[-1]
    metadata = runs["range"].publication
    with duckdb.connect(str(current.duckdb_file), read_only=True) as con:
        by_band = dict(con.execute("select band, count(*) from marts.health_current group by 1").fetchall())
        at_risk = con.execute("select sum(arr_at_risk) from marts.health_at_risk_queue").fetchall()[0][0]
        fact_rows = con.execute(f"select count(*) from {FACT}").fetchall()[0][0]
    assert {k[len("accounts_"):]: v for k, v in metadata.items() if k.startswith("accounts_")} == by_band
    assert metadata["arr_at_risk"] == pytest.approx(float(at_risk or 0))
    assert metadata["score_date"] == END.isoformat()
    assert current.row_counts[FACT] == fact_rows == sum(n for n, _ in _per_day(folder).values())
    # Parquet beside it holds the same rows
    parquet = duckdb.sql(f"select count(*) from '{current.parquet_dir}/fct_account_health_daily.parquet'")
    assert parquet.fetchall()[0][0] == fact_rows
    assert (current.duckdb_file.stat().st_mode & 0o222) == 0  # read-only file


def test_a_failing_dbt_test_blocks_publication(dagster_warehouse, tmp_path):
    folder = dagster_warehouse["folder"]
    before = current_publication(folder / "published")
    project = project_copy(tmp_path)
    playbooks = project / "seeds" / "playbooks.csv"
    first_row = playbooks.read_text().splitlines()[1]
    playbooks.write_text(playbooks.read_text() + first_row + "\n")  # a duplicate (component, band)
    proc = subprocess.run(
        [str(Path(sys.executable).with_name("account-health")), "backfill",
         "--start", END.isoformat(), "--end", END.isoformat()],
        capture_output=True, text=True,
        env={**os.environ, "HEALTH_DBT_PROJECT_DIR": str(project)},
    )
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1, output
    assert "unique_combination_playbooks_component__band" in output
    assert "nothing was published" in output
    after = current_publication(folder / "published")
    assert after.publication_id == before.publication_id
    with duckdb.connect(str(folder / "published" / "current" / "account_health.duckdb"), read_only=True) as con:
        assert con.execute(f"select count(*) from {FACT}").fetchall()[0][0] == before.row_counts[FACT]


def test_readers_see_one_whole_publication_while_refreshes_publish(dagster_warehouse, tmp_path):
    from orchestration.runs import materialize_health

    folder = dagster_warehouse["folder"]
    stop, out = tmp_path / "stop", tmp_path / "reader.json"
    reader = subprocess.Popen(
        [sys.executable, "-m", "tests.publication_reader", str(folder / "published"), str(stop), str(out)],
        cwd=PROJECT_DIR,
    )
    try:
        time.sleep(1)
        # two refreshes that change the row counts (more days of history each time)
        published = [
            materialize_health(END - 15 * D, END, include_raw=False, prepare=False),
            materialize_health(END - 20 * D, END, include_raw=False, prepare=False),
        ]
        time.sleep(1)
    finally:
        stop.touch()
        reader.wait(timeout=60)
    result = json.loads(out.read_text())
    print(f"reader: {result['reads']} reads, {len(result['errors'])} errors, publications seen {result['seen']}")
    assert all(run.success for run in published), [run.error for run in published]
    assert result["errors"] == []
    assert result["reads"] > 50
    # the reader saw the old publication and both new ones, each whole
    assert result["seen"][-2:] == [run.publication["publication_id"] for run in published]
    assert len(result["seen"]) == 3
