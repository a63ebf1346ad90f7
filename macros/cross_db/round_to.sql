{#- Round a double to `digits` decimals on every engine (Postgres only rounds numerics). -#}
{% macro round_to(expression, digits) -%}
    cast(round(cast({{ expression }} as {{ dbt.type_numeric() }}), {{ digits }}) as {{ account_health.type_double() }})
{%- endmacro %}
