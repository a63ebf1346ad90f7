{#-
    The metric tree below each component (one row per active account, scored day and metric
    with a score): where a component's points go, metric by metric. The metric's share of its
    component is its weight within the component over the weights of the component's metrics
    present that day (the subscore is the metric-weighted mean of the metrics present); its
    weight in the whole score is that share x the component's effective weight; it adds weight
    in the score x its score and loses weight in the score x (100 - its score). A component's
    metrics lose, between them, exactly the component's points: effective weight x (100 -
    subscore), so the score is explained from 100 down to the signal a team acts on.
    rank_in_component 1 is the metric losing most (ties: catalog order); the primary metric is
    that of the primary driver (the fact, the queue and the alerts read it from here). A metric
    of a component left out of the score (no weight present) has its score but no points.
    Incremental by day, like the fact.
-#}
{{ config(**incremental_by_day('score_date')) }}
{% if is_incremental() %}{{ assert_window_built() }}{% endif %}
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

{#- each metric's share, weight in the score and points lost on the wide row, then its rank in
    its component: 1 + the metrics of the component with a score that lose more (or as much and
    come first in the catalog; no points counts as -1), so ranking needs no sort of the long
    rows -#}
shared as (
    select
        present.*,
        {%- for metric in catalog %}
        {%- set component = metric.component %}
        case when present_weight_{{ component }} > 0
            then {{ ratio('weight__' ~ metric.name, 'present_weight_' ~ component) }} end as share__{{ metric.name }}{{ "," if not loop.last }}
        {%- endfor %}
    from present
),

lost as (
    select
        shared.*,
        {%- for metric in catalog %}
        share__{{ metric.name }} * cast(effective_weight_{{ metric.component }} as {{ double }})
            * (100 - cast({{ metric.name }}__score as {{ double }})) as points_lost__{{ metric.name }}{{ "," if not loop.last }}
        {%- endfor %}
    from shared
),

ranked as (
    select
        lost.*,
        {%- for metric in catalog %}
        {%- set outer = loop %}
        1
        {%- for other in catalog if other.component == metric.component and other.name != metric.name %}
        {%- set theirs = 'coalesce(points_lost__' ~ other.name ~ ', -1)' %}
        {%- set mine = 'coalesce(points_lost__' ~ metric.name ~ ', -1)' %}
        + case when {{ other.name }}__score is not null
            and ({{ theirs }} > {{ mine }}
                {%- if catalog.index(other) < outer.index0 %}
                or {{ theirs }} = {{ mine }}
                {%- endif %}) then 1 else 0 end
        {%- endfor %} as rank__{{ metric.name }}{{ "," if not loop.last }}
        {%- endfor %}
    from lost
),

metric_list as (
    {%- for metric in catalog %}
    select
        {{ loop.index }} as metric_order,
        {{ components.index(metric.component) + 1 }} as component_order,
        cast('{{ metric.component }}' as {{ string }}) as component,
        cast('{{ metric.name }}' as {{ string }}) as metric
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

{#- one row per metric of each wide row: each column picks its metric's (or component's) value -#}
unpivoted as (
    select
        ranked.account_id,
        ranked.score_date,
        ranked.segment,
        ranked.primary_driver,
        metric_list.component,
        metric_list.metric,
        {%- for column, expression in [
            ('metric_value', '{m}'), ('metric_score', '{m}__score'), ('metric_weight', 'weight__{m}'),
            ('share_of_component', 'share__{m}'), ('points_lost', 'points_lost__{m}'),
            ('rank_in_component', 'rank__{m}')] %}
        case metric_list.metric_order
            {%- for metric in catalog %}
            when {{ loop.index }} then {{ expression.replace('{m}', metric.name) }}
            {%- endfor %}
        end as {{ column }},
        {%- endfor %}
        {%- for column, expression in [
            ('component_effective_weight', 'effective_weight_{c}'),
            ('component_points_lost', 'effective_weight_{c} * (100 - {c}_subscore)')] %}
        case metric_list.component_order
            {%- for component in components %}
            when {{ loop.index }} then {{ expression.replace('{c}', component) }}
            {%- endfor %}
        end as {{ column }}{{ "," if not loop.last }}
        {%- endfor %}
    from ranked
    cross join metric_list
),

metrics as (
    select
        account_id,
        score_date,
        segment,
        primary_driver,
        component,
        metric,
        cast(metric_value as {{ double }}) as metric_value,
        cast(metric_score as {{ double }}) as metric_score,
        cast(metric_weight as {{ double }}) as metric_weight,
        share_of_component,
        points_lost,
        cast(component_effective_weight as {{ double }}) as component_effective_weight,
        cast(component_points_lost as {{ double }}) as component_points_lost,
        cast(rank_in_component as integer) as rank_in_component
    from unpivoted
    where metric_score is not null
),

final as (
    select
        account_id,
        score_date,
        segment,
        component,
        metric,
        metric_value,
        metric_score,
        metric_weight,
        share_of_component,
        cast(share_of_component * component_effective_weight as {{ double }}) as weight_in_score,
        cast(share_of_component * component_effective_weight * metric_score as {{ double }}) as contribution,
        cast(points_lost as {{ double }}) as points_lost,
        component_points_lost,
        rank_in_component,
        coalesce(
            component = primary_driver
            and rank_in_component = 1
            and points_lost > 0,
            false
        ) as is_primary_metric
    from metrics
)

select * from final
