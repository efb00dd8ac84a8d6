"""The ``pydantic`` target: Pydantic v2 models per table and view (``schemas.py``).

Per relation, three models (view models only when the view accepts writes):

- ``<Class>Row``: every column, with its exact nullability — what a ``select``
  returns; ``from_attributes=True`` so ``Row.model_validate(orm_object)``
  reads a SQLAlchemy instance of the ``sqlalchemy`` target (same attribute
  names, decided by :mod:`schemafirst.naming`);
- ``<Class>Insert``: columns with a default, an identity or NULL allowed are
  optional; generated and ``GENERATED ALWAYS`` identity columns, and view
  columns that cannot be written (expressions), are left out;
- ``<Class>Update``: every writable column optional.

Columns whose name is not a usable attribute keep it as ``Field(alias=...)``
with ``populate_by_name``. Composite types become nested models, ranges a
generic ``RangeOf[T]`` that reads SQLAlchemy's ``Range`` by attribute. Models
use ``defer_build`` so importing thousands of them stays fast; their schema
is built on first use. Enums come from the shared ``enums.py``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from schemafirst import naming, typemap
from schemafirst.format import docstring
from schemafirst.render.base import Plan, RenderInputs, render_template
from schemafirst.render.sqlalchemy import finish, package_dir, package_files

if TYPE_CHECKING:
    from schemafirst.config import Config
    from schemafirst.ir import Catalog, Column, Table

NAME = "pydantic"
NEEDS_API = False

_lit = typemap.py_literal


def render(inputs: RenderInputs) -> Plan:
    """``schemas.py`` plus the shared package files."""
    context = build_context(inputs.catalog, inputs.config)
    folder = package_dir(inputs.config, NAME)
    files = package_files(inputs, NAME)
    files[f"{folder}/schemas.py"] = render_template(
        "pydantic/schemas.py.j2", context, user_dir=inputs.config.templates_dir
    )
    del context  # not kept alive while ruff formats (the pipeline renders the next target)
    return finish(files)


class _Ctx:
    def __init__(self, catalog: Catalog, config: Config) -> None:
        self.catalog = catalog
        self.config = config
        self.names = naming.names(catalog, config)
        self.imports: set[typemap.Import] = set()
        self.helpers: set[str] = set()

    def use(self, typed: typemap.Typed) -> str:
        self.imports.update(typed.imports)
        self.helpers.update(typed.helpers)
        return typed.expr


def build_context(catalog: Catalog, config: Config) -> dict[str, Any]:
    """The view model of ``schemas.py``."""
    ctx = _Ctx(catalog, config)
    composites = [_composite_view(ctx, c) for c in sorted(catalog.composite_types, key=_key)]
    models: list[dict[str, Any]] = []
    for t in sorted(catalog.tables, key=_key):
        models += _table_models(ctx, t)
    if "RangeOf" in ctx.helpers:
        ctx.imports.update({("typing", "Generic"), ("typing", "TypeVar")})
    if models or composites or "RangeOf" in ctx.helpers:  # not for an empty schema: ruff F401
        ctx.imports.update({("pydantic", "BaseModel"), ("pydantic", "ConfigDict")})
    return {
        "schemas": ", ".join(catalog.schemas),
        # Wrapped: schema names have no length limit, generated lines do (E501).
        "module_doc": docstring(
            f"Pydantic v2 models of the schemas {', '.join(catalog.schemas)}: "
            "Row, Insert and Update per relation.",
            94,
        ),
        "imports": typemap.import_lines(ctx.imports),
        "range_helper": "RangeOf" in ctx.helpers,
        "composites": composites,
        "models": models,
    }


def _key(item: Any) -> tuple[str, str]:
    return (item.schema, item.name)


def _field(
    ctx: _Ctx, attr: str, name: str, annotation: str, *, optional: bool, comment: str | None
) -> dict[str, str]:
    """One field line: ``attr: annotation`` and its default / ``Field(...)``."""
    args = ["default=None"] if optional else []
    if attr != name:
        # The attribute name first: on an ORM object the column's own name may be
        # something else entirely (``metadata`` is the MetaData of the class).
        ctx.imports.add(("pydantic", "AliasChoices"))
        args.append(f"alias={_lit(name)}")
        args.append(f"validation_alias=AliasChoices({_lit(attr)}, {_lit(name)})")
    if comment:
        args.append(f"description={_lit(comment)}")
    if optional and len(args) == 1:
        value = "None"
    elif args:
        ctx.imports.add(("pydantic", "Field"))
        value = f"Field({', '.join(args)})"
    else:
        value = ""
    if optional and not annotation.endswith("| None"):
        annotation += " | None"
    return {"attr": attr, "annotation": annotation, "value": value}


def _composite_view(ctx: _Ctx, comp: Any) -> dict[str, Any]:
    fields_by_name = ctx.names.composite_fields(comp.schema, comp.name)
    fields = []
    for a in comp.attributes:
        annotation = ctx.use(typemap.python_type(ctx.catalog, ctx.names, a.type, pydantic=True))
        fields.append(
            _field(ctx, fields_by_name[a.name], a.name, annotation, optional=True, comment=None)
        )
    return {
        "name": ctx.names.composite_name(comp.schema, comp.name),
        "doc": docstring(comp.comment or f"The composite type {comp.schema}.{comp.name}."),
        "fields": fields,
    }


def _writable(col: Column) -> bool:
    # A view column that is an expression (not updatable) takes no writes either.
    return col.generated is None and col.identity != "always" and col.updatable


def _has_default(ctx: _Ctx, col: Column) -> bool:
    if col.default is not None or col.identity is not None or col.nullable:
        return True
    # A domain's own default applies when the column has none.
    ref = col.type
    while ref.kind == "domain" and (domain := ctx.catalog.domain(ref.schema, ref.name)):
        if domain.default is not None:
            return True
        ref = domain.base
    return False


def _table_models(ctx: _Ctx, t: Table) -> list[dict[str, Any]]:
    """Row, and Insert/Update when the relation accepts them."""
    attrs = ctx.names.columns(t)
    cls = ctx.names.class_name(t.schema, t.name)
    types = {
        c.name: ctx.use(
            typemap.column_python_type(
                ctx.catalog, ctx.names, ctx.config, t.name, t.schema, c, pydantic=True
            )
        )
        for c in t.columns
    }
    doc = f"A row of {t.schema}.{t.name}" + (f": {t.comment}" if t.comment else ".")
    row = [
        _field(
            ctx,
            attrs[c.name],
            c.name,
            types[c.name] + (" | None" if typemap.column_nullable(ctx.catalog, c) else ""),
            optional=False,
            comment=c.comment,
        )
        for c in t.columns
    ]
    models = [{"name": cls + "Row", "doc": docstring(doc), "fields": row}]
    views_ok = t.kind != "materialized_view"
    writable = [c for c in t.columns if _writable(c)]
    if views_ok and t.insertable and writable:
        insert = [
            _field(
                ctx,
                attrs[c.name],
                c.name,
                types[c.name] + (" | None" if typemap.column_nullable(ctx.catalog, c) else ""),
                optional=_has_default(ctx, c),
                comment=c.comment,
            )
            for c in writable
        ]
        models.append(
            {"name": cls + "Insert", "doc": f"A new row for {t.schema}.{t.name}.", "fields": insert}
        )
    if views_ok and t.updatable and writable:
        update = [
            _field(ctx, attrs[c.name], c.name, types[c.name], optional=True, comment=c.comment)
            for c in writable
        ]
        models.append(
            {
                "name": cls + "Update",
                "doc": f"Changes to a row of {t.schema}.{t.name}.",
                "fields": update,
            }
        )
    return models
