{#-
    Config for a model that is incremental by day: a run replaces exactly the days it
    processes (delete + insert on `day_column`; on Spark, an overwrite of those day partitions)
    and leaves every other day as it was. Use: {{ config(**incremental_by_day('score_date')) }}
-#}
{% macro incremental_by_day(day_column) -%}
    {%- set spark = target.type in ('spark', 'databricks') -%}
    {{ return({
        'materialized': 'incremental',
        'unique_key': day_column,
        'incremental_strategy': 'insert_overwrite' if spark else 'delete+insert',
        'partition_by': [day_column] if spark else none,
        'file_format': 'parquet' if target.type == 'spark' else none,
        'on_schema_change': 'fail',
    }) }}
{%- endmacro %}

{#-
    The days an incremental run (re)processes, as YYYY-MM-DD strings [first, last]: the scored
    range set by vars (see score_date_bounds). [none, none] on a full build, or when the range is
    not known before the run (no vars: the latest day of data): then every day is processed.
-#}
{% macro incremental_days() -%}
    {%- if not is_incremental() -%}
        {{ return([none, none]) }}
    {%- endif -%}
    {{ return(score_date_bounds()) }}
{%- endmacro %}

{#- A filter keeping the raw rows whose timestamp `expression` falls on the days [first, last],
    with a day's margin either side for time zones; none when first is none. `expression` is the
    parsed timestamp (select_raw passes the stored column itself when it is already a timestamp,
    so the engine can skip row groups, and the parsed text otherwise: never the text as it is,
    which '2026-6-15 10:00:00' or a leading space would put outside the range). -#}
{% macro raw_days_filter(expression, first, last) -%}
    {%- if first is none -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set one_day = modules.datetime.timedelta(days=1) -%}
    {%- set low = (modules.datetime.date.fromisoformat(first) - one_day).isoformat() -%}
    {%- set high = (modules.datetime.date.fromisoformat(last) + one_day + one_day).isoformat() -%}
    {%- set timestamp = api.Column.translate_type('timestamp') -%}
    {{ return(expression ~ " >= cast('" ~ low ~ "' as " ~ timestamp ~ ") and " ~ expression ~ " < cast('" ~ high ~ "' as " ~ timestamp ~ ")") }}
{%- endmacro %}

{#- SQL condition keeping the days an incremental run processes (see incremental_days):
    `column` between them, or a condition that keeps every row on a full build. -#}
{% macro incremental_day_filter(column) -%}
    {%- set first_day, last_day = incremental_days() -%}
    {%- if first_day is none -%}
        1 = 1
    {%- else -%}
        {{ column }} between cast('{{ first_day }}' as date) and cast('{{ last_day }}' as date)
    {%- endif -%}
{%- endmacro %}
