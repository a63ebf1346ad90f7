{#- Every raw invoice, typed, with the reason it is set aside (null when valid) and the fields
    it was kept without (repaired__*: an unparseable or absurd amount, paid_at or failed_attempts
    is emptied, the invoice kept). Documented defaults for a value not given (or emptied): status
    paid when paid_at is given, else open; no failed attempts. -#}
{%- set types = {'issued_at': 'timestamp', 'due_date': 'date', 'amount': 'number', 'paid_at': 'timestamp',
                 'failed_attempts': 'integer'} -%}
{%- set required = ['issued_at', 'due_date'] -%}
{%- set checks = [
    ("invoice_id is null", "null_key", "'invoice_id is null'"),
    ("invoices.account_id is null", "null_key", "'account_id is null'"),
] + value_checks('invoices', required, types) + [
    ("accounts.account_id is null", "unknown_account", quote_detail('account_id', 'invoices.account_id')),
    ("status is not null and status not in ('open', 'paid', 'void', 'failed')", "unknown_value", quote_detail('status', 'status')),
    ("cast(issued_at as date) > " ~ load_date(), "in_future", quote_detail('issued_at', raw_text('issued_at', 'issued_at_raw'))),
    ("cast(issued_at as date) < accounts.created_date", "before_account_created", quote_detail('issued_at', raw_text('issued_at', 'issued_at_raw'))),
    ("due_date < cast(issued_at as date) or paid_at < issued_at", "inconsistent", "'due_date or paid_at is before issued_at'"),
] -%}

with source as (
    {{ select_raw('invoices', [
        'invoice_id', 'account_id', 'issued_at', 'due_date', 'amount', 'paid_at', 'status',
        'failed_attempts'
    ], types=types) }}
),

accounts as (
    select account_id, created_date from {{ ref('base_raw__accounts') }}
    where reject_reason is null
),

typed as (
    select
        nullif(trim(invoice_id), '') as invoice_id,
        nullif(trim(account_id), '') as account_id,
        issued_at, issued_at_raw, issued_at_issue,
        due_date, due_date_raw, due_date_issue,
        amount, amount_raw, amount_issue,
        paid_at, paid_at_raw, paid_at_issue,
        nullif(lower(trim(status)), '') as status,
        failed_attempts, failed_attempts_raw, failed_attempts_issue
    from source
),

checked as (
    select
        invoices.*,
        {{ validity_columns(checks) }}
    from typed as invoices
    left join accounts on invoices.account_id = accounts.account_id
),

ranked as (
    select
        *,
        {{ duplicate_rank('invoice_id', 'case when paid_at is null then 1 else 0 end, paid_at desc, issued_at, amount, status') }} as duplicate_rank
    from checked
),

final as (
    select
        invoice_id,
        account_id,
        issued_at,
        cast(issued_at as date) as issued_date,
        due_date,
        amount,
        paid_at,
        cast(paid_at as date) as paid_date,
        coalesce(status, case when paid_at is not null then 'paid' else 'open' end) as status,
        coalesce(failed_attempts, 0) as failed_attempts,
        {{ reject_columns('invoice_id seen before') }},
        {{ repair_columns('invoices', types, required) }}
    from ranked
)

select * from final
