"""Reading a live database the way Supabase users connect: pooler-style role names, no superuser."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from schemafirst.errors import DatabaseError
from schemafirst.introspect import read_catalog
from schemafirst.introspect.embedded import EmbeddedPostgres, apply_migrations, migration_files
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
