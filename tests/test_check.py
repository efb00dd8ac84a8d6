"""``schemafirst check`` as a pre-commit hook and a CI job run it: exit codes and reports."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_cli import ROOT, run

pytestmark = pytest.mark.pg

CONFIG = """[project]
name = "demo"
version = "0"

[tool.schemafirst]
migrations = "schema/migrations"
supabase = true
snapshot = "schema/snapshot.json"
api_modules = ["schema/api/schemas.py"]
out = "generated"
"""


@pytest.fixture(scope="module")
def generated_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project holding the example's schema, generated once."""
    project = tmp_path_factory.mktemp("project")
    (project / "pyproject.toml").write_text(CONFIG)
    shutil.copytree(ROOT / "schema" / "migrations", project / "schema" / "migrations")
    shutil.copytree(ROOT / "schema" / "api", project / "schema" / "api", ignore=_pycache)
    proc = run("generate", cwd=project)
    assert proc.returncode == 0, proc.stderr
    return project


def _pycache(_dir: str, names: list[str]) -> list[str]:
    return [n for n in names if n == "__pycache__"]


@pytest.fixture
def project(generated_project: Path, tmp_path: Path) -> Iterator[Path]:
    copy = tmp_path / "p"
    shutil.copytree(generated_project, copy)
    yield copy


def _generated(project: Path) -> list[Path]:
    return sorted(
        p for p in (project / "generated").rglob("*") if p.is_file() and p.suffix != ".json"
    )


def test_clean_tree_is_0_and_generate_writes_nothing(project: Path) -> None:
    proc = run("check", "--offline", cwd=project)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "no drift" in proc.stdout
    again = run("generate", "--snapshot", "schema/snapshot.json", cwd=project)
    assert again.returncode == 0 and "nothing to write" in again.stdout


def test_edited_file_is_1_with_its_diff(project: Path) -> None:
    target = _generated(project)[0]
    target.write_text(target.read_text() + "// hand edit\n")
    proc = run("check", "--offline", cwd=project)
    assert proc.returncode == 1
    rel = target.relative_to(project).as_posix()
    assert f"changed: {rel}" in proc.stdout
    assert "-// hand edit" in proc.stdout


def test_deleted_file_is_1_missing(project: Path) -> None:
    target = _generated(project)[0]
    target.unlink()
    proc = run("check", "--offline", cwd=project)
    assert proc.returncode == 1
    assert f"missing: {target.relative_to(project).as_posix()}" in proc.stdout


def test_file_no_longer_produced_is_1_stale(project: Path) -> None:
    with (project / "pyproject.toml").open("a") as fh:
        fh.write("\n[tool.schemafirst.targets]\ntypescript = false\ntanstack = false\n")
    proc = run("check", "--offline", cwd=project)
    assert proc.returncode == 1
    assert "stale:   generated/ts/types/database.ts" in proc.stdout
    run("generate", "--snapshot", "schema/snapshot.json", cwd=project)
    assert not (project / "generated/ts/types/database.ts").exists()
    assert run("check", "--offline", cwd=project).returncode == 0


def test_unreachable_database_is_2(project: Path) -> None:
    url = "postgresql://u:pw@127.0.0.1:9/db?connect_timeout=2"
    proc = run("check", "--database-url", url, cwd=project)
    assert proc.returncode == 2
    assert proc.stderr.startswith("error: cannot connect")


def test_broken_config_is_2(project: Path) -> None:
    with (project / "pyproject.toml").open("a") as fh:
        fh.write("schemas = 'public'\n")
    proc = run("check", "--offline", cwd=project)
    assert proc.returncode == 2
    assert "key 'schemas'" in proc.stderr


def test_broken_migration_is_2_not_1(project: Path) -> None:
    (project / "schema/migrations/0099_bad.sql").write_text("alter table nope add column x int;\n")
    proc = run("check", cwd=project)
    assert proc.returncode == 2
    assert "0099_bad.sql failed at line 1" in proc.stderr


def test_schema_drift_from_migrations_is_1_with_sentences(project: Path) -> None:
    (project / "schema/migrations/0003_more.sql").write_text(
        "alter table public.video_jobs add column priority integer;\n"
        "alter type public.processing_status add value 'cancelled';\n"
    )
    proc = run("diff", cwd=project)
    assert proc.returncode == 1
    assert proc.stdout.splitlines()[:3] == [
        "schema differs from the snapshot:",
        '  enum processing_status: label "cancelled" added',
        "  column video_jobs.priority added: integer, nullable",
    ]
    full = run("check", "--format", "json", cwd=project)
    assert full.returncode == 1
    report = json.loads(full.stdout)
    assert report["schema"]["checked"] is True
    assert {c["path"] for c in report["files"]["changed"]} >= {"schema/snapshot.json"}


def test_json_report_validates_against_its_schema(project: Path) -> None:
    import jsonschema

    schema = json.loads((ROOT / "src/schemafirst/report.schema.json").read_text())
    for path in _generated(project)[:2]:
        path.write_text("edited\n")
    (project / "schema/migrations/0003_more.sql").write_text(
        "alter table public.videos add column x int;\n"
    )
    proc = run("check", "--format", "json", cwd=project)
    assert proc.returncode == 1
    report = json.loads(proc.stdout)
    jsonschema.validate(report, schema)
    assert report["drift"] is True and len(report["files"]["changed"]) >= 2
    clean = run("check", "--offline", "--format", "json", cwd=project)
    jsonschema.validate(json.loads(clean.stdout), schema)


def test_github_format_annotates_each_changed_file(project: Path) -> None:
    edited = _generated(project)[:3]
    for path in edited:
        path.write_text(path.read_text().replace("\n", "\n\n", 1))
    proc = run("check", "--offline", "--format", "github", cwd=project)
    assert proc.returncode == 1
    annotations = [line for line in proc.stdout.splitlines() if line.startswith("::error ")]
    files = sorted(line.split("file=")[1].split(",")[0] for line in annotations)
    assert files == sorted(p.relative_to(project).as_posix() for p in edited)
    assert all(",line=" in line for line in annotations)


def test_pre_commit_try_repo_fails_on_drift_and_passes_after_generate(project: Path) -> None:
    pre_commit = shutil.which("pre-commit")
    assert pre_commit, "pre-commit is a dev dependency"

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=project, check=True, capture_output=True)

    git("init", "-q")
    git("-c", "user.email=t@t", "-c", "user.name=t", "add", "-A")
    git("-c", "user.email=t@t", "-c", "user.name=t", "commit", "-qm", "example")
    (project / "schema/migrations/0003_more.sql").write_text(
        "alter table public.videos add column rating smallint;\n"
    )
    # The hook is offline: a migration alone changes nothing until the snapshot is regenerated.
    assert run("snapshot", cwd=project).returncode == 0

    def hook() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [pre_commit, "try-repo", str(ROOT), "schemafirst-check", "--all-files"],
            cwd=project,
            capture_output=True,
            text=True,
            timeout=900,
        )

    failing = hook()
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert "changed: generated/" in failing.stdout
    assert run("generate", cwd=project).returncode == 0
    passing = hook()
    assert passing.returncode == 0, passing.stdout + passing.stderr
