"""How the sample analytics product's book behaves: every share, range, price, rate and
probability the generator draws from, in one place.

Segment-indexed tuples are (smb, mid_market, enterprise). "Health" is the latent daily health in
[0, 1] of an account (see health.py); "unhealthy" terms are scaled by (1 - health) or its square.
Changing any value changes the generated data for every seed: the fingerprint test in
tests/test_sample_data.py notices it, on purpose.
"""

from __future__ import annotations

from dataclasses import dataclass

SEGMENTS = ("smb", "mid_market", "enterprise")
INDUSTRIES = ("software", "retail", "finance", "healthcare", "manufacturing", "education")
# The CSMs who own each segment's accounts; SMB is served by a pooled desk.
CSMS = (
    ("pooled_smb_desk",),
    ("maria.lopez", "sam.okafor", "lena.fischer", "raj.patel"),
    ("alex.kim", "priya.nair", "tom.becker"),
)
# Core-action events, ordered from the most basic feature to the most advanced: accounts with
# broad adoption use more of the list. Value events are listed separately. Both sets match
# seeds/event_catalog.csv.
CORE_EVENTS = (
    "dashboard_viewed",
    "record_updated",
    "report_created",
    "comment_added",
    "query_run",
    "export_created",
    "alert_configured",
    "workflow_run",
)
VALUE_EVENTS = ("report_delivered", "integration_connected", "dashboard_shared", "goal_achieved")
# Onboarding milestones and the day after account creation each is due.
MILESTONES = (
    ("kickoff", 7),
    ("admin_setup", 14),
    ("data_connected", 30),
    ("first_report", 45),
    ("team_trained", 60),
)
# The shapes of the latent health path (health.py), in the order of `path_share`.
PATHS = ("stable", "declining", "shock", "recovering")
# Roles of users after the first (who is the admin); repeated names weight the draw.
MEMBER_ROLES = ("manager", "member", "member", "member", "viewer")
# Severity 1-4 spelled as words (tickets use either spelling).
SEVERITY_WORDS = ("urgent", "high", "normal", "low")
# CSM sentiment 1-5 spelled as a colour (assessments use either spelling).
SENTIMENT_WORDS = ("red", "red", "amber", "green", "green")


