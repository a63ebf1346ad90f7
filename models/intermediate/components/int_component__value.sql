{#-
    Value (SPEC 4.1): whether the account gets outcomes from the product.
    - value_events_in_window: value events (seeds/event_catalog.csv) in the usage window
    - value_days_since_last: days since the last value event, counted up to 90 (90 = none in
      the last 90 days; for a new account, at most its age)
    Null when no product events are available at all.
-#}
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
        case when product_data.events_available > 0 then activity.value_events_window end
            as value_events_in_window,
        case when product_data.events_available > 0 then
            case
                when activity.last_value_date is not null
                    then {{ days_between('activity.last_value_date', 'account_days.score_date') }}
                when {{ days_between('account_days.created_date', 'account_days.score_date') }} < 90
                    then {{ days_between('account_days.created_date', 'account_days.score_date') }}
                else 90
            end
        end as value_days_since_last
    from account_days
    inner join activity
        on account_days.account_id = activity.account_id
        and account_days.score_date = activity.activity_date
    cross join product_data
),

{{ score_component('value') }}

select * from final
