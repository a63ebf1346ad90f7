{#-
    Did the accounts marked ready for an expansion ask expand? Per segment (and 'all') and
    group, over the uncensored backtest observations: ready (health_expansion_readiness on the
    observation day), top band but not ready, and the other bands; how many, and how many
    expanded, churned and renewed within the horizon. Ready accounts should expand clearly more
    often than the rest, or the readiness rule is noise.
-#}
with observations as (
    select * from {{ ref('health_backtest_observations') }}
    where not is_censored
),

grouped as (
    select
        segment,
        case
            when expansion_ready then 'ready'
            when stable_band_rank = 1 then 'top_band_not_ready'
            else 'other_bands'
        end as readiness_group,
        expanded,
        churned,
        renewed
    from observations
),

by_segment as (
    select segment, readiness_group, expanded, churned, renewed from grouped
    union all
    select 'all', readiness_group, expanded, churned, renewed from grouped
),

final as (
    select
        segment,
        readiness_group,
        cast(count(*) as integer) as observations,
        cast(sum(expanded) as integer) as expanded,
        {{ ratio('sum(expanded)', 'count(*)') }} as expansion_rate,
        cast(sum(churned) as integer) as churned,
        {{ ratio('sum(churned)', 'count(*)') }} as churn_rate,
        cast(sum(renewed) as integer) as renewed,
        {{ ratio('sum(renewed)', 'count(*)') }} as renewal_rate
    from by_segment
    group by segment, readiness_group
)

select * from final
