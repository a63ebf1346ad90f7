{#- One row per active account and scored day with the seven component subscores (null where a
    component has no data for the account) and the account attributes the marts need. -#}
{%- set components = health_components() -%}

with account_days as (
    select * from {{ ref('int_accounts__daily') }}
),
{%- for component in components %}

{{ component }} as (
    select account_id, score_date, subscore from {{ ref('int_component__' ~ component) }}
),
{%- endfor %}

final as (
    select
        account_days.account_id,
        account_days.score_date,
        account_days.account_name,
        account_days.segment,
        account_days.scorecard,
        account_days.csm_owner,
        account_days.arr,
        account_days.seats,
        account_days.renewal_date,
        account_days.days_to_renewal,
        {%- for component in components %}
        {{ component }}.subscore as {{ component }}_subscore{{ "," if not loop.last }}
        {%- endfor %}
    from account_days
    {%- for component in components %}
    left join {{ component }}
        on account_days.account_id = {{ component }}.account_id
        and account_days.score_date = {{ component }}.score_date
    {%- endfor %}
)

select * from final
