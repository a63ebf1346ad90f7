{#- The components of the score, in display and tie-break order (SPEC 4.1). -#}
{% macro health_components() -%}
    {{ return(['usage', 'adoption', 'value', 'lifecycle', 'support', 'commercial', 'sentiment']) }}
{%- endmacro %}

{#- Every metric the component models compute, by component. seeds/metric_thresholds.csv
    must give each of them low/high; seeds/score_caps.csv may name any of them. -#}
{% macro health_metrics() -%}
    {{ return({
        'usage': ['usage_core_actions_per_active_user', 'usage_active_days_share', 'usage_trend_ratio'],
        'adoption': ['adoption_active_user_ratio', 'adoption_feature_breadth', 'adoption_role_breadth', 'adoption_champion_present'],
        'value': ['value_events_in_window', 'value_days_since_last'],
        'lifecycle': ['lifecycle_on_time_share', 'lifecycle_overdue_milestones'],
        'support': ['support_open_high_severity', 'support_open_sev1', 'support_tickets_per_10_seats', 'support_escalation_rate', 'support_reopen_rate', 'support_sla_breach_rate', 'support_csat'],
        'commercial': ['commercial_days_past_due', 'commercial_failed_payments', 'commercial_downgrades', 'commercial_churn_notice'],
        'sentiment': ['sentiment_nps', 'sentiment_csat', 'sentiment_csm', 'sentiment_champion_lost'],
    }) }}
{%- endmacro %}

{#- The catalog as SQL rows (metric, component), for joins and validation. -#}
{% macro health_metric_rows() -%}
    {%- set rows = [] -%}
    {%- for component, metrics in health_metrics().items() -%}
        {%- for metric in metrics -%}
            {%- do rows.append("select '" ~ metric ~ "' as metric, '" ~ component ~ "' as component") -%}
        {%- endfor -%}
    {%- endfor -%}
    {{ rows | join('\n    union all ') }}
{%- endmacro %}

{#- A quoted, comma-separated SQL list of the components: 'usage', 'adoption', ... -#}
{% macro health_component_list() -%}
    {%- for component in health_components() -%}'{{ component }}'{{ ", " if not loop.last }}{%- endfor -%}
{%- endmacro %}
