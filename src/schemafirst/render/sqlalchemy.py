"""The ``sqlalchemy`` target: SQLAlchemy 2.x declarative models (``models.py``).

``build_context`` turns the catalog into a view model of final identifiers
(from :mod:`schemafirst.naming`), type expressions (from
:mod:`schemafirst.typemap`) and ready-made argument lists; the template
``templates/sqlalchemy/models.py.j2`` only loops over it. What becomes what:

- a table with a primary key → a mapped class (``Mapped[...]`` + ``mapped_column``);
- a table without one, and a pure association table → a Core ``Table`` on
  ``Base.metadata`` (association tables become ``secondary=`` relationships);
- views, materialized views and foreign tables → a Core ``Table`` on
  ``view_metadata``, so ``Base.metadata.create_all`` never creates them as tables;
- a relation of the last two kinds named in config ``primary_keys`` → a mapped
  class keyed by ``__mapper_args__["primary_key"]``, not ``primary_key=True``:
  the ``Table`` stays the database's, so ``create_all`` adds no primary key (and
  no NOT NULL) the database lacks; a view's class sets ``metadata = view_metadata``;
- a table referenced by a foreign key but not generated (``auth.users``) → a
  stub ``Table`` holding the referenced columns, so the key resolves; it gets
  no relationship.

Relationships are planned at the end of this module. The shared Python
package files (``enums.py``, ``__init__.py``, templates under
``templates/sqlalchemy/``) are built here too and reused by the ``pydantic``
target, so both emit identical bytes when they share a folder.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from schemafirst import naming, typemap
from schemafirst.errors import ConfigError
from schemafirst.format import docstring, format_python_many, wrap
from schemafirst.render.base import (
    Plan,
    RenderedFile,
    RenderInputs,
    py_str,
    render_template,
    with_header,
)

if TYPE_CHECKING:
    from schemafirst.config import Config
    from schemafirst.ir import Catalog, Column, ForeignKey, Index, Table

NAME = "sqlalchemy"
NEEDS_API = False

_SA = "sqlalchemy"
_ORM = "sqlalchemy.orm"
# Postgres's own default names, so constraints added later in Python are named
# the way Postgres would have named them (and ours round-trip unchanged).
NAMING_CONVENTION = (
    ("ix", "%(table_name)s_%(column_0_N_name)s_idx"),
    ("uq", "%(table_name)s_%(column_0_N_name)s_key"),
    ("fk", "%(table_name)s_%(column_0_N_name)s_fkey"),
    ("pk", "%(table_name)s_pkey"),
)
VIEW_KINDS = ("view", "materialized_view", "foreign_table")
_NEXTVAL = re.compile(r"^nextval\('(?:[^']*\.)?\"?([^'\"]+)\"?'::regclass\)$")


# --------------------------------------------------------------------------- shared package files


def package_dir(config: Config, target: str) -> str:
    """The target's folder as a POSIX path relative to the plan's base."""
    return config.target_path(target)


def package_files(inputs: RenderInputs, target: str) -> dict[str, str]:
    """``enums.py`` (when the catalog has enums) and ``__init__.py`` of a Python target folder."""
    catalog, config = inputs.catalog, inputs.config
    names = naming.names(catalog, config)
    folder = package_dir(config, target)
    files = {
        f"{folder}/__init__.py": render_template(
            "sqlalchemy/__init__.py.j2", {}, user_dir=config.templates_dir
        )
    }
    if catalog.enums:
        enums = [
            {
                "name": names.enum_name(e.schema, e.name),
                "sql_name": f"{e.schema}.{e.name}",
                "comment": docstring(e.comment) if e.comment else None,
                "members": list(
                    zip(naming.enum_member_names(e.labels), map(py_str, e.labels), strict=True)
                ),
            }
            for e in sorted(catalog.enums, key=lambda e: (e.schema, e.name))
        ]
        files[f"{folder}/enums.py"] = render_template(
            "sqlalchemy/enums.py.j2", {"enums": enums}, user_dir=config.templates_dir
        )
    return files


def finish(files: dict[str, str]) -> Plan:
    """Header, then ruff format (one process for the target's files), then the plan."""
    formatted = format_python_many({path: with_header(path, text) for path, text in files.items()})
    return {path: RenderedFile(text) for path, text in formatted.items()}


def render(inputs: RenderInputs) -> Plan:
    """The models module plus the shared package files."""
    context = build_context(inputs.catalog, inputs.config)
    folder = package_dir(inputs.config, NAME)
    files = package_files(inputs, NAME)
    files[f"{folder}/models.py"] = render_template(
        "sqlalchemy/models.py.j2", context, user_dir=inputs.config.templates_dir
    )
    del context  # not kept alive while ruff formats (the pipeline renders the next target)
    return finish(files)


# --------------------------------------------------------------------------- context


@dataclass(slots=True)
class _Ctx:
    catalog: Catalog
    config: Config
    names: naming.Names
    classes: dict[tuple[str, str], Table] = field(default_factory=dict)
    # Mapper keys from config ``primary_keys``, for relations with no primary key.
    keys: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)
    association: dict[tuple[str, str], Table] = field(default_factory=dict)
    imports: set[typemap.Import] = field(default_factory=set)
    helpers: set[str] = field(default_factory=set)
    externals: dict[tuple[str, str], dict[str, Column]] = field(default_factory=dict)
    relationships: dict[tuple[str, str], list[dict[str, str]]] = field(default_factory=dict)

    def use(self, typed: typemap.Typed) -> str:
        self.imports.update(typed.imports)
        self.helpers.update(typed.helpers)
        return typed.expr

    def sa(self, *names: str, module: str = _SA) -> None:
        self.imports.update((module, n) for n in names)


