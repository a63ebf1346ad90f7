"""The run summary a CS leader reads: bands, ARR per band, the lowest-scoring accounts, the
queue and alerts, the backtest, the 'close the loop' sections (orchestration/loop_summary.py),
and what staging set aside."""

from __future__ import annotations

import textwrap
from pathlib import Path

import duckdb

from orchestration.catalog import tables_in
from orchestration.diagnosis import Finding, backtest_reason, diagnose
from orchestration.loop_summary import loop_sections
from orchestration.scoring_config import band_order_sql
from orchestration.settings import project_var
from orchestration.text_tables import money, text_table


def build_summary(database: Path, score_date: str | None = None, lowest: int = 10) -> str:
    """Text summary of the daily health fact for one day (default: the latest scored day)."""
    with duckdb.connect(str(database), read_only=True) as con:
        if score_date is None:
            score_date = con.execute(
                "select cast(max(score_date) as varchar) from marts.fct_account_health_daily"
            ).fetchall()[0][0]
        opening = findings_block(diagnose(con, score_date))
        if score_date is None:
            return "\n".join([*opening, "No scores yet: the daily health fact is empty."])
        params = [score_date]
        totals = con.execute(
            """select count(*), sum(arr), avg(health_score), avg(coverage)
               from marts.fct_account_health_daily where score_date = ?""",
            params,
        ).fetchall()[0]
        # best band first: by the configuration's band_rank, or (a warehouse built without the
        # configuration marts) by the band's scores, which are its range
        order = (band_order_sql("fact.band") if "health_config_bands" in tables_in(con, "marts")
                 else "min(health_score) desc nulls last")
        bands = con.execute(
            f"""select band, count(*) as accounts, sum(arr) as arr, avg(health_score)
                from marts.fct_account_health_daily as fact where score_date = ?
                group by band order by {order}, band""",
            params,
        ).fetchall()
        detail = "primary_driver_detail" if "primary_driver_detail" in {
            name for (name,) in con.execute(
                "select column_name from information_schema.columns where table_schema = 'marts' "
                "and table_name = 'fct_account_health_daily'").fetchall()} else "primary_driver"
        low = con.execute(
            f"""select account_id, segment, health_score, band, {detail},
                      coalesce(cap_reason, ''), arr, days_to_renewal
               from marts.fct_account_health_daily
               where score_date = ? and band <> 'insufficient_data'
               order by health_score, arr desc, account_id
               limit ?""",
            [score_date, lowest],
        ).fetchall()
        rejected = con.execute(
            """select source_table, action, count(*) from staging.stg_raw__rejected_rows
               group by source_table, action order by source_table, action"""
        ).fetchall()
        uncatalogued = _uncatalogued_events(con)
        version = con.execute(
            "select config_version from marts.fct_account_health_daily where score_date = ? "
            "limit 1",
            params,
        ).fetchall()[0][0]
        queue_and_alerts = _queue_and_alerts(con, score_date)
        backtest = backtest_headline(con)
        loop = loop_sections(con, score_date)

    n, arr_total, avg_score, avg_cov = totals
    arr_total = arr_total or 0.0
    out = [
        *opening,
        f"Account health on {score_date}: {n:,} active accounts, ARR {money(arr_total)}, "
        f"mean score {_number(avg_score)}, mean coverage {avg_cov:.0%} (config {version})",
        "",
        "Band distribution and ARR per band:",
        text_table(
            ["band", "accounts", "share", "ARR", "ARR share", "mean score"],
            [
                (
                    band,
                    f"{count:,}",
                    f"{count / n:.0%}",
                    money(arr),
                    f"{(arr or 0) / arr_total:.0%}" if arr_total else "-",
                    f"{mean:.1f}" if mean is not None else "-",
                )
                for band, count, arr, mean in bands
            ],
            "lrrrrr",
        ),
        "",
        *_lowest(low, n, score_date),
        "",
    ]
    out += queue_and_alerts
    out += backtest
    out += loop
    if rejected:
        out.append("Raw rows rejected, fields repaired and CSV lines not loaded "
                   "(see staging.stg_raw__rejected_rows):")
        out.append(text_table(["table", "action", "rows"],
                          [(t, a, f"{c:,}") for t, a, c in rejected], "llr"))
    else:
        out.append("Staging set aside no raw rows.")
    out += uncatalogued
    return "\n".join(out)


