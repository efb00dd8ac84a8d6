"""The only writer: atomic writes of changed files, the manifest, file ownership, confinement.

``generate`` hands a plan (``{path: RenderedFile}``, paths relative to the
project root) to :func:`write`. Each file is written only when its bytes
differ, through a temp file in the same folder (flushed to disk) and
``os.replace``, so a run killed at any point leaves every file either old or
new. A kill can leave a temp file (``.<name>.<random>.schemafirst-tmp``); the
next ``write`` removes those anywhere under ``out`` and in every folder it
writes to (a killed run may have been staging files in folders the next plan
no longer has, such as a dropped table's route folder). Files owned by the
user (``scaffold``) are written once and never again without ``force``.

The manifest (``<out>/.schemafirst-manifest.json``) lists the generated files
of the last ``generate``; a listed file that the plan no longer produces is
stale and is removed — a file that is not listed is never deleted. Before the
first file is written, the manifest already lists every file the run may
create, so a killed run cannot leave a generated file the next run does not
know about; the exact list replaces it at the end.

With ``project`` given, nothing is written or removed outside it: every path
is checked, symlinks followed, before the first write (:func:`confine`).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
import threading
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from schemafirst.errors import WriteError
from schemafirst.render.base import Plan

MANIFEST_NAME = ".schemafirst-manifest.json"
TEMP_SUFFIX = ".schemafirst-tmp"
# Files created, written and flushed at once, and the bytes they may hold in memory.
_WRITERS = 8
_IN_FLIGHT_BYTES = 4 << 20


@dataclass(slots=True)
class WriteResult:
    """What :func:`write` did, path lists relative to the project root."""

    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # scaffolds the user owns
    removed: list[str] = field(default_factory=list)


def manifest_path(out: Path) -> Path:
    """Where the manifest of ``out`` lives."""
    return out / MANIFEST_NAME


def read_manifest(root: Path, out: Path) -> dict[str, str]:
    """Generated paths recorded by the last ``generate``, each with its target."""
    path = manifest_path(out)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise WriteError(f"cannot read the manifest {path.relative_to(root)}: {exc}") from None
    files = data.get("files") if isinstance(data, dict) else None
    if isinstance(files, dict) and all(isinstance(v, str) for v in files.values()):
        return dict(files)
    if isinstance(files, list) and all(isinstance(f, str) for f in files):
        return dict.fromkeys(files, "")  # version 1 did not record targets
    raise WriteError(
        f"the manifest {path.relative_to(root)} is malformed; delete it and regenerate"
    )


def manifest_text(entries: dict[str, str]) -> str:
    """The manifest text: generated path -> target, sorted."""
    return json.dumps({"files": dict(sorted(entries.items())), "version": 2}, indent=2) + "\n"


def _in_scope(target: str, targets: Collection[str] | None) -> bool:
    # With --target, only the files of those targets are this run's business:
    # another target's files are neither stale nor dropped from the manifest.
    return targets is None or target in targets or target == "snapshot"


def stale_files(
    plan: Plan, root: Path, out: Path, *, targets: Collection[str] | None = None
) -> list[str]:
    """Files the manifest lists for ``targets``, the plan no longer produces, still on disk."""
    return sorted(
        p
        for p, target in read_manifest(root, out).items()
        if _in_scope(target, targets) and p not in plan and _ours(root, out, p)
    )


def _ours(root: Path, out: Path, rel: str) -> bool:
    """An existing file inside the project or ``out``: a hand-edited manifest
    listing ``../../x`` must not make us delete a file we never wrote."""
    path = (root / rel).resolve()
    inside = any(path.is_relative_to(folder.resolve()) for folder in (root, out))
    return inside and path.is_file()


def confine(project: Path, *paths: Path) -> None:
    """Refuse any of ``paths`` that lies outside ``project``, symlinks followed.

    A path is inside when its real location is: one spelled with ``..`` or
    reached through a symlinked folder or file that points elsewhere is out
    (a symlink that stays inside the project is fine, and so is a project
    under a symlinked parent folder).
    """
    inside = project.resolve()
    spelled = (inside, Path(os.path.abspath(project)))
    for path in paths:
        absolute = Path(os.path.abspath(path))
        real = absolute.resolve()
        if real.is_relative_to(inside):
            continue
        if any(absolute.is_relative_to(folder) for folder in spelled):
            raise WriteError(
                f"{absolute} leads through a symlink to {real}, outside the project {inside}; "
                "pass --allow-outside to write there"
            )
        raise WriteError(
            f"{absolute} is outside the project {inside}; pass --allow-outside to write there"
        )


# Control characters (NUL among them) and backslashes have no place in a file
# name we make; Windows reads a backslash as a folder separator.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f\\]")


def _check_name(rel: str) -> None:
    """Refuse a plan path a renderer built badly (from a hostile database name, say).

    ``..`` may only lead the path (a target folder outside the project, which
    :func:`confine` judges); anywhere else it would come from a name.
    """
    parts = rel.split("/")
    while parts and parts[0] == "..":
        parts.pop(0)
    if (
        not parts
        or _UNSAFE.search(rel)
        or rel.startswith("/")
        or any(part in ("", ".", "..") for part in parts)
    ):
        raise WriteError(f"refusing to write the unsafe path {rel!r} (a renderer built it)")


def write(
    plan: Plan,
    *,
    root: Path,
    out: Path,
    force: bool = False,
    targets: Collection[str] | None = None,
    project: Path | None = None,
) -> WriteResult:
    """Write ``plan`` under ``root``; remove stale generated files; update the manifest.

    ``targets`` limits stale-file removal to those targets (``--target``).
    ``project``, when given, is the folder nothing may be written outside of.
    """
    result = WriteResult()
    manifest = manifest_path(out)
    for rel in plan:
        _check_name(rel)
    if project is not None:
        confine(project, manifest, *(root / rel for rel in plan))
    previous = read_manifest(root, out)
    stale = stale_files(plan, root, out, targets=targets)
    if project is not None:
        confine(project, *(root / rel for rel in stale))
    _remove_temp_files(out, {(root / rel).parent for rel in plan})
    entries = {p: t for p, t in previous.items() if not _in_scope(t, targets)}
    entries.update({p: f.target for p, f in plan.items() if f.owner == "generated"})
    # Listed before writing: the files this run may create. A file already on
    # disk that no manifest lists is the user's until it is really replaced,
    # so a run killed before that must not leave it claimed (and later deleted).
    may_create = {p: t for p, t in entries.items() if p in previous or not (root / p).exists()}
    _write_manifest(manifest, {**previous, **may_create})

    def changed() -> Iterator[tuple[Path, bytes]]:
        for rel in sorted(plan):
            item = plan[rel]
            target = root / rel
            if item.owner == "scaffold" and target.exists() and not force:
                result.kept.append(rel)
                continue
            data = item.text.encode("utf-8")
            if _same_bytes(target, data):
                result.unchanged.append(rel)
                continue
            result.written.append(rel)
            yield target, data

    write_all_atomic(changed())
    for rel in stale:
        try:
            (root / rel).unlink()
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise WriteError(f"cannot remove the stale file {rel}: {exc.strerror}") from None
        result.removed.append(rel)
    _write_manifest(manifest, entries)
    return result


def _write_manifest(path: Path, entries: dict[str, str]) -> None:
    text = manifest_text(entries).encode("utf-8")
    if not _same_bytes(path, text):
        write_atomic(path, text)


def _remove_temp_files(out: Path, folders: Collection[Path]) -> None:
    """Remove the temp files killed runs left under ``out`` and in ``folders``.

    Only ours, by their suffix. The whole of ``out`` is searched, not just the
    folders this plan writes to: a run of another schema version (or another
    config) may have been killed while staging files in folders this one never
    touches, and nothing else would ever remove those.
    """
    seen: set[str] = set()

    def clean(folder: str, names: Iterable[str]) -> None:
        for name in names:
            if name.endswith(TEMP_SUFFIX):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(os.path.join(folder, name))

    def fail(exc: OSError) -> None:
        if not isinstance(exc, FileNotFoundError):
            raise WriteError(f"cannot list {exc.filename}: {exc.strerror}") from None

    # followlinks=False: a symlinked folder under out is not ours to clean.
    for folder, _dirs, names in os.walk(out, onerror=fail):
        seen.add(folder)
        clean(folder, names)
    for path in sorted(folders):
        folder = os.fspath(path)
        if folder in seen:
            continue
        try:
            names = os.listdir(folder)
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise WriteError(f"cannot list {folder}: {exc.strerror}") from None
        clean(folder, names)


def _same_bytes(path: Path, data: bytes) -> bool:
    try:
        return path.read_bytes() == data
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise WriteError(f"cannot read {path}: {exc.strerror}") from None


def write_all_atomic(files: Iterable[tuple[Path, bytes]]) -> None:
    """:func:`write_atomic` for many files: staged side by side, then renamed in order.

    Same guarantees, file by file (a temp file in the same folder, on disk
    before its rename, so a kill leaves each name old or new, and after a power
    cut no name points at an empty file: a scaffold would then be kept empty).
    But files are created, written and flushed by several threads at once:
    one after another, a first ``generate`` of 2,000 route files waited on the
    disk for most of its time, while fsyncs side by side are committed
    together. A failure removes the temp files not yet renamed.
    """
    from concurrent.futures import Future, ThreadPoolExecutor

    staged: list[tuple[Future[str], Path]] = []
    done = 0
    path: Path | None = None
    budget = _Budget(_IN_FLIGHT_BYTES)  # not the whole plan's data in memory at once
    made: set[Path] = set()
    try:
        with ThreadPoolExecutor(max_workers=_WRITERS) as pool:
            for path, data in files:
                if path.parent not in made:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    made.add(path.parent)
                size = len(data)
                budget.take(size)
                future = pool.submit(_stage, path, data)
                future.add_done_callback(budget.release(size))
                staged.append((future, path))
        temps = []
        for future, path in staged:
            temps.append((future.result(), path))
        umask = os.umask(0)  # mkstemp creates 0600; generated files get the umask's mode
        os.umask(umask)
        for tmp, path in temps:
            os.chmod(tmp, 0o666 & ~umask)
            os.replace(tmp, path)
            done += 1
    except BaseException as exc:
        for future, _ in staged[done:]:
            if future.done() and not future.cancelled() and future.exception() is None:
                with contextlib.suppress(OSError):
                    os.unlink(future.result())
        if isinstance(exc, OSError):
            raise WriteError(f"cannot write {path}: {exc.strerror}") from None
        raise


class _Budget:
    """Bytes handed to the writer threads and not yet written; one file always fits."""

    def __init__(self, limit: int) -> None:
        self.limit, self.used = limit, 0
        self.changed = threading.Condition()

    def take(self, size: int) -> None:
        with self.changed:
            self.changed.wait_for(lambda: self.used == 0 or self.used + size <= self.limit)
            self.used += size

    def release(self, size: int) -> Callable[[object], None]:
        """A done-callback giving ``size`` bytes back."""

        def give(_future: object) -> None:
            with self.changed:
                self.used -= size
                self.changed.notify_all()

        return give


def _stage(path: Path, data: bytes) -> str:
    """A temp file beside ``path`` holding ``data``, flushed to disk."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TEMP_SUFFIX)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return tmp


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically (temp file in the same folder + os.replace)."""
    write_all_atomic([(path, data)])
