{#-
    Lifecycle (SPEC 4.1): onboarding progress, point in time.
    - lifecycle_on_time_share: milestones completed by their due date / milestones due so far
    - lifecycle_overdue_milestones: milestones past due and not completed at the end of the day
    An account that has completed every milestone is onboarded: both metrics read as perfect,
    however late it finished, so mature accounts are not punished for finished onboarding.
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
        sum(case when milestones.completed_date <= account_days.score_date then 1 else 0 end) as completed,
        sum(case when milestones.due_date <= account_days.score_date then 1 else 0 end) as due,
        sum(case
            when milestones.due_date <= account_days.score_date
                and milestones.completed_date <= milestones.due_date
                then 1 else 0
        end) as completed_on_time,
        sum(case
            when milestones.due_date < account_days.score_date
                and (milestones.completed_date is null or milestones.completed_date > account_days.score_date)
                then 1 else 0
        end) as overdue
    from account_days
    inner join milestones on account_days.account_id = milestones.account_id
    group by account_days.account_id, account_days.score_date
),

metrics as (
    select
        account_days.account_id,
        account_days.score_date,
        account_days.scorecard,
        case
            when progress.completed = progress.milestones then cast(1 as {{ account_health.type_double() }})
            when progress.due > 0 then {{ ratio('progress.completed_on_time', 'progress.due') }}
        end as lifecycle_on_time_share,
        case
            when progress.completed = progress.milestones then 0
            else progress.overdue
        end as lifecycle_overdue_milestones
    from account_days
    left join progress
        on account_days.account_id = progress.account_id
        and account_days.score_date = progress.score_date
),

{{ score_component('lifecycle') }}

select * from final
