"""`account-health console`: start the CS console (Streamlit) over the current publication."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from orchestration.publish import current_publication
from orchestration.settings import publish_dir

APP = Path(__file__).resolve().parent.parent / "console" / "app.py"


def streamlit_command(*, address: str, port: int, headless: bool = True) -> list[str]:
    """The command line that serves the console: bound to `address` only, no usage statistics,
    no file watcher (the app reads the publication, not its own source)."""
    return [sys.executable, "-m", "streamlit", "run", str(APP),
            "--server.address", address, "--server.port", str(port),
            "--server.headless", "true" if headless else "false",
            "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false",
            "--client.toolbarMode", "minimal"]


def cmd_console(args: argparse.Namespace) -> int:
    folder = Path(args.publish_dir).resolve() if args.publish_dir else publish_dir()
    if current_publication(folder) is None:
        raise FileNotFoundError(f"no publication in {folder}: run `make run` (or `account-health run`) first")
    env = {**os.environ, "HEALTH_PUBLISH_DIR": str(folder)}
    print(f"CS console on http://{args.address}:{args.port} reading {folder / 'current'} (Ctrl-C stops it)",
          flush=True)
    try:
        return subprocess.call(streamlit_command(address=args.address, port=args.port), env=env)
    except KeyboardInterrupt:
        return 0


def add_parsers(sub: argparse._SubParsersAction) -> None:
    console = sub.add_parser(
        "console",
        help="start the CS console (a Streamlit web app) over the current BI publication",
        description=(
            "Serve the CS console: portfolio (bands and ARR over time, by segment), my queue (the at-risk "
            "accounts per owner, with playbooks), an account page (score trend against the band edges, "
            "subscores, drivers, alerts, renewal), the backtest (churn by band, AUC) and the rows staging set "
            "aside. It reads only the current publication (HEALTH_PUBLISH_DIR, default warehouse/published), "
            "never the working warehouse, and listens on 127.0.0.1 unless told otherwise."
        ),
    )
    console.add_argument("--address", default="127.0.0.1", help="address to listen on (127.0.0.1: this machine only)")
    console.add_argument("--port", type=int, default=8501, help="port (8501)")
    console.add_argument("--publish-dir",
                         help="publication folder (default: HEALTH_PUBLISH_DIR or warehouse/published)")
    console.set_defaults(func=cmd_console)
