-- Valid users rows, typed and deduplicated. Rows set aside are in stg_raw__rejected_rows.
with base as (
    select * from {{ ref('base_raw__users') }}
)

select
    user_id,
    account_id,
    role,
    is_champion,
    created_at,
    deactivated_at
from base
where reject_reason is null
