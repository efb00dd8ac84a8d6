"""Semantic schema diff: what changed between two catalogs, one sentence per change.

Owns :func:`diff_catalogs` and :class:`Change`. Two :class:`~schemafirst.ir.Catalog`
values (say the committed snapshot and a live database) are compared and every
difference is said the way a reviewer would: ``column video_jobs.progress
added: integer, nullable``.

Table-driven: each object kind has a :class:`_Spec` saying how its objects are
matched, labelled in a path and summarised when added, plus ``(getter,
describer)`` fields compared on matched pairs; one routine, :func:`_diff`,
walks them all, and tables, types and domains nest member specs. Identity is
chosen so a change reads as a change, not a drop plus a create: columns,
indexes, checks and policies by name; primary, unique and foreign keys by
their columns (also their path, e.g. ``video_metadata.video_id``); functions
by name and identity arguments. Indexes compare by definition without the
index name, so re-creating one is no change and renaming one is a rename.

The words (quoted identifiers, summaries, the ``changed from ... to ...``
describers) come from :mod:`schemafirst.schemadiff_text`.

Every IR field is compared (ordinals only through "columns reordered"), so
catalogs that differ always give at least one change. Output is sorted by
(path, kind, message).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import Any, Literal

from schemafirst import ir
from schemafirst.schemadiff_text import (
    Describer,
    arguments,
    by_name,
    changed,
    col_label,
    cols,
    column_source,
    column_summary,
    deferral,
    expr,
    flag,
    foreign_key_summary,
    ident,
    index_signature,
    index_text,
    join_path,
    nothing,
    policy_summary,
    qualified,
    quote,
    references,
    returns,
    toggled,
)

Action = Literal["added", "removed", "changed"]
Field = tuple[Callable[[Any], Any], Describer]


@dataclass(frozen=True, slots=True, kw_only=True)
class Change:
    """One difference between two catalogs.

    ``kind`` is the object kind (``table``, ``view``, ``column``, ``enum``,
    ``foreign_key``, ...); ``path`` names the object, schema-qualified only
    outside ``public``, members joined to their parent with a dot;
    ``message`` is the sentence shown to people.
    """

    kind: str
    action: Action
    path: str
    message: str

    @property
    def sort_key(self) -> tuple[str, str, str]:
        """What the diff is sorted by: path, then kind, then message."""
        return (self.path, self.kind, self.message)

    def __str__(self) -> str:
        return self.message


# --- fields -------------------------------------------------------------------


def _get(name: str, describe: Describer) -> Field:
    return (attrgetter(name), describe)


_shown_text = attrgetter("text")
_NULLABILITY = _get("nullable", changed("nullability", flag("nullable", "not null")))
_DEFAULT = _get("default", changed("default", expr))
_TYPE = _get("type", changed("type", attrgetter("display")))
_COMMENT = _get("comment", changed("comment", quote))
_DEFERRAL: Field = (deferral, changed("deferrability"))
_NAME = _get("name", lambda old, new: f"renamed from {ident(old)} to {ident(new)}")


# --- the engine ---------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class _Spec:
    """How to compare one kind of object; see the module docstring.

    ``kind`` is the Change kind, or the name of the attribute holding it
    (``Table.kind``, ``Function.kind``) when ``kind_attr`` is set; the word in
    sentences is the kind with spaces (``foreign_key`` -> ``foreign key``).
    """

    kind: str
    kind_attr: bool = False
    key: Callable[[Any], Hashable] = attrgetter("name")
    label: Callable[[Any], str] = by_name
    added: Callable[[Any], str] = nothing
    fields: tuple[Field, ...] = ()
    # For objects matched by name: a removed and an added one alike in this are a rename.
    signature: Callable[[Any], Hashable] | None = None
    nested: Callable[[str, Any, Any], list[Change]] | None = None

    def kind_of(self, item: Any) -> str:
        return str(getattr(item, self.kind)) if self.kind_attr else self.kind


def _keyed(
    old: Sequence[Any], new: Sequence[Any], key: Callable[[Any], Hashable]
) -> tuple[dict[Hashable, Any], dict[Hashable, Any]]:
    """Both sides by identity; an identity repeated on either side (two FKs on one
    column) gets the object's name added on both, so the twins still match up."""
    keys = [[key(item) for item in side] for side in (old, new)]
    twins = {k for side in keys for k in side if side.count(k) > 1}
    before, after = (
        {(k, i.name) if k in twins else k: i for k, i in zip(ks, side, strict=True)}
        for ks, side in zip(keys, (old, new), strict=True)
    )
    return before, after


