"""The writer: atomic writes, only changed files, manifest, stale files, scaffolds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from schemafirst import output
from schemafirst.drift import compare
from schemafirst.render.base import RenderedFile


def _plan(**files: str) -> dict[str, RenderedFile]:
    return {f"gen/{name}.py": RenderedFile(text) for name, text in files.items()}


def test_writes_only_changed_files(tmp_path: Path) -> None:
    out = tmp_path / "gen"
    first = output.write(_plan(a="A\n", b="B\n"), root=tmp_path, out=out)
    assert first.written == ["gen/a.py", "gen/b.py"]
    before = (tmp_path / "gen/a.py").stat().st_mtime_ns
    second = output.write(_plan(a="A\n", b="B2\n"), root=tmp_path, out=out)
    assert second.written == ["gen/b.py"]
    assert second.unchanged == ["gen/a.py"]
    assert (tmp_path / "gen/a.py").stat().st_mtime_ns == before
    assert output.write(_plan(a="A\n", b="B2\n"), root=tmp_path, out=out).written == []


def test_failure_on_second_of_three_files_leaves_old_or_new(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "gen"
    output.write(_plan(a="old a\n", b="old b\n", c="old c\n"), root=tmp_path, out=out)
    real_replace = output.os.replace
    calls = []

    def flaky_replace(src: str, dst: str) -> None:
        calls.append(dst)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(output.os, "replace", flaky_replace)
    with pytest.raises(Exception, match="No space left"):
        output.write(_plan(a="new a\n", b="new b\n", c="new c\n"), root=tmp_path, out=out)
    texts = {p.name: p.read_text() for p in (tmp_path / "gen").glob("*.py")}
    assert texts == {"a.py": "new a\n", "b.py": "old b\n", "c.py": "old c\n"}
    leftovers = [p.name for p in (tmp_path / "gen").iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


def test_stale_files_are_removed_but_foreign_files_are_not(tmp_path: Path) -> None:
    out = tmp_path / "gen"
    output.write(_plan(a="A\n", dropped="D\n"), root=tmp_path, out=out)
    (tmp_path / "gen/mine.py").write_text("user file\n")
    plan = _plan(a="A\n")
    drift = compare(plan, root=tmp_path, out=out)
    assert drift.stale == ["gen/dropped.py"] and drift.found
    result = output.write(plan, root=tmp_path, out=out)
    assert result.removed == ["gen/dropped.py"]
    assert (tmp_path / "gen/mine.py").exists()
    assert not compare(plan, root=tmp_path, out=out).found


def test_scaffold_is_written_once_unless_forced(tmp_path: Path) -> None:
    out = tmp_path / "gen"
    plan = {"gen/route.tsx": RenderedFile("v1\n", owner="scaffold")}
    output.write(plan, root=tmp_path, out=out)
    (tmp_path / "gen/route.tsx").write_text("edited\n")
    plan = {"gen/route.tsx": RenderedFile("v2\n", owner="scaffold")}
    assert output.write(plan, root=tmp_path, out=out).kept == ["gen/route.tsx"]
    assert (tmp_path / "gen/route.tsx").read_text() == "edited\n"
    assert not compare(plan, root=tmp_path, out=out).found
    output.write(plan, root=tmp_path, out=out, force=True)
    assert (tmp_path / "gen/route.tsx").read_text() == "v2\n"


def test_compare_reports_changed_and_missing(tmp_path: Path) -> None:
    out = tmp_path / "gen"
    output.write(_plan(a="one\ntwo\n", b="B\n"), root=tmp_path, out=out)
    (tmp_path / "gen/a.py").write_text("one\nTWO\n")
    (tmp_path / "gen/b.py").unlink()
    drift = compare(_plan(a="one\ntwo\n", b="B\n"), root=tmp_path, out=out)
    assert [c.path for c in drift.changed] == ["gen/a.py"]
    assert "-TWO\n+two\n" in drift.changed[0].diff
    assert drift.missing == [("gen/b.py", "")]


def test_target_subset_leaves_other_targets_files_alone(tmp_path: Path) -> None:
    out = tmp_path / "gen"
    plan = {
        "gen/a.py": RenderedFile("A\n", target="python"),
        "gen/a.ts": RenderedFile("A\n", target="ts"),
    }
    output.write(plan, root=tmp_path, out=out)
    only_ts = {"gen/a.ts": RenderedFile("A2\n", target="ts")}
    assert compare(only_ts, root=tmp_path, out=out, targets=["ts"]).stale == []
    result = output.write(only_ts, root=tmp_path, out=out, targets=["ts"])
    assert result.removed == [] and (tmp_path / "gen/a.py").exists()
    # The python file is still listed, so dropping its target later makes it stale.
    assert output.read_manifest(tmp_path, out) == {"gen/a.py": "python", "gen/a.ts": "ts"}
    assert compare(only_ts, root=tmp_path, out=out).stale == ["gen/a.py"]


def test_manifest_entries_outside_the_project_are_never_deleted(tmp_path: Path) -> None:
    root = tmp_path / "project"
    out = root / "gen"
    victim = tmp_path / "precious.txt"
    victim.write_text("keep me\n")
    output.write(_plan(a="A\n"), root=root, out=out)
    output.write_atomic(
        output.manifest_path(out), b'{"files": {"../precious.txt": "x"}, "version": 2}\n'
    )
    assert output.write(_plan(a="A\n"), root=root, out=out).removed == []
    assert victim.exists()


@pytest.mark.parametrize("step", ["stage", "flush"])
def test_a_file_failing_to_stage_leaves_every_name_old_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    # Every file is staged, then all are flushed to disk, before any rename: a
    # disk full while writing the 17th, or while flushing, changes no name.
    out = tmp_path / "gen"
    names = [f"f{i:02d}" for i in range(40)]
    output.write(_plan(**{n: "old\n" for n in names}), root=tmp_path, out=out)
    if step == "stage":
        real_write = output.os.write
        calls: list[int] = []

        def failing_write(fd: int, data: Any) -> int:
            calls.append(fd)
            if len(calls) == 17:
                raise OSError(28, "No space left on device")
            return real_write(fd, data)

        monkeypatch.setattr(output.os, "write", failing_write)
    else:

        def failing_flush(temps: list[str]) -> None:
            assert len(temps) == 40  # all staged before the flush
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(output, "_flush", failing_flush)
    with pytest.raises(output.WriteError, match="No space left"):
        output.write(_plan(**{n: "new\n" for n in names}), root=tmp_path, out=out)
    monkeypatch.undo()
    assert {p.read_text() for p in out.glob("*.py")} == {"old\n"}
    assert [p.name for p in out.iterdir() if p.name.endswith(output.TEMP_SUFFIX)] == []
    result = output.write(_plan(**{n: "new\n" for n in names}), root=tmp_path, out=out)
    assert len(result.written) == 40 and {p.read_text() for p in out.glob("*.py")} == {"new\n"}


def test_staged_files_reach_the_disk_before_any_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The flush sees every temp file still unrenamed, and its syncfs (Linux)
    # or per-file fsync really runs: no rename happens before it returns.
    out = tmp_path / "gen"
    events: list[str] = []
    real_flush, real_replace = output._flush, output.os.replace

    def flush(temps: list[str]) -> None:
        assert all(Path(t).is_file() for t in temps)
        real_flush(temps)
        events.append("flushed")

    def replace(src: Any, dst: Any) -> None:
        events.append("renamed")
        real_replace(src, dst)

    monkeypatch.setattr(output, "_flush", flush)
    monkeypatch.setattr(output.os, "replace", replace)
    output.write(_plan(a="A\n", b="B\n", c="C\n"), root=tmp_path, out=out)
    monkeypatch.undo()
    # The manifest is written (and flushed) first, then the three files together.
    assert events == ["flushed", "renamed", "flushed", "renamed", "renamed", "renamed"]
    assert (out / "b.py").read_text() == "B\n"


@pytest.mark.parametrize("files", [12, output._SYNCFS_FROM + 10])
def test_without_syncfs_every_staged_file_is_fsynced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: int
) -> None:
    monkeypatch.setattr(output, "_syncfs", lambda: None)
    synced: list[int] = []
    real_fsync = output.os.fsync
    monkeypatch.setattr(output.os, "fsync", lambda fd: (synced.append(fd), real_fsync(fd))[1])
    out = tmp_path / "gen"
    output.write(_plan(**{f"f{i}": f"{i}\n" for i in range(files)}), root=tmp_path, out=out)
    monkeypatch.undo()
    assert len(synced) == files + 1  # the files and the manifest
    assert (out / "f7.py").read_text() == "7\n"


def test_a_few_files_are_fsynced_and_many_get_one_syncfs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # syncfs waits for everyone's dirty data on the file system: only worth it
    # for many files, and then once, not per file or per folder.
    syncfs_calls: list[int] = []
    monkeypatch.setattr(output, "_syncfs", lambda: syncfs_calls.append)
    fsynced: list[int] = []
    real_fsync = output.os.fsync
    monkeypatch.setattr(output.os, "fsync", lambda fd: (fsynced.append(fd), real_fsync(fd))[1])
    few = {f"a/f{i}": "x\n" for i in range(output._SYNCFS_FROM - 2)}
    output.write(_plan(**few), root=tmp_path / "few", out=tmp_path / "few/gen")
    assert (len(syncfs_calls), len(fsynced)) == (0, len(few) + 1)
    fsynced.clear()
    many = {f"{d}/f{i}": "x\n" for d in "abc" for i in range(output._SYNCFS_FROM)}
    output.write(_plan(**many), root=tmp_path / "many", out=tmp_path / "many/gen")
    assert (len(syncfs_calls), len(fsynced)) == (1, 1)  # the manifest alone is fsynced


def test_a_failed_run_never_claims_a_file_it_did_not_replace(tmp_path: Path) -> None:
    # A hand-written file at a planned path; the run fails before replacing it
    # (another planned path is a folder). A later plan without it must keep it.
    out = tmp_path / "gen"
    out.mkdir()
    (out / "a.py").write_text("my notes\n")
    (out / "b.py").mkdir()
    with pytest.raises(output.WriteError):
        output.write(_plan(a="A\n", b="B\n"), root=tmp_path, out=out)
    assert (out / "a.py").read_text() == "my notes\n"
    assert "gen/a.py" not in output.read_manifest(tmp_path, out)
    assert output.write(_plan(c="C\n"), root=tmp_path, out=out).removed == []
    assert (out / "a.py").read_text() == "my notes\n"
