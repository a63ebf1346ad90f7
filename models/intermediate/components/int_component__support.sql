{#-
    Support (SPEC 4.1): friction with support, scaled by seats so an engaged, large account is
    not punished for volume.
    - support_open_high_severity: severity 1-2 tickets open at the end of the day
    - support_open_sev1: severity-1 tickets open (weight 0 by default: it drives a cap)
    - support_tickets_per_10_seats: tickets opened in the support window per 10 seats
    - support_escalation_rate, support_reopen_rate: share of the window's tickets escalated /
      reopened
    - support_sla_breach_rate: first-response SLA breaches (seeds/support_severity.csv) known in
      the window / tickets opened in it
    - support_csat: mean CSAT of tickets resolved in the window
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

day_facts as (
    select
        account_days.account_id,
        account_days.score_date,
        account_days.scorecard,
        account_days.seats,
        coalesce(first_tickets.first_ticket_date <= account_days.score_date, false) as has_support_data,
        activity.open_high_severity_tickets,
        activity.open_sev1_tickets,
        activity.tickets_created_window,
        activity.tickets_escalated_window,
        activity.tickets_reopened_window,
        activity.sla_breaches_window,
        activity.ticket_csat_sum_window,
        activity.ticket_csat_responses_window
    from account_days
    inner join activity
        on account_days.account_id = activity.account_id
        and account_days.score_date = activity.activity_date
    left join first_tickets on account_days.account_id = first_tickets.account_id
),

metrics as (
    select
        account_id,
        score_date,
        scorecard,
        case when has_support_data then open_high_severity_tickets end as support_open_high_severity,
        case when has_support_data then open_sev1_tickets end as support_open_sev1,
        case when has_support_data and seats > 0 then {{ ratio('10 * tickets_created_window', 'seats') }} end
            as support_tickets_per_10_seats,
        case when has_support_data and tickets_created_window > 0
            then {{ ratio('tickets_escalated_window', 'tickets_created_window') }} end as support_escalation_rate,
        case when has_support_data and tickets_created_window > 0
            then {{ ratio('tickets_reopened_window', 'tickets_created_window') }} end as support_reopen_rate,
        case when has_support_data and tickets_created_window > 0
            then case
                when sla_breaches_window >= tickets_created_window then cast(1 as {{ account_health.type_double() }})
                else {{ ratio('sla_breaches_window', 'tickets_created_window') }}
            end
        end as support_sla_breach_rate,
        case when has_support_data and ticket_csat_responses_window > 0
            then {{ ratio('ticket_csat_sum_window', 'ticket_csat_responses_window') }} end as support_csat
    from day_facts
),

{{ score_component('support') }}

select * from final
