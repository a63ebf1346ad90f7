{#-
    The metric tree below each component, per active account, scored day and metric with a
    score that day: the metric's share of its component (its weight within the component over
    the weights of the component's metrics present that day, as the subscore is the
    metric-weighted mean of the metrics present), its weight in the whole score (that share x
    the component's effective weight), the points it adds (weight in the score x its score) and
    the points it loses (weight in the score x (100 - its score)). A component's metrics lose,
    between them, exactly the component's points: effective weight x (100 - subscore).
    rank_in_component 1 is the metric losing most (ties: catalog order); the primary metric is
    that of the primary driver. A metric of a component left out of the score (no weight
    present) has its score but no points.
-#}
{%- set catalog = health_metric_catalog() -%}
{%- set by_component = health_metrics() -%}
{%- set components = health_components() -%}
{%- set double = account_health.type_double() -%}
{%- set string = api.Column.translate_type('string') -%}

with score_dates as (
    select score_date from {{ ref('int_health__score_dates') }}
),

metric_days as (
    select metric_days.*
    from {{ ref('int_health__metric_daily') }} as metric_days
    inner join score_dates on metric_days.score_date = score_dates.score_date
),

scored as (
    select
        account_id,
        score_date,
        primary_driver,
        {%- for component in components %}
        effective_weight_{{ component }},
        {{ component }}_subscore{{ "," if not loop.last }}
        {%- endfor %}
    from {{ ref('int_health__scored') }}
),

weights as (
    select
        scorecard,
        {%- for metric in catalog %}
        max(case when metric = '{{ metric.name }}' then metric_weight end) as weight__{{ metric.name }}{{ "," if not loop.last }}
        {%- endfor %}
    from {{ ref('int_config__metric_thresholds') }}
    group by scorecard
),

{#- the weight present per component, summed in catalog order on each row (the same sum the
    component's subscore divides by) -#}
present as (
    select
        metric_days.*,
        scored.primary_driver,
        {%- for component, metrics in by_component.items() %}
        scored.effective_weight_{{ component }},
        scored.{{ component }}_subscore,
        (
            {%- for metric in metrics %}
            case when metric_days.{{ metric }}__score is not null then weights.weight__{{ metric }} else 0 end{{ " +" if not loop.last }}
            {%- endfor %}
        ) as present_weight_{{ component }},
        {%- endfor %}
        {%- for metric in catalog %}
        weights.weight__{{ metric.name }}{{ "," if not loop.last }}
        {%- endfor %}
    from metric_days
    inner join scored
        on metric_days.account_id = scored.account_id
        and metric_days.score_date = scored.score_date
    inner join weights on metric_days.scorecard = weights.scorecard
),

metrics as (
    {%- for metric in catalog %}
    {%- set component = metric.component %}
    select
        account_id,
        score_date,
        segment,
        primary_driver,
        cast('{{ component }}' as {{ string }}) as component,
        {{ components.index(component) + 1 }} as component_order,
        cast('{{ metric.name }}' as {{ string }}) as metric,
        {{ loop.index }} as metric_order,
        cast({{ metric.name }} as {{ double }}) as metric_value,
        cast({{ metric.name }}__score as {{ double }}) as metric_score,
        cast(weight__{{ metric.name }} as {{ double }}) as metric_weight,
        case when present_weight_{{ component }} > 0
            then {{ ratio('weight__' ~ metric.name, 'present_weight_' ~ component) }} end as share_of_component,
        cast(effective_weight_{{ component }} as {{ double }}) as component_effective_weight,
        cast(effective_weight_{{ component }} * (100 - {{ component }}_subscore) as {{ double }}) as component_points_lost
    from present
    where {{ metric.name }}__score is not null
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

pointed as (
    select
        *,
        share_of_component * component_effective_weight as weight_in_score,
        share_of_component * component_effective_weight * metric_score as contribution,
        share_of_component * component_effective_weight * (100 - metric_score) as points_lost
    from metrics
),

final as (
    select
        *,
        cast(row_number() over (
            partition by account_id, score_date, component
            order by coalesce(points_lost, -1) desc, metric_order
        ) as integer) as rank_in_component
    from pointed
)

select
    *,
    coalesce(component = primary_driver and rank_in_component = 1 and points_lost > 0, false) as is_primary_metric
from final
