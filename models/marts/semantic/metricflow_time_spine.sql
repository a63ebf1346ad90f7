{#-
    The calendar MetricFlow joins to (dbt's time spine): one row per day from var
    time_spine_start to var time_spine_end, both included. The semantic layer needs it for
    metrics over time; the range only has to cover the days the data can hold.
-#}
with days as (
    {{ dbt.date_spine(
        'day',
        "cast('" ~ var('time_spine_start') ~ "' as date)",
        dbt.dateadd('day', 1, "cast('" ~ var('time_spine_end') ~ "' as date)")
    ) }}
),

final as (
    select cast(date_day as date) as date_day from days
)

select * from final