_lit = typemap.py_literal


def _text(expression: str) -> str:
    """``text("...")`` of an SQL expression."""
    # A long literal is implicitly joined parts in parentheses; as the only
    # argument of a call, the parentheses are redundant (ruff's UP034).
    literal = _lit(expression)
    return f"text({literal[1:-1] if literal.startswith('(') else literal})"


def build_context(catalog: Catalog, config: Config) -> dict[str, Any]:
    """The view model of ``models.py``."""
    keys = configured_keys(catalog, config)
    ctx = _Ctx(catalog, config, naming.names(catalog, config), keys=keys)
    tables = sorted(catalog.tables, key=lambda t: (t.schema, t.name))
    for t in tables:
        keyed = t.kind not in VIEW_KINDS and t.primary_key is not None
        if keyed or (t.schema, t.name) in keys:
            ctx.classes[(t.schema, t.name)] = t
    for t in tables:
        key = (t.schema, t.name)
        if key not in ctx.keys and _is_association(ctx, t):
            ctx.association[key] = t
            ctx.classes.pop(key, None)  # a keyless association table was never a class
    _plan_relationships(ctx, tables)
    classes = [_class_view(ctx, t) for t in tables if (t.schema, t.name) in ctx.classes]
    core = [_table_view(ctx, t, "Base.metadata") for t in tables if _is_core(ctx, t)]
    views = [
        _table_view(ctx, t, "view_metadata")
        for t in tables
        if t.kind in VIEW_KINDS and (t.schema, t.name) not in ctx.classes
    ]
    externals = [_external_view(ctx, key, cols) for key, cols in sorted(ctx.externals.items())]
    ctx.sa("DeclarativeBase", module=_ORM)
    ctx.sa("AsyncAttrs", module="sqlalchemy.ext.asyncio")
    ctx.sa("MetaData")
    if classes:  # an empty schema has none, and an unused import fails ruff
        ctx.sa("Mapped", "mapped_column", module=_ORM)
    if "PgType" in ctx.helpers:
        ctx.imports.update({("typing", "Any"), ("sqlalchemy.types", "UserDefinedType")})
    return {
        "schemas": ", ".join(catalog.schemas),
        # Wrapped: schema names have no length limit, generated lines do (E501).
        "module_doc": docstring(
            f"SQLAlchemy 2.x models of the schemas {', '.join(catalog.schemas)}.", 94
        ),
        "imports": typemap.import_lines(ctx.imports),
        "naming_convention": [(_lit(k), _lit(v)) for k, v in NAMING_CONVENTION],
        "pg_type_helper": "PgType" in ctx.helpers,
        "has_views": bool(views) or any(c["metadata"] for c in classes),
        "externals": externals,
        "core_tables": core,
        "classes": classes,
        "views": views,
    }