def _uncatalogued_events(con: duckdb.DuckDBPyConnection, shown: int = 10) -> list[str]:
    """The product event names seeds/event_catalog.csv does not know, with their rows (the most
    frequent first), and what they count for; nothing when the catalog knows every name."""
    if "int_product__event_names" not in tables_in(con, "intermediate"):
        return []
    rows = con.execute(
        """select event_name, events, accounts, catalog_fallback from intermediate.int_product__event_names
           where not in_catalog order by events desc, event_name""").fetchall()
    if not rows:
        return []
    fallback = rows[0][3]
    total = sum(r[1] for r in rows)
    counted = ("as core actions of their own features (no name matches the catalog: the fallback)"
               if fallback else "as activity only (active users, active days, breadth of features; "
               "never core actions or value events)")
    out = ["", f"{len(rows):,} event names ({total:,} events) are not in seeds/event_catalog.csv and count "
           f"{counted}:",
           text_table(["event name", "events", "accounts"],
                      [(name, f"{events:,}", f"{accounts:,}") for name, events, accounts, _ in rows[:shown]],
                      "lrr")]
    if len(rows) > shown:
        out.append(f"  ... and {len(rows) - shown:,} more (intermediate.int_product__event_names)")
    out.append("  To score them as work or value: `account-health profile` proposes catalog rows; "
               "add the reviewed ones to seeds/event_catalog.csv.")
    return out


