"""Day numbers (days since 1970-01-01) and calendar arithmetic on NumPy arrays of them."""

from __future__ import annotations

import datetime as dt

import numpy as np

EPOCH = dt.date(1970, 1, 1)


def day_number(day: dt.date) -> int:
    """Days since 1970-01-01."""
    return (day - EPOCH).days


def day_of_month(day_numbers: np.ndarray) -> np.ndarray:
    """The day of month (0-based) of each day number."""
    days = day_numbers.astype("datetime64[D]")
    return (days - days.astype("datetime64[M]").astype("datetime64[D]")).astype(np.int64)


def add_months(day_numbers: np.ndarray, months: np.ndarray) -> np.ndarray:
    """Calendar month arithmetic on day numbers (day of month is kept; inputs use days 1-28)."""
    days = day_numbers.astype("datetime64[D]")
    month = days.astype("datetime64[M]")
    offset = (days - month.astype("datetime64[D]")).astype(np.int64)
    return ((month + months).astype("datetime64[D]") + offset).astype(np.int64)


def is_weekday(day_numbers: np.ndarray) -> np.ndarray:
    """Monday to Friday (1970-01-01 was a Thursday)."""
    return ((day_numbers + 3) % 7) < 5
