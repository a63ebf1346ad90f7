"""The crm book's subscription_events: new at signup; for annual plans a renewal at each
anniversary (with upgrade/downgrade when the seats changed); monthly plans renew in place (no
event each month); a churn notice for some churners; churn."""

from __future__ import annotations

import numpy as np

from orchestration.sample_data.crm.behaviour import CrmBehaviour
from orchestration.sample_data.crm.churn import Contracts
from orchestration.sample_data.crm.keys import account_key
from orchestration.sample_data.writer import RawWriter, date


def write_subscription_events(
    writer: RawWriter, accounts: np.ndarray, seats: np.ndarray, arr: np.ndarray, monthly: np.ndarray,
    created: np.ndarray, contracts: Contracts, behaviour: CrmBehaviour,
) -> None:
    n = len(accounts)
    written = contracts.happened & (~monthly[:, None] | behaviour.monthly_renewal_events | contracts.churn)
    acct, k = np.nonzero(written)
    churn = contracts.churn[acct, k]
    previous_seats = np.where(k > 0, contracts.seats[acct, np.maximum(k - 1, 0)], seats[acct])
    previous_arr = np.where(k > 0, contracts.arr[acct, np.maximum(k - 1, 0)], arr[acct])
    after_seats, after_arr = contracts.seats[acct, k], contracts.arr[acct, k]
    changed = ~churn & (after_seats != previous_seats)

    accounts_col = [accounts, accounts[acct], accounts[acct][changed]]
    days = [created, contracts.renewal[acct, k], contracts.renewal[acct, k][changed]]
    types = [np.full(n, "new"), np.where(churn, "churn", "renewal"),
             np.where(after_seats[changed] > previous_seats[changed], "upgrade", "downgrade")]
    arr_col = [arr.astype(float), np.where(churn, 0.0, previous_arr), after_arr[changed]]
    seats_col = [seats.astype(float), np.where(churn, 0.0, previous_seats), after_seats[changed].astype(float)]
    noticed = contracts.notice_day >= 0
    accounts_col.append(accounts[noticed])
    days.append(contracts.notice_day[noticed])
    types.append(np.full(noticed.sum(), "churn_notice"))
    arr_col.append(np.full(noticed.sum(), np.nan))
    seats_col.append(np.full(noticed.sum(), np.nan))
    writer.append(
        "subscription_events",
        {
            "a": np.concatenate(accounts_col),
            "d": np.concatenate(days),
            "ty": np.concatenate(types),
            "arr": np.concatenate(arr_col),
            "seats": np.concatenate(seats_col),
        },
        f"select {account_key('a')}, {date('d')}, ty, arr, cast(seats as integer) from {{src}}",
    )
