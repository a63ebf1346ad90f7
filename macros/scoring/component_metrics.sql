{#-
    The `metrics` CTE of a component model: one column per metric the catalog declares for the
    component (health_metric_catalog), computed from a CTE named `signals` that holds
    account_id, score_date, scorecard and every column the metrics' SQL reads. A metric whose
    `when` does not hold is null (no data), never 0. Checks the declaration as it renders: a
    metric must name a known direction and measures the windows model computes.
-#}
{% macro component_metrics(component) -%}
    {%- set known_measures = health_window_measures() | map(attribute='name') | list -%}
    {%- set metrics = health_metric_catalog() | selectattr('component', 'equalto', component) | list -%}
    {%- if metrics | length == 0 -%}
        {{ exceptions.raise_compiler_error("component " ~ component ~ " has no metric in health_metric_catalog") }}
    {%- endif -%}
    {%- for metric in metrics -%}
        {%- if metric.direction not in ('higher_is_better', 'lower_is_better') -%}
            {{ exceptions.raise_compiler_error("health_metric_catalog: metric " ~ metric.name ~ " has direction '" ~ metric.direction ~ "' (higher_is_better or lower_is_better)") }}
        {%- endif -%}
        {%- for measure in metric.measures if measure not in known_measures -%}
            {{ exceptions.raise_compiler_error("health_metric_catalog: metric " ~ metric.name ~ " reads measure '" ~ measure ~ "', which health_window_measures does not declare") }}
        {%- endfor -%}
    {%- endfor -%}
metrics as (
    select
        account_id,
        score_date,
        scorecard,
        {%- for metric in metrics %}
        {%- if metric.get('when') %}
        case when {{ metric.when }} then {{ metric.sql }} end as {{ metric.name }}{{ "," if not loop.last }}
        {%- else %}
        {{ metric.sql }} as {{ metric.name }}{{ "," if not loop.last }}
        {%- endif %}
        {%- endfor %}
    from signals
),
{%- endmacro %}
