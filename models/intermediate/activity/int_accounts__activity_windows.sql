{#-
    Rolling-window activity for every active account on every scored day. The daily facts are
    laid on a dense account x day grid starting lookback_days() before the first scored day, so
    each window is a plain `rows between N preceding and current row` frame (portable, and one
    pass for a whole year of history). Running sums of the +1/-1 deltas give the distinct active
    users/features/roles in the usage window and the tickets open at the end of each day.
    A short run (a daily run and its lookback: at most short_run_days() scored days) would
    compute those frames on every grid day to keep a few: it sums the same measures over the
    days up to each scored day instead, reading the daily inputs as they are (sparse, stacked)
    rather than laid on the dense grid. Both forms are rendered from one list of inputs and one
    of measures, and give the same rows (tests compare a re-scored day with the backfill).
-#}
{%- set usage_w = var('usage_window_days') -%}
{%- set support_w = var('support_window_days') -%}
{%- set commercial_w = var('commercial_window_days') -%}
{%- set sentiment_w = var('sentiment_window_days') -%}
{%- set value_lookback = 90 -%}
{%- set grid_days = score_days_count() + lookback_days() -%}
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
{#- The daily inputs, (source, grid column, expression): a day without a row counts as 0 -#}
{%- set inputs = [
    ('product', 'core_actions', 'product.core_actions'),
    ('product', 'value_events', 'product.value_events'),
    ('product', 'is_active_day', 'case when product.events > 0 then 1 else 0 end'),
    ('items', 'active_users_delta', 'items.active_users_delta'),
    ('items', 'core_features_delta', 'items.core_features_delta'),
    ('items', 'active_roles_delta', 'items.active_roles_delta'),
    ('tickets', 'tickets_created', 'tickets.tickets_created'),
    ('tickets', 'tickets_escalated', 'tickets.tickets_escalated'),
    ('tickets', 'tickets_reopened', 'tickets.tickets_reopened'),
    ('tickets', 'sla_breaches', 'tickets.sla_breaches'),
    ('tickets', 'csat_sum', 'tickets.csat_sum'),
    ('tickets', 'csat_responses', 'tickets.csat_responses'),
    ('tickets', 'open_high_severity_delta', 'tickets.open_high_severity_delta'),
    ('tickets', 'open_sev1_delta', 'tickets.open_sev1_delta'),
    ('surveys', 'nps_sum', 'surveys.nps_sum'),
    ('surveys', 'nps_responses', 'surveys.nps_responses'),
    ('surveys', 'survey_csat_sum', 'surveys.survey_csat_sum'),
    ('surveys', 'survey_csat_responses', 'surveys.survey_csat_responses'),
    ('contractions', 'contractions', 'contractions.contractions'),
] -%}
{%- set sources = inputs | map(attribute=0) | unique | list -%}

with account_days as (
    select account_id, score_date from {{ ref('int_accounts__daily') }}
),

bounds as (
    select {{ add_days('min(score_date)', -lookback_days()) }} as first_day
    from {{ ref('int_health__score_dates') }}
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

{%- if score_days_count() > short_run_days() %}

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

grid as (
    select
        accounts.account_id,
        days.activity_date,
        {%- for source, name, expression in inputs %}
        coalesce({{ expression }}, 0) as {{ name }}{{ "," if not loop.last }}
        {%- endfor %}
    from accounts
    cross join days
    {%- for source in sources %}
    left join {{ source }}
        on accounts.account_id = {{ source }}.account_id and days.activity_date = {{ source }}.activity_date
    {%- endfor %}
),

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

{#- the inputs' own rows from the first grid day on, stacked (each input's columns, 0 in the
    others' rows): most accounts have no ticket, survey or contraction on most days -#}
stacked as (
    {%- for source in sources %}
    select
        {{ source }}.account_id,
        {{ source }}.activity_date,
        {%- for input, name, expression in inputs %}
        {{ "coalesce(" ~ expression ~ ", 0)" if input == source else "0" }} as {{ name }}{{ "," if not loop.last }}
        {%- endfor %}
    from {{ source }}
    cross join bounds
    where {{ source }}.activity_date >= bounds.first_day
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

{#- each scored day sums its days; an account without a row in a window gets 0 there, as on
    the grid -#}
windows as (
    select
        account_days.account_id,
        account_days.score_date as activity_date,
        {%- for name, aggregate, expression, days in measures %}
        {%- if aggregate == 'running' %}
        coalesce(sum({{ expression }}), 0) as {{ name }}
        {%- elif aggregate == 'prior' %}
        coalesce(sum(case
            when activity_date > {{ add_days('account_days.score_date', -2 * days) }}
                and activity_date <= {{ add_days('account_days.score_date', -days) }}
                then {{ expression }}
        end), 0) as {{ name }}
        {%- elif aggregate == 'sum' %}
        coalesce(sum(case
            when activity_date > {{ add_days('account_days.score_date', -days) }} then {{ expression }}
        end), 0) as {{ name }}
        {%- else %}
        {{ aggregate }}(case
            when activity_date > {{ add_days('account_days.score_date', -days) }} then {{ expression }}
        end) as {{ name }}
        {%- endif %}{{ "," if not loop.last }}
        {%- endfor %}
    from account_days
    left join stacked
        on account_days.account_id = stacked.account_id
        and stacked.activity_date <= account_days.score_date
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
