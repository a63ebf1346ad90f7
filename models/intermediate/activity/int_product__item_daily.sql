{#- The distinct users and core features active per account and day (one row each), from
    catalogued product events: the daily grain of the distinct counts in the usage window.
    Incremental by day: a run with a scored range re-reduces only those days. -#}
{{ config(**incremental_by_day('activity_date')) }}

with events as (
    select * from {{ ref('stg_raw__product_events') }}
    where {{ incremental_day_filter('occurred_date') }}
),

catalog as (
    select * from {{ ref('event_catalog') }}
),

{#- one pass over the events, two groupings: (account, day, user) and (account, day, feature);
    a feature counts on a day only through a core action -#}
grouped as (
    select
        events.account_id,
        case when grouping(events.user_id) = 0 then 'user' else 'feature' end as item_type,
        case when grouping(events.user_id) = 0 then events.user_id else catalog.feature end as item_key,
        events.occurred_date as activity_date
    from events
    inner join catalog on events.event_name = catalog.event_name
    group by grouping sets (
        (events.account_id, events.occurred_date, events.user_id),
        (events.account_id, events.occurred_date, catalog.feature, catalog.is_core_action)
    )
    having (grouping(events.user_id) = 0 and events.user_id is not null)
        or (grouping(catalog.feature) = 0 and catalog.is_core_action)
),

final as (
    select account_id, item_type, item_key, activity_date from grouped
)

select * from final
