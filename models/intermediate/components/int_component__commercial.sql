{#-
    Commercial (SPEC 4.1): billing and contract risk, point in time.
    - commercial_days_past_due: days the oldest invoice unpaid at the end of the day is past its
      due date (0 when nothing is overdue; void invoices never count)
    - commercial_failed_payments: failed payment attempts on invoices issued in the commercial
      window (failed_attempts is a current count in the raw contract: it is read as of now)
    - commercial_downgrades: downgrades and seat reductions in the commercial window
    - commercial_churn_notice: 1 while a churn notice is open (it also caps the score)
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

metrics as (
    select
        account_days.account_id,
        account_days.score_date,
        account_days.scorecard,
        invoice_state.days_past_due as commercial_days_past_due,
        invoice_state.failed_payments as commercial_failed_payments,
        case when account_days.has_subscription_history then activity.contractions_window end
            as commercial_downgrades,
        case
            when account_days.has_subscription_history
                then case when account_days.churn_notice_open then 1 else 0 end
        end as commercial_churn_notice
    from account_days
    inner join activity
        on account_days.account_id = activity.account_id
        and account_days.score_date = activity.activity_date
    left join invoice_state
        on account_days.account_id = invoice_state.account_id
        and account_days.score_date = invoice_state.score_date
),

{{ score_component('commercial') }}

select * from final
