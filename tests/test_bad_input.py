"""Bad input: one sentence on stderr, exit code 2, no traceback, nothing written.

Each case runs ``generate`` in-process (typer's CliRunner) in a project that
already holds generated files, and checks the project is byte-for-byte as it
was. Cases covered elsewhere: an unreachable host and an unknown config key
(test_cli.py), a broken migration (test_cli.py, test_check.py).
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from typer.testing import CliRunner, Result

from schemafirst.cli import app
from schemafirst.introspect.embedded import EmbeddedPostgres

ROOT = Path(__file__).resolve().parents[1]
SNAPSHOT = ROOT / "schema" / "snapshot.json"
PASSWORD = "right-Pa55word"


@pytest.fixture(scope="module")
def database(pg_server: EmbeddedPostgres) -> Iterator[str]:
    """A database with a table in public and an empty schema, owned by a password role."""
    with psycopg.connect(pg_server.url, autocommit=True) as conn:
        conn.execute(
            """do $$ begin
                 if not exists (select from pg_roles where rolname = 'bad_input_role') then
                   create role bad_input_role login password 'right-Pa55word';
                 end if;
               end $$"""
        )
        conn.execute('drop database if exists "bad_input"')
        conn.execute('create database "bad_input" owner bad_input_role')
    with psycopg.connect(pg_server.database_url("bad_input"), autocommit=True) as conn:
        conn.execute(
            "create table public.notes (id int primary key, body text); create schema hollow"
        )
    yield f"postgresql://bad_input_role:{PASSWORD}@127.0.0.1:{pg_server.port}/bad_input"
    with psycopg.connect(pg_server.url, autocommit=True) as conn:
        conn.execute('drop database if exists "bad_input" with (force)')


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project with a config and generated files from an earlier run."""
    (tmp_path / "pyproject.toml").write_text('[tool.schemafirst]\nout = "generated"\n')
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    done = CliRunner().invoke(app, ["generate", "--snapshot", str(SNAPSHOT), "-t", "typescript"])
    assert done.exit_code == 0, done.output
    return tmp_path


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def _one_sentence(project: Path, *args: str) -> str:
    """Run ``generate`` with ``args``; assert the failure contract; return the sentence."""
    before = _tree(project)
    result: Result = CliRunner().invoke(app, ["generate", *args])
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert _tree(project) == before
    return lines[0]


def _url(database: str, *, password: str = PASSWORD, name: str = "bad_input") -> str:
    return database.replace(PASSWORD, password).rsplit("/", 1)[0] + f"/{name}"


@pytest.mark.pg
def test_wrong_password(project: Path, database: str) -> None:
    message = _one_sentence(project, "--database-url", _url(database, password="wrong-Pa55"))
    assert "password authentication failed" in message
    assert "wrong-Pa55" not in message


@pytest.mark.pg
def test_missing_database(project: Path, database: str) -> None:
    message = _one_sentence(project, "--database-url", _url(database, name="no_such_db"))
    assert 'database "no_such_db" does not exist' in message


@pytest.mark.pg
def test_schema_that_does_not_exist(project: Path, database: str) -> None:
    (project / "pyproject.toml").write_text(
        '[tool.schemafirst]\nout = "generated"\nschemas = ["public", "nope", "Nope"]\n'
    )
    message = _one_sentence(project, "--database-url", database)
    assert message == (
        'error: the database has no schema "Nope", "nope"; check \'schemas\' in the config'
    )


@pytest.mark.pg
def test_empty_schema_warns_and_renders_valid_empty_output(project: Path, database: str) -> None:
    (project / "pyproject.toml").write_text(
        '[tool.schemafirst]\nout = "empty"\nschemas = ["hollow"]\n'
    )
    result = CliRunner().invoke(app, ["generate", "--database-url", database])
    assert result.exit_code == 0, result.output
    assert result.stderr.strip().splitlines() == [
        'warning: schema "hollow" has no tables, views, types or functions; '
        "nothing is generated from it"
    ]
    python = project / "empty" / "python"
    assert "class " not in (python / "schemas.py").read_text()
    lint = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--isolated", "--no-cache", str(python)],
        capture_output=True,
        text=True,
    )
    assert lint.returncode == 0, lint.stdout
    imported = subprocess.run(
        [sys.executable, "-c", "import python.models, python.schemas; print('ok')"],
        cwd=python.parent,
        capture_output=True,
        text=True,
    )
    assert imported.stdout == "ok\n", imported.stderr
    assert (
        "hollow: {\n    Tables: {\n      [_ in never]: never"
        in (project / "empty" / "ts" / "types" / "database.ts").read_text()
    )


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ('{"format_version": 1, "catalog": ', "is not valid JSON (line 1"),
        ("[1, 2]", "is not a schemafirst snapshot"),
        ('{"format_version": 1, "catalog": {"schemas": ["public"], "tables": [{}]}}', "format"),
        (
            '{"format_version": 7, "catalog": {}}',
            "has format_version 7, written by a newer schemafirst (this one reads 1)",
        ),
    ],
)
def test_malformed_or_newer_snapshot(project: Path, text: str, phrase: str) -> None:
    bad = project / "bad.json"
    bad.write_text(text)
    message = _one_sentence(project, "--snapshot", str(bad))
    assert phrase in message and "bad.json" in message


BROKEN_API = {
    "import": {
        "bad_api/models.py": "from bad_api.settings import KEY\n",
        "bad_api/settings.py": "x = 1\n",
    },
    "raise": {
        "bad_api/models.py": "def load():\n    raise ValueError('no key')\n\n\nKEY = load()\n",
    },
    "syntax": {
        "bad_api/models.py": "from pydantic import BaseModel\nclass A(BaseModel)\n    x: int\n",
    },
}


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("import", "ImportError: cannot import name 'KEY' from 'bad_api.settings'"),
        ("raise", "ValueError: no key (at bad_api/models.py:2)"),
        ("syntax", "SyntaxError: expected ':' (at bad_api/models.py:2)"),
    ],
)
def test_api_module_that_fails_to_import_shows_its_error(
    project: Path, case: str, expected: str
) -> None:
    for rel, text in BROKEN_API[case].items():
        (project / rel).parent.mkdir(exist_ok=True)
        (project / rel).write_text(text)
    (project / "pyproject.toml").write_text(
        '[tool.schemafirst]\nout = "generated"\napi_modules = ["bad_api/models.py"]\n'
    )
    message = _one_sentence(project, "--snapshot", str(SNAPSHOT))
    assert message.startswith("error: API module 'bad_api/models.py' could not be imported: ")
    assert expected in message


def test_two_api_models_with_the_same_name(project: Path) -> None:
    # Both would become one `Item` interface and zod schema: refused before any output.
    (project / "shop").mkdir()
    (project / "shop" / "a.py").write_text(
        "from pydantic import BaseModel\nclass Item(BaseModel):\n    x: int\n"
    )
    (project / "shop" / "b.py").write_text(
        "from pydantic import BaseModel\nclass Item(BaseModel):\n    y: str\n"
    )
    (project / "pyproject.toml").write_text(
        '[tool.schemafirst]\nout = "generated"\napi_modules = ["shop/a.py", "shop/b.py"]\n'
    )
    message = _one_sentence(project, "--snapshot", str(SNAPSHOT))
    assert message.startswith(
        "error: two API models are named Item: shop.a.Item and shop.b.Item; rename one"
    ), message
