{#-
    Did the play work, per playbook: for each playbook (and the component it targets), segment
    (and 'all') and horizon, over its actions that could be measured (health_playbook_actions:
    scored on the action and the horizon day, with comparable accounts):
    - the median and mean lift of the score and of the targeted subscore (difference in
      differences against comparable accounts), with a 95% interval of the mean
      (mean +/- 1.96 x standard deviation / sqrt(n));
    - how many climbed a (stable) band by the horizon;
    - churn and renewal within var backtest_horizon_days after the play, over the actions whose
      outcome is known (not censored), with the counts behind each rate.
    verdict: judged on the targeted subscore's lift (the score's when no component is
    targeted): lifts (the interval is above 0), lowers (below 0), no effect shown (it spans 0),
    or too few actions (fewer than var impact_min_actions measured).
-#}
{%- set double = account_health.type_double() -%}
{%- set string = api.Column.translate_type('string') %}

with actions as (
    select
        playbook, component, segment, horizon_days, score_lift, subscore_lift, climbed_band,
        outcome_censored, churned, renewed
    from {{ ref('health_playbook_actions') }}
),

by_segment as (
    select * from actions
    union all
    select
        playbook, component, 'all' as segment, horizon_days, score_lift, subscore_lift,
        climbed_band, outcome_censored, churned, renewed
    from actions
    where segment is not null
),

measured as (
    select
        *,
        case when score_lift is not null then 1 else 0 end as is_measured,
        case when component is not null then subscore_lift else score_lift end as judged_lift
    from by_segment
),

grouped as (
    select
        playbook,
        component,
        coalesce(segment, 'unscored') as segment,
        horizon_days,
        count(*) as actions,
        sum(is_measured) as measured,
        {{ median_of('score_lift') }} as median_score_lift,
        avg(score_lift) as mean_score_lift,
        stddev_samp(score_lift) as sd_score_lift,
        {{ median_of('subscore_lift') }} as median_subscore_lift,
        avg(subscore_lift) as mean_subscore_lift,
        stddev_samp(subscore_lift) as sd_subscore_lift,
        count(subscore_lift) as measured_subscore,
        avg(judged_lift) as mean_judged_lift,
        stddev_samp(judged_lift) as sd_judged_lift,
        count(judged_lift) as measured_judged,
        sum(case when is_measured = 1 and climbed_band then 1 else 0 end) as climbed_band,
        sum(case when outcome_censored then 0 else 1 end) as outcomes_known,
        sum(case when outcome_censored then 0 else churned end) as churned,
        sum(case when outcome_censored then 0 else renewed end) as renewed
    from measured
    group by playbook, component, coalesce(segment, 'unscored'), horizon_days
),

intervals as (
    select
        *,
        1.96 * sd_score_lift / sqrt(nullif(measured, 0)) as score_margin,
        1.96 * sd_subscore_lift / sqrt(nullif(measured_subscore, 0)) as subscore_margin,
        1.96 * sd_judged_lift / sqrt(nullif(measured_judged, 0)) as judged_margin
    from grouped
),

final as (
    select
        cast(playbook as {{ string }}) as playbook,
        cast(component as {{ string }}) as component,
        cast(segment as {{ string }}) as segment,
        cast(horizon_days as integer) as horizon_days,
        cast(actions as integer) as actions,
        cast(measured as integer) as measured,
        cast({{ round_to('median_score_lift', 4) }} as {{ double }}) as median_score_lift,
        cast({{ round_to('mean_score_lift', 4) }} as {{ double }}) as mean_score_lift,
        cast({{ round_to('mean_score_lift - score_margin', 4) }} as {{ double }}) as score_lift_low,
        cast({{ round_to('mean_score_lift + score_margin', 4) }} as {{ double }}) as score_lift_high,
        cast({{ round_to('median_subscore_lift', 4) }} as {{ double }}) as median_subscore_lift,
        cast({{ round_to('mean_subscore_lift', 4) }} as {{ double }}) as mean_subscore_lift,
        cast({{ round_to('mean_subscore_lift - subscore_margin', 4) }} as {{ double }}) as subscore_lift_low,
        cast({{ round_to('mean_subscore_lift + subscore_margin', 4) }} as {{ double }}) as subscore_lift_high,
        cast(climbed_band as integer) as climbed_band,
        cast(case when measured > 0 then {{ ratio('climbed_band', 'measured') }} end as {{ double }}) as climbed_band_share,
        cast(outcomes_known as integer) as outcomes_known,
        cast(churned as integer) as churned,
        cast(case when outcomes_known > 0 then {{ ratio('churned', 'outcomes_known') }} end as {{ double }}) as churn_rate,
        cast(renewed as integer) as renewed,
        cast(case when outcomes_known > 0 then {{ ratio('renewed', 'outcomes_known') }} end as {{ double }}) as renewal_rate,
        cast(case
            when measured_judged < {{ var('impact_min_actions') }} then 'too few actions'
            when mean_judged_lift - judged_margin > 0 then 'lifts'
            when mean_judged_lift + judged_margin < 0 then 'lowers'
            else 'no effect shown'
        end as {{ string }}) as verdict
    from intervals
)

select * from final
