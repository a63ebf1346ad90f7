{#-
    The rolling-window measures every metric is computed from, and the daily inputs they sum.
    int_accounts__activity_windows computes every measure listed here for every scored day;
    a metric names the measures it reads (health_metric_catalog).

    health_window_sources: input source -> the daily model it reads (one row per account and day).
    health_window_inputs: (source, column, expression): a daily input; a day without a row is 0.
    health_window_measures: one dict per measure:
      name       the column the windows model writes
      aggregate  sum     the input summed over the last `window` days up to the scored day
                 prior   the input summed over the `window` days before those
                 max     the largest value of the input over the last `window` days
                 running the input summed over every day up to the scored day (the +1/-1 deltas
                         of distinct items and open tickets: their running sum is the count)
      input      the expression over the daily inputs
      window     the var holding the window's length in days (for a running measure, the window
                 its deltas were built over, if any: int_product__window_item_deltas)
      description what it counts
-#}
{% macro health_window_sources() -%}
    {{ return({
        'product': 'int_product__account_daily',
        'items': 'int_product__window_item_deltas',
        'tickets': 'int_support__ticket_daily',
        'surveys': 'int_sentiment__survey_daily',
        'contractions': 'int_commercial__contraction_daily',
    }) }}
{%- endmacro %}

{% macro health_window_inputs() -%}
    {{ return([
        ('product', 'core_actions', 'product.core_actions'),
        ('product', 'value_events', 'product.value_events'),
        ('product', 'is_active_day', 'case when product.events > 0 then 1 else 0 end'),
        ('items', 'active_users_delta', 'items.active_users_delta'),
        ('items', 'core_features_delta', 'items.core_features_delta'),
        ('items', 'active_roles_delta', 'items.active_roles_delta'),
        ('tickets', 'tickets_created', 'tickets.tickets_created'),
        ('tickets', 'tickets_escalated', 'tickets.tickets_escalated'),
        ('tickets', 'tickets_reopened', 'tickets.tickets_reopened'),
        ('tickets', 'sla_breaches', 'tickets.sla_breaches'),
        ('tickets', 'csat_sum', 'tickets.csat_sum'),
        ('tickets', 'csat_responses', 'tickets.csat_responses'),
        ('tickets', 'open_high_severity_delta', 'tickets.open_high_severity_delta'),
        ('tickets', 'open_sev1_delta', 'tickets.open_sev1_delta'),
        ('surveys', 'nps_sum', 'surveys.nps_sum'),
        ('surveys', 'nps_responses', 'surveys.nps_responses'),
        ('surveys', 'survey_csat_sum', 'surveys.survey_csat_sum'),
        ('surveys', 'survey_csat_responses', 'surveys.survey_csat_responses'),
        ('contractions', 'contractions', 'contractions.contractions'),
    ]) }}
{%- endmacro %}

{% macro health_window_measures() -%}
    {{ return([
        {'name': 'core_actions_window', 'aggregate': 'sum', 'input': 'core_actions', 'window': 'usage_window_days',
         'description': 'core actions (quantities summed) in the usage window'},
        {'name': 'core_actions_prior_window', 'aggregate': 'prior', 'input': 'core_actions', 'window': 'usage_window_days',
         'description': 'core actions in the usage window before the current one'},
        {'name': 'active_days_window', 'aggregate': 'sum', 'input': 'is_active_day', 'window': 'usage_window_days',
         'description': 'days with any product activity in the usage window'},
        {'name': 'value_events_window', 'aggregate': 'sum', 'input': 'value_events', 'window': 'usage_window_days',
         'description': 'value events in the usage window'},
        {'name': 'last_value_date', 'aggregate': 'max', 'input': 'case when value_events > 0 then activity_date end', 'window': 'value_lookback_days',
         'description': 'the last day with a value event within the value lookback'},
        {'name': 'active_users_window', 'aggregate': 'running', 'input': 'active_users_delta', 'window': 'usage_window_days',
         'description': 'distinct users active in the usage window'},
        {'name': 'core_features_window', 'aggregate': 'running', 'input': 'core_features_delta', 'window': 'usage_window_days',
         'description': 'distinct features used in the usage window (core features, and each uncatalogued event name)'},
        {'name': 'active_roles_window', 'aggregate': 'running', 'input': 'active_roles_delta', 'window': 'usage_window_days',
         'description': 'distinct user roles active in the usage window'},
        {'name': 'tickets_created_window', 'aggregate': 'sum', 'input': 'tickets_created', 'window': 'support_window_days',
         'description': 'tickets opened in the support window'},
        {'name': 'tickets_escalated_window', 'aggregate': 'sum', 'input': 'tickets_escalated', 'window': 'support_window_days',
         'description': 'tickets opened in the support window that were escalated'},
        {'name': 'tickets_reopened_window', 'aggregate': 'sum', 'input': 'tickets_reopened', 'window': 'support_window_days',
         'description': 'tickets opened in the support window that were reopened'},
        {'name': 'sla_breaches_window', 'aggregate': 'sum', 'input': 'sla_breaches', 'window': 'support_window_days',
         'description': 'first-response SLA breaches that became known in the support window'},
        {'name': 'ticket_csat_sum_window', 'aggregate': 'sum', 'input': 'csat_sum', 'window': 'support_window_days',
         'description': 'sum of the CSAT scores of tickets resolved in the support window'},
        {'name': 'ticket_csat_responses_window', 'aggregate': 'sum', 'input': 'csat_responses', 'window': 'support_window_days',
         'description': 'tickets resolved in the support window with a CSAT score'},
        {'name': 'open_high_severity_tickets', 'aggregate': 'running', 'input': 'open_high_severity_delta', 'window': none,
         'description': 'severity 1-2 tickets open at the end of the day'},
        {'name': 'open_sev1_tickets', 'aggregate': 'running', 'input': 'open_sev1_delta', 'window': none,
         'description': 'severity-1 tickets open at the end of the day'},
        {'name': 'nps_sum_window', 'aggregate': 'sum', 'input': 'nps_sum', 'window': 'sentiment_window_days',
         'description': 'sum of NPS answers in the sentiment window'},
        {'name': 'nps_responses_window', 'aggregate': 'sum', 'input': 'nps_responses', 'window': 'sentiment_window_days',
         'description': 'NPS answers in the sentiment window'},
        {'name': 'survey_csat_sum_window', 'aggregate': 'sum', 'input': 'survey_csat_sum', 'window': 'sentiment_window_days',
         'description': 'sum of CSAT survey answers in the sentiment window'},
        {'name': 'survey_csat_responses_window', 'aggregate': 'sum', 'input': 'survey_csat_responses', 'window': 'sentiment_window_days',
         'description': 'CSAT survey answers in the sentiment window'},
        {'name': 'contractions_window', 'aggregate': 'sum', 'input': 'contractions', 'window': 'commercial_window_days',
         'description': 'downgrades and seat reductions in the commercial window'},
    ]) }}
{%- endmacro %}

{#- The measure columns, comma-separated and qualified with `relation`, for a signals CTE. -#}
{% macro health_window_measure_columns(relation) -%}
    {%- for measure in health_window_measures() -%}
        {{ relation }}.{{ measure.name }}{{ ",\n        " if not loop.last }}
    {%- endfor -%}
{%- endmacro %}
