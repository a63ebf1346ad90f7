{#-
    How many distinct users, core features and user roles each account has seen active in the
    last var('usage_window_days') days, as +1/-1 changes per account and day: an item seen on day
    d counts for every day up to d + window - 1, and seeing it again extends that. A running sum
    of these deltas (int_accounts__activity_windows) gives the distinct count for each day
    without a distinct-count over a moving window, which no engine does cheaply.
    Only the scored days read these counts, so intervals that end before the first scored day
    are dropped and those that started earlier are clipped to it: the running sum is exact from
    that day on, and a daily run reads one window of item days, not the whole 180-day grid.
-#}
{%- set window = var('usage_window_days') -%}

with item_days as (
    select * from {{ ref('int_product__item_daily') }}
),

users as (
    select user_id, role from {{ ref('stg_raw__users') }}
),

grid_start as (
    select min(score_date) as first_day
    from {{ ref('int_health__score_dates') }}
),

recent as (
    {#- only the days whose activity can still count on the grid -#}
    select item_days.*
    from item_days
    cross join grid_start
    where item_days.activity_date >= {{ add_days('grid_start.first_day', -window) }}
),

items as (
    select account_id, item_type, item_key, activity_date as seen_on
    from recent
    union all
    select distinct recent.account_id, 'role', users.role, recent.activity_date
    from recent
    inner join users on recent.item_key = users.user_id
    where recent.item_type = 'user'
),

sequenced as (
    select
        *,
        lead(seen_on) over (
            partition by account_id, item_type, item_key order by seen_on
        ) as next_seen_on
    from items
),

intervals as (
    select
        account_id,
        item_type,
        seen_on as counted_from,
        case
            when next_seen_on is not null and next_seen_on < {{ add_days('seen_on', window) }}
                then next_seen_on
            else {{ add_days('seen_on', window) }}
        end as counted_until
    from sequenced
),

clipped as (
    select
        intervals.account_id,
        intervals.item_type,
        case
            when intervals.counted_from < grid_start.first_day then grid_start.first_day
            else intervals.counted_from
        end as counted_from,
        intervals.counted_until
    from intervals
    cross join grid_start
    where intervals.counted_until > grid_start.first_day
),

changes as (
    select account_id, item_type, counted_from as activity_date, 1 as delta from clipped
    union all
    select account_id, item_type, counted_until, -1 from clipped
),

final as (
    select
        account_id,
        activity_date,
        sum(case when item_type = 'user' then delta else 0 end) as active_users_delta,
        sum(case when item_type = 'feature' then delta else 0 end) as core_features_delta,
        sum(case when item_type = 'role' then delta else 0 end) as active_roles_delta
    from changes
    group by account_id, activity_date
)

select * from final
