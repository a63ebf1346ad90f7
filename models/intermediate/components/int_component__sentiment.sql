{#-
    Sentiment (SPEC 4.1): what the customer and the CSM say.
    - sentiment_nps: mean NPS answer (0-10) in the sentiment window
    - sentiment_csat: mean CSAT survey answer (1-5) in the window
    - sentiment_csm: the CSM's latest assessment (1-5; red/amber/green = 1/3/5) while it is
      valid: until valid_until, or var('csm_assessment_valid_days') after it was made, or until
      a newer assessment replaces it
    - sentiment_champion_lost: champions deactivated in the last var('champion_window_days') days
    Null when the account has no survey answer in the window and no valid assessment: champion
    turnover alone is not enough to speak for the customer's sentiment.
-#}
{%- set champion_window = var('champion_window_days') -%}

with account_days as (
    select * from {{ ref('int_accounts__daily') }}
),

activity as (
    select * from {{ ref('int_accounts__activity_windows') }}
),

assessments as (
    select * from {{ ref('stg_raw__csm_assessments') }}
),

assessment_periods as (
    select
        account_id,
        sentiment_score,
        assessed_date as valid_from,
        {{ add_days('valid_until', 1) }} as expires_on,
        lead(assessed_date) over (
            partition by account_id order by assessed_at
        ) as replaced_on
    from assessments
),

current_assessment as (
    select
        account_days.account_id,
        account_days.score_date,
        max(assessment_periods.sentiment_score) as sentiment_score
    from account_days
    inner join assessment_periods
        on account_days.account_id = assessment_periods.account_id
        and assessment_periods.valid_from <= account_days.score_date
        and account_days.score_date < assessment_periods.expires_on
        and (assessment_periods.replaced_on is null or account_days.score_date < assessment_periods.replaced_on)
    group by account_days.account_id, account_days.score_date
),

champion_departures as (
    select account_id, cast(deactivated_at as date) as deactivated_date
    from {{ ref('stg_raw__users') }}
    where is_champion and deactivated_at is not null
),

champions_lost as (
    select
        account_days.account_id,
        account_days.score_date,
        count(*) as champions_lost
    from account_days
    inner join champion_departures
        on account_days.account_id = champion_departures.account_id
        and champion_departures.deactivated_date <= account_days.score_date
        and champion_departures.deactivated_date > {{ add_days('account_days.score_date', -champion_window) }}
    group by account_days.account_id, account_days.score_date
),

day_facts as (
    select
        account_days.account_id,
        account_days.score_date,
        account_days.scorecard,
        case when activity.nps_responses_window > 0
            then {{ ratio('activity.nps_sum_window', 'activity.nps_responses_window') }} end as nps,
        case when activity.survey_csat_responses_window > 0
            then {{ ratio('activity.survey_csat_sum_window', 'activity.survey_csat_responses_window') }} end as csat,
        current_assessment.sentiment_score as csm,
        coalesce(champions_lost.champions_lost, 0) as champions_lost
    from account_days
    inner join activity
        on account_days.account_id = activity.account_id
        and account_days.score_date = activity.activity_date
    left join current_assessment
        on account_days.account_id = current_assessment.account_id
        and account_days.score_date = current_assessment.score_date
    left join champions_lost
        on account_days.account_id = champions_lost.account_id
        and account_days.score_date = champions_lost.score_date
),

metrics as (
    select
        account_id,
        score_date,
        scorecard,
        nps as sentiment_nps,
        csat as sentiment_csat,
        csm as sentiment_csm,
        case when nps is not null or csat is not null or csm is not null then champions_lost end
            as sentiment_champion_lost
    from day_facts
),

{{ score_component('sentiment') }}

select * from final
