"""The TypeScript target: ``database.ts``, ``api.ts`` and ``zod.ts``.

``database.ts`` is a drop-in for ``supabase gen types typescript``: the same
``Database`` shape and type mapping as Supabase CLI 3.x (postgres-meta), so
``createClient<Database>()`` infers the same types, plus JSDoc from comments.
``api.ts`` has one interface per API model and a union type plus ``const``
object per enum (:mod:`schemafirst.apimodels`). ``zod.ts`` has zod 4 schemas
whose ``z.infer<>`` is exactly those types: ``zDatabase`` mirrors ``Database``
(``zDatabase.public.Tables.videos.Row``) and ``z<Model>`` each API model.

Everything is decided here, in Python: keys, type strings, zod expressions;
the templates only loop. Text from the database goes through ``ts_str`` (keys
and literals) or ``jsdoc`` (comments).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from schemafirst import ir
from schemafirst.apimodels import ApiEnum, ApiModel, ApiModels, ApiType
from schemafirst.render.base import (
    Plan,
    RenderedFile,
    RenderInputs,
    render_template,
    ts_str,
    with_header,
)
from schemafirst.reserved import TYPESCRIPT_RESERVED

NAME = "typescript"
NEEDS_API = True

# postgres-meta's pgTypeToTsType; every other base type is `unknown`.
PG_TO_TS = {
    "bool": "boolean",
    **dict.fromkeys(("int2", "int4", "int8", "float4", "float8", "numeric"), "number"),
    **dict.fromkeys(
        (
            "bytea",
            "bpchar",
            "varchar",
            "date",
            "text",
            "citext",
            "time",
            "timetz",
            "timestamp",
            "timestamptz",
            "uuid",
            "vector",
            "interval",
        ),
        "string",
    ),
    "json": "Json",
    "jsonb": "Json",
    "void": "undefined",
    "record": "Record<string, unknown>",
}
# zod expressions of the TypeScript types above (and of the ones built below).
TS_TO_ZOD = {
    "boolean": "z.boolean()",
    "number": "z.number()",
    "string": "z.string()",
    "Json": "zJson",
    "NonNullable<Json>": "zJsonNonNull",
    "undefined": "z.undefined()",
    "Record<string, unknown>": "z.record(z.string(), z.unknown())",
    "unknown": "z.unknown()",
    "never": "z.never()",
}
_IDENTIFIER = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")


def render(inputs: RenderInputs) -> Plan:
    """The TypeScript files for ``inputs`` (``api.ts`` only when API models were loaded)."""
    config = inputs.config
    folder = config.target_dir(NAME)
    user_dir = config.templates_dir
    db = build_database_context(inputs.catalog, config)
    api = build_api_context(inputs.api) if inputs.api is not None else None
    files = {
        "database.ts": render_template("typescript/database.ts.j2", db, user_dir=user_dir),
        "zod.ts": render_template(
            "typescript/zod.ts.j2", {**db, "api": api or _EMPTY_API}, user_dir=user_dir
        ),
    }
    if api is not None:
        files["api.ts"] = render_template("typescript/api.ts.j2", api, user_dir=user_dir)
    plan: Plan = {}
    for name, text in sorted(files.items()):
        path = _plan_path(folder / name, config.base)
        plan[path] = RenderedFile(with_header(path, text))
    return plan


def _plan_path(path: Path, root: Path) -> str:
    """POSIX path relative to the project root (``..`` segments when ``--out`` is outside it)."""
    return Path(os.path.relpath(path, root)).as_posix()


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


# --------------------------------------------------------------------------- database.ts


@dataclass(frozen=True, slots=True)
class Prop:
    """One property line: key, TypeScript type, zod expression, optional mark, doc lines."""

    key: str
    type: str
    zod: str
    optional: bool = False
    doc: tuple[str, ...] = ()


class _Types:
    """Maps Postgres types to TypeScript and zod, the way postgres-meta does."""

    def __init__(self, catalog: ir.Catalog) -> None:
        self.catalog = catalog
        self.schemas = set(catalog.schemas)
        # zod.ts declares enums and composite types as private consts, by position,
        # so no database name has to become an identifier.
        self.zod_names = {(e.schema, e.name): f"_dbEnum{i}" for i, e in enumerate(catalog.enums)}
        for i, c in enumerate(catalog.composite_types):
            self.zod_names[(c.schema, c.name)] = f"_dbComposite{i}"

    def ts(self, t: ir.TypeRef) -> str:
        """The TypeScript type of ``t`` (not nullable)."""
        if t.is_array:
            # postgres-meta looks the element of a domain array up by the array's
            # own name and finds nothing: `unknown[]`. Matched to stay a drop-in.
            return "unknown[]" if t.kind == "domain" else f"{self._scalar(t)}[]"
        domain = self.catalog.domain(t.schema, t.name) if t.kind == "domain" else None
        if domain is not None:
            return self.ts(domain.base)  # the base may be an array
        return self._scalar(t)

    def _scalar(self, t: ir.TypeRef) -> str:
        if t.kind == "enum":
            if t.schema not in self.schemas:
                return "string"  # its labels were not read
            return f'Database[{ts_str(t.schema)}]["Enums"][{ts_str(t.name)}]'
        if t.kind == "composite" and t.schema in self.schemas:
            if self.catalog.composite_type(t.schema, t.name) is not None:
                return f'Database[{ts_str(t.schema)}]["CompositeTypes"][{ts_str(t.name)}]'
            table = self.catalog.table(t.schema, t.name)
            if table is not None:
                section = ts_str(_section(table))
                return f'Database[{ts_str(t.schema)}][{section}][{ts_str(t.name)}]["Row"]'
        if t.kind == "domain":
            domain = self.catalog.domain(t.schema, t.name)
            return self._scalar(domain.base) if domain is not None else "unknown"
        if t.kind in ("base", "pseudo"):
            return PG_TO_TS.get(t.name, "unknown")
        return "unknown"

    def zod(self, t: ir.TypeRef) -> str:
        """The zod expression of ``t`` (not nullable)."""
        if t.is_array:
            return f"z.array({'z.unknown()' if t.kind == 'domain' else self._zod_scalar(t)})"
        domain = self.catalog.domain(t.schema, t.name) if t.kind == "domain" else None
        if domain is not None:
            return self.zod(domain.base)
        return self._zod_scalar(t)

    def _zod_scalar(self, t: ir.TypeRef) -> str:
        ts = self._scalar(t)
        name = self.zod_names.get((t.schema, t.name))
        if ts.startswith("Database[") and name is not None:
            # Composite types may refer to ones declared after them.
            return name if t.kind == "enum" else f"z.lazy(() => {name})"
        if ts.startswith("Database["):
            # A table's row type as a column type: typed, not checked at run time
            # (a reference into zDatabase from inside zDatabase would be circular).
            return f"z.custom<{ts}>()"
        return TS_TO_ZOD[ts]

    def not_null_domain(self, t: ir.TypeRef) -> bool:
        """True for a column of a NOT NULL domain (information_schema calls it not nullable)."""
        domain = (
            self.catalog.domain(t.schema, t.name) if t.kind == "domain" and not t.is_array else None
        )
        return domain is not None and not domain.nullable


def _section(table: ir.Table) -> str:
    return "Tables" if table.kind in ("table", "partitioned_table", "foreign_table") else "Views"


def _nullable(ts: str, zod: str, nullable: bool) -> tuple[str, str]:
    if not nullable or ts == "unknown":
        return ts, zod
    return f"{ts} | null", f"{zod}.nullable()"


def _column_type(
    col: ir.Column, table: ir.Table, types: _Types, config: Any
) -> tuple[str, str, bool]:
    """(TypeScript, zod, nullable) of a column, with the config override applied."""
    nullable = col.nullable and not types.not_null_domain(col.type)
    override = config.override(table.schema, table.name, col.name)
    if override is not None and override.typescript:
        ts = override.typescript
        return ts, f"z.custom<{ts}>()", nullable
    ts, zod = types.ts(col.type), types.zod(col.type)
    if ts == "Json" and not nullable and not col.type.is_array:
        ts, zod = "NonNullable<Json>", "zJsonNonNull"
    return ts, zod, nullable


def _row(table: ir.Table, types: _Types, config: Any) -> list[Prop]:
    props = []
    for col in table.columns:
        ts, zod, nullable = _column_type(col, table, types, config)
        ts, zod = _nullable(ts, zod, nullable)
        props.append(Prop(ts_key(col.name), ts, zod, doc=tuple(doc_lines(col.comment))))
    return props


def _write_props(table: ir.Table, types: _Types, config: Any, *, insert: bool) -> list[Prop]:
    """Insert (``insert=True``) or Update properties, postgres-meta's rules."""
    props = []
    for col in table.columns:
        doc = tuple(doc_lines(col.comment))
        if col.identity == "always" or col.generated is not None:
            props.append(Prop(ts_key(col.name), "never", "z.never()", optional=True, doc=doc))
            continue
        ts, zod, nullable = _column_type(col, table, types, config)
        if table.kind in ("view", "materialized_view"):
            nullable = True  # an updatable view's columns are all optional and nullable
        ts, zod = _nullable(ts, zod, nullable)
        optional = not insert or nullable or col.identity is not None or col.default is not None
        if table.kind in ("view", "materialized_view"):
            optional = True
        props.append(Prop(ts_key(col.name), ts, zod, optional=optional, doc=doc))
    return props


