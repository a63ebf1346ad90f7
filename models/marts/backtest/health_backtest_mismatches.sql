{#-
    The list a team reviews to find missing signals: uncensored observations where the
    score was wrong in the way that hurts. Scored green (band_rank 1) and churned within the
    horizon; or scored red or worse (band_rank >= var backtest_mismatch_band_rank, 3 by default)
    and renewed or expanded without churning.
    Each with the drivers as they were on the observation day.
-#}
with observations as (
    select * from {{ ref('health_backtest_observations') }}
    where not is_censored
),

final as (
    select
        case when churned = 1 then 'green_churned' else 'red_renewed' end as mismatch,
        account_id,
        observation_date,
        segment,
        csm_owner,
        arr,
        health_score,
        band,
        primary_driver,
        cap_reason,
        {%- for component in health_components() %}
        {{ component }}_subscore,
        {%- endfor %}
        outcome,
        first_event_date
    from observations
    where (band_rank = 1 and churned = 1)
        or (band_rank >= {{ var('backtest_mismatch_band_rank') }} and churned = 0 and (renewed = 1 or expanded = 1))
)

select * from final
