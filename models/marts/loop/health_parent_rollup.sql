{#-
    The whole customer: per top parent (an account other accounts roll up to, through
    accounts.parent_account_id at any depth) and scored day, its family (the parent and every
    account below it: int_accounts__families) as scored that day:
    - accounts and children (the family's scored accounts, and those other than the parent);
    - ARR, and the ARR-weighted score of the colour-banded members (sum(arr x score) / sum(arr);
      the plain mean when their ARR is 0) with its band (var band_scheme);
    - the worst member (lowest score) and the member losing the family most points: its ARR
      share x (100 - its score) (the members' points add up to 100 - the family score);
    - how many members, and how much ARR, are below var('at_risk_threshold').
    Counts per band are in health_parent_bands. Incremental by day, like the fact.
-#}
{{ config(**incremental_by_day('score_date')) }}
{% if is_incremental() %}{{ assert_window_built() }}{% endif %}
{%- set double = account_health.type_double() -%}
{%- set string = api.Column.translate_type('string') %}

with score_dates as (
    select score_date from {{ ref('int_health__score_dates') }}
),

family_members as (
    select parent_account_id, account_id from {{ ref('int_accounts__families') }}
),

bands as (
    select * from {{ ref('int_config__bands') }}
),

members as (
    select
        family_members.parent_account_id,
        fact.account_id,
        fact.score_date,
        fact.account_name,
        fact.health_score,
        fact.band_rank,
        coalesce(fact.arr, 0) as arr
    from {{ ref('fct_account_health_daily') }} as fact
    inner join score_dates on fact.score_date = score_dates.score_date
    inner join family_members on fact.account_id = family_members.account_id
),

family_weights as (
    select
        parent_account_id,
        score_date,
        sum(case when band_rank is not null then arr else 0 end) as colour_arr,
        sum(case when band_rank is not null then 1 else 0 end) as colour_members
    from members
    group by parent_account_id, score_date
),

weighted as (
    {#- each colour-banded member's weight in its family's score: its share of their ARR (equal
        shares when that is 0) -#}
    select
        members.*,
        case
            when members.band_rank is null then null
            when family_weights.colour_arr > 0 then {{ ratio('members.arr', 'family_weights.colour_arr') }}
            else {{ ratio('1', 'family_weights.colour_members') }}
        end as family_weight
    from members
    inner join family_weights
        on members.parent_account_id = family_weights.parent_account_id
        and members.score_date = family_weights.score_date
),

ranked as (
    select
        *,
        family_weight * (100 - health_score) as points_lost,
        row_number() over (
            partition by parent_account_id, score_date
            order by case when band_rank is null then 1 else 0 end, health_score, arr desc, account_id
        ) as worst_order,
        row_number() over (
            partition by parent_account_id, score_date
            order by coalesce(family_weight * (100 - health_score), -1) desc, account_id
        ) as points_order
    from weighted
),

families as (
    select
        parent_account_id,
        score_date,
        count(*) as accounts,
        sum(case when account_id <> parent_account_id then 1 else 0 end) as children,
        max(case when account_id = parent_account_id then 1 else 0 end) as parent_scored,
        max(case when account_id = parent_account_id then account_name end) as parent_account_name,
        sum(arr) as arr,
        sum(family_weight * health_score) as weighted_score,
        sum(case when band_rank is not null and health_score < {{ var('at_risk_threshold') }} then 1 else 0 end) as accounts_at_risk,
        sum(case when band_rank is not null and health_score < {{ var('at_risk_threshold') }} then arr else 0 end) as arr_at_risk,
        max(case when worst_order = 1 and band_rank is not null then account_id end) as worst_account_id,
        max(case when worst_order = 1 and band_rank is not null then health_score end) as worst_score,
        max(case when points_order = 1 and points_lost is not null then account_id end) as most_points_lost_account_id,
        max(case when points_order = 1 then points_lost end) as most_points_lost
    from ranked
    group by parent_account_id, score_date
),

scored as (
    select
        families.*,
        {{ round_to('families.weighted_score', 2) }} as family_score
    from families
),

final as (
    select
        scored.parent_account_id,
        scored.score_date,
        cast(scored.parent_account_name as {{ string }}) as parent_account_name,
        scored.parent_scored = 1 as parent_scored,
        cast(scored.accounts as integer) as accounts,
        cast(scored.children as integer) as children,
        cast({{ round_to('scored.arr', 2) }} as {{ double }}) as arr,
        cast(scored.family_score as {{ double }}) as arr_weighted_score,
        coalesce(bands.band, 'insufficient_data') as band,
        cast(bands.band_rank as integer) as band_rank,
        cast(scored.accounts_at_risk as integer) as accounts_at_risk,
        cast({{ round_to('scored.arr_at_risk', 2) }} as {{ double }}) as arr_at_risk,
        scored.worst_account_id,
        cast(scored.worst_score as {{ double }}) as worst_score,
        scored.most_points_lost_account_id,
        cast({{ round_to('scored.most_points_lost', 6) }} as {{ double }}) as most_points_lost
    from scored
    left join bands on {{ band_condition('scored.family_score', 'bands') }}
)

select * from final
