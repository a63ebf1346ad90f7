{#- The checks (see invalid_reason) that set a row aside for a required typed column: absurd
    (out_of_range), not a value of its type (unparseable), or not given (missing_value). -#}
{% macro value_checks(table_name, required, types) -%}
    {%- set checks = [] -%}
    {%- for column in required -%}
        {%- set kind = types[column] -%}
        {%- set detail = value_detail(table_name, column, kind) -%}
        {%- set raw_value = raw_text(column, column ~ '_raw') -%}
        {%- do checks.append((column ~ "_issue = 'out_of_range'", 'out_of_range', detail, column, raw_value)) -%}
        {%- do checks.append((column ~ "_issue = 'unparseable'", 'unparseable', detail, column, raw_value)) -%}
        {%- do checks.append((column ~ " is null", 'missing_value', "'" ~ column ~ " is null'", column, "cast(null as " ~ api.Column.translate_type('string') ~ ")")) -%}
    {%- endfor -%}
    {{ return(checks) }}
{%- endmacro %}
