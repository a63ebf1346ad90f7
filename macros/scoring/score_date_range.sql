{#-
    The first and last day to score, as SQL date literals, from vars score_start_date and
    score_end_date, or else the environment variables HEALTH_SCORE_START_DATE and
    HEALTH_SCORE_END_DATE (the orchestration uses those: a change of --vars makes dbt re-parse
    the whole project, a changed environment variable only the few files that read it).
    Returns none for both when they are not set: the models then score the latest day of data
    (see int_health__score_dates).
-#}
{% macro score_date_bounds() -%}
    {#- [start, end] as YYYY-MM-DD strings. With both vars: exactly that range. With only an end
        date: it and the late_data_lookback_days before it. With neither: [none, none], and
        int_health__score_dates takes the latest day of data and the lookback before it. -#}
    {%- set start = var('score_start_date', none) -%}
    {%- set end = var('score_end_date', none) -%}
    {%- if start is none and end is none -%}
        {#- vars win as a pair: the environment is read only when neither var is given -#}
        {%- set start = env_var('HEALTH_SCORE_START_DATE', '') or none -%}
        {%- set end = env_var('HEALTH_SCORE_END_DATE', '') or none -%}
    {%- endif -%}
    {%- if end is none and start is none -%}
        {{ return([none, none]) }}
    {%- endif -%}
    {%- set end = (end or start) | string -%}
    {%- if start is none -%}
        {%- set end_day = modules.datetime.date.fromisoformat(end) -%}
        {%- set start = (end_day - modules.datetime.timedelta(days=var('late_data_lookback_days'))).isoformat() -%}
    {%- endif -%}
    {%- set start = start | string -%}
    {%- if start > end -%}
        {{ exceptions.raise_compiler_error("score_start_date " ~ start ~ " is after score_end_date " ~ end) }}
    {%- endif -%}
    {{ return([start, end]) }}
{%- endmacro %}

{#- The same range as SQL date literals, or [none, none]. -#}
{% macro score_date_range() -%}
    {%- set start, end = score_date_bounds() -%}
    {%- if start is none -%}
        {{ return([none, none]) }}
    {%- endif -%}
    {{ return(["cast('" ~ start ~ "' as date)", "cast('" ~ end ~ "' as date)"]) }}
{%- endmacro %}

{#- How many days before the first scored day the windows reach back (the widest window). -#}
{% macro lookback_days() -%}
    {{ return([2 * var('usage_window_days'), var('support_window_days'), var('commercial_window_days'),
               var('sentiment_window_days'), var('champion_window_days'), var('value_lookback_days')] | max) }}
{%- endmacro %}

{#- How many days the scored range spans (a safe upper bound when it is not set by vars). -#}
{% macro score_days_count() -%}
    {%- set start, end = score_date_bounds() -%}
    {%- if start is none -%}
        {{ return(1 + var('late_data_lookback_days')) }}
    {%- endif -%}
    {{ return((modules.datetime.date.fromisoformat(end) - modules.datetime.date.fromisoformat(start)).days + 1) }}
{%- endmacro %}

{#- A run scoring at most this many days is short (a daily run and its late-data lookback): the
    window models then compute each scored day directly instead of running frames over the whole
    180-day grid (int_accounts__activity_windows, int_product__window_item_deltas). -#}
{% macro short_run_days() -%}
    {{ return(7) }}
{%- endmacro %}
