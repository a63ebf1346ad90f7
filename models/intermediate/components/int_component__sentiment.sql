{#-
    Sentiment: what the customer and the CSM say: NPS and CSAT answers in the sentiment window,
    the CSM's latest valid assessment, champion turnover. The metrics are declared in
    macros/scoring/catalog/health_metric_catalog.sql (see docs/metrics.md).
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

signals as (
    select
        account_days.account_id,
        account_days.score_date,
        account_days.scorecard,
        current_assessment.sentiment_score as csm_sentiment,
        coalesce(champions_lost.champions_lost, 0) as champions_lost,
        {{ health_window_measure_columns('activity') }}
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

{{ component_metrics('sentiment') }}

{{ score_component('sentiment') }}

select * from final
