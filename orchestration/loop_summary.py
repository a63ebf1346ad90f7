"""The summary's 'close the loop' sections: calm alerts, the score in context (the metric tree,
the account's own baseline), expansion readiness, customer families and playbook impact.
Each section reads its marts and is left out when they are not built."""

from __future__ import annotations

import duckdb

from orchestration.catalog import tables_in
from orchestration.text_tables import money, share, text_table

ALERT_DAYS = 60


def loop_sections(con: duckdb.DuckDBPyConnection, score_date: str) -> list[str]:
    """Every section, in order, as lines."""
    marts = tables_in(con, "marts")
    fact_columns = {name for (name,) in con.execute(
        "select column_name from information_schema.columns where table_schema = 'marts' "
        "and table_name = 'fct_account_health_daily'").fetchall()}
    if "baseline_gap" in fact_columns:  # a fact built before the baselines has no such section
        marts = marts | {"fact with baselines"}
    out: list[str] = []
    for needs, section in (
        ({"health_band_stability"}, calm_alerts),
        ({"health_metric_points"}, metric_tree),
        ({"fact with baselines"}, below_baseline),
        ({"health_expansion_queue", "health_backtest_expansion"}, expansion),
        ({"health_parent_rollup"}, families),
        ({"health_playbook_impact"}, playbook_impact),
    ):
        if needs <= marts:
            out += section(con, score_date)
    return out


def calm_alerts(con: duckdb.DuckDBPyConnection, score_date: str) -> list[str]:
    """Band changes per account per month, score band vs stable band, and the alerts they
    raise in the last ALERT_DAYS days; the backtest AUC of each band alone."""
    rates = con.execute(
        """select sum(account_days), sum(band_changes), sum(stable_band_changes)
           from marts.health_band_stability where segment = 'all'""").fetchone()
    if not rates or not rates[0]:
        return []
    days, changes, stable_changes = rates
    recent = con.execute(
        f"""with f as (
                select score_date, band, stable_band,
                       lag(score_date) over (partition by account_id order by score_date) as d0,
                       lag(band) over (partition by account_id order by score_date) as b0,
                       lag(stable_band) over (partition by account_id order by score_date) as s0
                from marts.fct_account_health_daily
                where score_date > cast(? as date) - interval {ALERT_DAYS + 1} day)
            select sum(case when d0 = score_date - 1 and band <> b0 then 1 else 0 end),
                   sum(case when d0 = score_date - 1 and stable_band <> s0 then 1 else 0 end)
            from f where score_date > cast(? as date) - interval {ALERT_DAYS} day""",
        [score_date, score_date]).fetchone()
    lines = [
        f"Calm alerts: band changes per account per month {30 * changes / days:.2f} on the "
        f"score's band, {30 * stable_changes / days:.2f} on the stable band (hysteresis and "
        f"minimum dwell); band-change alerts in the {ALERT_DAYS} days to {score_date}: "
        f"{recent[0] or 0:,} -> {recent[1] or 0:,}"]
    if "health_backtest_metrics" in tables_in(con, "marts"):
        aucs = dict(con.execute(
            """select predictor, auc from marts.health_backtest_metrics
               where segment = 'all' and predictor in ('band', 'stable_band')""").fetchall())
        if aucs.get("band") is not None and aucs.get("stable_band") is not None:
            lines.append(f"  backtest AUC of the band alone: score's band {aucs['band']:.3f}, "
                         f"stable band {aucs['stable_band']:.3f}")
    return lines + [""]


def metric_tree(con: duckdb.DuckDBPyConnection, score_date: str, top: int = 5) -> list[str]:
    """Where the book's points go on the day: the metrics losing most, on average per account."""
    accounts = con.execute(
        "select count(*) from marts.fct_account_health_daily where score_date = ?", [score_date]
    ).fetchone()[0]
    rows = con.execute(
        """select component, metric, sum(points_lost), sum(case when is_primary_metric then 1 else 0 end)
           from marts.health_metric_points where score_date = ?
           group by component, metric order by 3 desc, metric limit ?""", [score_date, top]).fetchall()
    if not accounts or not rows:
        return []
    return [
        f"The metric tree: where the points go on {score_date} (points lost per account, on "
        "average; accounts whose primary metric it is):",
        text_table(["component", "metric", "points lost", "primary for"],
                   [(c, m, f"{p / accounts:.2f}", f"{n:,}") for c, m, p, n in rows], "llrr"),
        "",
    ]


def below_baseline(con: duckdb.DuckDBPyConnection, score_date: str, top: int = 3) -> list[str]:
    """The accounts furthest below their own baseline (the median of their last 90 days)."""
    rows = con.execute(
        """select account_id, segment, health_score, baseline_score, baseline_gap, segment_percentile,
                  primary_driver_detail
           from marts.fct_account_health_daily
           where score_date = ? and baseline_gap is not null
           order by baseline_gap, account_id limit ?""", [score_date, top]).fetchall()
    if not rows:
        return []
    return [
        "Furthest below their own baseline (median score of the 90 days before):",
        text_table(["account", "segment", "score", "baseline", "gap", "segment pct", "primary driver"],
                   [(a, s, f"{sc:.2f}", f"{b:.2f}", f"{g:+.1f}", f"{p:.0f}" if p is not None else "-",
                     d or "-") for a, s, sc, b, g, p, d in rows], "llrrrrl"),
        "",
    ]