def _relationships(table: ir.Table) -> list[dict[str, str]]:
    """Foreign keys within the table's schema, as supabase-js expects them."""
    keys = [set(table.primary_key.columns)] if table.primary_key else []
    keys += [set(u.columns) for u in table.unique_constraints]
    keys += [
        set(i.elements)
        for i in table.indexes
        if i.unique and not i.predicate and not any(i.expressions)
    ]
    fks = sorted(
        (fk for fk in table.foreign_keys if fk.ref_schema == table.schema),
        key=lambda fk: (fk.name, fk.ref_table, fk.ref_columns),
    )
    return [
        {
            "name": ts_str(fk.name),
            "columns": _string_tuple(fk.columns),
            "one_to_one": "true" if set(fk.columns) in keys else "false",
            "ref_table": ts_str(fk.ref_table),
            "ref_columns": _string_tuple(fk.ref_columns),
        }
        for fk in fks
    ]


def _string_tuple(items: Iterable[str]) -> str:
    return "[" + ", ".join(ts_str(i) for i in items) + "]"


def _in_args(fn: ir.Function) -> list[ir.Argument]:
    return [a for a in fn.arguments if a.mode in ("in", "inout", "variadic")]


def _exposed(fn: ir.Function) -> bool:
    """postgres-meta's filter: functions (not procedures or triggers) PostgREST can call by name."""
    if fn.kind != "function":
        return False
    if fn.return_type is not None and fn.return_type.name in ("trigger", "event_trigger"):
        return False
    args = _in_args(fn)
    return all(a.name for a in args) or len(args) == 1


