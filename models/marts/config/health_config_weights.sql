-- Each scorecard's component weights, after a segment's rows override the default ones: the
-- weights the score was computed with (before reweighting over the components present).
with scorecards as (
    select * from {{ ref('int_config__scorecards') }}
),

final as (
    {%- for component in health_components() %}
    select
        scorecard,
        cast('{{ component }}' as {{ api.Column.translate_type('string') }}) as component,
        cast({{ loop.index }} as integer) as component_order,
        cast(weight_{{ component }} as {{ account_health.type_double() }}) as weight
    from scorecards
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
)

select * from final
