{#- Every raw survey response, typed, with the reason it is set aside (null when valid).
    NPS scores are 0-10, CSAT scores 1-5; a response without a type is an NPS answer. -#}
{%- set types = {'responded_at': 'timestamp', 'score': 'number'} -%}
{%- set required = ['score', 'responded_at'] -%}
{%- set checks = [
    ("surveys.account_id is null", "null_key", "'account_id is null'"),
] + value_checks('survey_responses', required, types) + [
    ("accounts.account_id is null", "unknown_account", quote_detail('account_id', 'surveys.account_id')),
    ("survey_type not in ('nps', 'csat')", "unknown_value", quote_detail('survey_type', 'survey_type')),
    ("survey_type = 'csat' and not score between 1 and 5", "out_of_range", dbt.concat([quote_detail('survey_type', 'survey_type'), "' '", quote_detail('score', raw_text('score', 'score_raw'))]), 'score', raw_text('score', 'score_raw')),
    ("cast(responded_at as date) > " ~ load_date(), "in_future", quote_detail('responded_at', raw_text('responded_at', 'responded_at_raw'))),
    ("cast(responded_at as date) < accounts.created_date", "before_account_created", quote_detail('responded_at', raw_text('responded_at', 'responded_at_raw'))),
] -%}

with source as (
    {{ select_raw('survey_responses', [
        'response_id', 'account_id', 'user_id', 'responded_at', 'survey_type', 'score'
    ], types=types) }}
),

accounts as (
    select account_id, created_date from {{ ref('base_raw__accounts') }}
    where reject_reason is null
),

typed as (
    select
        nullif(trim(response_id), '') as response_id,
        nullif(trim(account_id), '') as account_id,
        nullif(trim(user_id), '') as user_id,
        responded_at, responded_at_raw, responded_at_issue,
        {#- a response without a type is an NPS answer, the common case -#}
        coalesce(nullif(lower(trim(survey_type)), ''), 'nps') as survey_type,
        score, score_raw, score_issue
    from source
),

checked as (
    select
        surveys.*,
        {{ dbt.concat([
            "coalesce(surveys.response_id, '')", "'|'", "coalesce(surveys.account_id, '')", "'|'",
            "coalesce(surveys.user_id, '')", "'|'", "coalesce(" ~ raw_text('surveys.responded_at', 'surveys.responded_at_raw') ~ ", '')", "'|'",
            "surveys.survey_type", "'|'", "coalesce(" ~ raw_text('surveys.score', 'surveys.score_raw') ~ ", '')"
        ]) }} as row_fingerprint,
        {{ validity_columns(checks) }}
    from typed as surveys
    left join accounts on surveys.account_id = accounts.account_id
),

ranked as (
    select
        *,
        {{ duplicate_rank('coalesce(response_id, row_fingerprint)', 'responded_at, score, user_id') }} as duplicate_rank
    from checked
),

final as (
    select
        response_id,
        account_id,
        user_id,
        responded_at,
        cast(responded_at as date) as responded_date,
        survey_type,
        score,
        {{ reject_columns('response seen before (same response_id or identical row)') }},
        coalesce(response_id, row_fingerprint) as row_key
    from ranked
)

select * from final
