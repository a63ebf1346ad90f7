-- The contributions of a row add up exactly to the score before caps.
-- Returns the rows where they do not (beyond floating-point noise).
select account_id, score_date, health_score_uncapped
from {{ ref('fct_account_health_daily') }}
where abs(
    coalesce(contribution_usage, 0) + coalesce(contribution_adoption, 0)
    + coalesce(contribution_value, 0) + coalesce(contribution_lifecycle, 0)
    + coalesce(contribution_support, 0) + coalesce(contribution_commercial, 0)
    + coalesce(contribution_sentiment, 0) - health_score_uncapped
) > 0.000000001
