"""TypeScript syntax shared by the ``typescript`` target's files: keys, JSDoc lines, properties.

``database.ts`` (:mod:`.typescript`) and ``api.ts`` (:mod:`.typescript_api`)
both hand the templates :class:`Prop` lines; the ``props`` and ``zod_props``
macros of ``templates/typescript/_macros.j2`` write them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from schemafirst.render.base import ts_str

_IDENTIFIER = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")


def ts_key(name: str) -> str:
    """A property key: bare when it is an identifier, else a string literal."""
    return name if _IDENTIFIER.match(name) else ts_str(name)


def doc_lines(*texts: str | None) -> list[str]:
    """The lines of a JSDoc comment (unescaped; the template applies ``jsdoc``)."""
    lines: list[str] = []
    for text in texts:
        if text:
            if lines:
                lines.append("")
            lines.extend(text.strip().replace("\r\n", "\n").split("\n"))
    return lines


@dataclass(frozen=True, slots=True)
class Prop:
    """One property line: key, TypeScript type, zod expression, optional mark, doc lines."""

    key: str
    type: str
    zod: str
    optional: bool = False
    doc: tuple[str, ...] = ()
