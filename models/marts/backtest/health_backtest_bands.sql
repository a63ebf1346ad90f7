{#-
    Outcomes by band: for each segment (and 'all') and band, over the uncensored
    observations: how many, and how many churned, contracted, renewed and expanded within the
    horizon, with each rate. On a score that works, churn rises band by band.
    A band with fewer than var('backtest_min_band_observations') observations is flagged
    too_few_observations and its rates are null: two observations and no churn is not a churn
    rate of 0 %, and such a band does not decide monotonicity (see health_backtest_metrics).
-#}
{%- set minimum = var('backtest_min_band_observations') -%}
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
        count(*) < {{ minimum }} as too_few_observations,
        cast(sum(churned) as integer) as churned,
        case when count(*) >= {{ minimum }} then {{ ratio('sum(churned)', 'count(*)') }} end as churn_rate,
        cast(sum(contracted) as integer) as contracted,
        case when count(*) >= {{ minimum }} then {{ ratio('sum(contracted)', 'count(*)') }} end as contraction_rate,
        cast(sum(renewed) as integer) as renewed,
        case when count(*) >= {{ minimum }} then {{ ratio('sum(renewed)', 'count(*)') }} end as renewal_rate,
        cast(sum(expanded) as integer) as expanded,
        case when count(*) >= {{ minimum }} then {{ ratio('sum(expanded)', 'count(*)') }} end as expansion_rate
    from by_segment
    group by segment, band, band_rank
)

select * from final
