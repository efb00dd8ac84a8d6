"""TypeScript syntax shared by every TypeScript file: keys, JSDoc, types, properties.

:func:`ts_key` and :func:`doc_lines` are the only ones: the ``typescript``
target (:mod:`.typescript`, :mod:`.typescript_api`) and the ``tanstack``
target (:mod:`.tanstack_syntax` and the view models on it) both use them, as
they use the type and zod spellings (:func:`array_type`, :func:`zod_union`...).
``database.ts`` and ``api.ts`` hand the templates :class:`Prop` lines; the
``props`` and ``zod_props`` macros of ``templates/typescript/_macros.j2``
write them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from schemafirst.render.base import ts_literal, ts_str

# `$` is an identifier character in TypeScript. Non-ASCII identifiers are valid
# too but stay quoted: a quoted key means the same and is safe in any encoding.
_IDENTIFIER = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")


def ts_key(name: str) -> str:
    """A property key: bare when it is an ASCII identifier (``a$b`` too), else a string literal.

    ``__proto__`` is computed (``["__proto__"]``): bare or quoted, it would set the
    prototype of an object literal (zod's shapes, ``Constants``) instead of a key.
    """
    if name == "__proto__":
        return f"[{ts_str(name)}]"
    # fullmatch: `$` in a pattern would also match before a trailing newline.
    return name if _IDENTIFIER.fullmatch(name) else ts_str(name)


def doc_lines(*texts: str | None) -> list[str]:
    """JSDoc lines (unescaped; templates apply ``jsdoc``), paragraphs separated by blanks.

    Empty and whitespace-only texts add nothing, so they make no empty comment.
    """
    lines: list[str] = []
    for text in texts:
        if text and text.strip():
            if lines:
                lines.append("")
            lines.extend(text.strip().replace("\r\n", "\n").split("\n"))
    return lines


def array_type(inner: str) -> str:
    """``T[]``; ``(A | B)[]`` when ``T`` has spaces (a union or other compound type)."""
    return f"({inner})[]" if " " in inner else f"{inner}[]"


def literal_union(values: Iterable[Any]) -> str:
    """The TypeScript type of JSON scalar values: ``"a" | 1 | null``."""
    return " | ".join(ts_literal(v) for v in values)


def zod_literal(values: Sequence[Any]) -> str:
    """``z.literal("a")``, or ``z.literal(["a", "b"])`` for several values."""
    joined = ", ".join(ts_literal(v) for v in values)
    return f"z.literal({joined})" if len(values) == 1 else f"z.literal([{joined}])"


def zod_union(members: Sequence[str], *, nullable: bool) -> str:
    """The zod union of ``members`` (one member stands alone), ``.nullable()`` if asked."""
    inner = members[0] if len(members) == 1 else "z.union([" + ", ".join(members) + "])"
    return inner + ".nullable()" if nullable else inner


@dataclass(frozen=True, slots=True)
class Prop:
    """One property line: key, TypeScript type, zod expression, optional mark, doc lines."""

    key: str
    type: str
    zod: str
    optional: bool = False
    doc: tuple[str, ...] = ()