def expansion(con: duckdb.DuckDBPyConnection, score_date: str, top: int = 5) -> list[str]:
    """Who is ready to grow, and whether readiness meant expansion in the backtest."""
    count, potential = con.execute(
        "select count(*), sum(potential_arr) from marts.health_expansion_queue").fetchone()
    rows = con.execute(
        """select expansion_rank, account_id, csm_owner, arr, potential_arr, readiness_score,
                  seat_utilisation, user_growth, feature_breadth, days_to_renewal
           from marts.health_expansion_queue order by expansion_rank limit ?""", [top]).fetchall()
    lines = [f"Expansion queue: {count:,} accounts ready for an expansion ask, potential ARR "
             f"{money(potential)}" + (f"; the top {len(rows)}:" if rows else ".")]
    if rows:
        lines.append(text_table(
            ["#", "account", "owner", "ARR", "potential", "readiness", "seats used", "user growth",
             "breadth", "renewal in"],
            [(r, a, o, money(arr), money(p), f"{s:.0f}", f"{u:.0%}", f"{g:+.0%}", f"{b:.0%}",
              f"{d} d" if d is not None else "-") for r, a, o, arr, p, s, u, g, b, d in rows],
            "lllrrrrrrr"))
    groups = {g: (n, e) for g, n, e in con.execute(
        """select readiness_group, observations, expanded from marts.health_backtest_expansion
           where segment = 'all'""").fetchall()}
    if groups:
        lines.append("  backtest: expanded within the horizon " + ", ".join(
            f"{label} {share(groups[g][1], groups[g][0])} ({groups[g][1]:,}/{groups[g][0]:,})"
            for g, label in (("ready", "ready"), ("top_band_not_ready", "top band not ready"),
                             ("other_bands", "other bands")) if g in groups))
    return lines + [""]


def families(con: duckdb.DuckDBPyConnection, score_date: str, top: int = 5) -> list[str]:
    """Customer families (a parent and its subsidiaries): the lowest ARR-weighted scores."""
    count, accounts, arr = con.execute(
        """select count(*), sum(accounts), sum(arr) from marts.health_parent_rollup
           where score_date = ?""", [score_date]).fetchone()
    if not count:
        return []
    rows = con.execute(
        """select parent_account_id, accounts, arr, arr_weighted_score, band, worst_account_id,
                  worst_score, most_points_lost_account_id, accounts_at_risk
           from marts.health_parent_rollup where score_date = ?
           order by arr_weighted_score nulls last, parent_account_id limit ?""",
        [score_date, top]).fetchall()
    return [
        f"Customer families: {count:,} parents with subsidiaries, {accounts:,} accounts, ARR "
        f"{money(arr)}; the lowest ARR-weighted scores:",
        text_table(["parent", "accounts", "ARR", "score", "band", "worst member", "its score",
                    "costs most", "at risk"],
                   [(p, n, money(a), f"{s:.2f}" if s is not None else "-", b, w or "-",
                     f"{ws:.2f}" if ws is not None else "-", m or "-", r)
                    for p, n, a, s, b, w, ws, m, r in rows], "lrrrlllll"),
        "",
    ]


def playbook_impact(con: duckdb.DuckDBPyConnection, score_date: str, horizon: int = 30) -> list[str]:
    """Did the plays work? Per playbook, the lift against comparable accounts after `horizon`
    days (the middle horizon by default), over the whole book."""
    found = [h for (h,) in con.execute(
        "select distinct horizon_days from marts.health_playbook_impact order by 1").fetchall()]
    if not found:
        return []
    horizon = horizon if horizon in found else found[len(found) // 2]
    rows = con.execute(
        """select playbook, component, actions, measured, median_score_lift, median_subscore_lift,
                  mean_subscore_lift, subscore_lift_low, subscore_lift_high, mean_score_lift,
                  score_lift_low, score_lift_high, climbed_band, outcomes_known, churned, verdict
           from marts.health_playbook_impact where segment = 'all' and horizon_days = ?
           order by actions desc, playbook""", [horizon]).fetchall()

    def interval(mean, low, high) -> str:
        return "-" if mean is None else f"{mean:+.1f} [{low:+.1f}, {high:+.1f}]" if low is not None else f"{mean:+.1f}"

    def number(value) -> str:
        return "-" if value is None else f"{value:+.1f}"

    return [
        f"Playbook impact after {horizon} days (lift against comparable accounts: same band and "
        "driver, no play; 95% interval of the mean):",
        text_table(
            ["playbook", "targets", "actions", "measured", "score lift (median)",
             "subscore lift (median)", "subscore lift (mean)", "climbed a band", "churned",
             "verdict"],
            [(p, c or "-", f"{a:,}", f"{m:,}", number(ms), number(mt),
              interval(mean, low, high) if c else interval(smean, slow, shigh),
              f"{share(cl, m)} ({cl}/{m})", f"{ch}/{k}", v)
             for p, c, a, m, ms, mt, mean, low, high, smean, slow, shigh, cl, k, ch, v in rows],
            "llrrrrrrrl"),
        "",
    ]
