-- Valid survey_responses rows, typed and deduplicated. Rows set aside are in stg_raw__rejected_rows.
with base as (
    select * from {{ ref('base_raw__survey_responses') }}
)

select
    response_id,
    account_id,
    user_id,
    responded_at,
    responded_date,
    survey_type,
    score
from base
where reject_reason is null
