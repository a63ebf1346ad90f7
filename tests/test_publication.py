"""Publications survive anything: read-only, flushed before the switch, partial folders of a
killed publish cleaned, and a release kept for its grace period whatever the number of publishes.

These publish the session's known warehouse (tests/conftest.py) into folders of their own: no
dbt run of their own.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
from pathlib import Path

import duckdb
import pytest

from orchestration import publish as publishing
from orchestration.publish import current_publication, prune_releases, publish

FACT = "marts.fct_account_health_daily"


def _modes(folder: Path) -> dict[str, int]:
    out = {}
    for root, dirs, files in os.walk(folder):
        for name in [*dirs, *files]:
            path = Path(root) / name
            out[str(path.relative_to(folder))] = stat.S_IMODE(path.stat().st_mode)
    return out


def test_a_release_is_read_only_and_on_disk_before_it_becomes_current(known_warehouse, tmp_path, monkeypatch):
    order: list[str] = []
    real_fsync, real_switch = publishing._fsync, publishing._switch
    monkeypatch.setattr(publishing, "_fsync", lambda path: (order.append(str(path)), real_fsync(path)))
    monkeypatch.setattr(publishing, "_switch", lambda *a: (order.append("SWITCH"), real_switch(*a)))
    release = publish(known_warehouse.path, tmp_path / "pub")
    modes = _modes(release.path)
    assert modes["account_health.duckdb"] == modes["publication.json"] == 0o444
    assert modes["parquet"] == 0o555 and stat.S_IMODE(release.path.stat().st_mode) == 0o555
    parquet = [name for name in modes if name.startswith("parquet/")]
    assert len(parquet) == len(release.row_counts) > 10
    assert all(modes[name] == 0o444 for name in parquet)
    # every file and folder was flushed (as the .partial it was written in), then the folder of
    # releases, and only then the switch; the publish folder is flushed after it
    switch = order.index("SWITCH")
    partial = tmp_path / "pub" / "releases" / f".{release.publication_id}.partial"
    flushed = set(order[:switch])
    assert {str(partial / name) for name in modes} <= flushed
    assert {str(release.path), str(release.path.parent)} <= flushed
    assert order[switch + 1:] == [str(tmp_path / "pub")]
    with pytest.raises(PermissionError) if os.geteuid() != 0 else _nothing():
        (release.path / "publication.json").write_text("{}")


class _nothing:
    """As root permission bits do not stop writes: the modes above are what is checked."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_a_reader_holding_a_release_reads_it_to_the_end_through_three_quick_publishes(known_warehouse, tmp_path):
    folder = tmp_path / "pub"
    first = publish(known_warehouse.path, folder)
    release = (folder / "current").resolve()  # a BI reader resolves `current` once ...
    con = duckdb.connect(str(release / "account_health.duckdb"), read_only=True)
    cursor = con.execute(f"select * from {FACT} order by account_id, score_date")
    head = cursor.fetchmany(50)  # ... and is half-way through its query
    ids = [publish(known_warehouse.path, folder).publication_id for _ in range(3)]
    assert current_publication(folder).publication_id == ids[-1]
    rows = head + cursor.fetchall()
    assert len(rows) == first.row_counts[FACT] > 50
    parquet = release / "parquet" / "fct_account_health_daily.parquet"
    assert duckdb.sql("select count(*) from read_parquet(?)", params=[str(parquet)]).fetchall()[0][0] == len(rows)
    con.close()
    # all four releases are still there: none has been retired for an hour yet
    assert sorted(p.name for p in (folder / "releases").iterdir()) == sorted([first.publication_id, *ids])


def test_releases_leave_after_the_grace_period_counted_from_their_retirement(known_warehouse, tmp_path):
    folder = tmp_path / "pub"
    ids = [publish(known_warehouse.path, folder).publication_id for _ in range(3)]

    def published(publication_id: str) -> float:
        manifest = json.loads((folder / "releases" / publication_id / "publication.json").read_text())
        return dt.datetime.fromisoformat(manifest["published_at"]).timestamp()

    # a release retires when the next one is published
    first_retired, second_retired = published(ids[1]), published(ids[2])
    assert prune_releases(folder, grace_seconds=3600) == []
    # 100 s after the second retired, with a grace between its age and the first one's age:
    # the first goes, the second stays
    now = second_retired + 100
    grace = 100 + (second_retired - first_retired) / 2
    assert prune_releases(folder, grace_seconds=grace, now=now) == [ids[0]]
    assert prune_releases(folder, grace_seconds=0) == [ids[1]]
    assert [p.name for p in (folder / "releases").iterdir()] == [ids[2]]  # current stays, always
    # HEALTH_RELEASE_GRACE_SECONDS is what publish() uses
    os.environ["HEALTH_RELEASE_GRACE_SECONDS"] = "0"
    try:
        last = publish(known_warehouse.path, folder)
    finally:
        del os.environ["HEALTH_RELEASE_GRACE_SECONDS"]
    assert [p.name for p in (folder / "releases").iterdir()] == [last.publication_id]


def test_the_next_publish_removes_what_a_killed_one_left(known_warehouse, tmp_path):
    folder = tmp_path / "pub"
    before = publish(known_warehouse.path, folder)
    stale = folder / "releases" / ".20260101T000000-deadbeef.partial"
    (stale / "parquet").mkdir(parents=True)
    (stale / "parquet" / "half.parquet").write_bytes(b"PAR1")
    os.chmod(stale / "parquet", 0o555)
    (folder / ".current-20260101T000000-deadbeef").symlink_to("releases/nowhere")
    after = publish(known_warehouse.path, folder)
    assert not stale.exists() and not (folder / ".current-20260101T000000-deadbeef").is_symlink()
    assert sorted(p.name for p in (folder / "releases").iterdir()) == sorted(
        [before.publication_id, after.publication_id])
