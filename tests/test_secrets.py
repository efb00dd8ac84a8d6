"""Secrets never leave: not in output files, the snapshot, stdout, stderr or --debug tracebacks.

Sentinel secrets sit in every place a user keeps them: the password of a
database URL (on the command line and in ``DATABASE_URL``), ``PGPASSWORD``,
Supabase's service-role and anon keys in the environment, and, as Supabase
webhooks store it, the service-role key inside the database (a trigger's
arguments, a function body). Successful and failing runs, with and without
``--debug``, are searched for every sentinel.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from typer.testing import CliRunner

from schemafirst.cli import app
from schemafirst.introspect.embedded import EmbeddedPostgres

pytestmark = pytest.mark.pg

URL_PASSWORD = "Url-Sentinel-7f3a"
PG_PASSWORD = "Pg-Sentinel-91bc"
JWT_HEAD = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
SERVICE_KEY = f"{JWT_HEAD}.eyJyb2xlIjoic2VydmljZV9yb2xlIn0.Svc-Sentinel-c0de"
ANON_KEY = f"{JWT_HEAD}.eyJyb2xlIjoiYW5vbiJ9.Anon-Sentinel-d00d"
ENV = {
    "PGPASSWORD": PG_PASSWORD,
    "SUPABASE_SERVICE_ROLE_KEY": SERVICE_KEY,
    "SUPABASE_ANON_KEY": ANON_KEY,
}
# The distinctive part of each secret: finding any of them is a leak.
SENTINELS = ("Sentinel-7f3a", "Pg-Sentinel", "Svc-Sentinel", "Anon-Sentinel", JWT_HEAD)

WEBHOOK_SQL = f"""
create table items (id bigint primary key, name text);
create function notify_edge() returns trigger language plpgsql as $$
begin
  perform pg_notify('edge', 'Bearer {SERVICE_KEY}');
  return new;
end $$;
create trigger items_webhook after insert on items
  for each row execute function notify_edge('Authorization: Bearer {SERVICE_KEY}');
create function call_edge() returns text language sql as $$ select '{SERVICE_KEY}' $$;
"""


@pytest.fixture(scope="module")
def urls(pg_server: EmbeddedPostgres) -> Iterator[tuple[str, str]]:
    """(URL with its password, URL of a role whose password is in PGPASSWORD)."""
    with psycopg.connect(pg_server.url, autocommit=True) as conn:
        for role, password in (("url_role", URL_PASSWORD), ("env_role", PG_PASSWORD)):
            conn.execute(
                f"""do $$ begin
                     if not exists (select from pg_roles where rolname = '{role}') then
                       create role {role} login password '{password}';
                     end if;
                   end $$"""
            )
        conn.execute('drop database if exists "secrets"')
        conn.execute('create database "secrets" owner url_role')
    with psycopg.connect(pg_server.database_url("secrets"), autocommit=True) as conn:
        conn.execute(WEBHOOK_SQL)
        conn.execute("grant usage on schema public to env_role")
    host = f"127.0.0.1:{pg_server.port}"
    yield (
        f"postgresql://url_role:{URL_PASSWORD}@{host}/secrets?sslmode=disable",
        f"postgresql://env_role@{host}/secrets?sslmode=disable",
    )
    with psycopg.connect(pg_server.url, autocommit=True) as conn:
        conn.execute('drop database if exists "secrets" with (force)')


def _leaks(text: str) -> list[str]:
    return [s for s in SENTINELS if s in text]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.schemafirst]\nout = "generated"\nsnapshot = "schema/snapshot.json"\n'
    )
    (tmp_path / "bad_settings.py").write_text(
        "import os\n\n"
        "class Settings:\n"
        "    key = os.environ['SUPABASE_SERVICE_ROLE_KEY']\n"
        "    raise ValueError(f'invalid service key {key!r}: expected a URL')\n"
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    return tmp_path


def test_no_secret_in_output_snapshot_or_messages(project: Path, urls: tuple[str, str]) -> None:
    with_password, with_pgpassword = urls
    runner = CliRunner()
    failing_api = ["--config", "api.toml"]
    (project / "api.toml").write_text(
        'out = "generated"\nsnapshot = "schema/snapshot.json"\napi_modules = ["bad_settings.py"]\n'
    )
    runs = {
        "generate, URL password": (["generate", "--database-url", with_password], {}),
        "generate, PGPASSWORD": (["--debug", "generate", "--database-url", with_pgpassword], {}),
        "snapshot, DATABASE_URL": (
            ["--debug", "snapshot", "-o", "-"],
            {"DATABASE_URL": with_password},
        ),
        "check": (["check", "--database-url", with_password], {}),
        "missing database": (
            ["--debug", "generate", "--database-url", with_password.replace("/secrets", "/nodb")],
            {},
        ),
        "wrong password": (
            ["--debug", "generate", "--database-url", with_pgpassword],
            {"PGPASSWORD": "Pg-Sentinel-wrong"},
        ),
        "unencoded @": (
            [
                "--debug",
                "generate",
                "--database-url",
                with_password.replace("Url-Sentinel", "Url@Sentinel"),
            ],
            {},
        ),
        "API module echoing a key": (
            ["--debug", "generate", *failing_api, "--database-url", with_password],
            {},
        ),
    }
    codes = {}
    for name, (args, env) in runs.items():
        result = runner.invoke(app, args, env={**ENV, **env})
        codes[name] = result.exit_code
        assert _leaks(result.stdout + result.stderr) == [], (name, result.output)
    assert codes == {
        "generate, URL password": 0,
        "generate, PGPASSWORD": 0,
        "snapshot, DATABASE_URL": 0,
        "check": 0,
        "missing database": 2,
        "wrong password": 2,
        "unencoded @": 2,
        "API module echoing a key": 2,
    }
    written = [p for p in project.rglob("*") if p.is_file() and p.suffix != ".pyc"]
    assert len(written) > 10 and project / "schema" / "snapshot.json" in written
    for path in written:
        if path.name != "bad_settings.py":
            assert _leaks(path.read_text(encoding="utf-8")) == [], path


def test_a_debug_traceback_in_a_real_process_hides_secrets(
    project: Path, urls: tuple[str, str]
) -> None:
    """The subprocess way: an internal error's traceback, under --debug, with secrets around."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(ENV)
    env["DATABASE_URL"] = urls[0].replace("sslmode=disable", "sslmode=bogus")
    proc = subprocess.run(
        [sys.executable, "-m", "schemafirst", "--debug", "generate"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2, proc.stderr
    assert "invalid sslmode value" in proc.stderr
    assert _leaks(proc.stdout + proc.stderr) == []
    assert not (project / "generated").exists()


def test_a_password_with_an_at_sign_is_removed_whole() -> None:
    """The URL pattern would end the user info at the first "@"; known secrets go first."""
    from schemafirst.errors import env_secrets, redact

    url = "postgresql://app:p@ss:w0rd@db.example.com/app"
    text = redact(f"could not connect {url}", url, *env_secrets({"DATABASE_URL": url}))
    assert "ss:w0rd" not in text and "p@ss" not in text, text
