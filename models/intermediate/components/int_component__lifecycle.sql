{#-
    Lifecycle: onboarding progress, point in time. An account that has completed every milestone
    is onboarded: its metrics read as perfect, however late it finished, so mature accounts are
    not punished for finished onboarding. The metrics are declared in
    macros/scoring/catalog/health_metric_catalog.sql (see docs/metrics.md).
    Null for accounts without onboarding milestones.
-#}
with account_days as (
    select * from {{ ref('int_accounts__daily') }}
),

milestones as (
    select * from {{ ref('stg_raw__onboarding_milestones') }}
),

progress as (
    select
        account_days.account_id,
        account_days.score_date,
        count(*) as milestones,
        sum(case when milestones.completed_date <= account_days.score_date then 1 else 0 end) as milestones_completed,
        sum(case when milestones.due_date <= account_days.score_date then 1 else 0 end) as milestones_due,
        sum(case
            when milestones.due_date <= account_days.score_date
                and milestones.completed_date <= milestones.due_date
                then 1 else 0
        end) as milestones_on_time,
        sum(case
            when milestones.due_date < account_days.score_date
                and (milestones.completed_date is null or milestones.completed_date > account_days.score_date)
                then 1 else 0
        end) as milestones_overdue
    from account_days
    inner join milestones on account_days.account_id = milestones.account_id
    group by account_days.account_id, account_days.score_date
),

signals as (
    select
        account_days.account_id,
        account_days.score_date,
        account_days.scorecard,
        progress.milestones,
        progress.milestones_completed,
        progress.milestones_due,
        progress.milestones_on_time,
        progress.milestones_overdue
    from account_days
    left join progress
        on account_days.account_id = progress.account_id
        and account_days.score_date = progress.score_date
),

{{ component_metrics('lifecycle') }}

{{ score_component('lifecycle') }}

select * from final
