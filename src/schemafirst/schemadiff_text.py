"""How the schema diff writes things: identifiers, expressions, summaries, describers.

Owns the text of :mod:`schemafirst.schemadiff`'s sentences: SQL identifiers
quoted only when they must be, expressions and comments on one line, the
summary of an added column, key, policy or function, and the *describers*
(``changed``, ``toggled``, ``flag``) that say how a compared value changed.
Pure functions of IR values; which objects are compared lives in
:mod:`schemafirst.schemadiff`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Hashable, Sequence
from typing import Any, NamedTuple

from schemafirst import ir

Describer = Callable[[Any, Any], str]

_SIMPLE_IDENT = re.compile(r"[a-z_][a-z0-9_$]*")
_IDENT_RE = r'(?:"(?:[^"]|"")*"|[^\s."]+)'
# pg_get_indexdef up to the table name; the rest is what makes two indexes the same.
_INDEX_HEAD = re.compile(
    rf"CREATE (?:UNIQUE )?INDEX {_IDENT_RE} ON (?:ONLY )?(?:{_IDENT_RE}\.)?{_IDENT_RE} "
)


def ident(name: str) -> str:
    """``name`` as SQL would need it written: quoted unless plain lower case."""
    return name if _SIMPLE_IDENT.fullmatch(name) else '"' + name.replace('"', '""') + '"'


def qual(schema: str, name: str) -> str:
    """``schema.name`` quoted as needed; just ``name`` in ``public``."""
    # Most projects live in public; qualifying everything would be noise.
    return ident(name) if schema == "public" else f"{ident(schema)}.{ident(name)}"


def expr(text: str | None) -> str:
    """An expression on one line (pg_get_expr output may span lines)."""
    return "none" if text is None else re.sub(r"\s*\n\s*", " ", text.strip())


def quote(text: str | None) -> str:
    # JSON quoting keeps text with quotes or newlines on one unambiguous line.
    return "none" if text is None else json.dumps(text, ensure_ascii=False)


def cols(columns: Sequence[str]) -> str:
    """A column list: ``(a, "B")``."""
    return "(" + ", ".join(ident(c) for c in columns) + ")"


def col_label(columns: Sequence[str]) -> str:
    """Path label of a key: ``video_id`` for one column, ``(a, b)`` for several."""
    return ident(columns[0]) if len(columns) == 1 else cols(columns)


def deferral(con: Any) -> str:
    """A constraint's deferrability: ``deferrable initially deferred``."""
    if not con.deferrable and not con.initially_deferred:
        return "not deferrable"
    when = "deferred" if con.initially_deferred else "immediate"
    return f"{'' if con.deferrable else 'not '}deferrable initially {when}"


def references(fk: ir.ForeignKey) -> str:
    """What a foreign key references: ``videos(id)``."""
    return qual(fk.ref_schema, fk.ref_table) + cols(fk.ref_columns)


def index_text(ix: ir.Index) -> str:
    """The index without its name or table: ``USING btree (user_id, created_at DESC)``."""
    head = _INDEX_HEAD.match(ix.definition)
    if head is not None:
        body = ix.definition[head.end() :]
    else:  # a hand-built IR without a definition: rebuild it from the fields
        body = f"USING {ix.method} ({', '.join(ix.elements)})"
        body += f" INCLUDE ({', '.join(ix.include)})" if ix.include else ""
        body += f" WHERE {ix.predicate}" if ix.predicate else ""
    return ("UNIQUE " if ix.unique else "") + body


class Shown(NamedTuple):
    """A compared value whose text alone may hide a difference (a type's display name)."""

    text: str
    raw: Hashable


def index_signature(ix: ir.Index) -> Shown:
    """An index compared by its definition, not its name."""
    raw = (ix.unique, ix.method, ix.elements, ix.expressions, ix.include, ix.predicate)
    return Shown(index_text(ix), raw)


def column_summary(c: ir.Column) -> str:
    """The tail of ``column ... added``: type, nullability, default, identity, generation."""
    parts = [c.type.display, "nullable" if c.nullable else "not null"]
    parts += [f"default {expr(c.default)}"] if c.default is not None else []
    parts += [f"identity {c.identity}"] if c.identity else []
    if c.generated:
        parts += [f"generated as {expr(c.generated)}{'' if c.generated_stored else ' virtual'}"]
    return ": " + ", ".join(parts)


def column_source(source: tuple[str, str, str] | None) -> str:
    """A view column's source as ``table.column`` (schema-qualified outside public)."""
    return "none" if source is None else f"{qual(source[0], source[1])}.{ident(source[2])}"


def foreign_key_summary(fk: ir.ForeignKey) -> str:
    """The tail of ``foreign key ... added``: the reference and its actions."""
    text = f": references {references(fk)}"
    text += f" on delete {fk.on_delete}" if fk.on_delete != "no action" else ""
    return text + (f" on update {fk.on_update}" if fk.on_update != "no action" else "")


def policy_summary(p: ir.Policy) -> str:
    """The tail of ``policy ... added``: command, roles and mode."""
    restrictive = "" if p.permissive else " as restrictive"
    return f": for {p.command.lower()} to {', '.join(p.roles) or 'public'}{restrictive}"


def returns(fn: ir.Function) -> Shown:
    """What a function returns: a type, ``setof`` a type, ``table(...)`` or ``nothing``."""
    outs = tuple(a for a in fn.arguments if a.mode in ("out", "inout", "table"))
    raw = (fn.return_type, fn.returns_set, outs)
    if fn.return_type is not None:
        return Shown(("setof " if fn.returns_set else "") + fn.return_type.display, raw)
    if fn.kind == "procedure" and not outs:
        return Shown("nothing", raw)
    body = ", ".join(f"{ident(a.name)} {a.type.display}" for a in outs)
    return Shown(f"table({body})" if fn.returns_set else f"record({body})", raw)


def arguments(fn: ir.Function) -> Shown:
    """A function's input arguments, with modes, names and defaults."""
    # Output columns belong to the return type; listing them here would say one change twice.
    ins = tuple(a for a in fn.arguments if a.mode not in ("out", "table"))
    parts = [
        (f"{a.mode} " if a.mode != "in" else "")
        + (f"{ident(a.name)} " if a.name else "")
        + a.type.display
        + (" with default" if a.has_default else "")
        for a in ins
    ]
    return Shown("(" + ", ".join(parts) + ")", ins)


# --- describers ---------------------------------------------------------------


def changed(label: str, fmt: Callable[[Any], str] = str) -> Describer:
    """``<label> changed from <old> to <new>``, values shown with ``fmt``."""
    return lambda old, new: f"{label} changed from {fmt(old)} to {fmt(new)}"


def toggled(on: str, off: str) -> Describer:
    """For a flag whose new state says it all: ``row level security enabled``."""
    return lambda _old, new: on if new else off


def flag(on: str, off: str) -> Callable[[Any], str]:
    """Words for a boolean: ``flag("nullable", "not null")``."""
    return lambda value: on if value else off


# --- labels -------------------------------------------------------------------


def join_path(parent: str, label: str) -> str:
    """A member's path: ``parent.label`` (either alone when the other is empty)."""
    return f"{parent}.{label}" if parent and label else parent or label


def nothing(_item: Any) -> str:
    """No label, or no summary."""
    return ""


def by_name(item: Any) -> str:
    """The label of an object matched by name."""
    return ident(item.name)


def qualified(item: Any) -> str:
    """The label of a top-level object: its name, schema-qualified outside public."""
    return qual(item.schema, item.name)
