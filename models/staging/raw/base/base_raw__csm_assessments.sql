{#- Every raw CSM assessment, typed, with the reason it is set aside (null when valid) and the
    field it was kept without (repaired__valid_until: an unparseable or absurd date is emptied).
    Sentiment arrives as 1-5 or red/amber/green (mapped to 1/3/5). An assessment without
    valid_until (or whose valid_until was emptied) expires var('csm_assessment_valid_days') days
    after it was made. -#}
{%- set types = {'assessed_at': 'timestamp', 'valid_until': 'date'} -%}
{%- set required = ['assessed_at'] -%}
{%- set checks = [
    ("assessments.account_id is null", "null_key", "'account_id is null'"),
] + value_checks('csm_assessments', required, types) + [
    ("accounts.account_id is null", "unknown_account", quote_detail('account_id', 'assessments.account_id')),
    ("sentiment_score is null", "unknown_value", quote_detail('sentiment', 'sentiment_raw')),
    ("cast(assessed_at as date) > " ~ load_date(), "in_future", quote_detail('assessed_at', raw_text('assessed_at', 'assessed_at_raw'))),
    ("cast(assessed_at as date) < accounts.created_date", "before_account_created", quote_detail('assessed_at', raw_text('assessed_at', 'assessed_at_raw'))),
    ("valid_until < cast(assessed_at as date)", "inconsistent", "'valid_until is before assessed_at'"),
] -%}

with source as (
    {{ select_raw('csm_assessments', [
        'account_id', 'assessed_at', 'sentiment', 'valid_until', 'assessed_by', 'note'
    ], types=types) }}
),

accounts as (
    select account_id, created_date from {{ ref('base_raw__accounts') }}
    where reject_reason is null
),

typed as (
    select
        nullif(trim(account_id), '') as account_id,
        assessed_at, assessed_at_raw, assessed_at_issue,
        sentiment as sentiment_raw,
        case lower(trim(sentiment))
            when 'red' then 1.0 when 'amber' then 3.0 when 'yellow' then 3.0 when 'green' then 5.0
            else case
                when {{ to_number('sentiment') }} between 1 and 5 then {{ to_number('sentiment') }}
            end
        end as sentiment_score,
        valid_until, valid_until_raw, valid_until_issue,
        nullif(trim(assessed_by), '') as assessed_by,
        note
    from source
),

checked as (
    select
        assessments.*,
        {{ validity_columns(checks) }}
    from typed as assessments
    left join accounts on assessments.account_id = accounts.account_id
),

ranked as (
    select
        *,
        {{ duplicate_rank('account_id, assessed_at', 'sentiment_score, valid_until, assessed_by') }} as duplicate_rank
    from checked
),

final as (
    select
        account_id,
        assessed_at,
        cast(assessed_at as date) as assessed_date,
        sentiment_score,
        coalesce(
            valid_until,
            {{ add_days('cast(assessed_at as date)', var('csm_assessment_valid_days')) }}
        ) as valid_until,
        assessed_by,
        note,
        {{ reject_columns('account and assessed_at seen before') }},
        {{ dbt.concat(["coalesce(account_id, 'null')", "'|'", "coalesce(" ~ raw_text('assessed_at', 'assessed_at_raw') ~ ", 'null')"]) }} as row_key,
        {{ repair_columns('csm_assessments', types, required) }}
    from ranked
)

select * from final
