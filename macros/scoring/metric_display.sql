{#-
    A metric's value as a CSM reads it: its label (health_metric_catalog) and the value in its
    unit, e.g. "active users of seats: 22%". `metric` and `value` are SQL expressions (the
    metric's name and its value); null when the metric is null or unknown.
    A metric declared without a label shows its name; without a unit, its value as a number.
    Units: share (0-1, shown as a whole percentage), count (a whole number), number (one
    decimal), flag (yes / no).
-#}
{% macro metric_display(metric, value) -%}
    case {{ metric }}
        {%- for entry in health_metric_catalog() %}
        when '{{ entry.name }}' then '{{ entry.get('label', entry.name) }}: ' || {{ account_health.format_metric_value(value, entry.get('unit', 'number')) }}
        {%- endfor %}
    end
{%- endmacro %}
