{#- A date `n` days after `date_expression` (n may be negative or a column). Returns a date. -#}
{% macro add_days(date_expression, n) -%}
    cast({{ dbt.dateadd('day', n, date_expression) }} as date)
{%- endmacro %}
