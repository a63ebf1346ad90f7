"""The accounts table: each account's current state, written once every chunk is done."""

from __future__ import annotations

import numpy as np

from orchestration.sample_data.analytics.behaviour import INDUSTRIES, SEGMENTS, AnalyticsBehaviour
from orchestration.sample_data.analytics.book import Book
from orchestration.sample_data.analytics.subscriptions import CurrentState
from orchestration.sample_data.writer import RawWriter, account_key, date, timestamp


def write_accounts(
    writer: RawWriter, book: Book, owners: np.ndarray, states: list[CurrentState],
    behaviour: AnalyticsBehaviour,
) -> None:
    b = behaviour
    segment = book.segment
    order = np.concatenate([s.accounts for s in states]) if states else np.array([], int)
    plan = np.where(segment == 0,
                    np.where(book.arr > b.growth_plan_min_arr, "growth_monthly", "starter_monthly"),
                    np.where(segment == 1, "growth_annual", "enterprise_annual"))
    writer.append(
        "accounts",
        {
            "a": order,
            "seg": np.array(SEGMENTS)[segment[order]],
            "ind": np.array(INDUSTRIES)[book.industry[order]],
            "plan": plan[order],
            "csm": owners[order],
            "parent": book.parent[order],
            "c": book.created[order] * 86400 + 8 * 3600,
            "arr": np.concatenate([s.arr for s in states]) if states else np.array([], float),
            "seats": np.concatenate([s.seats for s in states]) if states else np.array([], int),
            "ren": np.concatenate([s.renewal_date for s in states]) if states else np.array([], int),
        },
        f"""select {account_key('a')}, 'Account ' || cast(a as varchar), seg, ind, plan, csm,
            case when parent >= 0 and parent <> a then {account_key('parent')} end,
            {timestamp('c')}, arr, cast(seats as integer), {date('ren')} from {{src}}""",
    )