def _row_arg(fn: ir.Function, catalog: ir.Catalog) -> ir.Table | None:
    """The table of a function taking one row of it (a PostgREST computed field)."""
    args = _in_args(fn)
    if len(args) != 1 or args[0].type.kind != "composite" or args[0].type.is_array:
        return None
    return catalog.table(args[0].type.schema, args[0].type.name)


def _computed_fields(catalog: ir.Catalog, types: _Types) -> dict[tuple[str, str], list[Prop]]:
    """Table -> the Row properties its computed-field functions add."""
    found: dict[tuple[str, str], list[Prop]] = {}
    for fn in catalog.functions:
        table = _row_arg(fn, catalog) if _exposed(fn) else None
        if table is None or fn.returns_set or fn.return_type is None or table.schema != fn.schema:
            continue
        ts = types.ts(fn.return_type)
        prop = Prop(ts_key(fn.name), f"{ts} | null", f"{types.zod(fn.return_type)}.nullable()")
        found.setdefault((table.schema, table.name), []).append(prop)
    return found


def _function_variant(
    fn: ir.Function, catalog: ir.Catalog, types: _Types, error: str | None
) -> dict[str, Any]:
    """Args and Returns of one overload."""
    args = []
    for a in _in_args(fn):
        ts = types.ts(a.type)
        table = (
            catalog.table(a.type.schema, a.type.name)
            if a.type.kind == "composite" and not a.type.is_array
            else None
        )
        if table is not None:
            base = (
                f"Database[{ts_str(table.schema)}][{ts_str(_section(table))}][{ts_str(table.name)}]"
            )
            ts = f'Omit<{base}["Row"], {base}["ComputedFields"]>'
        args.append(Prop(ts_key(a.name), ts, "", optional=a.has_default))
    variant: dict[str, Any] = {"args": args, "returns": None, "returns_props": [], "setof": None}
    suffix = "[]" if fn.returns_set else ""
    table_cols = [a for a in fn.arguments if a.mode == "table"]
    ret = fn.return_type
    if error is not None:
        variant["returns"] = f"{{ error: true }} & {ts_str(error)}"
    elif table_cols:
        variant["returns_props"] = [Prop(ts_key(a.name), types.ts(a.type), "") for a in table_cols]
        variant["returns"] = suffix
    elif ret is None:
        variant["returns"] = "Record<string, unknown>" + suffix
    elif ret.kind == "composite" and not ret.is_array:
        rel = catalog.table(ret.schema, ret.name)
        source = _row_arg(fn, catalog)
        variant["setof"] = {
            "source": ts_str(source.name if source else "*"),
            "target": ts_str(ret.name),
            "one": "false" if fn.returns_set else "true",
            "set": "true" if fn.returns_set else "false",
        }
        if rel is not None:
            variant["returns_props"] = [
                Prop(p.key, p.type, "") for p in _row(rel, types, _NO_OVERRIDES)
            ]
            variant["returns"] = suffix
        else:
            variant["returns"] = types.ts(ret) + suffix
    else:
        variant["returns"] = types.ts(ret) + suffix
    return variant


