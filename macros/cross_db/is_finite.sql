{#- True when a double is a finite number: false for NaN, Infinity and -Infinity (each engine
    spells them differently, and NaN compares as the largest value on some). -#}
{% macro is_finite(expression) -%}
    {{ return(adapter.dispatch('is_finite', 'account_health')(expression)) }}
{%- endmacro %}

{#- IEEE arithmetic: x - x is 0 for a finite x, NaN for NaN and for an infinity. -#}
{% macro default__is_finite(expression) -%}
    ({{ expression }} - {{ expression }} = 0)
{%- endmacro %}

{% macro duckdb__is_finite(expression) -%}
    isfinite({{ expression }})
{%- endmacro %}

{% macro postgres__is_finite(expression) -%}
    ({{ expression }} not in (cast('NaN' as double precision), cast('Infinity' as double precision), cast('-Infinity' as double precision)))
{%- endmacro %}

{% macro spark__is_finite(expression) -%}
    (not isnan({{ expression }}) and abs({{ expression }}) != cast('Infinity' as double))
{%- endmacro %}
