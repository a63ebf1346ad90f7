{#-
    The days to score: every day from var score_start_date to var score_end_date, or, when they
    are not set, the latest day for which there is data (capped at the load date).
-#}
{%- set start, end = score_date_range() -%}

{%- if start is not none %}

with spine as (
    {{ dbt.date_spine('day', start, dbt.dateadd('day', 1, end)) }}
),

final as (
    select cast(date_day as date) as score_date from spine
)

{%- else %}

with activity_dates as (
    select max(occurred_date) as latest_date from {{ ref('stg_raw__product_events') }}
    union all
    select max(created_date) from {{ ref('stg_raw__support_tickets') }}
    union all
    select max(issued_date) from {{ ref('stg_raw__invoices') }}
    union all
    select max(effective_date) from {{ ref('stg_raw__subscription_events') }}
    union all
    select max(responded_date) from {{ ref('stg_raw__survey_responses') }}
    union all
    select max(assessed_date) from {{ ref('stg_raw__csm_assessments') }}
),

final as (
    select coalesce(max(latest_date), {{ load_date() }}) as score_date from activity_dates
)

{%- endif %}

select * from final
