{#- The scorecards that exist: default, plus every segment that overrides a weight or a
    threshold. Accounts of any other segment use the default scorecard. -#}
with names as (
    select segment from {{ ref('scoring_weights') }}
    union
    select segment from {{ ref('metric_thresholds') }}
    union
    select 'default'
),

final as (
    select segment as scorecard from names where segment is not null
)

select * from final
