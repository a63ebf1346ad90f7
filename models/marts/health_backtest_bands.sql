{#-
    Outcomes by band (SPEC 5): for each segment (and 'all') and band, over the uncensored
    observations: how many, and how many churned, contracted, renewed and expanded within the
    horizon, with each rate. On a score that works, churn rises band by band.
-#}
with observations as (
    select * from {{ ref('health_backtest_observations') }}
    where not is_censored
),

by_segment as (
    select segment, band, band_rank, churned, contracted, renewed, expanded from observations
    union all
    select 'all', band, band_rank, churned, contracted, renewed, expanded from observations
),

final as (
    select
        segment,
        band,
        band_rank,
        cast(count(*) as integer) as observations,
        cast(sum(churned) as integer) as churned,
        {{ ratio('sum(churned)', 'count(*)') }} as churn_rate,
        cast(sum(contracted) as integer) as contracted,
        {{ ratio('sum(contracted)', 'count(*)') }} as contraction_rate,
        cast(sum(renewed) as integer) as renewed,
        {{ ratio('sum(renewed)', 'count(*)') }} as renewal_rate,
        cast(sum(expanded) as integer) as expanded,
        {{ ratio('sum(expanded)', 'count(*)') }} as expansion_rate
    from by_segment
    group by segment, band, band_rank
)

select * from final
