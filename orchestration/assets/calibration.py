"""The weight proposal as an asset: refit the weights on every run, never apply them."""

import duckdb
from dagster import AssetExecutionContext, MaterializeResult, MetadataValue, asset
from dagster_dbt import get_asset_key_for_model

from orchestration.assets.dbt import health_models
from orchestration.calibration import COMPONENTS, propose_from_warehouse
from orchestration.diagnosis import backtest_reason
from orchestration.settings import dbt_project_dir, reports_dir, warehouse_path


@asset(
    deps=[get_asset_key_for_model([health_models], "health_backtest_observations")],
    group_name="backtest",
    owners=["team:customer-success-ops"],
    kinds={"python", "html"},
    pool="duckdb_writer",
)
def weight_proposal(context: AssetExecutionContext) -> MaterializeResult:
    """Weights fitted to churn on the earlier observation dates and evaluated on the later ones,
    as a CSV in seeds/scoring_weights.csv's format and an HTML report. Review, then copy it
    into seeds/ deliberately: nothing here changes the live configuration."""
    try:
        files = propose_from_warehouse(warehouse_path(), dbt_project_dir() / "seeds", reports_dir())
    except ValueError as exc:
        # Too little outcome history to fit (a short history, or no churn yet): say why, fail nothing.
        with duckdb.connect(str(warehouse_path()), read_only=True) as con:
            reason = backtest_reason(con)
        status = f"not fitted: the backtest has no AUC: {reason}" if reason else f"not fitted: {exc}"
        context.log.warning(f"no weight proposal: {status}")
        return MaterializeResult(metadata={"status": status})
    proposal = files.proposal
    context.log.info(f"AUC on the later dates: current {proposal.before.auc:.3f}, proposed {proposal.after.auc:.3f}")
    return MaterializeResult(metadata={
        "status": "fitted",
        "auc_current": proposal.before.auc,
        "auc_proposed": proposal.after.auc,
        "lift_current": proposal.before.top_decile_lift,
        "lift_proposed": proposal.after.top_decile_lift,
        "split_date": str(proposal.split_date),
        "train_observations": proposal.train_rows,
        "test_observations": proposal.test_rows,
        "weights_csv": MetadataValue.path(str(files.csv)),
        "report": MetadataValue.path(str(files.html)),
        "proposed_default": MetadataValue.json(
            {c: round(float(w), 3) for c, w in zip(COMPONENTS, proposal.proposed["default"], strict=True)}),
    })
