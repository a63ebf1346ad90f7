{#- The reject_reason and reject_detail columns of a base model: the first failed check, or
    'duplicate' (with `duplicate_detail`) for a valid row whose key was already seen. -#}
{% macro reject_columns(duplicate_detail) -%}
    coalesce(invalid_reason, case when duplicate_rank > 1 then 'duplicate' end) as reject_reason,
        coalesce(
            invalid_detail, case when duplicate_rank > 1 then '{{ duplicate_detail }}' end
        ) as reject_detail
{%- endmacro %}
