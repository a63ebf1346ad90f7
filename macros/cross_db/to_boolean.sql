{#- Parse the usual spellings of a boolean (true/false, t/f, yes/no, y/n, 1/0); null otherwise. -#}
{% macro to_boolean(expression) -%}
    case lower(trim({{ expression }}))
        when 'true' then true when 't' then true when 'yes' then true when 'y' then true
        when '1' then true
        when 'false' then false when 'f' then false when 'no' then false when 'n' then false
        when '0' then false
    end
{%- endmacro %}
