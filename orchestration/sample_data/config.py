"""What book to generate: size, window, seed, defects and the product profile."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

PROFILES = ("analytics", "crm")
"""analytics: the bundled sample product, all ten raw tables. crm: a different B2B product (a
CRM) with its own event vocabulary and far more events per user, and only the accounts,
subscription_events, users and product_events tables."""


@dataclass(frozen=True)
class GeneratorConfig:
    """A book of `accounts` accounts with `days` days of history ending on `end_date`.

    The same configuration gives the same data. `defect_rate` is the share of rows given
    real-life defects (duplicates, null keys, unknown accounts, absurd values ...); 0 for none.
    """

    accounts: int = 500
    days: int = 120
    seed: int = 42
    end_date: dt.date | None = None
    defect_rate: float = 0.003
    profile: str = "analytics"

    def __post_init__(self) -> None:
        if self.profile not in PROFILES:
            raise ValueError(f"unknown generator profile {self.profile!r}: one of {', '.join(PROFILES)}")
        if self.accounts < 0:
            raise ValueError(f"accounts must be 0 or more, not {self.accounts}")
        if self.days < 1:
            raise ValueError(f"days must be 1 or more, not {self.days}")
        if not 0 <= self.defect_rate <= 1:
            raise ValueError(f"defect rate must be between 0 and 1, not {self.defect_rate}")

    @property
    def resolved_end(self) -> dt.date:
        """The last day of data: `end_date`, or yesterday (UTC)."""
        return self.end_date or (dt.datetime.now(dt.UTC).date() - dt.timedelta(days=1))

    @property
    def start(self) -> dt.date:
        """The first day of the window (accounts may have been created before it)."""
        return self.resolved_end - dt.timedelta(days=self.days - 1)
