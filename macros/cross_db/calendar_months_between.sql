{#- Whole calendar months from one date to another, counting month boundaries and ignoring the
    day of the month: 2026-01-31 to 2026-02-01 is 1, 2026-02-01 to 2026-02-28 is 0 (negative
    when the second date is the earlier month). Built from the year and month fields so every
    engine counts the same way (engines' own month differences disagree on partial months). -#}
{% macro calendar_months_between(start_date, end_date) -%}
    ((cast(extract(year from {{ end_date }}) as integer) - cast(extract(year from {{ start_date }}) as integer)) * 12
        + cast(extract(month from {{ end_date }}) as integer) - cast(extract(month from {{ start_date }}) as integer))
{%- endmacro %}