@dataclass(frozen=True)
class AnalyticsBehaviour:
    # ---- the book ----------------------------------------------------------------------------
    # share of accounts per segment
    segment_share: tuple[float, float, float] = (0.55, 0.30, 0.15)
    # seats at signup per segment, drawn log-uniformly between the two
    seats_range: tuple[tuple[int, int], ...] = ((3, 15), (15, 60), (50, 200))
    # ARR per seat per segment, times a uniform factor in price_jitter
    price_per_seat: tuple[float, float, float] = (360.0, 540.0, 780.0)
    price_jitter: tuple[float, float] = (0.8, 1.2)
    # contract term in months per segment (renewals at calendar anniversaries)
    term_months: tuple[int, int, int] = (1, 12, 12)
    # SMB accounts above this ARR are on the growth plan, the others on the starter plan
    growth_plan_min_arr: float = 2500
    # share of accounts created inside the window (the rest existed before it)
    new_in_window_share: float = 0.15
    # an account created inside the window is created at least this many days before its end
    new_account_min_days_before_end: int = 21
    # age in days at the window's start of accounts created before it (uniform)
    existing_age_days: tuple[int, int] = (30, 1000)
    # share of accounts per health path shape (PATHS)
    path_share: tuple[float, float, float, float] = (0.50, 0.20, 0.15, 0.15)
    # share of accounts that have any support tickets / surveys / onboarding milestones
    tickets_share: float = 0.85
    surveys_share: float = 0.70
    onboarding_share: float = 0.80
    # share of accounts with CSM assessments, per segment
    csm_share: tuple[float, float, float] = (0.2, 0.9, 0.95)
    # share of mid-market accounts that are the child of another account
    parent_share_mid_market: float = 0.05

    # ---- latent health path (health.py) ------------------------------------------------------
    # level of a stable account (uniform)
    stable_health: tuple[float, float] = (0.55, 0.95)
    # the healthy level a declining, shocked or recovering account starts or ends at
    high_health: tuple[float, float] = (0.7, 0.95)
    # the unhealthy level it falls to or starts from
    low_health: tuple[float, float] = (0.08, 0.35)
    # a decline (or recovery) starts this many days into the window: from the first value to
    # the second times the window's length
    ramp_start_days: float = -30
    ramp_start_share_of_window: float = 0.6
    # how many days the decline or recovery takes (uniform)
    ramp_days: tuple[float, float] = (30, 120)
    # a shock falls no earlier than window // shock_earliest_divisor and at least
    # shock_latest_days_before_end days before the end
    shock_earliest_divisor: int = 6
    shock_latest_days_before_end: int = 5
    # after a shock the account regains this share of what it lost (uniform) ...
    shock_recovery_share: tuple[float, float] = (0, 0.5)
    # ... over this many days
    shock_recovery_days: float = 60.0
    # a recovering account starts this far above its low level
    recovering_head_start: float = 0.15
    # standard deviation of the week-to-week wobble around the path
    weekly_noise: float = 0.04
    # health is clipped to this range
    health_range: tuple[float, float] = (0.02, 0.98)
    # share of shocks that are the champion leaving (the rest are an outage)
    champion_leaves_share: float = 0.5
    # how tightly usage follows health per segment (1: entirely; the rest is a steady level drawn
    # from usage_steady_level): enterprise usage is stickier, relationship-driven
    usage_follows_health: tuple[float, float, float] = (1.0, 0.8, 0.55)
    usage_steady_level: tuple[float, float] = (0.5, 0.9)
    # day-to-day noise of the relationship (what surveys and the CSM see) around health, per
    # segment: enterprise sentiment tracks health most tightly
    relationship_noise: tuple[float, float, float] = (0.12, 0.08, 0.05)

    # ---- renewals (subscriptions.py): outcome probabilities from health at the renewal -------
    # churn of monthly terms: monthly_churn_max * sigmoid((monthly_churn_midpoint - health) * slope)
    monthly_churn_max: float = 0.35
    monthly_churn_midpoint: float = 0.32
    monthly_churn_slope: float = 14
    # churn of annual terms: sigmoid((annual_churn_midpoint - health) * slope)
    annual_churn_midpoint: float = 0.40
    annual_churn_slope: float = 12
    # contraction: contract_max * sigmoid((contract_midpoint - health) * slope)
    contract_max: float = 0.25
    contract_midpoint: float = 0.55
    contract_slope: float = 10
    # expansion: expand_max * sigmoid((health - expand_midpoint) * slope)
    expand_max: float = 0.35
    expand_midpoint: float = 0.70
    expand_slope: float = 12
    # ARR and seats are multiplied by these at a contraction / an expansion
    contract_factor: float = 0.8
    expand_factor: float = 1.25
    # days between the churn notice and the churn (uniform; 0 means no notice)
    monthly_notice_days: tuple[int, int] = (0, 10)
    annual_notice_days: tuple[int, int] = (30, 75)

    # ---- users (users.py) ----------------------------------------------------------------------
    # users per purchased seat (uniform)
    users_per_seat: tuple[float, float] = (0.55, 1.0)
    # the second user is a champion with this probability (the first, the admin, always is)
    second_champion_share: float = 0.4
    # the n-th user joins n // users_joining_per_day days after the account (at most
    # users_joining_max_days), plus 0 to users_joining_jitter_days - 1 days
    users_joining_per_day: int = 3
    users_joining_max_days: int = 60
    users_joining_jitter_days: int = 5
    # share of users deactivated on a random day of the window
    user_quit_share: float = 0.03

    # ---- product events (product_events.py) ----------------------------------------------------
    # a user is active on a weekday with probability
    #   active_rate * usage health * propensity (beta(2, 2) * 2, per user)
    # (times weekend_factor on weekends, at most max_active_probability)
    active_rate: float = 0.35
    weekend_factor: float = 0.2
    max_active_probability: float = 0.95
    # the share of an account's users who are engaged: engaged_base + engaged_per_health *
    # usage health; the others are active disengaged_factor as often
    engaged_base: float = 0.3
    engaged_per_health: float = 0.7
    disengaged_factor: float = 0.1
    # features in use: the first breadth_base + round(breadth_per_health * usage health) of
    # CORE_EVENTS
    breadth_base: int = 2
    breadth_per_health: int = 6
    # share of active user-days with a second core event
    second_event_share: float = 0.3
    # quantity of a core event: 1 + Poisson(1 + quantity_per_health * usage health); the second
    # event's uses second_quantity_per_health
    quantity_per_health: float = 4
    second_quantity_per_health: float = 2
    # a value event on an account-day: (value_base + value_per_health * usage health) times the
    # segment's value_size (times weekend_factor on weekends, at most max_value_probability)
    value_base: float = 0.02
    value_per_health: float = 0.25
    value_size: tuple[float, float, float] = (1.0, 1.5, 2.0)
    max_value_probability: float = 0.9
    # events happen between these hours of the day (UTC)
    event_hours: tuple[int, int] = (8, 20)

    # ---- support tickets (support_tickets.py) --------------------------------------------------
    # tickets per user per 30 days: ticket_base + ticket_unhealthy * (1 - health)^2
    ticket_base: float = 0.03
    ticket_unhealthy: float = 0.35
    # an outage adds this many tickets a day for outage_days days
    outage_tickets_per_day: float = 1.2
    outage_days: int = 4
    # severity 1: sev1_base + sev1_unhealthy * (1 - health)^2 (+ sev1_outage in an outage);
    # severity 2: sev2_base + sev2_unhealthy * (1 - health); then severity 3 up to sev3_cumulative
    sev1_base: float = 0.02
    sev1_unhealthy: float = 0.12
    sev1_outage: float = 0.3
    sev2_base: float = 0.10
    sev2_unhealthy: float = 0.2
    sev3_cumulative: float = 0.7
    # share of tickets whose severity is spelled as a word
    severity_word_share: float = 0.3
    # first-response SLA in hours per severity; the response takes an exponential multiple of it
    # times (response_base + response_unhealthy * (1 - health))
    sla_hours: tuple[int, int, int, int] = (1, 4, 24, 48)
    response_base: float = 0.5
    response_unhealthy: float = 1.5
    # days to resolve: exponential with mean resolve_base + resolve_unhealthy * (1 - health)
    resolve_base: float = 2
    resolve_unhealthy: float = 8
    # CSAT: 1 + 4 * health + normal(0, csat_noise), answered on csat_answer_share of solved tickets
    csat_noise: float = 0.8
    csat_answer_share: float = 0.5
    # reopened: Poisson(reopen_base + reopen_unhealthy * (1 - health)^2)
    reopen_base: float = 0.05
    reopen_unhealthy: float = 0.5
    # escalated: escalate_base + escalate_unhealthy * (1 - health)^2 (+ escalate_sev1)
    escalate_base: float = 0.01
    escalate_unhealthy: float = 0.25
    escalate_sev1: float = 0.2

    # ---- invoices (invoices.py) ----------------------------------------------------------------
    # billing periods starting this many days before the window are invoiced (monthly, annual)
    invoice_lookback_days: tuple[int, int] = (62, 400)
    # days from issue to due date
    payment_terms_days: int = 30
    # paid late with probability sigmoid((late_midpoint - health) * late_slope), then
    # exponential days late with mean late_base + late_unhealthy * (1 - health)
    late_midpoint: float = 0.42
    late_slope: float = 10
    late_base: float = 5
    late_unhealthy: float = 40
    # paid on time: 1 to on_time_max_days - 1 days after issue
    on_time_max_days: int = 28
    # a payment fails with probability fail_base + fail_unhealthy * (1 - health)^2, after 1 to
    # max_failed_attempts failed attempts, and is then paid failed_delay_days later
    fail_base: float = 0.02
    fail_unhealthy: float = 0.3
    max_failed_attempts: int = 3
    failed_delay_days: int = 7

    # ---- surveys (surveys.py) ------------------------------------------------------------------
    # answers per 90 days: 1 + users // users_per_extra_answer, at most max_answers_per_90_days
    users_per_extra_answer: int = 25
    max_answers_per_90_days: int = 6
    # share of answers that are CSAT (the rest NPS)
    csat_survey_share: float = 0.2
    # NPS: round(10 * relationship + normal(0, nps_noise) - 0.5); CSAT: 1 + 4 * relationship + noise
    nps_noise: float = 1.5
    survey_csat_noise: float = 0.7

    # ---- onboarding (onboarding.py) ------------------------------------------------------------
    # a milestone is done normal(delay_mean, delay_sd) days after its due date, plus up to
    # delay_unhealthy * (1 - health)^2 days; never with probability never_unhealthy * (1 - health)^2
    delay_mean: float = -3
    delay_sd: float = 4
    delay_unhealthy: float = 40
    never_unhealthy: float = 0.5

    # ---- CSM assessments (csm_assessments.py) --------------------------------------------------
    # days between assessments per segment: on a weekday with probability cadence_factor / days
    cadence_days: tuple[float, float, float] = (90.0, 45.0, 30.0)
    cadence_factor: float = 1.4
    # sentiment 1-5: round(1 + 4 * relationship + normal(0, sentiment_noise))
    sentiment_noise: float = 0.6
    # share spelled as a colour, and share with an explicit valid_until valid_days later
    sentiment_word_share: float = 0.3
    valid_until_share: float = 0.5
    valid_days: int = 60

    # ---- generation --------------------------------------------------------------------------
    # accounts generated together (each chunk has its own random stream)
    chunk_accounts: int = 1000


ANALYTICS = AnalyticsBehaviour()
