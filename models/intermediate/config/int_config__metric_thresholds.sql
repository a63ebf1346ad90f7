{#-
    One row per scorecard x metric: low, high and weight-within-component for each metric of
    the catalog (macro health_metrics), with segment rows overriding only what they name.
    Validated when it runs: unknown metrics, a metric without default thresholds, low = high
    (after inheritance), low and high the wrong way round for the metric's declared direction
    (health_metric_catalog), negative weights and duplicate rows fail the build, naming the rows.
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
    || ': unknown metric (the metrics are declared in macros/scoring/catalog/health_metric_catalog.sql)' as problem
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

select 'row metric=' || resolved.metric || ', segment=' || coalesce(resolved.segment, 'null')
    || ': low ' || cast(resolved.low as {{ dbt.type_string() }}) || ' and high ' || cast(resolved.high as {{ dbt.type_string() }})
    || ' run the wrong way: the metric is ' || catalog.direction
    || case when catalog.direction = 'higher_is_better' then ' (low must be below high)' else ' (low must be above high)' end
from resolved
inner join catalog on catalog.metric = resolved.metric
where (catalog.direction = 'higher_is_better' and resolved.low > resolved.high)
    or (catalog.direction = 'lower_is_better' and resolved.low < resolved.high)

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
