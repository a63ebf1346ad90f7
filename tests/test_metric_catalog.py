"""The scoring model is declared once: metrics in the catalog macro, tunable rules in vars that
the configuration version covers, docs written from the catalog."""

from __future__ import annotations

import datetime as dt
import re

import duckdb
import pytest
import yaml

from orchestration import PROJECT_DIR
from orchestration.dbt_runner import run_dbt
from orchestration.metric_docs import METRICS_DOC, render_metrics_doc
from orchestration.sample_data import GeneratorConfig, generate
from tests.conftest import Warehouse, project_copy

CONFIG_VARS_MACRO = PROJECT_DIR / "macros" / "config" / "health_configuration_vars.sql"


def _macro_list(name: str) -> set[str]:
    text = CONFIG_VARS_MACRO.read_text()
    body = text[text.index(f"macro {name}()"):]
    body = body[:body.index("endmacro")]
    return set(re.findall(r"'([a-z_]+)'", body))


def test_every_var_is_configuration_or_operational():
    """A var someone tunes must change the configuration version: dbt_project.yml declares no var
    that health_configuration_vars and health_operational_vars do not list."""
    declared = set(yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text())["vars"])
    configuration, operational = _macro_list("health_configuration_vars"), _macro_list("health_operational_vars")
    assert not configuration & operational
    assert declared == configuration | operational, (
        f"not listed: {sorted(declared - configuration - operational)}; "
        f"listed but not declared: {sorted((configuration | operational) - declared)}")


def test_docs_metrics_page_matches_the_catalog(known_warehouse):
    assert METRICS_DOC.read_text() == render_metrics_doc(known_warehouse.path), (
        "docs/metrics.md is out of date: run `account-health docs`")


def test_the_configuration_version_changes_with_any_tuned_var(tmp_path, known_warehouse):
    """max_event_quantity used to be left out of the fingerprint."""
    versions = set()
    for value in (10000, 5000):
        path = tmp_path / f"v{value}.duckdb"
        run_dbt(["build", "--select", "int_config__version", "+int_config__version"],
                dbt_vars={"max_event_quantity": value}, database=path, quiet=True)
        with duckdb.connect(str(path), read_only=True) as con:
            versions.add(con.execute("select config_version from intermediate.int_config__version").fetchone()[0])
    assert len(versions) == 2
    assert known_warehouse.one("select count(distinct config_version) from marts.fct_account_health_daily")[0] == 1


NEW_METRIC = """        {'name': 'value_events_per_active_user', 'component': 'value', 'direction': 'higher_is_better',
         'description': 'Value events in the usage window per user active in it.',
         'measures': ['value_events_window', 'active_users_window'],
         'when': product ~ ' and active_users_window > 0',
         'sql': account_health.ratio('value_events_window', 'active_users_window')},
"""


@pytest.fixture(scope="module")
def project_with_a_new_metric(tmp_path_factory) -> Warehouse:
    """A copy of the project with one metric added: one catalog entry and one thresholds row."""
    tmp = tmp_path_factory.mktemp("new_metric")
    project = project_copy(tmp)
    catalog = project / "macros" / "scoring" / "catalog" / "health_metric_catalog.sql"
    text = catalog.read_text()
    anchor = "        {'name': 'value_days_since_last',"
    assert anchor in text
    catalog.write_text(text.replace(anchor, NEW_METRIC + anchor))
    with (project / "seeds" / "metric_thresholds.csv").open("a") as fh:
        fh.write("value_events_per_active_user,default,0,0.5,1\n")
    end = dt.date(2026, 6, 30)
    path = tmp / "health.duckdb"
    with duckdb.connect(str(path)) as con:
        generate(con, GeneratorConfig(accounts=40, days=240, seed=9, end_date=end, defect_rate=0), progress=False)
    dbt_vars = {"score_start_date": (end - dt.timedelta(days=200)).isoformat(), "score_end_date": end.isoformat(),
                "load_date": (end + dt.timedelta(days=1)).isoformat()}
    out = run_dbt(["build"], dbt_vars=dbt_vars, database=path, project_dir=project, quiet=True).stdout
    return Warehouse(path, out)


def test_a_new_metric_is_scored_documented_and_backtested(project_with_a_new_metric):
    wh = project_with_a_new_metric
    # scored: a column of its component model, normalised, in the value subscore
    rows = wh.query("""select value_events_in_window, value_events_per_active_user,
                              value_events_per_active_user__score
                       from intermediate.int_component__value
                       where value_events_per_active_user is not null""")
    assert len(rows) > 1000
    assert all(score == pytest.approx(min(max(value / 0.5, 0), 1) * 100) for _, value, score in rows)
    # documented: in the published metric dictionary and on the docs page rendered from it
    assert wh.one("select component, direction, description from marts.health_config_metrics "
                  "where metric = 'value_events_per_active_user'") == (
        "value", "higher_is_better", "Value events in the usage window per user active in it.")
    assert "| `value_events_per_active_user` | higher | Value events in the usage window per user" in (
        render_metrics_doc(wh.path))
    # in the backtest: judged alone on every observation
    observations = wh.one("select count(*) from marts.health_backtest_observations where not is_censored")[0]
    assert observations > 0
    assert wh.one("select observations from marts.health_backtest_metrics "
                  "where segment = 'all' and predictor = 'value_events_per_active_user'")[0] > 0
    assert wh.one("select count(*) from marts.health_backtest_metric_values "
                  "where metric = 'value_events_per_active_user'")[0] == wh.one(
        "select count(*) from marts.health_backtest_observations")[0]
