"""Is a run's result meaningful? The causes that make it not, each with its fix.

A run can pass every test and still say nothing: every product event set aside because the
catalog does not know its name, every account `insufficient_data`, a backtest without a single
observation it can judge. `diagnose` finds those on a built warehouse, so the summary opens
with them and the Dagster check warns with the same words; `backtest_reason` says why the
backtest has no AUC.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb

from orchestration.catalog import tables_in
from orchestration.raw_contract import RAW_TABLES
from orchestration.settings import project_var

# A raw table with more than this share of its rows set aside, or a day with more than this
# share of its scored accounts insufficient_data, has not produced a meaningful result.
MOSTLY = 0.5
CATALOG = "seeds/event_catalog.csv"
PROFILE_HINT = "Run `account-health profile FOLDER` (or `account-health profile --warehouse`)"
# Why rows were set aside for each reason (staging's reason codes), and what to do about it.
FIXES = {
    "null_key": ("their key (account_id or the table's own id) is empty",
                 "Check that the export names and fills those columns"),
    "missing_value": ("a required column is empty", "{profile} to see which and how often"),
    "unparseable": ("a date or number does not parse",
                    "{profile} to see which column; write dates as ISO 8601 (2026-01-31 or "
                    "2026-01-31T09:30:00Z) and numbers with a '.' decimal point"),
    "unknown_account": ("their account_id is not in accounts",
                        "Export accounts and {table} from the same system, so the ids match"),
    "unknown_value": ("a column holds values the contract does not know",
                      "See the detail column of staging.stg_raw__rejected_rows for them, and map them "
                      "to the contract's values in the export"),
    "out_of_range": ("a value is outside its plausible range",
                     "See the detail column of staging.stg_raw__rejected_rows for the values"),
    "in_future": ("they are dated after the load date (the run's date, or the dbt var load_date)",
                  "Set load_date to the export's date, or check the time zone of the timestamps"),
    "before_account_created": ("they are dated before their account's created_at",
                               "Check that accounts.created_at is when each account was created, "
                               "not when it was exported"),
    "inconsistent": ("their values contradict each other (e.g. resolved before created)",
                     "See the detail column of staging.stg_raw__rejected_rows"),
    "duplicate": ("they repeat the key of an earlier row",
                  "The export holds rows more than once (overlapping extracts?): export each row once"),
}
# The raw tables each component is built from, to say what is missing.
COMPONENT_TABLES = {
    "usage": "product_events", "adoption": "product_events, users", "value": "product_events",
    "lifecycle": "onboarding_milestones", "support": "support_tickets",
    "commercial": "invoices, subscription_events", "sentiment": "survey_responses, csm_assessments",
}


@dataclass(frozen=True)
class Finding:
    """Why a result is not meaningful (cause) and what to do about it (fix)."""

    cause: str
    fix: str

    def __str__(self) -> str:
        return f"{self.cause} {self.fix}"


def _noun(table: str) -> str:
    return table.replace("_", " ")


def _count_text(part: int, whole: int, noun: str) -> str:
    if part == whole:
        return f"All {whole:,} {noun} were"
    return f"{part:,} of {whole:,} {noun} ({part / whole:.0%}) were"


def set_aside_findings(raw_rows: dict[str, int], rejected: dict[tuple[str, str], int]) -> list[Finding]:
    """One finding per raw table with more than MOSTLY of its rows set aside.
    raw_rows: table -> rows delivered; rejected: (table, reason) -> rows set aside."""
    findings = []
    for table in RAW_TABLES:
        delivered = raw_rows.get(table, 0)
        reasons = sorted(((n, r) for (t, r), n in rejected.items() if t == table and n), reverse=True)
        total = sum(n for n, _ in reasons)
        if not delivered or total <= MOSTLY * delivered:
            continue
        top_rows, top_reason = reasons[0]
        counted = _count_text(total, delivered, _noun(table))
        if top_rows == total:
            cause = f"{counted} set aside as {top_reason}"
        else:
            cause = f"{counted} set aside, most as {top_reason} ({top_rows:,})"
        if table == "product_events" and top_reason == "unknown_value":
            why, fix = f"their names are not in {CATALOG}", f"{PROFILE_HINT} to propose a catalog"
        else:
            why, fix = FIXES.get(top_reason, ("for the reasons in staging.stg_raw__rejected_rows",
                                              "See each row and its reason there"))
        findings.append(Finding(f"{cause}: {why}.",
                                fix.format(profile=PROFILE_HINT, table=_noun(table)) + "."))
    return findings


def catalog_finding(kept: int, catalogued: int, names: int | None = None) -> Finding | None:
    """Product events were kept but none has a name the catalog knows: every event then counts
    as a core action of its own feature (the models' fallback) and none as a value event."""
    if kept == 0 or catalogued > 0:
        return None
    named = f" ({names:,} names)" if names else ""
    return Finding(f"None of the {kept:,} product events{named} has a name in {CATALOG}: every event "
                   "counts as a core action of its own feature (the fallback) and none as a value event.",
                   f"{PROFILE_HINT} to propose a catalog.")


def insufficient_finding(score_date: str, accounts: int, insufficient: int,
                         missing: list[tuple[str, int]], min_coverage: float | None,
                         delivered: set[str] | frozenset[str] = frozenset()) -> Finding | None:
    """Most accounts scored on the day have insufficient_data. missing: (component, accounts of
    the insufficient ones without it), most first; delivered: the raw tables that exist."""
    if not accounts or insufficient <= MOSTLY * accounts:
        return None
    counted = _count_text(insufficient, accounts, f"accounts scored on {score_date}")
    coverage = f" ({min_coverage:.0%})" if isinstance(min_coverage, int | float) else ""
    cause = (f"{counted} insufficient_data: less than min_coverage{coverage} of the score's weight "
             "has data for them.")
    without = [c for c, n in missing if n > MOSTLY * insufficient]
    if not without:
        return Finding(cause, "Provide more of the raw tables, or lower the dbt var min_coverage.")
    tables = sorted({t.strip() for c in without for t in COMPONENT_TABLES.get(c, c).split(",")})
    absent = [t for t in tables if t not in delivered]
    present = [t for t in tables if t in delivered]
    steps = []
    if present:
        steps.append(f"fix why the rows of {', '.join(present)} were set aside or do not count")
    if absent:
        steps.append(f"provide {', '.join(absent)} (no such table was delivered)")
    return Finding(cause, f"Most of them have no {', '.join(without)} data: {'; '.join(steps)}; or "
                          "lower the dbt var min_coverage.")


# --- reading a warehouse ------------------------------------------------------------------------

def _scalar(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None):
    return con.execute(sql, params or []).fetchall()[0][0]


def raw_and_rejected(con: duckdb.DuckDBPyConnection) -> tuple[dict[str, int], dict[tuple[str, str], int]]:
    """Rows delivered per raw table, and rows set aside per (table, reason)."""
    present = tables_in(con, "raw")
    raw_rows = {t: _scalar(con, f"select count(*) from raw.{t}") for t in RAW_TABLES if t in present}
    rejected: dict[tuple[str, str], int] = {}
    if "stg_raw__rejected_rows" in tables_in(con, "staging"):
        rejected = {(t, r): n for t, r, n in con.execute(
            """select source_table, reason, count(*) from staging.stg_raw__rejected_rows
               where action = 'rejected' group by source_table, reason""").fetchall()}
    return raw_rows, rejected


def diagnose(con: duckdb.DuckDBPyConnection, score_date: str | None = None) -> list[Finding]:
    """Every reason the warehouse's result is not meaningful on score_date (default: the latest
    scored day), most fundamental first. Empty when the result can be read as it is."""
    findings = staging_findings(con)
    if "fct_account_health_daily" in tables_in(con, "marts") and (finding := _insufficient(con, score_date)):
        findings.append(finding)
    return findings


def staging_findings(con: duckdb.DuckDBPyConnection) -> list[Finding]:
    """The findings staging alone shows: raw tables mostly set aside, no event in the catalog."""
    findings = set_aside_findings(*raw_and_rejected(con))
    staging, config = tables_in(con, "staging"), tables_in(con, "config")
    if "int_product__event_names" in tables_in(con, "intermediate"):
        # one row per event name, with its volume and whether the catalog knows it
        kept, catalogued, names = con.execute(
            """select coalesce(sum(events), 0), count(*) filter (where in_catalog), count(*)
               from intermediate.int_product__event_names""").fetchall()[0]
        if finding := catalog_finding(kept, catalogued, names):
            findings.append(finding)
    elif "stg_raw__product_events" in staging and "event_catalog" in config:
        # one catalogued event is enough to know (cheap on a large table); count only when none
        catalogued = len(con.execute(
            """select 1 from staging.stg_raw__product_events as events
               inner join config.event_catalog as catalog on events.event_name = catalog.event_name
               limit 1""").fetchall())
        kept = 0 if catalogued else _scalar(con, "select count(*) from staging.stg_raw__product_events")
        if finding := catalog_finding(kept, catalogued):
            findings.append(finding)
    return findings


def _insufficient(con: duckdb.DuckDBPyConnection, score_date: str | None) -> Finding | None:
    fact = "marts.fct_account_health_daily"
    if score_date is None:
        score_date = _scalar(con, f"select cast(max(score_date) as varchar) from {fact}")
        if score_date is None:
            return None
    components = list(COMPONENT_TABLES)
    nulls = ", ".join(f"count(*) filter (where band = 'insufficient_data' and {c}_subscore is null)"
                      for c in components)
    row = con.execute(
        f"""select count(*), count(*) filter (where band = 'insufficient_data'), {nulls}
            from {fact} where score_date = ?""", [score_date]).fetchall()[0]
    missing = sorted(zip(components, row[2:], strict=True), key=lambda item: -item[1])
    return insufficient_finding(str(score_date), row[0], row[1], missing, project_var("min_coverage"),
                                tables_in(con, "raw"))


def backtest_reason(con: duckdb.DuckDBPyConnection) -> str | None:
    """Why the backtest has no AUC of the score (None when it has one, or has not been built)."""
    marts = tables_in(con, "marts")
    if not {"health_backtest_observations", "fct_account_health_daily"} <= marts:
        return None
    if "health_backtest_metrics" in marts and _scalar(
            con, """select count(*) from marts.health_backtest_metrics
                    where segment = 'all' and predictor = 'health_score' and auc is not null"""):
        return None
    scored, judged, last_day = con.execute(
        """select count(*), count(*) filter (where band <> 'insufficient_data'), max(score_date)
           from marts.fct_account_health_daily""").fetchall()[0]
    if not scored:
        return "nothing was scored"
    if not judged:
        return ("no observation has enough data (coverage below min_coverage): every scored "
                "account-day is insufficient_data")
    observations, uncensored, churned, first_day, first_end, horizon = con.execute(
        """select count(*), count(*) filter (where not is_censored),
                  coalesce(sum(churned) filter (where not is_censored), 0),
                  min(observation_date), min(horizon_end_date), max(horizon_days)
           from marts.health_backtest_observations""").fetchall()[0]
    horizon = horizon or project_var("backtest_horizon_days", 90)
    warmup = project_var("backtest_warmup_days", 56)
    if not observations:
        return _no_observation_day(con, last_day, warmup, horizon)
    if not uncensored:
        return (f"history shorter than warm-up + horizon: every observation's {horizon}-day horizon "
                f"runs past the end of the data (the earliest, on {first_day}, needs data until "
                f"{first_end}); score a longer history")
    if not churned:
        churn_events = _churn_events(con)
        if churn_events == 0:
            return "no churn event in the data: subscription_events has no churn, so there is nothing to predict"
        return (f"no churn within {horizon} days of any of the {uncensored:,} uncensored observations "
                f"(churn events in the data: {churn_events:,}, all outside those windows)")
    if churned == uncensored:
        return "every uncensored observation churned: there is no account that stayed to compare with"
    return "the score has no AUC on these observations"


def _no_observation_day(con: duckdb.DuckDBPyConnection, last_day: dt.date, warmup: int, horizon: int) -> str:
    staging = tables_in(con, "staging")
    first_event = (_scalar(con, "select min(occurred_date) from staging.stg_raw__product_events")
                   if "stg_raw__product_events" in staging else None)
    if first_event is None:
        return ("no product event was kept, and observation days start backtest_warmup_days after "
                "the first one: no day can be observed")
    first_observable = first_event + dt.timedelta(days=warmup)
    if last_day < first_observable:
        return (f"history shorter than warm-up + horizon: observation days start {warmup} days "
                f"after the first product event ({first_event}), on {first_observable}, after the "
                f"last scored day ({last_day}); each then needs {horizon} more days of data")
    return (f"no scored day from {first_observable} to {last_day} is an observation day "
            f"(backtest_cadence {project_var('backtest_cadence', 'monthly')}): score a longer range")


def _churn_events(con: duckdb.DuckDBPyConnection) -> int:
    if "int_backtest__outcome_events" in tables_in(con, "intermediate"):
        return _scalar(con, "select coalesce(sum(is_churn), 0) from intermediate.int_backtest__outcome_events")
    if "stg_raw__subscription_events" in tables_in(con, "staging"):
        return _scalar(con, "select count(*) from staging.stg_raw__subscription_events where change_type = 'churn'")
    return 0
