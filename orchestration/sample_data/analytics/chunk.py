"""A chunk of accounts generated together, and the window of days they are generated over."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from orchestration.sample_data.analytics.book import Book
from orchestration.sample_data.dates import is_weekday


@dataclass(frozen=True)
class Window:
    """The generated days: day numbers `start` to `end` (inclusive), `days` of them."""

    start: int
    end: int
    days: int

    @property
    def offsets(self) -> np.ndarray:
        """0 .. days - 1: the columns of every [account, day] matrix."""
        return np.arange(self.days)

    @property
    def day_numbers(self) -> np.ndarray:
        return self.start + self.offsets

    @property
    def weekday(self) -> np.ndarray:
        return is_weekday(self.day_numbers)

    def column(self, day_numbers: np.ndarray) -> np.ndarray:
        """The matrix column of each day number, clipped into the window."""
        return np.clip(day_numbers - self.start, 0, self.days - 1)


@dataclass(frozen=True)
class Chunk:
    """Accounts `first` .. `first + size - 1` of the book: their fixed attributes, as slices."""

    accounts: np.ndarray  # account numbers
    segment: np.ndarray
    seats: np.ndarray
    arr: np.ndarray
    created: np.ndarray
    path: np.ndarray
    has_tickets: np.ndarray
    has_surveys: np.ndarray
    has_onboarding: np.ndarray
    has_csm: np.ndarray
    owner: np.ndarray  # CSM owner name

    @property
    def size(self) -> int:
        return len(self.accounts)

    @classmethod
    def of(cls, book: Book, owners: np.ndarray, first: int, last: int) -> Chunk:
        idx = np.arange(first, last)
        return cls(idx, book.segment[idx], book.seats[idx], book.arr[idx], book.created[idx],
                   book.path[idx], book.has_tickets[idx], book.has_surveys[idx],
                   book.has_onboarding[idx], book.has_csm[idx], owners[idx])