def _functions(catalog: ir.Catalog, schema: str, types: _Types) -> list[dict[str, Any]]:
    """One entry per function name; overloads become a union of variants."""
    groups: dict[str, list[ir.Function]] = {}
    for fn in catalog.functions:
        if fn.schema == schema and _exposed(fn):
            groups.setdefault(fn.name, []).append(fn)
    result = []
    for name in sorted(groups):
        fns = sorted(groups[name], key=lambda f: f.identity_arguments)
        variants = [_function_variant(fn, catalog, types, _overload_error(fn, fns)) for fn in fns]
        result.append({"key": ts_key(name), "variants": variants, "doc": doc_lines(fns[0].comment)})
    return result


def _overload_error(fn: ir.Function, fns: list[ir.Function]) -> str | None:
    """PostgREST cannot pick between overloads taking the same argument names."""
    names = sorted(a.name for a in _in_args(fn))
    clash = [f for f in fns if sorted(a.name for a in _in_args(f)) == names]
    if len(clash) < 2:
        return None
    sigs = ", ".join(
        f"{f.schema}.{f.name}(" + ", ".join(f"{a.name} => {a.type.name}" for a in _in_args(f)) + ")"
        for f in clash
    )
    return (
        f"Could not choose the best candidate function between: {sigs}. Try renaming the "
        "parameters or the function itself in the database so function overloading can be resolved"
    )


class _NoOverrides:
    def override(self, schema: str, table: str, column: str) -> None:
        return None


_NO_OVERRIDES = _NoOverrides()


