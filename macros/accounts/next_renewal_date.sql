{#- The first renewal on or after `as_of` of a contract that renews every `term_months` months
    from `anchor` (a term start, or a renewal date), counting at least `min_terms` terms:
    anchor + k x term_months for the smallest k >= min_terms that is not before `as_of`.
    Terms are counted from the anchor, not from each other, so a contract started on the 31st
    renews on the last day of shorter months and on the 31st again after them.

    It rolls a contract forward when it renews in place without a new subscription event (a
    monthly plan with no event per month, or a renewal event that was set aside). With
    min_terms = 1 a renewal on the anchor day itself is the next one (a term that starts today
    renews one term later); with min_terms = 0 an anchor on or after `as_of` is returned as it is.

    k is the calendar months from anchor to as_of divided by the term, rounded up, and one term
    more when that lands earlier in the month than as_of. -#}
{% macro next_renewal_date(anchor, term_months, as_of, min_terms) -%}
    {%- set terms -%}
        greatest({{ min_terms }}, cast(floor(({{ calendar_months_between(anchor, as_of) }} + {{ term_months }} - 1) / {{ term_months }}) as integer))
    {%- endset -%}
    case
        when {{ add_months(anchor, '(' ~ terms ~ ') * ' ~ term_months) }} >= {{ as_of }}
            then {{ add_months(anchor, '(' ~ terms ~ ') * ' ~ term_months) }}
        else {{ add_months(anchor, '(' ~ terms ~ ' + 1) * ' ~ term_months) }}
    end
{%- endmacro %}
