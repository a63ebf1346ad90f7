{#-
    Rolling-window activity for every active account on every scored day. The daily facts are
    laid on a dense account x day grid starting lookback_days() before the first scored day (or
    at the account's creation, when later) and ending on the account's last scored day, so
    each window is a plain `rows between N preceding and current row` frame (portable, and one
    pass for a whole year of history). Running sums of the +1/-1 deltas give the distinct active
    users/features/roles in the usage window and the tickets open at the end of each day.
-#}
{%- set usage_w = var('usage_window_days') -%}
{%- set support_w = var('support_window_days') -%}
{%- set commercial_w = var('commercial_window_days') -%}
{%- set sentiment_w = var('sentiment_window_days') -%}
{%- set value_lookback = 90 -%}
{%- set grid_days = score_days_count() + lookback_days() -%}
{%- set frame = "over (partition by account_id order by activity_date rows between {} preceding and current row)" -%}
{%- set running = "over (partition by account_id order by activity_date rows between unbounded preceding and current row)" -%}

with account_days as (
    select account_id, score_date, created_date from {{ ref('int_accounts__daily') }}
),

bounds as (
    select {{ add_days('min(score_date)', -lookback_days()) }} as first_day
    from {{ ref('int_health__score_dates') }}
),

{#- each account's grid runs from its creation (no valid activity is older: staging sets
    earlier rows aside) or the grid start, to its last scored day (windows only look back) -#}
accounts as (
    select account_id, min(created_date) as created_date, max(score_date) as last_day
    from account_days
    group by account_id
),

days as (
    select {{ add_days('bounds.first_day', 'numbers.generated_number - 1') }} as activity_date
    from ({{ dbt.generate_series(grid_days) }}) as numbers
    cross join bounds
),

product as (
    select * from {{ ref('int_product__account_daily') }}
),

items as (
    select * from {{ ref('int_product__window_item_deltas') }}
),

tickets as (
    select * from {{ ref('int_support__ticket_daily') }}
),

surveys as (
    select * from {{ ref('int_sentiment__survey_daily') }}
),

contractions as (
    select * from {{ ref('int_commercial__contraction_daily') }}
),

grid as (
    select
        accounts.account_id,
        days.activity_date,
        coalesce(product.core_actions, 0) as core_actions,
        coalesce(product.value_events, 0) as value_events,
        case when product.events > 0 then 1 else 0 end as is_active_day,
        coalesce(items.active_users_delta, 0) as active_users_delta,
        coalesce(items.core_features_delta, 0) as core_features_delta,
        coalesce(items.active_roles_delta, 0) as active_roles_delta,
        coalesce(tickets.tickets_created, 0) as tickets_created,
        coalesce(tickets.tickets_escalated, 0) as tickets_escalated,
        coalesce(tickets.tickets_reopened, 0) as tickets_reopened,
        coalesce(tickets.sla_breaches, 0) as sla_breaches,
        coalesce(tickets.csat_sum, 0) as csat_sum,
        coalesce(tickets.csat_responses, 0) as csat_responses,
        coalesce(tickets.open_high_severity_delta, 0) as open_high_severity_delta,
        coalesce(tickets.open_sev1_delta, 0) as open_sev1_delta,
        coalesce(surveys.nps_sum, 0) as nps_sum,
        coalesce(surveys.nps_responses, 0) as nps_responses,
        coalesce(surveys.survey_csat_sum, 0) as survey_csat_sum,
        coalesce(surveys.survey_csat_responses, 0) as survey_csat_responses,
        coalesce(contractions.contractions, 0) as contractions
    from accounts
    inner join days
        on days.activity_date >= accounts.created_date
        and days.activity_date <= accounts.last_day
    left join product
        on accounts.account_id = product.account_id and days.activity_date = product.activity_date
    left join items
        on accounts.account_id = items.account_id and days.activity_date = items.activity_date
    left join tickets
        on accounts.account_id = tickets.account_id and days.activity_date = tickets.activity_date
    left join surveys
        on accounts.account_id = surveys.account_id and days.activity_date = surveys.activity_date
    left join contractions
        on accounts.account_id = contractions.account_id
        and days.activity_date = contractions.activity_date
),

windows as (
    select
        account_id,
        activity_date,
        sum(core_actions) {{ frame.format(usage_w - 1) }} as core_actions_window,
        sum(core_actions) over (
            partition by account_id order by activity_date
            rows between {{ 2 * usage_w - 1 }} preceding and {{ usage_w }} preceding
        ) as core_actions_prior_window,
        sum(is_active_day) {{ frame.format(usage_w - 1) }} as active_days_window,
        sum(value_events) {{ frame.format(usage_w - 1) }} as value_events_window,
        max(case when value_events > 0 then activity_date end) {{ frame.format(value_lookback - 1) }}
            as last_value_date,
        sum(active_users_delta) {{ running }} as active_users_window,
        sum(core_features_delta) {{ running }} as core_features_window,
        sum(active_roles_delta) {{ running }} as active_roles_window,
        sum(tickets_created) {{ frame.format(support_w - 1) }} as tickets_created_window,
        sum(tickets_escalated) {{ frame.format(support_w - 1) }} as tickets_escalated_window,
        sum(tickets_reopened) {{ frame.format(support_w - 1) }} as tickets_reopened_window,
        sum(sla_breaches) {{ frame.format(support_w - 1) }} as sla_breaches_window,
        sum(csat_sum) {{ frame.format(support_w - 1) }} as ticket_csat_sum_window,
        sum(csat_responses) {{ frame.format(support_w - 1) }} as ticket_csat_responses_window,
        sum(open_high_severity_delta) {{ running }} as open_high_severity_tickets,
        sum(open_sev1_delta) {{ running }} as open_sev1_tickets,
        sum(nps_sum) {{ frame.format(sentiment_w - 1) }} as nps_sum_window,
        sum(nps_responses) {{ frame.format(sentiment_w - 1) }} as nps_responses_window,
        sum(survey_csat_sum) {{ frame.format(sentiment_w - 1) }} as survey_csat_sum_window,
        sum(survey_csat_responses) {{ frame.format(sentiment_w - 1) }} as survey_csat_responses_window,
        sum(contractions) {{ frame.format(commercial_w - 1) }} as contractions_window
    from grid
),

final as (
    select windows.*
    from windows
    inner join account_days
        on windows.account_id = account_days.account_id
        and windows.activity_date = account_days.score_date
)

select * from final
