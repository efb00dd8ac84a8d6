"""Killed and interrupted ``generate`` runs: every file old or new, and the next run converges.

Two snapshots of a synthetic schema (``A``, and ``B`` with a column more per
table, fewer tables and the SQLAlchemy target moved to another folder) give
two known full outputs. ``generate`` runs in a subprocess and is SIGKILLed
(its whole process group, ruff included) after seeded random delays; after
each kill every file must be byte-equal to its content before the run or its
full new content, and the manifest must list every generated file on disk.
Temp files a kill leaves are removed by the next run.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest

from schemafirst import output, snapshot
from schemafirst.introspect import read_catalog
from schemafirst.introspect.embedded import EmbeddedPostgres
from schemafirst.render.base import RenderedFile

TABLES = 150
# Wall time of the kill loop (iterations depend on the machine); raise it for a soak run.
BUDGET_S = float(os.environ.get("SCHEMAFIRST_KILL_SECONDS", "10"))
# Kills that landed while files were being written: the loop goes on past its budget
# (up to six times it) until it has this many, so a slow machine still tests them.
MIN_MID_WRITE = 10
SEED = 20240808
MANIFEST = f"generated/{output.MANIFEST_NAME}"
# B moves the SQLAlchemy files: a run from A to B creates files A never had.
CONFIGS = {
    "a": 'out = "generated"\nsnapshot = "generated/snapshot.json"\n',
    "b": 'out = "generated"\nsnapshot = "generated/snapshot.json"\n[targets]\nsqlalchemy = "orm"\n',
}

Tree = dict[str, bytes]


def _schema_sql(count: int) -> str:
    return "create type status as enum ('new', 'done');" + "".join(
        f"create table t{i} (id bigint primary key,"
        f" parent_id bigint references t{max(i - 1, 0)} (id),"
        f" name text not null default 'x', state status, note text);"
        for i in range(count)
    )


def _version_b_sql(count: int) -> str:
    return "".join(
        f"alter table t{i} add column extra integer; comment on table t{i} is 'v2';"
        for i in range(count - 10)
    ) + "".join(f"drop table t{i} cascade;" for i in range(count - 10, count))


@pytest.fixture(scope="module")
def snapshots(pg_server: EmbeddedPostgres, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Folder holding a.json and b.json, the two versions of the schema."""
    folder = tmp_path_factory.mktemp("snapshots")
    with psycopg.connect(pg_server.url, autocommit=True) as conn:
        conn.execute('drop database if exists "killed_runs"')
        conn.execute('create database "killed_runs"')
    try:
        with psycopg.connect(pg_server.database_url("killed_runs"), autocommit=True) as conn:
            conn.execute(_schema_sql(TABLES))
            (folder / "a.json").write_text(snapshot.dump(read_catalog(conn, ["public"])))
            conn.execute(_version_b_sql(TABLES))
            (folder / "b.json").write_text(snapshot.dump(read_catalog(conn, ["public"])))
    finally:
        with psycopg.connect(pg_server.url, autocommit=True) as conn:
            conn.execute('drop database if exists "killed_runs" with (force)')
    return folder


def _project(path: Path) -> Path:
    path.mkdir(parents=True)
    for name, text in CONFIGS.items():
        (path / f"{name}.toml").write_text(text)
    return path


def _command(snapshots: Path, version: str) -> list[str]:
    source = str(snapshots / f"{version}.json")
    config = f"{version}.toml"
    return [
        sys.executable,
        "-m",
        "schemafirst",
        "generate",
        "--config",
        config,
        "--snapshot",
        source,
    ]


def _start(project: Path, snapshots: Path, version: str) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    return subprocess.Popen(
        _command(snapshots, version),
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group: the kill takes ruff along
    )


def _finish(proc: subprocess.Popen[bytes]) -> None:
    _out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err.decode()


# Folders whose mtime changes when a run starts writing (a temp file appears in one).
WATCHED = ("generated", "generated/python", "generated/orm", "generated/ts/types", "generated/ts")


def _marks(project: Path) -> tuple[int, ...]:
    return tuple((project / d).stat().st_mtime_ns if (project / d).exists() else 0 for d in WATCHED)


