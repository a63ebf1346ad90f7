{#- Every raw CS action (a play run on an account), typed, with the reason it is set aside
    (null when valid) and the fields it was kept without (repaired__*). playbook is a name from seeds/playbooks.csv (matched ignoring case) or
    free text; the component it targets is the one given when it is a component of the score,
    else the playbook's (a component that is not one of the score's is emptied, the row kept
    and listed as repaired). -#}
{%- set types = {'action_at': 'timestamp'} -%}
{%- set required = ['action_at'] -%}
{%- set checks = [
    ("actions.account_id is null", "null_key", "'account_id is null'"),
] + value_checks('cs_actions', required, types) + [
    ("actions.playbook is null", "missing_value", "'playbook is null'"),
    ("accounts.account_id is null", "unknown_account", quote_detail('account_id', 'actions.account_id')),
    ("cast(action_at as date) > " ~ load_date(), "in_future", quote_detail('action_at', raw_text('action_at', 'action_at_raw'))),
    ("cast(action_at as date) < accounts.created_date", "before_account_created", quote_detail('action_at', raw_text('action_at', 'action_at_raw'))),
] -%}

with source as (
    {{ select_raw('cs_actions', [
        'action_id', 'account_id', 'action_at', 'playbook', 'component', 'owner'
    ], types=types) }}
),

accounts as (
    select account_id, created_date from {{ ref('base_raw__accounts') }}
    where reject_reason is null
),

{#- a playbook name that names one component in the seed (several bands may share it) -#}
playbooks as (
    select lower(playbook) as playbook_key, max(playbook) as playbook, max(component) as component
    from {{ ref('playbooks') }}
    group by lower(playbook)
    having count(distinct component) = 1
),

typed as (
    select
        nullif(trim(action_id), '') as action_id,
        nullif(trim(account_id), '') as account_id,
        action_at, action_at_raw, action_at_issue,
        nullif(trim(playbook), '') as playbook,
        nullif(lower(trim(component)), '') as component_raw,
        nullif(trim(owner), '') as owner
    from source
),

checked as (
    select
        actions.*,
        playbooks.playbook as seed_playbook,
        playbooks.component as playbook_component,
        case when actions.component_raw in ({{ health_component_list() }}) then actions.component_raw end as given_component,
        {{ dbt.concat([
            "coalesce(actions.account_id, '')", "'|'",
            "coalesce(" ~ raw_text('actions.action_at', 'actions.action_at_raw') ~ ", '')", "'|'",
            "coalesce(actions.playbook, '')"
        ]) }} as row_fingerprint,
        {{ validity_columns(checks) }}
    from typed as actions
    left join accounts on actions.account_id = accounts.account_id
    left join playbooks on lower(actions.playbook) = playbooks.playbook_key
),

ranked as (
    select
        *,
        {{ duplicate_rank('coalesce(action_id, row_fingerprint)', 'action_at, component_raw, owner') }} as duplicate_rank
    from checked
),

final as (
    select
        action_id,
        account_id,
        action_at,
        cast(action_at as date) as action_date,
        coalesce(seed_playbook, playbook) as playbook,
        seed_playbook is not null as is_known_playbook,
        coalesce(given_component, playbook_component) as component,
        owner,
        {{ reject_columns('action seen before (same action_id, or the same account, time and playbook)') }},
        coalesce(action_id, row_fingerprint) as row_key,
        {#- a component that is not one of the score's: emptied (the playbook's is used), the
            action kept and the field listed as repaired -#}
        {%- set bad_component = "invalid_reason is null and duplicate_rank = 1 and component_raw is not null and given_component is null" %}
        case when {{ bad_component }} then 'unknown_value' end as repaired__component,
        case when {{ bad_component }} then component_raw end as repaired__component__raw,
        case when {{ bad_component }}
            then {{ dbt.concat([quote_detail('component', 'component_raw'), "' is not a component of the score: the component of the playbook is used'"]) }}
        end as repaired__component__detail
    from ranked
)

select * from final
