"""The crm book's accounts: attributes drawn once for the whole book, before any chunk."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from orchestration.sample_data.crm.behaviour import INDUSTRIES, PATHS, SALES_OPS, CrmBehaviour
from orchestration.sample_data.dates import day_of_month


@dataclass(frozen=True)
class CrmBook:
    """Per account (index = account number)."""

    segment: np.ndarray  # index into SEGMENTS
    seats: np.ndarray  # seats at signup
    arr: np.ndarray  # ARR at signup
    monthly: np.ndarray  # on a monthly plan (else annual)
    created: np.ndarray  # day number (day of month <= 28)
    path: np.ndarray  # index into PATHS
    industry: np.ndarray  # index into INDUSTRIES
    owner: np.ndarray  # index into SALES_OPS: who looks after the account

    @property
    def size(self) -> int:
        return len(self.segment)

    @property
    def term(self) -> np.ndarray:
        return np.where(self.monthly, 1, 12)


def draw_book(rng: np.random.Generator, accounts: int, days: int, start: int, behaviour: CrmBehaviour) -> CrmBook:
    b = behaviour
    segment = rng.choice(3, size=accounts, p=b.segment_share)
    low = np.array([r[0] for r in b.seats_range])[segment]
    high = np.array([r[1] for r in b.seats_range])[segment]
    seats = np.round(np.exp(rng.uniform(np.log(low), np.log(high)))).astype(np.int64)
    arr = np.round(seats * np.array(b.price_per_seat)[segment] * rng.uniform(*b.price_jitter, accounts), -1)
    monthly = rng.random(accounts) < np.array(b.monthly_share)[segment]
    new = rng.random(accounts) < b.new_in_window_share
    age = np.where(new, -rng.integers(0, max(days - 30, 1), accounts), rng.integers(*b.existing_age_days, accounts))
    created = start - age
    created = created - np.maximum(day_of_month(created) - 27, 0)  # month arithmetic never clips
    path = rng.choice(len(PATHS), size=accounts, p=b.path_share)
    industry = rng.choice(len(INDUSTRIES), size=accounts)
    owner = rng.integers(0, len(SALES_OPS), accounts)
    return CrmBook(segment, seats, arr, monthly, created, path, industry, owner)
