-- Valid support_tickets rows, typed and deduplicated. Rows set aside are in stg_raw__rejected_rows.
with base as (
    select * from {{ ref('base_raw__support_tickets') }}
)

select
    ticket_id,
    account_id,
    created_at,
    created_date,
    severity,
    first_response_sla_hours,
    status,
    first_response_at,
    resolved_at,
    reopened_count,
    is_escalated,
    csat_score
from base
where reject_reason is null
