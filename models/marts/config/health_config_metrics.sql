-- The metric dictionary: every metric of the score, what it means and how it is computed.
with metrics as (
    select * from {{ ref('int_config__metrics') }}
),

final as (
    select
        metric,
        component,
        component_order,
        metric_order,
        direction,
        description,
        measures,
        windows,
        definition_sql
    from metrics
)

select * from final
