{#-
    Fails the run when the working tables were built for other days than this run scores.
    The intermediate tables hold one window at a time; an incremental mart that read another
    run's window would delete its days and insert nothing. This happens when an orchestrator
    builds the daily fact alone (say, one Dagster partition without its upstream models).
    Call from an incremental model: {{ assert_window_built() }} (only checked by run and build:
    `dbt compile` of a different window is not an error).
-#}
{% macro assert_window_built() -%}
    {%- set first_day, last_day = score_date_bounds() -%}
    {%- if execute and flags.WHICH in ('run', 'build') and first_day is not none -%}
        {%- set found = run_query(
            "select cast(min(score_date) as " ~ dbt.type_string() ~ "), cast(max(score_date) as "
            ~ dbt.type_string() ~ ") from " ~ ref('int_health__score_dates')
        ) -%}
        {#- agate may read the text back as a date: compare the YYYY-MM-DD text either way -#}
        {%- set built_first = (found.columns[0].values()[0] | string)[:10] -%}
        {%- set built_last = (found.columns[1].values()[0] | string)[:10] -%}
        {%- if built_first != first_day or built_last != last_day -%}
            {{ exceptions.raise_compiler_error(
                "int_health__score_dates holds " ~ built_first ~ " to " ~ built_last ~ " but this run scores "
                ~ first_day ~ " to " ~ last_day ~ ": build the window's intermediate models in the same run "
                ~ "(dbt build --select +" ~ this.identifier ~ ", or materialise the whole health_history asset)"
            ) }}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}
