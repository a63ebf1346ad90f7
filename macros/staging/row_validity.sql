{#-
    The columns every base model computes from an ordered list of checks.
    checks: list of (condition, reason_code, detail_sql[, column, raw_value_sql]) tuples; the
    first that holds wins. The optional last two name the offending column and its raw value
    (value_checks fills them). A row that passes every check but repeats the key of an earlier
    valid row is a duplicate (duplicate_rank > 1). Reason codes: null_key, missing_value,
    unparseable, unknown_account, unknown_value, out_of_range, in_future,
    before_account_created, inconsistent, duplicate.
-#}
{% macro invalid_reason(checks) -%}
    case
        {%- for check in checks %}
        when {{ check[0] }} then '{{ check[1] }}'
        {%- endfor %}
    end
{%- endmacro %}

{% macro invalid_detail(checks) -%}
    case
        {%- for check in checks %}
        when {{ check[0] }} then {{ check[2] }}
        {%- endfor %}
    end
{%- endmacro %}

{#- The offending column of the first failed check (null when the check names none). -#}
{% macro invalid_column(checks) -%}
    case
        {%- for check in checks %}
        when {{ check[0] }} then {{ "'" ~ check[3] ~ "'" if check | length > 3 else "cast(null as " ~ api.Column.translate_type('string') ~ ")" }}
        {%- endfor %}
    end
{%- endmacro %}

{#- The offending raw value of the first failed check (null when the check names none). -#}
{% macro invalid_value(checks) -%}
    case
        {%- for check in checks %}
        when {{ check[0] }} then {{ check[4] if check | length > 4 else "cast(null as " ~ api.Column.translate_type('string') ~ ")" }}
        {%- endfor %}
    end
{%- endmacro %}

{#- All four, for the `checked` step of a base model. -#}
{% macro validity_columns(checks) -%}
    {{ invalid_reason(checks) }} as invalid_reason,
        {{ invalid_detail(checks) }} as invalid_detail,
        {{ invalid_column(checks) }} as invalid_column,
        {{ invalid_value(checks) }} as invalid_value
{%- endmacro %}
