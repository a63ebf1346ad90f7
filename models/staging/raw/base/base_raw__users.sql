{#- Every raw user row, typed, with the reason it is set aside (null when valid) and the fields
    it was kept without (repaired__*: an unparseable champion flag or an unparseable or absurd
    created_at / deactivated_at is emptied, the user kept). Documented defaults for a value not
    given (or emptied): role 'unknown', not a champion, created when the account was, active. -#}
{%- set types = {'is_champion': 'boolean', 'created_at': 'timestamp', 'deactivated_at': 'timestamp'} -%}
{%- set required = [] -%}
{%- set checks = [
    ("user_id is null", "null_key", "'user_id is null'"),
    ("users.account_id is null", "null_key", "'account_id is null'"),
    ("accounts.account_id is null", "unknown_account", quote_detail('account_id', 'users.account_id')),
    ("cast(created_at as date) > " ~ load_date(), "in_future", quote_detail('created_at', raw_text('created_at', 'created_at_raw'))),
    ("deactivated_at < created_at", "inconsistent", "'deactivated_at is before created_at'"),
] -%}

with source as (
    {{ select_raw('users', [
        'user_id', 'account_id', 'role', 'is_champion', 'created_at', 'deactivated_at'
    ], types=types) }}
),

accounts as (
    select account_id, created_at as account_created_at from {{ ref('base_raw__accounts') }}
    where reject_reason is null
),

typed as (
    select
        nullif(trim(user_id), '') as user_id,
        nullif(trim(account_id), '') as account_id,
        coalesce(nullif(lower(trim(role)), ''), 'unknown') as role,
        is_champion, is_champion_raw, is_champion_issue,
        created_at, created_at_raw, created_at_issue,
        deactivated_at, deactivated_at_raw, deactivated_at_issue
    from source
),

checked as (
    select
        users.*,
        accounts.account_created_at,
        {{ validity_columns(checks) }}
    from typed as users
    left join accounts on users.account_id = accounts.account_id
),

ranked as (
    select
        *,
        {{ duplicate_rank('user_id', 'created_at, deactivated_at, account_id, role') }} as duplicate_rank
    from checked
),

final as (
    select
        user_id,
        account_id,
        role,
        coalesce(is_champion, false) as is_champion,
        {#- a user without a creation time is taken to exist since the account did -#}
        coalesce(created_at, account_created_at) as created_at,
        deactivated_at,
        {{ reject_columns('user_id seen before') }},
        {{ repair_columns('users', types, required) }}
    from ranked
)

select * from final