def _number(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def findings_block(findings: list[Finding]) -> list[str]:
    """The opening of a summary whose result is not meaningful: each cause and its fix."""
    if not findings:
        return []
    out = ["Read this first:"]
    for finding in findings:
        out += textwrap.wrap(str(finding), width=100, initial_indent="  - ", subsequent_indent="    ")
    return [*out, ""]


def _lowest(low: list[tuple], accounts: int, score_date: str) -> list[str]:
    """The lowest-scoring accounts, or why there are none."""
    if not low:
        return [f"No account has a score on {score_date}: all {accounts:,} are insufficient_data "
                "(see above)." if accounts else f"No active account on {score_date}."]
    heading = "The lowest-scoring account:" if len(low) == 1 else f"The {len(low)} lowest-scoring accounts:"
    return [heading, text_table(
        ["account", "segment", "score", "band", "primary driver", "cap reason", "ARR", "renewal in"],
        [(a, s, f"{score:.2f}", b, d or "-", cap or "-", money(arr), f"{days} d" if days is not None else "-")
         for a, s, score, b, d, cap, arr, days in low],
        "llrlllrr")]


def _queue_and_alerts(con: duckdb.DuckDBPyConnection, score_date: str, top: int = 10,
                      newest: int = 10) -> list[str]:
    """The top of the at-risk queue and the newest alerts, when those marts exist. Alerts that
    end in insufficient_data are left out: a drop in a score without enough data says nothing."""
    if not {"health_at_risk_queue", "health_alerts"} <= tables_in(con, "marts"):
        return []
    queue = con.execute(
        """select queue_rank, account_id, csm_owner, arr_at_risk, health_score, band,
                  direction, days_to_renewal, urgency, focus_component, playbook
           from marts.health_at_risk_queue order by queue_rank limit ?""",
        [top],
    ).fetchall()
    queued = con.execute("select count(*), sum(arr_at_risk) from marts.health_at_risk_queue"
                         ).fetchall()[0]
    alerts = con.execute(
        """select score_date, account_id, alert_type, from_band, to_band, health_score,
                  points_dropped, component_moved_most
           from marts.health_alerts
           where direction = 'worse' and to_band <> 'insufficient_data'
           order by score_date desc, coalesce(points_dropped, 0) desc, arr desc, account_id
           limit ?""",
        [newest],
    ).fetchall()
    if queue:
        out = [
            f"At-risk queue: {queued[0]:,} accounts below the threshold, ARR {money(queued[1])}; "
            f"the top {len(queue)} by ARR at risk x urgency:",
            text_table(
                ["#", "account", "owner", "ARR at risk", "score", "band", "trend", "renewal in",
                 "urgency", "act on", "playbook"],
                [(r, a, o, money(arr), f"{sc:.2f}", b, d or "-", f"{days} d" if days is not None
                  else "-", f"{u:.2f}", c or "-", pb or "-")
                 for r, a, o, arr, sc, b, d, days, u, c, pb in queue],
                "lllrrllrrll",
            ),
        ]
    else:
        out = [_empty_queue(con)]
    out.append("")
    if alerts:
        out += [
            f"Newest alerts (worsening, up to {score_date}):",
            text_table(
                ["day", "account", "alert", "from", "to", "score", "points dropped", "moved most"],
                [(str(day), a, t, fb or "-", tb, f"{sc:.2f}",
                  f"{pts:.1f}" if pts is not None else "-", c or "-")
                 for day, a, t, fb, tb, sc, pts, c in alerts],
                "lllllrrl",
            ),
        ]
    else:
        out.append(f"Newest alerts: no scored account got worse up to {score_date}.")
    return [*out, ""]


def _empty_queue(con: duckdb.DuckDBPyConnection) -> str:
    """Why the at-risk queue is empty: nobody has a score, or nobody scores below the threshold."""
    scored = con.execute(
        """select count(*) from marts.health_current where band <> 'insufficient_data'"""
    ).fetchall()[0][0]
    threshold = project_var("at_risk_threshold")
    if not scored:
        return ("At-risk queue: empty, because no account has a score on its latest day (all are "
                "insufficient_data): it says nothing about risk.")
    return (f"At-risk queue: empty: none of the {scored:,} scored accounts is below the threshold"
            + (f" ({threshold})." if threshold is not None else "."))


def backtest_headline(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Does the score predict churn? AUC, lift and churn per band, when the backtest exists."""
    if not {"health_backtest_metrics", "health_backtest_bands"} <= tables_in(con, "marts"):
        return []
    metrics = con.execute(
        """select observations, churned, auc, top_decile_lift, renewal_rate_spread, bands_monotonic
           from marts.health_backtest_metrics where segment = 'all' and predictor = 'health_score'"""
    ).fetchall()
    counts = con.execute(
        """select count(*), sum(case when is_censored then 1 else 0 end), count(distinct observation_date),
                  max(horizon_days)
           from marts.health_backtest_observations"""
    ).fetchall()[0]
    if not metrics or metrics[0][2] is None:
        reason = backtest_reason(con) or "the score has no AUC on these observations"
        return [f"Backtest: no AUC yet: {reason} ({counts[0]:,} observations, "
                f"{counts[1] or 0:,} of them censored).", ""]
    observations, churned, auc, lift, spread, monotonic = metrics[0]
    bands = con.execute(
        """select band, observations, churned, churn_rate from marts.health_backtest_bands
           where segment = 'all' order by band_rank"""
    ).fetchall()
    minimum = project_var("backtest_min_band_observations")
    if monotonic is None:
        shape = f"too few bands with {minimum} or more observations to say whether bands order churn"
    else:
        shape = "bands order churn " + ("monotonically" if monotonic else "NOT monotonically")
    if any(r is None for _, _, _, r in bands):
        shape += f" (bands with fewer than {minimum} observations are too small to count)"
    segments = con.execute(
        """select segment, auc from marts.health_backtest_metrics
           where predictor = 'health_score' and segment <> 'all' order by segment"""
    ).fetchall()
    components = con.execute(
        """select predictor, auc from marts.health_backtest_metrics
           where segment = 'all' and predictor in (
               select distinct component from marts.health_config_weights)
           order by auc desc"""
    ).fetchall() if "health_config_weights" in tables_in(con, "marts") else []
    return [
        f"Backtest (churn within {counts[3]} days of each of {counts[2]} observation days): "
        f"{observations:,} uncensored observations, {churned:,} churned; {counts[1]:,} censored "
        "(horizon past the end of the data) left out:",
        f"  AUC {auc:.3f}, top-decile lift {lift:.1f}x, renewal-rate spread best-worst band "
        + (f"{spread * 100:.1f} points" if spread is not None else "-") + f"; {shape}",
        "  churn by band: " + ", ".join(f"{b} {r:.1%} ({c}/{n:,})" if r is not None
                                        else f"{b} too small ({c}/{n:,})" for b, n, c, r in bands),
        "  AUC by segment: " + ", ".join(f"{s} {a:.3f}" for s, a in segments if a is not None),
        "  AUC of each subscore alone: " + ", ".join(f"{p} {a:.2f}" for p, a in components if a is not None),
        "",
    ]