def configured_keys(catalog: Catalog, config: Config) -> dict[tuple[str, str], tuple[str, ...]]:
    """Config ``primary_keys`` checked against the catalog: relation → key columns.

    Raises :class:`ConfigError` (one sentence naming the key) for a relation not
    in the catalog, a column it does not have or names twice, or a table that
    has a primary key already.
    """
    relations = {f"{t.schema}.{t.name}": t for t in catalog.tables}
    out: dict[tuple[str, str], tuple[str, ...]] = {}
    for name, columns in sorted(config.primary_keys.items()):
        where = f"[tool.schemafirst.primary_keys] key '{name}'"
        t = relations.get(name)
        if t is None:
            schemas = ", ".join(catalog.schemas)
            raise ConfigError(f"{where} names no table or view in the schemas read ({schemas})")
        kind = t.kind.replace("_", " ")
        if t.primary_key is not None:
            pk = ", ".join(t.primary_key.columns)
            raise ConfigError(f"{where}: the {kind} already has a primary key ({pk})")
        have = {c.name for c in t.columns}
        for column in columns:
            if column not in have:
                raise ConfigError(f"{where} names column '{column}', which the {kind} lacks")
        if len(set(columns)) != len(columns):
            raise ConfigError(f"{where} names a column twice")
        out[(t.schema, t.name)] = columns
    return out


def _is_core(ctx: _Ctx, t: Table) -> bool:
    key = (t.schema, t.name)
    return t.kind not in VIEW_KINDS and key not in ctx.classes


def _is_association(ctx: _Ctx, t: Table) -> bool:
    """Two foreign keys to two different mapped tables, and no column of its own."""
    fks = t.foreign_keys
    if len(fks) != 2 or t.kind in VIEW_KINDS:
        return False
    targets = {(fk.ref_schema, fk.ref_table) for fk in fks}
    if len(targets) != 2 or not all(k in ctx.classes and k != (t.schema, t.name) for k in targets):
        return False
    fk_columns = [c for fk in fks for c in fk.columns]
    return len(set(fk_columns)) == len(fk_columns) == len(t.columns)


# --------------------------------------------------------------------------- columns


def _column_type(ctx: _Ctx, t: Table, col: Column) -> str:
    return ctx.use(typemap.sqlalchemy_type(ctx.catalog, ctx.names, col.type))


def _fk_target(ctx: _Ctx, fk: ForeignKey, column: str) -> str:
    # The target's key in Table.c is its column name, also on a mapped class whose
    # attribute is named otherwise (mapped_column("my col") keys "my col").
    key = column
    parts = [fk.ref_table, key] if fk.ref_schema == "public" else [fk.ref_schema, fk.ref_table, key]
    if any("." in p for p in parts[-2:]):  # only the token form can name a dotted table
        return "(" + ", ".join(_lit(p) for p in parts) + ")"
    return _lit(".".join(parts))


def _fk_options(fk: ForeignKey, *, conventional: bool) -> list[str]:
    out = [] if conventional else [f"name={_lit(fk.name)}"]
    if fk.on_delete != "no action":
        out.append(f"ondelete={_lit(fk.on_delete.upper())}")
    if fk.on_update != "no action":
        out.append(f"onupdate={_lit(fk.on_update.upper())}")
    if fk.deferrable:
        out.append("deferrable=True")
    if fk.initially_deferred:
        out.append('initially="DEFERRED"')
    if fk.match_full:
        out.append('match="FULL"')
    return out


def _conventional(kind: str, table: str, columns: tuple[str, ...]) -> str:
    suffix = {"pk": "pkey", "fk": "fkey", "uq": "key", "ix": "idx"}[kind]
    return f"{table}_pkey" if kind == "pk" else f"{table}_{'_'.join(columns)}_{suffix}"


