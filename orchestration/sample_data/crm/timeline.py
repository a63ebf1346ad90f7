"""The crm profile's days: a burn-in before the window (simulated, not written) and the window."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from orchestration.sample_data.dates import is_weekday

NEVER = 10**7  # a day number far after any window: "does not happen"


@dataclass(frozen=True)
class Timeline:
    """Columns 0 .. length - 1 of every [row, day] matrix are day numbers origin .. end; the
    written window starts at column `first_written` (day number `start`)."""

    origin: int
    start: int
    end: int

    @property
    def length(self) -> int:
        return self.end - self.origin + 1

    @property
    def first_written(self) -> int:
        return self.start - self.origin

    @property
    def window_days(self) -> int:
        return self.end - self.start + 1

    @property
    def day_numbers(self) -> np.ndarray:
        return self.origin + np.arange(self.length)

    @property
    def weekday(self) -> np.ndarray:
        return is_weekday(self.day_numbers)

    def column(self, day_numbers: np.ndarray) -> np.ndarray:
        """The matrix column of each day number, clipped to the timeline."""
        return np.clip(day_numbers - self.origin, 0, self.length - 1)
