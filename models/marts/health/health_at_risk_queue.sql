{#-
    The at-risk queue: who to call this week, and why. Accounts scoring below
    var('at_risk_threshold') on the latest day (insufficient_data excluded), ranked by
    priority = ARR at risk x urgency, where
        urgency = renewal weight (var renewal_urgency: by default 3 within 30 days, 2 within 90,
                  1.5 within 180, else 1)
                  x decline weight (1 + the fall of the score in points per day over the trend
                  span, at most 1 + var('urgency_decline_cap'): by default a score falling 1
                  point a day weighs 2x, a flat or rising one 1x)
                  x baseline weight (1 + the points the score is below the account's own
                  baseline / var('urgency_baseline_drop_points'), at most 2; 1 when that var is
                  0, the default).
    Each account comes with its owner, the component to act on (the one behind the binding cap
    if the score is capped, else the primary driver) and the playbook for that component and
    band (seeds/playbooks.csv; a band-specific row wins over band = any), and the metric to act
    on: the capping metric if capped, else the primary driver's metric losing most. The top
    parent (int_accounts__hierarchy) lets a CSM read the queue per customer family.
-#}
{%- set double = account_health.type_double() -%}

with current_health as (
    select * from {{ ref('health_current') }}
),

facts as (
    select account_id, score_date, cap_id from {{ ref('fct_account_health_daily') }}
),

caps as (
    select cap_id, component, metric from {{ ref('int_config__caps') }}
),

metric_points as (
    select account_id, score_date, metric, metric_value from {{ ref('health_metric_points') }}
),

playbooks as (
    select * from {{ ref('playbooks') }}
),

hierarchy as (
    select account_id, top_parent_account_id from {{ ref('int_accounts__hierarchy') }}
),

at_risk as (
    select
        current_health.*,
        coalesce(caps.component, current_health.primary_driver) as focus_component,
        coalesce(caps.metric, current_health.primary_metric) as focus_metric,
        {{ renewal_urgency_window('current_health.days_to_renewal') }} as renewal_window,
        {{ renewal_urgency_weight('current_health.days_to_renewal') }} as renewal_weight,
        1 + case
            when coalesce(current_health.slope_30d, 0) >= 0 then 0
            when current_health.slope_30d <= -{{ var('urgency_decline_cap') }} then {{ var('urgency_decline_cap') }}
            else -current_health.slope_30d
        end as decline_weight,
        {%- if var('urgency_baseline_drop_points') > 0 %}
        1 + case
            when coalesce(current_health.baseline_gap, 0) >= 0 then 0
            when -current_health.baseline_gap >= {{ var('urgency_baseline_drop_points') }} then 1
            else {{ ratio('-current_health.baseline_gap', var('urgency_baseline_drop_points')) }}
        end as baseline_weight
        {%- else %}
        1 as baseline_weight
        {%- endif %}
    from current_health
    inner join facts
        on current_health.account_id = facts.account_id
        and current_health.score_date = facts.score_date
    left join caps on facts.cap_id = caps.cap_id
    where current_health.band <> 'insufficient_data'
        and current_health.health_score < {{ var('at_risk_threshold') }}
),

with_playbook as (
    select
        at_risk.*,
        coalesce(by_band.playbook, any_band.playbook) as playbook,
        coalesce(by_band.actions, any_band.actions) as playbook_actions,
        at_risk.focus_component || ' <- ' || {{ metric_display('at_risk.focus_metric', 'focus_values.metric_value') }} as focus_detail,
        coalesce(hierarchy.top_parent_account_id, at_risk.account_id) as top_parent_account_id
    from at_risk
    left join hierarchy on at_risk.account_id = hierarchy.account_id
    left join metric_points as focus_values
        on at_risk.account_id = focus_values.account_id
        and at_risk.score_date = focus_values.score_date
        and at_risk.focus_metric = focus_values.metric
    left join playbooks as by_band
        on at_risk.focus_component = by_band.component and at_risk.band = by_band.band
    left join playbooks as any_band
        on at_risk.focus_component = any_band.component and any_band.band = 'any'
),

final as (
    select
        cast(row_number() over (
            order by coalesce(arr, 0) * renewal_weight * decline_weight * baseline_weight desc, health_score, account_id
        ) as integer) as queue_rank,
        account_id,
        score_date,
        account_name,
        segment,
        csm_owner,
        cast(arr as {{ double }}) as arr_at_risk,
        health_score,
        band,
        cast(slope_30d as {{ double }}) as slope_30d,
        direction,
        renewal_date,
        days_to_renewal,
        renewal_window,
        cast(renewal_weight * decline_weight * baseline_weight as {{ double }}) as urgency,
        cast(coalesce(arr, 0) * renewal_weight * decline_weight * baseline_weight as {{ double }}) as priority,
        primary_driver,
        cap_reason,
        focus_component,
        playbook,
        playbook_actions,
        stable_band,
        segment_percentile,
        baseline_gap,
        cast(baseline_weight as {{ double }}) as baseline_weight,
        primary_metric,
        focus_metric,
        focus_detail,
        top_parent_account_id
    from with_playbook
)

select * from final