def _column_args(ctx: _Ctx, t: Table, col: Column, *, mapped: bool) -> tuple[list[str], list[str]]:
    """Positional and keyword arguments of ``mapped_column``/``Column`` (type, FK, defaults...)."""
    pos = [_column_type(ctx, t, col)]
    kw: list[str] = []
    for fk in t.foreign_keys:
        if fk.columns == (col.name,):
            _note_external(ctx, t, fk)
            ctx.sa("ForeignKey")
            conventional = fk.name == _conventional("fk", t.name, fk.columns)
            fk_args = [_fk_target(ctx, fk, fk.ref_columns[0])]
            fk_args += _fk_options(fk, conventional=conventional)
            pos.append(f"ForeignKey({', '.join(fk_args)})")
    if col.identity:
        ctx.sa("Identity")
        pos.append("Identity(always=True)" if col.identity == "always" else "Identity()")
    if col.generated:
        ctx.sa("Computed")
        pos.append(f"Computed({_lit(col.generated)}, persisted={col.generated_stored})")
    pk = t.primary_key
    inline_pk = pk is not None and _inline_pk(t) and col.name in pk.columns
    if inline_pk:
        kw.append("primary_key=True")
    default = col.default
    if default and inline_pk and len(pk.columns) == 1 and _is_serial(t, col):  # type: ignore[union-attr]
        default = None  # SQLAlchemy emits SERIAL itself, which makes this very default
    elif inline_pk and len(pk.columns) == 1 and _is_integer(ctx, col) and not col.identity:  # type: ignore[union-attr]
        kw.append("autoincrement=False")
    if not mapped and not inline_pk:
        kw.append(f"nullable={typemap.column_nullable(ctx.catalog, col)}")
    kw += _unique_index_flags(t, col)
    if default:
        ctx.sa("text")
        kw.append(f"server_default={_text(default)}")
    if col.comment:
        kw.append(f"comment={_lit(col.comment)}")
    return pos, kw


def _inline_pk(t: Table) -> bool:
    """True when ``primary_key=True`` on the columns reproduces the key exactly."""
    pk = t.primary_key
    if pk is None or pk.name != _conventional("pk", t.name, pk.columns):
        return False
    in_order = [c.name for c in t.columns if c.name in pk.columns]
    return in_order == list(pk.columns)


def _is_serial(t: Table, col: Column) -> bool:
    match = _NEXTVAL.match(col.default or "")
    return bool(match) and match.group(1) == f"{t.name}_{col.name}_seq"  # type: ignore[union-attr]


def _is_integer(ctx: _Ctx, col: Column) -> bool:
    base = typemap.resolve(ctx.catalog, col.type)
    return base.name in ("int2", "int4", "int8") and not base.is_array


def _unique_index_flags(t: Table, col: Column) -> list[str]:
    out = []
    for uc in t.unique_constraints:
        if uc.columns == (col.name,) and _plain_unique(t, uc):
            out.append("unique=True")
    for ix in t.indexes:
        if _inline_index(t, ix) and ix.elements == (col.name,):
            out.append("index=True")
    return out


def _plain_unique(t: Table, uc: Any) -> bool:
    plain = not (uc.nulls_not_distinct or uc.deferrable or uc.initially_deferred)
    return len(uc.columns) == 1 and plain and uc.name == _conventional("uq", t.name, uc.columns)


def _inline_index(t: Table, ix: Index) -> bool:
    return (
        len(ix.elements) == 1
        and not any(ix.expressions)
        and not ix.unique
        and ix.method == "btree"
        and not ix.include
        and ix.predicate is None
        and ix.name == _conventional("ix", t.name, ix.elements)
        and _index_elements(ix) == [typemap.quote_ident(ix.elements[0])]
    )


def _note_external(ctx: _Ctx, t: Table, fk: ForeignKey) -> None:
    if ctx.catalog.table(fk.ref_schema, fk.ref_table) is not None:
        return
    cols = ctx.externals.setdefault((fk.ref_schema, fk.ref_table), {})
    for local, remote in zip(fk.columns, fk.ref_columns, strict=True):
        cols.setdefault(remote, t.column(local))


# --------------------------------------------------------------------------- table-level items


