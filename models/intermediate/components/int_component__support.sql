{#-
    Support: friction with support, scaled by seats so an engaged, large account is not
    punished for volume. The metrics are declared in
    macros/scoring/catalog/health_metric_catalog.sql (see docs/metrics.md).
    Null for accounts that have never opened a ticket (no support data, not "perfect support").
-#}
with account_days as (
    select * from {{ ref('int_accounts__daily') }}
),

activity as (
    select * from {{ ref('int_accounts__activity_windows') }}
),

first_tickets as (
    select account_id, min(created_date) as first_ticket_date
    from {{ ref('stg_raw__support_tickets') }}
    group by account_id
),

signals as (
    select
        account_days.account_id,
        account_days.score_date,
        account_days.scorecard,
        account_days.seats,
        coalesce(first_tickets.first_ticket_date <= account_days.score_date, false) as has_support_data,
        {{ health_window_measure_columns('activity') }}
    from account_days
    inner join activity
        on account_days.account_id = activity.account_id
        and account_days.score_date = activity.activity_date
    left join first_tickets on account_days.account_id = first_tickets.account_id
),

{{ component_metrics('support') }}

{{ score_component('support') }}

select * from final
