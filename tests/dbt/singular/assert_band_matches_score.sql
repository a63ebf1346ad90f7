{{ config(meta={"dagster": {"ref": {"name": "fct_account_health_daily"}}}) }}
-- Every row's band is the band of its score under the active scheme, or
-- insufficient_data exactly when coverage is below var('min_coverage').
with fact as (
    select * from {{ ref('fct_account_health_daily') }}
),

bands as (
    select * from {{ ref('int_config__bands') }}
),

expected as (
    select
        fact.account_id,
        fact.score_date,
        fact.band,
        case
            when fact.health_score is null or fact.coverage < {{ var('min_coverage') }} then 'insufficient_data'
            else bands.band
        end as expected_band
    from fact
    left join bands on {{ band_condition('fact.health_score', 'bands') }}
)

select * from expected
where band <> expected_band or expected_band is null
