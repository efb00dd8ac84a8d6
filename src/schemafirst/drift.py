"""Drift: the rendered plan against the files on disk, and the report of it.

:func:`compare` is ``check``'s whole file logic (STYLE rule 8): the plan that
``generate`` would write, compared in memory with disk — changed (with a
unified diff), missing, and stale (in the manifest, no longer produced).
Scaffolded files belong to the user and are not compared. The semantic
schema diff comes from :mod:`schemafirst.schemadiff`; this module only
reports it.

Report formats: ``text`` (for people, coloured on a TTY), ``json`` (shape
below, ``version`` 1) and ``github`` (workflow commands that annotate files).

    {"version": 1, "drift": bool,
     "files": {"changed": [{"path", "target", "diff"}], "missing": [{"path", "target"}],
               "stale": [{"path"}]},
     "schema": {"checked": bool, "changes": [{"kind", "action", "object", "message"}]}}
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from schemafirst.output import stale_files
from schemafirst.render.base import Plan

REPORT_VERSION = 1


@dataclass(frozen=True, slots=True)
class ChangedFile:
    """A generated file whose bytes on disk differ from the plan."""

    path: str
    target: str
    diff: str


@dataclass(slots=True)
class Drift:
    """Everything ``check`` found; empty lists mean no drift."""

    changed: list[ChangedFile] = field(default_factory=list)
    missing: list[tuple[str, str]] = field(default_factory=list)  # (path, target)
    stale: list[str] = field(default_factory=list)
    schema_checked: bool = False
    schema_changes: list[Any] = field(default_factory=list)  # schemadiff.Change

    @property
    def found(self) -> bool:
        """True when anything drifted."""
        return bool(self.changed or self.missing or self.stale or self.schema_changes)


def compare(plan: Plan, *, root: Path, out: Path, targets: Collection[str] | None = None) -> Drift:
    """Compare ``plan`` with the files under ``root``; never writes.

    ``targets`` (``--target``) limits the stale-file check to those targets.
    """
    drift = Drift()
    for rel in sorted(plan):
        item = plan[rel]
        if item.owner == "scaffold":
            continue
        try:
            current = (root / rel).read_text(encoding="utf-8")
        except FileNotFoundError:
            drift.missing.append((rel, item.target))
            continue
        except UnicodeDecodeError:
            current = (root / rel).read_bytes().decode("utf-8", "replace")
        if current != item.text:
            diff = "".join(
                difflib.unified_diff(
                    current.splitlines(keepends=True),
                    item.text.splitlines(keepends=True),
                    fromfile=f"a/{rel}",
                    tofile=f"b/{rel}",
                )
            )
            drift.changed.append(ChangedFile(rel, item.target, diff))
    drift.stale = stale_files(plan, root, out, targets=targets)
    return drift


def format_json(drift: Drift) -> str:
    """The versioned JSON report."""
    body = {
        "version": REPORT_VERSION,
        "drift": drift.found,
        "files": {
            "changed": [
                {"path": c.path, "target": c.target, "diff": c.diff} for c in drift.changed
            ],
            "missing": [{"path": p, "target": t} for p, t in drift.missing],
            "stale": [{"path": p} for p in drift.stale],
        },
        "schema": {
            "checked": drift.schema_checked,
            "changes": [
                {"kind": c.kind, "action": c.action, "object": c.path, "message": c.message}
                for c in drift.schema_changes
            ],
        },
    }
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"


_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)", re.M)


def _escape_command(text: str) -> str:
    # GitHub workflow command data: %, CR and LF must be encoded.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def format_github(drift: Drift, *, snapshot: str | None) -> str:
    """One ``::error`` workflow command per drifted file or schema change."""
    lines = []
    for c in drift.changed:
        match = _HUNK.search(c.diff)
        line = max(int(match.group(1)), 1) if match else 1
        msg = f"{c.path} is out of date with the schema; run `schemafirst generate`"
        lines.append(f"::error file={c.path},line={line},title=schemafirst drift::{msg}")
    for path, _target in drift.missing:
        msg = f"{path} is missing; run `schemafirst generate`"
        lines.append(f"::error title=schemafirst drift::{_escape_command(msg)}")
    for path in drift.stale:
        msg = f"{path} is no longer generated; run `schemafirst generate` to remove it"
        lines.append(f"::error file={path},title=schemafirst stale file::{msg}")
    where = f"file={snapshot}," if snapshot else ""
    for change in drift.schema_changes:
        lines.append(f"::error {where}title=schema drift::{_escape_command(change.message)}")
    return "\n".join(lines) + ("\n" if lines else "")


def format_text(drift: Drift, *, color: bool, show_diff: bool = True) -> str:
    """The report for people."""

    def paint(code: str, text: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if color else text

    out: list[str] = []
    if drift.schema_changes:
        out.append(paint("1", "schema differs from the snapshot:"))
        out += [f"  {c.message}" for c in drift.schema_changes]
    for c in drift.changed:
        out.append(paint("33", f"changed: {c.path}"))
        if show_diff:
            out += [_paint_diff_line(line, paint) for line in c.diff.rstrip("\n").splitlines()]
    out += [paint("31", f"missing: {p}") for p, _t in drift.missing]
    out += [paint("31", f"stale:   {p} (no longer generated)") for p in drift.stale]
    if drift.found:
        out.append("drift found: run `schemafirst generate` and commit the result")
    else:
        checked = " and the schema matches the snapshot" if drift.schema_checked else ""
        out.append(f"no drift: generated files are up to date{checked}")
    return "\n".join(out) + "\n"


def _paint_diff_line(line: str, paint: Callable[[str, str], str]) -> str:
    if line.startswith(("+++", "---")):
        return paint("1", line)
    if line.startswith("+"):
        return paint("32", line)
    if line.startswith("-"):
        return paint("31", line)
    if line.startswith("@@"):
        return paint("36", line)
    return line
