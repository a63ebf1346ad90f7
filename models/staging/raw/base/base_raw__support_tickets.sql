{#- Every raw support ticket, typed, with the reason it is set aside (null when valid) and the
    fields it was kept without (repaired__*: an unparseable or absurd response or resolution
    time, reopen count, escalation flag or CSAT is emptied, the ticket kept).
    Severity arrives as 1-4 or words; seeds/support_severity.csv maps both. Documented defaults
    for a value not given (or emptied): severity normal (3, its 24-hour first-response SLA),
    reopened 0 times, not escalated. -#}
{%- set types = {'created_at': 'timestamp', 'first_response_at': 'timestamp', 'resolved_at': 'timestamp',
                 'reopened_count': 'integer', 'is_escalated': 'boolean', 'csat_score': 'number'} -%}
{%- set required = ['created_at'] -%}
{%- set checks = [
    ("ticket_id is null", "null_key", "'ticket_id is null'"),
    ("tickets.account_id is null", "null_key", "'account_id is null'"),
] + value_checks('support_tickets', required, types) + [
    ("accounts.account_id is null", "unknown_account", quote_detail('account_id', 'tickets.account_id')),
    ("severity_raw is not null and severity_map.severity is null", "unknown_value", quote_detail('severity', 'severity_raw')),
    ("cast(created_at as date) > " ~ load_date(), "in_future", quote_detail('created_at', raw_text('created_at', 'created_at_raw'))),
    ("cast(created_at as date) < accounts.created_date", "before_account_created", quote_detail('created_at', raw_text('created_at', 'created_at_raw'))),
    ("resolved_at < created_at or first_response_at < created_at", "inconsistent", "'resolved_at or first_response_at is before created_at'"),
] -%}

with source as (
    {{ select_raw('support_tickets', [
        'ticket_id', 'account_id', 'created_at', 'severity', 'status', 'first_response_at',
        'resolved_at', 'reopened_count', 'is_escalated', 'csat_score'
    ], types=types) }}
),

accounts as (
    select account_id, created_date from {{ ref('base_raw__accounts') }}
    where reject_reason is null
),

severity_map as (
    select
        lower(cast(raw_value as {{ api.Column.translate_type('string') }})) as raw_value,
        severity,
        first_response_sla_hours
    from {{ ref('support_severity') }}
),

typed as (
    select
        nullif(trim(ticket_id), '') as ticket_id,
        nullif(trim(account_id), '') as account_id,
        created_at, created_at_raw, created_at_issue,
        nullif(lower(trim(severity)), '') as severity_raw,
        nullif(lower(trim(status)), '') as status,
        first_response_at, first_response_at_raw, first_response_at_issue,
        resolved_at, resolved_at_raw, resolved_at_issue,
        reopened_count, reopened_count_raw, reopened_count_issue,
        is_escalated, is_escalated_raw, is_escalated_issue,
        csat_score, csat_score_raw, csat_score_issue
    from source
),

checked as (
    select
        tickets.*,
        severity_map.severity,
        severity_map.first_response_sla_hours,
        {{ validity_columns(checks) }}
    from typed as tickets
    left join accounts on tickets.account_id = accounts.account_id
    left join severity_map on tickets.severity_raw = severity_map.raw_value
),

ranked as (
    select
        *,
        {{ duplicate_rank('ticket_id', 'case when resolved_at is null then 1 else 0 end, resolved_at desc, first_response_at, created_at, severity') }} as duplicate_rank
    from checked
),

final as (
    select
        ticket_id,
        account_id,
        created_at,
        cast(created_at as date) as created_date,
        {#- a ticket without a severity is treated as normal (3) -#}
        coalesce(severity, 3) as severity,
        coalesce(first_response_sla_hours, 24) as first_response_sla_hours,
        status,
        first_response_at,
        resolved_at,
        coalesce(reopened_count, 0) as reopened_count,
        coalesce(is_escalated, false) as is_escalated,
        csat_score,
        {{ reject_columns('ticket_id seen before') }},
        {{ repair_columns('support_tickets', types, required) }}
    from ranked
)

select * from final
