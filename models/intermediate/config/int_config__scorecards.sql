{#-
    One row per scorecard: the default weights, and one row per segment that overrides any
    weight or threshold, with the weights it inherits from the default filled in.
    Validated when it runs: unknown components, weights outside 0-1, duplicate rows, a default
    that misses a component, and scorecards whose weights do not sum to 1 fail the build with
    the offending rows named.
-#}
{%- set components = health_components() -%}

{%- set check_sql -%}
with weights as (
    select segment, component, weight from {{ ref('scoring_weights') }}
),

defaults as (
    select component, weight from weights where segment = 'default'
),

scorecards as (
    select distinct segment from weights
),

resolved as (
    select
        scorecards.segment,
        defaults.component,
        coalesce(overrides.weight, defaults.weight) as weight
    from scorecards
    cross join defaults
    left join weights as overrides
        on overrides.segment = scorecards.segment
        and overrides.component = defaults.component
),

known as (
    {% for component in components -%}
    select '{{ component }}' as component{% if not loop.last %} union all {% endif %}
    {%- endfor %}
)

select
    'row segment=' || coalesce(segment, 'null') || ', component=' || coalesce(component, 'null')
    || ': unknown component (known: {{ components | join(", ") }})' as problem
from weights
where component is null or component not in ({{ health_component_list() }})

union all

select
    'row segment=' || coalesce(segment, 'null') || ', component=' || component
    || ': weight must be between 0 and 1, got '
    || coalesce(cast(weight as {{ dbt.type_string() }}), 'null')
from weights
where weight is null or weight < 0 or weight > 1

union all

select
    'rows segment=' || coalesce(segment, 'null') || ', component=' || component
    || ': the same component is listed ' || cast(count(*) as {{ dbt.type_string() }}) || ' times'
from weights
group by segment, component
having count(*) > 1

union all

select 'the default scorecard has no row for component ' || known.component
from known
left join defaults on defaults.component = known.component
where defaults.component is null

union all

select
    'scorecard ' || segment || ': weights sum to '
    || cast({{ round_to('sum(weight)', 6) }} as {{ dbt.type_string() }})
    || ' (after inheriting default rows), must be 1: '
    || {{ account_health.sorted_listagg("component || '=' || cast(weight as " ~ dbt.type_string() ~ ")", "', '") }}
from resolved
group by segment
having abs(sum(weight) - 1) > 0.000001
{%- endset -%}

{{ assert_valid_config('scoring_weights', check_sql) }}

with weights as (
    select segment, component, weight from {{ ref('scoring_weights') }}
),

scorecards as (
    select scorecard as segment from {{ ref('int_config__scorecard_names') }}
),

defaults as (
    select component, weight from weights where segment = 'default'
),

resolved as (
    select
        scorecards.segment as scorecard,
        defaults.component,
        coalesce(overrides.weight, defaults.weight) as weight
    from scorecards
    cross join defaults
    left join weights as overrides
        on overrides.segment = scorecards.segment
        and overrides.component = defaults.component
),

final as (
    select
        scorecard,
        {%- for component in components %}
        max(case when component = '{{ component }}' then weight end) as weight_{{ component }}{{ "," if not loop.last }}
        {%- endfor %}
    from resolved
    group by scorecard
)

select * from final
