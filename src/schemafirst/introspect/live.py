"""Reading a live Postgres or Supabase database safely.

One connection with a connect timeout, one READ ONLY transaction with a
statement timeout and a lock timeout set inside it (``set_config(..., true)``,
like ``SET LOCAL``, works through Supabase's session and transaction poolers,
where the ``options`` startup parameter does not), no prepared statements
(transaction poolers cannot keep them). Every error message leaves here with
the password removed.

Nothing the database defines runs: the only functions called are
``pg_catalog``'s, named with their schema before the catalog queries pin an
empty ``search_path`` (a role's ``search_path = public, pg_catalog`` would
otherwise let a ``public.set_config`` stand in). The catalog queries take
ACCESS SHARE locks only (deparsing a view or a default opens its tables, as
``pg_dump`` does), so a migration holding an ACCESS EXCLUSIVE lock makes them
wait at most :data:`LOCK_TIMEOUT`, then fail with one sentence saying so.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from schemafirst.errors import DatabaseError, redact

if TYPE_CHECKING:
    from schemafirst.ir import Catalog

CONNECT_TIMEOUT_S = 10
STATEMENT_TIMEOUT = "30s"
# Short: a lock we wait for is held by someone else's DDL, which should not
# stall a generate (or a CI job) for the whole statement timeout.
LOCK_TIMEOUT = "5s"
# postgres://user:pa@ss@host: more than one "@" before the host part.
_AT_IN_USERINFO = re.compile(r"^[a-z][a-z0-9+.-]*://[^/?#]*@[^/?#]*@", re.I)


def _password_of(url: str) -> str | None:
    import psycopg
    from psycopg.conninfo import conninfo_to_dict

    if _AT_IN_USERINFO.match(url):
        # libpq would split at the first "@" and try to reach the rest of the
        # password as a host name, printing it in its error.
        raise DatabaseError(
            "the database URL has an unencoded '@' in its user name or password: write it as %40"
        )
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
                    "select pg_catalog.set_config('statement_timeout', %s, true),"
                    " pg_catalog.set_config('lock_timeout', %s, true)",
                    (STATEMENT_TIMEOUT, LOCK_TIMEOUT),
                )
                return read_catalog(conn, schemas)
    except psycopg.errors.LockNotAvailable:
        raise DatabaseError(
            "cannot read the database catalog: another session held a lock on a table it reads "
            f"for longer than the lock timeout ({LOCK_TIMEOUT}); retry when its migration ends"
        ) from None
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
