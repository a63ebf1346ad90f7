-- Valid invoices rows, typed and deduplicated. Rows set aside are in stg_raw__rejected_rows.
with base as (
    select * from {{ ref('base_raw__invoices') }}
)

select
    invoice_id,
    account_id,
    issued_at,
    issued_date,
    due_date,
    amount,
    paid_at,
    paid_date,
    status,
    failed_attempts
from base
where reject_reason is null
