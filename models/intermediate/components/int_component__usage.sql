{#-
    Usage (SPEC 4.1): how much the account uses the product, per active user and over time.
    - usage_core_actions_per_active_user: core actions in the usage window / users active in it
    - usage_active_days_share: share of the window's days with any catalogued activity
    - usage_trend_ratio: core actions this window / the window before (null for accounts younger
      than two windows, or with no activity in the earlier window)
    Null for every account when no product events are available at all (not configured).
-#}
{%- set window = var('usage_window_days') -%}

with account_days as (
    select * from {{ ref('int_accounts__daily') }}
),

activity as (
    select * from {{ ref('int_accounts__activity_windows') }}
),

product_data as (
    select count(*) as events_available from {{ ref('int_product__account_daily') }}
),

metrics as (
    select
        account_days.account_id,
        account_days.score_date,
        account_days.scorecard,
        case when product_data.events_available > 0 then
            case
                when activity.active_users_window > 0
                    then {{ ratio('activity.core_actions_window', 'activity.active_users_window') }}
                else 0.0
            end
        end as usage_core_actions_per_active_user,
        case when product_data.events_available > 0 then
            {{ ratio('activity.active_days_window', window) }}
        end as usage_active_days_share,
        case
            when product_data.events_available > 0
                and {{ days_between('account_days.created_date', 'account_days.score_date') }} >= {{ 2 * window }}
                and activity.core_actions_prior_window > 0
                then {{ ratio('activity.core_actions_window', 'activity.core_actions_prior_window') }}
        end as usage_trend_ratio
    from account_days
    inner join activity
        on account_days.account_id = activity.account_id
        and account_days.score_date = activity.activity_date
    cross join product_data
),

{{ score_component('usage') }}

select * from final
