{#- A text value as a SQL string literal, whatever it holds: quotes are doubled (on Spark,
    which joins 'a' 'b' into one literal, quote and backslash are escaped with a backslash).
    dbt.string_literal does not escape. -#}
{% macro quote_string(value) -%}
    {{ return(adapter.dispatch('quote_string', 'account_health')(value)) }}
{%- endmacro %}

{% macro default__quote_string(value) -%}
    '{{ value | string | replace("'", "''") }}'
{%- endmacro %}

{% macro spark__quote_string(value) -%}
    '{{ value | string | replace("\\", "\\\\") | replace("'", "\\'") }}'
{%- endmacro %}
