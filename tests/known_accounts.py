"""Hand-built accounts with known answers, appended to generated raw data.

Every known account is a mid-market account (default scorecard) created 400 days before END
with 20 seats and ARR 60,000, renewed 35 days before END. Between END-119 and END, 16 of its 20
users use one core feature each on every weekday (all 8 core features, all 4 roles each day)
and a value event lands every weekday, so any 28-day window holds exactly 20 active days.
NPS answers are 7, the CSM says 3, and onboarding finished on time. By hand, at END, with the default configuration:

    usage      (20 actions/active user -> 42.86, 20/28 active days -> 77.38, trend 1 -> 100) 73.41
    adoption   (16/20 active -> 83.33 x2, 8/8 features, 4/4 roles x0.5, champion)          92.59
    value 100, lifecycle 100, commercial 100
    sentiment  (NPS 7 -> 60, CSM 3 -> 50 x1.5, no champion lost -> 100)                     67.14
    support    good: 3 low tickets in 90 days -> 1.5 per 10 seats -> 77.78, the rest 100    95.96

    K_HEALTHY    = 0.25*73.41 + 0.15*92.59 + 0.10*100 + 0.05*100 + 0.15*95.96
                   + 0.15*100 + 0.15*67.14                                 = 86.71  green
    K_SUPPORT    support 0 (3 open high-severity tickets, 23 breached,
                 escalated, reopened, CSAT 1), everything else the same    = 72.31  amber, driver support
    K_NO_TICKETS no ticket ever: support left out, coverage 0.85         = 85.07  green
    K_PAST_DUE   an invoice due END-45 unpaid: 45 days past due -> cap 20          critical
    K_CHURNED    churn notice END-30, churned END-20: capped at 10 before, absent after
"""

from __future__ import annotations

import datetime as dt

from orchestration.sample_data import CORE_EVENTS

END = dt.date(2026, 6, 30)
DATA_DAYS = 120
CREATED = END - dt.timedelta(days=400)
RENEWED = dt.date(CREATED.year + 1, CREATED.month, CREATED.day)  # END - 35
ROLES = ("admin", "manager", "member", "viewer")

KNOWN = {
    "K_HEALTHY": {"support": "good"},
    "K_SUPPORT": {"support": "bad"},
    "K_NO_TICKETS": {"support": None},
    "K_PAST_DUE": {"support": "good", "past_due_days": 45},
    "K_CHURNED": {
        "support": "good",
        "notice_on": END - dt.timedelta(days=30),
        "churn_on": END - dt.timedelta(days=20),
    },
}


def _ts(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute)


def _days(first: dt.date, last: dt.date):
    day = first
    while day <= last:
        yield day
        day += dt.timedelta(days=1)


