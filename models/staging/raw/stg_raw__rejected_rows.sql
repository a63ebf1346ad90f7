{#- Every raw row that staging set aside (action = 'rejected') or corrected
    (action = 'repaired'), with the table, the row's key, a reason code and the offending value.
    Nothing is dropped silently: valid rows + rejected rows = raw rows, per table. -#}
{%- set tables = [
    ('accounts', 'account_id'),
    ('subscription_events', 'row_key'),
    ('users', 'user_id'),
    ('product_events', 'row_key'),
    ('support_tickets', 'ticket_id'),
    ('invoices', 'invoice_id'),
    ('survey_responses', 'row_key'),
    ('onboarding_milestones', 'row_key'),
    ('csm_assessments', 'row_key'),
    ('cs_actions', 'row_key'),
] -%}
{%- set repairs = {
    'accounts': 'seats_purchased <= 0 or negative arr: set to null, account kept',
    'support_tickets': 'csat_score outside 1-5: set to null, ticket kept',
    'cs_actions': 'component not one of the score: set to null (the component of the playbook is used), action kept',
} -%}

with
{%- for table, key in tables %}
{{ table }} as (
    select * from {{ ref('base_raw__' ~ table) }}
    where reject_reason is not null{% if table in repairs %} or repair_detail is not null{% endif %}
),
{%- endfor %}

{#- parent links that do not hold (base_raw__account_links): the account is kept, the link
    emptied -#}
account_links as (
    select * from {{ ref('base_raw__account_links') }}
    where link_issue is not null
),

unioned as (
    {%- for table, key in tables %}
    {%- set repairable = table in repairs %}
    select
        '{{ table }}' as source_table,
        cast({{ key }} as {{ api.Column.translate_type('string') }}) as row_key,
        account_id,
        {%- if repairable %}
        coalesce(reject_reason, 'out_of_range') as reason,
        coalesce(
            reject_detail, {{ dbt.concat(["repair_detail", "' (" ~ repairs[table] ~ ")'"]) }}
        ) as detail,
        case when reject_reason is null then 'repaired' else 'rejected' end as action
        {%- else %}
        reject_reason as reason,
        reject_detail as detail,
        'rejected' as action
        {%- endif %}
    from {{ table }}
    union all
    {%- endfor %}
    select
        'accounts' as source_table,
        cast(account_id as {{ api.Column.translate_type('string') }}) as row_key,
        account_id,
        case link_issue
            when 'unknown_parent' then 'unknown_account'
            when 'parent_chain_too_deep' then 'out_of_range'
            else 'inconsistent'
        end as reason,
        {{ dbt.concat([quote_detail('parent_account_id', 'parent_account_id'), "' ('", "link_issue",
                       "': the link is emptied, the account kept as a top parent)'"]) }} as detail,
        'repaired' as action
    from account_links
),

final as (
    select * from unioned
)

select * from final
