{#- Rank of a row among the rows sharing its key, valid rows first, then by `order_by`:
    rank 1 is kept, later ranks are duplicates. Ranking invalid rows last means a valid row is
    never set aside as the duplicate of an invalid twin. -#}
{% macro duplicate_rank(partition_by, order_by) -%}
    row_number() over (
        partition by {{ partition_by }}
        order by case when invalid_reason is null then 0 else 1 end, {{ order_by }}
    )
{%- endmacro %}
