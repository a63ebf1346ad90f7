{#-
    The daily health fact: one row per active account and scored day with the seven
    subscores, their effective weights and contributions, coverage, the binding cap and its
    reason, the health score and band (int_health__banded), the primary driver, ARR, renewal and
    the configuration version; then the score in context: the stable band (the band after
    hysteresis and a minimum dwell, int_health__score_history), the score's percentile within
    its segment that day, the gap to the account's own baseline, and the metric the primary
    driver comes down to (health_metric_points).
-#}
{{ config(**incremental_by_day('score_date')) }}
{#- Incremental by day: a run replaces exactly the days it scores (delete + insert on
    score_date; on Spark, overwrite of the score_date partitions) and leaves every other day
    as it was. A full refresh keeps only the days of that run: pass the whole range. -#}
{% if is_incremental() %}{{ assert_window_built() }}{% endif %}

{%- set components = health_components() -%}
{%- set double = account_health.type_double() -%}
{%- set string = api.Column.translate_type('string') -%}

with banded as (
    select * from {{ ref('int_health__banded') }}
),

score_dates as (
    select score_date from {{ ref('int_health__score_dates') }}
),

score_history as (
    select score_history.*
    from {{ ref('int_health__score_history') }} as score_history
    inner join score_dates on score_history.score_date = score_dates.score_date
),

primary_metrics as (
    select
        metric_points.account_id,
        metric_points.score_date,
        metric_points.metric,
        metric_points.metric_value,
        metric_points.metric_score,
        metric_points.points_lost
    from {{ ref('health_metric_points') }} as metric_points
    inner join score_dates on metric_points.score_date = score_dates.score_date
    where metric_points.is_primary_metric
),

bands as (
    select * from {{ ref('int_config__bands') }}
),

config_version as (
    select config_version from {{ ref('int_config__version') }}
),

{#- the score's place among its segment's colour-banded accounts that day: 0 = the lowest,
    100 = the highest (ties share the lower place) -#}
percentiles as (
    select
        account_id,
        score_date,
        100 * percent_rank() over (partition by score_date, segment order by health_score) as segment_percentile
    from banded
    where band_rank is not null
),

final as (
    select
        banded.account_id,
        banded.score_date,
        banded.account_name,
        banded.segment,
        banded.scorecard,
        banded.csm_owner,
        cast(banded.arr as {{ double }}) as arr,
        cast(banded.seats as integer) as seats,
        banded.renewal_date,
        cast(banded.days_to_renewal as integer) as days_to_renewal,
        cast(banded.health_score as {{ double }}) as health_score,
        banded.band,
        cast(banded.band_rank as integer) as band_rank,
        cast(banded.health_score_uncapped as {{ double }}) as health_score_uncapped,
        cast(banded.coverage as {{ double }}) as coverage,
        banded.is_capped,
        cast(banded.cap_score as {{ double }}) as cap_score,
        banded.cap_id,
        banded.cap_reason,
        banded.triggered_cap_ids,
        banded.primary_driver,
        cast(banded.primary_driver_points_lost as {{ double }}) as primary_driver_points_lost,
        {%- for component in components %}
        cast(banded.{{ component }}_subscore as {{ double }}) as {{ component }}_subscore,
        {%- endfor %}
        {%- for component in components %}
        cast(banded.effective_weight_{{ component }} as {{ double }}) as effective_weight_{{ component }},
        {%- endfor %}
        {%- for component in components %}
        cast(banded.contribution_{{ component }} as {{ double }}) as contribution_{{ component }},
        {%- endfor %}
        cast(config_version.config_version as {{ string }}) as config_version,
        case when banded.band_rank is null then banded.band else stable_bands.band end as stable_band,
        cast(score_history.stable_band_rank as integer) as stable_band_rank,
        cast({{ round_to('percentiles.segment_percentile', 2) }} as {{ double }}) as segment_percentile,
        cast(score_history.baseline_score as {{ double }}) as baseline_score,
        cast({{ round_to('banded.health_score - score_history.baseline_score', 4) }} as {{ double }}) as baseline_gap,
        cast(primary_metrics.metric as {{ string }}) as primary_metric,
        cast(primary_metrics.metric_value as {{ double }}) as primary_metric_value,
        cast(primary_metrics.metric_score as {{ double }}) as primary_metric_score,
        cast(primary_metrics.points_lost as {{ double }}) as primary_metric_points_lost,
        cast(banded.primary_driver || ' <- ' || {{ metric_display('primary_metrics.metric', 'primary_metrics.metric_value') }} as {{ string }})
            as primary_driver_detail
    from banded
    cross join config_version
    left join score_history
        on banded.account_id = score_history.account_id
        and banded.score_date = score_history.score_date
    left join bands as stable_bands on score_history.stable_band_rank = stable_bands.band_rank
    left join percentiles
        on banded.account_id = percentiles.account_id
        and banded.score_date = percentiles.score_date
    left join primary_metrics
        on banded.account_id = primary_metrics.account_id
        and banded.score_date = primary_metrics.score_date
)

select * from final
