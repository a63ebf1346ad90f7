-- A row never scores above the cap that holds on it, and a capped row says why.
select account_id, score_date, health_score, cap_score, cap_reason
from {{ ref('fct_account_health_daily') }}
where (cap_score is not null and health_score > cap_score)
   or (cap_score is not null and cap_reason is null)
   or (is_capped and cap_score is null)
