"""Formatting of generated Python with ``ruff format``: one process per batch of files.

The settings are fixed (``--isolated``, line length 100, py311) so the same
input gives the same bytes on every machine, whatever ruff config the user's
project has. ruff formats a batch's files side by side (the models of a
1,000-table schema while the enums), and the pipeline renders the next target
while a batch is formatted (:func:`while_waiting`).
"""

from __future__ import annotations

import contextlib
import contextvars
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path

from schemafirst.errors import RenderError

# ruff's find_ruff_bin reads sysconfig, whose first use is not thread-safe:
# two targets formatting at once saw a half-built config (EXE None) and failed.
# Renderer modules import this module before their threads start.
sysconfig.get_config_vars()

LINE_LENGTH = 100
TARGET_VERSION = "py311"

# Entered while this thread only waits for ruff: the pipeline renders targets one at a
# time (no two fighting over the GIL, one target's view model in memory at once) and
# lets the next one render meanwhile.
_WAITING: contextvars.ContextVar[Callable[[], AbstractContextManager[None]] | None] = (
    contextvars.ContextVar("waiting", default=None)
)


@contextlib.contextmanager
def while_waiting(hook: Callable[[], AbstractContextManager[None]]) -> Iterator[None]:
    """Enter ``hook()`` around every wait on a ruff process of this thread."""
    token = _WAITING.set(hook)
    try:
        yield
    finally:
        _WAITING.reset(token)


def _waiting() -> AbstractContextManager[None]:
    hook = _WAITING.get()
    return hook() if hook is not None else contextlib.nullcontext()


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


def _format_command() -> list[str]:
    return [
        *ruff_command(),
        "format",
        "--isolated",
        # Files in a fresh temporary folder never hit a cache, and one would be
        # left in the user's working directory.
        "--no-cache",
        "--quiet",
        f"--line-length={LINE_LENGTH}",
        f"--target-version={TARGET_VERSION}",
    ]


def format_python_many(
    sources: dict[str, str], *, culprit: Callable[[str], str] | None = None
) -> dict[str, str]:
    """``{path: source}`` formatted by one ruff process; a syntax error is a :class:`RenderError`.

    The sources go through a temporary folder (ruff formats its files on all
    cores); ``culprit(path)`` names what produced a file that is not valid
    Python (a custom target's template).
    """
    if not sources:
        return {}
    with tempfile.TemporaryDirectory(prefix="schemafirst-format-") as tmp:
        files = {
            path: Path(tmp) / f"f{i}{'.pyi' if path.endswith('.pyi') else '.py'}"
            for i, path in enumerate(sources)
        }
        for path, file in files.items():
            file.write_bytes(sources[path].encode("utf-8"))
        try:
            # Not --quiet: that also silences the "Failed to parse" lines.
            command = [arg for arg in _format_command() if arg != "--quiet"]
            with _waiting():
                proc = subprocess.run(
                    [*command, *map(str, files.values())], capture_output=True, check=False
                )
        except OSError as exc:
            raise RenderError(
                f"cannot run ruff to format generated Python: {exc.strerror}"
            ) from None
        if proc.returncode != 0:
            detail = proc.stderr.decode("utf-8", "replace").strip()
            for path, file in files.items():
                found = re.search(re.escape(str(file)) + r":(\d+):\d+: (.*)", detail)
                if found:
                    origin = f" (from {culprit(path)})" if culprit else ""
                    raise RenderError(
                        f"generated {path} is not valid Python{origin}: line {found[1]}: {found[2]}"
                    )
            raise RenderError(f"ruff could not format generated Python: {detail[:200]}")
        return {path: file.read_bytes().decode("utf-8") for path, file in files.items()}


_SHOWN_AS_SPACE = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")


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
        # What doc_text shows as a space separates words here, so it never ends a line (W291).
        for word in _SHOWN_AS_SPACE.sub(" ", paragraph).split():
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
