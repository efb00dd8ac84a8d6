"""The command line as users run it: subprocesses, exit codes, messages."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_MIGRATIONS = ROOT / "schema" / "migrations"
HEAVY = ("sqlalchemy", "psycopg", "jinja2", "pydantic")


def run(
    *args: str, cwd: Path = ROOT, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the CLI in a subprocess, without any DATABASE_URL leaking in from the environment."""
    full_env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "schemafirst", *args],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_help_imports_no_heavy_module() -> None:
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "schemafirst", "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    imported = {line.split("|")[-1].strip() for line in proc.stderr.splitlines() if "|" in line}
    roots = {name.split(".")[0] for name in imported}
    assert "schemafirst" in roots  # the measurement itself works
    assert not roots & set(HEAVY), roots & set(HEAVY)
    assert "generate" in proc.stdout and "check" in proc.stdout


def test_version() -> None:
    proc = run("--version")
    assert proc.returncode == 0 and proc.stdout.startswith("schemafirst ")


def test_unreachable_database_hides_the_password() -> None:
    secret = "s3cr3t-Pa55"
    url = f"postgresql://postgres:{secret}@127.0.0.1:9/postgres?connect_timeout=2"
    for extra in ([], ["--debug"]):
        proc = run(
            *extra, "generate", "--database-url", url, "--out", "/tmp/unused", "--allow-outside"
        )
        assert proc.returncode == 2, proc.stderr
        assert secret not in proc.stdout + proc.stderr
        if not extra:
            assert proc.stderr.startswith("error: cannot connect to the database")
            assert len(proc.stderr.strip().splitlines()) == 1
            assert "Traceback" not in proc.stderr


def test_password_in_env_url_is_hidden_too() -> None:
    secret = "an0ther-secret"
    url = f"postgresql://user:{secret}@127.0.0.1:9/db?connect_timeout=2"
    proc = run("check", env={"DATABASE_URL": url})
    assert proc.returncode == 2
    assert secret not in proc.stdout + proc.stderr


def test_broken_config_exits_2_naming_the_key(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.schemafirst]\nmigratons = "x"\n')
    proc = run("check", cwd=tmp_path)
    assert proc.returncode == 2
    assert "unknown key 'migratons'" in proc.stderr
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_console_script_is_installed() -> None:
    script = Path(sysconfig.get_path("scripts")) / "schemafirst"
    assert script.exists()


