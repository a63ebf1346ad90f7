"""Publish the marts for BI: a read-only DuckDB file and Parquet files, swapped in atomically.

The working DuckDB file belongs to dbt (one writer at a time; a reader cannot open it while
dbt writes). BI reads a *publication* instead, laid out as

    <publish dir>/
        current -> releases/<publication id>     (a symlink, replaced atomically by rename)
        releases/<publication id>/                (read-only: files 0444, folders 0555)
            account_health.duckdb                 (schemas marts and quality, in a storage
                                                   format DuckDB 1.0 and later read)
            parquet/<table>.parquet               (one file per published table)
            publication.json                      (id, time, source, storage format, row counts)

A new publication is written completely in a hidden `.<id>.partial` folder beside the old
ones, every file and folder is flushed to disk (fsync), the folder is renamed to its final name,
and `current` is switched with a single rename: a reader that opens `current/...` sees either the
previous publication or the new one, never a mix, even after a power cut. A publish that was
killed leaves only its `.partial` folder, which the next publish removes.

A release that stops being current stays on disk for a grace period
(HEALTH_RELEASE_GRACE_SECONDS, default an hour) whatever the number of publishes in between, so
a reader that resolved `current` just before a switch can finish reading it. Nothing is
published unless the caller's build and tests passed: `publish()` is the last step of the run,
after dbt build succeeded.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import stat
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import duckdb

from orchestration.catalog import tables_in
from orchestration.locking import writer_lock
from orchestration.quoting import identifier, literal
from orchestration.settings import release_grace_seconds

PUBLISHED_FILE = "account_health.duckdb"
MANIFEST_FILE = "publication.json"
# The storage format of the published DuckDB file. BI drivers embed older DuckDB releases than
# the one the project builds with, and a DuckDB file is readable only by releases at least as
# new as its format: this one opens in DuckDB 1.0.0 and every later release.
STORAGE_VERSION = "v1.0.0"
READABLE_BY = "DuckDB 1.0.0 and later"
# Besides every table in schema marts: the rows staging set aside, so BI can show data quality.
EXTRA_TABLES = {"quality.rejected_rows": "staging.stg_raw__rejected_rows"}
FILE_MODE, DIR_MODE = 0o444, 0o555


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


def _tables(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], tuple[str, str]]:
    """(schema, table) published -> (schema, table) read in the working warehouse."""
    marts = sorted(tables_in(con, "marts", catalog="work"))
    if not marts:
        raise RuntimeError("the warehouse has no marts to publish: run the build first")
    out = {("marts", name): ("marts", name) for name in marts}
    for published, source in EXTRA_TABLES.items():
        schema, name = source.split(".")
        if name in tables_in(con, schema, catalog="work"):
            out[tuple(published.split("."))] = (schema, name)
    return out


def _name(*parts: str) -> str:
    return ".".join(identifier(part) for part in parts)


def publish(warehouse: Path, publish_dir: Path, *, source: str = "") -> Publication:
    """Copy the marts of `warehouse` into a new release and make it `current`.

    Holds the warehouse's writer lock (re-entrant: a run that holds it already goes straight on)
    and the publish folder's own lock. Opens the working warehouse read-only. Raises before
    switching anything if a step fails: the previous publication stays current.
    """
    publish_dir = Path(publish_dir).resolve()
    publish_dir.mkdir(parents=True, exist_ok=True)
    folder_lock = writer_lock(publish_dir / ".publish", what=f"the publication folder {publish_dir}")
    with writer_lock(warehouse), folder_lock:
        releases = publish_dir / "releases"
        releases.mkdir(exist_ok=True)
        clean_partials(publish_dir)
        now = dt.datetime.now(dt.timezone.utc)
        publication_id = f"{now:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
        staging = releases / f".{publication_id}.partial"
        (staging / "parquet").mkdir(parents=True)
        manifest = {"publication_id": publication_id, "published_at": now.isoformat(), "source": source,
                    "duckdb_storage_version": STORAGE_VERSION, "duckdb_readable_by": READABLE_BY}
        try:
            manifest["row_counts"] = _write_release(Path(warehouse).resolve(), staging, manifest)
            (staging / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2) + "\n")
            _seal(staging)
            final = releases / publication_id
            staging.rename(final)
            os.chmod(final, DIR_MODE)
            _fsync(final)
            _fsync(releases)
        except BaseException:
            remove_tree(staging)
            raise
        _switch(publish_dir, publication_id)
        prune_releases(publish_dir, grace_seconds=release_grace_seconds())
    return Publication(publication_id, final, now.isoformat(), manifest["row_counts"])


def _write_release(warehouse: Path, staging: Path, manifest: dict) -> dict[str, int]:
    """The DuckDB file (in STORAGE_VERSION) and the Parquet files of a release; row counts."""
    counts: dict[str, int] = {}
    with duckdb.connect() as con:
        con.execute(f"attach {literal(str(staging / PUBLISHED_FILE))} as pub "
                    f"(storage_version {literal(STORAGE_VERSION)})")
        con.execute(f"attach {literal(str(warehouse))} as work (read_only)")
        for (schema, table), (src_schema, src_table) in _tables(con).items():
            target = _name("pub", schema, table)
            con.execute(f"create schema if not exists {_name('pub', schema)}")
            con.execute(f"create table {target} as select * from {_name('work', src_schema, src_table)}")
            counts[f"{schema}.{table}"] = con.execute(f"select count(*) from {target}").fetchall()[0][0]
            parquet = staging / "parquet" / f"{table}.parquet"
            con.execute(f"copy {target} to {literal(str(parquet))} (format parquet)")
        con.execute("create schema if not exists pub.quality")
        con.execute("create table pub.quality.publication as select ? as publication_id, "
                    "cast(? as timestamp) as published_at, ? as source, ? as duckdb_storage_version",
                    [manifest["publication_id"], dt.datetime.fromisoformat(manifest["published_at"])
                     .replace(tzinfo=None), manifest["source"], STORAGE_VERSION])
        con.execute("checkpoint pub")
        con.execute("detach work")
        con.execute("detach pub")
    return counts


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _seal(folder: Path) -> None:
    """Flush every file and folder under `folder` to disk and make them read-only."""
    for root, dirs, files in os.walk(folder, topdown=False):
        for name in files:
            path = Path(root) / name
            _fsync(path)
            os.chmod(path, FILE_MODE)
        for name in dirs:
            os.chmod(Path(root) / name, DIR_MODE)
        _fsync(Path(root))


def _switch(publish_dir: Path, publication_id: str) -> None:
    """Point `current` at the release: a new symlink beside it, renamed over it (atomic)."""
    link = publish_dir / "current"
    tmp_link = publish_dir / f".current-{publication_id}"
    tmp_link.symlink_to(Path("releases") / publication_id)
    os.replace(tmp_link, link)
    _fsync(publish_dir)


def remove_tree(path: Path) -> None:
    """Delete a release (or partial) folder, read-only parts included."""
    if not path.exists() and not path.is_symlink():
        return
    for root, dirs, _ in os.walk(path):
        for name in dirs:
            os.chmod(Path(root) / name, stat.S_IRWXU)
    os.chmod(path, stat.S_IRWXU)
    shutil.rmtree(path, ignore_errors=True)


def clean_partials(publish_dir: Path) -> list[str]:
    """Remove what killed publishes left (`.partial` folders, temporary links); the publish lock
    is held, so nothing is writing them. Returns the names removed."""
    removed = []
    releases = Path(publish_dir) / "releases"
    for partial in sorted(releases.glob(".*.partial")) if releases.is_dir() else []:
        remove_tree(partial)
        removed.append(partial.name)
    for link in sorted(Path(publish_dir).glob(".current-*")):
        link.unlink(missing_ok=True)
        removed.append(link.name)
    return removed


def _published_at(release: Path) -> float:
    """When a release was published (its manifest; the folder's time if that is unreadable)."""
    try:
        manifest = json.loads((release / MANIFEST_FILE).read_text())
        return dt.datetime.fromisoformat(manifest["published_at"]).timestamp()
    except (OSError, ValueError, KeyError):
        return release.stat().st_mtime


def prune_releases(publish_dir: Path, *, grace_seconds: float, now: float | None = None) -> list[str]:
    """Delete the releases that stopped being current more than grace_seconds ago.

    A release stopped being current when the next one was published, so that is its retirement
    time; the current release and those retired within the grace period stay, however many
    publishes happened meanwhile. Returns the ids deleted.
    """
    publish_dir = Path(publish_dir)
    releases = publish_dir / "releases"
    link = publish_dir / "current"
    current = link.resolve().name if link.exists() else None
    done = sorted(((_published_at(p), p) for p in releases.iterdir()
                   if p.is_dir() and not p.name.startswith(".")), key=lambda item: (item[0], item[1].name))
    now = time.time() if now is None else now
    deleted = []
    for (_, release), (retired_at, _) in zip(done, done[1:], strict=False):
        if release.name != current and now - retired_at > grace_seconds:
            remove_tree(release)
            deleted.append(release.name)
    return deleted
