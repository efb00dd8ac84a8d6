"""Core timings, as medians of repeated runs printed side by side (no asserts on time).

Run with ``nox -s bench`` (or ``pytest tests/benchmarks -o python_files='bench_*.py' -s``).
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import sysconfig
import time
from collections.abc import Callable
from pathlib import Path

import psycopg

from schemafirst.introspect import read_catalog
from schemafirst.introspect.embedded import EmbeddedPostgres, migrated_database

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = str(Path(sysconfig.get_path("scripts")) / "schemafirst")


def _median(fn: Callable[[], object], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _report(name: str, seconds: float, baseline: float | None = None, label: str = "") -> None:
    ratio = f"  ({seconds / baseline:.1f}x {label})" if baseline else ""
    print(f"{name:<55} {seconds * 1000:8.1f} ms{ratio}")


def test_help_startup() -> None:
    bare = _median(lambda: subprocess.run([sys.executable, "-c", "pass"], check=True), 9)
    helped = _median(lambda: subprocess.run([SCRIPT, "--help"], check=True, capture_output=True), 9)
    _report("python -c pass", bare)
    _report("schemafirst --help", helped, bare, "bare interpreter")


def test_embedded_start_and_example_migrations() -> None:
    def run() -> None:
        with migrated_database(ROOT / "schema" / "migrations", supabase=True):
            pass

    _report("embedded Postgres + shim + example migrations", _median(run, 3))


def _create_tables(conn: psycopg.Connection, count: int) -> None:
    columns = ", ".join(f"c{i} text" for i in range(8))
    sql = "".join(
        f"create table t{n} (id bigint primary key, parent_id bigint, {columns});"
        for n in range(count)
    )
    conn.execute(sql)


def test_read_catalog_1000_tables() -> None:
    with EmbeddedPostgres() as server, psycopg.connect(server.url, autocommit=True) as conn:
        _create_tables(conn, 1000)
        small = _median(lambda: read_catalog(conn, ["pg_toast"]), 5)
        big = _median(lambda: read_catalog(conn, ["public"]), 5)
    _report("read_catalog, empty schema (round-trip floor)", small)
    _report("read_catalog, 1,000 tables x 10 columns", big, small, "empty schema")


def test_check_offline_example() -> None:
    if shutil.which(SCRIPT) is None:
        return
    offline = _median(
        lambda: subprocess.run([SCRIPT, "check", "--offline"], cwd=ROOT, capture_output=True), 5
    )
    bare = _median(lambda: subprocess.run([sys.executable, "-c", "pass"], check=True), 5)
    _report("schemafirst check --offline (example)", offline, bare, "bare interpreter")
