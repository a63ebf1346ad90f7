"""A throwaway PostgreSQL cluster in a temporary directory, and raw-data loading into it.

Uses the server binaries of the machine's PostgreSQL package (Debian: /usr/lib/postgresql/*/bin).
initdb refuses to run as root, so as root the cluster runs as the `postgres` system user.
"""

from __future__ import annotations

import contextlib
import csv
import glob
import io
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb

from orchestration.catalog import tables_in
from orchestration.load_files import LOAD_REJECTS
from orchestration.quoting import identifier
from orchestration.raw_contract import RAW_TABLES


@dataclass(frozen=True)
class PostgresServer:
    host: str
    port: int
    user: str
    password: str
    database: str

    def env(self) -> dict[str, str]:
        """Environment variables profiles.yml reads for target `postgres`."""
        return {
            "HEALTH_PG_HOST": self.host,
            "HEALTH_PG_PORT": str(self.port),
            "HEALTH_PG_USER": self.user,
            "HEALTH_PG_PASSWORD": self.password,
            "HEALTH_PG_DATABASE": self.database,
        }

    def connect(self):
        import psycopg2

        return psycopg2.connect(host=self.host, port=self.port, user=self.user,
                                password=self.password, dbname=self.database)


def _bin_dir() -> Path:
    for name in ("initdb", "pg_ctl"):
        found = shutil.which(name)
        if found and Path(found).with_name("pg_ctl").exists():
            return Path(found).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not candidates:
        raise FileNotFoundError(
            "PostgreSQL server binaries not found (install the Debian package `postgresql`)"
        )
    return Path(candidates[-1]).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def throwaway_postgres(port: int | None = None) -> Iterator[PostgresServer]:
    """Start a fresh cluster on 127.0.0.1:`port` (a free one by default); remove it on exit."""
    bins = _bin_dir()
    port = port or _free_port()
    root = Path(tempfile.mkdtemp(prefix="health-pg-"))
    data = root / "data"
    as_root = os.geteuid() == 0
    prefix: list[str] = []
    if as_root:
        owner = pwd.getpwnam("postgres")
        os.chown(root, owner.pw_uid, owner.pw_gid)
        os.chmod(root, 0o700)
        prefix = ["runuser", "-u", "postgres", "--"]
    user, password, database = "health", "health", "account_health"

    def run(*cmd: str) -> None:
        subprocess.run([*prefix, *cmd], check=True, capture_output=True, text=True)

    pwfile = root / "pw"
    pwfile.write_text(password)
    if as_root:
        os.chown(pwfile, owner.pw_uid, owner.pw_gid)
    try:
        run(str(bins / "initdb"), "-D", str(data), "-U", user, "--pwfile", str(pwfile),
            "-A", "md5", "-E", "UTF8", "--locale", "C")
        run(str(bins / "pg_ctl"), "-D", str(data), "-l", str(root / "server.log"), "-w", "-o",
            f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c timezone=UTC", "start")
        server = PostgresServer("127.0.0.1", port, user, password, "postgres")
        _wait_ready(server)
        with contextlib.closing(server.connect()) as con:
            con.autocommit = True
            con.cursor().execute(f"create database {database}")
        yield PostgresServer("127.0.0.1", port, user, password, database)
    finally:
        with contextlib.suppress(Exception):
            run(str(bins / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop")
        shutil.rmtree(root, ignore_errors=True)


def _wait_ready(server: PostgresServer, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            server.connect().close()
            return
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def load_raw_from_duckdb(source: Path | str, server: PostgresServer, schema: str = "raw") -> dict:
    """Copy every raw table of the DuckDB file `source` into `schema` of the server, as text
    columns (staging types them, exactly as it does for CSV files). Returns {table: rows}.
    Column names come from the files and are quoted for each engine, never pasted as they are."""
    counts: dict[str, int] = {}
    with duckdb.connect(str(source), read_only=True) as src, contextlib.closing(
        server.connect()
    ) as con:
        cur = con.cursor()
        pg_schema = identifier(schema, engine="postgres")
        cur.execute(f"drop schema if exists {pg_schema} cascade; create schema {pg_schema}")
        present = tables_in(src, schema)
        for table in (*RAW_TABLES, LOAD_REJECTS):  # and the CSV lines the file loader set aside
            if table not in present:
                continue
            duck_table = f"{identifier(schema)}.{identifier(table)}"
            pg_table = f"{pg_schema}.{identifier(table, engine='postgres')}"
            columns = [r[0] for r in src.execute(f"describe {duck_table}").fetchall()]
            cur.execute(f"create table {pg_table} ("
                        + ", ".join(f"{identifier(c, engine='postgres')} text" for c in columns) + ")")
            buffer = io.StringIO()
            writer = csv.writer(buffer)
            rows = src.execute(
                f"select {', '.join(f'cast({identifier(c)} as varchar)' for c in columns)} from {duck_table}"
            ).fetchall()
            writer.writerows(rows)
            buffer.seek(0)
            cur.copy_expert(f"copy {pg_table} from stdin with (format csv)", buffer)
            counts[table] = len(rows)
        con.commit()
    return counts
