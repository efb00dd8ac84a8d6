"""Reading a live Postgres or Supabase database safely.

One connection with a connect timeout, one READ ONLY transaction with a
statement timeout set inside it (``SET LOCAL`` works through Supabase's
session and transaction poolers, where the ``options`` startup parameter does
not), no prepared statements (transaction poolers cannot keep them). Every
error message leaves here with the password removed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from schemafirst.errors import DatabaseError, redact

if TYPE_CHECKING:
    from schemafirst.ir import Catalog

CONNECT_TIMEOUT_S = 10
STATEMENT_TIMEOUT = "30s"


def _password_of(url: str) -> str | None:
    import psycopg
    from psycopg.conninfo import conninfo_to_dict

    try:
        password = conninfo_to_dict(url).get("password")
    except psycopg.Error:
        # libpq's message quotes the URL, password included: say less.
        raise DatabaseError(
            "the database URL is not a valid libpq URL or connection string"
        ) from None
    return str(password) if password is not None else None


def read_database(url: str, schemas: Sequence[str]) -> Catalog:
    """Read the catalog of ``schemas`` from the database at ``url``."""
    import psycopg

    from schemafirst.introspect import read_catalog

    password = _password_of(url)
    try:
        with psycopg.connect(
            url,
            connect_timeout=CONNECT_TIMEOUT_S,
            prepare_threshold=None,
            application_name="schemafirst",
        ) as conn:
            conn.read_only = True
            with conn.transaction():
                conn.execute(
                    "select set_config('statement_timeout', %s, true)", (STATEMENT_TIMEOUT,)
                )
                return read_catalog(conn, schemas)
    except psycopg.OperationalError as exc:
        reason = _first_line(str(exc)) or "connection failed"
        raise DatabaseError(redact(f"cannot connect to the database: {reason}", password)) from None
    except psycopg.Error as exc:
        reason = _first_line(str(exc)) or type(exc).__name__
        raise DatabaseError(
            redact(f"cannot read the database catalog: {reason}", password)
        ) from None


def _first_line(text: str) -> str:
    for line in text.strip().splitlines():
        if line.strip():
            return line.strip()
    return ""
