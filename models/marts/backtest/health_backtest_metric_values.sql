{#- Every metric of the score on each backtest observation (health_backtest_observations), one
    row per observation and metric: its value and 0-100 score that day, with the outcome that
    followed. What the backtest judges each metric alone on, and what the threshold proposal
    refits low/high from (orchestration/calibration.py). -#}
{%- set double = account_health.type_double() -%}
{%- set string = api.Column.translate_type('string') -%}

with observations as (
    select account_id, observation_date, segment, is_censored, churned
    from {{ ref('health_backtest_observations') }}
),

metric_days as (
    select * from {{ ref('int_health__metric_daily') }}
),

observed as (
    select
        observations.*,
        metric_days.scorecard,
        {%- for metric in health_metric_catalog() %}
        metric_days.{{ metric.name }},
        metric_days.{{ metric.name }}__score{{ "," if not loop.last }}
        {%- endfor %}
    from observations
    inner join metric_days
        on observations.account_id = metric_days.account_id
        and observations.observation_date = metric_days.score_date
),

final as (
    {%- for metric in health_metric_catalog() %}
    select
        account_id,
        observation_date,
        segment,
        scorecard,
        cast('{{ metric.component }}' as {{ string }}) as component,
        cast('{{ metric.name }}' as {{ string }}) as metric,
        cast({{ metric.name }} as {{ double }}) as metric_value,
        cast({{ metric.name }}__score as {{ double }}) as metric_score,
        is_censored,
        churned
    from observed
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
)

select * from final
