"""The only writer: atomic writes of changed files, the manifest, file ownership.

``generate`` hands a plan (``{path: RenderedFile}``, paths relative to the
project root) to :func:`write`. Each file is written only when its bytes
differ, through a temp file in the same folder and ``os.replace``, so a crash
leaves every file either old or new and no temp file behind. Files owned by
the user (``scaffold``) are written once and never again without ``force``.

The manifest (``<out>/.schemafirst-manifest.json``) lists the generated files
of the last ``generate``; a listed file that the plan no longer produces is
stale and is removed — a file that is not listed is never deleted.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from schemafirst.errors import WriteError
from schemafirst.render.base import Plan

MANIFEST_NAME = ".schemafirst-manifest.json"


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


def write(
    plan: Plan,
    *,
    root: Path,
    out: Path,
    force: bool = False,
    targets: Collection[str] | None = None,
) -> WriteResult:
    """Write ``plan`` under ``root``; remove stale generated files; update the manifest.

    ``targets`` limits stale-file removal to those targets (``--target``).
    """
    result = WriteResult()
    previous = read_manifest(root, out)
    stale = stale_files(plan, root, out, targets=targets)
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
        write_atomic(target, data)
        result.written.append(rel)
    for rel in stale:
        (root / rel).unlink()
        result.removed.append(rel)
    entries = {p: t for p, t in previous.items() if not _in_scope(t, targets)}
    entries.update({p: f.target for p, f in plan.items() if f.owner == "generated"})
    manifest = manifest_path(out)
    text = manifest_text(entries).encode("utf-8")
    if not _same_bytes(manifest, text):
        write_atomic(manifest, text)
    return result


def _same_bytes(path: Path, data: bytes) -> bool:
    try:
        return path.read_bytes() == data
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise WriteError(f"cannot read {path}: {exc.strerror}") from None


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically (temp file in the same folder + os.replace)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise WriteError(f"cannot write {path}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        # mkstemp creates 0600; generated files get the usual umask mode.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise WriteError(f"cannot write {path}: {exc.strerror}") from None
        raise
