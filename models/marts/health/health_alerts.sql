{#-
    Health alerts, one row each:
    - band_change: the stable band (the reported band: hysteresis and a minimum dwell, see
      int_health__score_history) differs from the account's stable band the day before
      (direction worse or better; moves into or out of insufficient_data are listed as data
      alerts). A score flapping across a band edge does not raise one alert a day;
    - score_drop: the score is at least var('alert_drop_points') below its highest of the
      previous var('alert_drop_window_days') scored days. One alert per drop: raised on the first
      day the condition holds, not again while it persists. The component that moved most is
      the one whose contribution fell most between the peak day and the alert day.
    from_band and to_band are stable bands; every alert names the day's primary driver down to
    its metric (primary_metric, primary_driver_detail).
-#}
{{ config(**incremental_by_day('score_date')) }}
{#- Incremental by day: a run with a scored range recomputes the alerts of those days only,
    reading the days just before them for the previous band and the recent peak. -#}
{%- set components = health_components() -%}
{%- set double = account_health.type_double() -%}
{%- set drop_points = var('alert_drop_points') -%}
{%- set window = var('alert_drop_window_days') -%}
{%- set first_day, last_day = incremental_days() %}

with history as (
    select
        account_id, score_date, account_name, segment, csm_owner, arr, health_score,
        stable_band as band, stable_band_rank as band_rank, primary_metric, primary_driver_detail,
        {%- for component in components %}
        contribution_{{ component }}{{ "," if not loop.last }}
        {%- endfor %}
    from {{ ref('fct_account_health_daily') }}
    {%- if first_day is not none %}
    where score_date >= {{ add_days("cast('" ~ first_day ~ "' as date)", -(window + 2)) }}
    {%- endif %}
),

sequenced as (
    select
        account_id,
        score_date,
        account_name,
        segment,
        csm_owner,
        arr,
        health_score,
        band,
        band_rank,
        primary_metric,
        primary_driver_detail,
        lag(band) over (partition by account_id order by score_date) as previous_band,
        lag(band_rank) over (partition by account_id order by score_date) as previous_band_rank,
        lag(score_date) over (partition by account_id order by score_date) as previous_score_date,
        max(health_score) over (
            partition by account_id order by score_date
            rows between {{ window }} preceding and 1 preceding
        ) as recent_peak
    from history
),

band_changes as (
    select
        account_id,
        score_date,
        account_name,
        segment,
        csm_owner,
        arr,
        'band_change' as alert_type,
        case
            when band = 'insufficient_data' or previous_band = 'insufficient_data' then 'data'
            when band_rank > previous_band_rank then 'worse'
            else 'better'
        end as direction,
        previous_band as from_band,
        band as to_band,
        health_score,
        cast(null as {{ double }}) as points_dropped,
        cast(null as {{ api.Column.translate_type('string') }}) as component_moved_most,
        primary_metric,
        primary_driver_detail
    from sequenced
    where previous_band is not null
        and band <> previous_band
        and previous_score_date = {{ add_days('score_date', -1) }}
),

drop_flags as (
    select
        *,
        coalesce(recent_peak - health_score >= {{ drop_points }}, false) as is_dropped
    from sequenced
),

drop_starts as (
    select *
    from (
        select
            *,
            lag(is_dropped) over (partition by account_id order by score_date) as was_dropped
        from drop_flags
    ) as flagged
    where is_dropped and not coalesce(was_dropped, false)
),

peaks as (
    {#- the day (latest, if several) the recent peak was scored -#}
    select account_id, alert_date, peak_date
    from (
        select
            drop_starts.account_id,
            drop_starts.score_date as alert_date,
            history.score_date as peak_date,
            row_number() over (
                partition by drop_starts.account_id, drop_starts.score_date
                order by history.score_date desc
            ) as recency
        from drop_starts
        inner join history
            on drop_starts.account_id = history.account_id
            and history.score_date < drop_starts.score_date
            and history.score_date >= {{ add_days('drop_starts.score_date', -window) }}
            and history.health_score = drop_starts.recent_peak
    ) as candidates
    where recency = 1
),

contributions as (
    select
        account_id,
        score_date,
        {%- for component in components %}
        coalesce(contribution_{{ component }}, 0) as contribution_{{ component }}{{ "," if not loop.last }}
        {%- endfor %}
    from history
),

days_compared as (
    {#- the peak day (+1) and the alert day (-1) of each drop, stacked: one join below, so no
        engine is tempted to join the history with itself -#}
    select account_id, alert_date, peak_date as compared_date, 1 as sign from peaks
    union all
    select account_id, alert_date, alert_date, -1 from peaks
),

component_moves as (
    {#- each component's contribution lost between the peak day and the alert day -#}
    select
        days_compared.account_id,
        days_compared.alert_date,
        {%- for component in components %}
        sum(days_compared.sign * contributions.contribution_{{ component }}) as lost_{{ component }}{{ "," if not loop.last }}
        {%- endfor %}
    from days_compared
    inner join contributions
        on days_compared.account_id = contributions.account_id
        and days_compared.compared_date = contributions.score_date
    group by days_compared.account_id, days_compared.alert_date
),

top_moves as (
    {#- the component that lost most (ties: the first in health_components order) -#}
    select
        account_id,
        alert_date,
        case
            {%- for component in components %}
            when true
                {%- for other in components[:loop.index0] %}
                and lost_{{ component }} > lost_{{ other }}
                {%- endfor %}
                {%- for other in components[loop.index:] %}
                and lost_{{ component }} >= lost_{{ other }}
                {%- endfor %}
                then '{{ component }}'
            {%- endfor %}
        end as component
    from component_moves
),

score_drops as (
    select
        drop_starts.account_id,
        drop_starts.score_date,
        drop_starts.account_name,
        drop_starts.segment,
        drop_starts.csm_owner,
        drop_starts.arr,
        'score_drop' as alert_type,
        'worse' as direction,
        drop_starts.previous_band as from_band,
        drop_starts.band as to_band,
        drop_starts.health_score,
        {{ round_to('drop_starts.recent_peak - drop_starts.health_score', 2) }} as points_dropped,
        top_moves.component as component_moved_most,
        drop_starts.primary_metric,
        drop_starts.primary_driver_detail
    from drop_starts
    left join top_moves
        on drop_starts.account_id = top_moves.account_id
        and drop_starts.score_date = top_moves.alert_date
),

final as (
    select * from band_changes
    union all
    select * from score_drops
)

select * from final
where {{ incremental_day_filter('score_date') }}
