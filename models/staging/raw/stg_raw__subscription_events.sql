-- Valid subscription_events rows, typed and deduplicated. Rows set aside are in stg_raw__rejected_rows.
with base as (
    select * from {{ ref('base_raw__subscription_events') }}
)

select
    account_id,
    effective_date,
    change_type,
    change_order,
    arr_after,
    seats_after
from base
where reject_reason is null
