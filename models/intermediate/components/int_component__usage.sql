{#-
    Usage: how much the account uses the product, per active user and over time. The metrics
    are declared in macros/scoring/catalog/health_metric_catalog.sql (see docs/metrics.md).
    Null for every account when no product events are available at all (not configured).
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

signals as (
    select
        account_days.account_id,
        account_days.score_date,
        account_days.scorecard,
        account_days.created_date,
        product_data.events_available,
        {{ health_window_measure_columns('activity') }}
    from account_days
    inner join activity
        on account_days.account_id = activity.account_id
        and account_days.score_date = activity.activity_date
    cross join product_data
),

{{ component_metrics('usage') }}

{{ score_component('usage') }}

select * from final
