{#- Every metric of every component (health_metric_catalog) for each active account and scored
    day, as it was computed that day: its value and its 0-100 score. Kept day by day like the
    fact (incremental: a run replaces exactly the days it scores), so the backtest can judge
    each metric alone and the threshold proposal can refit low/high on past days. -#}
{{ config(**incremental_by_day('score_date')) }}
{%- set catalog = health_metrics() %}

with account_days as (
    select account_id, score_date, scorecard, segment from {{ ref('int_accounts__daily') }}
),
{%- for component in catalog %}

{{ component }} as (
    select * from {{ ref('int_component__' ~ component) }}
),
{%- endfor %}

final as (
    select
        account_days.account_id,
        account_days.score_date,
        account_days.segment,
        account_days.scorecard,
        {%- for component, metrics in catalog.items() %}
        {%- set outer_last = loop.last %}
        {%- for metric in metrics %}
        {{ component }}.{{ metric }},
        {{ component }}.{{ metric }}__score{{ "," if not (outer_last and loop.last) }}
        {%- endfor %}
        {%- endfor %}
    from account_days
    {%- for component in catalog %}
    left join {{ component }}
        on account_days.account_id = {{ component }}.account_id
        and account_days.score_date = {{ component }}.score_date
    {%- endfor %}
)

select * from final
