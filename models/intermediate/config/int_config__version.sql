{#- A short fingerprint of the whole scoring configuration (weights, thresholds, caps, bands,
    event catalog, severity map and the scoring vars). Every scored row carries it, so a change of
    configuration is visible in the history and in backtests. -#}
{%- set string = dbt.type_string() -%}
{#- numbers are formatted as numeric(28,6) text, which reads the same on every engine -#}
{%- set num = "cast(cast({} as " ~ dbt.type_numeric() ~ ") as " ~ string ~ ")" -%}
{%- set vars_text = [
    var('band_scheme'), var('min_coverage'), var('usage_window_days'),
    var('support_window_days'), var('commercial_window_days'), var('sentiment_window_days'),
    var('champion_window_days'), var('csm_assessment_valid_days'), var('default_term_months')
] | join('|') -%}

with config_rows as (
    select 'weights' as part, segment || '|' || component || '|' || {{ num.format('weight') }} as line
    from {{ ref('scoring_weights') }}
    union all
    select 'thresholds', metric || '|' || segment || '|' || {{ num.format('low') }} || '|'
        || {{ num.format('high') }} || '|' || coalesce({{ num.format('weight') }}, '')
    from {{ ref('metric_thresholds') }}
    union all
    select 'caps', cap_id || '|' || metric || '|' || operator || '|' || {{ num.format('threshold') }}
        || '|' || {{ num.format('cap_score') }}
    from {{ ref('score_caps') }}
    union all
    select 'bands', scheme || '|' || band || '|' || {{ num.format('min_score') }} || '|'
        || {{ num.format('max_score') }}
    from {{ ref('score_bands') }}
    union all
    select 'events', event_name || '|' || feature || '|'
        || case when is_core_action then 'core' else '' end || '|'
        || case when is_value_event then 'value' else '' end
    from {{ ref('event_catalog') }}
    union all
    select 'severity', cast(raw_value as {{ string }}) || '|' || {{ num.format('severity') }}
        || '|' || {{ num.format('first_response_sla_hours') }}
    from {{ ref('support_severity') }}
    union all
    select 'vars', '{{ vars_text }}'
),

final as (
    select
        {{ dbt.right(dbt.hash(account_health.sorted_listagg("part || ':' || line", "'|'")), 12) }}
            as config_version
    from config_rows
)

select * from final
