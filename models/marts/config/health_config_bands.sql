-- The bands of the active scheme (var band_scheme): a score is in a band when
-- min_score <= score < max_score; the top band also holds max_score (100).
with bands as (
    select * from {{ ref('int_config__bands') }}
),

final as (
    select
        scheme,
        band,
        cast(band_rank as integer) as band_rank,
        cast(min_score as {{ account_health.type_double() }}) as min_score,
        cast(max_score as {{ account_health.type_double() }}) as max_score
    from bands
)

select * from final
