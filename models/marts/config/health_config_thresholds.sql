-- Each scorecard's low/high and weight within its component for every metric, after a segment's
-- rows override the default ones: the thresholds the score was computed with.
with thresholds as (
    select * from {{ ref('int_config__metric_thresholds') }}
),

final as (
    select
        scorecard,
        component,
        metric,
        cast(low as {{ account_health.type_double() }}) as low,
        cast(high as {{ account_health.type_double() }}) as high,
        cast(metric_weight as {{ account_health.type_double() }}) as metric_weight
    from thresholds
)

select * from final
