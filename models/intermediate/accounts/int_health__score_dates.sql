{#-
    The days to score: every day from var score_start_date to var score_end_date; without a
    start date, the end date (default: the latest day for which there is data, capped at the
    load date) and the var('late_data_lookback_days') days before it.
-#}
{#- The same upstream models whichever branch compiles, so the DAG does not change with vars: #}
/* depends_on: {{ ref('stg_raw__product_events') }}, {{ ref('stg_raw__support_tickets') }}, {{ ref('stg_raw__invoices') }} */
/* depends_on: {{ ref('stg_raw__subscription_events') }}, {{ ref('stg_raw__survey_responses') }}, {{ ref('stg_raw__csm_assessments') }} */
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

latest as (
    select coalesce(max(latest_date), {{ load_date() }}) as latest_date from activity_dates
),

final as (
    select {{ add_days('latest.latest_date', '- numbers.generated_number + 1') }} as score_date
    from latest
    cross join ({{ dbt.generate_series(1 + var('late_data_lookback_days')) }}) as numbers
)

{%- endif %}

select * from final
