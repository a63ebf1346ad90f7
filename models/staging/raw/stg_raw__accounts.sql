-- Valid accounts rows, typed and deduplicated. Rows set aside are in stg_raw__rejected_rows.
with base as (
    select * from {{ ref('base_raw__accounts') }}
)

select
    account_id,
    account_name,
    segment,
    industry,
    plan,
    csm_owner,
    parent_account_id,
    created_at,
    created_date,
    arr,
    seats_purchased,
    renewal_date,
    term_months
from base
where reject_reason is null
