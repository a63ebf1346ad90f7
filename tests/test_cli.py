"""Command-line entry points say what they do."""

from __future__ import annotations

import pytest

from orchestration.cli import build_parser, main
from orchestration.dbt_runner import score_vars


@pytest.mark.parametrize("command", ["run", "generate", "load-files", "build", "summary"])
def test_every_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as exit_info:
        build_parser().parse_args([command, "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert f"usage: account-health {command}" in out
    assert len(out.splitlines()) > 3


def test_generator_options_are_documented(capsys):
    with pytest.raises(SystemExit):
        build_parser().parse_args(["generate", "--help"])
    out = capsys.readouterr().out
    for option in ("--accounts", "--days", "--seed", "--parquet", "--end-date"):
        assert option in out


def test_score_vars_range_and_single_day():
    assert score_vars() == {}
    assert score_vars("2026-01-01", "2026-01-31") == {
        "score_start_date": "2026-01-01", "score_end_date": "2026-01-31"}
    assert score_vars(end="2026-01-31") == {
        "score_start_date": "2026-01-31", "score_end_date": "2026-01-31"}


def test_load_files_reports_a_missing_folder(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("HEALTH_DUCKDB_PATH", str(tmp_path / "w.duckdb"))
    assert main(["load-files", str(tmp_path / "nope")]) == 1
    assert "raw data folder not found" in capsys.readouterr().err
