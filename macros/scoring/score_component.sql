{#-
    The closing CTEs of a component model. Expects a CTE named `metrics` (component_metrics) with account_id,
    score_date, scorecard and one column per metric of the component (macro health_metrics).
    Each metric is normalised with its scorecard's low/high (normalize_metric); the subscore is
    the metric-weighted mean of the metrics that are present:
        subscore = sum(w_m * s_m) / sum(w_m)   over metrics m with a value
    so a metric without data neither helps nor hurts, and a component with no metric at all is
    null (not configured for that account), never 0. Ends with a CTE named `final`.
-#}
{% macro score_component(component) -%}
    {%- set metrics = health_metrics()[component] -%}
component_thresholds as (
    select
        scorecard,
        {%- for metric in metrics %}
        max(case when metric = '{{ metric }}' then low end) as low__{{ metric }},
        max(case when metric = '{{ metric }}' then high end) as high__{{ metric }},
        max(case when metric = '{{ metric }}' then metric_weight end) as weight__{{ metric }}{{ "," if not loop.last }}
        {%- endfor %}
    from {{ ref('int_config__metric_thresholds') }}
    where component = '{{ component }}'
    group by scorecard
),

normalised as (
    select
        metrics.*,
        {%- for metric in metrics %}
        component_thresholds.weight__{{ metric }},
        {{ normalize_metric('metrics.' ~ metric, 'component_thresholds.low__' ~ metric, 'component_thresholds.high__' ~ metric) }}
            as {{ metric }}__score{{ "," if not loop.last }}
        {%- endfor %}
    from metrics
    inner join component_thresholds on metrics.scorecard = component_thresholds.scorecard
),

final as (
    select
        account_id,
        score_date,
        {%- for metric in metrics %}
        cast({{ metric }} as {{ account_health.type_double() }}) as {{ metric }},
        cast({{ metric }}__score as {{ account_health.type_double() }}) as {{ metric }}__score,
        {%- endfor %}
        cast((
            {%- for metric in metrics %}
            coalesce(weight__{{ metric }} * {{ metric }}__score, 0){{ " +" if not loop.last }}
            {%- endfor %}
        ) / nullif(
            {%- for metric in metrics %}
            case when {{ metric }}__score is not null then weight__{{ metric }} else 0 end{{ " +" if not loop.last }}
            {%- endfor %}
        , 0) as {{ account_health.type_double() }}) as subscore
    from normalised
)
{%- endmacro %}
