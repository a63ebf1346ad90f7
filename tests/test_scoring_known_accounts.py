"""Known-answer accounts through the real dbt build (see tests/known_accounts.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.known_accounts import END

FACT = "marts.fct_account_health_daily"


def row(wh, account_id: str, day: dt.date = END) -> dict:
    cols = [c[0] for c in wh.query(f"select column_name from (describe {FACT})")]
    rows = wh.query(f"select * from {FACT} where account_id = ? and score_date = ?",
                    [account_id, day])
    assert len(rows) == 1, f"{account_id} on {day}: {len(rows)} rows"
    return dict(zip(cols, rows[0], strict=True))


def test_healthy_account_is_green_with_the_hand_computed_score(known_warehouse):
    r = row(known_warehouse, "K_HEALTHY")
    assert r["band"] == "green"
    assert r["coverage"] == pytest.approx(1.0)
    assert r["usage_subscore"] == pytest.approx(73.41, abs=0.01)
    assert r["adoption_subscore"] == pytest.approx(92.59, abs=0.01)
    assert r["support_subscore"] == pytest.approx(95.96, abs=0.01)
    assert r["sentiment_subscore"] == pytest.approx(67.14, abs=0.01)
    assert r["value_subscore"] == r["lifecycle_subscore"] == r["commercial_subscore"] == 100
    assert r["health_score"] == pytest.approx(86.71, abs=0.01)
    assert r["cap_score"] is None and not r["is_capped"]


def test_usage_windows_count_exactly(known_warehouse):
    # 16 active users x 1 action on each of the 20 weekdays of any 28-day window
    metrics = known_warehouse.one(
        """select usage_core_actions_per_active_user, usage_active_days_share, usage_trend_ratio
           from intermediate.int_component__usage where account_id = 'K_HEALTHY' and score_date = ?""",
        [END],
    )
    assert metrics == pytest.approx((20.0, 20 / 28, 1.0))
    ratio, breadth, roles, champion = known_warehouse.one(
        """select adoption_active_user_ratio, adoption_feature_breadth, adoption_role_breadth,
                  adoption_champion_present
           from intermediate.int_component__adoption
           where account_id = 'K_HEALTHY' and score_date = ?""",
        [END],
    )
    assert (ratio, breadth, roles, champion) == pytest.approx((0.8, 1.0, 1.0, 1))


def test_support_only_problem_lands_amber_with_driver_support(known_warehouse):
    r = row(known_warehouse, "K_SUPPORT")
    assert r["support_subscore"] == pytest.approx(0.0)
    assert r["band"] == "amber"
    assert r["primary_driver"] == "support"
    assert r["health_score"] == pytest.approx(72.31, abs=0.01)
    # everything but support is the healthy twin's
    twin = row(known_warehouse, "K_HEALTHY")
    for comp in ("usage", "adoption", "value", "lifecycle", "commercial", "sentiment"):
        assert r[f"{comp}_subscore"] == pytest.approx(twin[f"{comp}_subscore"])
    support = known_warehouse.one(
        """select support_open_high_severity, support_tickets_per_10_seats,
                  support_sla_breach_rate, support_csat
           from intermediate.int_component__support where account_id = 'K_SUPPORT' and score_date = ?""",
        [END],
    )
    assert support == pytest.approx((3, 11.5, 1.0, 1.0))


def test_account_without_ticket_data_scores_without_support(known_warehouse):
    r = row(known_warehouse, "K_NO_TICKETS")
    assert r["support_subscore"] is None
    assert r["effective_weight_support"] is None and r["contribution_support"] is None
    assert r["coverage"] == pytest.approx(0.85)
    assert r["coverage"] < 1
    assert r["health_score"] == pytest.approx(85.07, abs=0.01)
    assert r["band"] == "green"


def test_45_days_past_due_is_capped_with_its_reason(known_warehouse):
    r = row(known_warehouse, "K_PAST_DUE")
    days_past_due = known_warehouse.one(
        """select commercial_days_past_due from intermediate.int_component__commercial
           where account_id = 'K_PAST_DUE' and score_date = ?""",
        [END],
    )[0]
    assert days_past_due == 45
    assert r["is_capped"] and r["cap_score"] == 20
    assert r["cap_id"] == "past_due_30"
    assert r["cap_reason"] == "Invoice 30+ days past due"
    assert r["health_score"] == 20 and r["band"] == "critical"
    assert r["health_score_uncapped"] > 20
    # 30 days before END it was only 15 days past due: no cap yet
    earlier = row(known_warehouse, "K_PAST_DUE", END - dt.timedelta(days=30))
    assert earlier["cap_score"] is None and earlier["band"] == "green"


def test_churned_account_leaves_the_book_on_its_churn_date(known_warehouse):
    churn_on = END - dt.timedelta(days=20)
    days = known_warehouse.query(
        f"select score_date from {FACT} where account_id = 'K_CHURNED' order by score_date"
    )
    assert days[-1][0] == churn_on - dt.timedelta(days=1)
    assert not known_warehouse.query(
        f"select 1 from {FACT} where account_id = 'K_CHURNED' and score_date >= ?", [churn_on]
    )
    before = row(known_warehouse, "K_CHURNED", churn_on - dt.timedelta(days=1))
    assert before["cap_reason"] == "Churn notice received" and before["health_score"] == 10


def test_every_known_account_is_scored_every_day_of_the_range(known_warehouse):
    counts = dict(known_warehouse.query(
        f"""select account_id, count(*) from {FACT}
            where account_id like 'K\\_%' escape '\\' group by account_id"""
    ))
    assert counts == {"K_HEALTHY": 31, "K_SUPPORT": 31, "K_NO_TICKETS": 31, "K_PAST_DUE": 31,
                      "K_CHURNED": 10}


def test_arr_and_renewal_are_as_of_each_day(known_warehouse):
    r = row(known_warehouse, "K_HEALTHY")
    assert r["arr"] == 60000 and r["seats"] == 20
    assert r["renewal_date"] == dt.date(2027, 5, 26)
    assert r["days_to_renewal"] == (dt.date(2027, 5, 26) - END).days
    assert r["scorecard"] == "default"


def test_segment_threshold_override_inherits_what_it_does_not_name(known_warehouse):
    rows = dict(
        ((s, m), (lo, hi, w))
        for s, m, lo, hi, w in known_warehouse.query(
            """select scorecard, metric, low, high, metric_weight
               from intermediate.int_config__metric_thresholds
               where metric = 'value_events_in_window'"""
        )
    )
    assert rows[("default", "value_events_in_window")] == (0, 8, 1)
    assert rows[("smb", "value_events_in_window")] == (0, 4, 1)  # weight inherited
    weights = known_warehouse.one(
        """select weight_usage, weight_adoption, weight_sentiment
           from intermediate.int_config__scorecards where scorecard = 'enterprise'"""
    )
    assert weights == pytest.approx((0.15, 0.15, 0.25))  # adoption inherited from default


def test_generated_book_is_scored_with_every_band_and_no_duplicates(known_warehouse):
    dupes = known_warehouse.query(
        f"select account_id, score_date from {FACT} group by 1, 2 having count(*) > 1"
    )
    assert dupes == []
    days = known_warehouse.one(f"select count(distinct score_date) from {FACT}")[0]
    assert days == 31
    bands = {b for (b,) in known_warehouse.query(f"select distinct band from {FACT}")}
    assert {"green", "amber", "critical"} <= bands


def test_dbt_unit_tests_ran_and_passed(known_warehouse):
    results = {
        r["unique_id"].split(".")[-1]: r["status"]
        for r in known_warehouse.run_results()["results"]
        if r["unique_id"].startswith("unit_test.")
    }
    assert results == {
        "worked_example_weights_and_reweighting": "pass",
        "primary_driver_ties_follow_component_order": "pass",
        "normalisation_clamps_swaps_and_overrides": "pass",
        "bands_caps_and_coverage": "pass",
        "csm_assessment_expires_and_is_replaced": "pass",
        "finished_onboarding_is_not_punished": "pass",
        "trend_maths_on_known_series": "pass",
        "a_drop_raises_one_alert_naming_the_component": "pass",
        "queue_ranks_by_arr_at_risk_and_urgency": "pass",
        "auc_ranks_with_ties_like_a_hand_computation": "pass",
        "censoring_and_outcomes": "pass",
        "queue_weighs_a_drop_below_the_account_baseline": "pass",
        "a_flapping_score_reports_one_band_change": "pass",
        "a_run_continues_from_the_stored_days_before": "pass",
        "metric_points_add_up_to_the_component_points_lost": "pass",
        "metric_ranks_break_ties_in_catalog_order": "pass",
        "readiness_needs_the_top_band_and_every_signal": "pass",
        "a_ready_account_ranks_first": "pass",
        "chains_roll_up_to_the_top_parent_and_bad_links_are_set_aside": "pass",
        "a_two_level_family_rolls_up_by_hand": "pass",
        "a_family_is_a_top_parent_with_accounts_below_it": "pass",
        "the_lift_is_the_move_beyond_comparable_accounts": "pass",
        "a_working_play_and_a_useless_one_are_told_apart": "pass",
        "renewal_is_the_next_one_on_or_after_the_day": "pass",
        "renewal_at_month_ends": "pass",
        "small_bands_have_no_rates": "pass",
        "small_bands_do_not_decide_monotonicity": "pass",
    }


def test_second_identical_run_changes_nothing(known_warehouse):
    from tests.conftest import KNOWN_VARS, build

    def snapshot():
        return known_warehouse.query(
            f"select * exclude (config_version), config_version from {FACT} "
            "order by account_id, score_date"
        )

    before = snapshot()
    build(known_warehouse.path, KNOWN_VARS)
    after = snapshot()
    assert len(after) == len(before) > 0
    assert after == before
