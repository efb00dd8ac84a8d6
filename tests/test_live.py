"""Reading a live database the way Supabase users connect: pooler-style role names, no superuser."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from schemafirst.errors import DatabaseError
from schemafirst.introspect import read_catalog
from schemafirst.introspect.embedded import (
    SHIM_PATH,
    EmbeddedPostgres,
    apply_migrations,
    migration_files,
)
from schemafirst.introspect.live import read_database

pytestmark = pytest.mark.pg
MIGRATIONS = Path(__file__).resolve().parents[1] / "schema" / "migrations"


def test_pooler_style_role_reads_the_same_catalog(
    pg_server: EmbeddedPostgres, fresh_db: str
) -> None:
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        apply_migrations(conn, migration_files(MIGRATIONS), supabase=True)
        expected = read_catalog(conn, ["public"])
        # Supabase's session pooler logs in as "postgres.<project ref>", a role
        # that is not a superuser; the catalog must read the same through it.
        conn.execute(
            """do $$ begin
                 if not exists (select from pg_roles where rolname = 'postgres.abcdefghij') then
                   create role "postgres.abcdefghij" login password 'p@ss:w/rd';
                 end if;
               end $$"""
        )
    db = fresh_db.rsplit("/", 1)[1].split("?")[0]
    url = (
        f"postgresql://postgres.abcdefghij:p%40ss%3Aw%2Frd@127.0.0.1:{pg_server.port}/{db}"
        "?sslmode=disable"
    )
    assert read_database(url, ["public"]) == expected


def test_catalog_is_read_in_a_read_only_transaction(
    fresh_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import schemafirst.introspect as introspect

    def write_instead(conn: psycopg.Connection, schemas: list[str]) -> None:
        conn.execute("create table sneaky (id int)")

    monkeypatch.setattr(introspect, "read_catalog", write_instead)
    with pytest.raises(DatabaseError, match="read-only transaction"):
        read_database(fresh_db, ["public"])


def test_statement_timeout_applies(fresh_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import schemafirst.introspect as introspect
    from schemafirst.introspect import live

    def slow(conn: psycopg.Connection, schemas: list[str]) -> None:
        conn.execute("select pg_sleep(5)")

    monkeypatch.setattr(introspect, "read_catalog", slow)
    monkeypatch.setattr(live, "STATEMENT_TIMEOUT", "200ms")
    with pytest.raises(DatabaseError, match="statement timeout"):
        read_database(fresh_db, ["public"])


def test_statement_and_lock_timeouts_are_set_in_the_transaction(
    fresh_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import schemafirst.introspect as introspect

    seen: list[tuple[str, ...]] = []

    def settings(conn: psycopg.Connection, schemas: list[str]) -> None:
        row = conn.execute(
            "select current_setting('statement_timeout'), current_setting('lock_timeout'),"
            " current_setting('transaction_read_only')"
        ).fetchone()
        seen.append(row)

    monkeypatch.setattr(introspect, "read_catalog", settings)
    read_database(fresh_db, ["public"])
    assert seen == [("30s", "5s", "on")]


LOCKED_SQL = """
create table locked (id int primary key, at timestamptz default now());
create view locked_view as select id from locked;
"""


def _introspection_waits(pg_url: str) -> list[tuple[str, bool, str]]:
    with psycopg.connect(pg_url, autocommit=True) as watcher:
        return watcher.execute(
            """select l.mode, l.granted, l.relation::regclass::text
               from pg_locks l join pg_stat_activity a on a.pid = l.pid
               where a.application_name = 'schemafirst' and l.locktype = 'relation'
                 and not l.granted"""
        ).fetchall()


def test_a_table_locked_by_a_migration_fails_fast_or_waits_for_it(
    fresh_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ACCESS EXCLUSIVE held elsewhere: a clear error after lock_timeout, or a wait asking only
    for ACCESS SHARE, after which the catalog reads in full."""
    import threading
    import time

    from schemafirst.introspect import live

    with psycopg.connect(fresh_db, autocommit=True) as conn:
        conn.execute(LOCKED_SQL)
    holder = psycopg.connect(fresh_db)
    try:
        holder.execute("lock table locked in access exclusive mode")
        monkeypatch.setattr(live, "LOCK_TIMEOUT", "300ms")
        with pytest.raises(DatabaseError, match=r"held a lock .* lock timeout \(300ms\)"):
            read_database(fresh_db, ["public"])

        monkeypatch.setattr(live, "LOCK_TIMEOUT", "60s")
        result: dict[str, object] = {}
        reader = threading.Thread(
            target=lambda: result.update(catalog=read_database(fresh_db, ["public"]))
        )
        reader.start()
        waits: list[tuple[str, bool, str]] = []
        deadline = time.monotonic() + 30
        while not waits and reader.is_alive() and time.monotonic() < deadline:
            time.sleep(0.05)
            waits = _introspection_waits(fresh_db)
        assert waits == [("AccessShareLock", False, "locked")]
    finally:
        holder.rollback()
        holder.close()
    reader.join(timeout=60)
    catalog = result["catalog"]
    assert {t.name for t in catalog.tables} == {"locked", "locked_view"}  # type: ignore[attr-defined]


