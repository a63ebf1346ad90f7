"""One writer at a time on the working warehouse: an exclusive lock file beside the DuckDB file.

Every command and Dagster run that writes the warehouse (run, backfill, build, load-files,
generate, propose, runs launched from the UI or the schedule) holds
`<warehouse>.lock` for its whole duration:

- The lock is an OS lock (`flock`) on that file, so it dies with its process: a writer killed
  with SIGKILL leaves no lock behind, only its description, and the next writer takes over and
  says so (`WriterLock.taken_over`).
- The file holds who has the lock (command, pid, host, start time, and the Dagster run id once
  the run has one), so a second writer can say who it waited for.
- A second writer waits up to HEALTH_LOCK_TIMEOUT seconds (default 600), then gives up with
  `WarehouseLocked`, whose message is one line naming the holder.
- Within one process the lock is re-entrant: the CLI takes it, then the in-process Dagster run
  it starts takes it again (the run's resource) without waiting for itself.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

DEFAULT_TIMEOUT_SECONDS = 600.0
POLL_SECONDS = 0.2


class WarehouseLocked(RuntimeError):
    """Another process holds the writer lock and did not let go in time (a one-line message)."""


@dataclass(frozen=True)
class Holder:
    """Who holds (or held) the lock, as written in the lock file."""

    command: str
    pid: int
    host: str
    started_at: str
    run_id: str = ""

    def describe(self) -> str:
        run = f", Dagster run {self.run_id}" if self.run_id else ""
        return f"{self.command} (pid {self.pid} on {self.host}, since {self.started_at}{run})"

    @classmethod
    def parse(cls, text: str) -> Holder | None:
        try:
            data = json.loads(text)
            return cls(str(data["command"]), int(data["pid"]), str(data["host"]),
                       str(data["started_at"]), str(data.get("run_id") or ""))
        except (ValueError, KeyError, TypeError):
            return None


@dataclass
class WriterLock:
    """The lock this process holds on one warehouse."""

    path: Path
    holder: Holder
    taken_over: Holder | None = None  # a writer that died holding the lock, replaced by this one
    _fd: int = field(default=-1, repr=False)
    _depth: int = field(default=0, repr=False)

    def set_run_id(self, run_id: str) -> None:
        """Record the Dagster run that writes under this lock (shown to anyone who waits)."""
        self.holder = replace(self.holder, run_id=run_id)
        _write_holder(self._fd, self.holder)


_held: dict[str, WriterLock] = {}
_guard = threading.Lock()


def lock_path(warehouse: Path) -> Path:
    """The lock file of a warehouse: `<file>.lock` beside it."""
    warehouse = Path(warehouse).resolve()
    return warehouse.with_name(warehouse.name + ".lock")


def lock_timeout() -> float:
    """Seconds a second writer waits for the lock (HEALTH_LOCK_TIMEOUT, default 600)."""
    raw = os.environ.get("HEALTH_LOCK_TIMEOUT", "").strip()
    if not raw:
        return DEFAULT_TIMEOUT_SECONDS
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not value >= 0:
        raise ValueError(f"HEALTH_LOCK_TIMEOUT must be a number of seconds >= 0, not {raw!r}")
    return value


def command_line() -> str:
    """This process's command, as the lock file records it."""
    name = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else "python"
    return " ".join([name, *sys.argv[1:]])[:300]


def current_holder(warehouse: Path) -> Holder | None:
    """Who the lock file names (the holder, or a writer that died holding it); None if empty."""
    try:
        return Holder.parse(lock_path(warehouse).read_text())
    except FileNotFoundError:
        return None


def _write_holder(fd: int, holder: Holder | None) -> None:
    data = b"" if holder is None else (json.dumps(asdict(holder)) + "\n").encode()
    os.ftruncate(fd, 0)
    if data:
        os.pwrite(fd, data, 0)
    os.fsync(fd)


def _read_fd(fd: int) -> str:
    size = os.fstat(fd).st_size
    return os.pread(fd, size, 0).decode(errors="replace") if size else ""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _busy_message(warehouse: Path, what: str, limit: float) -> str:
    holder = current_holder(warehouse)
    who = holder.describe() if holder else "another process (it has not said who yet)"
    return (f"{what} is being written by {who}; gave up after {limit:g} s "
            "(wait longer with HEALTH_LOCK_TIMEOUT=seconds, or try again when it has finished)")


@contextlib.contextmanager
def writer_lock(
    warehouse: Path,
    *,
    command: str | None = None,
    timeout: float | None = None,
    notify: Callable[[str], None] | None = None,
    what: str = "",
) -> Iterator[WriterLock]:
    """Hold the exclusive writer lock of `warehouse` for the `with` block.

    Waits up to `timeout` seconds (default HEALTH_LOCK_TIMEOUT) while another process holds it,
    telling `notify` once that it waits; then raises WarehouseLocked naming the holder.
    Re-entrant within a process. `what` names the thing locked in messages (default: the
    warehouse at that path).
    """
    warehouse = Path(warehouse).resolve()
    what = what or f"the warehouse {warehouse}"
    path = lock_path(warehouse)
    key = str(path)
    with _guard:
        held = _held.get(key)
        if held is not None and held.holder.pid == os.getpid():
            held._depth += 1
        else:
            held = None
    if held is not None:
        try:
            yield held
        finally:
            with _guard:
                held._depth -= 1
        return

    limit = lock_timeout() if timeout is None else timeout
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        started = time.monotonic()
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                waited = time.monotonic() - started
                if waited >= limit:
                    raise WarehouseLocked(_busy_message(warehouse, what, limit)) from None
                if notify is not None and not told:
                    holder = current_holder(warehouse)
                    notify(f"waiting up to {limit:.0f} s for the writer lock of {what}, held by "
                           + (holder.describe() if holder else "another process"))
                    told = True
                time.sleep(POLL_SECONDS)
        # A clean release empties the file: a description still there is a writer that died.
        taken_over = Holder.parse(_read_fd(fd))
        holder = Holder(command or command_line(), os.getpid(), socket.gethostname(),
                        dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"))
        _write_holder(fd, holder)
        lock = WriterLock(path, holder, taken_over, fd, 1)
        if taken_over is not None and notify is not None:
            state = "no longer running" if not _alive(taken_over.pid) else "gone (its lock was released)"
            notify(f"taking over the writer lock of {taken_over.describe()}: {state}")
        with _guard:
            _held[key] = lock
        try:
            yield lock
        finally:
            with _guard:
                _held.pop(key, None)
            _write_holder(fd, None)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def held_lock(warehouse: Path) -> WriterLock | None:
    """The lock this process holds on `warehouse`, if any."""
    with _guard:
        lock = _held.get(str(lock_path(warehouse)))
    return lock if lock is not None and lock.holder.pid == os.getpid() else None
