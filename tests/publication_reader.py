"""A BI reader for the concurrency test: reads the publication in a loop until told to stop.

python -m tests.publication_reader PUBLISH_DIR STOP_FILE OUT_FILE

Each read opens `current/account_health.duckdb` read-only (as a BI tool would) and checks that
the row counts it sees are those its publication's manifest recorded; then resolves `current`
once and reads the Parquet files of that release, with the same check. Writes a JSON summary:
reads, errors (with messages), publication ids seen.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import duckdb

TABLES = ("marts.fct_account_health_daily", "marts.health_current", "marts.health_alerts")


def read_once(publish_dir: Path) -> str:
    current = publish_dir / "current"
    with duckdb.connect(str(current / "account_health.duckdb"), read_only=True) as con:
        publication_id = con.execute("select publication_id from quality.publication").fetchall()[0][0]
        counts = {t: con.execute(f"select count(*) from {t}").fetchall()[0][0] for t in TABLES}
    manifest = json.loads((publish_dir / "releases" / publication_id / "publication.json").read_text())
    for table, rows in counts.items():
        if manifest["row_counts"][table] != rows:
            raise AssertionError(f"duckdb {publication_id}: {table} has {rows} rows, manifest says "
                                 f"{manifest['row_counts'][table]}")
    release = current.resolve()
    manifest = json.loads((release / "publication.json").read_text())
    for table in TABLES:
        name = table.split(".")[1]
        rows = duckdb.sql(f"select count(*) from '{release / 'parquet' / name}.parquet'").fetchall()[0][0]
        if manifest["row_counts"][table] != rows:
            raise AssertionError(f"parquet {release.name}: {table} has {rows} rows, manifest says "
                                 f"{manifest['row_counts'][table]}")
    return publication_id


def main(publish_dir: str, stop_file: str, out_file: str) -> None:
    reads, errors, seen = 0, [], []
    while not Path(stop_file).exists():
        try:
            publication_id = read_once(Path(publish_dir))
            if not seen or seen[-1] != publication_id:
                seen.append(publication_id)
            reads += 1
        except Exception as exc:  # noqa: BLE001 - every failure is a finding, recorded and counted
            errors.append(f"{type(exc).__name__}: {exc}")
        time.sleep(0.01)
    Path(out_file).write_text(json.dumps({"reads": reads, "errors": errors, "seen": seen}))


if __name__ == "__main__":
    main(*sys.argv[1:4])