def _table_items(ctx: _Ctx, t: Table, key: Callable[[str], str]) -> list[str]:
    """Constraints and indexes for ``__table_args__`` / ``Table(...)``; ``key`` names columns."""
    items: list[str] = []

    def cols(names: tuple[str, ...]) -> str:
        return ", ".join(_lit(key(n)) for n in names)

    pk = t.primary_key
    if pk is not None and not _inline_pk(t):
        ctx.sa("PrimaryKeyConstraint")
        items.append(f"PrimaryKeyConstraint({cols(pk.columns)}, name={_lit(pk.name)})")
    for fk in t.foreign_keys:
        if len(fk.columns) > 1:
            _note_external(ctx, t, fk)
            ctx.sa("ForeignKeyConstraint")
            targets = ", ".join(_fk_target(ctx, fk, c) for c in fk.ref_columns)
            opts = _fk_options(fk, conventional=fk.name == _conventional("fk", t.name, fk.columns))
            items.append(
                f"ForeignKeyConstraint([{cols(fk.columns)}], [{targets}], {', '.join(opts)})"
            )
    for uc in t.unique_constraints:
        if not _plain_unique(t, uc):
            ctx.sa("UniqueConstraint")
            extra = _deferrable(uc) + (
                ["postgresql_nulls_not_distinct=True"] if uc.nulls_not_distinct else []
            )
            uc_args = ", ".join([cols(uc.columns), f"name={_lit(uc.name)}", *extra])
            items.append(f"UniqueConstraint({uc_args})")
    for ck in t.check_constraints:
        ctx.sa("CheckConstraint")
        items.append(f"CheckConstraint({_lit(ck.expression)}, name={_lit(ck.name)})")
    for ix in t.indexes:
        if not _inline_index(t, ix):
            items.append(_index_expr(ctx, t, ix, key))
    return items


def _deferrable(c: Any) -> list[str]:
    out = ["deferrable=True"] if c.deferrable else []
    return out + (['initially="DEFERRED"'] if c.initially_deferred else [])


def _index_elements(ix: Index) -> list[str]:
    """The key elements as ``pg_get_indexdef`` spells them (with DESC, opclass, collation)."""
    match = re.search(r" USING \w+ \(", ix.definition)
    if not match:
        return [
            typemap.quote_ident(e) if not x else e
            for e, x in zip(ix.elements, ix.expressions, strict=True)
        ]
    depth, start, parts = 0, match.end(), []
    for i in range(start, len(ix.definition)):
        ch = ix.definition[i]
        if ch == "(":
            depth += 1
        elif ch == ")" and depth == 0:
            parts.append(ix.definition[start:i].strip())
            break
        elif ch == ")":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(ix.definition[start:i].strip())
            start = i + 1
    return parts


def _index_expr(ctx: _Ctx, t: Table, ix: Index, key: Callable[[str], str]) -> str:
    ctx.sa("Index")
    by_quoted = {typemap.quote_ident(c.name): c.name for c in t.columns}
    args = [_lit(ix.name)]
    for element in _index_elements(ix):
        if element in by_quoted:
            args.append(_lit(key(by_quoted[element])))
        else:
            ctx.sa("text")
            args.append(_text(element))
    if ix.unique:
        args.append("unique=True")
    if ix.method != "btree":
        args.append(f"postgresql_using={_lit(ix.method)}")
    if ix.include:
        args.append(f"postgresql_include=[{', '.join(_lit(c) for c in ix.include)}]")
    if "NULLS NOT DISTINCT" in ix.definition:
        args.append("postgresql_nulls_not_distinct=True")
    if ix.predicate:
        ctx.sa("text")
        args.append(f"postgresql_where={_text(ix.predicate)}")
    return f"Index({', '.join(args)})"


def _table_kwargs(t: Table) -> list[tuple[str, str]]:
    out = []
    if t.schema != "public":
        out.append(("schema", _lit(t.schema)))
    if t.comment:
        out.append(("comment", _lit(t.comment)))
    return out


# --------------------------------------------------------------------------- views of objects


