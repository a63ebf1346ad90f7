"""A dependency-free progress line for long steps (written to stderr, quiet when not a TTY)."""

from __future__ import annotations

import sys
import time


class Progress:
    """Prints `label [#####.....] done/total  elapsed` on one line, updating in place."""

    def __init__(self, label: str, total: int, *, enabled: bool | None = None) -> None:
        self.label = label
        self.total = max(total, 1)
        self.done = 0
        self.started = time.monotonic()
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self._last_line = ""

    def advance(self, step: int = 1, note: str = "") -> None:
        self.done = min(self.done + step, self.total)
        if not self.enabled:
            return
        width = 30
        filled = int(width * self.done / self.total)
        elapsed = time.monotonic() - self.started
        line = (
            f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] "
            f"{self.done}/{self.total} {elapsed:5.1f}s {note}"
        )
        if line != self._last_line:
            sys.stderr.write(line.ljust(len(self._last_line)))
            sys.stderr.flush()
            self._last_line = line

    def close(self, note: str = "") -> float:
        elapsed = time.monotonic() - self.started
        if self.enabled:
            sys.stderr.write("\n")
        else:
            sys.stderr.write(f"{self.label}: {self.done}/{self.total} in {elapsed:.1f}s {note}\n")
        sys.stderr.flush()
        return elapsed
