{#- Parse a text value into a date (null when it does not parse). A timestamp keeps its UTC day. -#}
{% macro to_date(expression) -%}
    cast({{ account_health.to_utc_timestamp(expression) }} as date)
{%- endmacro %}
