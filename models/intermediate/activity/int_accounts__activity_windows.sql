{#-
    Rolling-window activity for every active account on every scored day. The daily facts are
    laid on a dense account x day grid starting lookback_days() before the first scored day, so
    each window is a plain `rows between N preceding and current row` frame (portable, and one
    pass for a whole year of history). Running sums of the +1/-1 deltas give the distinct active
    users/features/roles in the usage window and the tickets open at the end of each day.
    A short run (a daily run and its lookback: at most short_run_days scored days) would
    compute those frames on every grid day to keep a few: it sums the same measures over the
    grid days of each scored day instead. Both are rendered from one list of measures, and give
    the same rows (tests compare a re-scored day with the backfill).
-#}
{%- set usage_w = var('usage_window_days') -%}
{%- set support_w = var('support_window_days') -%}
{%- set commercial_w = var('commercial_window_days') -%}
{%- set sentiment_w = var('sentiment_window_days') -%}
{%- set value_lookback = 90 -%}
{%- set grid_days = score_days_count() + lookback_days() -%}
{%- set short_run_days = 7 -%}
{#- (output column, aggregate, grid expression, days): `sum` and `max` over the last `days` days
    up to the scored day, `prior` sums the `days` days before those, `running` sums every grid
    day up to it -#}
{%- set measures = [
    ('core_actions_window', 'sum', 'core_actions', usage_w),
    ('core_actions_prior_window', 'prior', 'core_actions', usage_w),
    ('active_days_window', 'sum', 'is_active_day', usage_w),
    ('value_events_window', 'sum', 'value_events', usage_w),
    ('last_value_date', 'max', 'case when value_events > 0 then activity_date end', value_lookback),
    ('active_users_window', 'running', 'active_users_delta', none),
    ('core_features_window', 'running', 'core_features_delta', none),
    ('active_roles_window', 'running', 'active_roles_delta', none),
    ('tickets_created_window', 'sum', 'tickets_created', support_w),
    ('tickets_escalated_window', 'sum', 'tickets_escalated', support_w),
    ('tickets_reopened_window', 'sum', 'tickets_reopened', support_w),
    ('sla_breaches_window', 'sum', 'sla_breaches', support_w),
    ('ticket_csat_sum_window', 'sum', 'csat_sum', support_w),
    ('ticket_csat_responses_window', 'sum', 'csat_responses', support_w),
    ('open_high_severity_tickets', 'running', 'open_high_severity_delta', none),
    ('open_sev1_tickets', 'running', 'open_sev1_delta', none),
    ('nps_sum_window', 'sum', 'nps_sum', sentiment_w),
    ('nps_responses_window', 'sum', 'nps_responses', sentiment_w),
    ('survey_csat_sum_window', 'sum', 'survey_csat_sum', sentiment_w),
    ('survey_csat_responses_window', 'sum', 'survey_csat_responses', sentiment_w),
    ('contractions_window', 'sum', 'contractions', commercial_w),
] -%}

with account_days as (
    select account_id, score_date from {{ ref('int_accounts__daily') }}
),

bounds as (
    select {{ add_days('min(score_date)', -lookback_days()) }} as first_day
    from {{ ref('int_health__score_dates') }}
),

{#- every account on every grid day: a cross join the planner sizes exactly. (Bounding each
    account's days by its creation and last scored day saved a fifth of the rows, but the
    planner cannot size that range join and built a hash table on the grid: out of memory at
    100,000 accounts.) -#}
accounts as (
    select distinct account_id from account_days
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
    cross join days
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

{%- if score_days_count() > short_run_days %}
{%- set order = "partition by account_id order by activity_date rows between " %}
windows as (
    select
        account_id,
        activity_date,
        {%- for name, aggregate, expression, days in measures %}
        {%- if aggregate == 'running' %}
        sum({{ expression }}) over ({{ order }}unbounded preceding and current row) as {{ name }}
        {%- elif aggregate == 'prior' %}
        sum({{ expression }}) over ({{ order }}{{ 2 * days - 1 }} preceding and {{ days }} preceding) as {{ name }}
        {%- else %}
        {{ aggregate }}({{ expression }}) over ({{ order }}{{ days - 1 }} preceding and current row) as {{ name }}
        {%- endif %}{{ "," if not loop.last }}
        {%- endfor %}
    from grid
),
{%- else %}
windows as (
    select
        account_days.account_id,
        account_days.score_date as activity_date,
        {%- for name, aggregate, expression, days in measures %}
        {%- if aggregate == 'running' %}
        sum({{ expression }}) as {{ name }}
        {%- elif aggregate == 'prior' %}
        sum(case
            when activity_date > {{ add_days('account_days.score_date', -2 * days) }}
                and activity_date <= {{ add_days('account_days.score_date', -days) }}
                then {{ expression }}
        end) as {{ name }}
        {%- else %}
        {{ aggregate }}(case
            when activity_date > {{ add_days('account_days.score_date', -days) }} then {{ expression }}
        end) as {{ name }}
        {%- endif %}{{ "," if not loop.last }}
        {%- endfor %}
    from account_days
    inner join grid
        on account_days.account_id = grid.account_id
        and grid.activity_date <= account_days.score_date
    group by account_days.account_id, account_days.score_date
),
{%- endif %}

final as (
    select windows.*
    from windows
    inner join account_days
        on windows.account_id = account_days.account_id
        and windows.activity_date = account_days.score_date
)

select * from final
