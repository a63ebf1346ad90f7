{#- The date data was loaded "as of": rows dated after it are in the future and set aside.
    var('load_date') when given (tests, backfills), otherwise the day the run started (UTC). -#}
{% macro load_date() -%}
    {%- set value = var('load_date', none) or run_started_at.strftime('%Y-%m-%d') -%}
    cast('{{ value }}' as date)
{%- endmacro %}
