"""Operator input checked before dbt runs, with messages that name the bad value.

Dates reach dbt as text and a band scheme as a name; unchecked, a typo surfaces as a raw SQL or
Jinja error several seconds into a build. These checks run first, in the command line and in
the Dagster steps.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import yaml

from orchestration.seeds import read_seed

SCORE_ENV = ("HEALTH_SCORE_START_DATE", "HEALTH_SCORE_END_DATE")
NUMBER_ENV = {
    "HEALTH_LOCK_TIMEOUT": 0.0,
    "HEALTH_RELEASE_GRACE_SECONDS": 0.0,
    "HEALTH_REJECTED_WARN_SHARE": 0.0,
}


class OperatorInputError(ValueError):
    """A setting or argument an operator gave is not usable; the message names it and its value."""


def iso_day(value: str, what: str) -> dt.date:
    """`value` as a day, or an error naming `what` and the value."""
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise OperatorInputError(f"{what} must be a day as YYYY-MM-DD, not {value!r}") from None


def check_range(start: dt.date | None, end: dt.date | None, what: str) -> None:
    if start is not None and end is not None and start > end:
        raise OperatorInputError(f"{what}: the first day {start} is after the last day {end}")


def check_environment(environ: dict[str, str] | None = None) -> None:
    """HEALTH_SCORE_START_DATE / _END_DATE are days in order; HEALTH_HISTORY_START is a day;
    the numeric settings are numbers >= 0."""
    env = os.environ if environ is None else environ
    days = {}
    for name in (*SCORE_ENV, "HEALTH_HISTORY_START"):
        value = env.get(name, "").strip()
        if value:
            days[name] = iso_day(value, name)
    check_range(days.get(SCORE_ENV[0]), days.get(SCORE_ENV[1]), " / ".join(SCORE_ENV))
    for name, minimum in NUMBER_ENV.items():
        value = env.get(name, "").strip()
        if not value:
            continue
        try:
            number = float(value)
        except ValueError:
            number = float("nan")
        if not number >= minimum:
            raise OperatorInputError(f"{name} must be a number >= {minimum:g}, not {value!r}")


def band_schemes(seeds: Path) -> set[str]:
    """The schemes seeds/score_bands.csv defines."""
    return {row["scheme"] for row in read_seed(Path(seeds) / "score_bands.csv")}


def check_band_scheme(scheme: str, seeds: Path, what: str = "band scheme") -> None:
    known = band_schemes(seeds)
    if scheme not in known:
        raise OperatorInputError(f"{what} {scheme!r} is not in {Path(seeds) / 'score_bands.csv'} "
                                 f"(schemes there: {', '.join(sorted(known))})")


def project_vars(project_dir: Path) -> dict:
    """The vars block of dbt_project.yml."""
    with (Path(project_dir) / "dbt_project.yml").open() as fh:
        return (yaml.safe_load(fh) or {}).get("vars") or {}


def check_project(project_dir: Path) -> None:
    """The vars an analyst edits in dbt_project.yml: band_scheme exists in the seed, the score
    dates (when set) are days in order."""
    values = project_vars(project_dir)
    scheme = values.get("band_scheme", "default")
    check_band_scheme(str(scheme), Path(project_dir) / "seeds",
                      what=f"var band_scheme in {Path(project_dir) / 'dbt_project.yml'}:")
    days = {}
    for var in ("score_start_date", "score_end_date", "load_date"):
        if values.get(var) not in (None, ""):
            days[var] = iso_day(str(values[var]), f"var {var} in dbt_project.yml")
    check_range(days.get("score_start_date"), days.get("score_end_date"), "vars score_start_date / score_end_date")


def check_operator_input(project_dir: Path) -> None:
    """Every check above: run before dbt starts."""
    check_environment()
    check_project(project_dir)
