{#-
    Expansion readiness (who is ready to grow), per active account and scored day: three signals
    and whether an account in the top band is ready for an expansion ask.
    - seat_utilisation: distinct users active in the usage window / seats as of the day;
    - user_growth: active users now / active users var('expansion_growth_days') days before, - 1
      (null when the account was not scored then, or had no active user);
    - feature_breadth: core features used in the usage window / the catalog's core features
      (the metric adoption_feature_breadth).
    Each signal scores 0-100 between its low and high (var expansion_signals, normalize_metric);
    readiness_score is their mean (null when a signal is unknown). is_ready: the stable band is
    the top band (rank 1) and every signal reaches its ready_at. potential_arr = ARR x
    var('expansion_uplift'), what a typical expansion adds.
    Incremental by day: the active users of the days before a run are read from the stored rows.
-#}
{{ config(**incremental_by_day('score_date')) }}
{% if is_incremental() %}{{ assert_window_built() }}{% endif %}
{%- set signals = var('expansion_signals') -%}
{%- set growth_days = var('expansion_growth_days') -%}
{%- set double = account_health.type_double() -%}
{%- set string = api.Column.translate_type('string') -%}
{%- set signal_scores = [] -%}
{%- for name in signals -%}{%- do signal_scores.append(name ~ '_score') -%}{%- endfor %}

with score_dates as (
    select score_date from {{ ref('int_health__score_dates') }}
),

fact as (
    select
        account_id, score_date, account_name, segment, csm_owner, arr, seats, renewal_date,
        days_to_renewal, health_score, stable_band, stable_band_rank
    from {{ ref('fct_account_health_daily') }}
    where score_date >= (select min(score_date) from score_dates)
        and score_date <= (select max(score_date) from score_dates)
),

activity as (
    select account_id, activity_date as score_date, active_users_window as active_users
    from {{ ref('int_accounts__activity_windows') }}
),

adoption as (
    select account_id, score_date, adoption_feature_breadth as feature_breadth
    from {{ ref('int_component__adoption') }}
),

window_days as (
    select
        fact.*,
        activity.active_users,
        adoption.feature_breadth
    from fact
    left join activity
        on fact.account_id = activity.account_id
        and fact.score_date = activity.score_date
    left join adoption
        on fact.account_id = adoption.account_id
        and fact.score_date = adoption.score_date
),

{#- active users of every day a window day may compare with: this run's days, and the stored
    days just before them -#}
active_users as (
    select account_id, score_date, active_users from window_days
    {%- if is_incremental() %}
    union all
    select stored.account_id, stored.score_date, stored.active_users
    from {{ this }} as stored
    where stored.score_date < (select min(score_date) from score_dates)
        and stored.score_date >= (select {{ add_days('min(score_date)', -growth_days) }} from score_dates)
    {%- endif %}
),

signals as (
    select
        window_days.*,
        earlier.active_users as active_users_before,
        {{ ratio('window_days.active_users', 'nullif(window_days.seats, 0)') }} as seat_utilisation,
        case when earlier.active_users > 0
            then {{ ratio('window_days.active_users', 'earlier.active_users') }} - 1 end as user_growth
    from window_days
    left join active_users as earlier
        on window_days.account_id = earlier.account_id
        and earlier.score_date = {{ add_days('window_days.score_date', -growth_days) }}
),

scored as (
    select
        *,
        {%- for name, signal in signals.items() %}
        {{ normalize_metric(name, signal.low, signal.high) }} as {{ name }}_score{{ "," if not loop.last }}
        {%- endfor %}
    from signals
),

final as (
    select
        account_id,
        score_date,
        account_name,
        segment,
        csm_owner,
        cast(arr as {{ double }}) as arr,
        cast(seats as integer) as seats,
        renewal_date,
        cast(days_to_renewal as integer) as days_to_renewal,
        cast(health_score as {{ double }}) as health_score,
        cast(stable_band as {{ string }}) as stable_band,
        cast(active_users as integer) as active_users,
        cast(active_users_before as integer) as active_users_before,
        cast(seat_utilisation as {{ double }}) as seat_utilisation,
        cast(user_growth as {{ double }}) as user_growth,
        cast(feature_breadth as {{ double }}) as feature_breadth,
        cast({{ round_to('(' ~ signal_scores | join(' + ') ~ ') / ' ~ signal_scores | length, 2) }} as {{ double }})
            as readiness_score,
        coalesce(stable_band_rank = 1
            {%- for name, signal in signals.items() %}
            and {{ name }} >= {{ signal.ready_at }}
            {%- endfor %}, false) as is_ready,
        cast(coalesce(arr, 0) * {{ var('expansion_uplift') }} as {{ double }}) as potential_arr
    from scored
)

select * from final
