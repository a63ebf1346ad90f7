{#-
    Hard-stop caps that hold for each account and day (seeds/score_caps.csv): the binding cap
    is the lowest (ties: first cap_id), with its reason; every cap that holds is listed too.
    Only the metrics the caps seed names are read (all of them while dbt parses, so the
    dependencies on every component model are known).
-#}
{%- set catalog = health_metrics() -%}
{%- set cap_metrics = [] -%}
{%- if execute -%}
    {%- set caps_relation = ref('int_config__caps') -%}
    {%- set named = run_query('select distinct metric from ' ~ caps_relation) -%}
    {%- for row in named.rows -%}{%- do cap_metrics.append(row[0]) -%}{%- endfor -%}
{%- endif -%}
{%- set branches = [] -%}
{%- for component, metrics in catalog.items() -%}
    {%- for metric in metrics -%}
        {%- if not execute or metric in cap_metrics -%}
            {%- do branches.append((component, metric)) -%}
        {%- endif -%}
    {%- endfor -%}
{%- endfor %}

with caps as (
    select * from {{ ref('int_config__caps') }}
),

signals as (
    {%- for component, metric in branches %}
    select
        account_id,
        score_date,
        '{{ metric }}' as metric,
        cast({{ metric }} as {{ account_health.type_double() }}) as metric_value
    from {{ ref('int_component__' ~ component) }}
    where {{ metric }} is not null
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
    {%- if branches | length == 0 %}
    select
        cast(null as {{ api.Column.translate_type('string') }}) as account_id,
        cast(null as date) as score_date,
        cast(null as {{ api.Column.translate_type('string') }}) as metric,
        cast(null as {{ account_health.type_double() }}) as metric_value
    where 1 = 0
    {%- endif %}
),

triggered as (
    select
        signals.account_id,
        signals.score_date,
        caps.cap_id,
        caps.cap_score,
        caps.reason
    from signals
    inner join caps on signals.metric = caps.metric
    where
        case caps.operator
            when '>=' then signals.metric_value >= caps.threshold
            when '>' then signals.metric_value > caps.threshold
            when '<=' then signals.metric_value <= caps.threshold
            when '<' then signals.metric_value < caps.threshold
            when '=' then signals.metric_value = caps.threshold
        end
),

ranked as (
    select
        *,
        row_number() over (
            partition by account_id, score_date order by cap_score, cap_id
        ) as cap_rank
    from triggered
),

all_caps as (
    select
        account_id,
        score_date,
        count(*) as caps_triggered,
        {{ account_health.sorted_listagg('cap_id', "', '") }} as triggered_cap_ids
    from triggered
    group by account_id, score_date
),

final as (
    select
        ranked.account_id,
        ranked.score_date,
        ranked.cap_id,
        ranked.cap_score,
        ranked.reason as cap_reason,
        all_caps.caps_triggered,
        all_caps.triggered_cap_ids
    from ranked
    inner join all_caps
        on ranked.account_id = all_caps.account_id
        and ranked.score_date = all_caps.score_date
    where ranked.cap_rank = 1
)

select * from final
