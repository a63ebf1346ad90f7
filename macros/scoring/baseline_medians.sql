{#-
    Each row's baseline: the median health_score of the same account's colour-banded rows in the
    `days` days before it (the row's own day excluded), and how many rows that is. `relation` is
    a CTE with account_id, score_date, day_number (whole days, ascending), health_score and
    is_colour. Renders a select of (account_id, score_date, baseline_median, baseline_days).
    DuckDB and Spark take the median over a window frame; Postgres has no ordered-set aggregate
    over a window, so it joins each row to its days before.
-#}
{% macro baseline_medians(relation, days) -%}
    {{ return(adapter.dispatch('baseline_medians', 'account_health')(relation, days)) }}
{%- endmacro %}

{% macro default__baseline_medians(relation, days) -%}
    {%- set frame = 'partition by account_id order by day_number range between ' ~ days ~ ' preceding and 1 preceding' %}
    select
        account_id,
        score_date,
        {{ account_health.median_of('case when is_colour then health_score end') }} over ({{ frame }}) as baseline_median,
        count(case when is_colour then health_score end) over ({{ frame }}) as baseline_days
    from {{ relation }}
{%- endmacro %}

{% macro postgres__baseline_medians(relation, days) -%}
    select
        scored.account_id,
        scored.score_date,
        {{ account_health.median_of('earlier.health_score') }} as baseline_median,
        count(earlier.health_score) as baseline_days
    from {{ relation }} as scored
    left join {{ relation }} as earlier
        on scored.account_id = earlier.account_id
        and earlier.is_colour
        and earlier.day_number between scored.day_number - {{ days }} and scored.day_number - 1
    group by scored.account_id, scored.score_date
{%- endmacro %}
