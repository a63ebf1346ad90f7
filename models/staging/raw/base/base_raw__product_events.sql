{#- Every raw product event, typed, with the reason it is set aside (null when valid).
    Events without an event_id are deduplicated on the whole row. An event name that
    seeds/event_catalog.csv does not know is kept: it is still activity (see
    int_product__event_names).
    Incremental by day: a run with a scored range (vars) re-reads only the raw events of those
    days (a day's margin either side for time zones) and replaces those days, so a daily run
    does not rescan a year of events, and late rows for those days are picked up. Duplicates are
    then found within the days read, and rows whose timestamp does not parse are listed by full
    builds (which read everything). -#}
{{ config(**incremental_by_day('occurred_date')) }}
{%- set first_day, last_day = incremental_days() -%}
{%- set checks = [
    ("events.account_id is null", "null_key", "'account_id is null'"),
    ("events.event_name is null", "missing_value", "'event_name is null'"),
    ("occurred_at is null", "unparseable", quote_detail('occurred_at', raw_text('occurred_at', 'occurred_at_raw'))),
    ("accounts.account_id is null", "unknown_account", quote_detail('account_id', 'events.account_id')),
    ("quantity_value < 0 or quantity_value > " ~ var('max_event_quantity'), "out_of_range", quote_detail('quantity', raw_text('quantity_value', 'quantity_raw'))),
    ("cast(occurred_at as date) > " ~ load_date(), "in_future", quote_detail('occurred_at', raw_text('occurred_at', 'occurred_at_raw'))),
    ("cast(occurred_at as date) < accounts.created_date", "before_account_created", quote_detail('occurred_at', raw_text('occurred_at', 'occurred_at_raw'))),
] -%}

with source as (
    {{ select_raw('product_events', [
        'event_id', 'account_id', 'user_id', 'event_name', 'occurred_at', 'quantity'
    ], types={'occurred_at': 'timestamp', 'quantity': 'number'},
       where=raw_days_filter('occurred_at', first_day, last_day)) }}
),

accounts as (
    select account_id, created_date from {{ ref('base_raw__accounts') }}
    where reject_reason is null
),

typed as (
    select
        nullif(trim(event_id), '') as event_id,
        nullif(trim(account_id), '') as account_id,
        nullif(trim(user_id), '') as user_id,
        nullif(lower(trim(event_name)), '') as event_name,
        occurred_at,
        occurred_at_raw,
        quantity as quantity_value,
        quantity_raw
    from source
),

checked as (
    select
        events.*,
        {#- events without an id are identified by their whole row (built only for those) -#}
        case when events.event_id is null then {{ dbt.concat([
            "coalesce(events.account_id, '')", "'|'", "coalesce(events.user_id, '')", "'|'",
            "coalesce(events.event_name, '')", "'|'", "coalesce(" ~ raw_text('events.occurred_at', 'events.occurred_at_raw') ~ ", '')", "'|'",
            "coalesce(" ~ raw_text('events.quantity_value', 'events.quantity_raw') ~ ", '')"
        ]) }} else events.event_id end as row_key,
        {{ invalid_reason(checks) }} as invalid_reason,
        {{ invalid_detail(checks) }} as invalid_detail
    from typed as events
    left join accounts on events.account_id = accounts.account_id
),

{#- Only the few keys seen more than once need ranking: sorting 15 M events by key to find
    them costs more than grouping the keys once and ranking the rows that share one. -#}
repeated as (
    select row_key from checked group by row_key having count(*) > 1
),

ranked as (
    select checked.*, 1 as duplicate_rank
    from checked
    where not exists (select 1 from repeated where repeated.row_key = checked.row_key)
    union all
    select
        checked.*,
        {{ duplicate_rank('checked.row_key', 'checked.occurred_at, checked.account_id, checked.user_id, checked.event_name, checked.quantity_value') }} as duplicate_rank
    from checked
    inner join repeated on checked.row_key = repeated.row_key
),

final as (
    select
        event_id,
        account_id,
        user_id,
        event_name,
        occurred_at,
        cast(occurred_at as date) as occurred_date,
        coalesce(quantity_value, 1) as quantity,
        {{ reject_columns('event seen before (same event_id or identical row)') }},
        row_key
    from ranked
    where {{ incremental_day_filter('cast(occurred_at as date)') }}
)

select * from final
