{#-
    A raw metric becomes 0-100 by clamp((value - low) / (high - low), 0, 1) * 100.
    For a metric where less is better, the seed swaps low and high (low > high), and the same
    formula scores it the right way round. Null in, null out: missing data is never zero.
-#}
{% macro normalize_metric(value, low, high) -%}
    case
        when {{ value }} is null or {{ low }} is null or {{ high }} is null or {{ high }} = {{ low }}
            then null
        when ({{ value }} - {{ low }}) / ({{ high }} - {{ low }}) <= 0 then cast(0 as {{ account_health.type_double() }})
        when ({{ value }} - {{ low }}) / ({{ high }} - {{ low }}) >= 1 then cast(100 as {{ account_health.type_double() }})
        else 100 * {{ account_health.ratio(value ~ ' - ' ~ low, '(' ~ high ~ ' - ' ~ low ~ ')') }}
    end
{%- endmacro %}
