{#-
    The parent links of the valid accounts (accounts.parent_account_id): whether each holds, and
    the top parent an account rolls up to (itself when it has no parent). A link that does not
    hold is emptied and listed in stg_raw__rejected_rows as repaired (the account is kept and
    becomes a top parent), when:
    - self_parent: it names itself;
    - unknown_parent: it names an account that is not in the accounts table (or was set aside);
    - parent_cycle: following the links leads back to the account (every account of the cycle
      has its link set aside: none of them is the parent of the others);
    - parent_chain_too_deep: it is more than var('hierarchy_max_depth') links below a top parent.
    Deeper accounts roll up through their parents to the top one (depth = links to it).
-#}
{%- set max_depth = var('hierarchy_max_depth') -%}

with accounts as (
    select account_id, parent_account_id from {{ ref('base_raw__accounts') }}
    where reject_reason is null
),

named as (
    select
        accounts.account_id,
        accounts.parent_account_id,
        case
            when accounts.parent_account_id is null then null
            when accounts.parent_account_id = accounts.account_id then 'self_parent'
            when parents.account_id is null then 'unknown_parent'
        end as named_issue
    from accounts
    left join accounts as parents on accounts.parent_account_id = parents.account_id
),

{#- the links that name a known other account, walked up to max_depth links: an account is in
    a cycle when it meets itself on the way -#}
known_links as (
    select account_id, case when named_issue is null then parent_account_id end as parent_id from named
),

walk as (
    select
        step_0.account_id,
        {%- for step in range(1, max_depth + 1) %}
        step_{{ step - 1 }}.parent_id as ancestor_{{ step }}{{ "," if not loop.last }}
        {%- endfor %}
    from known_links as step_0
    {%- for step in range(1, max_depth) %}
    left join known_links as step_{{ step }} on step_{{ step }}.account_id = step_{{ step - 1 }}.parent_id
    {%- endfor %}
),

cycles as (
    select account_id
    from walk
    where account_id in (
        {%- for step in range(1, max_depth + 1) %}
        coalesce(ancestor_{{ step }}, ''){{ "," if not loop.last }}
        {%- endfor %}
    )
),

valid_links as (
    select
        known_links.account_id,
        case when cycles.account_id is null then known_links.parent_id end as parent_id
    from known_links
    left join cycles on known_links.account_id = cycles.account_id
),

{#- the valid links walked up one step further than allowed: a chain still going after
    max_depth links is too deep -#}
chains as (
    select
        step_0.account_id,
        {%- for step in range(1, max_depth + 2) %}
        step_{{ step - 1 }}.parent_id as ancestor_{{ step }}{{ "," if not loop.last }}
        {%- endfor %}
    from valid_links as step_0
    {%- for step in range(1, max_depth + 1) %}
    left join valid_links as step_{{ step }} on step_{{ step }}.account_id = step_{{ step - 1 }}.parent_id
    {%- endfor %}
),

resolved as (
    select
        named.account_id,
        named.parent_account_id,
        case
            when named.named_issue is not null then named.named_issue
            when cycles.account_id is not null then 'parent_cycle'
            when chains.ancestor_{{ max_depth + 1 }} is not null then 'parent_chain_too_deep'
        end as link_issue,
        {%- for step in range(1, max_depth + 2) %}
        chains.ancestor_{{ step }}{{ "," if not loop.last }}
        {%- endfor %}
    from named
    left join cycles on named.account_id = cycles.account_id
    inner join chains on named.account_id = chains.account_id
),

final as (
    select
        account_id,
        parent_account_id,
        case when link_issue is null then ancestor_1 end as valid_parent_account_id,
        case
            when link_issue is not null then account_id
            else coalesce(
                {%- for step in range(max_depth, 0, -1) %}
                ancestor_{{ step }},
                {%- endfor %}
                account_id)
        end as top_parent_account_id,
        case when link_issue is not null then 0 else 0
            {%- for step in range(1, max_depth + 1) %}
            + case when ancestor_{{ step }} is not null then 1 else 0 end
            {%- endfor %}
        end as depth,
        link_issue
    from resolved
)

select * from final
