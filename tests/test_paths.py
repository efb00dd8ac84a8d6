"""Where ``generate`` may write: inside the project, symlinks followed, unless --allow-outside.

Every refusal is one sentence, exit code 2, and nothing written anywhere.
File names built from database names stay inside their target's folder.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest
from typer.testing import CliRunner, Result

from schemafirst import output, pipeline
from schemafirst.cli import app
from schemafirst.config import parse
from schemafirst.errors import WriteError
from schemafirst.introspect import read_catalog
from schemafirst.render.base import RenderedFile, RenderInputs

ROOT = Path(__file__).resolve().parents[1]
SNAPSHOT = str(ROOT / "schema" / "snapshot.json")
Cli = Callable[..., Result]


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch) -> Cli:
    """The CLI in-process, in a given folder, on the example's snapshot (TypeScript only)."""

    def invoke(cwd: Path, command: str, *args: str) -> Result:
        monkeypatch.chdir(cwd)
        monkeypatch.delenv("DATABASE_URL", raising=False)
        only = ["--target", "typescript"] if command == "generate" else []
        return CliRunner().invoke(app, [command, *args, "--snapshot", SNAPSHOT, *only])

    return invoke


def _project(path: Path, config: str = "") -> Path:
    path.mkdir(parents=True, exist_ok=True)
    (path / "pyproject.toml").write_text(f"[tool.schemafirst]\n{config}")
    return path


def _refused(result: Result, *phrases: str) -> None:
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert "Traceback" not in result.output
    for phrase in phrases:
        assert phrase in lines[0], lines[0]


def _files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


def test_out_outside_the_project_needs_allow_outside(cli: Cli, tmp_path: Path) -> None:
    project = _project(tmp_path / "app")
    elsewhere = tmp_path / "elsewhere"
    _refused(
        cli(project, "generate", "--out", str(elsewhere)),
        "is outside the project",
        "--allow-outside",
    )
    _refused(cli(project, "generate", "--out", "../elsewhere"), "is outside the project")
    assert not elsewhere.exists()
    done = cli(project, "generate", "--out", str(elsewhere), "--allow-outside")
    assert done.exit_code == 0, done.output
    assert (elsewhere / "ts" / "types" / "database.ts").is_file()


@pytest.mark.parametrize(
    "config",
    [
        'out = "../elsewhere"\n',
        'out = "gen/../../elsewhere"\n',
        'out = "gen"\n[tool.schemafirst.targets]\ntypescript = "../../elsewhere"\n',
        'out = "gen"\nsnapshot = "../elsewhere/snapshot.json"\n',
    ],
)
def test_config_paths_that_leave_the_project_are_refused(
    cli: Cli, tmp_path: Path, config: str
) -> None:
    project = _project(tmp_path / "app", config)
    _refused(cli(project, "generate"), "is outside the project")
    assert _files(tmp_path) == ["app", "app/pyproject.toml"]


def test_a_symlinked_out_folder_pointing_outside_is_refused(cli: Cli, tmp_path: Path) -> None:
    project = _project(tmp_path / "app", 'out = "generated"\n')
    victim = tmp_path / "victim"
    victim.mkdir()
    (project / "generated").symlink_to(victim, target_is_directory=True)
    _refused(cli(project, "generate"), "symlink", str(victim))
    assert _files(victim) == []
    # A symlinked folder inside a generated one: caught too.
    (project / "generated").unlink()
    (project / "generated" / "ts").mkdir(parents=True)
    (project / "generated" / "ts" / "types").symlink_to(victim, target_is_directory=True)
    _refused(cli(project, "generate"), "symlink")
    assert _files(victim) == []


