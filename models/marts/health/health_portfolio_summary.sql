{#- Portfolio summary: per scored day, segment and band, the accounts, their ARR, and
    their share of the segment's ARR and of the whole book's ARR that day. -#}
{{ config(**incremental_by_day('score_date')) }}
{%- set double = account_health.type_double() -%}
{%- set day_filter = incremental_day_filter('score_date') %}

with history as (
    select * from {{ ref('fct_account_health_daily') }}
    where {{ day_filter }}
),

by_band as (
    select
        score_date,
        segment,
        band,
        count(*) as accounts,
        {{ round_to('sum(coalesce(arr, 0))', 2) }} as arr
    from history
    group by score_date, segment, band
),

final as (
    select
        score_date,
        segment,
        band,
        cast(accounts as integer) as accounts,
        cast(arr as {{ double }}) as arr,
        cast(case when sum(arr) over (partition by score_date, segment) > 0
            then arr / sum(arr) over (partition by score_date, segment) end as {{ double }})
            as share_of_segment_arr,
        cast(case when sum(arr) over (partition by score_date) > 0
            then arr / sum(arr) over (partition by score_date) end as {{ double }})
            as share_of_book_arr
    from by_band
)

select * from final
