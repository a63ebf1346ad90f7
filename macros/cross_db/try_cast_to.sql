{#- Cast that yields null instead of failing when the value does not parse.
    dbt.safe_cast falls back to a plain cast on adapters that do not implement it (DuckDB and
    Postgres among them), which would turn one bad raw value into a failed build. -#}
{% macro try_cast_to(expression, data_type) -%}
    {{ return(adapter.dispatch('try_cast_to', 'account_health')(expression, data_type)) }}
{%- endmacro %}

{% macro default__try_cast_to(expression, data_type) -%}
    {{ dbt.safe_cast(expression, data_type) }}
{%- endmacro %}

{% macro duckdb__try_cast_to(expression, data_type) -%}
    try_cast({{ expression }} as {{ data_type }})
{%- endmacro %}

{% macro spark__try_cast_to(expression, data_type) -%}
    try_cast({{ expression }} as {{ data_type }})
{%- endmacro %}

{% macro postgres__try_cast_to(expression, data_type) -%}
    {#- Postgres has no try_cast: helper functions created by the on-run-start hook
        (macro create_try_cast_functions) catch the conversion error and return null. -#}
    {%- set kind = data_type | lower -%}
    {%- if 'timestamp' in kind -%}
        {{ target.schema }}.health_try_timestamptz(cast({{ expression }} as text))
    {%- elif 'double' in kind or 'float' in kind or 'numeric' in kind -%}
        {{ target.schema }}.health_try_double(cast({{ expression }} as text))
    {%- else -%}
        {{ exceptions.raise_compiler_error("postgres__try_cast_to has no helper for type " ~ data_type) }}
    {%- endif -%}
{%- endmacro %}
