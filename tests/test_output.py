"""The writer: atomic writes, only changed files, manifest, stale files, scaffolds."""

from __future__ import annotations

from pathlib import Path

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


def test_a_file_failing_to_stage_leaves_every_name_old_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Files are staged (written and flushed) by several threads before any rename.
    out = tmp_path / "gen"
    names = [f"f{i:02d}" for i in range(40)]
    output.write(_plan(**{n: "old\n" for n in names}), root=tmp_path, out=out)
    real_fsync = output.os.fsync
    calls: list[int] = []

    def failing_fsync(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 17:
            raise OSError(28, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(output.os, "fsync", failing_fsync)
    with pytest.raises(Exception, match="No space left"):
        output.write(_plan(**{n: "new\n" for n in names}), root=tmp_path, out=out)
    assert {p.read_text() for p in out.glob("*.py")} == {"old\n"}
    assert [p.name for p in out.iterdir() if p.name.endswith(output.TEMP_SUFFIX)] == []
    monkeypatch.undo()
    result = output.write(_plan(**{n: "new\n" for n in names}), root=tmp_path, out=out)
    assert len(result.written) == 40 and {p.read_text() for p in out.glob("*.py")} == {"new\n"}


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
