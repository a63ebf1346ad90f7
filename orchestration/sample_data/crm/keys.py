"""The crm export's own key formats (unlike the analytics book's): acct_000042, usr_000042_0007."""

from __future__ import annotations

import numpy as np


def account_key(column: str) -> str:
    return f"'acct_' || lpad(cast({column} as varchar), 6, '0')"


def user_key(account_column: str, user_column: str) -> str:
    return (f"'usr_' || lpad(cast({account_column} as varchar), 6, '0') || '_' || "
            f"lpad(cast({user_column} as varchar), 4, '0')")


def account_id_text(accounts: np.ndarray) -> np.ndarray:
    """The same keys formatted in Python, for a chunk's few accounts."""
    return np.char.add("acct_", np.char.zfill(accounts.astype(str), 6))


def user_id_text(accounts: np.ndarray, users: np.ndarray) -> np.ndarray:
    """The same keys formatted in Python, for a chunk's users."""
    return np.char.add(np.char.add(np.char.add("usr_", np.char.zfill(accounts.astype(str), 6)), "_"),
                       np.char.zfill(users.astype(str), 4))
