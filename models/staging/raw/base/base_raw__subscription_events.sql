{#- Every raw subscription event, typed, with the reason it is set aside (null when valid) and
    the fields it was kept without (repaired__*: an absurd arr_after or seats_after is emptied,
    and history then carries the last known value forward, as for an event that gives none). -#}
{%- set types = {'effective_date': 'date', 'arr_after': 'number', 'seats_after': 'integer'} -%}
{%- set required = ['effective_date'] -%}
{%- set checks = [
    ("events.account_id is null", "null_key", "'account_id is null'"),
] + value_checks('subscription_events', required, types) + [
    ("change_type is null or change_type not in ('new', 'renewal', 'upgrade', 'downgrade', 'seat_change', 'churn_notice', 'churn')", "unknown_value", quote_detail('change_type', 'change_type_raw')),
    ("accounts.account_id is null", "unknown_account", quote_detail('account_id', 'events.account_id')),
    ("effective_date > " ~ load_date(), "in_future", quote_detail('effective_date', raw_text('effective_date', 'effective_date_raw'))),
    ("effective_date < accounts.created_date", "before_account_created", quote_detail('effective_date', raw_text('effective_date', 'effective_date_raw'))),
] -%}

with source as (
    {{ select_raw('subscription_events', [
        'account_id', 'effective_date', 'change_type', 'arr_after', 'seats_after'
    ], types=types) }}
),

accounts as (
    select account_id, created_date from {{ ref('base_raw__accounts') }}
    where reject_reason is null
),

typed as (
    select
        nullif(trim(account_id), '') as account_id,
        effective_date, effective_date_raw, effective_date_issue,
        nullif(replace(lower(trim(change_type)), ' ', '_'), '') as change_type,
        change_type as change_type_raw,
        arr_after, arr_after_raw, arr_after_issue,
        seats_after, seats_after_raw, seats_after_issue
    from source
),

checked as (
    select
        events.*,
        {{ validity_columns(checks) }}
    from typed as events
    left join accounts on events.account_id = accounts.account_id
),

ranked as (
    select
        *,
        {{ duplicate_rank('account_id, effective_date, change_type', 'arr_after, seats_after') }} as duplicate_rank
    from checked
),

final as (
    select
        account_id,
        effective_date,
        change_type,
        arr_after,
        seats_after,
        case change_type
            when 'new' then 1 when 'renewal' then 2 when 'upgrade' then 3
            when 'downgrade' then 3 when 'seat_change' then 3
            when 'churn_notice' then 4 when 'churn' then 5
        end as change_order,
        {{ reject_columns('same account, date and change_type seen before') }},
        {{ dbt.concat(["coalesce(account_id, 'null')", "'|'", "coalesce(" ~ raw_text('effective_date', 'effective_date_raw') ~ ", 'null')", "'|'", "coalesce(change_type_raw, 'null')"]) }} as row_key,
        {{ repair_columns('subscription_events', types, required) }}
    from ranked
)

select * from final
