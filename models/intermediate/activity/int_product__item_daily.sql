{#- The distinct users and features active per account and day (one row each), from product
    events, catalogued or not: the daily grain of the distinct counts in the usage window.
    A feature counts through a core action, or through an event name the catalog does not know
    (each such name is a feature of its own, int_product__event_names).
    Incremental by day: a run with a scored range re-reduces only those days. -#}
{{ config(**incremental_by_day('activity_date')) }}

with events as (
    select * from {{ ref('stg_raw__product_events') }}
    where {{ incremental_day_filter('occurred_date') }}
),

event_names as (
    select
        event_name,
        feature,
        counts_as_core_action or not in_catalog as counts_for_breadth
    from {{ ref('int_product__event_names') }}
),

{#- one pass over the events, two groupings: (account, day, user) and (account, day, feature);
    a feature counts on a day only through a core action -#}
grouped as (
    select
        events.account_id,
        events.occurred_date as activity_date,
        events.user_id,
        event_names.feature,
        event_names.counts_for_breadth,
        grouping(events.user_id) as by_feature
    from events
    inner join event_names on events.event_name = event_names.event_name
    group by grouping sets (
        (events.account_id, events.occurred_date, events.user_id),
        (events.account_id, events.occurred_date, event_names.feature, event_names.counts_for_breadth)
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
        or (by_feature = 1 and counts_for_breadth)
)

select * from final
