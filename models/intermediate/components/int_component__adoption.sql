{#-
    Adoption (SPEC 4.1): how broadly the account has taken the product up.
    - adoption_active_user_ratio: distinct users active in the usage window / seats as of the day
    - adoption_feature_breadth: distinct core features used in the window / core features in
      the event catalog
    - adoption_role_breadth: distinct user roles active in the window / roles the account has
    - adoption_champion_present: 1 when a champion user exists and is not deactivated, else 0
      (null when the account has no user data)
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

catalog_features as (
    select count(distinct feature) as core_features
    from {{ ref('event_catalog') }}
    where is_core_action
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

metrics as (
    select
        account_days.account_id,
        account_days.score_date,
        account_days.scorecard,
        case when product_data.events_available > 0 and account_days.seats > 0 then
            {{ ratio('activity.active_users_window', 'account_days.seats') }}
        end as adoption_active_user_ratio,
        case when product_data.events_available > 0 and catalog_features.core_features > 0 then
            {{ ratio('activity.core_features_window', 'catalog_features.core_features') }}
        end as adoption_feature_breadth,
        case when product_data.events_available > 0 and account_roles.roles > 0 then
            {{ ratio('activity.active_roles_window', 'account_roles.roles') }}
        end as adoption_role_breadth,
        case when accounts_with_users.account_id is not null then
            coalesce(champions.champion_present, 0)
        end as adoption_champion_present
    from account_days
    inner join activity
        on account_days.account_id = activity.account_id
        and account_days.score_date = activity.activity_date
    cross join product_data
    cross join catalog_features
    left join account_roles
        on account_days.account_id = account_roles.account_id
        and account_days.score_date = account_roles.score_date
    left join champions
        on account_days.account_id = champions.account_id
        and account_days.score_date = champions.score_date
    left join accounts_with_users on account_days.account_id = accounts_with_users.account_id
),

{{ score_component('adoption') }}

select * from final
