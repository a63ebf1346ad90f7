{#-
    The daily health fact (SPEC 5): one row per active account and scored day with the seven
    subscores, their effective weights and contributions, coverage, the binding cap and its
    reason, the health score and band, the primary driver, ARR, renewal and the configuration
    version. Bands come from the scheme in var('band_scheme'); below var('min_coverage') the
    band is insufficient_data, never a colour.
-#}
{{ config(**incremental_by_day('score_date')) }}
{#- Incremental by day: a run replaces exactly the days it scores (delete + insert on
    score_date; on Spark, overwrite of the score_date partitions) and leaves every other day
    as it was. A full refresh keeps only the days of that run: pass the whole range. -#}
{% if is_incremental() %}{{ assert_window_built() }}{% endif %}
/* depends_on: {{ ref('int_health__score_dates') }} */

{%- set components = health_components() -%}
{%- set double = account_health.type_double() -%}
{%- set string = api.Column.translate_type('string') -%}

with scored as (
    select * from {{ ref('int_health__scored') }}
),

caps as (
    select * from {{ ref('int_health__caps') }}
),

bands as (
    select * from {{ ref('int_config__bands') }}
),

config_version as (
    select config_version from {{ ref('int_config__version') }}
),

capped as (
    select
        scored.*,
        caps.cap_id,
        caps.cap_score,
        caps.cap_reason,
        caps.triggered_cap_ids,
        {{ round_to(
            'case when caps.cap_score < scored.health_score_uncapped then caps.cap_score else scored.health_score_uncapped end',
            2
        ) }} as health_score,
        coalesce(caps.cap_score < scored.health_score_uncapped, false) as is_capped
    from scored
    left join caps
        on scored.account_id = caps.account_id
        and scored.score_date = caps.score_date
),

banded as (
    select
        capped.*,
        case
            when capped.health_score is null or capped.coverage < {{ var('min_coverage') }}
                then 'insufficient_data'
            else bands.band
        end as band,
        case
            when capped.health_score is null or capped.coverage < {{ var('min_coverage') }} then null
            else bands.band_rank
        end as band_rank
    from capped
    left join bands on {{ band_condition('capped.health_score', 'bands') }}
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
        cast(config_version.config_version as {{ string }}) as config_version
    from banded
    cross join config_version
)

select * from final