def _pair_renames(
    removed: list[Any], added: list[Any], signature: Callable[[Any], Hashable]
) -> tuple[list[tuple[Any, Any]], list[Any], list[Any]]:
    """Pair removed with added objects of equal signature, in name order (deterministic)."""
    pairs: list[tuple[Any, Any]] = []
    unmatched = sorted(added, key=attrgetter("name"))
    for old in sorted(removed, key=attrgetter("name")):
        twin = next((new for new in unmatched if signature(new) == signature(old)), None)
        if twin is not None:
            unmatched.remove(twin)
            pairs.append((old, twin))
    paired = [id(old) for old, _ in pairs]
    return pairs, [o for o in removed if id(o) not in paired], unmatched


def _diff(spec: _Spec, parent: str, old: Sequence[Any], new: Sequence[Any]) -> list[Change]:
    """Every change between two collections of one kind of object under ``parent``."""
    before, after = _keyed(old, new, spec.key)
    removed = [item for k, item in before.items() if k not in after]
    added = [item for k, item in after.items() if k not in before]
    pairs: list[tuple[Any, Any]] = []
    if spec.signature is not None:
        pairs, removed, added = _pair_renames(removed, added, spec.signature)

    def say(item: Any, action: Action, tail: str) -> Change:
        kind, path = spec.kind_of(item), join_path(parent, spec.label(item))
        text = f"{kind.replace('_', ' ')} {path}{tail}"
        return Change(kind=kind, action=action, path=path, message=text)

    out = [say(a, "changed", f" renamed to {spec.label(b)}") for a, b in pairs]
    out += [say(a, "removed", " removed") for a in removed]
    out += [say(b, "added", f" added{spec.added(b)}") for b in added]
    for a, b in ((a, after[k]) for k, a in before.items() if k in after):
        if spec.kind_of(a) != spec.kind_of(b):  # a table that became a view is another object
            out += [say(a, "removed", " removed"), say(b, "added", f" added{spec.added(b)}")]
            continue
        for get, describe in spec.fields:
            if get(a) != get(b):
                out.append(say(b, "changed", f": {describe(get(a), get(b))}"))
        if spec.nested is not None:
            out += spec.nested(join_path(parent, spec.label(b)), a, b)
    return out


def _reordered(kind: str, path: str, what: str, old: Any, new: Any) -> list[Change]:
    """``columns reordered from a, b to b, a`` when members on both sides changed order.

    Only members present on both sides count: adding or dropping a column
    shifts later ordinals but is not a reorder.
    """
    common = {m.name for m in old} & {m.name for m in new}
    before = [m.name for m in sorted(old, key=attrgetter("ordinal")) if m.name in common]
    after = [m.name for m in sorted(new, key=attrgetter("ordinal")) if m.name in common]
    if before == after:
        return []
    text = f"{kind.replace('_', ' ')} {path}: {what} reordered from {', '.join(before)} to "
    return [Change(kind=kind, action="changed", path=path, message=text + ", ".join(after))]


