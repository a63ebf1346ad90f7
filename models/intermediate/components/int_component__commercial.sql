{#-
    Commercial: billing and contract risk, point in time: overdue invoices, failed payments,
    downgrades, a churn notice. The metrics are declared in
    macros/scoring/catalog/health_metric_catalog.sql (see docs/metrics.md).
    Invoice metrics are null for accounts without invoices yet; contract metrics are null for
    accounts without subscription history.
-#}
{%- set window = var('commercial_window_days') -%}

with account_days as (
    select * from {{ ref('int_accounts__daily') }}
),

activity as (
    select * from {{ ref('int_accounts__activity_windows') }}
),

invoices as (
    select * from {{ ref('stg_raw__invoices') }}
    where status <> 'void'
),

invoice_state as (
    select
        account_days.account_id,
        account_days.score_date,
        max(case
            when invoices.due_date < account_days.score_date
                and (invoices.paid_date is null or invoices.paid_date > account_days.score_date)
                then {{ days_between('invoices.due_date', 'account_days.score_date') }}
            else 0
        end) as days_past_due,
        sum(case
            when invoices.issued_date > {{ add_days('account_days.score_date', -window) }}
                then invoices.failed_attempts
            else 0
        end) as failed_payments
    from account_days
    inner join invoices
        on account_days.account_id = invoices.account_id
        and invoices.issued_date <= account_days.score_date
    group by account_days.account_id, account_days.score_date
),

signals as (
    select
        account_days.account_id,
        account_days.score_date,
        account_days.scorecard,
        account_days.has_subscription_history,
        account_days.churn_notice_open,
        invoice_state.days_past_due,
        invoice_state.failed_payments,
        {{ health_window_measure_columns('activity') }}
    from account_days
    inner join activity
        on account_days.account_id = activity.account_id
        and account_days.score_date = activity.activity_date
    left join invoice_state
        on account_days.account_id = invoice_state.account_id
        and account_days.score_date = invoice_state.score_date
),

{{ component_metrics('commercial') }}

{{ score_component('commercial') }}

select * from final
