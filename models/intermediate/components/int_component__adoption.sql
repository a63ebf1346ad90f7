{#-
    Adoption: how broadly the account has taken the product up: active users per seat, features
    and roles in use, a champion present. The metrics are declared in
    macros/scoring/catalog/health_metric_catalog.sql (see docs/metrics.md).
    Product-based metrics are null when no product events are available at all.
-#}
with account_days as (
    select * from {{ ref('int_accounts__daily') }}
),

activity as (
    select * from {{ ref('int_accounts__activity_windows') }}
),

product_data as (
    select count(*) as events_available from {{ ref('int_product__account_daily') }}
),

{#- the denominator of feature breadth: the catalog's core features, or, when the catalog
    matches none of the data's event names (int_product__event_names.catalog_fallback), the
    names seen so far, each its own feature -#}
catalog_features as (
    select count(distinct feature) as core_features
    from {{ ref('event_catalog') }}
    where is_core_action
),

fallback_features as (
    select
        scored_days.score_date,
        count(*) as core_features
    from (select distinct score_date from account_days) as scored_days
    inner join {{ ref('int_product__event_names') }} as event_names
        on event_names.first_seen_date <= scored_days.score_date
    where event_names.catalog_fallback
    group by scored_days.score_date
),

users as (
    select * from {{ ref('stg_raw__users') }}
),

roles_first_seen as (
    select account_id, role, min(cast(created_at as date)) as first_created_date
    from users
    group by account_id, role
),

account_roles as (
    select
        account_days.account_id,
        account_days.score_date,
        count(*) as roles
    from account_days
    inner join roles_first_seen
        on account_days.account_id = roles_first_seen.account_id
        and roles_first_seen.first_created_date <= account_days.score_date
    group by account_days.account_id, account_days.score_date
),

champions as (
    {#- only champion users can make a champion present: join those, not every seat -#}
    select distinct
        account_days.account_id,
        account_days.score_date,
        1 as champion_present
    from account_days
    inner join users
        on account_days.account_id = users.account_id
        and users.is_champion
        and cast(users.created_at as date) <= account_days.score_date
        and (users.deactivated_at is null or cast(users.deactivated_at as date) > account_days.score_date)
),

accounts_with_users as (
    select distinct account_id from users
),

signals as (
    select
        account_days.account_id,
        account_days.score_date,
        account_days.scorecard,
        account_days.seats,
        product_data.events_available,
        coalesce(fallback_features.core_features, catalog_features.core_features) as catalog_core_features,
        account_roles.roles as account_roles,
        accounts_with_users.account_id is not null as has_user_data,
        champions.champion_present,
        {{ health_window_measure_columns('activity') }}
    from account_days
    inner join activity
        on account_days.account_id = activity.account_id
        and account_days.score_date = activity.activity_date
    cross join product_data
    cross join catalog_features
    left join fallback_features on account_days.score_date = fallback_features.score_date
    left join account_roles
        on account_days.account_id = account_roles.account_id
        and account_days.score_date = account_roles.score_date
    left join champions
        on account_days.account_id = champions.account_id
        and account_days.score_date = champions.score_date
    left join accounts_with_users on account_days.account_id = accounts_with_users.account_id
),

{{ component_metrics('adoption') }}

{{ score_component('adoption') }}

select * from final
