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
        events.occurred_date as activity_date,
        events.user_id,
        catalog.feature,
        catalog.is_core_action,
        grouping(events.user_id) as by_feature
    from events
    inner join catalog on events.event_name = catalog.event_name
    group by grouping sets (
        (events.account_id, events.occurred_date, events.user_id),
        (events.account_id, events.occurred_date, catalog.feature, catalog.is_core_action)
    )
),

final as (
    select
        account_id,
        case when by_feature = 0 then 'user' else 'feature' end as item_type,
        case when by_feature = 0 then user_id else feature end as item_key,
        activity_date
    from grouped
    where (by_feature = 0 and user_id is not null)
        or (by_feature = 1 and is_core_action)
)

select * from final
