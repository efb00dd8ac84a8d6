"""Sessions: tests (the default run), lint, drift, typecheck, bench."""

from __future__ import annotations

import nox

nox.options.sessions = ["tests", "lint", "drift"]
nox.options.default_venv_backend = "venv"


@nox.session
def tests(session: nox.Session) -> None:
    """The test suite, exactly as the README and CI run it."""
    session.install("-e", ".[dev]")
    session.run("pytest", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff check and ruff format --check."""
    session.install("ruff")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def typecheck(session: nox.Session) -> None:
    """mypy --strict on src/."""
    session.install("-e", ".[dev]")
    session.run("mypy")


@nox.session
def drift(session: nox.Session) -> None:
    """generated/ matches the example's migrations (embedded Postgres) and API schemas."""
    session.install("-e", ".")
    session.run("schemafirst", "check", "--migrations", "schema/migrations")


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmarks in tests/benchmarks/ (not part of the default run)."""
    session.install("-e", ".[dev]")
    session.run(
        "pytest", "tests/benchmarks", "-o", "python_files=bench_*.py", "-s", *session.posargs
    )
