"""The calibration proposal as an asset: refit thresholds and weights on every run, never apply them."""

import duckdb
from dagster import AssetExecutionContext, MaterializeResult, MetadataValue, asset
from dagster_dbt import get_asset_key_for_model

from orchestration.assets.dbt import health_models
from orchestration.diagnosis import backtest_reason
from orchestration.proposals import propose_from_warehouse
from orchestration.resources import WarehouseWriter
from orchestration.settings import reports_dir, warehouse_path


@asset(
    deps=[get_asset_key_for_model([health_models], "health_backtest_observations"),
          get_asset_key_for_model([health_models], "health_backtest_metric_values")],
    group_name="backtest",
    owners=["team:customer-success-ops"],
    kinds={"python", "html"},
    pool="duckdb_writer",
)
def weight_proposal(context: AssetExecutionContext, warehouse: WarehouseWriter) -> MaterializeResult:
    """Thresholds, then weights, fitted to churn on the earlier observation dates and evaluated
    on the later ones, as CSVs in the formats of seeds/metric_thresholds.csv and
    seeds/scoring_weights.csv and an HTML report. Review, then `account-health apply-proposal`:
    nothing here changes the live configuration."""
    try:
        files = propose_from_warehouse(warehouse_path(), reports_dir())
    except ValueError as exc:
        # Too little outcome history to fit (a short history, or no churn yet): say why, fail nothing.
        with duckdb.connect(str(warehouse_path()), read_only=True) as con:
            reason = backtest_reason(con)
        status = f"not fitted: the backtest has no AUC: {reason}" if reason else f"not fitted: {exc}"
        context.log.warning(f"no weight proposal: {status}")
        return MaterializeResult(metadata={"status": status})
    proposal = files.proposal
    context.log.info(f"AUC on the later dates: current {proposal.before.auc:.3f}, proposed {proposal.after.auc:.3f}")
    moves = files.impact.band_moves
    return MaterializeResult(metadata={
        **({"accounts_changing_band": moves.moved} if moves else {}),
        "status": "fitted",
        # Six and five decimals: readable, and the CLI's three and two decimals printed from
        # them round as they would from the exact values.
        "auc_current": round(proposal.before.auc, 6),
        "auc_proposed_thresholds": round(proposal.thresholds_only.auc, 6) if proposal.thresholds_only
        else float("nan"),
        "auc_proposed": round(proposal.after.auc, 6),
        "lift_current": round(proposal.before.top_decile_lift, 5),
        "lift_proposed": round(proposal.after.top_decile_lift, 5),
        "split_date": str(proposal.split_date),
        "train_observations": proposal.train_rows,
        "test_observations": proposal.test_rows,
        "weights_csv": MetadataValue.path(str(files.weights_csv)),
        "thresholds_csv": MetadataValue.path(str(files.thresholds_csv)),
        "report": MetadataValue.path(str(files.html)),
        "what_would_change": MetadataValue.md("\n".join(f"- {line}" for line in files.impact.sentences())),
        "proposed_default": MetadataValue.json(
            {c: round(float(w), 3) for c, w in zip(proposal.components, proposal.proposed["default"], strict=True)}),
    })
