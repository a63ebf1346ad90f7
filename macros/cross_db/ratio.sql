{#- numerator / denominator in double precision on every engine. (A literal such as 1.0 is a
    decimal on Spark and Postgres, where `1.0 * a / b` would round to a few decimals.)
    Both sides are parenthesised, so any expression may be passed and the result composes.
    The caller guards against a zero denominator. -#}
{% macro ratio(numerator, denominator) -%}
    (cast(({{ numerator }}) as {{ account_health.type_double() }}) / ({{ denominator }}))
{%- endmacro %}
