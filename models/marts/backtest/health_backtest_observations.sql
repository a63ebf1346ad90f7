{#-
    The backtest's observations: on each observation day of var('backtest_cadence')
    (monthly: the 1st; weekly: Mondays; daily: every scored day), every scored account with
    its score, band, subscores and drivers as they were that day, and what happened within the
    next var('backtest_horizon_days') days: churned, contracted, expanded, renewed.
    An observation whose horizon runs past the end of the data is censored: it is kept, flagged
    is_censored, and left out of every rate and AUC (it is not a survivor: its outcome is unknown).
    expansion_ready says whether the account was ready for an expansion ask that day
    (health_expansion_readiness), so health_backtest_expansion can tell whether ready accounts
    did expand more often.
    Days within var('backtest_warmup_days') of the first product event in the warehouse are not
    observed: their usage windows are still filling, so their scores say more about where the
    data starts than about the account.
-#}
{%- set horizon = var('backtest_horizon_days') -%}
{%- set cadence = var('backtest_cadence') -%}
{%- if cadence not in ('monthly', 'weekly', 'daily') -%}
    {{ exceptions.raise_compiler_error("var backtest_cadence must be monthly, weekly or daily, not " ~ cadence) }}
{%- endif -%}

with fact as (
    select * from {{ ref('fct_account_health_daily') }}
),

outcome_events as (
    select * from {{ ref('int_backtest__outcome_events') }}
),

readiness as (
    select account_id, score_date, is_ready from {{ ref('health_expansion_readiness') }}
),

activity as (
    select max(activity_date) as last_day from {{ ref('int_product__account_daily') }}
    union all
    select max(event_date) from outcome_events
),

data_start as (
    select min(first_seen_date) as data_start_date from {{ ref('int_product__event_names') }}
),

data_end as (
    select
        case
            when max(last_day) > {{ load_date() }} then {{ load_date() }}
            else max(last_day)
        end as data_end_date
    from activity
),

observed as (
    select fact.*
    from fact
    cross join data_start
    where fact.band <> 'insufficient_data'
        and fact.score_date >= {{ add_days('data_start.data_start_date', var('backtest_warmup_days')) }}
    {%- if cadence == 'monthly' %}
        and cast({{ dbt.date_trunc('month', 'score_date') }} as date) = score_date
    {%- elif cadence == 'weekly' %}
        and mod({{ days_between("cast('1970-01-05' as date)", 'score_date') }}, 7) = 0
    {%- endif %}
),

followed as (
    select
        observed.account_id,
        observed.score_date,
        max(outcome_events.is_churn) as churned,
        max(outcome_events.is_contraction) as contracted,
        max(outcome_events.is_expansion) as expanded,
        max(outcome_events.is_renewal) as renewed,
        min(outcome_events.event_date) as first_event_date
    from observed
    inner join outcome_events
        on observed.account_id = outcome_events.account_id
        and outcome_events.event_date > observed.score_date
        and outcome_events.event_date <= {{ add_days('observed.score_date', horizon) }}
    group by observed.account_id, observed.score_date
),

final as (
    select
        observed.account_id,
        observed.score_date as observation_date,
        cast({{ horizon }} as integer) as horizon_days,
        {{ add_days('observed.score_date', horizon) }} as horizon_end_date,
        {{ add_days('observed.score_date', horizon) }} > data_end.data_end_date as is_censored,
        observed.segment,
        observed.csm_owner,
        observed.arr,
        observed.health_score,
        observed.health_score_uncapped,
        observed.cap_score,
        observed.cap_reason,
        observed.band,
        observed.band_rank,
        observed.coverage,
        observed.primary_driver,
        {%- for component in health_components() %}
        observed.{{ component }}_subscore,
        {%- endfor %}
        cast(coalesce(followed.churned, 0) as integer) as churned,
        cast(coalesce(followed.contracted, 0) as integer) as contracted,
        cast(coalesce(followed.expanded, 0) as integer) as expanded,
        cast(coalesce(followed.renewed, 0) as integer) as renewed,
        case
            when {{ add_days('observed.score_date', horizon) }} > data_end.data_end_date then 'censored'
            when followed.churned = 1 then 'churned'
            when followed.contracted = 1 then 'contracted'
            when followed.expanded = 1 then 'expanded'
            when followed.renewed = 1 then 'renewed'
            else 'nothing_yet'
        end as outcome,
        followed.first_event_date,
        observed.stable_band,
        observed.stable_band_rank,
        coalesce(readiness.is_ready, false) as expansion_ready
    from observed
    cross join data_end
    left join followed
        on observed.account_id = followed.account_id
        and observed.score_date = followed.score_date
    left join readiness
        on observed.account_id = readiness.account_id
        and observed.score_date = readiness.score_date
)

select * from final
