"""Benchmark: one-year backfill, one incremental day, and the same SQL without dbt (the floor).

For each book size (S 1,000 / M 10,000 / L 100,000 accounts, 365 days; `empty`: the same
tables with no rows; `crm`: a book from another product, the generator's crm profile, 2,700
accounts x 670 days, only four tables and about ten times the events per user: some 65 M events,
few accounts; `crm-S`: a tenth of its accounts) this script generates the raw data, then
measures wall time and peak memory (max RSS of the process doing the work) of:
  backfill  `dbt run --full-refresh` scoring all 365 days in one run
  day       `dbt run` scoring the last day only, on top of the backfill (incremental), three
            times (a re-run replaces the same day): the median, and the largest peak. The window
            is passed as the orchestration passes it (environment variables), and dbt's own
            share of the time (run_results.json) is printed beside it
  floor     the compiled SQL of every model the backfill ran, executed in order straight in
            DuckDB (python), no dbt: what the SQL itself costs
and prints a table with the ratio backfill / floor and the backfill's cost per million events
(what the crm tier is compared with the M tier by). The `empty` book measures what dbt costs
whatever the data: starting, its partial parse, and running each of the models once.
Figures go in BENCHMARKS.md by hand.

    .venv/bin/python benchmarks/run.py --sizes empty S M    # L takes a while: run it alone
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from orchestration.partitions import DbtWindow  # noqa: E402

# size -> (accounts, days, generator profile)
SIZES = {"empty": (0, 365, "analytics"), "S": (1_000, 365, "analytics"), "M": (10_000, 365, "analytics"),
         "L": (100_000, 365, "analytics"), "crm-S": (270, 670, "crm"), "crm": (2_700, 670, "crm")}
DAY_RUNS = 3
END = dt.date(2026, 6, 30)
LOAD_DATE = (END + dt.timedelta(days=1)).isoformat()


def timed(cmd: list[str], env: dict | None = None) -> tuple[float, float, str]:
    """Run cmd under GNU time; return (seconds, peak RSS in GiB, output)."""
    started = time.monotonic()
    proc = subprocess.run(["/usr/bin/time", "-f", "MAXRSS_KB=%M", *cmd], cwd=ROOT, env=env,
                          text=True, capture_output=True)
    seconds = time.monotonic() - started
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[:3])} failed:\n{(proc.stdout + proc.stderr)[-3000:]}")
    rss_kb = int([ln for ln in proc.stderr.splitlines() if ln.startswith("MAXRSS_KB=")][-1][10:])
    return seconds, rss_kb / 1024 / 1024, proc.stdout


def dbt(args: list[str], workdir: Path, window: dict) -> tuple[float, float]:
    """Time `dbt <args>` for the scored window, passed the way the orchestration passes it
    (environment variables, see orchestration/partitions.py), so dbt keeps its saved parse."""
    env = {**os.environ, "HEALTH_DUCKDB_PATH": str(workdir / "health.duckdb"),
           "HEALTH_DUCKDB_TEMP_DIR": str(workdir / "tmp"), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
           **DbtWindow(window).env()}
    cmd = [str(Path(sys.executable).with_name("dbt")), *args, "--profiles-dir", str(ROOT),
           "--project-dir", str(ROOT), "--target-path", str(workdir / "target"),
           "--log-path", str(workdir / "logs"), "--vars", json.dumps({"load_date": LOAD_DATE})]
    seconds, rss, _ = timed(cmd, env)
    return seconds, rss


FLOOR = r'''
import duckdb, json, sys, time
db, run_results, manifest = sys.argv[1], sys.argv[2], sys.argv[3]
nodes = json.load(open(manifest))["nodes"]
order = [r["unique_id"] for r in json.load(open(run_results))["results"]
         if r["unique_id"].startswith("model.")]
con = duckdb.connect(db)
con.execute("set TimeZone = 'UTC'")
started = time.monotonic()
for uid in order:
    node = nodes[uid]
    sql = node.get("compiled_code")
    name = f'{node["schema"]}.{node["alias"]}_floor'
    con.execute(f"create schema if not exists {node['schema']}")
    kind = "view" if node["config"]["materialized"] == "view" else "table"
    # the floor reads the same inputs: point refs at the floor's own tables
    for dep in node["depends_on"]["nodes"]:
        if dep.startswith("model."):
            d = nodes[dep]
            sql = sql.replace(f'"{d["database"]}"."{d["schema"]}"."{d["alias"]}"',
                              f'{d["schema"]}.{d["alias"]}_floor')
    con.execute(f"create or replace {kind} {name} as {sql}")
print(time.monotonic() - started)
'''


def floor(workdir: Path) -> tuple[float, float]:
    """Execute the compiled SQL of the backfill's models directly in DuckDB."""
    script = workdir / "floor.py"
    script.write_text(FLOOR)
    seconds, rss, out = timed([sys.executable, str(script), str(workdir / "health.duckdb"),
                               str(workdir / "target" / "run_results.json"),
                               str(workdir / "target" / "manifest.json")])
    return float(out.strip().splitlines()[-1]), rss


