{#-
    Commercial state of each account between subscription events: ARR, seats, current term
    start, churned or not, churn notice open or not, valid from `valid_from` until the day before
    `valid_to` (null: still valid). Several events on one day collapse to the state after the
    last one (order: new, renewal, upgrade/downgrade/seat_change, churn_notice, churn).
    A churn notice stays open until the account churns or recommits (new, renewal, upgrade).
-#}
with events as (
    select * from {{ ref('stg_raw__subscription_events') }}
),

ordered as (
    select
        *,
        row_number() over (
            partition by account_id
            order by effective_date, change_order, change_type, arr_after, seats_after
        ) as event_seq
    from events
),

running as (
    select
        *,
        count(arr_after) over (
            partition by account_id order by event_seq rows between unbounded preceding and current row
        ) as arr_group,
        count(seats_after) over (
            partition by account_id order by event_seq rows between unbounded preceding and current row
        ) as seats_group,
        max(case when change_type in ('new', 'renewal') then effective_date end) over (
            partition by account_id order by event_seq rows between unbounded preceding and current row
        ) as term_start,
        max(case when change_type in ('new', 'renewal', 'upgrade') then event_seq end) over (
            partition by account_id order by event_seq rows between unbounded preceding and current row
        ) as last_commit_seq,
        max(case when change_type = 'churn' then event_seq end) over (
            partition by account_id order by event_seq rows between unbounded preceding and current row
        ) as last_churn_seq,
        max(case when change_type = 'churn_notice' then event_seq end) over (
            partition by account_id order by event_seq rows between unbounded preceding and current row
        ) as last_notice_seq
    from ordered
),

filled as (
    select
        *,
        {#- each group starts at a non-null value and runs until the next one: carry it forward -#}
        max(arr_after) over (partition by account_id, arr_group) as arr,
        max(seats_after) over (partition by account_id, seats_group) as seats,
        row_number() over (
            partition by account_id, effective_date order by event_seq desc
        ) as rank_in_day
    from running
),

end_of_day as (
    select * from filled where rank_in_day = 1
),

final as (
    select
        account_id,
        effective_date as valid_from,
        lead(effective_date) over (partition by account_id order by effective_date) as valid_to,
        arr,
        case when seats > 0 then seats end as seats,
        term_start,
        coalesce(last_churn_seq > coalesce(last_commit_seq, 0), false) as is_churned,
        coalesce(
            last_notice_seq > coalesce(last_commit_seq, 0)
            and not coalesce(last_churn_seq > coalesce(last_commit_seq, 0), false),
            false
        ) as churn_notice_open
    from end_of_day
)

select * from final
