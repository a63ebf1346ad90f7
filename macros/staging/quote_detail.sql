{#- "column=value" text for a rejected row's detail, showing null explicitly. -#}
{% macro quote_detail(label, expression) -%}
    {{ dbt.concat(["'" ~ label ~ "='", "coalesce(cast(" ~ expression ~ " as " ~ api.Column.translate_type('string') ~ "), 'null')"]) }}
{%- endmacro %}
