{#- Parse a text value into a double; null when it does not parse. -#}
{% macro to_number(expression) -%}
    {{ account_health.try_cast_to(expression, account_health.type_double()) }}
{%- endmacro %}
