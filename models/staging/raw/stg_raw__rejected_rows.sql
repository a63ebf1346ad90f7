{#- Everything staging or the file loader did not take as it came, one row each:
    - action 'rejected': a raw row staging set aside (left out of scoring), with its reason;
    - action 'repaired': one field of a kept row that staging emptied because it did not parse,
      was absurd or did not hold (a parent link that does not hold, a component that is not one
      of the score's; one row per repaired field: a raw row may be listed more than once);
    - action 'not_loaded': a line of a CSV file the loader could not read as a row (ragged,
      unclosed quote, bad encoding), with the file, the line number and the line itself.
    Per raw table: raw rows = staged rows + rejected rows, and for a CSV file, its data lines =
    raw rows + not_loaded lines. Nothing is dropped silently. -#}
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
{%- set text = api.Column.translate_type('string') -%}
{%- set load_rejects = source('raw', 'health_load_rejects') -%}
{%- set has_load_rejects = execute and adapter.get_relation(
    database=load_rejects.database, schema=load_rejects.schema, identifier=load_rejects.identifier
) is not none -%}

with
{%- for table, key in tables %}
{{ table }} as (
    select * from {{ ref('base_raw__' ~ table) }}
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
    select
        '{{ table }}' as source_table,
        cast({{ key }} as {{ text }}) as row_key,
        account_id,
        reject_reason as reason,
        reject_detail as detail,
        'rejected' as action,
        reject_column as column_name,
        reject_value as raw_value,
        cast(null as {{ text }}) as source_file,
        cast(null as {{ api.Column.translate_type('integer') }}) as line_number
    from {{ table }}
    where reject_reason is not null
    {%- for column in repaired_columns(ref('base_raw__' ~ table)) %}
    union all
    select
        '{{ table }}' as source_table,
        cast({{ key }} as {{ text }}) as row_key,
        account_id,
        repaired__{{ column }} as reason,
        repaired__{{ column }}__detail as detail,
        'repaired' as action,
        '{{ column }}' as column_name,
        repaired__{{ column }}__raw as raw_value,
        cast(null as {{ text }}) as source_file,
        cast(null as {{ api.Column.translate_type('integer') }}) as line_number
    from {{ table }}
    where repaired__{{ column }} is not null
    {%- endfor %}
    union all
    {%- endfor %}
    select
        'accounts' as source_table,
        cast(account_id as {{ text }}) as row_key,
        account_id,
        case link_issue
            when 'unknown_parent' then 'unknown_account'
            when 'parent_chain_too_deep' then 'out_of_range'
            else 'inconsistent'
        end as reason,
        {{ dbt.concat([quote_detail('parent_account_id', 'parent_account_id'), "' ('", "link_issue",
                       "': the link is emptied, the account kept as a top parent)'"]) }} as detail,
        'repaired' as action,
        'parent_account_id' as column_name,
        cast(parent_account_id as {{ text }}) as raw_value,
        cast(null as {{ text }}) as source_file,
        cast(null as {{ api.Column.translate_type('integer') }}) as line_number
    from account_links
    {%- if has_load_rejects %}
    union all
    select
        source_table,
        {{ dbt.concat(["source_file", "':'", "cast(line_number as " ~ text ~ ")"]) }} as row_key,
        cast(null as {{ text }}) as account_id,
        reason,
        detail,
        'not_loaded' as action,
        cast(null as {{ text }}) as column_name,
        line as raw_value,
        source_file,
        cast(line_number as {{ api.Column.translate_type('integer') }}) as line_number
    from {{ load_rejects }}
    {%- endif %}
),

final as (
    select * from unioned
)

select * from final
