{#- The CS actions the playbook-impact marts follow: the valid rows of raw cs_actions
    (stg_raw__cs_actions), one per action, with the playbook as the seed spells it and the
    component the action targets. A view: the marts read it once. -#}
{{ config(materialized='view') }}

with actions as (
    select * from {{ ref('stg_raw__cs_actions') }}
),

final as (
    select
        row_key,
        action_id,
        account_id,
        action_at,
        action_date,
        playbook,
        is_known_playbook,
        component,
        owner
    from actions
)

select * from final
