"""The weight proposal as an asset: refit the weights on every run, never apply them."""

from dagster import AssetExecutionContext, MaterializeResult, MetadataValue, asset
from dagster_dbt import get_asset_key_for_model

from orchestration.assets.dbt import health_models
from orchestration.calibration import COMPONENTS, propose_from_warehouse
from orchestration.resources import WarehouseWriter
from orchestration.settings import dbt_project_dir, reports_dir, warehouse_path


@asset(
    deps=[get_asset_key_for_model([health_models], "health_backtest_observations")],
    group_name="backtest",
    owners=["team:customer-success-ops"],
    kinds={"python", "html"},
    pool="duckdb_writer",
)
def weight_proposal(context: AssetExecutionContext, warehouse: WarehouseWriter) -> MaterializeResult:
    """Weights fitted to churn on the earlier observation dates and evaluated on the later ones,
    as a CSV in seeds/scoring_weights.csv's format and an HTML report. Review, then copy it
    into seeds/ deliberately: nothing here changes the live configuration."""
    try:
        files = propose_from_warehouse(warehouse_path(), dbt_project_dir() / "seeds", reports_dir())
    except ValueError as exc:
        # Too little outcome history to fit (a short history, or no churn yet): say so, fail nothing.
        context.log.warning(f"no weight proposal: {exc}")
        return MaterializeResult(metadata={"status": f"not fitted: {exc}"})
    proposal = files.proposal
    context.log.info(f"AUC on the later dates: current {proposal.before.auc:.3f}, proposed {proposal.after.auc:.3f}")
    return MaterializeResult(metadata={
        "status": "fitted",
        # Six and five decimals: readable, and the CLI's three and two decimals printed from
        # them round as they would from the exact values.
        "auc_current": round(proposal.before.auc, 6),
        "auc_proposed": round(proposal.after.auc, 6),
        "lift_current": round(proposal.before.top_decile_lift, 5),
        "lift_proposed": round(proposal.after.top_decile_lift, 5),
        "split_date": str(proposal.split_date),
        "train_observations": proposal.train_rows,
        "test_observations": proposal.test_rows,
        "weights_csv": MetadataValue.path(str(files.csv)),
        "report": MetadataValue.path(str(files.html)),
        "proposed_default": MetadataValue.json(
            {c: round(float(w), 3) for c, w in zip(COMPONENTS, proposal.proposed["default"], strict=True)}),
    })
