{#- One value as text in a unit (see metric_display), the same on every engine. -#}
{% macro format_metric_value(value, unit) -%}
    {%- set string = api.Column.translate_type('string') -%}
    {%- if unit == 'share' -%}
        cast(cast({{ account_health.round_to('(' ~ value ~ ') * 100', 0) }} as integer) as {{ string }}) || '%'
    {%- elif unit == 'count' -%}
        cast(cast({{ account_health.round_to(value, 0) }} as integer) as {{ string }})
    {%- elif unit == 'number' -%}
        cast(cast({{ account_health.round_to(value, 1) }} as decimal(18, 1)) as {{ string }})
    {%- elif unit == 'flag' -%}
        case when {{ value }} >= 1 then 'yes' else 'no' end
    {%- else -%}
        {{ exceptions.raise_compiler_error("health_metric_catalog: unit '" ~ unit ~ "' is not one of share, count, number, flag") }}
    {%- endif -%}
{%- endmacro %}
