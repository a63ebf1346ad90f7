{#- NPS (0-10) and CSAT (1-5) survey answers reduced to sums and counts per account and day. -#}
with responses as (
    select * from {{ ref('stg_raw__survey_responses') }}
),

final as (
    select
        account_id,
        responded_date as activity_date,
        sum(case when survey_type = 'nps' then score else 0 end) as nps_sum,
        sum(case when survey_type = 'nps' then 1 else 0 end) as nps_responses,
        sum(case when survey_type = 'csat' then score else 0 end) as survey_csat_sum,
        sum(case when survey_type = 'csat' then 1 else 0 end) as survey_csat_responses
    from responses
    group by account_id, responded_date
)

select * from final
