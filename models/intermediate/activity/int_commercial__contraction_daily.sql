{#- Contractions per account and day: downgrades, and seat changes that lower the seat count. -#}
with events as (
    select * from {{ ref('stg_raw__subscription_events') }}
),

sequenced as (
    select
        *,
        lag(seats_after) over (
            partition by account_id order by effective_date, change_order, arr_after
        ) as seats_before
    from events
),

final as (
    select
        account_id,
        effective_date as activity_date,
        count(*) as contractions
    from sequenced
    where
        change_type = 'downgrade'
        or (change_type = 'seat_change' and seats_after < seats_before)
    group by account_id, effective_date
)

select * from final
