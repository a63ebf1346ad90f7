{#-
    The bands of the active scheme (var band_scheme), with their score ranges.
    Validated when it runs, for every scheme in the seed: bands must cover 0-100 with no gap or
    overlap (each band's max_score is the next band's min_score), ranks must be unique and count
    1, 2, ... from the highest band down (the stable band counts ranks across edges), and the
    active scheme must exist.
-#}
{%- set scheme = var('band_scheme') -%}
{%- set check_sql -%}
with bands as (
    select scheme, band, band_rank, min_score, max_score from {{ ref('score_bands') }}
),

ordered as (
    select
        *,
        lead(min_score) over (partition by scheme order by min_score) as next_min,
        lead(band) over (partition by scheme order by min_score) as next_band,
        row_number() over (partition by scheme order by min_score) as position_from_bottom,
        row_number() over (partition by scheme order by min_score desc) as position_from_top
    from bands
)

select 'row scheme=' || scheme || ', band=' || band || ': min_score must be below max_score, got '
    || cast(min_score as {{ dbt.type_string() }}) || ' to ' || cast(max_score as {{ dbt.type_string() }}) as problem
from ordered
where not min_score < max_score

union all

select 'rows scheme=' || scheme || ', bands ' || band || ' and ' || next_band || ': '
    || case when max_score > next_min then 'overlap' else 'leave a gap' end
    || ' (' || band || ' ends at ' || cast(max_score as {{ dbt.type_string() }}) || ', '
    || next_band || ' starts at ' || cast(next_min as {{ dbt.type_string() }}) || ')'
from ordered
where next_min is not null and max_score <> next_min

union all

select 'row scheme=' || scheme || ', band=' || band || ': the lowest band must start at 0'
from ordered
where position_from_bottom = 1 and min_score <> 0

union all

select 'row scheme=' || scheme || ', band=' || band || ': the highest band must end at 100'
from ordered
where position_from_top = 1 and max_score <> 100

union all

select 'rows scheme=' || scheme || ': band_rank ' || cast(band_rank as {{ dbt.type_string() }}) || ' is used more than once'
from bands
group by scheme, band_rank
having count(*) > 1

union all

select 'row scheme=' || scheme || ', band=' || band || ': band_rank is ' || cast(band_rank as {{ dbt.type_string() }})
    || ', but ranks must count 1, 2, ... from the highest band down (expected ' || cast(position_from_top as {{ dbt.type_string() }}) || ')'
from ordered
where band_rank <> position_from_top

union all

select 'var band_scheme is {{ scheme }}, but the seed has no band of that scheme'
from (select count(*) as n from bands where scheme = '{{ scheme }}') as active
where n = 0
{%- endset -%}

{{ assert_valid_config('score_bands', check_sql) }}

with bands as (
    select * from {{ ref('score_bands') }}
),

final as (
    select
        scheme,
        band,
        band_rank,
        min_score,
        max_score
    from bands
    where scheme = '{{ scheme }}'
)

select * from final
