{#-
    Every metric of the score, declared once. Everything else reads this list: the component
    models compute these columns (component_metrics), the windows model computes the measures
    they name, seeds/metric_thresholds.csv must give each a default low/high (checked by
    int_config__metric_thresholds, which also checks the direction), the caps seed may name any
    of them, the published metric dictionary (health_config_metrics) and docs/metrics.md list
    them, the backtest scores each one alone, and the threshold proposal fits them.

    Each metric:
      name        the column (prefix: its component)
      component   one of health_components()
      direction   higher_is_better or lower_is_better: which way the seed's low/high must run
                  (low < high when higher is better; the seed swaps them when less is better)
      description what it means, for a CSM
      label       a short name shown with its value ("active users of seats: 22%")
      unit        how its value reads: share (0-1, shown as a percentage), count, number (one
                  decimal) or flag (yes / no); see macro format_metric_value
      measures    the window measures it reads (health_window_measures); none when it reads
                  only its component model's own signals
      when        optional SQL condition: the metric is null (no data, not zero) unless it holds
      sql         its value, over the columns of the component model's `signals` CTE
    A new metric whose signal already exists is one entry here plus its row in
    seeds/metric_thresholds.csv.
-#}
{% macro health_metric_catalog() -%}
    {%- set double = account_health.type_double() -%}
    {%- set usage_window = var('usage_window_days') -%}
    {%- set value_lookback = var('value_lookback_days') -%}
    {%- set account_age = account_health.days_between('created_date', 'score_date') -%}
    {%- set product = 'events_available > 0' -%}
    {%- set tickets = 'has_support_data and tickets_created_window > 0' -%}
    {{ return([
        {'name': 'usage_core_actions_per_active_user', 'component': 'usage', 'direction': 'higher_is_better',
         'description': 'Core actions in the usage window per user active in it (0 when nobody was active).',
         'label': 'core actions per active user', 'unit': 'number',
         'measures': ['core_actions_window', 'active_users_window'],
         'when': product,
         'sql': 'case when active_users_window > 0 then ' ~ account_health.ratio('core_actions_window', 'active_users_window') ~ ' else 0.0 end'},
        {'name': 'usage_active_days_share', 'component': 'usage', 'direction': 'higher_is_better',
         'description': "Share of the usage window's days with any product activity.",
         'label': 'active days of the window', 'unit': 'share',
         'measures': ['active_days_window'],
         'when': product,
         'sql': account_health.ratio('active_days_window', usage_window)},
        {'name': 'usage_trend_ratio', 'component': 'usage', 'direction': 'higher_is_better',
         'description': 'Core actions in this usage window / in the one before (null for accounts younger than two windows or idle in the earlier one).',
         'label': 'core actions vs the window before', 'unit': 'share',
         'measures': ['core_actions_window', 'core_actions_prior_window'],
         'when': product ~ ' and ' ~ account_age ~ ' >= ' ~ (2 * usage_window) ~ ' and core_actions_prior_window > 0',
         'sql': account_health.ratio('core_actions_window', 'core_actions_prior_window')},

        {'name': 'adoption_active_user_ratio', 'component': 'adoption', 'direction': 'higher_is_better',
         'description': 'Distinct users active in the usage window / seats as of the day.',
         'label': 'active users of seats', 'unit': 'share',
         'measures': ['active_users_window'],
         'when': product ~ ' and seats > 0',
         'sql': account_health.ratio('active_users_window', 'seats')},
        {'name': 'adoption_feature_breadth', 'component': 'adoption', 'direction': 'higher_is_better',
         'description': 'Distinct features used in the usage window / core features of the event catalog (an uncatalogued event name counts as one more feature used).',
         'label': 'core features used', 'unit': 'share',
         'measures': ['core_features_window'],
         'when': product ~ ' and catalog_core_features > 0',
         'sql': account_health.ratio('core_features_window', 'catalog_core_features')},
        {'name': 'adoption_role_breadth', 'component': 'adoption', 'direction': 'higher_is_better',
         'description': 'Distinct user roles active in the usage window / roles the account has.',
         'label': 'roles active', 'unit': 'share',
         'measures': ['active_roles_window'],
         'when': product ~ ' and account_roles > 0',
         'sql': account_health.ratio('active_roles_window', 'account_roles')},
        {'name': 'adoption_champion_present', 'component': 'adoption', 'direction': 'higher_is_better',
         'description': 'A champion user exists and is not deactivated (1), or not (0); null without user data.',
         'label': 'champion present', 'unit': 'flag',
         'measures': [],
         'when': 'has_user_data',
         'sql': 'coalesce(champion_present, 0)'},

        {'name': 'value_events_in_window', 'component': 'value', 'direction': 'higher_is_better',
         'description': 'Value events (seeds/event_catalog.csv) in the usage window.',
         'label': 'value events in the window', 'unit': 'count',
         'measures': ['value_events_window'],
         'when': product,
         'sql': 'value_events_window'},
        {'name': 'value_days_since_last', 'component': 'value', 'direction': 'lower_is_better',
         'description': 'Days since the last value event, counted up to the value lookback (the lookback when there was none; for a new account, at most its age).',
         'label': 'days since the last value event', 'unit': 'count',
         'measures': ['last_value_date'],
         'when': product,
         'sql': 'case when last_value_date is not null then ' ~ account_health.days_between('last_value_date', 'score_date')
                ~ ' when ' ~ account_age ~ ' < ' ~ value_lookback ~ ' then ' ~ account_age ~ ' else ' ~ value_lookback ~ ' end'},

        {'name': 'lifecycle_on_time_share', 'component': 'lifecycle', 'direction': 'higher_is_better',
         'description': 'Onboarding milestones completed by their due date / milestones due so far (1 once every milestone is done).',
         'label': 'milestones done on time', 'unit': 'share',
         'measures': [],
         'sql': 'case when milestones_completed = milestones then cast(1 as ' ~ double ~ ') when milestones_due > 0 then '
                ~ account_health.ratio('milestones_on_time', 'milestones_due') ~ ' end'},
        {'name': 'lifecycle_overdue_milestones', 'component': 'lifecycle', 'direction': 'lower_is_better',
         'description': 'Milestones past due and not completed at the end of the day (0 once every milestone is done).',
         'label': 'overdue milestones', 'unit': 'count',
         'measures': [],
         'sql': 'case when milestones_completed = milestones then 0 else milestones_overdue end'},

        {'name': 'support_open_high_severity', 'component': 'support', 'direction': 'lower_is_better',
         'description': 'High-severity tickets (severity 1 to var high_severity_max_level, default 2) open at the end of the day.',
         'label': 'open high-severity tickets', 'unit': 'count',
         'measures': ['open_high_severity_tickets'],
         'when': 'has_support_data',
         'sql': 'open_high_severity_tickets'},
        {'name': 'support_open_sev1', 'component': 'support', 'direction': 'lower_is_better',
         'description': 'Severity-1 tickets open at the end of the day (weight 0 by default: it drives a cap).',
         'label': 'open severity-1 tickets', 'unit': 'count',
         'measures': ['open_sev1_tickets'],
         'when': 'has_support_data',
         'sql': 'open_sev1_tickets'},
        {'name': 'support_tickets_per_10_seats', 'component': 'support', 'direction': 'lower_is_better',
         'description': 'Tickets opened in the support window per 10 seats.',
         'label': 'tickets per 10 seats', 'unit': 'number',
         'measures': ['tickets_created_window'],
         'when': 'has_support_data and seats > 0',
         'sql': account_health.ratio('10 * tickets_created_window', 'seats')},
        {'name': 'support_escalation_rate', 'component': 'support', 'direction': 'lower_is_better',
         'description': "Share of the support window's tickets that were escalated.",
         'label': 'tickets escalated', 'unit': 'share',
         'measures': ['tickets_escalated_window', 'tickets_created_window'],
         'when': tickets,
         'sql': account_health.ratio('tickets_escalated_window', 'tickets_created_window')},
        {'name': 'support_reopen_rate', 'component': 'support', 'direction': 'lower_is_better',
         'description': "Share of the support window's tickets that were reopened.",
         'label': 'tickets reopened', 'unit': 'share',
         'measures': ['tickets_reopened_window', 'tickets_created_window'],
         'when': tickets,
         'sql': account_health.ratio('tickets_reopened_window', 'tickets_created_window')},
        {'name': 'support_sla_breach_rate', 'component': 'support', 'direction': 'lower_is_better',
         'description': 'First-response SLA breaches (seeds/support_severity.csv) known in the support window / tickets opened in it (at most 1).',
         'label': 'first responses past the SLA', 'unit': 'share',
         'measures': ['sla_breaches_window', 'tickets_created_window'],
         'when': tickets,
         'sql': 'case when sla_breaches_window >= tickets_created_window then cast(1 as ' ~ double ~ ') else '
                ~ account_health.ratio('sla_breaches_window', 'tickets_created_window') ~ ' end'},
        {'name': 'support_csat', 'component': 'support', 'direction': 'higher_is_better',
         'description': 'Mean CSAT (1-5) of tickets resolved in the support window.',
         'label': 'ticket CSAT (1-5)', 'unit': 'number',
         'measures': ['ticket_csat_sum_window', 'ticket_csat_responses_window'],
         'when': 'has_support_data and ticket_csat_responses_window > 0',
         'sql': account_health.ratio('ticket_csat_sum_window', 'ticket_csat_responses_window')},

        {'name': 'commercial_days_past_due', 'component': 'commercial', 'direction': 'lower_is_better',
         'description': 'Days the oldest invoice unpaid at the end of the day is past its due date (0 when nothing is overdue; void invoices never count; null before the first invoice).',
         'label': 'days past due', 'unit': 'count',
         'measures': [],
         'sql': 'days_past_due'},
        {'name': 'commercial_failed_payments', 'component': 'commercial', 'direction': 'lower_is_better',
         'description': 'Failed payment attempts on invoices issued in the commercial window (failed_attempts is a current count: it is read as of now).',
         'label': 'failed payments', 'unit': 'count',
         'measures': [],
         'sql': 'failed_payments'},
        {'name': 'commercial_downgrades', 'component': 'commercial', 'direction': 'lower_is_better',
         'description': 'Downgrades and seat reductions in the commercial window (null without subscription history).',
         'label': 'downgrades', 'unit': 'count',
         'measures': ['contractions_window'],
         'when': 'has_subscription_history',
         'sql': 'contractions_window'},
        {'name': 'commercial_churn_notice', 'component': 'commercial', 'direction': 'lower_is_better',
         'description': 'A churn notice is open (1) or not (0); it also caps the score.',
         'label': 'churn notice open', 'unit': 'flag',
         'measures': [],
         'when': 'has_subscription_history',
         'sql': 'case when churn_notice_open then 1 else 0 end'},

        {'name': 'sentiment_nps', 'component': 'sentiment', 'direction': 'higher_is_better',
         'description': 'Mean NPS answer (0-10) in the sentiment window.',
         'label': 'NPS answer (0-10)', 'unit': 'number',
         'measures': ['nps_sum_window', 'nps_responses_window'],
         'when': 'nps_responses_window > 0',
         'sql': account_health.ratio('nps_sum_window', 'nps_responses_window')},
        {'name': 'sentiment_csat', 'component': 'sentiment', 'direction': 'higher_is_better',
         'description': 'Mean CSAT survey answer (1-5) in the sentiment window.',
         'label': 'survey CSAT (1-5)', 'unit': 'number',
         'measures': ['survey_csat_sum_window', 'survey_csat_responses_window'],
         'when': 'survey_csat_responses_window > 0',
         'sql': account_health.ratio('survey_csat_sum_window', 'survey_csat_responses_window')},
        {'name': 'sentiment_csm', 'component': 'sentiment', 'direction': 'higher_is_better',
         'description': "The CSM's latest assessment (1-5; red/amber/green = 1/3/5) while it is valid: until valid_until (or csm_assessment_valid_days after it was made) or a newer one.",
         'label': 'CSM assessment (1-5)', 'unit': 'number',
         'measures': [],
         'sql': 'csm_sentiment'},
        {'name': 'sentiment_champion_lost', 'component': 'sentiment', 'direction': 'lower_is_better',
         'description': 'Champions deactivated in the champion window; only counted when a survey answer or a valid assessment speaks for the account.',
         'label': 'champions lost', 'unit': 'count',
         'measures': [],
         'when': 'nps_responses_window > 0 or survey_csat_responses_window > 0 or csm_sentiment is not null',
         'sql': 'champions_lost'},
    ]) }}
{%- endmacro %}

{#- component -> the names of its metrics, in catalog order. -#}
{% macro health_metrics() -%}
    {%- set out = {} -%}
    {%- for component in health_components() -%}
        {%- do out.update({component: []}) -%}
    {%- endfor -%}
    {%- for metric in health_metric_catalog() -%}
        {%- if metric.component not in out -%}
            {{ exceptions.raise_compiler_error("health_metric_catalog: metric " ~ metric.name ~ " names unknown component '" ~ metric.component ~ "' (known: " ~ (out.keys() | join(', ')) ~ ")") }}
        {%- endif -%}
        {%- do out[metric.component].append(metric.name) -%}
    {%- endfor -%}
    {{ return(out) }}
{%- endmacro %}

{#- The catalog as SQL rows (metric, component, direction), for joins and validation. -#}
{% macro health_metric_rows() -%}
    {%- set rows = [] -%}
    {%- for metric in health_metric_catalog() -%}
        {%- do rows.append("select '" ~ metric.name ~ "' as metric, '" ~ metric.component ~ "' as component, '" ~ metric.direction ~ "' as direction") -%}
    {%- endfor -%}
    {{ rows | join('\n    union all ') }}
{%- endmacro %}
