{#- For each optional typed column (in `types`, not in `required`) of a kept row whose value
    select_raw emptied: `repaired__<column>` (the reason), `repaired__<column>__raw` (the raw
    value) and `repaired__<column>__detail`. stg_raw__rejected_rows lists one repaired row per
    such column: a row may carry several repairs. Rows set aside list their rejection only. -#}
{% macro repair_columns(table_name, types, required) -%}
    {%- set outputs = [] -%}
    {%- for column, kind in types.items() if column not in required -%}
        {%- set kept = "invalid_reason is null and duplicate_rank = 1 and " ~ column ~ "_issue is not null" -%}
        {%- do outputs.append("case when " ~ kept ~ " then " ~ column ~ "_issue end as repaired__" ~ column) -%}
        {%- do outputs.append("case when " ~ kept ~ " then " ~ raw_text(column, column ~ '_raw') ~ " end as repaired__" ~ column ~ "__raw") -%}
        {%- do outputs.append("case when " ~ kept ~ " then " ~ value_detail(table_name, column, kind) ~ " end as repaired__" ~ column ~ "__detail") -%}
    {%- endfor -%}
    {{ return(outputs | join(",\n        ")) }}
{%- endmacro %}

{#- The columns a base model lists repairs for (its repaired__<column> columns), read from the
    built table: the base model's `types` and `required` are the one place they are declared. -#}
{% macro repaired_columns(relation) -%}
    {%- set found = [] -%}
    {%- if execute -%}
        {%- for column in adapter.get_columns_in_relation(relation) -%}
            {%- set name = column.name | lower -%}
            {%- if name.startswith('repaired__') and not name.endswith('__raw') and not name.endswith('__detail') -%}
                {%- do found.append(name[10:]) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(found) }}
{%- endmacro %}