def _label_changes(path: str, old: ir.Enum, new: ir.Enum) -> list[Change]:
    """Labels added (with their position), removed, renamed or reordered."""
    removed = [lb for lb in old.labels if lb not in new.labels]
    added = [lb for lb in new.labels if lb not in old.labels]
    swapped = (
        tuple(added[0] if lb == removed[0] else lb for lb in old.labels)
        if removed and added
        else ()
    )
    if len(removed) == len(added) == 1 and swapped == new.labels:
        texts = [f"label {quote(removed[0])} renamed to {quote(added[0])}"]
    else:
        texts = [f"label {quote(lb)} removed" for lb in removed]
        for i, lb in enumerate(new.labels):
            # Position matters (enum values compare by it), so say where, as ADD VALUE does.
            nxt = next((x for x in new.labels[i + 1 :] if x not in added), None)
            where = f" before {quote(nxt)}" if nxt else ""
            texts += [f"label {quote(lb)} added{where}"] if lb in added else []
        kept = (
            [lb for lb in old.labels if lb in new.labels],
            [lb for lb in new.labels if lb in old.labels],
        )
        if kept[0] != kept[1]:
            texts.append(f"labels reordered from {', '.join(kept[0])} to {', '.join(kept[1])}")
    return [
        Change(kind="enum", action="changed", path=path, message=f"enum {path}: {t}") for t in texts
    ]


# --- specs ----------------------------------------------------------------------

_COLUMN = _Spec(
    kind="column",
    added=column_summary,
    fields=(
        _TYPE,
        _NULLABILITY,
        _DEFAULT,
        _get("identity", changed("identity", lambda v: v or "none")),
        _get("generated", changed("generated expression", expr)),
        _get("generated_stored", changed("generated column", flag("stored", "virtual"))),
        _get("updatable", changed("updatable", flag("yes", "no"))),
        _get("source", changed("source", column_source)),
        _COMMENT,
    ),
)
_PRIMARY_KEY = _Spec(
    kind="primary_key",
    key=lambda _pk: "primary key",  # one per table: new columns are a change, not a new key
    label=nothing,
    added=lambda pk: f": {cols(pk.columns)}",
    fields=(_get("columns", changed("columns", cols)), _NAME),
)
_UNIQUE = _Spec(
    kind="unique_constraint",
    key=attrgetter("columns"),
    label=lambda u: col_label(u.columns),
    added=lambda u: " (nulls not distinct)" if u.nulls_not_distinct else "",
    fields=(
        _get("nulls_not_distinct", changed("nulls", flag("not distinct", "distinct"))),
        _DEFERRAL,
        _NAME,
    ),
)
_FOREIGN_KEY = _Spec(
    kind="foreign_key",
    key=attrgetter("columns"),
    label=lambda fk: col_label(fk.columns),
    added=foreign_key_summary,
    fields=(
        (references, changed("references")),
        _get("on_delete", changed("on delete")),
        _get("on_update", changed("on update")),
        _get("match_full", changed("match", flag("full", "simple"))),
        _DEFERRAL,
        _NAME,
    ),
)
_CHECK = _Spec(
    kind="check_constraint",
    added=lambda c: f": {expr(c.expression)}",
    fields=(_get("expression", changed("expression", expr)),),
    signature=attrgetter("expression"),
)
_INDEX = _Spec(
    kind="index",
    added=lambda ix: f": {index_text(ix)}",
    fields=((index_signature, changed("definition", _shown_text)),),
    signature=index_signature,
)
_POLICY = _Spec(
    kind="policy",
    added=policy_summary,
    fields=(
        _get("command", changed("command", str.lower)),
        _get("permissive", changed("mode", flag("permissive", "restrictive"))),
        _get("roles", changed("roles", lambda r: ", ".join(r) or "public")),
        _get("using", changed("using expression", expr)),
        _get("with_check", changed("with check expression", expr)),
    ),
    signature=attrgetter("command", "permissive", "roles", "using", "with_check"),
)
_ATTRIBUTE = _Spec(kind="attribute", added=lambda a: f": {a.type.display}", fields=(_TYPE,))
_TABLE_MEMBERS: tuple[tuple[_Spec, str], ...] = (
    (_UNIQUE, "unique_constraints"),
    (_FOREIGN_KEY, "foreign_keys"),
    (_CHECK, "check_constraints"),
    (_INDEX, "indexes"),
    (_POLICY, "policies"),
)


