{#- Every raw account row, typed, with the reason it is set aside (null when valid) and the
    fields it was kept without (repaired__*: an unparseable or absurd arr, seats or renewal date
    is emptied, the account kept). -#}
{%- set types = {'created_at': 'timestamp', 'arr': 'number', 'seats_purchased': 'integer', 'renewal_date': 'date'} -%}
{%- set required = ['created_at'] -%}
{%- set checks = [
    ("account_id is null", "null_key", "'account_id is null'"),
] + value_checks('accounts', required, types) + [
    ("cast(created_at as date) > " ~ load_date(), "in_future", quote_detail('created_at', raw_text('created_at', 'created_at_raw'))),
] -%}

with source as (
    {{ select_raw('accounts', [
        'account_id', 'account_name', 'segment', 'industry', 'plan', 'csm_owner',
        'parent_account_id', 'created_at', 'arr', 'seats_purchased', 'renewal_date'
    ], types=types) }}
),

typed as (
    select
        nullif(trim(account_id), '') as account_id,
        account_name,
        case replace(replace(lower(trim(segment)), ' ', '_'), '-', '_')
            when 'small_business' then 'smb'
            when 'midmarket' then 'mid_market'
            when 'mm' then 'mid_market'
            when 'ent' then 'enterprise'
            when '' then 'unknown'
            else coalesce(replace(replace(lower(trim(segment)), ' ', '_'), '-', '_'), 'unknown')
        end as segment,
        nullif(trim(industry), '') as industry,
        nullif(lower(trim(plan)), '') as plan,
        nullif(trim(csm_owner), '') as csm_owner,
        nullif(trim(parent_account_id), '') as parent_account_id,
        created_at, created_at_raw, created_at_issue,
        arr, arr_raw, arr_issue,
        seats_purchased, seats_purchased_raw, seats_purchased_issue,
        renewal_date, renewal_date_raw, renewal_date_issue
    from source
),

checked as (
    select
        *,
        {{ validity_columns(checks) }}
    from typed
),

ranked as (
    select
        *,
        {{ duplicate_rank('account_id', 'created_at, arr, seats_purchased, account_name') }} as duplicate_rank
    from checked
),

final as (
    select
        account_id,
        account_name,
        segment,
        industry,
        plan,
        csm_owner,
        parent_account_id,
        created_at,
        cast(created_at as date) as created_date,
        arr,
        seats_purchased,
        renewal_date,
        case when plan like '%monthly%' then 1 else {{ var('default_term_months') }} end as term_months,
        {{ reject_columns('account_id seen before') }},
        {{ repair_columns('accounts', types, required) }}
    from ranked
)

select * from final
