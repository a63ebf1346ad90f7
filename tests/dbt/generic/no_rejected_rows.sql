{#- Returns the rows of one raw table that staging set aside. Used at warn severity so every
    build reports how many rows of each table were rejected or repaired. -#}
{% test no_rejected_rows(model, source_table) %}
select *
from {{ model }}
where source_table = '{{ source_table }}'
{% endtest %}
