{#- [lowest, highest] a numeric raw column may hold, from var('raw_value_bounds') in
    dbt_project.yml: the one place the bounds live. Fails the compile when a numeric column has
    none, when low > high, or when an integer column's bounds leave its type's range. -#}
{% macro raw_value_bounds(table_name, column, kind) -%}
    {%- set key = table_name ~ '.' ~ column -%}
    {%- set bounds = var('raw_value_bounds', {}).get(key) -%}
    {%- if bounds is none or bounds | length != 2 -%}
        {{ exceptions.raise_compiler_error("var raw_value_bounds has no [lowest, highest] for the numeric raw column " ~ key ~ ": add it in dbt_project.yml") }}
    {%- endif -%}
    {%- if bounds[0] > bounds[1] -%}
        {{ exceptions.raise_compiler_error("var raw_value_bounds: " ~ key ~ " has lowest " ~ bounds[0] ~ " above highest " ~ bounds[1]) }}
    {%- endif -%}
    {%- if kind == 'integer' and (bounds[0] < -2147483647 or bounds[1] > 2147483647) -%}
        {{ exceptions.raise_compiler_error("var raw_value_bounds: " ~ key ~ " is a whole number stored as a 32-bit integer: keep its bounds within +-2147483647") }}
    {%- endif -%}
    {{ return(bounds) }}
{%- endmacro %}

{#- [first, last] year a raw timestamp or date may fall in (var raw_years). -#}
{% macro raw_years() -%}
    {%- set years = var('raw_years') -%}
    {%- if years | length != 2 or years[0] > years[1] -%}
        {{ exceptions.raise_compiler_error("var raw_years must be [first year, last year], not " ~ years) }}
    {%- endif -%}
    {{ return(years) }}
{%- endmacro %}
