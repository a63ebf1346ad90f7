{#-
    Select the contract's columns from a raw table, tolerating what real warehouses do:
    - the table may be missing entirely: an empty result with the same columns is returned
      (its components are then "not configured", never zero);
    - optional columns may be absent: they come back as null.
    Columns are returned as text, so a value that does not parse is set aside with a reason
    instead of failing the build. Columns named in `types` come back typed and checked instead:

    columns: list of column names, in the raw contract's spelling.
    types:   optional {column: 'timestamp' | 'date' | 'number' | 'integer' | 'boolean'}. Such a
             column comes back as three:
             `<column>`        the typed value, null unless it parsed AND is plausible: a number
                               finite and within var('raw_value_bounds') (an integer also whole),
                               a timestamp or date within var('raw_years');
             `<column>_raw`    the text as it arrived (for rejection details and row keys; read
                               it through raw_text(), see below);
             `<column>_issue`  why the value was emptied: 'unparseable' (text that is not a
                               value of the type) or 'out_of_range' (NaN, +-Infinity, outside the
                               bounds, a fraction for an integer, a year outside raw_years); null
                               when the value is fine or was not given. The base model sets the
                               row aside (required column, value_checks) or lists the repair
                               (optional column, repair_columns).
             When the warehouse already stores the column in that type (a typed raw table, like
             the sample generator's), the value is taken as it is and only checked: parsing 15 M
             timestamps back from text is the largest cost of the event staging.
    days:    optional [column, first, last] (YYYY-MM-DD, first none: no filter): read only the
             rows whose `column` (a typed timestamp column) falls in [first - 1 day, last + 1 day],
             the days an incremental run processes (see raw_days_filter). The filter applies to
             the parsed value, so a full build and a daily run read the same rows; on a column the
             warehouse stores as a timestamp it applies to the stored column itself, which lets the
             engine skip row groups.
-#}
{% macro select_raw(table_name, columns, types=none, days=none) -%}
    {%- set relation = source('raw', table_name) -%}
    {%- set types = types or {} -%}
    {%- for column, kind in types.items() if kind not in ('timestamp', 'date', 'number', 'integer', 'boolean') -%}
        {{ exceptions.raise_compiler_error("select_raw: column " ~ column ~ " has unknown type '" ~ kind ~ "' (timestamp, date, number, integer, boolean)") }}
    {%- endfor -%}
    {%- if days and days[0] not in types -%}
        {{ exceptions.raise_compiler_error("select_raw: days filters on " ~ days[0] ~ ", which is not a typed column") }}
    {%- endif -%}
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
    {%- set inner = [] -%}
    {%- set outer = [] -%}
    {%- set filters = [] -%}
    {%- for column in columns -%}
        {%- set raw = present.get(column | lower) -%}
        {%- set quoted = adapter.quote(column) -%}
        {%- if column not in types -%}
            {%- do inner.append(("cast(" ~ quoted ~ " as " ~ text ~ ")" if raw else "cast(null as " ~ text ~ ")") ~ " as " ~ column) -%}
            {%- do outer.append(column) -%}
        {%- elif raw is none -%}
            {%- do outer.append("cast(null as " ~ raw_type_sql(types[column]) ~ ") as " ~ column) -%}
            {%- do outer.append("cast(null as " ~ text ~ ") as " ~ column ~ "_raw") -%}
            {%- do outer.append("cast(null as " ~ text ~ ") as " ~ column ~ "_issue") -%}
        {%- else -%}
            {%- set kind = types[column] -%}
            {%- set ok = raw_value_ok(table_name, column, kind, column ~ "__value") -%}
            {%- set native = native_raw_value(quoted, raw, kind) -%}
            {%- if native is not none -%}
                {#- typed already: checked only; the text is built for the rows it empties -#}
                {%- set value = native -%}
                {%- do inner.append(quoted ~ " as " ~ column ~ "__native") -%}
                {%- set raw_sql = "case when " ~ column ~ "__value is not null and not (" ~ ok ~ ") then cast(" ~ column ~ "__native as " ~ text ~ ") end" -%}
                {%- set unparseable = "cast(null as " ~ text ~ ")" -%}
            {%- else -%}
                {%- set as_text = "cast(" ~ quoted ~ " as " ~ text ~ ")" -%}
                {%- set value = parse_raw_text(as_text, kind) -%}
                {%- do inner.append(as_text ~ " as " ~ column ~ "__text") -%}
                {%- set raw_sql = column ~ "__text" -%}
                {%- set unparseable = "case when nullif(trim(" ~ column ~ "__text), '') is not null then 'unparseable' end" -%}
            {%- endif -%}
            {%- do inner.append(value ~ " as " ~ column ~ "__value") -%}
            {%- set checked = "case when " ~ ok ~ " then " ~ column ~ "__value end" -%}
            {%- if kind == 'integer' -%}
                {%- set checked = "cast(" ~ checked ~ " as " ~ api.Column.translate_type('integer') ~ ")" -%}
            {%- endif -%}
            {%- do outer.append(checked ~ " as " ~ column) -%}
            {%- do outer.append(raw_sql ~ " as " ~ column ~ "_raw") -%}
            {%- do outer.append("case when " ~ column ~ "__value is null then " ~ unparseable ~ " when not (" ~ ok ~ ") then 'out_of_range' end as " ~ column ~ "_issue") -%}
            {%- if days and days[0] == column and days[1] is not none -%}
                {%- do filters.append(raw_days_filter(value, days[1], days[2])) -%}
            {%- endif -%}
        {%- endif -%}
    {%- endfor %}
    select
        {{ outer | join(",\n        ") }}
    from (
        select
            {{ (inner or ["1 as no_column"]) | join(",\n            ") }}
        {%- if found is not none %}
        from {{ relation }}
        {%- if filters %}
        where {{ filters | join(" and ") }}
        {%- endif %}
        {%- else %}
        {#- the raw table does not exist: same columns, no rows #}
        where 1 = 0
        {%- endif %}
    ) as raw_rows
{%- endmacro %}

{#- The value of a typed raw column as it arrived, as text: the raw text when the warehouse
    delivered text, else the native value written as text (computed only where it is used, for
    the few rows set aside). `typed` and `raw` are the two columns select_raw returns. -#}
{% macro raw_text(typed, raw) -%}
    coalesce({{ raw }}, cast({{ typed }} as {{ api.Column.translate_type('string') }}))
{%- endmacro %}

{#- SQL type of a select_raw kind (select_raw has checked the kind). -#}
{% macro raw_type_sql(kind) -%}
    {%- if kind == 'number' -%}
        {{ return(account_health.type_double()) }}
    {%- elif kind == 'integer' -%}
        {{ return(api.Column.translate_type('integer')) }}
    {%- endif -%}
    {{ return(api.Column.translate_type(kind)) }}
{%- endmacro %}

{#- Parse raw text into a select_raw kind (null when it does not parse). -#}
{% macro parse_raw_text(expression, kind) -%}
    {%- if kind == 'timestamp' -%}
        {{ return(account_health.to_utc_timestamp(expression)) }}
    {%- elif kind == 'date' -%}
        {{ return(account_health.to_date(expression)) }}
    {%- elif kind in ('number', 'integer') -%}
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
    {%- elif kind in ('number', 'integer') and (column.is_float() or column.is_integer() or column.is_numeric()) -%}
        {{ return("cast(" ~ quoted ~ " as " ~ account_health.type_double() ~ ")") }}
    {%- elif kind == 'boolean' and dtype in ('boolean', 'bool') -%}
        {{ return(quoted) }}
    {%- endif -%}
    {{ return(none) }}
{%- endmacro %}
