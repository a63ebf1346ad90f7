{#-
    What happened to each account, from subscription_events: one row per account and day on
    which it churned, contracted (ARR went down without churning), expanded (ARR went up) or
    renewed. The backtest looks for these within a horizon after each observation day.
-#}
with events as (
    select * from {{ ref('stg_raw__subscription_events') }}
),

with_previous as (
    select
        account_id,
        effective_date,
        change_type,
        arr_after,
        lag(arr_after) over (
            partition by account_id order by effective_date, change_order
        ) as arr_before
    from events
    where change_type <> 'churn_notice'
),

final as (
    select
        account_id,
        effective_date as event_date,
        max(case when change_type = 'churn' then 1 else 0 end) as is_churn,
        max(case when change_type <> 'churn' and arr_after < arr_before then 1 else 0 end) as is_contraction,
        max(case when change_type <> 'churn' and arr_after > arr_before then 1 else 0 end) as is_expansion,
        max(case when change_type = 'renewal' then 1 else 0 end) as is_renewal
    from with_previous
    group by account_id, effective_date
)

select * from final
