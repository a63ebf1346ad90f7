{#- The families the parent marts roll up (health_parent_rollup, health_parent_bands): every
    account that belongs to one, with the family's top parent. A family is a top parent with at
    least one account below it (int_accounts__hierarchy, any depth) and every account below it;
    the parent is a member of its own family; a standalone account belongs to none. -#}
with hierarchy as (
    select account_id, top_parent_account_id from {{ ref('int_accounts__hierarchy') }}
),

parents as (
    select distinct top_parent_account_id as parent_account_id
    from hierarchy
    where top_parent_account_id <> account_id
),

final as (
    select
        parents.parent_account_id,
        hierarchy.account_id
    from hierarchy
    inner join parents on hierarchy.top_parent_account_id = parents.parent_account_id
)

select * from final
