{#-
    The expansion queue: healthy accounts ready to grow, for an expansion ask rather than a risk
    play. The accounts ready on the latest scored day (health_expansion_readiness: top stable
    band, seats nearly used, active users growing, broad feature use), ranked by potential ARR
    (ARR x var('expansion_uplift')), then by readiness score.
-#}
{%- set double = account_health.type_double() %}

with readiness as (
    select * from {{ ref('health_expansion_readiness') }}
),

latest_day as (
    select max(score_date) as score_date from readiness
),

ready as (
    select readiness.*
    from readiness
    inner join latest_day on readiness.score_date = latest_day.score_date
    where readiness.is_ready
),

final as (
    select
        cast(row_number() over (
            order by potential_arr desc, readiness_score desc, account_id
        ) as integer) as expansion_rank,
        account_id,
        score_date,
        account_name,
        segment,
        csm_owner,
        arr,
        potential_arr,
        readiness_score,
        seat_utilisation,
        user_growth,
        feature_breadth,
        active_users,
        seats,
        health_score,
        stable_band,
        renewal_date,
        days_to_renewal
    from ready
)

select * from final
