{#- A short fingerprint of the whole scoring configuration (weights, thresholds, caps, bands,
    event catalog, severity map, the metrics declared (name, component, direction, measures)
    and every tunable var, see
    health_configuration_vars). Every scored row carries it, so a change of configuration is
    visible in the history and in backtests. -#}
{%- set string = dbt.type_string() -%}
{#- numbers are formatted as numeric(28,6) text, which reads the same on every engine -#}
{%- set num = "cast(cast({} as " ~ dbt.type_numeric() ~ ") as " ~ string ~ ")" -%}
{%- set var_lines = [] -%}
{%- for name in health_configuration_vars() -%}
    {%- do var_lines.append(name ~ '=' ~ tojson(var(name))) -%}
{%- endfor -%}
{%- set vars_text = var_lines | join('|') -%}
{%- set metric_lines = [] -%}
{%- for metric in health_metric_catalog() -%}
    {#- what a metric is, not its SQL: the rendered SQL spells types per engine, and the version
        must read the same on every engine -#}
    {%- do metric_lines.append(metric.name ~ '|' ~ metric.component ~ '|' ~ metric.direction ~ '|' ~ (metric.measures | join(','))) -%}
{%- endfor %}

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
    select 'vars', {{ account_health.quote_string(vars_text) }}
    {%- for line in metric_lines %}
    union all
    select 'metric', {{ account_health.quote_string(line) }}
    {%- endfor %}
),

final as (
    select
        {{ dbt.right(dbt.hash(account_health.sorted_listagg("part || ':' || line", "'|'")), 12) }}
            as config_version
    from config_rows
)

select * from final