def test_catalog_queries_take_only_access_share_locks_and_write_nothing(fresh_db: str) -> None:
    from schemafirst.introspect.queries import KINDS, load_sql

    rich = Path(__file__).parent / "cases" / "rich" / "schema.sql"
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        conn.execute(SHIM_PATH.read_text(encoding="utf-8"))
        conn.execute(rich.read_text(encoding="utf-8"))
    with psycopg.connect(fresh_db) as conn:  # one transaction: locks stay until its end
        conn.execute("select pg_catalog.set_config('search_path', '', true)")
        schemas = ["public", "inventory"]
        for kind in KINDS:
            conn.execute(load_sql(kind), {"schemas": schemas}).fetchall()
        locks = conn.execute(
            """select l.locktype, l.mode, c.relname, n.nspname
               from pg_catalog.pg_locks l
               left join pg_catalog.pg_class c on c.oid = l.relation
               left join pg_catalog.pg_namespace n on n.oid = c.relnamespace
               where l.pid = pg_catalog.pg_backend_pid()"""
        ).fetchall()
        xid = conn.execute("select pg_catalog.txid_current_if_assigned()").fetchone()
        conn.rollback()
    relation_modes = {mode for locktype, mode, _rel, _ns in locks if locktype == "relation"}
    user_tables = {rel for _t, _m, rel, ns in locks if ns in schemas}
    assert relation_modes == {"AccessShareLock"}
    assert user_tables  # deparsing views and defaults opened some: the check saw them
    assert {locktype for locktype, *_ in locks} <= {"relation", "virtualxid"}
    assert xid == (None,)  # no transaction id: nothing was written


# Functions named like the pg_catalog ones we call, found first through a role's search_path.
TRAPS = """
create table trap_marker (what text);
create function public.set_config(text, text, boolean) returns text
  language plpgsql as $$ begin raise exception 'user code ran: set_config'; end $$;
create function public.format_type(oid, integer) returns text
  language plpgsql as $$ begin raise exception 'user code ran: format_type'; end $$;
create function public.pg_get_expr(pg_node_tree, oid) returns text
  language plpgsql as $$ begin raise exception 'user code ran: pg_get_expr'; end $$;
create function public.array_position(anycompatiblearray, anycompatible) returns integer
  language plpgsql as $$ begin raise exception 'user code ran: array_position'; end $$;
create table t (id int primary key, n int default 1 check (n > 0), name varchar(20));
"""


def test_no_function_the_database_defines_is_ever_called(
    pg_server: EmbeddedPostgres, fresh_db: str
) -> None:
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        conn.execute(TRAPS)
        db = conn.execute("select current_database()").fetchone()[0]
        conn.execute(
            """do $$ begin
                 if not exists (select from pg_roles where rolname = 'trapped') then
                   create role trapped login password 'trapped-pw';
                 end if;
               end $$"""
        )
        conn.execute(f'alter role trapped in database "{db}" set search_path = public, pg_catalog')
    url = f"postgresql://trapped:trapped-pw@127.0.0.1:{pg_server.port}/{db}?sslmode=disable"
    with psycopg.connect(url) as conn, pytest.raises(psycopg.Error, match="user code ran"):
        conn.execute("select set_config('x.y', 'z', true)")
    catalog = read_database(url, ["public"])
    table = catalog.table("public", "t")
    assert table is not None and [c.name for c in table.columns] == ["id", "n", "name"]


def test_an_unencoded_at_sign_in_the_password_is_one_sentence_without_it() -> None:
    with pytest.raises(DatabaseError) as info:
        read_database("postgresql://alice:p@ss-Sentinel@127.0.0.1:9/app", ["public"])
    assert "ss-Sentinel" not in str(info.value)
    assert "unencoded '@'" in str(info.value)


def test_a_live_read_sends_at_most_15_statements(
    pg_server: EmbeddedPostgres, fresh_db: str
) -> None:
    """Everything the server receives, transaction control and settings included (its log)."""
    import re

    name = fresh_db.rsplit("/", 1)[-1].split("?", 1)[0]
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        apply_migrations(conn, migration_files(MIGRATIONS), supabase=True)
        conn.execute(f"alter database \"{name}\" set log_statement = 'all'")
    log = pg_server.log_file
    start = log.stat().st_size
    catalog = read_database(fresh_db, ["public"])
    with log.open("rb") as fh:
        fh.seek(start)
        text = fh.read().decode("utf-8", "replace")
    logged = re.findall(r"LOG:  (?:statement|execute [^:]*): (.*)", text)
    assert [t.name for t in catalog.tables] == ["video_jobs", "video_metadata", "videos"]
    assert logged[0].upper().startswith("BEGIN READ ONLY")
    assert len(logged) <= 15, logged
