{#- The components of the score, in display and tie-break order (the first of two components
    losing as many points is the primary driver). Each component is one model,
    int_component__<name>, and its metrics are declared in health_metric_catalog. -#}
{% macro health_component_catalog() -%}
    {{ return([
        {'name': 'usage', 'description': 'How much the account uses the product, per active user and over time.'},
        {'name': 'adoption', 'description': 'How broadly the account has taken the product up: users, features, roles, a champion.'},
        {'name': 'value', 'description': 'Whether the account gets outcomes from the product (value events).'},
        {'name': 'lifecycle', 'description': 'Onboarding progress: milestones done on time, none overdue.'},
        {'name': 'support', 'description': 'Friction with support, scaled by seats.'},
        {'name': 'commercial', 'description': 'Billing and contract risk: overdue invoices, failed payments, downgrades, churn notice.'},
        {'name': 'sentiment', 'description': 'What the customer and the CSM say: NPS, CSAT, the CSM assessment, champion turnover.'},
    ]) }}
{%- endmacro %}

{#- The component names, in order. -#}
{% macro health_components() -%}
    {{ return(health_component_catalog() | map(attribute='name') | list) }}
{%- endmacro %}

{#- A quoted, comma-separated SQL list of the components: 'usage', 'adoption', ... -#}
{% macro health_component_list() -%}
    {%- for component in health_components() -%}'{{ component }}'{{ ", " if not loop.last }}{%- endfor -%}
{%- endmacro %}
