{#-
    Select the contract's columns from a raw table, tolerating what real warehouses do:
    - the table may be missing entirely: an empty result with the same columns is returned
      (its components are then "not configured", never zero);
    - optional columns may be absent: they come back as null.
    Every column is returned as text; staging models cast it with try_cast_to, so a value that
    does not parse is set aside with a reason instead of failing the build.

    columns: list of column names, in the raw contract's spelling.
    where: optional filter on the raw columns as they are (used by incremental models to read
           only the days they process); ignored when the table is missing.
-#}
{% macro select_raw(table_name, columns, where=none) -%}
    {%- set relation = source('raw', table_name) -%}
    {%- set present = [] -%}
    {%- set found = none -%}
    {%- if execute -%}
        {%- set found = adapter.get_relation(
            database=relation.database, schema=relation.schema, identifier=relation.identifier
        ) -%}
        {%- if found is not none -%}
            {%- for column in adapter.get_columns_in_relation(found) -%}
                {%- do present.append(column.name | lower) -%}
            {%- endfor -%}
        {%- endif -%}
    {%- endif %}
    select
        {%- for column in columns %}
        {% if column | lower in present -%}
            cast({{ adapter.quote(column) }} as {{ api.Column.translate_type('string') }})
        {%- else -%}
            cast(null as {{ api.Column.translate_type('string') }})
        {%- endif %} as {{ column }}{{ "," if not loop.last }}
        {%- endfor %}
    {%- if found is not none %}
    from {{ relation }}
    {%- if where %}
    where {{ where }}
    {%- endif %}
    {%- else %}
    {#- the raw table does not exist: same columns, no rows #}
    where 1 = 0
    {%- endif %}
{%- endmacro %}
