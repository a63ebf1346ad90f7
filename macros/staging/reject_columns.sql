{#- The reject_* columns of a base model: the first failed check (reason, detail and, for a
    value check, the column and its raw value), or 'duplicate' (with `duplicate_detail`) for a
    valid row whose key was already seen. -#}
{% macro reject_columns(duplicate_detail) -%}
    coalesce(invalid_reason, case when duplicate_rank > 1 then 'duplicate' end) as reject_reason,
        coalesce(
            invalid_detail, case when duplicate_rank > 1 then '{{ duplicate_detail }}' end
        ) as reject_detail,
        invalid_column as reject_column,
        invalid_value as reject_value
{%- endmacro %}
