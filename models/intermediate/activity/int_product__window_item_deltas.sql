{#-
    How many distinct users, core features and user roles each account has seen active in the
    last var('usage_window_days') days, as +1/-1 changes per account and day: an item seen on day
    d counts for every day up to d + window - 1, and seeing it again extends that. A running sum
    of these deltas (int_accounts__activity_windows) gives the distinct count for each day
    without a distinct-count over a moving window, which no engine does cheaply.
    Only the scored days read these counts, so changes dated before the first scored day are
    moved to it (an interval that ended before then adds and removes itself there): the running
    sum is exact from that day on, and a daily run reads one window of item days, not the whole
    180-day grid. Days whose changes cancel out are not written.
    A short run (at most short_run_days() scored days, and fewer than a window) counts each
    scored day's items directly and writes the day-to-day differences on the scored days: the
    same running sums there, without ordering every sighting.
-#}
{%- set window = var('usage_window_days') -%}
{%- set short_run = score_days_count() <= [short_run_days(), window] | min -%}

with item_days as (
    select * from {{ ref('int_product__item_daily') }}
),

users as (
    select user_id, role from {{ ref('stg_raw__users') }}
),

scored_days as (
    select score_date from {{ ref('int_health__score_dates') }}
),

grid_start as (
    select min(score_date) as first_day from scored_days
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

{%- if short_run %}

{#- per item: its last sighting up to the first scored day and its first one after. The scored
    days span less than a window, so the item counts on a scored day d exactly when the former
    is within the window before d or the latter is on or before d. -#}
spans as (
    select
        items.account_id,
        items.item_type,
        items.item_key,
        max(case when items.seen_on <= grid_start.first_day then items.seen_on end) as seen_by_first,
        min(case when items.seen_on > grid_start.first_day then items.seen_on end) as seen_after_first
    from items
    cross join grid_start
    group by items.account_id, items.item_type, items.item_key
),

counts as (
    select
        spans.account_id,
        scored_days.score_date as activity_date,
        sum(case when spans.item_type = 'user' then 1 else 0 end) as active_users,
        sum(case when spans.item_type = 'feature' then 1 else 0 end) as core_features,
        sum(case when spans.item_type = 'role' then 1 else 0 end) as active_roles
    from spans
    cross join scored_days
    where spans.seen_by_first > {{ add_days('scored_days.score_date', -window) }}
        or spans.seen_after_first <= scored_days.score_date
    group by spans.account_id, scored_days.score_date
),

{#- each account with items on any scored day, on every scored day: a count that falls to 0
    is written too -#}
dense as (
    select
        accounts.account_id,
        scored_days.score_date as activity_date,
        coalesce(counts.active_users, 0) as active_users,
        coalesce(counts.core_features, 0) as core_features,
        coalesce(counts.active_roles, 0) as active_roles
    from (select distinct account_id from counts) as accounts
    cross join scored_days
    left join counts
        on accounts.account_id = counts.account_id
        and scored_days.score_date = counts.activity_date
),

summed as (
    select
        account_id,
        activity_date,
        {%- for name in ['active_users', 'core_features', 'active_roles'] %}
        {{ name }} - coalesce(lag({{ name }}) over (partition by account_id order by activity_date), 0)
            as {{ name }}_delta{{ "," if not loop.last }}
        {%- endfor %}
    from dense
),
{%- else %}

sequenced as (
    select
        *,
        lag(seen_on) over (
            partition by account_id, item_type, item_key order by seen_on
        ) as last_seen_on,
        lead(seen_on) over (
            partition by account_id, item_type, item_key order by seen_on
        ) as next_seen_on
    from items
),

{#- An item counts from a day it is seen until `window` days after it was last seen. Runs of
    sightings less than a window apart make one interval: only its first sighting adds 1 and only
    its last takes it away, so the +1/-1 pairs that would cancel inside a run are never written
    (most users and features are seen day after day). -#}
boundaries as (
    select
        account_id,
        item_type,
        case
            when last_seen_on is null or {{ add_days('last_seen_on', window) }} <= seen_on then seen_on
        end as starts_on,
        case
            when next_seen_on is null or next_seen_on >= {{ add_days('seen_on', window) }}
                then {{ add_days('seen_on', window) }}
        end as ends_on
    from sequenced
),

changes as (
    select account_id, item_type, starts_on as activity_date, 1 as delta
    from boundaries
    where starts_on is not null
    union all
    select account_id, item_type, ends_on, -1
    from boundaries
    where ends_on is not null
),

{#- days before the first scored day fold into it: the running sum is exact from there on -#}
folded as (
    select
        changes.account_id,
        changes.item_type,
        case
            when changes.activity_date < grid_start.first_day then grid_start.first_day
            else changes.activity_date
        end as activity_date,
        changes.delta
    from changes
    cross join grid_start
),

summed as (
    select
        account_id,
        activity_date,
        sum(case when item_type = 'user' then delta else 0 end) as active_users_delta,
        sum(case when item_type = 'feature' then delta else 0 end) as core_features_delta,
        sum(case when item_type = 'role' then delta else 0 end) as active_roles_delta
    from folded
    group by account_id, activity_date
),
{%- endif %}

final as (
    select *
    from summed
    where active_users_delta <> 0 or core_features_delta <> 0 or active_roles_delta <> 0
)

select * from final
