{#- The metric tree (one row per active account, scored day and metric with a score): where a
    component's points go, metric by metric. See int_health__metric_points for the rule; the
    points of a component's metrics add up to its points lost (effective weight x (100 -
    subscore)), so the score is explained from 100 down to the signal a team acts on. -#}
{{ config(**incremental_by_day('score_date')) }}
{% if is_incremental() %}{{ assert_window_built() }}{% endif %}
-- depends_on: {{ ref('int_health__score_dates') }}
{%- set double = account_health.type_double() -%}
{%- set string = api.Column.translate_type('string') %}

with metric_points as (
    select * from {{ ref('int_health__metric_points') }}
),

final as (
    select
        account_id,
        score_date,
        segment,
        cast(component as {{ string }}) as component,
        cast(metric as {{ string }}) as metric,
        cast(metric_value as {{ double }}) as metric_value,
        cast(metric_score as {{ double }}) as metric_score,
        cast(metric_weight as {{ double }}) as metric_weight,
        cast(share_of_component as {{ double }}) as share_of_component,
        cast(weight_in_score as {{ double }}) as weight_in_score,
        cast(contribution as {{ double }}) as contribution,
        cast(points_lost as {{ double }}) as points_lost,
        cast(component_points_lost as {{ double }}) as component_points_lost,
        cast(rank_in_component as integer) as rank_in_component,
        is_primary_metric
    from metric_points
)

select * from final
