{#-
    The score in the light of its own past, per active account and scored day:

    - held_band_rank: the band after hysteresis. Leaving a band needs the score past the band's
      edge by var('band_hysteresis_points'): below an edge e, the score must fall under
      e - margin to move down, and rise to e + margin or above to move back up. Each edge is a
      latch, set on the last day the score was under e - margin and reset on the last day it was
      at e + margin or above; the held band is the band below every edge whose latch is set
      (1 + the number of set latches, ranks counting down from the best band). A day that starts
      a run of colour-banded days (the first scored day, or after a gap or an insufficient_data
      day) takes the score's own band.
    - stable_band_rank: the held band once it has lasted var('band_min_dwell_days') days in a
      row (the reported band; a run's first day reports at once). Until then the previous stable
      band stays.
    - baseline_score: the median score of the account's colour-banded days in the
      var('baseline_window_days') days before the day (the day itself excluded), when at least
      var('baseline_min_days') of them were scored (rounded to 4 decimals: the median of two
      2-decimal scores has at most 3, and engines add them in different orders); baseline_days
      counts them.

    Incremental by day: a run reads the stored rows of the days just before it (the held and
    stable band of the day before, the scores of the baseline window), so two runs in a row give
    what one run over both ranges gives. Re-scoring a range in the middle of the history leaves
    the later days as they were: re-run from that range to the end to carry a change forward.
-#}
{{ config(**incremental_by_day('score_date')) }}
{% if is_incremental() %}{{ assert_window_built() }}{% endif %}
-- depends_on: {{ ref('int_config__bands') }}
{%- set margin = var('band_hysteresis_points') -%}
{%- set dwell = var('band_min_dwell_days') -%}
{%- set baseline_window = var('baseline_window_days') -%}
{%- set lookback = [baseline_window, dwell] | max -%}
{%- set edges = band_edges() -%}
{%- set double = account_health.type_double() -%}
{%- set string = api.Column.translate_type('string') -%}
{%- set order = 'partition by account_id order by score_date' %}

with banded as (
    select account_id, score_date, health_score, band_rank from {{ ref('int_health__banded') }}
),

-- read only by the incremental branch of `earlier` (sqlfluff lints the full-build SQL: noqa)
window_start as (  -- noqa: ST03
    select min(score_date) as first_day from {{ ref('int_health__score_dates') }}
),

earlier as (
    {%- if is_incremental() %}
    select
        stored.account_id,
        stored.score_date,
        stored.health_score,
        stored.band_rank,
        stored.held_band_rank,
        stored.stable_band_rank
    from {{ this }} as stored
    cross join window_start
    where stored.score_date < window_start.first_day
        and stored.score_date >= {{ add_days('window_start.first_day', -lookback) }}
    {%- else %}
    select
        cast(null as {{ string }}) as account_id,
        cast(null as date) as score_date,
        cast(null as {{ double }}) as health_score,
        cast(null as integer) as band_rank,
        cast(null as integer) as held_band_rank,
        cast(null as integer) as stable_band_rank
    where 1 = 0
    {%- endif %}
),

timeline as (
    select account_id, score_date, health_score, band_rank, held_band_rank as stored_held_rank,
        stable_band_rank as stored_stable_rank, true as is_earlier
    from earlier
    union all
    select account_id, score_date, health_score, band_rank, cast(null as integer), cast(null as integer), false
    from banded
),

sequenced as (
    select
        *,
        {{ days_between("cast('1970-01-01' as date)", 'score_date') }} as day_number,
        band_rank is not null as is_colour,
        {#- a colour day whose day before was not a scored colour day starts a run -#}
        band_rank is not null and (
            coalesce(lag(score_date) over ({{ order }}), score_date) <> {{ add_days('score_date', -1) }}
            or lag(band_rank) over ({{ order }}) is null
        ) as starts_run
    from timeline
),

latched as (
    select
        *,
        {%- for edge in edges %}
        {%- set j = loop.index %}
        {#- edge {{ edge }}: below it are the bands of rank {{ j + 1 }} and worse -#}
        max(case
            when not is_colour then null
            when is_earlier then case when stored_held_rank > {{ j }} then score_date end
            when starts_run then case when band_rank > {{ j }} then score_date end
            when health_score < {{ edge }} - {{ margin }} then score_date
        end) over ({{ order }} rows between unbounded preceding and current row) as set_on_{{ j }},
        max(case
            when not is_colour then null
            when is_earlier then case when stored_held_rank <= {{ j }} then score_date end
            when starts_run then case when band_rank <= {{ j }} then score_date end
            when health_score >= {{ edge }} + {{ margin }} then score_date
        end) over ({{ order }} rows between unbounded preceding and current row) as reset_on_{{ j }}{{ "," if not loop.last }}
        {%- endfor %}
        {%- if edges | length == 0 %}
        1 as no_edges
        {%- endif %}
    from sequenced
),

held as (
    select
        *,
        case when is_colour then 1
            {%- for edge in edges %}
            + case when set_on_{{ loop.index }} is not null
                and (reset_on_{{ loop.index }} is null or set_on_{{ loop.index }} > reset_on_{{ loop.index }}) then 1 else 0 end
            {%- endfor %}
        end as held_rank
    from latched
),

held_runs as (
    select
        *,
        {#- a new run of the held band: the first colour day of a run of days, or another held band than the day before -#}
        case when is_colour and (
            starts_run
            or lag(held_rank) over ({{ order }}) is null
            or lag(held_rank) over ({{ order }}) <> held_rank
        ) then 1 else 0 end as is_run_start
    from held
),

numbered as (
    select
        *,
        sum(is_run_start) over ({{ order }} rows between unbounded preceding and current row) as run_number
    from held_runs
),

runs as (
    select
        *,
        min(case when is_run_start = 1 then day_number end) over (partition by account_id, run_number) as run_first_day,
        {#- a run that starts a run of colour days reports at once (so does one starting on the
            earliest stored day read: it has lasted longer than the dwell by the time it matters) -#}
        max(case when is_run_start = 1 and starts_run then 1 else 0 end)
            over (partition by account_id, run_number) as reports_at_once
    from numbered
),

reported as (
    select
        *,
        {#- the latest day that reported a band, coded day_number * 100 + rank: a stored day
            reports its stored stable band; a day of this run reports its held band once the
            run has lasted the dwell (or at once) -#}
        max(case
            when not is_colour then null
            when is_earlier then day_number * 100 + stored_stable_rank
            when reports_at_once = 1 or day_number - run_first_day + 1 >= {{ dwell }} then day_number * 100 + held_rank
        end) over ({{ order }} rows between unbounded preceding and current row) as reported_code
    from runs
),

baselines as (
    {{ baseline_medians('sequenced', baseline_window) }}
),

final as (
    select
        reported.account_id,
        reported.score_date,
        reported.health_score,
        cast(reported.band_rank as integer) as band_rank,
        cast(reported.held_rank as integer) as held_band_rank,
        cast(case when reported.is_colour then mod(reported.reported_code, 100) end as integer) as stable_band_rank,
        cast(case when baselines.baseline_days >= {{ var('baseline_min_days') }}
            then {{ round_to('baselines.baseline_median', 4) }} end as {{ double }}) as baseline_score,
        cast(coalesce(baselines.baseline_days, 0) as integer) as baseline_days
    from reported
    left join baselines
        on reported.account_id = baselines.account_id
        and reported.score_date = baselines.score_date
    where not reported.is_earlier
)

select * from final
