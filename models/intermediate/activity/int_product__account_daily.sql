{#- Product events reduced to one row per account and day: core actions, value events and all
    catalogued events (quantities summed). The daily grain every usage window is built from.
    Incremental by day: a run with a scored range re-reduces only those days. -#}
{{ config(**incremental_by_day('activity_date')) }}

with events as (
    select * from {{ ref('stg_raw__product_events') }}
    where {{ incremental_day_filter('occurred_date') }}
),

catalog as (
    select * from {{ ref('event_catalog') }}
),

final as (
    select
        events.account_id,
        events.occurred_date as activity_date,
        sum(case when catalog.is_core_action then events.quantity else 0 end) as core_actions,
        sum(case when catalog.is_value_event then events.quantity else 0 end) as value_events,
        count(*) as events
    from events
    inner join catalog on events.event_name = catalog.event_name
    group by events.account_id, events.occurred_date
)

select * from final
