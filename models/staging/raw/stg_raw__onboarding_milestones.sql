-- Valid onboarding_milestones rows, typed and deduplicated. Rows set aside are in stg_raw__rejected_rows.
with base as (
    select * from {{ ref('base_raw__onboarding_milestones') }}
)

select
    account_id,
    milestone,
    due_date,
    completed_at,
    completed_date
from base
where reject_reason is null
