"""The book's accounts: attributes drawn once for the whole book, before any chunk."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from orchestration.sample_data.analytics.behaviour import CSMS, INDUSTRIES, PATHS, AnalyticsBehaviour
from orchestration.sample_data.dates import day_of_month


@dataclass(frozen=True)
class Book:
    """Per account (index = account number): what is fixed from the start."""

    segment: np.ndarray  # index into SEGMENTS
    seats: np.ndarray  # seats at signup
    arr: np.ndarray  # ARR at signup
    created: np.ndarray  # day number the account was created (day of month <= 28)
    path: np.ndarray  # index into PATHS: the shape of its latent health
    has_tickets: np.ndarray
    has_surveys: np.ndarray
    has_onboarding: np.ndarray
    has_csm: np.ndarray
    industry: np.ndarray  # index into INDUSTRIES
    csm_pick: np.ndarray  # picks the CSM among the segment's (CSMS)
    parent: np.ndarray  # account number of the parent, or -1

    @property
    def size(self) -> int:
        return len(self.segment)


def draw_book(
    rng: np.random.Generator, accounts: int, days: int, start: int, behaviour: AnalyticsBehaviour
) -> Book:
    """Draw every account's attributes (the draws' order is part of the data: keep it)."""
    b = behaviour
    segment = rng.choice(3, size=accounts, p=b.segment_share)
    seats_low = np.array([r[0] for r in b.seats_range])[segment]
    seats_high = np.array([r[1] for r in b.seats_range])[segment]
    seats = np.round(np.exp(rng.uniform(np.log(seats_low), np.log(seats_high)))).astype(np.int64)
    arr = np.round(seats * np.array(b.price_per_seat)[segment] * rng.uniform(*b.price_jitter, accounts), -1)
    new_in_window = rng.random(accounts) < b.new_in_window_share
    age = np.where(
        new_in_window,
        -rng.integers(0, max(days - b.new_account_min_days_before_end, 1), accounts),
        rng.integers(*b.existing_age_days, accounts),
    )
    created = start - age
    # keep day of month <= 28 so month arithmetic never clips
    created = created - np.maximum(day_of_month(created) - 27, 0)
    path = rng.choice(len(PATHS), size=accounts, p=b.path_share)
    has_tickets = rng.random(accounts) < b.tickets_share
    has_surveys = rng.random(accounts) < b.surveys_share
    has_onboarding = rng.random(accounts) < b.onboarding_share
    has_csm = rng.random(accounts) < np.array(b.csm_share)[segment]
    industry = rng.choice(len(INDUSTRIES), size=accounts)
    csm_pick = rng.integers(0, 1000, accounts)
    is_child = (segment == 1) & (rng.random(accounts) < b.parent_share_mid_market)
    parent = np.where(is_child, rng.integers(0, max(accounts, 1), accounts), -1)
    return Book(segment, seats, arr, created, path, has_tickets, has_surveys, has_onboarding,
                has_csm, industry, csm_pick, parent)


def csm_owner(segment: np.ndarray, pick: np.ndarray) -> np.ndarray:
    """The CSM who owns each account: one of its segment's CSMS, chosen by `pick`."""
    out = np.empty(len(segment), dtype=object)
    for i, names in enumerate(CSMS):
        mask = segment == i
        out[mask] = np.array(names)[pick[mask] % len(names)]
    return out.astype(str)
