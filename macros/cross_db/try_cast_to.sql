{#- Cast that yields null instead of failing when the value does not parse.
    dbt.safe_cast falls back to a plain cast on adapters that do not implement it (DuckDB among
    them), which would turn one bad raw value into a failed build; this macro never does. -#}
{% macro try_cast_to(expression, data_type) -%}
    {{ return(adapter.dispatch('try_cast_to', 'account_health')(expression, data_type)) }}
{%- endmacro %}

{% macro default__try_cast_to(expression, data_type) -%}
    {{ dbt.safe_cast(expression, data_type) }}
{%- endmacro %}

{% macro duckdb__try_cast_to(expression, data_type) -%}
    try_cast({{ expression }} as {{ data_type }})
{%- endmacro %}
