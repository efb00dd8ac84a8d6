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
import errno
import functools
import json
import os
import re
import sys
import tempfile
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from schemafirst.errors import WriteError
from schemafirst.render.base import Plan

MANIFEST_NAME = ".schemafirst-manifest.json"
TEMP_SUFFIX = ".schemafirst-tmp"
# fsyncs at once where there is no syncfs (see _flush).
_FSYNC_THREADS = 8
# From this many files one syncfs beats an fsync each. Below it, per-file
# fsyncs: syncfs also waits for every other process's dirty data on the file
# system, a surprise for a 30-file run beside a large copy.
_SYNCFS_FROM = 64


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
    """:func:`write_atomic` for many files: all staged, flushed to disk together, then renamed.

    Same guarantees, file by file: each file is first a temp file in its own
    folder, on disk before its rename, so a kill leaves each name old or new,
    and after a power cut no name points at an empty file (a scaffold would
    then be kept empty). The temp files are written one after another and put
    on disk by one ``syncfs`` per file system (:func:`_flush`), not one fsync
    each: a first ``generate`` of a 1,000-table schema stages 2,000 route
    files, and 2,000 fsyncs (even side by side in threads, which also fought
    the main thread for the GIL) cost it seconds. A failure removes the temp
    files not yet renamed.
    """
    staged: list[tuple[str, Path]] = []
    done = 0
    path: Path | None = None
    made: set[Path] = set()
    umask = os.umask(0)  # mkstemp creates 0600; generated files get the umask's mode
    os.umask(umask)
    try:
        for path, data in files:
            if path.parent not in made:
                path.parent.mkdir(parents=True, exist_ok=True)
                made.add(path.parent)
            staged.append((_stage(path, data, 0o666 & ~umask), path))
        path = None
        _flush([tmp for tmp, _ in staged])
        for tmp, path in staged:
            os.replace(tmp, path)
            done += 1
    except BaseException as exc:
        for tmp, _ in staged[done:]:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        if isinstance(exc, OSError):
            where = path if path is not None else "the staged files to disk"
            raise WriteError(f"cannot write {where}: {exc.strerror}") from None
        raise


def _stage(path: Path, data: bytes, mode: int) -> str:
    """A temp file beside ``path`` holding ``data`` with ``mode`` (not yet flushed to disk)."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TEMP_SUFFIX)
    try:
        try:
            os.fchmod(fd, mode)
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return tmp


def _flush(temps: list[str]) -> None:
    """Put the data of the files ``temps`` on disk before any of them is renamed.

    For many files on Linux, one ``syncfs`` per file system they lie on
    (usually one); for a few, or where there is no ``syncfs``, an fsync per
    file, several at once (fsync releases the GIL for its whole wait, so the
    threads do not fight the main thread for it).
    """
    if not temps:
        return
    syncfs = _syncfs() if len(temps) >= _SYNCFS_FROM else None
    if syncfs is not None and _flush_file_systems(syncfs, temps):
        return
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=_FSYNC_THREADS) as pool:
        list(pool.map(_fsync_file, temps))


def _flush_file_systems(syncfs: Callable[[int], None], temps: list[str]) -> bool:
    """``syncfs`` once per file system holding ``temps``; False where the kernel has none."""
    devices: dict[int, str] = {}
    seen: set[str] = set()
    for tmp in temps:
        folder = os.path.dirname(tmp)
        if folder not in seen:
            seen.add(folder)
            devices.setdefault(os.stat(folder).st_dev, folder)
    for folder in devices.values():
        fd = os.open(folder, os.O_RDONLY)
        try:
            syncfs(fd)
        except OSError as exc:
            if exc.errno == errno.ENOSYS:  # a sandbox's kernel without it (gVisor, say)
                return False
            raise
        finally:
            os.close(fd)
    return True


def _fsync_file(path: str) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@functools.cache
def _syncfs() -> Callable[[int], None] | None:
    """libc's ``syncfs(fd)`` as a function raising OSError, or None where there is none."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        # CDLL(None): the symbols already loaded, libc's among them (find_library forks).
        call = ctypes.CDLL(None, use_errno=True).syncfs
    except (OSError, AttributeError):
        return None
    call.argtypes = [ctypes.c_int]

    def syncfs(fd: int) -> None:
        if call(fd) != 0:
            code = ctypes.get_errno()
            raise OSError(code, os.strerror(code))

    return syncfs


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically (temp file in the same folder + os.replace)."""
    write_all_atomic([(path, data)])
