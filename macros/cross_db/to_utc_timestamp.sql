{#- Parse a text value into a UTC timestamp without time zone; null when it does not parse.
    Values that carry a zone or offset are converted to UTC; values without one are UTC. -#}
{% macro to_utc_timestamp(expression) -%}
    {{ return(adapter.dispatch('to_utc_timestamp', 'account_health')(expression)) }}
{%- endmacro %}

{% macro default__to_utc_timestamp(expression) -%}
    {{ account_health.try_cast_to(expression, api.Column.translate_type('timestamp')) }}
{%- endmacro %}

{% macro duckdb__to_utc_timestamp(expression) -%}
    {#- try_cast straight to timestamp drops an offset; going through timestamptz honours it
        (the profile pins the session time zone to UTC). -#}
    cast(try_cast({{ expression }} as timestamptz) as timestamp)
{%- endmacro %}

{% macro postgres__to_utc_timestamp(expression) -%}
    ({{ account_health.try_cast_to(expression, 'timestamptz') }} at time zone 'UTC')
{%- endmacro %}
