{#-
    Hard-stop caps: when a metric meets a condition, the score is capped.
    Validated when it runs: unknown metrics, unknown operators, caps outside 0-100 and
    duplicate cap ids fail the build, naming the rows.
-#}
{%- set check_sql -%}
with caps as (
    select cap_id, metric, operator, threshold, cap_score from {{ ref('score_caps') }}
),

catalog as (
    {{ health_metric_rows() }}
)

select 'row cap_id=' || coalesce(caps.cap_id, 'null') || ': unknown metric ' || coalesce(caps.metric, 'null') as problem
from caps
left join catalog on catalog.metric = caps.metric
where catalog.metric is null

union all

select 'row cap_id=' || coalesce(cap_id, 'null') || ': operator must be one of >=, >, <=, <, =; got ' || coalesce(operator, 'null')
from caps
where operator is null or operator not in ('>=', '>', '<=', '<', '=')

union all

select 'row cap_id=' || coalesce(cap_id, 'null') || ': cap_score must be between 0 and 100, got '
    || coalesce(cast(cap_score as {{ dbt.type_string() }}), 'null')
from caps
where cap_score is null or cap_score < 0 or cap_score > 100 or threshold is null

union all

select 'rows cap_id=' || cap_id || ': the id is used ' || cast(count(*) as {{ dbt.type_string() }}) || ' times'
from caps
group by cap_id
having count(*) > 1
{%- endset -%}

{{ assert_valid_config('score_caps', check_sql) }}

with caps as (
    select * from {{ ref('score_caps') }}
),

catalog as (
    {{ health_metric_rows() }}
),

final as (
    select
        caps.cap_id,
        catalog.component,
        caps.metric,
        caps.operator,
        caps.threshold,
        caps.cap_score,
        caps.reason
    from caps
    inner join catalog on catalog.metric = caps.metric
)

select * from final