def known_account_rows(account_id: str, support: str | None, past_due_days: int | None = None,
                       notice_on: dt.date | None = None, churn_on: dt.date | None = None
                       ) -> dict[str, list[tuple]]:
    rows: dict[str, list[tuple]] = {}
    next_renewal = dt.date(RENEWED.year + 1, RENEWED.month, RENEWED.day)
    rows["accounts"] = [(
        account_id, f"Known {account_id}", "mid_market", "software", "growth_annual",
        "known.csm", None, _ts(CREATED, 9), 0.0 if churn_on else 60000.0, 20,
        churn_on or next_renewal,
    )]
    subs = [(account_id, CREATED, "new", 60000.0, 20), (account_id, RENEWED, "renewal", 60000.0, 20)]
    if notice_on:
        subs.append((account_id, notice_on, "churn_notice", None, None))
    if churn_on:
        subs.append((account_id, churn_on, "churn", 0.0, 0))
    rows["subscription_events"] = subs

    def user_id(u: int) -> str:
        return f"{account_id}-U{u:02d}"

    rows["users"] = [
        (user_id(u), account_id, ROLES[u % 4], u == 0, _ts(CREATED, 9), None) for u in range(20)
    ]

    last_active = (churn_on - dt.timedelta(days=1)) if churn_on else END
    events = []
    for day in _days(END - dt.timedelta(days=DATA_DAYS - 1), last_active):
        if day.weekday() < 5:
            for u in range(16):
                name = CORE_EVENTS[(u + day.toordinal()) % len(CORE_EVENTS)]
                events.append((f"{account_id}-E{day:%Y%m%d}-{u}", account_id, user_id(u), name,
                               _ts(day, 10, u), 1.0))
            events.append((f"{account_id}-V{day:%Y%m%d}", account_id, user_id(0),
                           "report_delivered", _ts(day, 11), 1.0))
    rows["product_events"] = events

    tickets = []
    if support == "good":
        for n, offset in enumerate((300, 80, 50, 20)):
            day = END - dt.timedelta(days=offset)
            tickets.append((f"{account_id}-T{n}", account_id, _ts(day, 9), "4", "solved",
                            _ts(day, 9, 30), _ts(day + dt.timedelta(days=1), 9), 0, False, 5))
    elif support == "bad":
        for n, offset in enumerate((10, 7, 5)):  # open high severity, never answered
            day = END - dt.timedelta(days=offset)
            tickets.append((f"{account_id}-H{n}", account_id, _ts(day, 9), "high", "open",
                            None, None, 0, False, None))
        for n in range(20):  # escalated, reopened, answered after 48h (SLA 24h), CSAT 1
            day = END - dt.timedelta(days=85 - 4 * n)
            resolved = day + dt.timedelta(days=3)
            tickets.append((f"{account_id}-B{n}", account_id, _ts(day, 9), "3", "solved",
                            _ts(day + dt.timedelta(days=2), 10),
                            _ts(resolved, 9) if resolved <= END else None, 2, True,
                            1 if resolved <= END else None))
    rows["support_tickets"] = tickets

    invoices = [
        (f"{account_id}-I0", account_id, _ts(CREATED, 6), CREATED + dt.timedelta(days=30), 60000.0,
         _ts(CREATED + dt.timedelta(days=10), 12), "paid", 0),
        (f"{account_id}-I1", account_id, _ts(RENEWED, 6), RENEWED + dt.timedelta(days=30), 60000.0,
         _ts(RENEWED + dt.timedelta(days=5), 12), "paid", 0),
    ]
    if past_due_days:
        due = END - dt.timedelta(days=past_due_days)
        invoices.append((f"{account_id}-I2", account_id, _ts(due - dt.timedelta(days=30), 6), due,
                         5000.0, None, "open", 0))
    rows["invoices"] = invoices

    rows["survey_responses"] = [
        (f"{account_id}-R{offset}", account_id, user_id(1), _ts(END - dt.timedelta(days=offset), 14),
         "nps", 7.0)
        for offset in (100, 70, 40, 10)
        if not churn_on or END - dt.timedelta(days=offset) < churn_on
    ]
    rows["csm_assessments"] = [
        (account_id, _ts(END - dt.timedelta(days=offset), 16), "3", None, "known.csm", "check-in")
        for offset in (60, 15)
        if not churn_on or END - dt.timedelta(days=offset) < churn_on
    ]
    rows["onboarding_milestones"] = [
        (account_id, name, CREATED + dt.timedelta(days=offset),
         _ts(CREATED + dt.timedelta(days=offset - 1), 15))
        for name, offset in (("kickoff", 7), ("admin_setup", 14), ("data_connected", 30),
                             ("first_report", 45), ("team_trained", 60))
    ]
    return rows


