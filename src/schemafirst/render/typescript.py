"""The TypeScript target: ``database.ts``, ``api.ts`` and ``zod.ts``.

``database.ts`` is a drop-in for ``supabase gen types typescript``: the same
``Database`` shape and type mapping as Supabase CLI 3.x (postgres-meta), so
``createClient<Database>()`` infers the same types, plus JSDoc from comments.
``api.ts`` has one interface per API model and a union type plus ``const``
object per enum (:mod:`schemafirst.apimodels`). ``zod.ts`` has zod 4 schemas
whose ``z.infer<>`` is exactly those types: ``zDatabase`` mirrors ``Database``
(``zDatabase.public.Tables.videos.Row``) and ``z<Model>`` each API model.

This module builds ``database.ts`` and the database half of ``zod.ts``;
:mod:`.typescript_api` the API half, :mod:`.typescript_relationships` the
``Relationships`` lists. Everything is decided in Python: keys, type
strings, zod expressions; the templates only loop. Text from the database
goes through ``ts_str`` (keys and literals) or ``jsdoc`` (comments).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

from schemafirst import ir
from schemafirst.render.base import (
    Plan,
    RenderedFile,
    RenderInputs,
    render_template,
    ts_str,
    with_header,
)
from schemafirst.render.typescript_api import EMPTY_API, build_api_context
from schemafirst.render.typescript_relationships import Relationship, list_relationships
from schemafirst.render.typescript_syntax import Prop, doc_lines, ts_key

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


def render(inputs: RenderInputs) -> Plan:
    """The TypeScript files for ``inputs`` (``api.ts`` only when API models were loaded)."""
    config = inputs.config
    folder = config.target_path(NAME)
    user_dir = config.templates_dir
    db = build_database_context(inputs.catalog, config)
    api = build_api_context(inputs.api) if inputs.api is not None else None
    files = {
        "database.ts": render_template("typescript/database.ts.j2", db, user_dir=user_dir),
        "zod.ts": render_template(
            "typescript/zod.ts.j2", {**db, "api": api or EMPTY_API}, user_dir=user_dir
        ),
    }
    if api is not None:
        files["api.ts"] = render_template("typescript/api.ts.j2", api, user_dir=user_dir)
    plan: Plan = {}
    for name, text in sorted(files.items()):
        path = f"{folder}/{name}"
        plan[path] = RenderedFile(with_header(path, text))
    return plan


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


# The type mapping under public names, for the ``ts_type`` template filter.
TypeScriptTypes = _Types


def column_ts_type(col: ir.Column, table: ir.Table, types: _Types, config: Any) -> str:
    """The TypeScript type of a column's ``Row`` value, override applied, without ``| null``."""
    return _column_type(col, table, types, config)[0]


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
    """Insert (``insert=True``) or Update properties, postgres-meta's rules.

    Identity-always and generated columns (stored or virtual) cannot be
    written, nor can a view column that is not updatable (an expression):
    those are ``?: never``. Every other column of a view is optional and
    nullable.
    """
    view = table.kind in ("view", "materialized_view")
    props = []
    for col in table.columns:
        doc = tuple(doc_lines(col.comment))
        if col.identity == "always" or col.generated is not None or not col.updatable:
            props.append(Prop(ts_key(col.name), "never", "z.never()", optional=True, doc=doc))
            continue
        ts, zod, nullable = _column_type(col, table, types, config)
        ts, zod = _nullable(ts, zod, nullable or view)
        optional = (
            view or not insert or nullable or col.identity is not None or col.default is not None
        )
        props.append(Prop(ts_key(col.name), ts, zod, optional=optional, doc=doc))
    return props


def _relationships(rels: list[Relationship]) -> list[dict[str, str]]:
    """A relation's ``Relationships`` entries (see :mod:`.typescript_relationships`)."""
    return [
        {
            "name": ts_str(r.name),
            "columns": _string_tuple(r.columns),
            "one_to_one": "true" if r.one_to_one else "false",
            "ref_table": ts_str(r.ref_relation),
            "ref_columns": _string_tuple(r.ref_columns),
        }
        for r in rels
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
    extras = _Extras(_computed_fields(catalog, types), list_relationships(catalog))
    enums = composites = types.zod_names
    schemas = []
    for schema in sorted(catalog.schemas):
        relations = sorted((t for t in catalog.tables if t.schema == schema), key=lambda t: t.name)
        schemas.append(
            {
                "key": ts_key(schema),
                "tables": [
                    _relation(t, types, config, extras)
                    for t in relations
                    if _section(t) == "Tables"
                ],
                "views": [
                    _relation(t, types, config, extras) for t in relations if _section(t) == "Views"
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


class _Extras(NamedTuple):
    """What relations get from elsewhere in the catalog, by (schema, name)."""

    computed: dict[tuple[str, str], list[Prop]]  # computed fields (functions of a row)
    relationships: dict[tuple[str, str], list[Relationship]]


def _relation(table: ir.Table, types: _Types, config: Any, extras: _Extras) -> dict[str, Any]:
    key = (table.schema, table.name)
    extra = extras.computed.get(key, [])
    writable = table.kind not in ("view", "materialized_view") or (
        table.kind == "view" and table.updatable
    )
    return {
        "key": ts_key(table.name),
        "doc": doc_lines(table.comment),
        "row": _row(table, types, config) + extra,
        # A key is bare, quoted or computed (`["__proto__"]`); here it is a string literal type.
        "computed": " | ".join(
            p.key.strip("[]") if p.key.startswith(('"', "[")) else ts_str(p.key) for p in extra
        )
        or "never",
        "insert_props": _write_props(table, types, config, insert=True) if writable else None,
        "update_props": _write_props(table, types, config, insert=False) if writable else None,
        "relationships": _relationships(extras.relationships.get(key, [])),
    }
