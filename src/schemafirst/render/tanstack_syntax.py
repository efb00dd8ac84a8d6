"""TypeScript syntax shared by the TanStack view models (FastAPI and Supabase).

Owns what both modes write the same way: import specifiers (:class:`Imports`),
identifiers claimed in a scope, member access and URL template literals.
Property keys and JSDoc lines are the ``typescript`` target's
(:mod:`.typescript_syntax`), so both targets write them alike. Nothing here
knows an endpoint or a table.
"""

from __future__ import annotations

from dataclasses import dataclass

from schemafirst.naming import Scope, pascal_case
from schemafirst.render.base import ts_str
from schemafirst.render.typescript_syntax import ts_key
from schemafirst.reserved import TYPESCRIPT_RESERVED

# Argument names the generated functions use themselves; parameters must not take them.
ARG_RESERVED = frozenset({"query", "body", "form", "options", "variables"})


@dataclass(frozen=True, slots=True)
class Imports:
    """Where the ``typescript`` target's folder is, relative to this target's folder."""

    ts_dir: str

    def typescript(self, depth: int, name: str) -> str:
        """Specifier of ``name`` (``api``, ``zod``...) from ``depth`` folders below ours."""
        parts = [".."] * depth + ([] if self.ts_dir == "." else self.ts_dir.split("/")) + [name]
        spec = "/".join(parts)
        return spec if spec.startswith(".") else f"./{spec}"

    @staticmethod
    def own(depth: int, name: str) -> str:
        """Specifier of one of this target's files from ``depth`` folders below its root."""
        return "/".join([".."] * depth + [name]) if depth else f"./{name}"


def camel(text: str) -> str:
    """``video_id`` → ``videoId``; a safe identifier for any text (``class`` → ``class_``)."""
    name = camel_stem(text)
    return name + "_" if name in TYPESCRIPT_RESERVED or not name.isidentifier() else name


def camel_stem(text: str) -> str:
    """``video`` → ``video``: camelCase to build longer names on (``videoKeys``), maybe reserved."""
    name = pascal_case(text, prefix="N")
    return name[:1].lower() + name[1:]


def claim(scope: Scope, preferred: str) -> str:
    """A name unique in ``scope``, never a TypeScript reserved word."""
    if preferred in TYPESCRIPT_RESERVED:
        preferred += "_"
    return scope.claim(preferred)


def member(obj: str, name: str) -> str:
    """``obj.name`` or ``obj["na-me"]``."""
    return f"{obj}.{name}" if ts_key(name) == name else f"{obj}[{ts_str(name)}]"


def path_expr(path: str, args: dict[str, str]) -> str:
    """A template literal building ``path`` with each ``{param}`` URL-encoded."""
    out = []
    rest = path
    while "{" in rest:
        before, _, after = rest.partition("{")
        name, _, rest = after.partition("}")
        out.append(_template_text(before))
        out.append("${encodeURIComponent(String(" + args[name] + "))}")
    out.append(_template_text(rest))
    return "`" + "".join(out) + "`"


def _template_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace("`", "\\`").replace("${", "\\${")
