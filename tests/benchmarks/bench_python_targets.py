"""Python targets at 1,000 tables, in process: catalog read, render, import of the result.

Run with ``nox -s bench`` (or ``pytest tests/benchmarks -o python_files=bench_*.py -s``).
Prints the time of each stage, which the whole-process numbers of
``bench_side_by_side.py`` (where sqlacodegen runs as a peer, from its own
virtualenv) do not split. The render budget (both Python targets from a
snapshot, snapshot parsing included, under 1 s) and the import budget (2 s)
are printed, not asserted.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from schemafirst import snapshot
from schemafirst.config import Config
from schemafirst.introspect import read_catalog
from schemafirst.introspect.embedded import EmbeddedPostgres
from schemafirst.pipeline import render_all
from schemafirst.render.base import RenderInputs

pytestmark = pytest.mark.pg

TABLES = 1000
RENDER_BUDGET_S = 1.0
IMPORT_BUDGET_S = 2.0


def _schema_sql(n: int) -> str:
    """``n`` tables with a mix of types, a check, an index and a foreign key to the previous one."""
    parts = ["create type public.state as enum ('new', 'active', 'archived');"]
    for i in range(n):
        fk = f", parent_id uuid references public.t{i - 1:04d} (id) on delete cascade" if i else ""
        parts.append(
            f"create table public.t{i:04d} (id uuid primary key default gen_random_uuid(), "
            f"name varchar(80) not null, state public.state not null default 'new', "
            f"amount numeric(10, 2) check (amount >= 0), tags text[] not null default '{{}}', "
            f"data jsonb, created_at timestamptz not null default now(){fk});"
            f"create index t{i:04d}_created_at_idx on public.t{i:04d} (created_at);"
            f"comment on table public.t{i:04d} is 'Table number {i}.';"
        )
    return "\n".join(parts)


@pytest.fixture(scope="module")
def big_db(pg_server: EmbeddedPostgres) -> Iterator[str]:
    with psycopg.connect(pg_server.url, autocommit=True) as conn:
        conn.execute('drop database if exists "bench_py" with (force)')
        conn.execute('create database "bench_py"')
    url = pg_server.database_url("bench_py")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(_schema_sql(TABLES))
    yield url
    with psycopg.connect(pg_server.url, autocommit=True) as conn:
        conn.execute('drop database if exists "bench_py" with (force)')


def _best(fn: object, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def test_python_targets_at_1000_tables(big_db: str, tmp_path: Path) -> None:
    with psycopg.connect(big_db, autocommit=True) as conn:
        start = time.perf_counter()
        catalog = read_catalog(conn, ("public",))
        read_s = time.perf_counter() - start
    text = snapshot.dump(catalog)

    def ours() -> None:
        cat = snapshot.loads(text)  # parsing included; a fresh catalog, so no cached names
        inputs = RenderInputs(catalog=cat, config=Config(root=tmp_path, out=tmp_path / "gen"))
        # As `generate --snapshot F -t sqlalchemy -t pydantic` renders: through the pipeline.
        plan = render_all(inputs, ["sqlalchemy", "pydantic"])
        for path, rendered in plan.items():
            (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / path).write_text(rendered.text, encoding="utf-8")

    ours_s = _best(ours)
    import_s = _import_time(tmp_path / "gen", "python.models, python.schemas")
    models_import_s = _import_time(tmp_path / "gen", "python.models")
    print(
        f"\n{TABLES} tables\n"
        f"  schemafirst read_catalog            {read_s:7.3f} s\n"
        f"  schemafirst both targets (snapshot) {ours_s:7.3f} s\n"
        f"  import + configure_mappers: our models {models_import_s:.3f} s, "
        f"models+schemas {import_s:.3f} s (budget {IMPORT_BUDGET_S} s)"
    )
    # Printed, not asserted: timings on a shared 2-core machine are noise-prone.
    verdict = "within" if ours_s < RENDER_BUDGET_S else "OVER"
    print(f"  render budget {RENDER_BUDGET_S} s: {verdict}")


def _import_time(folder: Path, modules: str) -> float:
    code = (
        "import time; t = time.perf_counter();"
        f"import {modules};"
        "from sqlalchemy.orm import configure_mappers; configure_mappers();"
        "print(time.perf_counter() - t)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=folder, capture_output=True, text=True, check=True
    )
    return float(out.stdout.strip())
