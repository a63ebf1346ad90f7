-- Valid cs_actions rows, typed and deduplicated. Rows set aside are in stg_raw__rejected_rows.
with base as (
    select * from {{ ref('base_raw__cs_actions') }}
)

select
    action_id,
    row_key,
    account_id,
    action_at,
    action_date,
    playbook,
    is_known_playbook,
    component,
    owner
from base
where reject_reason is null
