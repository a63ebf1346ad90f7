{#- The metric catalog (macros/scoring/catalog/health_metric_catalog.sql) as rows: one per
    metric, with its component, direction, description, the window measures it reads with their
    windows, and the SQL it is computed with. What Python, the docs and BI read instead of a copy. -#}
{%- set string = api.Column.translate_type('string') -%}
{%- set components = health_components() -%}
{%- set measure_windows = {} -%}
{%- for measure in health_window_measures() -%}
    {%- do measure_windows.update({measure.name: measure.window}) -%}
{%- endfor -%}

with catalog as (
    {%- for metric in health_metric_catalog() %}
    {%- set windows = [] -%}
    {%- for measure in metric.measures -%}
        {%- set window = measure_windows.get(measure) -%}
        {%- if window and (window ~ '=' ~ var(window)) not in windows -%}
            {%- do windows.append(window ~ '=' ~ var(window)) -%}
        {%- endif -%}
    {%- endfor %}
    select
        {{ account_health.quote_string(metric.name) }} as metric,
        {{ account_health.quote_string(metric.component) }} as component,
        {{ components.index(metric.component) + 1 }} as component_order,
        {{ loop.index }} as metric_order,
        {{ account_health.quote_string(metric.direction) }} as direction,
        {{ account_health.quote_string(metric.description) }} as description,
        {{ account_health.quote_string(metric.measures | join(', ')) }} as measures,
        {{ account_health.quote_string(windows | join(', ')) }} as windows,
        {{ account_health.quote_string(('case when ' ~ metric.when ~ ' then ' ~ metric.sql ~ ' end') if metric.get('when') else metric.sql) }} as definition_sql
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

final as (
    select
        cast(metric as {{ string }}) as metric,
        cast(component as {{ string }}) as component,
        cast(component_order as integer) as component_order,
        cast(metric_order as integer) as metric_order,
        cast(direction as {{ string }}) as direction,
        cast(description as {{ string }}) as description,
        cast(measures as {{ string }}) as measures,
        cast(windows as {{ string }}) as windows,
        cast(definition_sql as {{ string }}) as definition_sql
    from catalog
)

select * from final
