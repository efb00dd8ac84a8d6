"""``schemafirst init``: add a ``[tool.schemafirst]`` table and a ``schema/`` skeleton.

It appends to an existing pyproject.toml (creating one if there is none) and
never overwrites a file or an existing table.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from schemafirst.errors import ConfigError
from schemafirst.output import write_atomic

TABLE = """
[tool.schemafirst]
# A live database is read from this env var when it is set (no --database-url needed).
database_url_env = "DATABASE_URL"
# Otherwise these migrations are applied to a throw-away Postgres and read.
migrations = "schema/migrations"
supabase = true
schemas = ["public"]
snapshot = "schema/snapshot.json"
api_modules = []
out = "generated"
"""

MIGRATION = """-- Your first migration: schema/migrations/*.sql apply in lexical order.
create table if not exists public.notes (
  id bigint generated always as identity primary key,
  body text not null,
  created_at timestamptz not null default now()
);
"""


def init_project(cwd: Path) -> list[str]:
    """Set up ``cwd``; return one line per thing done."""
    done: list[str] = []
    pyproject = cwd / "pyproject.toml"
    try:
        text = pyproject.read_text(encoding="utf-8") if pyproject.exists() else ""
        existing = tomllib.loads(text).get("tool", {}).get("schemafirst")
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{pyproject} is not valid TOML: {exc}") from None
    if existing is not None:
        done.append("pyproject.toml already has [tool.schemafirst]; left as is")
    else:
        write_atomic(pyproject, (text.rstrip("\n") + "\n" + TABLE).lstrip("\n").encode("utf-8"))
        done.append("added [tool.schemafirst] to pyproject.toml")
    for rel, body in (
        ("schema/migrations/0001_init.sql", MIGRATION),
        ("schema/api/__init__.py", ""),
    ):
        path = cwd / rel
        if path.exists() or (rel.endswith(".sql") and any(path.parent.glob("*.sql"))):
            continue
        write_atomic(path, body.encode("utf-8"))
        done.append(f"created {rel}")
    done.append("next: schemafirst generate")
    return done