def _table_members(path: str, old: ir.Table, new: ir.Table) -> list[Change]:
    out = _reordered(new.kind, path, "columns", old.columns, new.columns)
    out += _diff(_COLUMN, path, old.columns, new.columns)
    pks = [(t.primary_key,) if t.primary_key else () for t in (old, new)]
    out += _diff(_PRIMARY_KEY, path, *pks)
    for spec, attr in _TABLE_MEMBERS:
        out += _diff(spec, path, getattr(old, attr), getattr(new, attr))
    return out


def _composite_members(path: str, old: ir.CompositeType, new: ir.CompositeType) -> list[Change]:
    out = _reordered("composite_type", path, "attributes", old.attributes, new.attributes)
    return out + _diff(_ATTRIBUTE, path, old.attributes, new.attributes)


# Top-level objects are matched by schema and name, and qualified outside public.
_top = functools.partial(_Spec, key=attrgetter("schema", "name"), label=qualified)

_TABLE = _top(
    kind="kind",
    kind_attr=True,
    fields=(
        _get("rls_enabled", toggled("row level security enabled", "row level security disabled")),
        _get("rls_forced", toggled("row level security forced", "row level security not forced")),
        _get("insertable", changed("insertable", flag("yes", "no"))),
        _get("updatable", changed("updatable", flag("yes", "no"))),
        # Many lines of pg_get_viewdef would drown the report; that it changed is enough.
        _get("view_definition", lambda _a, _b: "definition changed"),
        _COMMENT,
    ),
    nested=_table_members,
)
_ENUM = _top(
    kind="enum",
    added=lambda e: f": {', '.join(e.labels)}",
    fields=(_COMMENT,),
    nested=_label_changes,
)
_COMPOSITE = _top(
    kind="composite_type",
    added=lambda c: ": " + ", ".join(f"{ident(a.name)} {a.type.display}" for a in c.attributes),
    fields=(_COMMENT,),
    nested=_composite_members,
)
_DOMAIN = _top(
    kind="domain",
    added=lambda d: f": {d.base.display}",
    fields=(
        _get("base", changed("base type", attrgetter("display"))),
        _NULLABILITY,
        _DEFAULT,
        _COMMENT,
    ),
    nested=lambda path, old, new: _diff(_CHECK, path, old.checks, new.checks),
)
_FUNCTION = _Spec(
    kind="kind",
    kind_attr=True,
    key=attrgetter("schema", "name", "identity_arguments"),
    label=lambda f: f"{qualified(f)}({f.identity_arguments})",
    added=lambda f: "" if returns(f).text == "nothing" else f": returns {returns(f).text}",
    fields=(
        (returns, changed("return type", _shown_text)),
        (arguments, changed("arguments", _shown_text)),
        _get("volatility", changed("volatility")),
        _get("security_definer", changed("security", flag("definer", "invoker"))),
        _get("language", changed("language")),
        _COMMENT,
    ),
)
_TOP_LEVEL: tuple[tuple[_Spec, str], ...] = (
    (_TABLE, "tables"),
    (_ENUM, "enums"),
    (_COMPOSITE, "composite_types"),
    (_DOMAIN, "domains"),
    (_FUNCTION, "functions"),
)


def diff_catalogs(old: ir.Catalog, new: ir.Catalog) -> list[Change]:
    """Every difference from ``old`` to ``new``, sorted by path, kind and message.

    Empty when both hold the same facts: every IR field is compared, column
    and attribute ordinals through the order they give.
    """
    changes: list[Change] = []
    if old.schemas != new.schemas:
        text = f"schemas changed from {', '.join(old.schemas)} to {', '.join(new.schemas)}"
        changes.append(Change(kind="catalog", action="changed", path="", message=text))
    for spec, attr in _TOP_LEVEL:
        changes += _diff(spec, "", getattr(old, attr), getattr(new, attr))
    return sorted(changes, key=attrgetter("sort_key"))