def build_database_context(catalog: ir.Catalog, config: Any) -> dict[str, Any]:
    """The view model of ``database.ts`` and of the table half of ``zod.ts``."""
    types = _Types(catalog)
    computed = _computed_fields(catalog, types)
    enums = composites = types.zod_names
    schemas = []
    for schema in sorted(catalog.schemas):
        relations = sorted((t for t in catalog.tables if t.schema == schema), key=lambda t: t.name)
        schemas.append(
            {
                "key": ts_key(schema),
                "tables": [
                    _relation(t, types, config, computed)
                    for t in relations
                    if _section(t) == "Tables"
                ],
                "views": [
                    _relation(t, types, config, computed)
                    for t in relations
                    if _section(t) == "Views"
                ],
                "functions": _functions(catalog, schema, types),
                "enums": [
                    {
                        "key": ts_key(e.name),
                        "union": " | ".join(ts_str(label) for label in e.labels) or "never",
                        "labels": ", ".join(ts_str(label) for label in e.labels),
                        "zod_name": enums[(e.schema, e.name)],
                        "doc": doc_lines(e.comment),
                    }
                    for e in sorted(catalog.enums, key=lambda e: e.name)
                    if e.schema == schema
                ],
                "composites": [
                    {
                        "key": ts_key(c.name),
                        "zod_name": composites[(c.schema, c.name)],
                        "doc": doc_lines(c.comment),
                        "props": [
                            Prop(
                                ts_key(a.name),
                                *_nullable(types.ts(a.type), types.zod(a.type), True),
                            )
                            for a in c.attributes
                        ],
                    }
                    for c in sorted(catalog.composite_types, key=lambda c: c.name)
                    if c.schema == schema
                ],
            }
        )
    zod_enums = [
        {
            "name": enums[(e.schema, e.name)],
            "labels": ", ".join(ts_str(label) for label in e.labels),
        }
        for e in catalog.enums
    ]
    zod_composites = [
        {"name": composites[(c.schema, c.name)], "props": [
            Prop(ts_key(a.name), *_nullable(types.ts(a.type), types.zod(a.type), True))
            for a in c.attributes
        ]}
        for c in catalog.composite_types
    ]  # fmt: skip
    return {"schemas": schemas, "zod_enums": zod_enums, "zod_composites": zod_composites}


def _relation(
    table: ir.Table, types: _Types, config: Any, computed: dict[tuple[str, str], list[Prop]]
) -> dict[str, Any]:
    extra = computed.get((table.schema, table.name), [])
    writable = table.kind not in ("view", "materialized_view") or (
        table.kind == "view" and table.updatable
    )
    return {
        "key": ts_key(table.name),
        "doc": doc_lines(table.comment),
        "row": _row(table, types, config) + extra,
        "computed": " | ".join(p.key if p.key.startswith('"') else ts_str(p.key) for p in extra)
        or "never",
        "insert_props": _write_props(table, types, config, insert=True) if writable else None,
        "update_props": _write_props(table, types, config, insert=False) if writable else None,
        "relationships": _relationships(table) if _section(table) == "Tables" else [],
    }


# --------------------------------------------------------------------------- api.ts


_EMPTY_API: dict[str, Any] = {"enums": [], "models": [], "needs_api_import": False}


def api_type_names(api: ApiModels) -> dict[str, str]:
    """API name -> TypeScript name: reserved words and global types get a ``Model`` suffix."""
    taken: set[str] = set()
    result: dict[str, str] = {}
    for name in sorted([m.name for m in api.models] + [e.name for e in api.enums]):
        safe = (
            name
            if name not in TYPESCRIPT_RESERVED and not name.startswith("_db")
            else name + "Model"
        )
        candidate, n = safe, 2
        while candidate in taken:
            candidate, n = f"{safe}{n}", n + 1
        taken.add(candidate)
        result[name] = candidate
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
            return " | ".join(_literal(v) for v in t.values)
        if kind == "array":
            inner = self.ts(t.items[0])
            return f"({inner})[]" if " " in inner else f"{inner}[]"
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
            values = ", ".join(_literal(v) for v in t.values)
            return f"z.literal({values})" if len(t.values) == 1 else f"z.literal([{values}])"
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
        return self._union(t)

    def _union(self, t: ApiType) -> str:
        members = [i for i in t.items if i.kind != "null"]
        nullable = len(members) < len(t.items)
        if len(members) == 1:
            inner = self.zod(members[0])
        else:
            inner = "z.union([" + ", ".join(self.zod(i) for i in members) + "])"
        return inner + ".nullable()" if nullable else inner


def _literal(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return "null" if value is None else str(value).lower()
    if isinstance(value, int | float):
        return repr(value)
    return ts_str(str(value))


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
        "union": " | ".join(_literal(v) for _, v in enum.members) or "never",
        "members": [(ts_key(member), _literal(value)) for member, value in enum.members],
        "zod": _enum_zod(enum),
    }


def _enum_zod(enum: ApiEnum) -> str:
    values = ", ".join(_literal(v) for _, v in enum.members)
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
