"""What the CS console reads: the current BI publication, and nothing else.

Each query opens the publication's read-only DuckDB file afresh (resolved once through the
`current` link, so a page never mixes two publications) and returns a pandas DataFrame. The
functions are plain Python, so the console's figures can be checked without a browser.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from orchestration.publish import current_publication
from orchestration.scoring_config import band_order_sql

BAND_COLOURS = {"green": "#2e7d32", "amber": "#f9a825", "red": "#c62828", "critical": "#6a1b9a",
                "insufficient_data": "#9e9e9e"}


class NoPublication(RuntimeError):
    """Nothing has been published yet (or the publication folder is wrong)."""


@dataclass(frozen=True)
class Source:
    """One publication: the release folder `current` pointed at when the page was drawn."""

    publication_id: str
    published_at: str
    release: Path

    @property
    def database(self) -> Path:
        return self.release / "account_health.duckdb"


def open_source(publish_dir: Path) -> Source:
    """The current publication under publish_dir, or NoPublication saying how to make one."""
    publication = current_publication(Path(publish_dir))
    if publication is None or not publication.duckdb_file.exists():
        raise NoPublication(f"no publication in {publish_dir}: run `make run` (or `account-health run`) "
                            "to build and publish the marts, or point HEALTH_PUBLISH_DIR at a publication folder")
    return Source(publication.publication_id, publication.published_at, publication.path)


def query(source: Source, sql: str, params: list | None = None) -> pd.DataFrame:
    """Run one read-only query against the publication."""
    with duckdb.connect(str(source.database), read_only=True) as con:
        return con.execute(sql, params or []).df()


def latest_day(source: Source) -> str:
    return str(query(source, "select cast(max(score_date) as varchar) as d from marts.fct_account_health_daily")
               ["d"].iloc[0])


def segments(source: Source) -> list[str]:
    return query(source, "select distinct segment from marts.health_current where segment is not null "
                         "order by segment")["segment"].tolist()


def _segment_filter(segment: str | None, column: str = "segment") -> tuple[str, list]:
    return (f" and {column} = ?", [segment]) if segment else ("", [])


def headline(source: Source, segment: str | None = None) -> dict[str, float]:
    """Accounts, ARR and mean score on the latest day, and the at-risk queue (accounts, ARR)."""
    where, params = _segment_filter(segment)
    day = query(source, f"""select count(*) as accounts, coalesce(sum(arr), 0) as arr, avg(health_score) as score
                            from marts.fct_account_health_daily
                            where score_date = (select max(score_date) from marts.fct_account_health_daily)
                            {where}""", params).iloc[0]
    queue = query(source, f"""select count(*) as queued, coalesce(sum(arr_at_risk), 0) as arr_at_risk
                              from marts.health_at_risk_queue where true {where}""", params).iloc[0]
    return {"accounts": int(day["accounts"]), "arr": float(day["arr"]), "mean_score": float(day["score"]),
            "queue_size": int(queue["queued"]), "arr_at_risk": float(queue["arr_at_risk"])}


def bands_on_latest_day(source: Source, segment: str | None = None) -> pd.DataFrame:
    """Per band on the latest day: accounts, their share, ARR and its share."""
    where, params = _segment_filter(segment)
    return query(source, f"""
        with day as (
            select band, sum(accounts) as accounts, sum(arr) as arr
            from marts.health_portfolio_summary
            where score_date = (select max(score_date) from marts.health_portfolio_summary) {where}
            group by band
        )
        select band, cast(accounts as integer) as accounts, accounts / sum(accounts) over () as account_share,
               arr, arr / nullif(sum(arr) over (), 0) as arr_share
        from day order by {band_order_sql('day.band')}, day.band""", params)


def portfolio_history(source: Source, segment: str | None = None) -> pd.DataFrame:
    """Per scored day and band: accounts and ARR (one segment, or all)."""
    where, params = _segment_filter(segment)
    return query(source, f"""
        select score_date, band, cast(sum(accounts) as integer) as accounts, sum(arr) as arr
        from marts.health_portfolio_summary as summary where true {where}
        group by score_date, band order by score_date, {band_order_sql('summary.band')}, band""", params)


def owners(source: Source) -> list[str]:
    return query(source, "select distinct csm_owner from marts.health_at_risk_queue where csm_owner is not null "
                         "order by csm_owner")["csm_owner"].tolist()


def queue(source: Source, owner: str | None = None) -> pd.DataFrame:
    """The at-risk queue, best first; one owner's rows when owner is given."""
    where, params = _segment_filter(owner, "csm_owner")
    return query(source, f"""
        select queue_rank, account_id, account_name, csm_owner, segment, arr_at_risk, health_score, band,
               direction, days_to_renewal, renewal_date, urgency, focus_component, cap_reason, playbook,
               playbook_actions
        from marts.health_at_risk_queue where true {where} order by queue_rank""", params)


