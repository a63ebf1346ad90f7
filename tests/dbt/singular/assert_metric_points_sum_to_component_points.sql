-- The metric tree adds up: the points a component's metrics lose sum to the component's points
-- lost (effective weight x (100 - subscore)), and every scored component has at least one
-- metric. Returns the account-days and components where either fails (beyond float noise).
with metric_points as (
    select * from {{ ref('health_metric_points') }}
),

fact as (
    select * from {{ ref('fct_account_health_daily') }}
),

by_component as (
    select account_id, score_date, component, sum(points_lost) as points_lost, max(component_points_lost) as component_points_lost
    from metric_points
    group by account_id, score_date, component
),

expected as (
    {%- for component in health_components() %}
    select
        account_id,
        score_date,
        '{{ component }}' as component,
        effective_weight_{{ component }} * (100 - {{ component }}_subscore) as points_lost
    from fact
    where effective_weight_{{ component }} is not null
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
)

select expected.account_id, expected.score_date, expected.component, expected.points_lost, by_component.points_lost as metric_points_lost
from expected
left join by_component
    on expected.account_id = by_component.account_id
    and expected.score_date = by_component.score_date
    and expected.component = by_component.component
where by_component.points_lost is null
    or abs(by_component.points_lost - expected.points_lost) > 0.000000001
    or abs(by_component.component_points_lost - expected.points_lost) > 0.000000001