def _wait_for_writes(project: Path, proc: subprocess.Popen[bytes]) -> float:
    """Block until ``proc`` starts writing (or ends); the seconds that took."""
    start, first = time.monotonic(), _marks(project)
    while proc.poll() is None and _marks(project) == first:
        time.sleep(0.002)
    return time.monotonic() - start


def _timed_run(project: Path, snapshots: Path, version: str) -> tuple[float, float]:
    """Run to the end: (seconds before writing began, seconds of writing)."""
    proc = _start(project, snapshots, version)
    before = _wait_for_writes(project, proc)
    start = time.monotonic()
    _finish(proc)
    return before, max(time.monotonic() - start, 0.05)


def _tree(project: Path) -> Tree:
    """Every file under generated/, by path relative to the project."""
    root = project / "generated"
    if not root.exists():
        return {}
    return {
        p.relative_to(project).as_posix(): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() or p.is_symlink()
    }


def _temp_files(tree: Tree) -> list[str]:
    return [p for p in tree if p.endswith(output.TEMP_SUFFIX)]


class Reference:
    """The full output of one version, generated into an empty project, and its timing."""

    def __init__(self, project: Path, snapshots: Path, version: str) -> None:
        self.timing = _timed_run(project, snapshots, version)
        self.files = _tree(project)
        self.manifest = self.files.pop(MANIFEST)
        self.generated = set(json.loads(self.manifest)["files"])
        self.scaffolds = set(self.files) - self.generated


def _check_after_kill(before: Tree, after: Tree, new: Reference, generated: set[str]) -> list[str]:
    """What is wrong with ``after``, a kill's leftovers, given ``before`` and the run's ``new``.

    ``generated`` holds the generated (not scaffolded) files of both versions.
    """
    problems = []
    manifest = after.pop(MANIFEST, None)
    listed = set(json.loads(manifest)["files"]) if manifest is not None else set()
    before = {p: b for p, b in before.items() if p != MANIFEST}
    for path, data in after.items():
        if path.endswith(output.TEMP_SUFFIX):
            continue
        if data != before.get(path) and data != new.files.get(path):
            problems.append(f"{path}: neither its old nor its new full content")
        if path in generated and path not in listed:
            problems.append(f"{path}: generated, on disk, and missing from the manifest")
    for path in set(before) - set(after):
        if path in new.files or not (path in generated or path.endswith(output.TEMP_SUFFIX)):
            problems.append(f"{path}: removed, though not a stale generated file")
    return problems


