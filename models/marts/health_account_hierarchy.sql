{#- Account hierarchies as BI reads them: every account, the parent it names, the top parent it
    rolls up to (itself when it has none), how many links below it sits, and why a link was set
    aside (int_accounts__hierarchy). Join the fact or the queue on account_id to read them per
    parent. -#}
with hierarchy as (
    select * from {{ ref('int_accounts__hierarchy') }}
),

accounts as (
    select account_id, account_name from {{ ref('stg_raw__accounts') }}
),

children as (
    select top_parent_account_id, count(*) as accounts_below
    from hierarchy
    where top_parent_account_id <> account_id
    group by top_parent_account_id
),

final as (
    select
        hierarchy.account_id,
        accounts.account_name,
        hierarchy.parent_account_id,
        hierarchy.valid_parent_account_id,
        hierarchy.top_parent_account_id,
        top_parents.account_name as top_parent_account_name,
        cast(hierarchy.depth as integer) as depth,
        cast(coalesce(children.accounts_below, 0) as integer) as accounts_below,
        hierarchy.link_issue
    from hierarchy
    left join accounts on hierarchy.account_id = accounts.account_id
    left join accounts as top_parents on hierarchy.top_parent_account_id = top_parents.account_id
    left join children on hierarchy.account_id = children.top_parent_account_id
)

select * from final
