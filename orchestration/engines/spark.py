"""A local Spark (PySpark in-process, Hive metastore on disk) and raw-data loading into it.

dbt-spark's `session` method runs Spark inside the dbt process; the tables live in a warehouse
folder and a Derby metastore beside it, so this process can load raw tables before dbt runs and
read the marts after it. Derby allows one process at a time: never open two sessions at once.
Needs Java 17 and `pip install -e .[spark]`.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import duckdb

from orchestration.catalog import tables_in
from orchestration.load_files import LOAD_REJECTS
from orchestration.quoting import identifier, literal
from orchestration.raw_contract import RAW_TABLES


def spark_env(root: Path) -> dict[str, str]:
    """Environment variables profiles.yml reads for target `spark`."""
    return {"HEALTH_TARGET": "spark", "HEALTH_SPARK_HOME": str(root)}


def session_config(root: Path) -> dict[str, str]:
    """Spark settings, identical to the `spark` target's server_side_parameters."""
    return {
        "spark.sql.warehouse.dir": str(root / "warehouse"),
        "spark.driver.extraJavaOptions": f"-Dderby.system.home={root}",
        "spark.sql.session.timeZone": "UTC",
        "spark.sql.shuffle.partitions": "4",
        "spark.ui.enabled": "false",
        "spark.sql.ansi.enabled": "false",
    }


@contextlib.contextmanager
def spark_session(root: Path) -> Iterator:
    """A Spark session on the metastore in `root`. Its JVM keeps the metastore locked until the
    Python process exits, so callers run this in a short-lived process (see run_in_subprocess)."""
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.master("local[2]").appName("account-health").enableHiveSupport()
    for key, value in session_config(root).items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    try:
        yield session
    finally:
        session.stop()


def run_in_subprocess(action: str, *args: str) -> None:
    """Run `python -m orchestration.engines.spark ACTION ARGS` and wait for its JVM to exit."""
    proc = subprocess.run([sys.executable, "-m", "orchestration.engines.spark", action, *args],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        tail = "\n".join((proc.stdout + proc.stderr).splitlines()[-30:])
        raise RuntimeError(f"spark {action} failed:\n{tail}")


@contextlib.contextmanager
def throwaway_spark() -> Iterator[Path]:
    """A temporary folder holding a Spark warehouse and metastore; removed on exit."""
    if not shutil.which("java") and not os.environ.get("JAVA_HOME"):
        raise FileNotFoundError("Spark needs Java 17 (java not found)")
    root = Path(tempfile.mkdtemp(prefix="health-spark-"))
    try:
        yield root
    finally:
        shutil.rmtree(root, ignore_errors=True)


def load_raw_from_duckdb(source: Path | str, session, staging_dir: Path, schema: str = "raw") -> dict:
    """Copy every raw table of the DuckDB file `source` into `schema` as string columns
    (through Parquet files in `staging_dir`). Returns {table: rows}."""
    counts: dict[str, int] = {}
    staging_dir.mkdir(parents=True, exist_ok=True)
    session.sql(f"create database if not exists {schema}")
    with duckdb.connect(str(source), read_only=True) as src:
        present = tables_in(src, schema)
        for table in (*RAW_TABLES, LOAD_REJECTS):  # and the CSV lines the file loader set aside
            if table not in present:
                continue
            path = staging_dir / f"{table}.parquet"
            counts[table] = export_as_text(src, schema, table, path)
            session.read.parquet(str(path)).write.mode("overwrite").saveAsTable(
                f"{identifier(schema, engine='spark')}.{identifier(table, engine='spark')}")
    return counts


def export_as_text(src: duckdb.DuckDBPyConnection, schema: str, table: str, path: Path) -> int:
    """Write a DuckDB table to a Parquet file with every column as text (names kept as they are,
    quoted, whatever characters a file gave them). Returns the rows written."""
    relation = f"{identifier(schema)}.{identifier(table)}"
    columns = [r[0] for r in src.execute(f"describe {relation}").fetchall()]
    select = ", ".join(f"cast({identifier(c)} as varchar) as {identifier(c)}" for c in columns)
    src.execute(f"copy (select {select} from {relation}) to {literal(path.as_posix())} (format parquet)")
    return src.execute(f"select count(*) from {relation}").fetchall()[0][0]


def export_tables(session, tables: dict[str, str], out_dir: Path) -> None:
    """Write each Spark table (name -> 'schema.table') to out_dir/name.parquet."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, table in tables.items():
        session.table(table).coalesce(1).write.mode("overwrite").parquet(str(out_dir / name))


def main(argv: list[str]) -> int:
    action, root = argv[0], Path(argv[1])
    with spark_session(root) as session:
        if action == "load":
            counts = load_raw_from_duckdb(argv[2], session, root / "raw_export")
            print(counts)
        elif action == "export":
            from orchestration.engines.compare import COMPARED

            export_tables(session, {
                "fact": "marts.fct_account_health_daily",
                "rejected": "staging.stg_raw__rejected_rows",
                **{name: f"marts.{name}" for name in COMPARED},
            }, Path(argv[2]))
        else:
            raise SystemExit(f"unknown action {action}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
