{#- Every raw account row, typed, with the reason it is set aside (null when valid). -#}
{%- set checks = [
    ("account_id is null", "null_key", "'account_id is null'"),
    ("created_at is null", "unparseable", quote_detail('created_at', raw_text('created_at', 'created_at_raw'))),
    ("cast(created_at as date) > " ~ load_date(), "in_future", quote_detail('created_at', raw_text('created_at', 'created_at_raw'))),
] -%}

with source as (
    {{ select_raw('accounts', [
        'account_id', 'account_name', 'segment', 'industry', 'plan', 'csm_owner',
        'parent_account_id', 'created_at', 'arr', 'seats_purchased', 'renewal_date'
    ], types={'created_at': 'timestamp', 'arr': 'number', 'seats_purchased': 'number', 'renewal_date': 'date'}) }}
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
        created_at,
        created_at_raw,
        arr as arr_value,
        seats_purchased as seats_value,
        renewal_date
    from source
),

checked as (
    select
        *,
        {{ invalid_reason(checks) }} as invalid_reason,
        {{ invalid_detail(checks) }} as invalid_detail
    from typed
),

ranked as (
    select
        *,
        {{ duplicate_rank('account_id', 'created_at, arr_value, seats_value, account_name') }} as duplicate_rank
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
        case when arr_value >= 0 then arr_value end as arr,
        case when seats_value > 0 then cast(seats_value as integer) end as seats_purchased,
        renewal_date,
        case when plan like '%monthly%' then 1 else {{ var('default_term_months') }} end as term_months,
        {{ reject_columns('account_id seen before') }},
        case
            when seats_value <= 0 then {{ quote_detail('seats_purchased', 'seats_value') }}
            when arr_value < 0 then {{ quote_detail('arr', 'arr_value') }}
        end as repair_detail
    from ranked
)

select * from final
