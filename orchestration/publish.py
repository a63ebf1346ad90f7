"""Publish the marts for BI: a read-only DuckDB file and Parquet files, swapped in atomically.

The working DuckDB file belongs to dbt (one writer at a time; a reader cannot open it while
dbt writes). BI reads a *publication* instead, laid out as

    <publish dir>/
        current -> releases/<publication id>     (a symlink, replaced atomically by rename)
        releases/<publication id>/
            account_health.duckdb                 (read-only file: schemas marts and quality)
            parquet/<table>.parquet               (one file per published table)
            publication.json                      (id, time, source, row count per table)

A new publication is written completely beside the old one, then `current` is switched with a
single rename, so a reader that opens `current/...` sees either the previous publication or the
new one, never a mix. The last few releases are kept, so a reader that resolved `current` just
before the switch can finish reading. Nothing is published unless the caller's build and tests
passed: `publish()` is the last step of the run, after dbt build succeeded.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

import duckdb

from orchestration.catalog import tables_in

PUBLISHED_FILE = "account_health.duckdb"
MANIFEST_FILE = "publication.json"
KEEP_RELEASES = 3
# Besides every table in schema marts: the rows staging set aside, so BI can show data quality.
EXTRA_TABLES = {"quality.rejected_rows": "staging.stg_raw__rejected_rows"}


@dataclass(frozen=True)
class Publication:
    """One publication: where it is and what it holds."""

    publication_id: str
    path: Path
    published_at: str
    row_counts: dict[str, int]

    @property
    def duckdb_file(self) -> Path:
        return self.path / PUBLISHED_FILE

    @property
    def parquet_dir(self) -> Path:
        return self.path / "parquet"


def current_publication(publish_dir: Path) -> Publication | None:
    """The publication `current` points at, resolved once (None before the first publish)."""
    link = Path(publish_dir) / "current"
    if not link.exists():
        return None
    path = link.resolve()
    manifest = json.loads((path / MANIFEST_FILE).read_text())
    return Publication(manifest["publication_id"], path, manifest["published_at"],
                       manifest["row_counts"])


def _tables(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Published name -> source relation in the working warehouse."""
    marts = sorted(tables_in(con, "marts", catalog="work"))
    if not marts:
        raise RuntimeError("the warehouse has no marts to publish: run the build first")
    out = {f"marts.{name}": f"work.marts.{name}" for name in marts}
    for published, source in EXTRA_TABLES.items():
        schema, name = source.split(".")
        if name in tables_in(con, schema, catalog="work"):
            out[published] = f"work.{source}"
    return out


def publish(warehouse: Path, publish_dir: Path, *, source: str = "") -> Publication:
    """Copy the marts of `warehouse` into a new release and make it `current`.

    Opens the working warehouse read-only (call it when no dbt run is writing). Raises before
    switching anything if a step fails: the previous publication stays current.
    """
    publish_dir = Path(publish_dir)
    releases = publish_dir / "releases"
    releases.mkdir(parents=True, exist_ok=True)
    now = dt.datetime.now(dt.timezone.utc)
    publication_id = f"{now:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
    staging = releases / f".{publication_id}.partial"
    (staging / "parquet").mkdir(parents=True)
    try:
        counts: dict[str, int] = {}
        with duckdb.connect(str(staging / PUBLISHED_FILE)) as con:
            con.execute(f"attach '{Path(warehouse).resolve()}' as work (read_only)")
            for name, relation in _tables(con).items():
                schema, table = name.split(".")
                con.execute(f"create schema if not exists {schema}")
                con.execute(f"create table {name} as select * from {relation}")
                counts[name] = con.execute(f"select count(*) from {name}").fetchall()[0][0]
                con.execute(f"copy {name} to '{staging / 'parquet' / table}.parquet' (format parquet)")
            con.execute("create table quality.publication as select ? as publication_id, "
                        "cast(? as timestamp) as published_at, ? as source",
                        [publication_id, now.replace(tzinfo=None), source])
            con.execute("detach work")
        manifest = {"publication_id": publication_id, "published_at": now.isoformat(),
                    "source": source, "row_counts": counts}
        (staging / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2) + "\n")
        os.chmod(staging / PUBLISHED_FILE, 0o444)
        final = releases / publication_id
        staging.rename(final)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    # The switch: a new symlink beside `current`, renamed over it (rename is atomic on POSIX).
    link = publish_dir / "current"
    tmp_link = publish_dir / f".current-{publication_id}"
    tmp_link.symlink_to(Path("releases") / publication_id)
    os.replace(tmp_link, link)
    _prune(releases, keep=KEEP_RELEASES, current=publication_id)
    return Publication(publication_id, final, now.isoformat(), counts)


def _prune(releases: Path, *, keep: int, current: str) -> None:
    """Delete all but the newest `keep` releases (readers of an old one have had time to finish)."""
    done = sorted((p for p in releases.iterdir() if p.is_dir() and not p.name.startswith(".")),
                  key=lambda p: p.name)
    for old in done[:-keep]:
        if old.name != current:
            shutil.rmtree(old, ignore_errors=True)
