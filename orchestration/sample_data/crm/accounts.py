"""The crm book's accounts table: current state at the end of the window."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from orchestration.sample_data.crm.behaviour import INDUSTRIES, SALES_OPS, SEGMENTS
from orchestration.sample_data.crm.book import CrmBook
from orchestration.sample_data.crm.churn import Contracts
from orchestration.sample_data.crm.keys import account_key
from orchestration.sample_data.crm.timeline import Timeline
from orchestration.sample_data.writer import RawWriter, date, timestamp


@dataclass(frozen=True)
class CurrentState:
    accounts: np.ndarray
    arr: np.ndarray
    seats: np.ndarray
    renewal_date: np.ndarray  # day number: the next renewal after the end, or the churn day


def current_state(accounts: np.ndarray, contracts: Contracts, timeline: Timeline) -> CurrentState:
    n = len(accounts)
    done = contracts.renewal <= timeline.end
    last = np.where(done.any(axis=1), done.shape[1] - 1 - np.argmax(done[:, ::-1], axis=1), 0)
    seats = contracts.seats[np.arange(n), last]
    arr = contracts.arr[np.arange(n), last]
    following = np.where(contracts.renewal > timeline.end, contracts.renewal, np.iinfo(np.int64).max).min(axis=1)
    return CurrentState(
        accounts,
        np.where(contracts.churned, 0.0, arr),
        seats,
        np.where(contracts.churned, contracts.churn_day, following),
    )


def plan_names(book: CrmBook) -> np.ndarray:
    """Plans named as the CRM names them; `_monthly` plans have a one-month term."""
    return np.where(book.monthly,
                    np.where(book.segment == 0, "starter_monthly", "pro_monthly"),
                    np.where(book.segment == 2, "enterprise_annual",
                             np.where(book.segment == 1, "pro_annual", "starter_annual")))


def write_accounts(writer: RawWriter, book: CrmBook, states: list[CurrentState]) -> None:
    order = np.concatenate([s.accounts for s in states]) if states else np.array([], int)
    writer.append(
        "accounts",
        {
            "a": order,
            "seg": np.array(SEGMENTS)[book.segment[order]],
            "ind": np.array(INDUSTRIES)[book.industry[order]],
            "plan": plan_names(book)[order],
            "csm": np.array(SALES_OPS)[book.owner[order]],
            "c": book.created[order] * 86400 + 7 * 3600,
            "arr": np.concatenate([s.arr for s in states]) if states else np.array([], float),
            "seats": np.concatenate([s.seats for s in states]) if states else np.array([], int),
            "ren": np.concatenate([s.renewal_date for s in states]) if states else np.array([], int),
        },
        f"""select {account_key('a')}, 'Customer ' || cast(a + 1 as varchar), seg, ind, plan, csm,
            cast(null as varchar), {timestamp('c')}, arr, cast(seats as integer), {date('ren')}
            from {{src}}""",
    )
