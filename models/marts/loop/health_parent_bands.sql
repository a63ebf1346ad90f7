{#- Per top parent, scored day and band: how many accounts of the family (the parent and every
    account below it, int_accounts__families) are in the band that day, and their ARR. The
    family's own score is in health_parent_rollup. Incremental by day. -#}
{{ config(**incremental_by_day('score_date')) }}
{% if is_incremental() %}{{ assert_window_built() }}{% endif %}
{%- set double = account_health.type_double() %}

with score_dates as (
    select score_date from {{ ref('int_health__score_dates') }}
),

family_members as (
    select parent_account_id, account_id from {{ ref('int_accounts__families') }}
),

members as (
    select family_members.parent_account_id, fact.score_date, fact.band, fact.band_rank, fact.arr
    from {{ ref('fct_account_health_daily') }} as fact
    inner join score_dates on fact.score_date = score_dates.score_date
    inner join family_members on fact.account_id = family_members.account_id
),

final as (
    select
        parent_account_id,
        score_date,
        band,
        cast(max(band_rank) as integer) as band_rank,
        cast(count(*) as integer) as accounts,
        cast({{ round_to('sum(coalesce(arr, 0))', 2) }} as {{ double }}) as arr
    from members
    group by parent_account_id, score_date, band
)

select * from final
