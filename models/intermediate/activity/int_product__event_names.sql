{#-
    Every event name in the staged product events, with its volume and whether
    seeds/event_catalog.csv knows it. An uncatalogued name is still activity: it counts for
    active users, active days and feature breadth (as its own feature), but not as a core
    action or value event.
    catalog_fallback is true on every row when the catalog matches none of the data's event
    names: then every event counts as a core action of its own feature (a book exported from
    another product scores on its activity until a catalog is written; the summary says so).
-#}
with events as (
    select event_name, occurred_date, user_id, account_id from {{ ref('stg_raw__product_events') }}
),

catalog as (
    select event_name, feature, is_core_action, is_value_event from {{ ref('event_catalog') }}
),

names as (
    select
        event_name,
        count(*) as events,
        count(distinct account_id) as accounts,
        min(occurred_date) as first_seen_date,
        max(occurred_date) as last_seen_date
    from events
    group by event_name
),

labelled as (
    select
        names.*,
        catalog.event_name is not null as in_catalog,
        catalog.feature,
        coalesce(catalog.is_core_action, false) as is_core_action,
        coalesce(catalog.is_value_event, false) as is_value_event
    from names
    left join catalog on names.event_name = catalog.event_name
),

coverage as (
    select sum(case when in_catalog then 1 else 0 end) = 0 as catalog_fallback from labelled
),

final as (
    select
        labelled.event_name,
        cast(labelled.events as {{ dbt.type_bigint() }}) as events,
        cast(labelled.accounts as integer) as accounts,
        labelled.first_seen_date,
        labelled.last_seen_date,
        labelled.in_catalog,
        coalesce(labelled.feature, labelled.event_name) as feature,
        labelled.is_core_action or (coverage.catalog_fallback and not labelled.in_catalog) as counts_as_core_action,
        labelled.is_value_event as counts_as_value_event,
        coverage.catalog_fallback
    from labelled
    cross join coverage
)

select * from final