def _class_view(ctx: _Ctx, t: Table) -> dict[str, Any]:
    attrs = ctx.names.columns(t)
    columns = []
    for col in t.columns:
        pos, kw = _column_args(ctx, t, col, mapped=True)
        if attrs[col.name] != col.name:
            pos.insert(0, _lit(col.name))
        annotation = ctx.use(
            typemap.column_python_type(ctx.catalog, ctx.names, ctx.config, t.name, t.schema, col)
        )
        nullable = typemap.column_nullable(ctx.catalog, col) and not (
            t.primary_key and col.name in t.primary_key.columns
        )
        columns.append(
            {
                "attr": attrs[col.name],
                "annotation": f"{annotation} | None" if nullable else annotation,
                "args": ", ".join(pos + kw),
            }
        )
    view = t.kind in VIEW_KINDS
    # Like its Core Table would, a view's class carries no constraints or indexes.
    items = [] if view else _table_items(ctx, t, lambda c: attrs[c])
    kwargs = _table_kwargs(t)
    return {
        "name": ctx.names.class_name(t.schema, t.name),
        "doc": docstring(t.comment) if t.comment else None,
        "note": wrap(_key_note(t), 96) if (t.schema, t.name) in ctx.keys else [],
        "metadata": "view_metadata" if view else None,
        "tablename": _lit(t.name),
        "table_args": items,
        "table_kwargs": kwargs,
        "has_table_args": bool(items or kwargs),
        "mapper_args": _mapper_args(ctx, t, attrs),
        "columns": columns,
        "relationships": ctx.relationships.get((t.schema, t.name), []),
    }


def _key_note(t: Table) -> str:
    kind = t.kind.replace("_", " ")
    return (
        f"The {kind} {_lit(t.name)} has no primary key: mapped by its key in config primary_keys."
    )


def _mapper_args(ctx: _Ctx, t: Table, attrs: dict[str, str]) -> str | None:
    """``__mapper_args__`` naming the configured key by attribute, or None."""
    columns = ctx.keys.get((t.schema, t.name))
    if columns is None:
        return None
    ctx.imports.update({("collections.abc", "Mapping"), ("typing", "Any")})
    names = ", ".join(_lit(attrs[c]) for c in columns) + ("," if len(columns) == 1 else "")
    return f'{{"primary_key": ({names})}}'


def _table_view(ctx: _Ctx, t: Table, metadata: str) -> dict[str, Any]:
    ctx.sa("Table", "Column")
    columns = []
    for col in t.columns:
        pos, kw = _column_args(ctx, t, col, mapped=False)
        columns.append(f"Column({', '.join([_lit(col.name), *pos, *kw])})")
    items = _table_items(ctx, t, lambda c: c) if metadata == "Base.metadata" else []
    return {
        "var": ctx.names.table_var(t.schema, t.name),
        "name": _lit(t.name),
        "kind": t.kind.replace("_", " "),
        "metadata": metadata,
        "comment": wrap(t.comment or "", 96),
        "args": columns + items + [f"{k}={v}" for k, v in _table_kwargs(t)],
    }


def _external_view(ctx: _Ctx, key: tuple[str, str], cols: dict[str, Column]) -> dict[str, Any]:
    schema, name = key
    ctx.sa("Table", "Column")
    args = []
    for remote, local in cols.items():
        sa_type = ctx.use(typemap.sqlalchemy_type(ctx.catalog, ctx.names, local.type))
        args.append(f"Column({_lit(remote)}, {sa_type}, primary_key=True)")
    if schema != "public":
        args.append(f"schema={_lit(schema)}")
    args.append('info={"schemafirst": "external"}')
    return {
        "var": ctx.names.table_var(schema, name),
        "name": _lit(name),
        "sql_name": f"{schema}.{name}",
        "args": args,
    }


# --------------------------------------------------------------------------- relationships


def _plan_relationships(ctx: _Ctx, tables: list[Table]) -> None:
    """Both sides of every foreign key between mapped classes, and many-to-many pairs."""
    scopes = {key: ctx.names.class_scope(t) for key, t in ctx.classes.items()}
    for t in tables:
        key = (t.schema, t.name)
        if key in ctx.association:
            _plan_many_to_many(ctx, t, scopes)
        elif key in ctx.classes:
            for fk in t.foreign_keys:
                if (fk.ref_schema, fk.ref_table) in ctx.classes:
                    _plan_fk(ctx, t, fk, scopes)


