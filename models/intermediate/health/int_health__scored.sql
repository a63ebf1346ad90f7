{#-
    The weighted score before caps, with its explanation:
    - coverage = sum of the weights of the components present (subscore not null);
    - effective_weight_c = weight_c / coverage for present components (null when absent), so the
      score reweights over what is known:  score = sum(w_c * s_c) / sum(w_c present);
    - contribution_c = effective_weight_c * subscore_c, rounded to 6 decimals; the
      contributions add up exactly to health_score_uncapped (it is defined as their sum);
    - points_lost_c = effective_weight_c * (100 - subscore_c); the primary driver is the
      component losing most points (ties go to the first in macro health_components order).
-#}
{%- set components = health_components() -%}
{%- set present_weight_sum -%}
    (
    {%- for component in components %}
        case when subscores.{{ component }}_subscore is not null then scorecards.weight_{{ component }} else 0 end{{ " +" if not loop.last }}
    {%- endfor %}
    )
{%- endset -%}

with subscores as (
    select * from {{ ref('int_health__subscores') }}
),

scorecards as (
    select * from {{ ref('int_config__scorecards') }}
),

weighted as (
    select
        subscores.*,
        {%- for component in components %}
        case when subscores.{{ component }}_subscore is not null then scorecards.weight_{{ component }} else 0 end
            as present_weight_{{ component }},
        {%- endfor %}
        {{ round_to(present_weight_sum, 6) }} as coverage
    from subscores
    inner join scorecards on subscores.scorecard = scorecards.scorecard
),

explained as (
    select
        *,
        {%- for component in components %}
        case when coverage > 0 and {{ component }}_subscore is not null
            then present_weight_{{ component }} / coverage end as effective_weight_{{ component }},
        case when coverage > 0 and {{ component }}_subscore is not null
            then {{ round_to('present_weight_' ~ component ~ ' / coverage * ' ~ component ~ '_subscore', 6) }}
        end as contribution_{{ component }},
        case when coverage > 0 and {{ component }}_subscore is not null
            then {{ round_to('present_weight_' ~ component ~ ' / coverage * (100 - ' ~ component ~ '_subscore)', 6) }}
        end as points_lost_{{ component }}{{ "," if not loop.last }}
        {%- endfor %}
    from weighted
),

driver_candidates as (
    {#- one row per component that loses points; the primary driver loses most -#}
    {%- for component in components %}
    select
        account_id,
        score_date,
        '{{ component }}' as component,
        {{ loop.index }} as component_order,
        points_lost_{{ component }} as points_lost
    from explained
    where points_lost_{{ component }} > 0
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

ranked_drivers as (
    select
        *,
        row_number() over (
            partition by account_id, score_date order by points_lost desc, component_order
        ) as driver_rank
    from driver_candidates
),

final as (
    select
        explained.*,
        case when explained.coverage > 0 then
            {%- for component in components %}
            coalesce(explained.contribution_{{ component }}, 0){{ " +" if not loop.last }}
            {%- endfor %}
        end as health_score_uncapped,
        ranked_drivers.component as primary_driver,
        ranked_drivers.points_lost as primary_driver_points_lost
    from explained
    left join ranked_drivers
        on explained.account_id = ranked_drivers.account_id
        and explained.score_date = ranked_drivers.score_date
        and ranked_drivers.driver_rank = 1
)

select * from final
