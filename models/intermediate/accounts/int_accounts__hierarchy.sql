{#- Account hierarchies: each valid account, the parent link as it holds, the top parent it rolls
    up to (itself when it has none), its depth below it and why a named parent was set aside
    (resolved and checked in staging: base_raw__account_links; the links set aside are in
    stg_raw__rejected_rows with the parent they named). -#}
with accounts as (
    select * from {{ ref('stg_raw__accounts') }}
),

final as (
    select
        account_id,
        account_name,
        parent_account_id,
        top_parent_account_id,
        hierarchy_depth as depth,
        parent_link_issue as link_issue
    from accounts
)

select * from final
