"""Sessions: tests (the default run), lint, drift, typecheck, bench."""

from __future__ import annotations

import shutil
from pathlib import Path

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
    """Benchmarks in tests/benchmarks/ (not part of the default run); writes docs/benchmarks.md.

    The peers get their own virtualenv (.nox/bench-peers, reused) and Node
    folder (tests/benchmarks/node, from its lockfile), never schemafirst's
    dependencies. Knobs such as BENCH_SIZES=10000 pass through the environment.
    """
    session.install("-e", ".[dev]")
    peers = Path(".nox/bench-peers").resolve()
    if not (peers / "bin" / "python").exists():
        session.run("python", "-m", "venv", str(peers))
    pip = [str(peers / "bin" / "python"), "-m", "pip", "install", "-q"]
    session.run(*pip, "-r", "tests/benchmarks/peers.txt", external=True)
    if shutil.which("npm"):
        npm_ci = ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error", "--prefix"]
        session.run(*npm_ci, "tests/benchmarks/node", external=True)
        if not Path("tests/typescript/node_modules").is_dir():  # the Supabase CLI
            session.run(*npm_ci, "tests/typescript", external=True)
    else:
        session.warn("npm not found: the Node peers are reported as n/a")
    session.run(
        "pytest", "tests/benchmarks", "-o", "python_files=bench_*.py", "-s", *session.posargs,
        env={"BENCH_PEERS": str(peers)},
    )  # fmt: skip
