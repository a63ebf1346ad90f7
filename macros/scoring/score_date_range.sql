{#-
    The first and last day to score, as SQL date literals, from vars score_start_date and
    score_end_date. Returns none for both when they are not set: the models then score the
    latest day of data (see int_health__score_dates).
-#}
{% macro score_date_range() -%}
    {%- set start = var('score_start_date', none) -%}
    {%- set end = var('score_end_date', none) -%}
    {%- if start is none and end is none -%}
        {{ return([none, none]) }}
    {%- endif -%}
    {%- set start = start or end -%}
    {%- set end = end or start -%}
    {%- if start > end -%}
        {{ exceptions.raise_compiler_error("score_start_date " ~ start ~ " is after score_end_date " ~ end) }}
    {%- endif -%}
    {{ return(["cast('" ~ start ~ "' as date)", "cast('" ~ end ~ "' as date)"]) }}
{%- endmacro %}

{#- How many days before the first scored day the windows reach back (the widest window). -#}
{% macro lookback_days() -%}
    {{ return([2 * var('usage_window_days'), var('support_window_days'), var('commercial_window_days'),
               var('sentiment_window_days'), var('champion_window_days'), 90] | max) }}
{%- endmacro %}

{#- How many days the scored range spans (1 when only the latest day is scored). -#}
{% macro score_days_count() -%}
    {%- set start = var('score_start_date', none) or var('score_end_date', none) -%}
    {%- set end = var('score_end_date', none) or var('score_start_date', none) -%}
    {%- if start is none -%}
        {{ return(1) }}
    {%- endif -%}
    {%- set d0 = modules.datetime.date.fromisoformat(start | string) -%}
    {%- set d1 = modules.datetime.date.fromisoformat(end | string) -%}
    {{ return((d1 - d0).days + 1) }}
{%- endmacro %}
