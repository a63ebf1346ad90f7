{#-
    The book of business on each scored day: one row per account active at the end of that day,
    with ARR, seats, renewal date and churn notice as of the day (from subscription_events).
    The renewal date is the next renewal on or after the day: the current term's start plus
    whole terms (plans ending in _monthly: 1 month, else var default_term_months), so days to
    renewal is never negative for an active account.
    An account is active from its first subscription event until a churn (and again after a
    later `new`); an account with no subscription events at all is active from created_at, with
    the current ARR, seats and renewal date of the accounts table (no history to go on).
-#}
with score_dates as (
    select score_date from {{ ref('int_health__score_dates') }}
),

accounts as (
    select * from {{ ref('stg_raw__accounts') }}
),

states as (
    select * from {{ ref('int_accounts__subscription_states') }}
),

accounts_with_history as (
    select distinct account_id from states
),

scorecards as (
    select scorecard from {{ ref('int_config__scorecards') }}
),

account_days as (
    select
        accounts.*,
        score_dates.score_date,
        accounts_with_history.account_id is not null as has_subscription_history
    from accounts
    inner join score_dates on accounts.created_date <= score_dates.score_date
    left join accounts_with_history on accounts.account_id = accounts_with_history.account_id
),

as_of as (
    select
        account_days.*,
        states.arr as state_arr,
        states.seats as state_seats,
        states.term_start,
        states.is_churned,
        states.churn_notice_open
    from account_days
    left join states
        on account_days.account_id = states.account_id
        and states.valid_from <= account_days.score_date
        and (states.valid_to is null or account_days.score_date < states.valid_to)
),

active as (
    select *
    from as_of
    where
        (has_subscription_history and term_start is not null and not is_churned)
        or not has_subscription_history
),

final as (
    select
        active.account_id,
        active.score_date,
        active.account_name,
        active.segment,
        coalesce(scorecards.scorecard, 'default') as scorecard,
        active.csm_owner,
        active.created_date,
        case when active.has_subscription_history then active.state_arr else active.arr end as arr,
        case
            when active.has_subscription_history then coalesce(active.state_seats, active.seats_purchased)
            else active.seats_purchased
        end as seats,
        active.term_months,
        {#- the next renewal on or after the day: a contract that renews in place (no new
            subscription event) rolls forward by its term, so it is never in the past -#}
        case
            when active.has_subscription_history
                then {{ next_renewal_date('active.term_start', 'active.term_months', 'active.score_date', 1) }}
            else {{ next_renewal_date('active.renewal_date', 'active.term_months', 'active.score_date', 0) }}
        end as renewal_date,
        coalesce(active.churn_notice_open, false) as churn_notice_open,
        active.has_subscription_history
    from active
    left join scorecards on active.segment = scorecards.scorecard
)

select
    *,
    {{ days_between('score_date', 'renewal_date') }} as days_to_renewal
from final
