{#- A date `n` calendar months after `date_expression` (n may be a column). Returns a date. -#}
{% macro add_months(date_expression, n) -%}
    cast({{ dbt.dateadd('month', n, date_expression) }} as date)
{%- endmacro %}
