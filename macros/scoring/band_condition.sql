{#-
    Join condition placing a score in a band row (min_score, max_score) of seeds/score_bands.csv.
    Boundaries are inclusive at the lower edge; the top band also includes its upper edge (100).
-#}
{% macro band_condition(score, bands) -%}
    {{ score }} >= {{ bands }}.min_score
    and (
        {{ score }} < {{ bands }}.max_score
        or ({{ bands }}.max_score >= 100 and {{ score }} <= {{ bands }}.max_score)
    )
{%- endmacro %}