def bench(size: str, keep: bool) -> dict:
    accounts, days, profile = SIZES[size]
    workdir = Path(tempfile.mkdtemp(prefix=f"health-bench-{size}-"))
    row: dict = {"size": size, "accounts": accounts}
    try:
        gen = [sys.executable, "-c",
               "import duckdb, datetime as dt, sys; "
               "from orchestration.sample_data import generate, GeneratorConfig; "
               f"con = duckdb.connect(r'{workdir / 'health.duckdb'}'); "
               f"c = generate(con, GeneratorConfig(accounts={accounts}, days={days}, seed=1, "
               f"end_date=dt.date({END.year}, {END.month}, {END.day}), profile={profile!r}), progress=False); "
               "print(c['product_events'])"]
        row["generate_s"], row["generate_gib"], out = timed(gen)
        print(f"  {size}: generated in {row['generate_s']:.1f}s", flush=True)
        row["events"] = int(out.strip().splitlines()[-1])
        year = {"score_start_date": (END - dt.timedelta(days=days - 1)).isoformat(),
                "score_end_date": END.isoformat()}
        dbt(["seed"], workdir, year)
        row["backfill_s"], row["backfill_gib"] = dbt(["run", "--full-refresh"], workdir, year)
        print(f"  {size}: backfill {row['backfill_s']:.1f}s, peak {row['backfill_gib']:.2f} GiB",
              flush=True)
        shutil.copy(workdir / "target" / "run_results.json", workdir / "backfill_results.json")
        with __import__("duckdb").connect(str(workdir / "health.duckdb"), read_only=True) as con:
            row["rows"] = con.execute(
                "select count(*) from marts.fct_account_health_daily").fetchall()[0][0]
        day = dict(year, score_start_date=END.isoformat())
        runs = []
        for _ in range(DAY_RUNS):
            seconds, gib = dbt(["run"], workdir, day)
            # dbt's own time for the day (run_results.json): the rest is starting Python, dbt's
            # partial parse, its artefacts and closing, about 2.5 s whatever the size
            inside = json.loads((workdir / "target" / "run_results.json").read_text())["elapsed_time"]
            runs.append((seconds, inside, gib))
        row["day_s"], row["day_dbt_s"], _ = sorted(runs)[len(runs) // 2]
        row["day_gib"] = max(gib for _, _, gib in runs)
        print(f"  {size}: 1 day {row['day_s']:.1f}s ({row['day_dbt_s']:.1f}s inside dbt; median of "
              f"{', '.join(f'{r[0]:.1f}s' for r in runs)}), peak {row['day_gib']:.2f} GiB", flush=True)
        shutil.copy(workdir / "backfill_results.json", workdir / "target" / "run_results.json")
        # the manifest must describe the backfill's compiled SQL: recompile with its vars
        dbt(["compile"], workdir, year)
        shutil.copy(workdir / "backfill_results.json", workdir / "target" / "run_results.json")
        row["floor_s"], row["floor_gib"] = floor(workdir)
        row["ratio"] = row["backfill_s"] / row["floor_s"]
        row["per_m_events"] = row["backfill_s"] / (row["events"] / 1e6) if row["events"] else float("nan")
    finally:
        if not keep:
            shutil.rmtree(workdir, ignore_errors=True)
    return row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", nargs="+", default=["empty", "S", "M"], choices=list(SIZES))
    parser.add_argument("--keep", action="store_true", help="keep the working folders")
    args = parser.parse_args()
    print(f"machine: {platform.platform()}, {os.cpu_count()} cores, "
          f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB RAM, "
          f"Python {platform.python_version()}")
    header = (f"{'size':5} {'accounts':>8} {'events':>12} {'fact rows':>10} {'generate':>9} "
              f"{'backfill':>9} {'peak GiB':>8} {'1 day':>7} {'in dbt':>7} {'day/bf':>7} {'peak GiB':>8} "
              f"{'floor':>7} {'peak GiB':>8} {'dbt/floor':>9} {'s/M events':>10}")
    rows = []
    for size in args.sizes:
        r = bench(size, args.keep)
        rows.append(r)
        print(header if len(rows) == 1 else "", end="\n" if len(rows) == 1 else "")
        print(f"{r['size']:5} {r['accounts']:>8,} {r['events']:>12,} {r['rows']:>10,} "
              f"{r['generate_s']:>8.1f}s {r['backfill_s']:>8.1f}s {r['backfill_gib']:>8.2f} "
              f"{r['day_s']:>6.1f}s {r['day_dbt_s']:>6.1f}s {r['day_s'] / r['backfill_s']:>7.1%} "
              f"{r['day_gib']:>8.2f} {r['floor_s']:>6.1f}s "
              f"{r['floor_gib']:>8.2f} {r['ratio']:>9.2f} {r['per_m_events']:>10.1f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
