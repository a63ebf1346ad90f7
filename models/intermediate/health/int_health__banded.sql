{#-
    The score after caps and its band, per active account and scored day: the binding cap
    (int_health__caps) lowers the weighted score when it is below it (the cap and its reason are
    kept either way), the score is rounded to 2 decimals, and the band is the one of the scheme
    in var('band_scheme') that holds it (macro band_condition); below var('min_coverage') the
    band is insufficient_data, never a colour.
-#}
with scored as (
    select * from {{ ref('int_health__scored') }}
),

caps as (
    select * from {{ ref('int_health__caps') }}
),

bands as (
    select * from {{ ref('int_config__bands') }}
),

capped as (
    select
        scored.*,
        caps.cap_id,
        caps.cap_score,
        caps.cap_reason,
        caps.triggered_cap_ids,
        {{ round_to(
            'case when caps.cap_score < scored.health_score_uncapped then caps.cap_score else scored.health_score_uncapped end',
            2
        ) }} as health_score,
        coalesce(caps.cap_score < scored.health_score_uncapped, false) as is_capped
    from scored
    left join caps
        on scored.account_id = caps.account_id
        and scored.score_date = caps.score_date
),

final as (
    select
        capped.*,
        case
            when capped.health_score is null or capped.coverage < {{ var('min_coverage') }}
                then 'insufficient_data'
            else bands.band
        end as band,
        case
            when capped.health_score is null or capped.coverage < {{ var('min_coverage') }} then null
            else bands.band_rank
        end as band_rank
    from capped
    left join bands on {{ band_condition('capped.health_score', 'bands') }}
)

select * from final
