{#- SQL condition: the parsed value `value` of a typed raw column is plausible (see select_raw).
    Never null for a non-null value. -#}
{% macro raw_value_ok(table_name, column, kind, value) -%}
    {%- if kind in ('timestamp', 'date') -%}
        {%- set years = raw_years() -%}
        {%- set sql_type = api.Column.translate_type('timestamp') if kind == 'timestamp' else 'date' -%}
        {{ return("(" ~ value ~ " >= cast('" ~ years[0] ~ "-01-01' as " ~ sql_type ~ ") and " ~ value ~ " < cast('" ~ (years[1] + 1) ~ "-01-01' as " ~ sql_type ~ "))") }}
    {%- elif kind in ('number', 'integer') -%}
        {%- set bounds = raw_value_bounds(table_name, column, kind) -%}
        {%- set within = account_health.is_finite(value) ~ " and " ~ value ~ " >= " ~ bounds[0] ~ " and " ~ value ~ " <= " ~ bounds[1] -%}
        {%- if kind == 'integer' -%}
            {#- floor() only of a finite value within bounds (an infinity overflows it on some engines) -#}
            {{ return("(case when " ~ within ~ " then " ~ value ~ " = floor(" ~ value ~ ") else false end)") }}
        {%- endif -%}
        {{ return("(" ~ within ~ ")") }}
    {%- endif -%}
    {{ return("(1 = 1)") }}
{%- endmacro %}

{#- What a value of the column may be, in words, for the detail of a row set aside or repaired. -#}
{% macro raw_value_allowed(table_name, column, kind) -%}
    {%- if kind in ('timestamp', 'date') -%}
        {%- set years = raw_years() -%}
        {{ return("a " ~ kind ~ " in the years " ~ years[0] ~ " to " ~ years[1]) }}
    {%- elif kind in ('number', 'integer') -%}
        {%- set bounds = raw_value_bounds(table_name, column, kind) -%}
        {{ return(("a whole number" if kind == 'integer' else "a number") ~ " from " ~ bounds[0] ~ " to " ~ bounds[1]) }}
    {%- endif -%}
    {{ return("true or false") }}
{%- endmacro %}

{#- "column=raw value (expected ...)" for a typed column whose value select_raw emptied. -#}
{% macro value_detail(table_name, column, kind) -%}
    {{ dbt.concat([
        quote_detail(column, raw_text(column, column ~ '_raw')),
        "' (expected " ~ raw_value_allowed(table_name, column, kind) ~ ")'"
    ]) }}
{%- endmacro %}
