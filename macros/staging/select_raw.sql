{#-
    Select the contract's columns from a raw table, tolerating what real warehouses do:
    - the table may be missing entirely: an empty result with the same columns is returned
      (its components are then "not configured", never zero);
    - optional columns may be absent: they come back as null.
    Columns are returned as text, so a value that does not parse is set aside with a reason
    instead of failing the build. Columns named in `types` come back typed instead:

    columns: list of column names, in the raw contract's spelling.
    types:   optional {column: 'timestamp' | 'date' | 'number' | 'boolean'}. Such a column comes
             back as two: `<column>`, the typed value (null when the text does not parse), and
             `<column>_raw`, the text as it arrived (for rejection details and row keys; read it
             through raw_text(), see below). When the warehouse already stores the column in that
             type (a typed raw table, like the sample generator's), the value is taken as it is:
             parsing 15 M timestamps back from text is the largest cost of the event staging.
    where:   optional filter on the raw columns as they are (used by incremental models to read
             only the days they process); ignored when the table is missing.
-#}
{% macro select_raw(table_name, columns, types=none, where=none) -%}
    {%- set relation = source('raw', table_name) -%}
    {%- set types = types or {} -%}
    {%- for column, kind in types.items() if kind not in ('timestamp', 'date', 'number', 'boolean') -%}
        {{ exceptions.raise_compiler_error("select_raw: column " ~ column ~ " has unknown type '" ~ kind ~ "' (timestamp, date, number, boolean)") }}
    {%- endfor -%}
    {%- set present = {} -%}
    {%- set found = none -%}
    {%- if execute -%}
        {%- set found = adapter.get_relation(
            database=relation.database, schema=relation.schema, identifier=relation.identifier
        ) -%}
        {%- if found is not none -%}
            {%- for column in adapter.get_columns_in_relation(found) -%}
                {%- do present.update({column.name | lower: column}) -%}
            {%- endfor -%}
        {%- endif -%}
    {%- endif -%}
    {%- set text = api.Column.translate_type('string') -%}
    {%- set outputs = [] -%}
    {%- for column in columns -%}
        {%- set raw = present.get(column | lower) -%}
        {%- set quoted = adapter.quote(column) -%}
        {%- if column not in types -%}
            {%- do outputs.append(("cast(" ~ quoted ~ " as " ~ text ~ ")" if raw else "cast(null as " ~ text ~ ")") ~ " as " ~ column) -%}
        {%- elif raw is none -%}
            {%- do outputs.append("cast(null as " ~ raw_type_sql(types[column]) ~ ") as " ~ column) -%}
            {%- do outputs.append("cast(null as " ~ text ~ ") as " ~ column ~ "_raw") -%}
        {%- else -%}
            {%- set native = native_raw_value(quoted, raw, types[column]) -%}
            {%- if native is not none -%}
                {#- typed already: the text is only needed for rows set aside, see raw_text() -#}
                {%- do outputs.append(native ~ " as " ~ column) -%}
                {%- do outputs.append("cast(null as " ~ text ~ ") as " ~ column ~ "_raw") -%}
            {%- else -%}
                {%- set as_text = "cast(" ~ quoted ~ " as " ~ text ~ ")" -%}
                {%- do outputs.append(parse_raw_text(as_text, types[column]) ~ " as " ~ column) -%}
                {%- do outputs.append(as_text ~ " as " ~ column ~ "_raw") -%}
            {%- endif -%}
        {%- endif -%}
    {%- endfor %}
    select
        {{ outputs | join(",\n        ") }}
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

{#- The value of a typed raw column as it arrived, as text: the raw text when the warehouse
    delivered text, else the native value written as text (computed only where it is used, for
    the few rows set aside). `typed` and `raw` are the two columns select_raw returns. -#}
{% macro raw_text(typed, raw) -%}
    coalesce({{ raw }}, cast({{ typed }} as {{ api.Column.translate_type('string') }}))
{%- endmacro %}

{#- SQL type of a select_raw kind (select_raw has checked the kind). -#}
{% macro raw_type_sql(kind) -%}
    {{ return(account_health.type_double() if kind == 'number' else api.Column.translate_type(kind)) }}
{%- endmacro %}

{#- Parse raw text into a select_raw kind (null when it does not parse). -#}
{% macro parse_raw_text(expression, kind) -%}
    {%- if kind == 'timestamp' -%}
        {{ return(account_health.to_utc_timestamp(expression)) }}
    {%- elif kind == 'date' -%}
        {{ return(account_health.to_date(expression)) }}
    {%- elif kind == 'number' -%}
        {{ return(account_health.to_number(expression)) }}
    {%- endif -%}
    {{ return(account_health.to_boolean(expression)) }}
{%- endmacro %}

{#- The column as a value of `kind` when the warehouse stores it natively in a compatible type,
    none otherwise (then it is parsed from text). A timestamp with a time zone is not taken as
    it is: the text path converts it to UTC the one way the contract defines. -#}
{% macro native_raw_value(quoted, column, kind) -%}
    {%- set dtype = column.dtype | lower -%}
    {%- set plain_timestamps = ('timestamp', 'timestamp without time zone', 'timestamp_ntz', 'datetime') -%}
    {%- if kind == 'timestamp' and dtype in plain_timestamps -%}
        {{ return(quoted) }}
    {%- elif kind == 'timestamp' and dtype == 'date' -%}
        {{ return("cast(" ~ quoted ~ " as " ~ api.Column.translate_type('timestamp') ~ ")") }}
    {%- elif kind == 'date' and dtype == 'date' -%}
        {{ return(quoted) }}
    {%- elif kind == 'date' and dtype in plain_timestamps -%}
        {{ return("cast(" ~ quoted ~ " as date)") }}
    {%- elif kind == 'number' and (column.is_float() or column.is_integer() or column.is_numeric()) -%}
        {{ return("cast(" ~ quoted ~ " as " ~ account_health.type_double() ~ ")") }}
    {%- elif kind == 'boolean' and dtype in ('boolean', 'bool') -%}
        {{ return(quoted) }}
    {%- endif -%}
    {{ return(none) }}
{%- endmacro %}
