"""Sample-data generator: a realistic, reproducible book of B2B accounts in the raw contract.

Every account follows a latent daily health path (stable, slowly declining, sudden shock such as
a champion leaving or an outage, or recovering). That path drives everything the warehouse sees:
active users and events per seat, feature breadth, value events, support tickets and their
severity, late or failed invoices, NPS/CSAT answers and CSM sentiment. At each renewal date the
outcome (renewed, expanded, contracted, churned) is drawn from the health at that date, so a good
score *should* predict churn, with noise. Segments differ: SMB is monthly and usage-driven,
enterprise is annual and relationship-driven (sentiment tracks health more tightly than usage).

Generation is vectorised with NumPy per chunk of accounts (no Python loop per event); strings,
ids and timestamps are formatted by DuckDB on insert. The same seed gives the same data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

from orchestration.progress import Progress

RAW_TABLES = (
    "accounts",
    "subscription_events",
    "users",
    "product_events",
    "support_tickets",
    "invoices",
    "survey_responses",
    "onboarding_milestones",
    "csm_assessments",
    "cs_actions",
)

RAW_DDL = {
    "accounts": """account_id varchar, account_name varchar, segment varchar, industry varchar,
        plan varchar, csm_owner varchar, parent_account_id varchar, created_at timestamp,
        arr double, seats_purchased integer, renewal_date date""",
    "subscription_events": """account_id varchar, effective_date date, change_type varchar,
        arr_after double, seats_after integer""",
    "users": """user_id varchar, account_id varchar, role varchar, is_champion boolean,
        created_at timestamp, deactivated_at timestamp""",
    "product_events": """event_id varchar, account_id varchar, user_id varchar,
        event_name varchar, occurred_at timestamp, quantity double""",
    "support_tickets": """ticket_id varchar, account_id varchar, created_at timestamp,
        severity varchar, status varchar, first_response_at timestamp, resolved_at timestamp,
        reopened_count integer, is_escalated boolean, csat_score integer""",
    "invoices": """invoice_id varchar, account_id varchar, issued_at timestamp, due_date date,
        amount double, paid_at timestamp, status varchar, failed_attempts integer""",
    "survey_responses": """response_id varchar, account_id varchar, user_id varchar,
        responded_at timestamp, survey_type varchar, score double""",
    "onboarding_milestones": """account_id varchar, milestone varchar, due_date date,
        completed_at timestamp""",
    "csm_assessments": """account_id varchar, assessed_at timestamp, sentiment varchar,
        valid_until date, assessed_by varchar, note varchar""",
    "cs_actions": """action_id varchar, account_id varchar, action_at timestamp, playbook varchar,
        component varchar, owner varchar""",
}

SEGMENTS = ("smb", "mid_market", "enterprise")
SEGMENT_SHARE = (0.55, 0.30, 0.15)
SEATS_RANGE = ((3, 15), (15, 60), (50, 200))
PRICE_PER_SEAT = (360.0, 540.0, 780.0)
TERM_MONTHS = (1, 12, 12)
INDUSTRIES = ("software", "retail", "finance", "healthcare", "manufacturing", "education")
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
MILESTONES = (
    ("kickoff", 7),
    ("admin_setup", 14),
    ("data_connected", 30),
    ("first_report", 45),
    ("team_trained", 60),
)
# CS plays with a known causal effect, so the impact mart can be checked: re-engaging usage adds
# product activity from the day of the play (ramping up over PLAY_RAMP_DAYS), resolving support
# friction removes most new tickets, repairing the relationship changes nothing at all, and a
# free-text play (no component) changes nothing either. (name, component, effect)
PLAYS = (
    ("Re-engage usage", "usage", "usage"),
    ("Resolve support friction", "support", "support"),
    ("Repair the relationship", "sentiment", None),
    ("Quarterly check-in call", None, None),
)
PLAY_SHARE = (0.3, 0.3, 0.3, 0.1)
PLAY_RAMP_DAYS = 14
PATHS = ("stable", "declining", "shock", "recovering")
PATH_SHARE = (0.50, 0.20, 0.15, 0.15)
CHUNK_ACCOUNTS = 1000
EPOCH = dt.date(1970, 1, 1)


@dataclass(frozen=True)
class GeneratorConfig:
    accounts: int = 500
    days: int = 120
    seed: int = 42
    end_date: dt.date | None = None
    defect_rate: float = 0.003

    @property
    def resolved_end(self) -> dt.date:
        return self.end_date or (dt.datetime.now(dt.UTC).date() - dt.timedelta(days=1))

    @property
    def start(self) -> dt.date:
        return self.resolved_end - dt.timedelta(days=self.days - 1)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _day_num(d: dt.date) -> int:
    return (d - EPOCH).days


def _add_months(day_nums: np.ndarray, months: np.ndarray) -> np.ndarray:
    """Calendar month arithmetic on day numbers (day of month is kept; inputs use days 1-28)."""
    d = day_nums.astype("datetime64[D]")
    m = d.astype("datetime64[M]")
    dom = (d - m.astype("datetime64[D]")).astype(np.int64)
    return ((m + months).astype("datetime64[D]") + dom).astype(np.int64)


class _Writer:
    """Appends NumPy column dicts to raw tables through Arrow, formatting in DuckDB SQL."""

    def __init__(self, con: duckdb.DuckDBPyConnection, schema: str) -> None:
        self.con = con
        self.schema = schema

    def append(self, table: str, columns: dict[str, np.ndarray], select_sql: str) -> None:
        if len(next(iter(columns.values()))) == 0:
            return
        arrow = pa.table({k: pa.array(v, from_pandas=True) for k, v in columns.items()})
        self.con.register("_chunk", arrow)
        self.con.execute(f"insert into {self.schema}.{table} {select_sql.format(src='_chunk')}")
        self.con.unregister("_chunk")


# SQL fragments that turn integer ids and second/day numbers into the raw contract's types.
def _acct(col: str) -> str:
    return f"'A' || lpad(cast({col} as varchar), 6, '0')"


def _ts(col: str) -> str:
    return f"epoch_ms(cast({col} as bigint) * 1000)"


def _date(col: str) -> str:
    return f"cast(epoch_ms(cast({col} as bigint) * 86400000) as date)"


def _user(acct_col: str, user_col: str) -> str:
    return f"{_acct(acct_col)} || '-U' || lpad(cast({user_col} as varchar), 4, '0')"


def generate(
    con: duckdb.DuckDBPyConnection,
    config: GeneratorConfig,
    *,
    schema: str = "raw",
    progress: bool | None = None,
) -> dict[str, int]:
    """Generate all ten raw tables into `schema` of `con`. Returns row counts per table."""
    con.execute(f"create schema if not exists {schema}")
    for table in RAW_TABLES:
        con.execute(f"create or replace table {schema}.{table} ({RAW_DDL[table]})")
    writer = _Writer(con, schema)
    n = config.accounts
    days = config.days
    start = _day_num(config.start)
    end = _day_num(config.resolved_end)
    root = np.random.default_rng([config.seed, 0])

    # ---- account attributes (cheap, whole book at once) --------------------------------
    seg = root.choice(3, size=n, p=SEGMENT_SHARE)
    lo = np.array([r[0] for r in SEATS_RANGE])[seg]
    hi = np.array([r[1] for r in SEATS_RANGE])[seg]
    seats0 = np.round(np.exp(root.uniform(np.log(lo), np.log(hi)))).astype(np.int64)
    arr0 = np.round(seats0 * np.array(PRICE_PER_SEAT)[seg] * root.uniform(0.8, 1.2, n), -1)
    new_in_window = root.random(n) < 0.15
    age = np.where(
        new_in_window,
        -root.integers(0, max(days - 21, 1), n),  # created inside the window
        root.integers(30, 1000, n),  # created before the window
    )
    created = start - age
    # keep day of month <= 28 so month arithmetic never clips
    created_dom = (created.astype("datetime64[D]") - created.astype("datetime64[D]").astype(
        "datetime64[M]").astype("datetime64[D]")).astype(np.int64)
    created = created - np.maximum(created_dom - 27, 0)
    path = root.choice(4, size=n, p=PATH_SHARE)
    has_tickets = root.random(n) < 0.85
    has_surveys = root.random(n) < 0.70
    has_onboarding = root.random(n) < 0.80
    has_csm = root.random(n) < np.array([0.2, 0.9, 0.95])[seg]
    industry = root.choice(len(INDUSTRIES), size=n)
    csm_idx = root.integers(0, 1000, n)

    counts = dict.fromkeys(RAW_TABLES, 0)
    bar = Progress("generating sample data", n, enabled=progress)
    next_event_id = 0
    next_ticket_id = 0
    next_invoice_id = 0
    next_response_id = 0
    next_play_event_id = 0
    account_rows: dict[str, list[np.ndarray]] = {
        k: [] for k in ("idx", "arr", "seats", "renewal")
    }

    for c0 in range(0, n, CHUNK_ACCOUNTS):
        c1 = min(c0 + CHUNK_ACCOUNTS, n)
        rng = np.random.default_rng([config.seed, 1 + c0 // CHUNK_ACCOUNTS])
        idx = np.arange(c0, c1)
        a = len(idx)
        s = seg[idx]
        t = np.arange(days)

        # ---- latent health path h[a, t] ---------------------------------------------------
        p = path[idx]
        h = np.repeat(rng.uniform(0.55, 0.95, a)[:, None], days, axis=1)
        h0 = rng.uniform(0.7, 0.95, a)[:, None]
        h1 = rng.uniform(0.08, 0.35, a)[:, None]
        t0 = rng.uniform(-30, days * 0.6, a)[:, None]
        dur = rng.uniform(30, 120, a)[:, None]
        ramp = np.clip((t[None, :] - t0) / dur, 0, 1)
        h = np.where((p == 1)[:, None], h0 - (h0 - h1) * ramp, h)
        shock_day = rng.integers(max(days // 6, 1), max(days - 5, 2), a)
        rec = rng.uniform(0, 0.5, a)[:, None]
        after = np.clip((t[None, :] - shock_day[:, None]) / 60.0, 0, 1)
        shocked = np.where(
            t[None, :] < shock_day[:, None], h0, h1 + (h0 - h1) * rec * after
        )
        h = np.where((p == 2)[:, None], shocked, h)
        rising = h1 + 0.15 + (h0 - h1 - 0.15) * ramp
        h = np.where((p == 3)[:, None], rising, h)
        weekly = rng.normal(0, 0.04, (a, days // 7 + 1))
        h_path = h  # the path without its weekly noise: what a CSM acts on
        h = np.clip(h + weekly[:, t // 7], 0.02, 0.98)
        shock_kind = rng.random(a) < 0.5  # True: champion leaves; False: outage
        # Usage tracks health tightly in SMB; enterprise usage is stickier (relationship-driven).
        mix = np.array([1.0, 0.8, 0.55])[s][:, None]
        h_usage = mix * h + (1 - mix) * rng.uniform(0.5, 0.9, a)[:, None]
        rel_noise = np.array([0.12, 0.08, 0.05])[s][:, None]
        h_rel = np.clip(h + rng.normal(0, 1, (a, days)) * rel_noise, 0, 1)

        # ---- subscription timeline: renewals at calendar anniversaries --------------------
        term = np.array(TERM_MONTHS)[s]
        kmax = int((end - created[idx].min()) // 28 + 2)
        ks = np.arange(1, kmax + 1)
        ren = _add_months(
            np.repeat(created[idx][:, None], len(ks), axis=1),
            (ks[None, :] * term[:, None]).astype("timedelta64[M]"),
        )
        valid_k = ren <= end
        ren_t = np.clip(ren - start, 0, days - 1)
        h_ren = np.take_along_axis(h, ren_t, axis=1)
        in_window = ren >= start
        monthly = (term == 1)[:, None]
        p_churn = np.where(monthly, 0.35 * _sigmoid((0.32 - h_ren) * 14),
                           _sigmoid((0.40 - h_ren) * 12))
        p_contract = 0.25 * _sigmoid((0.55 - h_ren) * 10)
        p_expand = 0.35 * _sigmoid((h_ren - 0.70) * 12)
        u = rng.random(ren.shape)
        outcome = np.full(ren.shape, 0)  # 0 renew, 1 churn, 2 contract, 3 expand
        outcome = np.where(u < p_churn + p_contract + p_expand, 3, outcome)
        outcome = np.where(u < p_churn + p_contract, 2, outcome)
        outcome = np.where(u < p_churn, 1, outcome)
        outcome = np.where(in_window & valid_k, outcome, 0)
        churn_pos = np.where((outcome == 1).any(axis=1), (outcome == 1).argmax(axis=1), len(ks))
        alive_k = (np.arange(len(ks))[None, :] <= churn_pos[:, None]) & valid_k
        churn_day = np.where(churn_pos < len(ks),
                             ren[np.arange(a), np.minimum(churn_pos, len(ks) - 1)], end + 10_000)
        mult = np.select([outcome == 2, outcome == 3], [0.8, 1.25], 1.0)
        mult = np.where(alive_k & (outcome != 1), mult, 1.0)
        arr_k = np.round(arr0[idx][:, None] * np.cumprod(mult, axis=1), 2)
        seats_k = np.maximum(np.round(seats0[idx][:, None] * np.cumprod(mult, axis=1)), 1)

        # subscription_events: new, renewals (+ upgrade/downgrade), churn_notice, churn
        ai, ki = np.nonzero(alive_k)
        oc = outcome[ai, ki]
        ev_acct = [idx, idx[ai]]
        ev_day = [created[idx], ren[ai, ki]]
        ev_type = [np.full(a, "new"), np.where(oc == 1, "churn", "renewal")]
        prev_arr = np.where(ki > 0, arr_k[ai, np.maximum(ki - 1, 0)], arr0[idx][ai])
        prev_seats = np.where(ki > 0, seats_k[ai, np.maximum(ki - 1, 0)], seats0[idx][ai])
        ev_arr = [arr0[idx].astype(float), np.where(oc == 1, 0.0, prev_arr)]
        ev_seats = [seats0[idx].astype(float), np.where(oc == 1, 0.0, prev_seats)]
        change = (oc == 2) | (oc == 3)
        ev_acct.append(idx[ai][change])
        ev_day.append(ren[ai, ki][change])
        ev_type.append(np.where(oc[change] == 3, "upgrade", "downgrade"))
        ev_arr.append(arr_k[ai, ki][change])
        ev_seats.append(seats_k[ai, ki][change].astype(float))
        churned = churn_pos < len(ks)
        notice_lead = np.where(term == 1, rng.integers(0, 10, a), rng.integers(30, 75, a))
        with_notice = churned & (notice_lead > 0)
        notice_day = np.maximum(churn_day - notice_lead, created[idx] + 1)
        ev_acct.append(idx[with_notice])
        ev_day.append(notice_day[with_notice])
        ev_type.append(np.full(with_notice.sum(), "churn_notice"))
        ev_arr.append(np.full(with_notice.sum(), np.nan))
        ev_seats.append(np.full(with_notice.sum(), np.nan))
        writer.append(
            "subscription_events",
            {
                "a": np.concatenate(ev_acct),
                "d": np.concatenate(ev_day),
                "ty": np.concatenate(ev_type),
                "arr": np.concatenate(ev_arr),
                "seats": np.concatenate(ev_seats),
            },
            f"select {_acct('a')}, {_date('d')}, ty, arr, cast(seats as integer) from {{src}}",
        )

        # current state for the accounts table
        last_k = np.where(alive_k.any(axis=1), alive_k.shape[1] - 1 - np.argmax(
            alive_k[:, ::-1], axis=1), -1)
        cur_arr = np.where(last_k >= 0, arr_k[np.arange(a), np.maximum(last_k, 0)], arr0[idx])
        cur_seats = np.where(last_k >= 0, seats_k[np.arange(a), np.maximum(last_k, 0)],
                             seats0[idx])
        next_ren = _add_months(created[idx], ((last_k + 2) * term).astype("timedelta64[M]"))
        account_rows["idx"].append(idx)
        account_rows["arr"].append(np.where(churned, 0.0, cur_arr))
        account_rows["seats"].append(cur_seats.astype(np.int64))
        account_rows["renewal"].append(np.where(churned, churn_day, next_ren))

        # live[a, t]: the account exists and has not churned on day t
        day_abs = start + t
        live = (day_abs[None, :] >= created[idx][:, None]) & (day_abs[None, :] < churn_day[:, None])
        plays = _plan_plays(np.random.default_rng([config.seed, 2, c0 // CHUNK_ACCOUNTS]), h_path,
                            live, days, has_tickets[idx], has_surveys[idx] | has_csm[idx])

        # ---- users ------------------------------------------------------------------------
        n_users = np.maximum(1, np.round(seats0[idx] * rng.uniform(0.55, 1.0, a))).astype(int)
        u_acct = np.repeat(np.arange(a), n_users)
        u_num = np.concatenate([np.arange(k) for k in n_users]) if a else np.array([], int)
        nu = len(u_acct)
        role = np.where(u_num == 0, "admin",
                        rng.choice(["manager", "member", "member", "member", "viewer"], nu))
        champion = (u_num == 0) | ((u_num == 1) & (rng.random(nu) < 0.4))
        u_created = created[idx][u_acct] + np.minimum(u_num // 3, 60) + rng.integers(0, 5, nu)
        leaves = (p[u_acct] == 2) & shock_kind[u_acct] & (u_num == 0)
        churn_quit = rng.random(nu) < 0.03
        u_deact = np.where(leaves, start + shock_day[u_acct],
                           np.where(churn_quit, start + rng.integers(0, days, nu), -1))
        u_deact = np.where((u_deact >= 0) & (u_deact <= u_created), -1, u_deact)
        writer.append(
            "users",
            {
                "a": idx[u_acct],
                "u": u_num,
                "role": role,
                "champ": champion,
                "c": u_created * 86400 + 9 * 3600,
                "d": np.where(u_deact >= 0, u_deact * 86400 + 17 * 3600, -1),
            },
            f"""select {_user('a', 'u')}, {_acct('a')}, role, champ, {_ts('c')},
                case when d >= 0 then {_ts('d')} end from {{src}}""",
        )

        # ---- product events: one row per active user-day (+ a second feature sometimes) ----
        weekday = ((day_abs + 3) % 7) < 5  # 1970-01-01 was a Thursday
        wk = np.where(weekday, 1.0, 0.2)
        propensity = rng.beta(2, 2, nu) * 2
        rank = (u_num + 0.5) / n_users[u_acct]
        engaged_share = 0.3 + 0.7 * h_usage[u_acct]  # [users, days]
        pu = 0.35 * h_usage[u_acct] * propensity[:, None] * wk[None, :]
        pu = np.where(rank[:, None] > engaged_share, pu * 0.1, pu)
        alive_u = (day_abs[None, :] >= u_created[:, None]) & (
            (u_deact[:, None] < 0) | (day_abs[None, :] < u_deact[:, None])
        )
        pu = np.where(alive_u & live[u_acct], np.clip(pu, 0, 0.95), 0.0)
        uu, dd = np.nonzero(rng.random(pu.shape) < pu)
        aa = u_acct[uu]
        breadth = 2 + np.round(6 * h_usage[aa, dd]).astype(int)
        feat = np.minimum((rng.random(len(uu)) * breadth).astype(int), len(CORE_EVENTS) - 1)
        second = rng.random(len(uu)) < 0.3
        feat2 = np.minimum((rng.random(second.sum()) * breadth[second]).astype(int),
                           len(CORE_EVENTS) - 1)
        # value events: per live account-day, more likely when healthy and larger
        size = np.array([1.0, 1.5, 2.0])[s][:, None]
        pv = np.where(live, np.clip((0.02 + 0.25 * h_usage) * size * wk[None, :], 0, 0.9), 0)
        va, vd = np.nonzero(rng.random(pv.shape) < pv)
        vuser = (rng.random(len(va)) * n_users[va]).astype(int)
        e_acct = np.concatenate([aa, aa[second], va])
        e_user = np.concatenate([u_num[uu], u_num[uu][second], vuser])
        e_day = np.concatenate([dd, dd[second], vd])
        e_name = np.concatenate([
            np.array(CORE_EVENTS)[feat],
            np.array(CORE_EVENTS)[feat2],
            np.array(VALUE_EVENTS)[rng.integers(0, len(VALUE_EVENTS), len(va))],
        ])
        ne = len(e_acct)
        e_qty = np.concatenate([
            1 + rng.poisson(1 + 4 * h_usage[aa, dd]),
            1 + rng.poisson(1 + 2 * h_usage[aa[second], dd[second]]),
            np.ones(len(va), dtype=np.int64),
        ]).astype(float)
        e_sec = (start + e_day) * 86400 + rng.integers(8 * 3600, 20 * 3600, ne)
        writer.append(
            "product_events",
            {
                "id": np.arange(next_event_id, next_event_id + ne),
                "a": idx[e_acct],
                "u": e_user,
                "name": e_name,
                "ts": e_sec,
                "q": e_qty,
            },
            f"""select 'E' || cast(id as varchar), {_acct('a')}, {_user('a', 'u')}, name,
                {_ts('ts')}, q from {{src}}""",
        )
        next_event_id += ne
        next_play_event_id = _write_play_events(
            writer, plays, idx, u_acct, u_num, propensity, alive_u & live[u_acct], wk, h_usage,
            start, next_play_event_id)

        # ---- support tickets ---------------------------------------------------------------
        h_sup = h
        lam = (n_users / 30.0)[:, None] * (0.03 + 0.35 * (1 - h_sup) ** 2)
        outage = (p == 2) & ~shock_kind
        burst = outage[:, None] & (t[None, :] >= shock_day[:, None]) & (
            t[None, :] < shock_day[:, None] + 4)
        lam = np.where(burst, lam + 1.2, lam)
        lam = np.where(live & has_tickets[idx][:, None], lam, 0.0)
        nt = rng.poisson(lam)
        ta, td = np.nonzero(nt)
        reps = nt[ta, td]
        ta, td = np.repeat(ta, reps), np.repeat(td, reps)
        k = len(ta)
        ht = h_sup[ta, td]
        bad = 1 - ht
        sev_p1 = 0.02 + 0.12 * bad**2 + np.where(burst[ta, td], 0.3, 0)
        sev_p2 = 0.10 + 0.2 * bad
        r = rng.random(k)
        sev = np.where(r < sev_p1, 1, np.where(r < sev_p1 + sev_p2, 2,
                                               np.where(r < 0.7, 3, 4)))
        sev_label = np.where(
            rng.random(k) < 0.3,
            np.array(["urgent", "high", "normal", "low"])[sev - 1],
            sev.astype(str),
        )
        created_s = (start + td) * 86400 + rng.integers(0, 86400, k)
        sla_h = np.array([1, 4, 24, 48])[sev - 1]
        fr_s = created_s + (rng.exponential(1, k) * sla_h * (0.5 + 1.5 * bad) * 3600).astype(int)
        res_s = created_s + (rng.exponential(2 + 8 * bad, k) * 86400).astype(int) + 3600
        end_s = (end + 1) * 86400
        fr_s = np.where(fr_s < end_s, fr_s, -1)
        res_s = np.where(res_s < end_s, res_s, -1)
        csat = np.clip(np.round(1 + 4 * ht + rng.normal(0, 0.8, k)), 1, 5)
        tickets = {
            "id": np.arange(next_ticket_id, next_ticket_id + k),
            "a": idx[ta],
            "c": created_s,
            "sev": sev_label,
            "fr": fr_s,
            "res": res_s,
            "reo": rng.poisson(0.05 + 0.5 * bad**2),
            "esc": rng.random(k) < (0.01 + 0.25 * bad**2 + 0.2 * (sev == 1)),
            "csat": np.where((res_s > 0) & (rng.random(k) < 0.5), csat, -1),
        }
        kept = _tickets_kept(plays, ta, td)
        writer.append(
            "support_tickets",
            {name: values[kept] for name, values in tickets.items()},
            f"""select 'T' || cast(id as varchar), {_acct('a')}, {_ts('c')}, sev,
                case when res >= 0 then 'solved' when fr >= 0 then 'pending' else 'open' end,
                case when fr >= 0 then {_ts('fr')} end, case when res >= 0 then {_ts('res')} end,
                cast(reo as integer), esc, case when csat >= 0 then cast(csat as integer) end
                from {{src}}""",
        )
        next_ticket_id += k

        # ---- invoices: one per billing period (month for SMB, year otherwise) --------------
        period_start = np.concatenate([created[idx][:, None], ren], axis=1)
        period_ok = np.concatenate([np.ones((a, 1), bool), alive_k & (outcome != 1)], axis=1)
        lookback = np.where(term == 1, 62, 400)[:, None]
        period_ok &= (period_start >= start - lookback) & (period_start <= end)
        ia, ik = np.nonzero(period_ok)
        ni = len(ia)
        issued = period_start[ia, ik]
        hi_ = h[ia, np.clip(issued - start, 0, days - 1)]
        amount_arr = np.concatenate([arr0[idx][:, None], arr_k], axis=1)[ia, ik]
        amount = np.round(np.where(term[ia] == 1, amount_arr / 12, amount_arr), 2)
        late = rng.random(ni) < _sigmoid((0.42 - hi_) * 10)
        failed = rng.random(ni) < (0.02 + 0.3 * (1 - hi_) ** 2)
        due = issued + 30
        paid_day = np.where(
            late,
            due + 1 + rng.exponential(5 + 40 * (1 - hi_), ni).astype(int),
            issued + rng.integers(1, 28, ni),
        ) + np.where(failed, 7, 0)
        paid_day = np.where(paid_day >= np.minimum(churn_day[ia], end + 1), -1, paid_day)
        writer.append(
            "invoices",
            {
                "id": np.arange(next_invoice_id, next_invoice_id + ni),
                "a": idx[ia],
                "iss": issued * 86400 + 6 * 3600,
                "due": due,
                "amt": amount,
                "paid": np.where(paid_day >= 0, paid_day * 86400 + 12 * 3600, -1),
                "fail": np.where(failed, rng.integers(1, 4, ni), 0),
            },
            f"""select 'INV' || cast(id as varchar), {_acct('a')}, {_ts('iss')}, {_date('due')},
                amt, case when paid >= 0 then {_ts('paid')} end,
                case when paid >= 0 then 'paid' when fail > 0 then 'failed' else 'open' end,
                cast(fail as integer) from {{src}}""",
        )
        next_invoice_id += ni

        # ---- surveys (NPS, some CSAT) ------------------------------------------------------
        n_resp = np.minimum(1 + n_users // 25, 6)
        ps = np.where(live & has_surveys[idx][:, None], (n_resp / 90.0)[:, None], 0.0)
        sa, sd = np.nonzero(rng.random(ps.shape) < ps)
        ns = len(sa)
        is_csat = rng.random(ns) < 0.2
        hs = h_rel[sa, sd]
        nps = np.clip(np.round(10 * hs + rng.normal(0, 1.5, ns) - 0.5), 0, 10)
        csat_s = np.clip(np.round(1 + 4 * hs + rng.normal(0, 0.7, ns)), 1, 5)
        writer.append(
            "survey_responses",
            {
                "id": np.arange(next_response_id, next_response_id + ns),
                "a": idx[sa],
                "u": (rng.random(ns) * n_users[sa]).astype(int),
                "ts": (start + sd) * 86400 + rng.integers(0, 86400, ns),
                "ty": np.where(is_csat, "csat", "nps"),
                "score": np.where(is_csat, csat_s, nps),
            },
            f"""select 'R' || cast(id as varchar), {_acct('a')}, {_user('a', 'u')}, {_ts('ts')},
                ty, score from {{src}}""",
        )
        next_response_id += ns

        # ---- onboarding milestones ---------------------------------------------------------
        ob = np.nonzero(has_onboarding[idx])[0]
        offsets = np.array([m[1] for m in MILESTONES])
        oa = np.repeat(ob, len(MILESTONES))
        om = np.tile(np.arange(len(MILESTONES)), len(ob))
        o_due = created[idx][oa] + offsets[om]
        ho = h[oa, np.clip(o_due - start, 0, days - 1)]
        delay = np.round(rng.normal(-3, 4, len(oa)) + 40 * (1 - ho) ** 2 * rng.random(len(oa)))
        never = rng.random(len(oa)) < 0.5 * (1 - ho) ** 2
        done = o_due + delay.astype(int)
        done = np.maximum(done, created[idx][oa] + 1)
        done = np.where(never | (done > end) | (done >= churn_day[oa]), -1, done)
        writer.append(
            "onboarding_milestones",
            {
                "a": idx[oa],
                "m": np.array([m[0] for m in MILESTONES])[om],
                "due": o_due,
                "done": np.where(done >= 0, done * 86400 + 15 * 3600, -1),
            },
            f"""select {_acct('a')}, m, {_date('due')}, case when done >= 0 then {_ts('done')} end
                from {{src}}""",
        )

        # ---- CSM assessments ---------------------------------------------------------------
        cadence = np.array([90.0, 45.0, 30.0])[s]
        pc = np.where(live & has_csm[idx][:, None] & weekday[None, :],
                      (1.4 / cadence)[:, None], 0.0)
        ca, cd = np.nonzero(rng.random(pc.shape) < pc)
        nc = len(ca)
        senti = np.clip(np.round(1 + 4 * h_rel[ca, cd] + rng.normal(0, 0.6, nc)), 1, 5).astype(int)
        words = np.array(["red", "red", "amber", "green", "green"])[senti - 1]
        owner = _csm_owner(seg[idx], csm_idx[idx])
        writer.append(
            "csm_assessments",
            {
                "a": idx[ca],
                "ts": (start + cd) * 86400 + 16 * 3600,
                "sent": np.where(rng.random(nc) < 0.3, words, senti.astype(str)),
                "vu": np.where(rng.random(nc) < 0.5, start + cd + 60, -1),
                "who": owner[ca],
                "note": np.where(senti <= 2, "risk flagged in check-in",
                                 np.where(senti >= 4, "positive QBR", "routine check-in")),
            },
            f"""select {_acct('a')}, {_ts('ts')}, sent, case when vu >= 0 then {_date('vu')} end,
                who, note from {{src}}""",
        )
        _write_cs_actions(writer, plays, idx, start, owner)
        bar.advance(a, note=f"{next_event_id:,} events")

    # ---- accounts (current state) --------------------------------------------------------
    order = np.concatenate(account_rows["idx"]) if n else np.array([], int)
    owner_all = _csm_owner(seg, csm_idx)
    plan = np.where(seg == 0, np.where(arr0 > 2500, "growth_monthly", "starter_monthly"),
                    np.where(seg == 1, "growth_annual", "enterprise_annual"))
    parent = np.where((seg == 1) & (root.random(n) < 0.05), root.integers(0, max(n, 1), n), -1)
    writer.append(
        "accounts",
        {
            "a": order,
            "seg": np.array(SEGMENTS)[seg[order]],
            "ind": np.array(INDUSTRIES)[industry[order]],
            "plan": plan[order],
            "csm": owner_all[order],
            "parent": parent[order],
            "c": created[order] * 86400 + 8 * 3600,
            "arr": np.concatenate(account_rows["arr"]) if n else np.array([], float),
            "seats": np.concatenate(account_rows["seats"]) if n else np.array([], int),
            "ren": np.concatenate(account_rows["renewal"]) if n else np.array([], int),
        },
        f"""select {_acct('a')}, 'Account ' || cast(a as varchar), seg, ind, plan, csm,
            case when parent >= 0 and parent <> a then {_acct('parent')} end, {_ts('c')}, arr,
            cast(seats as integer), {_date('ren')} from {{src}}""",
    )
    bar.close(note=f"{next_event_id:,} product events")
    if config.defect_rate > 0:
        inject_defects(con, schema, config)
    for table in RAW_TABLES:
        counts[table] = con.execute(f"select count(*) from {schema}.{table}").fetchall()[0][0]
    return counts


@dataclass
class _Plays:
    """The CS plays of one chunk of accounts: which got a play, on which day (an index into the
    generated days) and which (an index into PLAYS). `rng` draws everything the plays change,
    apart from the generator's own streams, so the rest of the book is the same with or without
    them."""

    treated: np.ndarray
    day: np.ndarray
    play: np.ndarray
    at_seconds: np.ndarray
    component_given: np.ndarray
    rng: np.random.Generator
    days: int

    def ramp(self, effect: str) -> np.ndarray:
        """[accounts, days]: 0 before the play, rising to 1 over PLAY_RAMP_DAYS, for the
        accounts whose play has `effect` (0 for the others)."""
        has_effect = self.treated & np.isin(self.play, [i for i, p in enumerate(PLAYS) if p[2] == effect])
        t = np.arange(self.days)[None, :]
        rising = np.clip((t - self.day[:, None] + 1) / PLAY_RAMP_DAYS, 0, 1)
        return np.where(has_effect[:, None] & (t >= self.day[:, None]), rising, 0.0)


def _plan_plays(rng: np.random.Generator, h_path: np.ndarray, live: np.ndarray, days: int,
                has_tickets: np.ndarray, has_sentiment: np.ndarray) -> _Plays:
    """One candidate day per account; a play is run on it the more likely the lower the
    account's health path is that day (CSMs act on accounts at risk), if the account is live.
    A support play needs support data and a relationship play survey or CSM data (else the
    account gets a usage play): a play is measured on the component it targets."""
    a = len(h_path)
    lo = min(60, days // 2)
    day = rng.integers(lo, max(days - 70, lo + 1), a)
    rows = np.arange(a)
    chance = np.clip(1.4 * (0.85 - h_path[rows, day]), 0, 0.9)
    treated = (rng.random(a) < chance) & live[rows, day]
    play = rng.choice(len(PLAYS), size=a, p=PLAY_SHARE)
    components = np.array([p[1] or "" for p in PLAYS])[play]
    unmeasurable = ((components == "support") & ~has_tickets) | ((components == "sentiment") & ~has_sentiment)
    play = np.where(unmeasurable, 0, play)
    at_seconds = rng.integers(9 * 3600, 18 * 3600, a)
    component_given = rng.random(a) < 0.5
    return _Plays(treated, day, play, at_seconds, component_given, rng, days)


def _write_play_events(writer: _Writer, plays: _Plays, idx: np.ndarray, u_acct: np.ndarray,
                       u_num: np.ndarray, propensity: np.ndarray, alive: np.ndarray,
                       wk: np.ndarray, h_usage: np.ndarray, start: int, next_id: int) -> int:
    """The product activity a usage play adds: extra core actions by the account's users from
    the day of the play. Ids 'EP...' keep the book's own event ids as they are. Returns the
    next free id."""
    ramp = plays.ramp("usage")
    users = np.nonzero(ramp[u_acct].any(axis=1))[0]
    if len(users) == 0:
        return next_id
    p_extra = 0.3 * ramp[u_acct[users]] * propensity[users][:, None] * wk[None, :]
    p_extra = np.where(alive[users], np.clip(p_extra, 0, 0.9), 0.0)
    xu, xd = np.nonzero(plays.rng.random(p_extra.shape) < p_extra)
    uu = users[xu]
    aa = u_acct[uu]
    breadth = 2 + np.round(6 * h_usage[aa, xd]).astype(int)
    feat = np.minimum((plays.rng.random(len(uu)) * breadth).astype(int), len(CORE_EVENTS) - 1)
    n = len(uu)
    writer.append(
        "product_events",
        {
            "id": np.arange(next_id, next_id + n),
            "a": idx[aa],
            "u": u_num[uu],
            "name": np.array(CORE_EVENTS)[feat],
            "ts": (start + xd) * 86400 + plays.rng.integers(8 * 3600, 20 * 3600, n),
            "q": (1 + plays.rng.poisson(1 + 4 * h_usage[aa, xd])).astype(float),
        },
        f"""select 'EP' || cast(id as varchar), {_acct('a')}, {_user('a', 'u')}, name,
            {_ts('ts')}, q from {{src}}""",
    )
    return next_id + n


def _tickets_kept(plays: _Plays, ta: np.ndarray, td: np.ndarray) -> np.ndarray:
    """Which generated tickets stay: a support play removes most tickets opened after it."""
    ramp = plays.ramp("support")
    return ~(plays.rng.random(len(ta)) < 0.7 * ramp[ta, td])


def _write_cs_actions(writer: _Writer, plays: _Plays, idx: np.ndarray, start: int,
                      owner: np.ndarray) -> None:
    """One raw cs_actions row per play; half name the component, the others leave it to the
    playbook seed."""
    rows = np.nonzero(plays.treated)[0]
    chosen = plays.play[rows]
    components = np.array([p[1] or "" for p in PLAYS])[chosen]
    writer.append(
        "cs_actions",
        {
            "a": idx[rows],
            "ts": (start + plays.day[rows]) * 86400 + plays.at_seconds[rows],
            "pb": np.array([p[0] for p in PLAYS])[chosen],
            "c": np.where(plays.component_given[rows], components, ""),
            "o": owner[rows],
        },
        f"""select 'CA' || lpad(cast(a as varchar), 6, '0'), {_acct('a')}, {_ts('ts')}, pb,
            nullif(c, ''), o from {{src}}""",
    )


def _csm_owner(seg: np.ndarray, pick: np.ndarray) -> np.ndarray:
    out = np.empty(len(seg), dtype=object)
    for i, names in enumerate(CSMS):
        mask = seg == i
        out[mask] = np.array(names)[pick[mask] % len(names)]
    return out.astype(str)


def inject_defects(con: duckdb.DuckDBPyConnection, schema: str, config: GeneratorConfig) -> None:
    """Add the real-life defects of SPEC section 9 to a small, seed-determined share of rows.

    Rows are picked by hashing their key with the seed, so the same seed picks the same rows.
    """
    per_mille = max(1, round(config.defect_rate * 1000))
    seed = config.seed
    future = (config.resolved_end + dt.timedelta(days=400)).isoformat()

    def pick(key: str, salt: int) -> str:
        return f"hash({key}, {seed}, {salt}) % 1000 < {per_mille}"

    statements = [
        # duplicates: exact duplicate rows and reused ids with different content
        f"insert into {schema}.accounts select * from {schema}.accounts where {pick('account_id', 1)}",
        f"""insert into {schema}.product_events select * from {schema}.product_events
            where {pick('event_id', 2)}""",
        f"""insert into {schema}.support_tickets select *
            from {schema}.support_tickets where {pick('ticket_id', 3)}""",
        f"""insert into {schema}.invoices select * replace (amount + 1 as amount)
            from {schema}.invoices where {pick('invoice_id', 4)}""",
        f"""insert into {schema}.users select * from {schema}.users where {pick('user_id', 5)}""",
        # null keys
        f"""insert into {schema}.product_events select * replace (null as account_id)
            from {schema}.product_events where {pick('event_id', 6)}""",
        f"""insert into {schema}.support_tickets select * replace (null as ticket_id) from {schema}.support_tickets
            where {pick('ticket_id', 7)}""",
        # ids of unknown accounts
        f"""insert into {schema}.product_events select * replace ('ZZ' || account_id as account_id,
            'X' || event_id as event_id) from {schema}.product_events where {pick('event_id', 8)}""",
        f"""insert into {schema}.invoices select * replace ('ZZ' || account_id as account_id,
            'X' || invoice_id as invoice_id) from {schema}.invoices where {pick('invoice_id', 9)}""",
        # negative or absurd quantities / amounts
        f"""update {schema}.product_events set quantity = -quantity where {pick('event_id', 10)}""",
        f"""update {schema}.product_events set quantity = 1e9 where {pick('event_id', 11)}""",
        f"""update {schema}.invoices set amount = -amount where {pick('invoice_id', 12)}""",
        # timestamps in the future or before the account existed
        f"""update {schema}.product_events set occurred_at = timestamp '{future}'
            where {pick('event_id', 13)}""",
        f"""update {schema}.product_events e set occurred_at = a.created_at - interval 90 day
            from {schema}.accounts a where a.account_id = e.account_id
            and {pick('e.event_id', 14)}""",
        f"""update {schema}.support_tickets set created_at = timestamp '{future}'
            where {pick('ticket_id', 15)}""",
        # unknown enum values
        f"""update {schema}.support_tickets set severity = 'p0' where {pick('ticket_id', 16)}""",
        f"""update {schema}.product_events set event_name = 'legacy_ping'
            where {pick('event_id', 17)}""",
        f"""update {schema}.invoices set status = 'unknown' where {pick('invoice_id', 18)}""",
        f"""update {schema}.survey_responses set survey_type = 'ces'
            where {pick('response_id', 19)}""",
        f"""update {schema}.csm_assessments set sentiment = 'purple'
            where {pick('account_id || cast(assessed_at as varchar)', 20)}""",
        f"""update {schema}.subscription_events set change_type = 'pause'
            where change_type = 'renewal' and {pick('account_id || cast(effective_date as varchar)', 21)}""",
        # out-of-range scores
        f"""update {schema}.survey_responses set score = 15 where survey_type = 'nps'
            and {pick('response_id', 22)}""",
        # zero seats
        f"""update {schema}.accounts set seats_purchased = 0 where {pick('account_id', 23)}""",
        # CS actions: a repeated action, one naming an unknown account, an unknown component
        f"""insert into {schema}.cs_actions select * from {schema}.cs_actions
            where {pick('action_id', 24)}""",
        f"""insert into {schema}.cs_actions select * replace ('ZZ' || account_id as account_id,
            'X' || action_id as action_id) from {schema}.cs_actions where {pick('action_id', 25)}""",
        f"""update {schema}.cs_actions set component = 'morale' where {pick('action_id', 26)}""",
    ]
    for sql in statements:
        con.execute(sql)


def write_parquet(con: duckdb.DuckDBPyConnection, schema: str, folder: Path) -> None:
    """Export every raw table of `schema` to `folder/<table>.parquet`."""
    folder.mkdir(parents=True, exist_ok=True)
    for table in RAW_TABLES:
        target = folder / f"{table}.parquet"
        con.execute(f"copy {schema}.{table} to '{target.as_posix()}' (format parquet)")
