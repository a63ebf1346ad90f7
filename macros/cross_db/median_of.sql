{#- The median of an expression (the mean of the two middle values when their number is even),
    as an aggregate. On DuckDB and Spark it may also be used over a window frame
    (`{{ median_of('x') }} over (...)`); Postgres has no ordered-set aggregate over a window. -#}
{% macro median_of(expression) -%}
    {{ return(adapter.dispatch('median_of', 'account_health')(expression)) }}
{%- endmacro %}

{% macro default__median_of(expression) -%}
    median({{ expression }})
{%- endmacro %}

{% macro postgres__median_of(expression) -%}
    percentile_cont(0.5) within group (order by {{ expression }})
{%- endmacro %}

{% macro spark__median_of(expression) -%}
    percentile({{ expression }}, 0.5)
{%- endmacro %}
