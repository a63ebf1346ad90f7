"""How the crm profile's book behaves: its vocabulary and every share, rate and probability.

The crm profile imitates a sales CRM, a product unlike the bundled analytics sample: sales teams
log calls, e-mail leads and move deals all day, so each user produces about ten times as many
events a month. Its exports hold only accounts, subscription_events, users and product_events.

Churn is decided from what the users did (activity.py): at each renewal the probability of
leaving follows the account's windowed event counts (activity falling against its own past,
fewer active users, the champion gone quiet, fewer deals won), so a model fitted on such counts
can predict it. The vocabulary has a structure a good configuration can find: CORE_EVENTS are
the work itself and follow the account's engagement; VALUE_EVENTS (a won deal) follow it more
steeply; OTHER_EVENTS (edits, settings, cancellations) are activity whose volume does not depend
on engagement at all. Segment-indexed tuples are (smb, mid_market, enterprise).
"""

from __future__ import annotations

from dataclasses import dataclass

SEGMENTS = ("smb", "mid_market", "enterprise")
INDUSTRIES = ("saas", "agency", "real_estate", "insurance", "logistics", "wholesale", "recruiting")
SALES_OPS = ("nina.berg", "omar.haddad", "julia.santos", "kenji.mori", "ada.obi")
# The work of selling, most frequent first: accounts that use the product broadly use more of the
# list (breadth), and healthy accounts do more of it.
CORE_EVENTS = (
    "email_lead",
    "log_call",
    "update_deal",
    "add_contact",
    "create_task",
    "complete_task",
    "add_note",
    "schedule_meeting",
    "create_opportunity",
    "move_deal_stage",
    "send_quote",
    "send_sequence_email",
)
# Relative frequency of each core event among those an account uses.
CORE_WEIGHTS = (9.0, 8.0, 6.0, 5.0, 4.0, 4.0, 3.0, 2.5, 2.0, 2.0, 1.0, 1.0)
# Value delivered: a deal won, a quote accepted.
VALUE_EVENTS = ("deal_won", "quote_accepted")
VALUE_WEIGHTS = (3.0, 2.0)
# Activity that is neither the work nor its value: housekeeping, edits, cancellations.
OTHER_EVENTS = (
    "edit_pipeline",
    "edit_contact",
    "cancel_meeting",
    "import_contacts",
    "export_contacts",
    "change_settings",
    "edit_email_template",
    "delete_task",
    "view_dashboard",
)
OTHER_WEIGHTS = (3.0, 5.0, 2.0, 0.5, 0.5, 0.5, 1.0, 2.0, 6.0)
# Shapes of an account's engagement over time, in the order of `path_share`.
PATHS = ("stable", "fading", "champion_loss", "team_shrink", "growing")
# Roles after the first user (the admin); repeated names weight the draw.
MEMBER_ROLES = ("sales_manager", "account_executive", "account_executive", "account_executive",
                "sdr", "sdr", "sales_ops", "viewer")


