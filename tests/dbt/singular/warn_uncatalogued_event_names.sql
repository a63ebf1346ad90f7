{{ config(severity='warn', store_failures=true) }}
{#- Product event names that seeds/event_catalog.csv does not know, with their volume. They
    still count as activity (active users, active days, feature breadth), but never as a core
    action or value event; when the catalog knows none of the data's names, every event counts
    as a core action (catalog_fallback). What to do: `account-health profile FOLDER` proposes
    catalog rows for them; review, then `account-health apply-proposal`. -#}
select
    event_name,
    events,
    accounts,
    first_seen_date,
    last_seen_date,
    catalog_fallback,
    'add it to seeds/event_catalog.csv (account-health profile proposes a row)' as what_to_do
from {{ ref('int_product__event_names') }}
where not in_catalog
