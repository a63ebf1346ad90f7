{#- A short fingerprint of the whole scoring configuration (weights, thresholds, caps, bands,
    event catalog, severity map and the scoring vars). Every scored row carries it, so a change of
    configuration is visible in the history and in backtests. -#}
{%- set string = dbt.type_string() -%}
{%- set vars_text = [
    var('band_scheme'), var('min_coverage'), var('usage_window_days'),
    var('support_window_days'), var('commercial_window_days'), var('sentiment_window_days'),
    var('champion_window_days'), var('csm_assessment_valid_days'), var('default_term_months')
] | join('|') -%}

with config_rows as (
    select 'weights' as part, segment || '|' || component || '|' || cast(weight as {{ string }}) as line
    from {{ ref('scoring_weights') }}
    union all
    select 'thresholds', metric || '|' || segment || '|' || cast(low as {{ string }}) || '|'
        || cast(high as {{ string }}) || '|' || coalesce(cast(weight as {{ string }}), '')
    from {{ ref('metric_thresholds') }}
    union all
    select 'caps', cap_id || '|' || metric || '|' || operator || '|' || cast(threshold as {{ string }})
        || '|' || cast(cap_score as {{ string }})
    from {{ ref('score_caps') }}
    union all
    select 'bands', scheme || '|' || band || '|' || cast(min_score as {{ string }}) || '|'
        || cast(max_score as {{ string }})
    from {{ ref('score_bands') }}
    union all
    select 'events', event_name || '|' || feature || '|' || cast(is_core_action as {{ string }})
        || '|' || cast(is_value_event as {{ string }})
    from {{ ref('event_catalog') }}
    union all
    select 'severity', cast(raw_value as {{ string }}) || '|' || cast(severity as {{ string }})
        || '|' || cast(first_response_sla_hours as {{ string }})
    from {{ ref('support_severity') }}
    union all
    select 'vars', '{{ vars_text }}'
),

final as (
    select
        {{ dbt.right(dbt.hash(dbt.listagg("part || ':' || line", "'\\n'", "order by part, line")), 12) }}
            as config_version
    from config_rows
)

select * from final
