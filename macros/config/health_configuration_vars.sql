{#-
    The dbt vars (dbt_project.yml) a person tunes: every one changes what the marts say, so
    every one is part of the configuration version (int_config__version) stamped on each scored
    row. health_operational_vars are the others: where raw data is, which days a run scores, the
    load date; they change which rows are computed, not what a row says.
    tests/test_metric_catalog.py fails when dbt_project.yml declares a var that is in neither list.
    docs/architecture.md says, for each, where it is applied.
-#}
{% macro health_configuration_vars() -%}
    {{ return([
        'band_scheme', 'min_coverage',
        'usage_window_days', 'value_lookback_days', 'support_window_days', 'commercial_window_days',
        'sentiment_window_days', 'champion_window_days', 'csm_assessment_valid_days',
        'default_term_months', 'raw_years', 'raw_value_bounds', 'high_severity_max_level',
        'trend_short_days', 'trend_long_days', 'trend_dead_band',
        'alert_drop_points', 'alert_drop_window_days',
        'band_hysteresis_points', 'band_min_dwell_days', 'baseline_window_days', 'baseline_min_days',
        'at_risk_threshold', 'renewal_urgency', 'urgency_decline_cap', 'urgency_baseline_drop_points',
        'hierarchy_max_depth', 'expansion_growth_days', 'expansion_signals', 'expansion_uplift',
        'impact_horizons_days', 'impact_min_actions',
        'backtest_horizon_days', 'backtest_cadence', 'backtest_warmup_days', 'backtest_mismatch_band_rank',
        'backtest_min_band_observations',
    ]) }}
{%- endmacro %}

{% macro health_operational_vars() -%}
    {{ return(['raw_schema', 'score_start_date', 'score_end_date', 'late_data_lookback_days', 'load_date',
              'time_spine_start', 'time_spine_end']) }}
{%- endmacro %}
