"""Introspection timing at 1,000 tables x 10 columns, total and per catalog query.

Each table has a primary key, a foreign key, a unique constraint, a check, a
non-constraint index and a column comment; every tenth has a view and a
policy. Prints medians (no asserts on time). Run with ``nox -s bench``.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

import psycopg
from psycopg.rows import dict_row

from schemafirst.introspect import read_catalog
from schemafirst.introspect.build import build_catalog
from schemafirst.introspect.embedded import EmbeddedPostgres
from schemafirst.introspect.queries import KINDS, fetch_rows, load_sql

TABLES = 1000


def _median(fn: Callable[[], object], runs: int = 7) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _schema_sql(first: int, count: int) -> str:
    parts = ["create type state as enum ('new', 'done');"] if first == 0 else []
    for n in range(first, first + count):
        ref = f"references t{n - 1} (id) on delete cascade" if n else ""
        parts += [
            f"create table t{n} (id bigint generated always as identity primary key,"
            f" parent_id bigint {ref}, code varchar(20) not null unique,"
            f" amount numeric(10, 2) check (amount >= 0), state state not null default 'new',"
            f" tags text[], at timestamptz default now(), doc jsonb, note text, flag boolean);",
            f"create index t{n}_at on t{n} (at) where flag;",
            f"comment on column t{n}.code is 'code {n}';",
        ]
        if n % 10 == 0:
            parts += [
                f"create view v{n} as select id, code from t{n};",
                f"alter table t{n} enable row level security;",
                f"create policy t{n}_read on t{n} for select using (true);",
            ]
    return "\n".join(parts)


def test_read_catalog_1000_tables_10_columns() -> None:
    with EmbeddedPostgres() as server, psycopg.connect(server.url, autocommit=True) as conn:
        for first in range(0, TABLES, 100):  # one transaction would run out of locks
            conn.execute(_schema_sql(first, 100))
        catalog = read_catalog(conn, ["public"])
        assert len(catalog.tables) == TABLES + TABLES // 10
        total = _median(lambda: read_catalog(conn, ["public"]))
        rows = fetch_rows(conn, ["public"])
        build = _median(lambda: build_catalog(rows, ["public"]))
        params = {"schemas": ["public"]}
        per_query = {}
        with conn.cursor(row_factory=dict_row) as cur:
            for kind in KINDS:
                sql = load_sql(kind)
                per_query[kind] = _median(lambda sql=sql: cur.execute(sql, params).fetchall())
    print(f"\nread_catalog, {TABLES:,} tables x 10 columns: {total * 1000:7.1f} ms")
    print(f"  build_catalog (rows -> IR):               {build * 1000:7.1f} ms")
    for kind, seconds in per_query.items():
        print(f"  {kind + '.sql':<40} {seconds * 1000:7.1f} ms")
