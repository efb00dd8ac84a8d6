"""Formatting of generated Python with ``ruff format`` (stdin in, stdout out).

The settings are fixed (``--isolated``, line length 100, py311) so the same
input gives the same bytes on every machine, whatever ruff config the user's
project has. Several files are formatted by concurrent subprocesses: the
models of a 1,000-table schema are formatted while the enums are.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from schemafirst.errors import RenderError

LINE_LENGTH = 100
TARGET_VERSION = "py311"


def ruff_command() -> list[str]:
    """How to run ruff: the ruff package's own binary (the pinned version), else on PATH.

    The package's binary comes first: formatting differs between ruff
    releases, and a different ruff on PATH would make ``check`` see drift.
    """
    try:
        from ruff.__main__ import find_ruff_bin  # type: ignore[import-untyped]

        return [str(find_ruff_bin())]
    except (ImportError, FileNotFoundError):
        pass
    found = shutil.which("ruff")
    return [found] if found else [sys.executable, "-m", "ruff"]


def format_python(sources: dict[str, str]) -> dict[str, str]:
    """``{path: source}`` formatted; a syntax error is a :class:`RenderError` naming the file."""
    base = [
        *ruff_command(),
        "format",
        "--isolated",
        "--quiet",
        f"--line-length={LINE_LENGTH}",
        f"--target-version={TARGET_VERSION}",
    ]
    try:
        running = {
            path: subprocess.Popen(
                [*base, f"--stdin-filename={Path(path).name}", "-"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
            for path in sources
        }
    except OSError as exc:
        raise RenderError(f"cannot run ruff to format generated Python: {exc.strerror}") from None
    out: dict[str, str] = {}
    for path, proc in running.items():
        stdout, stderr = proc.communicate(sources[path].encode("utf-8"))
        if proc.returncode != 0:
            detail = stderr.decode("utf-8", "replace").strip().splitlines()
            raise RenderError(f"generated {path} is not valid Python: {detail[:1]}")
        out[path] = stdout.decode("utf-8")
    return out


def wrap(text: str, width: int = 84) -> list[str]:
    """Lines of at most ``width`` columns once escaped for a docstring, words kept whole.

    Database comments have no length limit; generated lines must stay under
    ruff's E501 (a single over-long word is exempt there, so it is never cut).
    """
    from schemafirst.render.base import doc_text
    from schemafirst.typemap import text_width

    lines: list[str] = []
    for paragraph in text.replace("\r\n", "\n").split("\n"):
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if line and text_width(doc_text(candidate)) > width:
                lines.append(line)
                candidate = word
            line = candidate
        lines.append(line)
    return lines


def docstring(text: str, width: int = 84) -> str:
    """``text`` wrapped for a docstring (escape it with the ``doc_text`` filter)."""
    return "\n".join(wrap(text, width)).strip()
