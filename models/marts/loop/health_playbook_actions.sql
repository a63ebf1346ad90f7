{#-
    Did the play work, action by action: one row per CS action (int_playbook__actions) and horizon
    (var impact_horizons_days, by default 14, 30 and 60 days). For the action's account: the
    score and the targeted component's subscore on the action day and the horizon day, and how
    much they moved. For comparable accounts, the same move: accounts scored that day in the
    same band with the same primary driver, without any CS action within the longest horizon
    before or after the day, and scored on the horizon day. The lift is the difference in
    differences: the account's move minus the comparable accounts' mean move, so a play on a
    recovering book is not credited with the recovery. climbed_band: the stable band on the
    horizon day is better than on the action day. churned / renewed: within
    var backtest_horizon_days after the action (censored when that runs past the data).
    An action on a day its account was not scored (or a horizon not reached yet) has no lift.
-#}
{%- set horizons = var('impact_horizons_days') -%}
{%- set longest = horizons | max -%}
{%- set components = health_components() -%}
{%- set double = account_health.type_double() -%}
{%- set string = api.Column.translate_type('string') -%}
{%- set outcome_horizon = var('backtest_horizon_days') %}

with actions as (
    select * from {{ ref('int_playbook__actions') }}
),

fact as (
    select
        account_id, score_date, segment, health_score, band, stable_band_rank, primary_driver,
        {%- for component in components %}
        {{ component }}_subscore{{ "," if not loop.last }}
        {%- endfor %}
    from {{ ref('fct_account_health_daily') }}
),

outcome_events as (
    select * from {{ ref('int_backtest__outcome_events') }}
),

data_end as (
    select max(score_date) as last_day from fact
),

horizons as (
    {%- for horizon in horizons %}
    select {{ horizon }} as horizon_days{{ " union all" if not loop.last }}
    {%- endfor %}
),

action_days as (
    select distinct action_date from actions
),

{#- accounts with no action within the longest horizon either side of a day with actions -#}
untreated as (
    select start_day.account_id, start_day.score_date
    from fact as start_day
    inner join action_days on start_day.score_date = action_days.action_date
    left join actions as nearby
        on start_day.account_id = nearby.account_id
        and nearby.action_date >= {{ add_days('start_day.score_date', -longest) }}
        and nearby.action_date <= {{ add_days('start_day.score_date', longest) }}
    where nearby.account_id is null
),

{#- per action day, band, primary driver and horizon: the comparable accounts' mean moves -#}
controls as (
    select
        start_day.score_date,
        start_day.band,
        start_day.primary_driver,
        horizons.horizon_days,
        count(*) as control_accounts,
        avg(later.health_score - start_day.health_score) as score_change,
        {%- for component in components %}
        avg(later.{{ component }}_subscore - start_day.{{ component }}_subscore) as {{ component }}_change{{ "," if not loop.last }}
        {%- endfor %}
    from untreated
    inner join fact as start_day
        on untreated.account_id = start_day.account_id
        and untreated.score_date = start_day.score_date
    cross join horizons
    inner join fact as later
        on start_day.account_id = later.account_id
        and later.score_date = {{ add_days('start_day.score_date', 'horizons.horizon_days') }}
    group by start_day.score_date, start_day.band, start_day.primary_driver, horizons.horizon_days
),

at_action as (
    select
        actions.*,
        start_day.segment,
        start_day.band as band_at_action,
        start_day.primary_driver as primary_driver_at_action,
        start_day.stable_band_rank as stable_band_rank_at_action,
        start_day.health_score as score_at_action,
        case actions.component
            {%- for component in components %}
            when '{{ component }}' then start_day.{{ component }}_subscore
            {%- endfor %}
        end as subscore_at_action
    from actions
    left join fact as start_day
        on actions.account_id = start_day.account_id
        and actions.action_date = start_day.score_date
),

outcomes as (
    select
        at_action.row_key,
        max(outcome_events.is_churn) as churned,
        max(outcome_events.is_renewal) as renewed
    from at_action
    inner join outcome_events
        on at_action.account_id = outcome_events.account_id
        and outcome_events.event_date > at_action.action_date
        and outcome_events.event_date <= {{ add_days('at_action.action_date', outcome_horizon) }}
    group by at_action.row_key
),

followed as (
    select
        at_action.*,
        horizons.horizon_days,
        {{ add_days('at_action.action_date', 'horizons.horizon_days') }} as horizon_date,
        later.health_score as score_at_horizon,
        later.stable_band_rank as stable_band_rank_at_horizon,
        case at_action.component
            {%- for component in components %}
            when '{{ component }}' then later.{{ component }}_subscore
            {%- endfor %}
        end as subscore_at_horizon,
        controls.control_accounts,
        controls.score_change as control_score_change,
        case at_action.component
            {%- for component in components %}
            when '{{ component }}' then controls.{{ component }}_change
            {%- endfor %}
        end as control_subscore_change
    from at_action
    cross join horizons
    left join fact as later
        on at_action.account_id = later.account_id
        and later.score_date = {{ add_days('at_action.action_date', 'horizons.horizon_days') }}
    left join controls
        on at_action.action_date = controls.score_date
        and at_action.band_at_action = controls.band
        and at_action.primary_driver_at_action = controls.primary_driver
        and horizons.horizon_days = controls.horizon_days
),

final as (
    select
        cast(followed.row_key as {{ string }}) as action_key,
        followed.action_id,
        followed.account_id,
        followed.action_date,
        followed.playbook,
        followed.is_known_playbook,
        followed.component,
        followed.owner,
        followed.segment,
        followed.band_at_action,
        followed.primary_driver_at_action,
        cast(followed.score_at_action as {{ double }}) as score_at_action,
        cast(followed.subscore_at_action as {{ double }}) as subscore_at_action,
        cast(followed.horizon_days as integer) as horizon_days,
        followed.horizon_date,
        cast(followed.score_at_horizon as {{ double }}) as score_at_horizon,
        cast(followed.subscore_at_horizon as {{ double }}) as subscore_at_horizon,
        cast(followed.score_at_horizon - followed.score_at_action as {{ double }}) as score_change,
        cast(followed.subscore_at_horizon - followed.subscore_at_action as {{ double }}) as subscore_change,
        cast(coalesce(followed.control_accounts, 0) as integer) as control_accounts,
        cast({{ round_to('followed.control_score_change', 6) }} as {{ double }}) as control_score_change,
        cast({{ round_to('followed.control_subscore_change', 6) }} as {{ double }}) as control_subscore_change,
        cast({{ round_to('followed.score_at_horizon - followed.score_at_action - followed.control_score_change', 6) }} as {{ double }})
            as score_lift,
        cast({{ round_to('followed.subscore_at_horizon - followed.subscore_at_action - followed.control_subscore_change', 6) }} as {{ double }})
            as subscore_lift,
        case when followed.stable_band_rank_at_horizon is not null and followed.stable_band_rank_at_action is not null
            then followed.stable_band_rank_at_horizon < followed.stable_band_rank_at_action end as climbed_band,
        {{ add_days('followed.action_date', outcome_horizon) }} > data_end.last_day as outcome_censored,
        cast(coalesce(outcomes.churned, 0) as integer) as churned,
        cast(coalesce(outcomes.renewed, 0) as integer) as renewed
    from followed
    cross join data_end
    left join outcomes on followed.row_key = outcomes.row_key
)

select * from final
