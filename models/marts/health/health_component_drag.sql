{#- The product-insight view: per scored day and segment, how many accounts each component drags
    down most (it is their primary driver), the share of the segment's accounts that is, the
    points it costs them on average and the ARR behind them. drag_rank 1 is the component
    holding the most accounts back. -#}
{{ config(**incremental_by_day('score_date')) }}
{%- set double = account_health.type_double() -%}
{%- set day_filter = incremental_day_filter('score_date') %}

with history as (
    select * from {{ ref('fct_account_health_daily') }}
    where primary_driver is not null and {{ day_filter }}
),

segment_sizes as (
    select score_date, segment, count(*) as accounts
    from {{ ref('fct_account_health_daily') }}
    where {{ day_filter }}
    group by score_date, segment
),

by_component as (
    select
        score_date,
        segment,
        primary_driver as component,
        count(*) as accounts_dragged,
        avg(primary_driver_points_lost) as avg_points_lost,
        sum(coalesce(arr, 0)) as arr_dragged
    from history
    group by score_date, segment, primary_driver
),

final as (
    select
        by_component.score_date,
        by_component.segment,
        by_component.component,
        cast(by_component.accounts_dragged as integer) as accounts_dragged,
        cast({{ ratio('by_component.accounts_dragged', 'segment_sizes.accounts') }} as {{ double }})
            as share_of_segment_accounts,
        {{ round_to('by_component.avg_points_lost', 6) }} as avg_points_lost,
        {{ round_to('by_component.arr_dragged', 2) }} as arr_dragged,
        cast(row_number() over (
            partition by by_component.score_date, by_component.segment
            order by by_component.accounts_dragged desc, by_component.arr_dragged desc,
                by_component.component
        ) as integer) as drag_rank
    from by_component
    inner join segment_sizes
        on by_component.score_date = segment_sizes.score_date
        and by_component.segment = segment_sizes.segment
)

select * from final
