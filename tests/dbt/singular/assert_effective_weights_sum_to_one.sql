-- After reweighting over the components present, the effective weights sum to 1.
select account_id, score_date, coverage
from {{ ref('fct_account_health_daily') }}
where coverage > 0
  and abs(
    coalesce(effective_weight_usage, 0) + coalesce(effective_weight_adoption, 0)
    + coalesce(effective_weight_value, 0) + coalesce(effective_weight_lifecycle, 0)
    + coalesce(effective_weight_support, 0) + coalesce(effective_weight_commercial, 0)
    + coalesce(effective_weight_sentiment, 0) - 1
  ) > 0.000000001
