"""A CLI command that stops in the middle of publishing, for the SIGKILL test.

python -m tests.kill_during_publish READY_FILE ARGS...

Runs `account-health ARGS...`; when the publication has been written into its `.partial`
folder but not yet renamed or made current, writes that folder's path to READY_FILE and
sleeps, so the test can kill the process exactly there.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from orchestration import publish
from orchestration.cli import main

READY = Path(sys.argv[1]) if __name__ == "__main__" else None


def _stall(folder: Path) -> None:
    READY.write_text(str(folder))
    time.sleep(600)


if __name__ == "__main__":
    publish._seal = _stall
    args = sys.argv[2:]
    sys.argv = ["account-health", *args]  # what the lock file records as the command
    sys.exit(main(args))
