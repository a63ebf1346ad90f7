{#- Parse a text value into a UTC timestamp without time zone; null when it does not parse.
    Values that carry a zone or offset are converted to UTC; values without one are UTC.
    Surrounding spaces are ignored. Words some engines read as times ('epoch', 'infinity',
    'now', 'today', ...) are never raw data: they do not parse, on every engine alike. -#}
{% macro to_utc_timestamp(expression) -%}
    {{ return(adapter.dispatch('to_utc_timestamp', 'account_health')(expression)) }}
{%- endmacro %}

{#- The words that never parse as a timestamp (the Postgres helper holds the same list). -#}
{% macro timestamp_words() -%}
    {{ return(['now', 'today', 'tomorrow', 'yesterday', 'epoch', 'infinity', '+infinity', '-infinity', 'allballs']) }}
{%- endmacro %}

{% macro not_a_timestamp_word(expression) -%}
    lower(trim({{ expression }})) not in ('{{ account_health.timestamp_words() | join("', '") }}')
{%- endmacro %}

{% macro default__to_utc_timestamp(expression) -%}
    case when {{ account_health.not_a_timestamp_word(expression) }}
        then {{ account_health.try_cast_to('trim(' ~ expression ~ ')', api.Column.translate_type('timestamp')) }}
    end
{%- endmacro %}

{% macro duckdb__to_utc_timestamp(expression) -%}
    {#- try_cast straight to timestamp drops an offset; going through timestamptz honours it
        (the profile pins the session time zone to UTC). -#}
    case when {{ account_health.not_a_timestamp_word(expression) }}
        then cast(try_cast(trim({{ expression }}) as timestamptz) as timestamp)
    end
{%- endmacro %}

{% macro postgres__to_utc_timestamp(expression) -%}
    {#- the helper trims and refuses the words itself -#}
    ({{ account_health.try_cast_to(expression, 'timestamptz') }} at time zone 'UTC')
{%- endmacro %}
