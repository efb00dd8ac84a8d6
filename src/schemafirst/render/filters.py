"""The naming, type and escaping helpers templates get as filters (beyond base's escaping).

Every template, built-in or custom, gets the same filters; docs/templates.md
lists them. The naming filters are :mod:`schemafirst.naming`'s functions,
the type filters :mod:`schemafirst.typemap`'s and the ``typescript`` target's
mappings, the Markdown escaping the ``docs`` target's: never a second copy.
Filters that need the catalog being rendered (``class_name``,
``python_type``, ``ts_type``...) read it from :func:`bound`, which the
pipeline enters around each target's rendering: templates stay pure
functions of their context.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from schemafirst import ir, naming, typemap
from schemafirst.errors import RenderError
from schemafirst.render.docs_syntax import md_code, md_paragraph, md_text
from schemafirst.render.tanstack_syntax import camel

if TYPE_CHECKING:
    from schemafirst.render.base import RenderInputs


@dataclass(slots=True)
class _Bound:
    inputs: RenderInputs
    cache: dict[str, Any] = field(default_factory=dict)


_CURRENT: ContextVar[_Bound | None] = ContextVar("schemafirst_render_inputs", default=None)


@contextmanager
def bound(inputs: RenderInputs) -> Iterator[None]:
    """Make ``inputs`` the catalog and config the catalog-aware filters read (this thread)."""
    token = _CURRENT.set(_Bound(inputs))
    try:
        yield
    finally:
        _CURRENT.reset(token)


def _current(filter_name: str) -> _Bound:
    state = _CURRENT.get()
    if state is None:
        raise RenderError(
            f"the '{filter_name}' filter needs a catalog: render through the pipeline"
        )
    return state


def _names() -> naming.Names:
    state = _current("class_name")
    return naming.names(state.inputs.catalog, state.inputs.config)


def _table(value: Any, filter_name: str) -> ir.Table:
    if not isinstance(value, ir.Table):
        raise RenderError(f"'{filter_name}' takes a table, not {type(value).__name__}")
    return value


def class_name(table: Any) -> str:
    """The class name every target gives a table or view (``videos`` → ``Video``)."""
    t = _table(table, "class_name")
    return _names().class_name(t.schema, t.name)


def enum_name(value: Any) -> str:
    """The type name every target gives an enum (an ``Enum`` or an enum ``TypeRef``)."""
    if not isinstance(value, ir.Enum | ir.TypeRef):
        raise RenderError(f"'enum_name' takes an enum or a type, not {type(value).__name__}")
    return _names().enum_name(value.schema, value.name)


def attr_name(column: Any, table: Any) -> str:
    """The Python attribute of a column in the models and schemas: ``col|attr_name(table)``."""
    if not isinstance(column, ir.Column):
        raise RenderError(f"'attr_name' takes a column, not {type(column).__name__}")
    return _names().columns(_table(table, "attr_name"))[column.name]


def python_type(value: Any, table: Any = None) -> str:
    """A column's or type's Python annotation, no ``| None``; overrides apply given the table."""
    state = _current("python_type")
    catalog, config = state.inputs.catalog, state.inputs.config
    names = naming.names(catalog, config)
    if isinstance(value, ir.Column) and table is not None:
        t = _table(table, "python_type")
        typed = typemap.column_python_type(catalog, names, config, t.name, t.schema, value)
    else:
        typed = typemap.python_type(catalog, names, _type_of(value, "python_type"))
    return typed.expr


def sqlalchemy_type(value: Any) -> str:
    """The SQLAlchemy type expression of a column or type (``String(80)``, ``ARRAY(Text)``)."""
    state = _current("sqlalchemy_type")
    catalog = state.inputs.catalog
    names = naming.names(catalog, state.inputs.config)
    return typemap.sqlalchemy_type(catalog, names, _type_of(value, "sqlalchemy_type")).expr


def ts_type(value: Any, table: Any = None) -> str:
    """The TypeScript type ``database.ts`` gives a column or type, without ``| null``."""
    from schemafirst.render.typescript import TypeScriptTypes, column_ts_type

    state = _current("ts_type")
    types = state.cache.get("ts")
    if types is None:
        types = state.cache["ts"] = TypeScriptTypes(state.inputs.catalog)
    if isinstance(value, ir.Column) and table is not None:
        return column_ts_type(value, _table(table, "ts_type"), types, state.inputs.config)
    return str(types.ts(_type_of(value, "ts_type")))


def _type_of(value: Any, filter_name: str) -> ir.TypeRef:
    if isinstance(value, ir.Column):
        return value.type
    if isinstance(value, ir.TypeRef):
        return value
    raise RenderError(f"'{filter_name}' takes a column or a type, not {type(value).__name__}")


def sql_ident(text: str) -> str:
    """A Postgres identifier, always double-quoted (``order`` → ``"order"``)."""
    return '"' + str(text).replace('"', '""') + '"'


def sql_str(text: str) -> str:
    """A standard SQL string literal (``'it''s'``); NUL, which Postgres text cannot hold, goes."""
    return "'" + str(text).replace("\x00", "").replace("'", "''") + "'"


FILTERS: dict[str, Callable[..., Any]] = {
    "pascal": naming.pascal_case,
    "camel": camel,
    "snake": naming.snake_case,
    "singular": naming.singularize,
    "plural": naming.snake_plural,
    "class_name": class_name,
    "enum_name": enum_name,
    "attr_name": attr_name,
    "python_type": python_type,
    "sqlalchemy_type": sqlalchemy_type,
    "ts_type": ts_type,
    "sql_ident": sql_ident,
    "sql_str": sql_str,
    "md_text": md_text,
    "md_paragraph": md_paragraph,
    "md_code": md_code,
}