def _snake_singular(name: str) -> str:
    return naming.identifier(naming.singularize(name), prefix="rel").lower()


def _snake_plural(name: str) -> str:
    return naming.snake_plural(naming.identifier(name, prefix="rel").lower())


def _plan_fk(ctx: _Ctx, child: Table, fk: ForeignKey, scopes: dict[Any, naming.Scope]) -> None:
    parent_key = (fk.ref_schema, fk.ref_table)
    parent = ctx.classes[parent_key]
    child_key = (child.schema, child.name)
    siblings = [f for f in child.foreign_keys if (f.ref_schema, f.ref_table) == parent_key]
    self_ref = parent_key == child_key
    ambiguous = len(siblings) > 1 or self_ref
    stem = "_".join(re.sub(r"_id$", "", c) for c in fk.columns)
    if len(fk.columns) == 1 and fk.columns[0].endswith("_id") and stem:
        many_name = stem
    elif ambiguous:
        many_name = f"{_snake_singular(parent.name)}_by_{stem}"
    else:
        many_name = _snake_singular(parent.name)
    one_to_one = child.is_key(fk.columns)
    back_name = _snake_singular(child.name) if one_to_one else _snake_plural(child.name)
    if ambiguous:
        back_name = f"{back_name}_by_{stem}"
    many_attr = naming.relationship_name(scopes[child_key], many_name)
    back_attr = naming.relationship_name(scopes[parent_key], back_name)
    child_cls = ctx.names.class_name(*child_key)
    parent_cls = ctx.names.class_name(*parent_key)
    child_attrs = ctx.names.columns(child)
    fk_list = "[" + ", ".join(f"{child_cls}.{child_attrs[c]}" for c in fk.columns) + "]"
    nullable = any(child.column(c).nullable for c in fk.columns)
    many_kw = [f"back_populates={_lit(back_attr)}"]
    back_kw = [f"back_populates={_lit(many_attr)}"]
    # SQLAlchemy also finds two join paths when the parent has a foreign key back
    # to the child (public.items <-> other.items): name the columns then too.
    parent_fks_back = any((f.ref_schema, f.ref_table) == child_key for f in parent.foreign_keys)
    if ambiguous or parent_fks_back:
        many_kw.insert(0, f"foreign_keys={_lit(fk_list)}")
        back_kw.insert(0, f"foreign_keys={_lit(fk_list)}")
    if self_ref:
        remote = ", ".join(f"{parent_cls}.{ctx.names.columns(parent)[c]}" for c in fk.ref_columns)
        many_kw.insert(0, f"remote_side={_lit('[' + remote + ']')}")
    ctx.sa("relationship", module=_ORM)
    ctx.relationships.setdefault(child_key, []).append(
        _rel(many_attr, _lit(parent_cls + (" | None" if nullable else "")), many_kw)
    )
    back_type = _lit(child_cls + " | None") if one_to_one else f"list[{_lit(child_cls)}]"
    ctx.relationships.setdefault(parent_key, []).append(_rel(back_attr, back_type, back_kw))


def _plan_many_to_many(ctx: _Ctx, t: Table, scopes: dict[Any, naming.Scope]) -> None:
    left, right = t.foreign_keys
    var = ctx.names.table_var(t.schema, t.name)
    pairs = []
    for this, other in ((left, right), (right, left)):
        other_table = ctx.classes[(other.ref_schema, other.ref_table)]
        plural = _snake_plural(other_table.name)
        scope = scopes[(this.ref_schema, this.ref_table)]
        pairs.append((this, other, naming.relationship_name(scope, plural)))
    ctx.sa("relationship", module=_ORM)
    for (this, other, attr), (_, _, back) in zip(pairs, reversed(pairs), strict=True):
        other_cls = ctx.names.class_name(other.ref_schema, other.ref_table)
        kw = [f"secondary={var}", f"back_populates={_lit(back)}"]
        ctx.relationships.setdefault((this.ref_schema, this.ref_table), []).append(
            _rel(attr, f"list[{_lit(other_cls)}]", kw)
        )


def _rel(attr: str, annotation: str, kw: list[str]) -> dict[str, str]:
    return {"attr": attr, "annotation": annotation, "args": ", ".join(kw)}
