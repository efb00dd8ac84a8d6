"""The catalog queries: one ``sql/<kind>.sql`` per object kind, loaded once, run in turn.

The number of round trips is fixed (one per kind, whatever the table count)
and every filter is a bind parameter (STYLE rules 1 and 2). Rows are plain
dicts; only :mod:`schemafirst.introspect.build` reads them.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import psycopg

Row = dict[str, Any]

# One query per object kind, run in this order. Adding a kind means adding its
# file here and reading its rows in build.py.
KINDS = (
    "schemas",
    "relations",
    "columns",
    "view_column_origins",
    "constraints",
    "indexes",
    "policies",
    "enums",
    "composite_types",
    "domains",
    "functions",
)

# Deparsed SQL (defaults, checks, view definitions, format_type) leaves out the
# schema of anything on the search_path, so the same database would read one
# way as a Supabase role (public, extensions) and another way as a bare one.
# With an empty search_path every name is qualified, as in pg_dump. It is set
# locally and our transaction (or savepoint, when the caller has a transaction
# open) is rolled back, not committed: it only read, and the caller's
# search_path comes back either way.
# It also makes every function and operator the queries use pg_catalog's,
# which is why this one call names its schema.
_PIN_SEARCH_PATH = "select pg_catalog.set_config('search_path', '', true)"


@cache
def load_sql(kind: str) -> str:
    """The text of ``sql/<kind>.sql`` (read from the package once per process)."""
    return resources.files(__package__).joinpath("sql", f"{kind}.sql").read_text(encoding="utf-8")


def fetch_rows(conn: psycopg.Connection[Any], schemas: Sequence[str]) -> dict[str, list[Row]]:
    """Run every catalog query for ``schemas``; rows by kind, in each query's order.

    The queries are pipelined: all are sent before the first result is
    awaited, so a remote database costs one network round trip, not one per
    query.
    """
    from psycopg.pq import TransactionStatus
    from psycopg.rows import dict_row

    params = {"schemas": sorted(set(schemas))}
    rows: dict[str, list[Row]] = {}
    # Inside a caller's READ ONLY transaction (the live source) a savepoint
    # would protect nothing and cost three statements; the pinned search_path
    # then ends with the caller's transaction.
    in_read_only = conn.read_only and conn.info.transaction_status == TransactionStatus.INTRANS
    scope = contextlib.nullcontext() if in_read_only else conn.transaction(force_rollback=True)
    with scope, conn.pipeline():
        conn.execute(_PIN_SEARCH_PATH)
        cursors = [(kind, conn.cursor(row_factory=dict_row)) for kind in KINDS]
        for kind, cur in cursors:
            cur.execute(load_sql(kind), params)
        for kind, cur in cursors:
            with cur:
                rows[kind] = cur.fetchall()
    return rows
