-- Valid product_events rows, typed and deduplicated. Rows set aside are in stg_raw__rejected_rows.
with base as (
    select * from {{ ref('base_raw__product_events') }}
)

select
    event_id,
    account_id,
    user_id,
    event_name,
    occurred_at,
    occurred_date,
    quantity
from base
where reject_reason is null
