{#-
    How calm the reported band is: per month and segment (and 'all'), how often the score's own
    band and the stable band (hysteresis and a minimum dwell) changed from one scored day to the
    next, per account per month (30 account-days). Every stable band change is a band_change
    alert (health_alerts), so this is the alert volume before and after the calming rule.
-#}
{%- set double = account_health.type_double() -%}

with history as (
    select account_id, score_date, segment, band, stable_band from {{ ref('fct_account_health_daily') }}
),

sequenced as (
    select
        *,
        lag(score_date) over (partition by account_id order by score_date) as previous_date,
        lag(band) over (partition by account_id order by score_date) as previous_band,
        lag(stable_band) over (partition by account_id order by score_date) as previous_stable_band
    from history
),

flagged as (
    select
        cast({{ dbt.date_trunc('month', 'score_date') }} as date) as month,
        segment,
        account_id,
        case when previous_date = {{ add_days('score_date', -1) }} and band <> previous_band then 1 else 0 end as band_changed,
        case when previous_date = {{ add_days('score_date', -1) }} and stable_band <> previous_stable_band then 1 else 0 end as stable_band_changed
    from sequenced
),

by_segment as (
    select month, segment, account_id, band_changed, stable_band_changed from flagged
    union all
    select month, 'all', account_id, band_changed, stable_band_changed from flagged
),

final as (
    select
        month,
        segment,
        cast(count(distinct account_id) as integer) as accounts,
        cast(count(*) as integer) as account_days,
        cast(sum(band_changed) as integer) as band_changes,
        cast(sum(stable_band_changed) as integer) as stable_band_changes,
        cast({{ ratio('30 * sum(band_changed)', 'count(*)') }} as {{ double }}) as band_changes_per_account_month,
        cast({{ ratio('30 * sum(stable_band_changed)', 'count(*)') }} as {{ double }}) as stable_band_changes_per_account_month
    from by_segment
    group by month, segment
)

select * from final
