{#- Product events reduced to one row per account and day: core actions and value events
    (quantities summed) and all events, catalogued or not (int_product__event_names says which
    names count as what). The daily grain every usage window is built from.
    Incremental by day: a run with a scored range re-reduces only those days. -#}
{{ config(**incremental_by_day('activity_date')) }}

with events as (
    select * from {{ ref('stg_raw__product_events') }}
    where {{ incremental_day_filter('occurred_date') }}
),

event_names as (
    select event_name, counts_as_core_action, counts_as_value_event from {{ ref('int_product__event_names') }}
),

final as (
    select
        events.account_id,
        events.occurred_date as activity_date,
        sum(case when event_names.counts_as_core_action then events.quantity else 0 end) as core_actions,
        sum(case when event_names.counts_as_value_event then events.quantity else 0 end) as value_events,
        count(*) as events
    from events
    inner join event_names on events.event_name = event_names.event_name
    group by events.account_id, events.occurred_date
)

select * from final
