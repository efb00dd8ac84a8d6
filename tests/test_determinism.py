"""Byte-identical output whatever the creation order of the database objects and the hash seed.

The same schema is built by two sets of migrations that create its types,
tables, constraints, indexes, policies, functions and comments in different
orders (so with different OIDs, and a dropped column in one); both catalogs,
their snapshots and everything ``generate`` writes from them must be the same
bytes, under three ``PYTHONHASHSEED``s.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from schemafirst import snapshot
from schemafirst.introspect import read_catalog
from schemafirst.introspect.embedded import EmbeddedPostgres, apply_migrations, migration_files

pytestmark = pytest.mark.pg

TYPES = {
    "mood": "create type mood as enum ('sad', 'ok', 'happy');",
    "size": "create type size as enum ('s', 'm', 'l');",
    "positive": "create domain positive as integer check (value > 0);",
    "pair": "create type pair as (a integer, b text);",
}
TABLES = {
    "authors": "create table authors (id bigint primary key, name text not null, mood mood);",
    "books": "create table books (id bigint primary key, author_id bigint, editor_id bigint,"
    " title text, pages positive, size size, spec pair);",
    "tags": "create table tags (id int primary key, label text constraint tags_label_key unique);",
    "book_tags": "create table book_tags (book_id bigint, tag_id int,"
    " constraint book_tags_pkey primary key (book_id, tag_id));",
}
LATER = [
    "alter table books add constraint books_author_fk foreign key (author_id)"
    " references authors (id);",
    "alter table books add constraint books_editor_fk foreign key (editor_id)"
    " references authors (id) on delete set null;",
    "alter table book_tags add constraint book_tags_book_fk foreign key (book_id)"
    " references books (id) on delete cascade;",
    "alter table book_tags add constraint book_tags_tag_fk foreign key (tag_id)"
    " references tags (id);",
    "alter table books add constraint books_title_check check (length(title) > 0);",
    "alter table books add constraint books_pages_check check (pages < 10000);",
    "create index books_title_idx on books (title);",
    "create index books_author_idx on books (author_id) include (title);",
    "create unique index authors_name_idx on authors (lower(name));",
    "alter table books enable row level security;",
    "create policy books_read on books for select using (true);",
    "create policy books_write on books for insert with check (author_id is not null);",
    "create function book_count(a bigint) returns bigint language sql stable"
    " as $$ select count(*) from public.books where author_id = a $$;",
    "create function book_count(a text) returns bigint language sql stable"
    " as $$ select 0::bigint $$;",
    "comment on table books is 'Books, */ and all';",
    "comment on column books.title is 'The title';",
    "comment on type mood is 'How it felt';",
]
VIEWS = [  # in dependency order in both
    "create view book_titles as select id, title from books;",
    "create view long_books as select id, title from book_titles where id > 10;",
]


def _order_a() -> list[str]:
    return [*TYPES.values(), *TABLES.values(), *LATER, *VIEWS]


def _order_b() -> list[str]:
    """Everything backwards; the mood label 'ok' added later; a dropped column in books."""
    types = [TYPES[k] for k in ("pair", "positive", "size")]
    types += [
        "create type mood as enum ('sad', 'happy');",
        "alter type mood add value 'ok' before 'happy';",
    ]
    books = TABLES["books"].replace("spec pair);", "junk int, spec pair);")
    tables = [TABLES[k] for k in ("tags", "book_tags", "authors")] + [books]
    tables.append("alter table books drop column junk;")
    return [*types, *tables, *VIEWS, *reversed(LATER)]


def _migrate(pg_server: EmbeddedPostgres, name: str, statements: list[str], folder: Path) -> Path:
    """Apply ``statements`` as two migration files to a new database; write its snapshot."""
    folder.mkdir()
    half = len(statements) // 2
    (folder / "0001.sql").write_text("\n".join(statements[:half]) + "\n")
    (folder / "0002.sql").write_text("\n".join(statements[half:]) + "\n")
    with psycopg.connect(pg_server.url, autocommit=True) as conn:
        conn.execute(f'drop database if exists "{name}"')
        conn.execute(f'create database "{name}"')
    try:
        with psycopg.connect(pg_server.database_url(name), autocommit=True) as conn:
            apply_migrations(conn, migration_files(folder), supabase=True)
            catalog = read_catalog(conn, ["public"])
    finally:
        with psycopg.connect(pg_server.url, autocommit=True) as conn:
            conn.execute(f'drop database if exists "{name}" with (force)')
    path = folder.parent / f"{name}.json"
    path.write_text(snapshot.dump(catalog), encoding="utf-8")
    return path


def _generate(snap: Path, project: Path, seed: str) -> dict[str, bytes]:
    project.mkdir()
    (project / "sf.toml").write_text('out = "gen"\nsnapshot = "gen/snapshot.json"\n')
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["PYTHONHASHSEED"] = seed
    command = ["generate", "--config", "sf.toml", "--snapshot", str(snap)]
    proc = subprocess.run(
        [sys.executable, "-m", "schemafirst", *command],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    out = project / "gen"
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def test_creation_order_and_hash_seed_change_no_byte(
    pg_server: EmbeddedPostgres, tmp_path: Path
) -> None:
    snap_a = _migrate(pg_server, "order_a", _order_a(), tmp_path / "order_a")
    snap_b = _migrate(pg_server, "order_b", _order_b(), tmp_path / "order_b")
    assert snap_a.read_bytes() == snap_b.read_bytes()
    catalog = snapshot.load(snap_a)
    books = catalog.table("public", "books")
    assert books is not None and [c.name for c in books.columns][-2:] == ["size", "spec"]
    assert len(books.foreign_keys) == 2 and len(books.policies) == 2
    trees = [
        _generate(snap, tmp_path / f"gen_{seed}", seed)
        for snap, seed in ((snap_a, "0"), (snap_a, "1"), (snap_b, "4242"))
    ]
    assert trees[0] == trees[1] == trees[2]
    assert {"python/models.py", "ts/types/database.ts", "snapshot.json"} <= set(trees[0])
