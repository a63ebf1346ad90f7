{#-
    How well the score predicts churn, per segment (and 'all') and predictor: the health score,
    each subscore alone and each metric's 0-100 score alone (which inputs carry signal and which
    are noise; predictor = the component or metric name), and the band alone: predictor `band`
    (the score's band) and `stable_band` (the reported band, with hysteresis and a minimum
    dwell), ranked best band first, so the calm band can be checked to predict no worse.
    Over the uncensored observations with a value:
    - auc: ROC AUC, the chance that an account that stayed scored higher than one that churned
      (ties count one half): Mann-Whitney U from average ranks, computed in SQL. 0.5 is a coin.
    - top_decile_lift: churn rate among the lowest-scoring tenth / churn rate overall.
    - for the health score: the renewal-rate spread between the best and the worst band, and
      whether churn rates rise monotonically from the best band to the worst, over the bands
      with at least var('backtest_min_band_observations') observations (null with fewer than
      two such bands).
-#}
{%- set double = account_health.type_double() -%}

with observations as (
    select * from {{ ref('health_backtest_observations') }}
    where not is_censored
),

metric_values as (
    select * from {{ ref('health_backtest_metric_values') }}
    where not is_censored and metric_score is not null
),

bands as (
    select * from {{ ref('health_backtest_bands') }}
),

by_predictor as (
    {%- set columns = {'health_score': 'health_score', 'band': '-band_rank', 'stable_band': '-stable_band_rank'} %}
    {%- for predictor in ['health_score', 'band', 'stable_band'] + health_components() %}
    {%- set column = columns.get(predictor, predictor ~ '_subscore') %}
    select
        segment,
        '{{ predictor }}' as predictor,
        account_id,
        observation_date,
        cast({{ column }} as {{ double }}) as value,
        churned
    from observations
    where ({{ column }}) is not null
    union all
    {%- endfor %}
    select
        segment,
        metric as predictor,
        account_id,
        observation_date,
        metric_score as value,
        churned
    from metric_values
),

long as (
    select * from by_predictor
    union all
    select 'all' as segment, predictor, account_id, observation_date, value, churned from by_predictor
),

{#- Ranks from counts: one row per distinct value (scores and subscores repeat a lot), with
    the number of rows below it. Ties share the mean of their ranks: below + (n + 1) / 2. -#}
valued as (
    select segment, predictor, value, count(*) as n, sum(churned) as churned
    from long
    group by segment, predictor, value
),

placed as (
    select
        *,
        coalesce(sum(n) over (
            partition by segment, predictor order by value rows between unbounded preceding and 1 preceding
        ), 0) as below,
        {#- the lowest tenth: the first ceiling(total / 10) rows by value (then account and day),
            the first of ntile(10) -#}
        cast(ceiling(sum(n) over (partition by segment, predictor) / 10.0) as integer) as decile_rows
    from valued
),

{#- the value the lowest tenth ends inside: only its rows need ordering (by account and day) -#}
boundary as (
    select
        long.segment,
        long.predictor,
        long.churned,
        placed.decile_rows - placed.below as taken,
        row_number() over (
            partition by long.segment, long.predictor order by long.account_id, long.observation_date
        ) as position
    from long
    inner join placed
        on long.segment = placed.segment
        and long.predictor = placed.predictor
        and long.value = placed.value
    where placed.below < placed.decile_rows
        and placed.below + placed.n > placed.decile_rows
),

boundary_churned as (
    select segment, predictor, sum(case when position <= taken then churned else 0 end) as churned
    from boundary
    group by segment, predictor
),

counted as (
    select
        placed.segment,
        placed.predictor,
        sum(placed.n) as observations,
        sum(placed.churned) as churned,
        sum(placed.n) - sum(placed.churned) as retained,
        sum((placed.n - placed.churned) * (placed.below + {{ ratio('placed.n + 1', '2') }})) as retained_rank_sum,
        sum(case when placed.below + placed.n <= placed.decile_rows then placed.churned else 0 end)
            + coalesce(max(boundary_churned.churned), 0) as churned_lowest_decile,
        max(placed.decile_rows) as lowest_decile
    from placed
    left join boundary_churned
        on placed.segment = boundary_churned.segment
        and placed.predictor = boundary_churned.predictor
    group by placed.segment, placed.predictor
),

{#- only bands with enough observations (var backtest_min_band_observations) say anything about
    the shape; with fewer than two of them, spread and monotonicity are unknown (null) -#}
band_shape as (
    select
        segment,
        case when count(*) >= 2 then
            max(case when band_rank = best_rank then renewal_rate end)
                - max(case when band_rank = worst_rank then renewal_rate end)
        end as renewal_rate_spread,
        case when count(*) >= 2 then
            min(case when previous_churn_rate is null or churn_rate >= previous_churn_rate then 1 else 0 end)
        end as bands_monotonic
    from (
        select
            bands.*,
            min(band_rank) over (partition by segment) as best_rank,
            max(band_rank) over (partition by segment) as worst_rank,
            lag(churn_rate) over (partition by segment order by band_rank) as previous_churn_rate
        from bands
        where not bands.too_few_observations
    ) as ordered
    group by segment
),

final as (
    select
        counted.segment,
        counted.predictor,
        cast(counted.observations as integer) as observations,
        cast(counted.churned as integer) as churned,
        {{ ratio('counted.churned', 'counted.observations') }} as churn_rate,
        case
            when counted.churned > 0 and counted.retained > 0 then
                {{ ratio('counted.retained_rank_sum - (counted.retained * (counted.retained + 1)) / 2', 'counted.retained * counted.churned') }}
        end as auc,
        case
            when counted.churned > 0 then
                {{ ratio('counted.churned_lowest_decile', 'counted.lowest_decile') }}
                / {{ ratio('counted.churned', 'counted.observations') }}
        end as top_decile_lift,
        case when counted.predictor = 'health_score' then band_shape.renewal_rate_spread end as renewal_rate_spread,
        case
            when counted.predictor = 'health_score' then band_shape.bands_monotonic = 1
        end as bands_monotonic
    from counted
    left join band_shape
        on counted.segment = band_shape.segment
)

select * from final
