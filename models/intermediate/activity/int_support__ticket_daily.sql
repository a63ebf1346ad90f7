{#-
    Support tickets reduced to one row per account and day, point in time:
    - created, escalated and reopened tickets by creation day (the raw contract has no
      escalation or reopen timestamps, so those two count from the day the ticket was opened);
    - first-response SLA breaches on the day the breach became known (created_at + SLA, when
      the first response came later or not at all);
    - CSAT by the day the ticket was resolved;
    - +1/-1 changes of open high-severity (1 to var high_severity_max_level, default 2) and
      severity-1 tickets: open from the creation
      day until the resolution day. Tickets still open at the first grid day start there.
-#}
with tickets as (
    select * from {{ ref('stg_raw__support_tickets') }}
),

grid_start as (
    select {{ add_days('min(score_date)', -lookback_days()) }} as first_day
    from {{ ref('int_health__score_dates') }}
),

with_breach as (
    select
        *,
        cast({{ dbt.dateadd('second', 'cast(first_response_sla_hours * 3600 as integer)', 'created_at') }} as date)
            as sla_due_date,
        first_response_at is null
        or {{ hours_between('created_at', 'first_response_at') }} > first_response_sla_hours as is_breached,
        cast(resolved_at as date) as resolved_date
    from tickets
),

open_intervals as (
    select
        with_breach.account_id,
        with_breach.severity,
        case
            when with_breach.created_date < grid_start.first_day then grid_start.first_day
            else with_breach.created_date
        end as open_from,
        with_breach.resolved_date as open_until
    from with_breach
    cross join grid_start
    where with_breach.resolved_date is null or with_breach.resolved_date > grid_start.first_day
),

daily_facts as (
    select
        account_id,
        created_date as activity_date,
        1 as tickets_created,
        case when is_escalated then 1 else 0 end as tickets_escalated,
        case when reopened_count > 0 then 1 else 0 end as tickets_reopened,
        0 as sla_breaches,
        0.0 as csat_sum,
        0 as csat_responses,
        0 as open_high_severity_delta,
        0 as open_sev1_delta
    from with_breach
    union all
    select account_id, sla_due_date, 0, 0, 0, 1, 0.0, 0, 0, 0
    from with_breach
    where is_breached
    union all
    select account_id, resolved_date, 0, 0, 0, 0, csat_score, 1, 0, 0
    from with_breach
    where csat_score is not null and resolved_date is not null
    union all
    select
        account_id, open_from, 0, 0, 0, 0, 0.0, 0,
        case when severity <= {{ var('high_severity_max_level') }} then 1 else 0 end,
        case when severity = 1 then 1 else 0 end
    from open_intervals
    union all
    select
        account_id, open_until, 0, 0, 0, 0, 0.0, 0,
        case when severity <= {{ var('high_severity_max_level') }} then -1 else 0 end,
        case when severity = 1 then -1 else 0 end
    from open_intervals
    where open_until is not null
),

final as (
    select
        account_id,
        activity_date,
        sum(tickets_created) as tickets_created,
        sum(tickets_escalated) as tickets_escalated,
        sum(tickets_reopened) as tickets_reopened,
        sum(sla_breaches) as sla_breaches,
        sum(csat_sum) as csat_sum,
        sum(csat_responses) as csat_responses,
        sum(open_high_severity_delta) as open_high_severity_delta,
        sum(open_sev1_delta) as open_sev1_delta
    from daily_facts
    group by account_id, activity_date
)

select * from final
