{#- Parse a text value into a double; null when it does not parse. Surrounding spaces are
    ignored. NaN and Infinity do parse: see is_finite() and the raw_value_bounds checks. -#}
{% macro to_number(expression) -%}
    {{ account_health.try_cast_to('trim(' ~ expression ~ ')', account_health.type_double()) }}
{%- endmacro %}