@dataclass(frozen=True)
class CrmBehaviour:
    # ---- the book ----------------------------------------------------------------------------
    segment_share: tuple[float, float, float] = (0.50, 0.35, 0.15)
    # seats at signup per segment, drawn log-uniformly between the two
    seats_range: tuple[tuple[int, int], ...] = ((3, 12), (10, 40), (30, 120))
    # ARR per seat per segment, times a uniform factor in price_jitter
    price_per_seat: tuple[float, float, float] = (420.0, 660.0, 900.0)
    price_jitter: tuple[float, float] = (0.85, 1.15)
    # share of each segment's accounts on a monthly plan (the rest are annual)
    monthly_share: tuple[float, float, float] = (0.75, 0.30, 0.0)
    # share of accounts created inside the window, and the age in days at the window's start of
    # the others (uniform)
    new_in_window_share: float = 0.15
    existing_age_days: tuple[int, int] = (60, 1500)
    # share of accounts per engagement path (PATHS)
    path_share: tuple[float, float, float, float, float] = (0.55, 0.18, 0.10, 0.10, 0.07)

    # ---- engagement (engagement.py): a level in [0, 1] per account-day ----------------------
    # a steady account's level (uniform), and the weekly wobble around it
    level: tuple[float, float] = (0.6, 1.0)
    weekly_noise: float = 0.05
    # fading: the level falls to this share of itself (uniform) ...
    fade_to: tuple[float, float] = (0.15, 0.5)
    # ... starting this many days into the window (the second value times the window's length)
    fade_start_days: float = -60
    fade_start_share_of_window: float = 0.85
    # ... over this many days (uniform)
    fade_days: tuple[float, float] = (60, 240)
    # champion loss: the level falls by this share (uniform) over drop_days after the day the
    # champion goes quiet
    champion_drop: tuple[float, float] = (0.3, 0.7)
    drop_days: float = 30
    # a growing account starts this far below its level and reaches it over the window
    growth_head_start: float = 0.25

    # ---- users (users.py and engagement.py) ---------------------------------------------------
    # users per purchased seat (uniform)
    users_per_seat: tuple[float, float] = (0.6, 1.0)
    # the n-th user joins n // users_joining_per_day days after the account, plus 0 to
    # users_joining_jitter_days - 1 days; in a growing account the users after the first
    # growth_initial_share join on random days of the window
    users_joining_per_day: int = 2
    users_joining_jitter_days: int = 7
    growth_initial_share: float = 0.5
    # a large account (at least this many users) has a second champion, its first sales manager
    second_champion_min_users: int = 8
    # fading: a user goes quiet when the fade has gone quiet_point * (their threshold, uniform
    # in 0..1) of its way, so about 1 / quiet_point of the users stop by its end
    quiet_point: float = 1.5
    # team shrink: this share of users (uniform) go quiet one by one over the shrink period,
    # which starts and lasts like a fade
    shrink_share: tuple[float, float] = (0.4, 0.8)
    # champion loss: each other user follows the champion out with this probability within
    # follow_days days
    follow_share: float = 0.3
    follow_days: int = 60
    # share of every account's users who quit on a random day regardless of path
    user_quit_share: float = 0.02
    # a user who went quiet is deactivated in the users table with this probability (the
    # champion who leaves: champion_deactivated_share), up to deactivation_lag_days later
    quiet_deactivated_share: float = 0.5
    champion_deactivated_share: float = 0.7
    deactivation_lag_days: int = 30
    # share of churned accounts whose remaining users are all deactivated on the churn day
    churn_deactivates_share: float = 0.8

    # ---- product events (activity.py) ----------------------------------------------------------
    # events per active user on a weekday (Poisson): core_rate * propensity * engagement,
    # value_rate * propensity * engagement^2, other_rate * propensity (whatever the engagement)
    core_rate: float = 3.4
    value_rate: float = 0.09
    other_rate: float = 1.5
    # a user who went quiet on the work (but is not deactivated) still does other events at this
    # share of the rate: housekeeping does not stop with the work
    quiet_other_factor: float = 0.5
    # weekends see this share of a weekday's events
    weekend_factor: float = 0.08
    # a user's propensity: lognormal with this sigma, scaled to mean 1; a viewer's is multiplied
    # by viewer_factor
    propensity_sigma: float = 0.5
    viewer_factor: float = 0.2
    # features in use: the first breadth_base + round(breadth_per_engagement * engagement) of
    # CORE_EVENTS
    breadth_base: int = 4
    breadth_per_engagement: int = 8
    # contacts per import_contacts event (its quantity; other events have no quantity)
    import_contacts_range: tuple[int, int] = (5, 400)
    # events happen between these hours of the day (UTC)
    event_hours: tuple[int, int] = (7, 20)

    # ---- churn and renewals (churn.py) -----------------------------------------------------------
    # the decision to leave is taken this many days before the renewal (monthly, annual) ...
    decision_lead_days: tuple[int, int] = (3, 30)
    # ... from the events of these windows before the decision day
    recent_days: int = 28
    baseline_days: int = 84  # the window before the recent one, the account's own past
    champion_days: int = 14
    deals_days: int = 56
    # churn logit = churn_base (+ annual_offset for annual plans)
    #   + churn_per_trend * log((recent core + 5) / (baseline core per recent window + 5))
    #   + churn_per_active_share * (share of users active recently - active_share_centre)
    #   + churn_champion_quiet * (no champion active in champion_days)
    #   + churn_per_deals * (log1p(deals won per user in deals_days) - log1p(1.5))
    #   + normal(0, churn_noise) per account: what the product data does not show
    churn_base: float = -5.8
    annual_offset: float = 2.8
    churn_per_trend: float = -2.5
    churn_per_active_share: float = -4.0
    active_share_centre: float = 0.9
    churn_champion_quiet: float = 1.5
    churn_per_deals: float = -1.5
    churn_noise: float = 0.5
    # a churner gives notice with this probability (monthly, annual), notice_days before
    notice_share: tuple[float, float] = (0.3, 0.6)
    monthly_notice_days: tuple[int, int] = (1, 10)
    annual_notice_days: tuple[int, int] = (20, 60)
    # at an annual renewal that is not a churn: fewer than contract_below_active_share of the
    # seats active recently -> seats cut to active users * contract_headroom; more than
    # expand_above_active_share -> seats * expand_factor with probability expand_share
    contract_below_active_share: float = 0.5
    contract_headroom: float = 1.2
    expand_above_active_share: float = 0.85
    expand_factor: float = 1.2
    expand_share: float = 0.4
    # monthly contracts renew in place: no renewal event each month, as many billing exports
    # (the renewal date as of a day must be rolled forward by the term)
    monthly_renewal_events: bool = False

    # ---- generation ------------------------------------------------------------------------------
    # days simulated before the window (not written) so the first decisions have a past
    burn_in_days: int = 150
    # accounts generated together: bounds the memory of a chunk (its users x days matrices and
    # its events: about 1,000 a month per account, some 3.5 M rows for 150 accounts over 22
    # months)
    chunk_accounts: int = 150


CRM = CrmBehaviour()
