{#- Account hierarchies as BI reads them: every account, its parent (the link as it holds), the
    top parent it rolls up to (itself when it has none), how many links below it sits, how many
    accounts roll up to it, and why a named parent was set aside (int_accounts__hierarchy; the
    parent it named is in quality.rejected_rows). Join the fact or the queue on account_id to
    read them per parent. -#}
with hierarchy as (
    select * from {{ ref('int_accounts__hierarchy') }}
),

below as (
    select top_parent_account_id, count(*) as accounts_below
    from hierarchy
    where top_parent_account_id <> account_id
    group by top_parent_account_id
),

final as (
    select
        hierarchy.account_id,
        hierarchy.account_name,
        hierarchy.parent_account_id,
        hierarchy.top_parent_account_id,
        top_parents.account_name as top_parent_account_name,
        cast(hierarchy.depth as integer) as depth,
        cast(coalesce(below.accounts_below, 0) as integer) as accounts_below,
        hierarchy.link_issue
    from hierarchy
    left join hierarchy as top_parents on hierarchy.top_parent_account_id = top_parents.account_id
    left join below on hierarchy.account_id = below.top_parent_account_id
)

select * from final
