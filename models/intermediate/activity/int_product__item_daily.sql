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

final as (
    select distinct
        events.account_id,
        'user' as item_type,
        events.user_id as item_key,
        events.occurred_date as activity_date
    from events
    inner join catalog on events.event_name = catalog.event_name
    where events.user_id is not null
    union all
    select distinct
        events.account_id,
        'feature',
        catalog.feature,
        events.occurred_date
    from events
    inner join catalog on events.event_name = catalog.event_name
    where catalog.is_core_action
)

select * from final
