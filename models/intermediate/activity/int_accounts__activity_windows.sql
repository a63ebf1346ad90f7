{#-
    Rolling-window activity for every active account on every scored day. The daily facts are
    laid on a dense account x day grid starting lookback_days() before the first scored day, so
    each window is a plain `rows between N preceding and current row` frame (portable, and one
    pass for a whole year of history). Running sums of the +1/-1 deltas give the distinct active
    users/features/roles in the usage window and the tickets open at the end of each day.
    A short run (a daily run and its lookback: at most short_run_days() scored days) would
    compute those frames on every grid day to keep a few: it sums the same measures over the
    days up to each scored day instead, reading the daily inputs as they are (sparse, stacked)
    rather than laid on the dense grid. Both forms are rendered from one list of inputs and one
    of measures, and give the same rows (tests compare a re-scored day with the backfill).
-#}
{#- The measures and daily inputs are declared in macros/scoring/catalog/health_window_measures.sql:
    (output column, aggregate, grid expression, days) -#}
{%- set grid_days = score_days_count() + lookback_days() -%}
{%- set measures = [] -%}
{%- for measure in health_window_measures() -%}
    {%- do measures.append((measure.name, measure.aggregate, measure.input, var(measure.window) if measure.window else none)) -%}
{%- endfor -%}
{%- set inputs = health_window_inputs() -%}
{%- set source_models = health_window_sources() -%}
{%- set sources = inputs | map(attribute=0) | unique | list -%}

with account_days as (
    select account_id, score_date from {{ ref('int_accounts__daily') }}
),

bounds as (
    select {{ add_days('min(score_date)', -lookback_days()) }} as first_day
    from {{ ref('int_health__score_dates') }}
),

{%- for source in sources %}
{{ source }} as (
    select * from {{ ref(source_models[source]) }}
),
{% endfor %}
{%- if score_days_count() > short_run_days() %}

{#- every account on every grid day: a cross join the planner sizes exactly. (Bounding each
    account's days by its creation and last scored day saved a fifth of the rows, but the
    planner cannot size that range join and built a hash table on the grid: out of memory at
    100,000 accounts.) -#}
accounts as (
    select distinct account_id from account_days
),

days as (
    select {{ add_days('bounds.first_day', 'numbers.generated_number - 1') }} as activity_date
    from ({{ dbt.generate_series(grid_days) }}) as numbers
    cross join bounds
),

grid as (
    select
        accounts.account_id,
        days.activity_date,
        {%- for source, name, expression in inputs %}
        coalesce({{ expression }}, 0) as {{ name }}{{ "," if not loop.last }}
        {%- endfor %}
    from accounts
    cross join days
    {%- for source in sources %}
    left join {{ source }}
        on accounts.account_id = {{ source }}.account_id and days.activity_date = {{ source }}.activity_date
    {%- endfor %}
),

{%- set order = "partition by account_id order by activity_date rows between " %}
windows as (
    select
        account_id,
        activity_date,
        {%- for name, aggregate, expression, days in measures %}
        {%- if aggregate == 'running' %}
        sum({{ expression }}) over ({{ order }}unbounded preceding and current row) as {{ name }}
        {%- elif aggregate == 'prior' %}
        sum({{ expression }}) over ({{ order }}{{ 2 * days - 1 }} preceding and {{ days }} preceding) as {{ name }}
        {%- else %}
        {{ aggregate }}({{ expression }}) over ({{ order }}{{ days - 1 }} preceding and current row) as {{ name }}
        {%- endif %}{{ "," if not loop.last }}
        {%- endfor %}
    from grid
),
{%- else %}

{#- the inputs' own rows from the first grid day on, stacked (each input's columns, 0 in the
    others' rows): most accounts have no ticket, survey or contraction on most days -#}
stacked as (
    {%- for source in sources %}
    select
        {{ source }}.account_id,
        {{ source }}.activity_date,
        {%- for input, name, expression in inputs %}
        {{ "coalesce(" ~ expression ~ ", 0)" if input == source else "0" }} as {{ name }}{{ "," if not loop.last }}
        {%- endfor %}
    from {{ source }}
    cross join bounds
    where {{ source }}.activity_date >= bounds.first_day
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

{#- each scored day sums its days; an account without a row in a window gets 0 there, as on
    the grid -#}
windows as (
    select
        account_days.account_id,
        account_days.score_date as activity_date,
        {%- for name, aggregate, expression, days in measures %}
        {%- if aggregate == 'running' %}
        coalesce(sum({{ expression }}), 0) as {{ name }}
        {%- elif aggregate == 'prior' %}
        coalesce(sum(case
            when activity_date > {{ add_days('account_days.score_date', -2 * days) }}
                and activity_date <= {{ add_days('account_days.score_date', -days) }}
                then {{ expression }}
        end), 0) as {{ name }}
        {%- elif aggregate == 'sum' %}
        coalesce(sum(case
            when activity_date > {{ add_days('account_days.score_date', -days) }} then {{ expression }}
        end), 0) as {{ name }}
        {%- else %}
        {{ aggregate }}(case
            when activity_date > {{ add_days('account_days.score_date', -days) }} then {{ expression }}
        end) as {{ name }}
        {%- endif %}{{ "," if not loop.last }}
        {%- endfor %}
    from account_days
    left join stacked
        on account_days.account_id = stacked.account_id
        and stacked.activity_date <= account_days.score_date
    group by account_days.account_id, account_days.score_date
),
{%- endif %}

final as (
    select windows.*
    from windows
    inner join account_days
        on windows.account_id = account_days.account_id
        and windows.activity_date = account_days.score_date
)

select * from final