@pytest.mark.pg
def test_sigkill_at_random_points_leaves_old_or_new_files_and_converges(
    snapshots: Path, tmp_path: Path
) -> None:
    refs = {v: Reference(_project(tmp_path / f"ref_{v}"), snapshots, v) for v in ("a", "b")}
    generated = refs["a"].generated | refs["b"].generated
    # A run over the other version's files writes far less than one from scratch.
    update = _timed_run(tmp_path / "ref_a", snapshots, "b")
    project = _project(tmp_path / "project")
    rng = random.Random(SEED)
    outcomes = {"finished": 0, "nothing written": 0, "mid-write": 0}
    temp_seen = 0
    problems: list[str] = []
    started = time.monotonic()

    def more() -> bool:
        elapsed = time.monotonic() - started
        return elapsed < BUDGET_S or (
            outcomes["mid-write"] < MIN_MID_WRITE and elapsed < 6 * BUDGET_S
        )

    while more() and not problems:
        version = rng.choice("ab")
        timing = update
        if rng.random() < 0.4:  # from scratch: hundreds of route scaffolds to write
            timing = refs[version].timing
            for path in _tree(project):
                (project / path).unlink()
        before = _tree(project)
        proc = _start(project, snapshots, version)
        # Mostly a random point of the writing, which is all that can go wrong;
        # sometimes a random point before it.
        if rng.random() < 0.2:
            time.sleep(rng.uniform(0, timing[0]))
        else:
            _wait_for_writes(project, proc)
            time.sleep(rng.uniform(0, timing[1]))
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        _out, err = proc.communicate(timeout=60)
        after = _tree(project)
        if proc.returncode == 0:
            outcomes["finished"] += 1
        else:
            assert proc.returncode == -signal.SIGKILL, err.decode()
            outcomes["mid-write" if after != before else "nothing written"] += 1
        temp_seen += len(_temp_files(after))
        problems += _check_after_kill(before, after, refs[version], generated)
    summary = f"killed runs: {outcomes}, temp files left by kills: {temp_seen}"
    print(summary)
    assert not problems, f"{summary}\n" + "\n".join(problems)
    assert outcomes["mid-write"] >= MIN_MID_WRITE, summary

    # The next complete run converges on B's output, and the one after it writes nothing.
    _finish(_start(project, snapshots, "b"))
    final = _tree(project)
    assert _temp_files(final) == []
    assert final.pop(MANIFEST) == refs["b"].manifest
    ref = refs["b"]
    assert {p: final[p] for p in ref.generated} == {p: ref.files[p] for p in ref.generated}
    assert set(final) - ref.generated <= ref.scaffolds | refs["a"].scaffolds
    for path in set(final) - ref.generated:  # scaffolds: written once, by whichever run
        assert final[path] in (refs["a"].files.get(path), ref.files.get(path)), path
    mtimes = {p: (project / p).stat().st_mtime_ns for p in final}
    again = subprocess.run(
        _command(snapshots, "b"),
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert again.returncode == 0 and "nothing to write" in again.stdout, again.stderr
    assert {p: (project / p).stat().st_mtime_ns for p in final} == mtimes


# --------------------------------------------------------------------------- in process


class Interrupted(BaseException):
    """Stands for the end of the process at one step of a write."""


def _plan(version: str) -> dict[str, RenderedFile]:
    folder = "gen/old" if version == "a" else "gen/new"
    return {
        f"{folder}/models.py": RenderedFile(f"models {version}\n", target="sqlalchemy"),
        "gen/shared.ts": RenderedFile(f"shared {version}\n", target="typescript"),
        f"gen/routes/{version}.tsx": RenderedFile(f"route {version}\n", owner="scaffold"),
    }


@pytest.mark.parametrize("step", range(7))
def test_a_write_stopped_at_any_step_is_tracked_and_converges(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: int
) -> None:
    """Stop a write at each of its file operations: no generated file escapes the manifest."""
    out = tmp_path / "gen"
    output.write(_plan("a"), root=tmp_path, out=out)
    calls = 0

    def counted(real):
        def wrapper(*args, **kwargs):
            nonlocal calls
            calls += 1
            if calls > step:
                raise Interrupted
            return real(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(output.os, "replace", counted(os.replace))
    monkeypatch.setattr(Path, "unlink", counted(Path.unlink))
    with contextlib.suppress(Interrupted):
        output.write(_plan("b"), root=tmp_path, out=out)
    monkeypatch.undo()
    # Back to A: B's models.py, if the stopped run wrote it, is stale and must go.
    output.write(_plan("a"), root=tmp_path, out=out)
    assert not (out / "new" / "models.py").exists(), f"untracked after stopping at step {step}"
    output.write(_plan("b"), root=tmp_path, out=out)
    files = {p.relative_to(tmp_path).as_posix() for p in out.rglob("*") if p.is_file()}
    assert files == {
        "gen/new/models.py",
        "gen/shared.ts",
        "gen/routes/a.tsx",
        "gen/routes/b.tsx",
        f"gen/{output.MANIFEST_NAME}",
    }
    assert (out / "shared.ts").read_text() == "shared b\n"
    assert output.read_manifest(tmp_path, out) == {
        "gen/new/models.py": "sqlalchemy",
        "gen/shared.ts": "typescript",
    }


def test_temp_files_left_by_a_kill_are_removed_by_the_next_write(tmp_path: Path) -> None:
    out = tmp_path / "gen"
    output.write(_plan("a"), root=tmp_path, out=out)
    # What SIGKILL between mkstemp and os.replace leaves; and a user's file that only looks alike.
    leftover = out / "old" / f".models.py.k3j2h1g0{output.TEMP_SUFFIX}"
    leftover.write_text("half a fi")
    lookalike = out / "old" / ".models.py.notes.tmp"
    lookalike.write_text("mine\n")
    # A run of another version staged files in a folder this plan never writes to.
    (out / "routes" / "dropped").mkdir(parents=True)
    elsewhere = out / "routes" / "dropped" / f".index.tsx.a1b2c3d4{output.TEMP_SUFFIX}"
    elsewhere.write_text("half")
    output.write(_plan("a"), root=tmp_path, out=out)
    assert not leftover.exists()
    assert not elsewhere.exists()
    assert lookalike.read_text() == "mine\n"