def accounts(source: Source) -> pd.DataFrame:
    """Every account of the latest day, the at-risk ones first (by queue rank), then by id."""
    return query(source, """
        select c.account_id, c.account_name, q.queue_rank
        from marts.health_current as c
        left join marts.health_at_risk_queue as q using (account_id)
        order by q.queue_rank nulls last, c.account_id""")


def account_current(source: Source, account_id: str) -> pd.Series | None:
    rows = query(source, "select * from marts.health_current where account_id = ?", [account_id])
    return None if rows.empty else rows.iloc[0]


def account_history(source: Source, account_id: str) -> pd.DataFrame:
    """The account's score day by day, with its band."""
    return query(source, """select score_date, health_score, band from marts.fct_account_health_daily
                            where account_id = ? order by score_date""", [account_id])


def band_edges(source: Source) -> pd.DataFrame:
    """The bands of the active scheme (marts.health_config_bands), best first."""
    return query(source, "select band, band_rank, min_score, max_score from marts.health_config_bands "
                         "order by band_rank")


def components(source: Source) -> list[str]:
    """The score's components in the configuration's order (marts.health_config_weights)."""
    frame = query(source, "select component, min(component_order) as o from marts.health_config_weights "
                          "group by component order by o, component")
    return list(frame["component"])


def account_components(source: Source, account_id: str) -> pd.DataFrame:
    """On the account's latest day, per component: subscore, effective weight, the points it adds
    (contribution) and the points it costs (effective weight x (100 - subscore))."""
    parts = " union all ".join(
        f"""select '{c}' as component, {i} as component_order, {c}_subscore as subscore,
                   effective_weight_{c} as effective_weight, contribution_{c} as contribution
            from latest""" for i, c in enumerate(components(source)))
    return query(source, f"""
        with latest as (
            select * from marts.fct_account_health_daily
            where account_id = ? and score_date = (
                select max(score_date) from marts.fct_account_health_daily where account_id = ?)
        ),
        parts as ({parts})
        select component, subscore, effective_weight, contribution,
               effective_weight * (100 - subscore) as points_lost
        from parts order by component_order""", [account_id, account_id])


def account_alerts(source: Source, account_id: str) -> pd.DataFrame:
    return query(source, """select score_date, alert_type, direction, from_band, to_band, health_score,
                                   points_dropped, component_moved_most
                            from marts.health_alerts where account_id = ?
                            order by score_date desc, alert_type""", [account_id])


def backtest_headline(source: Source, segment: str = "all") -> pd.Series | None:
    rows = query(source, """select observations, churned, churn_rate, auc, top_decile_lift, renewal_rate_spread,
                                   bands_monotonic
                            from marts.health_backtest_metrics where segment = ? and predictor = 'health_score'""",
                 [segment])
    return None if rows.empty else rows.iloc[0]


def backtest_bands(source: Source, segment: str = "all") -> pd.DataFrame:
    return query(source, """select band, observations, churned, churn_rate, renewed, renewal_rate
                            from marts.health_backtest_bands where segment = ? order by band_rank""", [segment])


def backtest_predictors(source: Source) -> pd.DataFrame:
    """ROC AUC of the score per segment and of each subscore alone (all segments)."""
    return query(source, """select segment, predictor, observations, churned, auc, top_decile_lift
                            from marts.health_backtest_metrics
                            order by predictor <> 'health_score', segment <> 'all', auc desc nulls last""")


def rejected_summary(source: Source) -> pd.DataFrame:
    """Rows staging set aside or repaired, per table, action and reason (empty when none were
    published)."""
    if not _has_rejected(source):
        return pd.DataFrame(columns=["source_table", "action", "reason", "rows"])
    return query(source, """select source_table, action, reason, count(*) as rows from quality.rejected_rows
                            group by source_table, action, reason order by source_table, action, rows desc""")


def rejected_rows(source: Source, table: str | None = None, limit: int = 500) -> pd.DataFrame:
    if not _has_rejected(source):
        return pd.DataFrame(columns=["source_table", "row_key", "account_id", "reason", "detail", "action"])
    where, params = _segment_filter(table, "source_table")
    return query(source, f"""select source_table, row_key, account_id, reason, detail, action
                             from quality.rejected_rows where true {where}
                             order by source_table, reason, row_key limit {int(limit)}""", params)


def _has_rejected(source: Source) -> bool:
    return not query(source, "select 1 from information_schema.tables where table_schema = 'quality' "
                             "and table_name = 'rejected_rows'").empty
