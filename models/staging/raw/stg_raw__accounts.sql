-- Valid accounts rows, typed and deduplicated. Rows set aside are in stg_raw__rejected_rows.
-- parent_account_id is the link as it holds (base_raw__account_links: a self-parent, an unknown
-- parent, a cycle or a chain too deep is emptied, listed as repaired) with the top parent the
-- account rolls up to and its depth below it.
with base as (
    select * from {{ ref('base_raw__accounts') }}
),

links as (
    select * from {{ ref('base_raw__account_links') }}
)

select
    base.account_id,
    account_name,
    segment,
    industry,
    plan,
    csm_owner,
    links.valid_parent_account_id as parent_account_id,
    links.top_parent_account_id,
    links.depth as hierarchy_depth,
    links.link_issue as parent_link_issue,
    created_at,
    created_date,
    arr,
    seats_purchased,
    renewal_date,
    term_months
from base
left join links on base.account_id = links.account_id
where base.reject_reason is null