def _postgres_processes(marker: str) -> list[str]:
    """Command lines of live processes mentioning ``marker`` (read from /proc: ps truncates)."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            args = cmdline.read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if marker in args:
            found.append(args)
    return found


@pytest.mark.pg
def test_migrations_source_good_and_broken(tmp_path: Path) -> None:
    # A private TMPDIR (traversable by the server's user) shows exactly what
    # this run leaves behind, whatever else runs on the machine.
    private = Path(tempfile.mkdtemp(prefix="sf-test-"))
    private.chmod(0o755)
    env = {"TMPDIR": str(private)}
    try:
        snap = tmp_path / "s.json"
        good = run("snapshot", "--migrations", str(EXAMPLE_MIGRATIONS), "-o", str(snap), env=env)
        assert good.returncode == 0, good.stderr
        assert '"video_jobs"' in snap.read_text()

        broken = tmp_path / "migrations"
        broken.mkdir()
        (broken / "0001_ok.sql").write_text("create table a (id int primary key);\n")
        (broken / "0002_bad.sql").write_text(
            "create table c (id int);\n-- the bad one:\ncreate table b (\n"
            "  id int primary key,\n  a_id int references nope (id)\n);\n"
        )
        out = tmp_path / "out"
        proc = run(
            "generate", "--migrations", str(broken), "--out", str(out), "--allow-outside", env=env
        )
        assert proc.returncode == 2
        assert "0002_bad.sql failed at line 3" in proc.stderr
        assert 'relation "nope" does not exist' in proc.stderr
        assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr
        assert not out.exists()
        assert list(private.iterdir()) == []
        assert _postgres_processes(str(private)) == []
    finally:
        shutil.rmtree(private, ignore_errors=True)


@pytest.mark.pg
def test_generate_is_byte_identical_across_hash_seeds(tmp_path: Path) -> None:
    snap = tmp_path / "snapshot.json"
    proc = run("snapshot", "--migrations", str(EXAMPLE_MIGRATIONS), "-o", str(snap))
    assert proc.returncode == 0, proc.stderr
    trees = []
    for seed in ("1", "2"):
        out = tmp_path / f"out{seed}"
        proc = run(
            "generate",
            "--snapshot",
            str(snap),
            "--out",
            str(out),
            "--allow-outside",
            env={"PYTHONHASHSEED": seed},
        )
        assert proc.returncode == 0, proc.stderr
        trees.append(
            {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
        )
    assert trees[0] == trees[1]
    assert len(trees[0]) >= 2


@pytest.mark.pg
def test_generate_then_check_is_clean_and_second_generate_writes_nothing(tmp_path: Path) -> None:
    snap = tmp_path / "snapshot.json"
    assert run("snapshot", "--migrations", str(EXAMPLE_MIGRATIONS), "-o", str(snap)).returncode == 0
    out = tmp_path / "out"
    outside = ("--out", str(out), "--allow-outside")  # tmp_path is not under the project
    assert run("generate", "--snapshot", str(snap), *outside).returncode == 0
    again = run("generate", "--snapshot", str(snap), *outside)
    assert again.returncode == 0 and "nothing to write" in again.stdout
    assert run("check", "--snapshot", str(snap), "--out", str(out)).returncode == 0


@pytest.mark.pg
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_interrupt_during_migrations_leaves_nothing_behind(tmp_path: Path, signum: int) -> None:
    private = Path(tempfile.mkdtemp(prefix="sf-test-"))
    private.chmod(0o755)
    slow = tmp_path / "migrations"
    slow.mkdir()
    (slow / "0001_slow.sql").write_text("select pg_sleep(60);\n")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["TMPDIR"] = str(private)
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "schemafirst", "snapshot", "--migrations", str(slow), "-o", "-"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            # Background shells start children with SIGINT ignored; a user's
            # terminal does not, so restore the default as a terminal would.
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
        deadline = time.monotonic() + 60
        while not _postgres_processes(f"{private}/") and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _postgres_processes(f"{private}/"), "the embedded server never started"
        time.sleep(1.5)  # past initdb and start-up: into the migration
        proc.send_signal(signum)
        _out, err = proc.communicate(timeout=60)
        assert proc.returncode != 0
        assert "Traceback" not in err
        assert _postgres_processes(str(private)) == []
        assert list(private.iterdir()) == []
    finally:
        shutil.rmtree(private, ignore_errors=True)


@pytest.mark.pg
def test_init_then_generate_and_check(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "app"\nversion = "0"\n')
    first = run("init", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "added [tool.schemafirst]" in first.stdout
    assert "already has" in run("init", cwd=tmp_path).stdout  # never overwrites
    assert (tmp_path / "schema/migrations/0001_init.sql").exists()
    gen = run("generate", cwd=tmp_path)
    assert gen.returncode == 0, gen.stderr
    assert "class Note(Base)" in (tmp_path / "generated/python/models.py").read_text()
    assert "notes: {" in (tmp_path / "generated/ts/types/database.ts").read_text()
    assert run("check", "--offline", cwd=tmp_path).returncode == 0


@pytest.mark.pg
def test_no_config_with_another_schema_gets_no_example_api(tmp_path: Path) -> None:
    snap = tmp_path / "other.json"
    other = tmp_path / "migrations"
    other.mkdir()
    (other / "0001.sql").write_text("create table things (id int primary key, name text);\n")
    assert run("snapshot", "--migrations", str(other), "-o", str(snap)).returncode == 0
    out = tmp_path / "out"
    proc = run("generate", "--snapshot", str(snap), "--out", str(out), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "without its API models" in proc.stderr
    assert not (out / "ts/types/api.ts").exists()
    assert "Video" not in (out / "ts/api/client.ts").read_text()
    assert "things" in (out / "ts/types/database.ts").read_text()


def test_diff_without_a_snapshot_is_an_error_not_a_pass(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.schemafirst]\nmigrations = "m"\nsnapshot = "none.json"\n'
    )
    (tmp_path / "m").mkdir()
    proc = run("diff", cwd=tmp_path)
    assert proc.returncode == 2
    assert "needs a committed snapshot" in proc.stderr


@pytest.mark.pg
def test_migration_that_is_not_utf8_is_one_sentence(tmp_path: Path) -> None:
    bad = tmp_path / "m"
    bad.mkdir()
    (bad / "0001.sql").write_bytes(b"-- caf\xe9\ncreate table t (id int);\n")
    proc = run("snapshot", "--migrations", str(bad), "-o", "-")
    assert proc.returncode == 2
    assert "0001.sql is not UTF-8 text" in proc.stderr and "internal error" not in proc.stderr