def test_a_symlinked_file_pointing_outside_is_refused(cli: Cli, tmp_path: Path) -> None:
    project = _project(tmp_path / "app", 'out = "generated"\n')
    assert cli(project, "generate").exit_code == 0
    victim = tmp_path / "victim.ts"
    victim.write_text("precious\n")
    database_ts = project / "generated" / "ts" / "types" / "database.ts"
    database_ts.unlink()
    database_ts.symlink_to(victim)
    before = {p: p.read_bytes() for p in (project / "generated").rglob("*") if p.is_file()}
    _refused(cli(project, "generate"), "database.ts", "symlink")
    assert victim.read_text() == "precious\n"
    assert database_ts.is_symlink()
    after = {p: p.read_bytes() for p in (project / "generated").rglob("*") if p.is_file()}
    assert after == before


def test_symlinks_that_stay_inside_the_project_are_fine(cli: Cli, tmp_path: Path) -> None:
    project = _project(tmp_path / "app", 'out = "generated"\n')
    (project / "build").mkdir()
    (project / "generated").symlink_to(project / "build", target_is_directory=True)
    result = cli(project, "generate")
    assert result.exit_code == 0, result.output
    assert (project / "build" / "ts" / "types" / "database.ts").is_file()


def test_snapshot_command_keeps_the_configured_file_inside(cli: Cli, tmp_path: Path) -> None:
    project = _project(tmp_path / "app", 'snapshot = "schema/snapshot.json"\n')
    (tmp_path / "victim").mkdir()
    (project / "schema").symlink_to(tmp_path / "victim", target_is_directory=True)
    _refused(cli(project, "snapshot"), "symlink")
    assert _files(tmp_path / "victim") == []


@pytest.mark.parametrize(
    "path",
    ["gen/../../x.py", "gen/./x.py", "gen//x.py", "/etc/x.py", "gen/a\\b.py", "gen/x\x00.py"],
)
def test_unsafe_plan_paths_are_refused_before_any_write(tmp_path: Path, path: str) -> None:
    plan = {"gen/a.py": RenderedFile("A\n"), path: RenderedFile("X\n")}
    with pytest.raises(WriteError, match="unsafe path"):
        output.write(plan, root=tmp_path, out=tmp_path / "gen")
    assert list(tmp_path.iterdir()) == []


HOSTILE_NAMES = ["../../escape", "..", ".", "a/b", "x\\y", "con", "café ☕", " ", "-rf", "$id"]


@pytest.mark.pg
def test_file_names_from_database_names_stay_in_their_folders(
    fresh_db: str, tmp_path: Path
) -> None:
    """Tables named like paths: every target's files (route stubs per table too) stay put."""
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        for name in HOSTILE_NAMES:
            quoted = '"' + name.replace('"', '""') + '"'
            conn.execute(f"create table {quoted} (id bigint primary key, title text)")
        catalog = read_catalog(conn, ["public"])
    config = parse({"out": "generated"}, root=tmp_path, origin="test")
    targets = pipeline.selected_targets(config)
    plan = pipeline.render_all(RenderInputs(catalog=catalog, config=config), targets)
    routes = [p for p in plan if "/routes/_authenticated/" in p]
    assert len(routes) >= len(HOSTILE_NAMES)  # a page per table: names did reach paths
    folders = [config.target_path(t) + "/" for t in targets]
    for path in plan:
        output._check_name(path)
        assert path.startswith((*folders, "schema/")), path
        assert all(part.isascii() and part.strip() == part for part in path.split("/")), path
    assert len({p.lower() for p in plan}) == len(plan)  # no two differ only by case
    result = output.write(plan, root=tmp_path, out=config.out, project=tmp_path)
    assert len(result.written) == len(plan)
    assert sorted(os.listdir(tmp_path)) == ["generated", "schema"]


def test_a_project_under_a_symlinked_folder_is_still_inside(cli: Cli, tmp_path: Path) -> None:
    project = _project(tmp_path / "real" / "app")
    (tmp_path / "link").symlink_to(tmp_path / "real", target_is_directory=True)
    spelled = tmp_path / "link" / "app" / "preview"
    result = cli(project, "generate", "--out", str(spelled))
    assert result.exit_code == 0, result.output
    assert (project / "preview" / "ts" / "types" / "database.ts").is_file()
