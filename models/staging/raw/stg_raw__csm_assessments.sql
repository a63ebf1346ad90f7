-- Valid csm_assessments rows, typed and deduplicated. Rows set aside are in stg_raw__rejected_rows.
with base as (
    select * from {{ ref('base_raw__csm_assessments') }}
)

select
    account_id,
    assessed_at,
    assessed_date,
    sentiment_score,
    valid_until,
    assessed_by,
    note
from base
where reject_reason is null