# CS actions on the known accounts, valid and bad: (action_id, account_id, action_at, playbook,
# component, owner) and what staging makes of each (KNOWN_ACTIONS_EXPECTED).
KNOWN_ACTIONS = [
    ("K-A1", "K_HEALTHY", _ts(END - dt.timedelta(days=20)), "re-engage USAGE", None, "known.csm"),
    ("K-A2", "K_SUPPORT", _ts(END - dt.timedelta(days=10)), "Resolve support friction", " Support ", "known.csm"),
    ("K-A3", "K_HEALTHY", _ts(END - dt.timedelta(days=5)), "Lunch with the champion", None, "known.csm"),
    ("K-A4", "K_NO_TICKETS", _ts(END - dt.timedelta(days=5)), "Prove value", "morale", "known.csm"),
    ("K-A1", "K_HEALTHY", _ts(END - dt.timedelta(days=20)), "re-engage USAGE", None, "known.csm"),
    ("K-A5", None, _ts(END - dt.timedelta(days=5)), "Prove value", None, "known.csm"),
    ("K-A6", "NOPE", _ts(END - dt.timedelta(days=5)), "Prove value", None, "known.csm"),
    ("K-A7", "K_HEALTHY", _ts(END + dt.timedelta(days=30)), "Prove value", None, "known.csm"),
    ("K-A8", "K_HEALTHY", _ts(CREATED - dt.timedelta(days=3)), "Prove value", None, "known.csm"),
    ("K-A9", "K_HEALTHY", _ts(END - dt.timedelta(days=3)), None, "usage", "known.csm"),
]
# row_key -> (playbook, is_known_playbook, component) of the valid ones
KNOWN_ACTIONS_VALID = {
    "K-A1": ("Re-engage usage", True, "usage"),
    "K-A2": ("Resolve support friction", True, "support"),
    "K-A3": ("Lunch with the champion", False, None),
    "K-A4": ("Prove value", True, "value"),  # component morale: emptied, the playbook's is used
}
# (row_key, reason, action) of the ones set aside or repaired
KNOWN_ACTIONS_SET_ASIDE = {
    ("K-A1", "duplicate", "rejected"),
    ("K-A4", "unknown_value", "repaired"),  # not a component of the score: the playbook's is used
    ("K-A5", "null_key", "rejected"),
    ("K-A6", "unknown_account", "rejected"),
    ("K-A7", "in_future", "rejected"),
    ("K-A8", "before_account_created", "rejected"),
    ("K-A9", "missing_value", "rejected"),
}


# Parent links: K_SUPPORT is a subsidiary of K_HEALTHY and K_NO_TICKETS of K_SUPPORT, so the
# family of K_HEALTHY holds three accounts of ARR 60,000 each: its ARR-weighted score at END is
# (86.71 + 72.31 + 85.07) / 3 = 81.36 (green), the worst member K_SUPPORT. K_PAST_DUE names
# itself, K_CHURNED an account that does not exist, and two generated accounts name each other:
# those links are set aside.
KNOWN_PARENTS = {
    "K_SUPPORT": "K_HEALTHY",
    "K_NO_TICKETS": "K_SUPPORT",
    "K_PAST_DUE": "K_PAST_DUE",
    "K_CHURNED": "K_NOWHERE",
    "A000001": "A000002",
    "A000002": "A000001",
}
KNOWN_LINKS_SET_ASIDE = {
    ("K_PAST_DUE", "inconsistent"), ("K_CHURNED", "unknown_account"),
    ("A000001", "inconsistent"), ("A000002", "inconsistent"),
}


def insert_known_accounts(con, schema: str = "raw") -> None:
    """Append every known account's rows, and the known CS actions, to the raw tables of `con`."""
    for account_id, profile in KNOWN.items():
        for table, rows in known_account_rows(account_id, **profile).items():
            if rows:
                marks = ", ".join("?" * len(rows[0]))
                con.executemany(f"insert into {schema}.{table} values ({marks})", rows)
    con.executemany(f"insert into {schema}.cs_actions values (?, ?, ?, ?, ?, ?)", KNOWN_ACTIONS)
    for account_id, parent in KNOWN_PARENTS.items():
        con.execute(f"update {schema}.accounts set parent_account_id = ? where account_id = ?",
                    [parent, account_id])
