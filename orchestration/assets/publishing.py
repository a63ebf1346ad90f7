"""Publishing: after the build and its tests pass, swap in a new BI publication."""

import duckdb
from dagster import AssetExecutionContext, MaterializeResult, MetadataValue, asset

from orchestration.assets.dbt import health_history, health_models
from orchestration.catalog import tables_in
from orchestration.partitions import first_day_of_history, record_history_start
from orchestration.publish import READABLE_BY, STORAGE_VERSION, Publication, publish
from orchestration.resources import WarehouseWriter
from orchestration.settings import publish_dir, warehouse_path

# Publishing waits for every mart (every dbt model in schema marts, whichever dbt step builds
# it), so it never runs after a failed build or test, and a new mart needs no change here.
MART_KEYS = sorted(
    (key for key in [*health_history.keys, *health_models.keys] if key.path[0] == "marts"),
    key=lambda key: key.to_user_string(),
)


def _money(value) -> float:
    """An amount in the metadata: to the cent (a sum of doubles reads 1721467.6900000002)."""
    return round(float(value or 0), 2)


def publication_metrics(publication: Publication) -> dict[str, float | int | str]:
    """Headline numbers of a publication (plotted across runs in the Dagster UI): money to the
    cent, scores to two decimals, AUC and lift to four and three."""
    out: dict[str, float | int | str] = {}
    with duckdb.connect(str(publication.duckdb_file), read_only=True) as con:
        latest = con.execute("select max(score_date) from marts.fct_account_health_daily").fetchall()[0][0]
        out["score_date"] = str(latest)
        for band, accounts, arr in con.execute(
            """select band, count(*), coalesce(sum(arr), 0) from marts.health_current
               group by band order by band"""
        ).fetchall():
            out[f"accounts_{band}"] = int(accounts)
            out[f"arr_{band}"] = _money(arr)
        queued, at_risk = con.execute(
            "select count(*), coalesce(sum(arr_at_risk), 0) from marts.health_at_risk_queue"
        ).fetchall()[0]
        out["queue_accounts"] = int(queued)
        out["arr_at_risk"] = _money(at_risk)
        out["mean_score"] = round(float(con.execute(
            "select coalesce(avg(health_score), 0) from marts.health_current").fetchall()[0][0]), 2)
        backtest = con.execute(
            "select auc, top_decile_lift from marts.health_backtest_metrics "
            "where segment = 'all' and predictor = 'health_score'").fetchall() if (
            "health_backtest_metrics" in tables_in(con, "marts")) else []
        if backtest and backtest[0][0] is not None:
            out["backtest_auc"] = round(float(backtest[0][0]), 4)
            out["backtest_top_decile_lift"] = round(float(backtest[0][1]), 3)
        marts = tables_in(con, "marts")
        if "health_expansion_queue" in marts:
            out["expansion_ready_accounts"] = int(con.execute(
                "select count(*) from marts.health_expansion_queue").fetchall()[0][0])
        if "health_band_stability" in marts:
            days, changes, stable = con.execute(
                "select sum(account_days), sum(band_changes), sum(stable_band_changes) "
                "from marts.health_band_stability where segment = 'all'").fetchall()[0]
            if days:
                out["band_changes_per_account_month"] = round(float(30 * changes / days), 3)
                out["stable_band_changes_per_account_month"] = round(float(30 * stable / days), 3)
        if "rejected_rows" in tables_in(con, "quality"):
            # quality.rejected_rows holds both: rows set aside, and rows kept with a field
            # emptied (repaired); its count in `rows` is their sum.
            by_action = dict(con.execute(
                "select action, count(*) from quality.rejected_rows group by action").fetchall())
            out["rejected_rows"] = int(by_action.get("rejected", 0))
            out["repaired_rows"] = int(by_action.get("repaired", 0))
    return out


@asset(
    deps=[*MART_KEYS],
    group_name="publishing",
    owners=["team:data-platform"],
    kinds={"duckdb", "parquet"},
    pool="duckdb_writer",
)
def bi_publication(context: AssetExecutionContext, warehouse: WarehouseWriter) -> MaterializeResult:
    """The marts as a read-only DuckDB file and Parquet files under `published/current`,
    swapped in atomically after the build and its tests passed. Also records the first day of
    the history, where the daily partitions start the next time the definitions load."""
    publication = publish(warehouse_path(), publish_dir(), source=f"dagster run {context.run.run_id}")
    metrics = publication_metrics(publication)
    first_day = first_day_of_history(warehouse_path())
    if first_day is not None:
        record_history_start(first_day, source=f"dagster run {context.run.run_id}")
    context.log.info(f"published {publication.publication_id} at {publication.path}")
    return MaterializeResult(
        metadata={
            "publication_id": publication.publication_id,
            "path": MetadataValue.path(str(publication.path)),
            "duckdb_storage_version": f"{STORAGE_VERSION} (readable by {READABLE_BY})",
            "rows": MetadataValue.json(publication.row_counts),
            **metrics,
        }
    )
