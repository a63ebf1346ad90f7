{#- Every raw onboarding milestone, typed, with the reason it is set aside (null when valid) and
    the fields it was kept without (repaired__*: an unparseable or absurd due date or completion
    time is emptied, the milestone kept: without a completion time it is not done). -#}
{%- set types = {'due_date': 'date', 'completed_at': 'timestamp'} -%}
{%- set required = [] -%}
{%- set checks = [
    ("milestones.account_id is null", "null_key", "'account_id is null'"),
    ("milestone is null", "null_key", "'milestone is null'"),
    ("accounts.account_id is null", "unknown_account", quote_detail('account_id', 'milestones.account_id')),
    ("cast(completed_at as date) > " ~ load_date(), "in_future", quote_detail('completed_at', raw_text('completed_at', 'completed_at_raw'))),
    ("cast(completed_at as date) < accounts.created_date", "before_account_created", quote_detail('completed_at', raw_text('completed_at', 'completed_at_raw'))),
] -%}

with source as (
    {{ select_raw('onboarding_milestones', ['account_id', 'milestone', 'due_date', 'completed_at'],
                  types=types) }}
),

accounts as (
    select account_id, created_date from {{ ref('base_raw__accounts') }}
    where reject_reason is null
),

typed as (
    select
        nullif(trim(account_id), '') as account_id,
        nullif(lower(trim(milestone)), '') as milestone,
        due_date, due_date_raw, due_date_issue,
        completed_at, completed_at_raw, completed_at_issue
    from source
),

checked as (
    select
        milestones.*,
        {{ validity_columns(checks) }}
    from typed as milestones
    left join accounts on milestones.account_id = accounts.account_id
),

ranked as (
    select
        *,
        {{ duplicate_rank('account_id, milestone', 'completed_at, due_date') }} as duplicate_rank
    from checked
),

final as (
    select
        account_id,
        milestone,
        due_date,
        completed_at,
        cast(completed_at as date) as completed_date,
        {{ reject_columns('account and milestone seen before') }},
        {{ dbt.concat(["coalesce(account_id, 'null')", "'|'", "coalesce(milestone, 'null')"]) }} as row_key,
        {{ repair_columns('onboarding_milestones', types, required) }}
    from ranked
)

select * from final
