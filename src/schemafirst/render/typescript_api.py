"""The API half of the ``typescript`` target: ``api.ts`` and the API models' zod schemas.

``api.ts`` has one interface per API model (:mod:`schemafirst.apimodels`) and
a union type plus ``const`` object per enum; :func:`build_api_context` is the
view model of it and of the API half of ``zod.ts``, whose ``z<Model>``
schemas infer exactly those types. Names avoid TypeScript's reserved words
and the ``_db`` prefix ``zod.ts`` keeps for the database half.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from schemafirst.apimodels import ApiEnum, ApiModel, ApiModels, ApiType
from schemafirst.naming import Scope
from schemafirst.render.base import ts_literal
from schemafirst.render.typescript_syntax import (
    Prop,
    array_type,
    doc_lines,
    literal_union,
    ts_key,
    zod_literal,
    zod_union,
)
from schemafirst.reserved import TYPESCRIPT_RESERVED

EMPTY_API: dict[str, Any] = {"enums": [], "models": [], "needs_api_import": False}


def api_type_names(api: ApiModels) -> dict[str, str]:
    """API name -> TypeScript name: reserved words and global types get a ``Model`` suffix."""
    scope = Scope()
    result: dict[str, str] = {}
    for name in sorted([m.name for m in api.models] + [e.name for e in api.enums]):
        safe = (
            name
            if name not in TYPESCRIPT_RESERVED and not name.startswith("_db")
            else name + "Model"
        )
        result[name] = scope.claim(safe)
    return result


class _ApiTypes:
    """ApiType -> TypeScript type and zod expression."""

    def __init__(self, names: dict[str, str], lazy: set[str]) -> None:
        self.names = names
        self.lazy = lazy  # models referenced before their declaration (cycles)

    def ts(self, t: ApiType) -> str:
        """The TypeScript type of ``t``."""
        kind = t.kind
        if kind in ("string", "boolean", "null", "unknown"):
            return kind
        if kind in ("number", "integer"):
            return "number"
        if kind == "literal":
            return literal_union(t.values)
        if kind == "array":
            return array_type(self.ts(t.items[0]))
        if kind == "tuple":
            parts = [self.ts(i) for i in t.items]
            if t.rest is not None:
                parts.append(f"...{self.ts(ApiType(kind='array', items=(t.rest,)))}")
            return "[" + ", ".join(parts) + "]"
        if kind == "record":
            return f"Record<string, {self.ts(t.items[0])}>"
        if kind == "ref":
            return self.names[t.ref]
        if kind == "param":
            return t.ref
        return " | ".join(dict.fromkeys(self.ts(i) for i in t.items))

    def zod(self, t: ApiType) -> str:
        """The zod expression of ``t``; bounds become checks."""
        kind = t.kind
        if kind == "string":
            # maxLength is not checked: Python counts code points, JavaScript UTF-16
            # units, so a valid emoji string would fail; minLength is safe.
            return "z.string()" + (f".min({t.min_length})" if t.min_length else "")
        if kind in ("number", "integer"):
            checks = _number_checks(t)
            # Not z.int(): it rejects integers beyond 2**53, which Python sends.
            return (
                "z.number()" + checks + (".refine(Number.isInteger)" if kind == "integer" else "")
            )
        if kind in ("boolean", "null", "unknown"):
            return f"z.{kind}()"
        if kind == "literal":
            return zod_literal(t.values)
        if kind == "array":
            return f"z.array({self.zod(t.items[0])})"
        if kind == "tuple":
            items = ", ".join(self.zod(i) for i in t.items)
            rest = f", {self.zod(t.rest)}" if t.rest is not None else ""
            return f"z.tuple([{items}]{rest})"
        if kind == "record":
            return f"z.record(z.string(), {self.zod(t.items[0])})"
        if kind == "ref":
            name = "z" + self.names[t.ref]
            return f"z.lazy(() => {name})" if t.ref in self.lazy else name
        if kind == "param":
            return t.ref
        members = [i for i in t.items if i.kind != "null"]
        return zod_union([self.zod(i) for i in members], nullable=len(members) < len(t.items))


def _number_checks(t: ApiType) -> str:
    checks = {
        "minimum": "gte",
        "maximum": "lte",
        "exclusive_minimum": "gt",
        "exclusive_maximum": "lt",
    }
    return "".join(
        f".{method}({getattr(t, attr)!r})"
        for attr, method in checks.items()
        if getattr(t, attr) is not None
    )


def _declaration_order(api: ApiModels) -> tuple[list[ApiModel], set[str]]:
    """Models with what they reference first; the names that need ``z.lazy`` (cycles)."""
    deps = {
        m.name: sorted({r for f in m.fields for r in _type_refs(f.type)} | set(_type_refs(m.root)))
        for m in api.models
    }
    order: list[ApiModel] = []
    lazy: set[str] = set()
    state: dict[str, int] = {}  # 1 visiting, 2 done

    def visit(name: str) -> None:
        state[name] = 1
        for dep in deps.get(name, []):
            if state.get(dep) == 1:
                lazy.add(dep)
            elif dep not in state and dep in deps:
                visit(dep)
        state[name] = 2
        model = api.model(name)
        assert model is not None
        order.append(model)

    for model in api.models:
        if model.name not in state:
            visit(model.name)
    return order, lazy


def _type_refs(t: ApiType | None) -> Iterable[str]:
    if t is None:
        return
    if t.kind == "ref":
        yield t.ref
    for item in (*t.items, *((t.rest,) if t.rest else ())):
        yield from _type_refs(item)


def build_api_context(api: ApiModels) -> dict[str, Any]:
    """The view model of ``api.ts`` and of the API half of ``zod.ts``."""
    names = api_type_names(api)
    order, lazy = _declaration_order(api)
    types = _ApiTypes(names, lazy)
    return {
        "enums": [_enum_view(e, names) for e in api.enums],
        "models": [_model_view(m, names, types, lazy) for m in order],
        "needs_api_import": bool(lazy),
    }


def _enum_view(enum: ApiEnum, names: dict[str, str]) -> dict[str, Any]:
    return {
        "name": names[enum.name],
        "doc": doc_lines(enum.description),
        "union": literal_union(v for _, v in enum.members) or "never",
        "members": [(ts_key(member), ts_literal(value)) for member, value in enum.members],
        "zod": _enum_zod(enum),
    }


def _enum_zod(enum: ApiEnum) -> str:
    values = ", ".join(ts_literal(v) for _, v in enum.members)
    if enum.members and all(isinstance(v, str) for _, v in enum.members):
        return f"z.enum([{values}])"
    return f"z.literal([{values}])" if enum.members else "z.never()"


def _model_view(
    model: ApiModel, names: dict[str, str], types: _ApiTypes, lazy: set[str]
) -> dict[str, Any]:
    params = ", ".join(model.type_params)
    props = [
        Prop(
            ts_key(f.name),
            types.ts(f.type),
            types.zod(f.type),
            optional=not f.required,
            doc=tuple(doc_lines(f.description) + (["@deprecated"] if f.deprecated else [])),
        )
        for f in model.fields
    ]
    object_fn = {"forbid": "z.strictObject", "allow": "z.looseObject"}.get(model.extra, "z.object")
    name = names[model.name]
    return {
        "name": name,
        "doc": doc_lines(model.description),
        "generic": f"<{params}>" if params else "",
        "zod_generic": f"<{', '.join(f'{p} extends z.ZodType' for p in model.type_params)}>("
        + ", ".join(f"{p}: {p}" for p in model.type_params)
        + ")"
        if params
        else "",
        "alias": types.ts(model.root) if model.root is not None else None,
        "zod_alias": types.zod(model.root) if model.root is not None else None,
        "index_signature": model.extra == "allow",
        "props": props,
        "zod_object": object_fn,
        "annotation": f": z.ZodType<api.{name}>" if model.name in lazy and not params else "",
    }
