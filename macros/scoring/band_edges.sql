{#-
    The interior edges of the active band scheme (var band_scheme), highest first: the lower
    edge (min_score) of every band but the lowest. Edge j (1-based) separates the bands of rank
    j and j + 1. Read from int_config__bands when the model runs (the scheme is a seed); while
    dbt only parses, an empty list.
-#}
{% macro band_edges() -%}
    {%- if not execute -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set bands = ref('int_config__bands') -%}
    {%- if load_relation(bands) is none -%}
        {{ exceptions.raise_compiler_error("band_edges: " ~ bands ~ " is not built yet: build the configuration models first (dbt build builds them in order)") }}
    {%- endif -%}
    {%- set found = run_query('select min_score from ' ~ bands ~ ' where min_score > 0 order by min_score desc') -%}
    {%- set edges = [] -%}
    {%- for row in found.rows -%}{%- do edges.append(row[0] | float) -%}{%- endfor -%}
    {{ return(edges) }}
{%- endmacro %}
