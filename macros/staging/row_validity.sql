{#-
    The two columns every base model ends with, from an ordered list of checks.
    checks: list of (condition, reason_code, detail_sql) tuples; the first that holds wins.
    A row that passes every check but repeats the key of an earlier valid row is a duplicate
    (duplicate_rank > 1). Reason codes: null_key, unparseable, unknown_account, unknown_value,
    out_of_range, in_future, before_account_created, inconsistent, duplicate.
-#}
{% macro invalid_reason(checks) -%}
    case
        {%- for condition, reason, detail in checks %}
        when {{ condition }} then '{{ reason }}'
        {%- endfor %}
    end
{%- endmacro %}

{% macro invalid_detail(checks) -%}
    case
        {%- for condition, reason, detail in checks %}
        when {{ condition }} then {{ detail }}
        {%- endfor %}
    end
{%- endmacro %}
