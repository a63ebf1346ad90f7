{#-
    One row per scorecard x metric: low, high and weight-within-component for each metric of
    the catalog (macro health_metrics), with segment rows overriding only what they name.
    Validated when it runs: unknown metrics, a metric without default thresholds, low = high
    (after inheritance), negative weights and duplicate rows fail the build, naming the rows.
-#}
{%- set check_sql -%}
with thresholds as (
    select metric, segment, low, high, weight from {{ ref('metric_thresholds') }}
),

catalog as (
    {{ health_metric_rows() }}
),

defaults as (
    select * from thresholds where segment = 'default'
),

resolved as (
    select
        overrides.metric,
        overrides.segment,
        coalesce(overrides.low, defaults.low) as low,
        coalesce(overrides.high, defaults.high) as high
    from thresholds as overrides
    left join defaults on defaults.metric = overrides.metric
)

select 'row metric=' || coalesce(thresholds.metric, 'null') || ', segment=' || coalesce(thresholds.segment, 'null')
    || ': unknown metric (see macro health_metrics for the list)' as problem
from thresholds
left join catalog on catalog.metric = thresholds.metric
where catalog.metric is null

union all

select 'metric ' || catalog.metric || ' (' || catalog.component || '): no default row (segment=default) with low and high'
from catalog
left join defaults on defaults.metric = catalog.metric
where defaults.metric is null or defaults.low is null or defaults.high is null

union all

select 'row metric=' || metric || ', segment=' || coalesce(segment, 'null')
    || ': low = high = ' || cast(low as {{ dbt.type_string() }}) || ' (after inheriting the default row); the metric cannot be scaled'
from resolved
where low = high

union all

select 'row metric=' || metric || ', segment=' || coalesce(segment, 'null') || ': weight must be >= 0, got '
    || cast(weight as {{ dbt.type_string() }})
from thresholds
where weight < 0

union all

select 'rows metric=' || metric || ', segment=' || coalesce(segment, 'null') || ': listed '
    || cast(count(*) as {{ dbt.type_string() }}) || ' times'
from thresholds
group by metric, segment
having count(*) > 1
{%- endset -%}

{{ assert_valid_config('metric_thresholds', check_sql) }}

with thresholds as (
    select metric, segment, low, high, weight from {{ ref('metric_thresholds') }}
),

catalog as (
    {{ health_metric_rows() }}
),

scorecards as (
    select scorecard from {{ ref('int_config__scorecard_names') }}
),

defaults as (
    select * from thresholds where segment = 'default'
),

final as (
    select
        scorecards.scorecard,
        catalog.component,
        catalog.metric,
        coalesce(overrides.low, defaults.low) as low,
        coalesce(overrides.high, defaults.high) as high,
        coalesce(overrides.weight, defaults.weight, 1) as metric_weight
    from scorecards
    cross join catalog
    inner join defaults on defaults.metric = catalog.metric
    left join thresholds as overrides
        on overrides.metric = catalog.metric
        and overrides.segment = scorecards.scorecard
)

select * from final
