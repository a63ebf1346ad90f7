{#- An 8-byte floating point type. (dbt's type_float renders FLOAT, which is single precision
    on DuckDB: scores would lose digits.) -#}
{% macro type_double() -%}
    {{ return(adapter.dispatch('type_double', 'account_health')()) }}
{%- endmacro %}

{% macro default__type_double() -%}double precision{%- endmacro %}

{% macro duckdb__type_double() -%}double{%- endmacro %}

{% macro spark__type_double() -%}double{%- endmacro %}

{% macro bigquery__type_double() -%}float64{%- endmacro %}
