{#-
    Current health: one row per account active on the latest scored day, with its
    score and the trend behind it:
    - change over var('trend_short_days') (change_7d) and var('trend_long_days') (change_30d)
      days; null when the account was not scored that day. (The names give the defaults.)
    - least-squares slope of the score over the last var('trend_long_days') days (slope_30d), in
      points per day;
    - direction: up / down when the slope is beyond +/- var('trend_dead_band') points a day,
      else flat;
    - previous band, days in the current band and the date of the last band change (the run of
      the current band is counted over the scored history);
    - the same for the stable band (the reported band, see fct_account_health_daily): when it
      last changed and for how many days it has held;
    - the score in context: its percentile within the segment, the gap to the account's own
      baseline, and the metric the primary driver comes down to.
-#}
{%- set double = account_health.type_double() -%}
{%- set dead_band = var('trend_dead_band') -%}
{%- set short_span = var('trend_short_days') -%}
{%- set long_span = var('trend_long_days') -%}

{#- only the columns the trend reads: the history is read several times, and an engine that
    materialises it copies what it selects -#}
with history as (
    select account_id, score_date, health_score, band, stable_band from {{ ref('fct_account_health_daily') }}
),

latest_day as (
    select max(score_date) as score_date from history
),

current_rows as (
    select fact.*
    from {{ ref('fct_account_health_daily') }} as fact
    inner join latest_day on fact.score_date = latest_day.score_date
),

past as (
    select
        history.account_id,
        history.score_date,
        history.health_score,
        history.band,
        {{ days_between('history.score_date', 'latest_day.score_date') }} as days_ago
    from history
    cross join latest_day
    where history.score_date >= {{ add_days('latest_day.score_date', -long_span) }}
),

regression as (
    {#- x = day index (0 = long_span - 1 days ago), y = score;
        slope = (n*Sxy - Sx*Sy) / (n*Sxx - Sx^2) -#}
    select
        account_id,
        count(*) as points,
        sum(cast({{ long_span - 1 }} - days_ago as {{ double }})) as sx,
        sum(health_score) as sy,
        sum(cast({{ long_span - 1 }} - days_ago as {{ double }}) * health_score) as sxy,
        sum(cast({{ long_span - 1 }} - days_ago as {{ double }}) * ({{ long_span - 1 }} - days_ago)) as sxx
    from past
    where health_score is not null and days_ago <= {{ long_span - 1 }}
    group by account_id
),

{#- The current band's run: after the last day the account was in another band, every scored
    day has the current band, so the run began on the first scored day after that one (and the
    band of that day is the previous band). Two grouped passes over the history, no sort of it. -#}
band_history as (
    select
        history.account_id,
        min(history.score_date) as first_scored_on,
        max(case when history.band <> current_rows.band then history.score_date end) as last_other_on,
        max(case when history.stable_band <> current_rows.stable_band then history.score_date end) as last_other_stable_on
    from history
    inner join current_rows on history.account_id = current_rows.account_id
    group by history.account_id
),

last_change as (
    select
        band_history.account_id,
        min(case when history.score_date > band_history.last_other_on then history.score_date end)
            as changed_on,
        max(case when history.score_date = band_history.last_other_on then history.band end)
            as previous_band
    from band_history
    inner join history
        on band_history.account_id = history.account_id
        and history.score_date >= band_history.last_other_on
    group by band_history.account_id
),

stable_change as (
    select
        band_history.account_id,
        min(history.score_date) as changed_on
    from band_history
    inner join history
        on band_history.account_id = history.account_id
        and history.score_date > band_history.last_other_stable_on
    group by band_history.account_id
),

final as (
    select
        current_rows.account_id,
        current_rows.score_date,
        current_rows.account_name,
        current_rows.segment,
        current_rows.csm_owner,
        current_rows.arr,
        current_rows.renewal_date,
        current_rows.days_to_renewal,
        current_rows.health_score,
        current_rows.band,
        current_rows.band_rank,
        current_rows.coverage,
        current_rows.primary_driver,
        current_rows.cap_reason,
        cast(current_rows.health_score - week_ago.health_score as {{ double }}) as change_7d,
        cast(current_rows.health_score - month_ago.health_score as {{ double }}) as change_30d,
        {#- rounded: the sums behind it are of doubles, whose last digits depend on the order
            a parallel engine adds them in; six decimals keep re-runs identical -#}
        {{ round_to('case
            when regression.points >= 2
                and regression.points * regression.sxx - regression.sx * regression.sx <> 0
                then (regression.points * regression.sxy - regression.sx * regression.sy)
                    / (regression.points * regression.sxx - regression.sx * regression.sx)
        end', 6) }} as slope_30d,
        last_change.previous_band,
        last_change.changed_on as last_band_change_on,
        cast({{ days_between('coalesce(last_change.changed_on, band_history.first_scored_on)', 'current_rows.score_date') }} + 1 as integer)
            as days_in_band
    from current_rows
    left join past as week_ago
        on current_rows.account_id = week_ago.account_id and week_ago.days_ago = {{ short_span }}
    left join past as month_ago
        on current_rows.account_id = month_ago.account_id and month_ago.days_ago = {{ long_span }}
    left join regression on current_rows.account_id = regression.account_id
    left join last_change on current_rows.account_id = last_change.account_id
    left join band_history on current_rows.account_id = band_history.account_id
),

with_direction as (
    select
        *,
        case
            when slope_30d > {{ dead_band }} then 'up'
            when slope_30d < -{{ dead_band }} then 'down'
            when slope_30d is not null then 'flat'
        end as direction
    from final
)

select
    with_direction.*,
    current_rows.stable_band,
    stable_change.changed_on as stable_band_changed_on,
    cast({{ days_between('coalesce(stable_change.changed_on, band_history.first_scored_on)', 'current_rows.score_date') }} + 1 as integer)
        as days_in_stable_band,
    current_rows.segment_percentile,
    current_rows.baseline_score,
    current_rows.baseline_gap,
    current_rows.primary_metric,
    current_rows.primary_driver_detail
from with_direction
inner join current_rows on with_direction.account_id = current_rows.account_id
left join band_history on with_direction.account_id = band_history.account_id
left join stable_change on with_direction.account_id = stable_change.account_id
