"""Support tickets: more of them, more severe, slower answered and less satisfied the worse an
account's health; an outage shock brings a burst of urgent tickets."""

from __future__ import annotations

import numpy as np

from orchestration.sample_data.analytics.behaviour import SEVERITY_WORDS, AnalyticsBehaviour
from orchestration.sample_data.analytics.chunk import Chunk, Window
from orchestration.sample_data.analytics.health import SHOCK, HealthPaths
from orchestration.sample_data.analytics.plays import Plays, tickets_kept
from orchestration.sample_data.analytics.users import Users
from orchestration.sample_data.writer import RawWriter, account_key, timestamp


def write_support_tickets(
    writer: RawWriter, rng: np.random.Generator, chunk: Chunk, window: Window, health: HealthPaths,
    users: Users, live: np.ndarray, first_id: int, behaviour: AnalyticsBehaviour, plays: Plays,
) -> int:
    """Write the chunk's tickets with ids from `first_id`, less those a support play prevented;
    returns how many ids it used (prevented tickets keep theirs: the others' ids do not move)."""
    b = behaviour
    h, t = health.health, window.offsets
    # tickets per account-day: per user per 30 days, by health
    rate = (users.per_account / 30.0)[:, None] * (b.ticket_base + b.ticket_unhealthy * (1 - h) ** 2)
    outage = (chunk.path == SHOCK) & ~health.champion_leaves
    burst = outage[:, None] & (t[None, :] >= health.shock_day[:, None]) & (
        t[None, :] < health.shock_day[:, None] + b.outage_days)
    rate = np.where(burst, rate + b.outage_tickets_per_day, rate)
    rate = np.where(live & chunk.has_tickets[:, None], rate, 0.0)
    per_day = rng.poisson(rate)
    account, day = np.nonzero(per_day)
    repeats = per_day[account, day]
    account, day = np.repeat(account, repeats), np.repeat(day, repeats)
    count = len(account)
    ticket_health = h[account, day]
    bad = 1 - ticket_health

    p_sev1 = b.sev1_base + b.sev1_unhealthy * bad**2 + np.where(burst[account, day], b.sev1_outage, 0)
    p_sev2 = b.sev2_base + b.sev2_unhealthy * bad
    draw = rng.random(count)
    severity = np.where(draw < p_sev1, 1, np.where(draw < p_sev1 + p_sev2, 2,
                                                   np.where(draw < b.sev3_cumulative, 3, 4)))
    label = np.where(
        rng.random(count) < b.severity_word_share,
        np.array(SEVERITY_WORDS)[severity - 1],
        severity.astype(str),
    )
    created = (window.start + day) * 86400 + rng.integers(0, 86400, count)
    sla_hours = np.array(b.sla_hours)[severity - 1]
    responded = created + (rng.exponential(1, count) * sla_hours
                           * (b.response_base + b.response_unhealthy * bad) * 3600).astype(int)
    resolved = created + (rng.exponential(b.resolve_base + b.resolve_unhealthy * bad, count)
                          * 86400).astype(int) + 3600
    end_seconds = (window.end + 1) * 86400
    responded = np.where(responded < end_seconds, responded, -1)
    resolved = np.where(resolved < end_seconds, resolved, -1)
    csat = np.clip(np.round(1 + 4 * ticket_health + rng.normal(0, b.csat_noise, count)), 1, 5)
    tickets = {
        "id": np.arange(first_id, first_id + count),
        "a": chunk.accounts[account],
        "c": created,
        "sev": label,
        "fr": responded,
        "res": resolved,
        "reo": rng.poisson(b.reopen_base + b.reopen_unhealthy * bad**2),
        "esc": rng.random(count) < (b.escalate_base + b.escalate_unhealthy * bad**2
                                    + b.escalate_sev1 * (severity == 1)),
        "csat": np.where((resolved > 0) & (rng.random(count) < b.csat_answer_share), csat, -1),
    }
    kept = tickets_kept(plays, account, day)
    writer.append(
        "support_tickets",
        {name: values[kept] for name, values in tickets.items()},
        f"""select 'T' || cast(id as varchar), {account_key('a')}, {timestamp('c')}, sev,
            case when res >= 0 then 'solved' when fr >= 0 then 'pending' else 'open' end,
            case when fr >= 0 then {timestamp('fr')} end,
            case when res >= 0 then {timestamp('res')} end,
            cast(reo as integer), esc, case when csat >= 0 then cast(csat as integer) end
            from {{src}}""",
    )
    return count
