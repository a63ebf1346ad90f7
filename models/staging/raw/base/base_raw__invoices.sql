{#- Every raw invoice, typed, with the reason it is set aside (null when valid). -#}
{%- set checks = [
    ("invoice_id is null", "null_key", "'invoice_id is null'"),
    ("invoices.account_id is null", "null_key", "'account_id is null'"),
    ("issued_at is null", "unparseable", quote_detail('issued_at', raw_text('issued_at', 'issued_at_raw'))),
    ("due_date is null", "unparseable", quote_detail('due_date', raw_text('due_date', 'due_date_raw'))),
    ("accounts.account_id is null", "unknown_account", quote_detail('account_id', 'invoices.account_id')),
    ("status is not null and status not in ('open', 'paid', 'void', 'failed')", "unknown_value", quote_detail('status', 'status')),
    ("amount < 0 or failed_attempts < 0", "out_of_range", dbt.concat([quote_detail('amount', 'amount'), "' '", quote_detail('failed_attempts', 'failed_attempts')])),
    ("cast(issued_at as date) > " ~ load_date(), "in_future", quote_detail('issued_at', raw_text('issued_at', 'issued_at_raw'))),
    ("cast(issued_at as date) < accounts.created_date", "before_account_created", quote_detail('issued_at', raw_text('issued_at', 'issued_at_raw'))),
    ("due_date < cast(issued_at as date) or paid_at < issued_at", "inconsistent", "'due_date or paid_at is before issued_at'"),
] -%}

with source as (
    {{ select_raw('invoices', [
        'invoice_id', 'account_id', 'issued_at', 'due_date', 'amount', 'paid_at', 'status',
        'failed_attempts'
    ], types={'issued_at': 'timestamp', 'due_date': 'date', 'amount': 'number', 'paid_at': 'timestamp',
              'failed_attempts': 'number'}) }}
),

accounts as (
    select account_id, created_date from {{ ref('base_raw__accounts') }}
    where reject_reason is null
),

typed as (
    select
        nullif(trim(invoice_id), '') as invoice_id,
        nullif(trim(account_id), '') as account_id,
        issued_at,
        issued_at_raw,
        due_date,
        due_date_raw,
        amount,
        paid_at,
        nullif(lower(trim(status)), '') as status,
        failed_attempts
    from source
),

checked as (
    select
        invoices.*,
        {{ invalid_reason(checks) }} as invalid_reason,
        {{ invalid_detail(checks) }} as invalid_detail
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
        coalesce(cast(failed_attempts as integer), 0) as failed_attempts,
        {{ reject_columns('invoice_id seen before') }}
    from ranked
)

select * from final
