"""Introspection: a Postgres/Supabase catalog read into the IR.

This package owns everything that touches ``pg_catalog``: the catalog SQL
(``sql/<kind>.sql``, one query per object kind), running it
(:mod:`.queries`), turning rows into a :class:`~schemafirst.ir.Catalog`
(:mod:`.build`, the only place that does), and the throw-away server for
migrations (:mod:`.embedded`). Catalog rows never leave it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from schemafirst.errors import SourceError
from schemafirst.ir import Catalog

if TYPE_CHECKING:
    import psycopg

__all__ = ["read_catalog"]


def read_catalog(conn: psycopg.Connection[Any], schemas: Sequence[str]) -> Catalog:
    """The catalog of ``schemas`` on ``conn``, in a fixed number of queries."""
    from schemafirst.introspect.build import build_catalog
    from schemafirst.introspect.queries import fetch_rows

    rows = fetch_rows(conn, schemas)
    found = {row["name"] for row in rows["schemas"]}
    missing = sorted(set(schemas) - found)
    if missing:
        names = ", ".join(f'"{name}"' for name in missing)
        raise SourceError(f"the database has no schema {names}; check 'schemas' in the config")
    return build_catalog(rows, schemas)
