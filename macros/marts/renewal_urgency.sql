{#-
    The renewal part of the at-risk queue's urgency, from var('renewal_urgency'): a list of
    {within_days, weight}, nearest window first. An account renewing within a window's days (and
    not within a nearer one) gets that weight; later than the last window, weight 1.
    renewal_urgency_window names the window ('0-30 days', '31-90 days', ..., 'over 180 days').
    The whole urgency rule: docs/architecture.md (at-risk threshold, urgency rows).
-#}
{% macro renewal_urgency_windows() -%}
    {%- set windows = var('renewal_urgency') | sort(attribute='within_days') -%}
    {%- if windows | length == 0 -%}
        {{ exceptions.raise_compiler_error("var renewal_urgency must list at least one {within_days, weight}") }}
    {%- endif -%}
    {{ return(windows) }}
{%- endmacro %}

{% macro renewal_urgency_weight(days_to_renewal) -%}
    case
        {%- for window in renewal_urgency_windows() %}
        when {{ days_to_renewal }} <= {{ window.within_days }} then {{ window.weight | float }}
        {%- endfor %}
        else 1.0
    end
{%- endmacro %}

{% macro renewal_urgency_window(days_to_renewal) -%}
    {%- set windows = renewal_urgency_windows() -%}
    case
        {%- for window in windows %}
        when {{ days_to_renewal }} <= {{ window.within_days }} then '{{ (0 if loop.first else windows[loop.index0 - 1].within_days + 1) }}-{{ window.within_days }} days'
        {%- endfor %}
        else 'over {{ windows[-1].within_days }} days'
    end
{%- endmacro %}
