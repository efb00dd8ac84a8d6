"""Postgres types → Python types, SQLAlchemy type expressions and Pydantic annotations.

The maps are dict constants keyed by ``pg_type.typname`` (``int4``,
``timestamptz``...); functions here only resolve domains to their base type,
wrap arrays and apply config overrides. Every result carries the imports it
needs as :data:`Import` pairs, so a renderer imports exactly what it uses:
``("datetime", None)`` is ``import datetime``, ``("sqlalchemy", "Text")`` is
``from sqlalchemy import Text``, ``(".enums", "Mood")`` a local import.

Names that are not imports but module-level definitions of the generated code
(``PgType`` for types SQLAlchemy has no class for, ``RangeOf`` for ranges in
Pydantic) are reserved in :mod:`schemafirst.reserved` and emitted by the
renderers when :attr:`Typed.helpers` says so.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from schemafirst.config import Config
    from schemafirst.ir import Catalog, Column, Domain, TypeRef
    from schemafirst.naming import Names

Import = tuple[str, str | None]

_SA = "sqlalchemy"
_PG = "sqlalchemy.dialects.postgresql"

# typname -> (Python type, its imports). Extension types (citext) match by name.
PYTHON_TYPES: dict[str, tuple[str, tuple[Import, ...]]] = {
    "bool": ("bool", ()),
    "int2": ("int", ()),
    "int4": ("int", ()),
    "int8": ("int", ()),
    "oid": ("int", ()),
    "float4": ("float", ()),
    "float8": ("float", ()),
    "numeric": ("decimal.Decimal", (("decimal", None),)),
    "money": ("str", ()),
    "text": ("str", ()),
    "varchar": ("str", ()),
    "bpchar": ("str", ()),
    "char": ("str", ()),
    "name": ("str", ()),
    "citext": ("str", ()),
    "xml": ("str", ()),
    "bit": ("str", ()),
    "varbit": ("str", ()),
    "tsvector": ("str", ()),
    "tsquery": ("str", ()),
    "macaddr": ("str", ()),
    "macaddr8": ("str", ()),
    # SQLAlchemy's psycopg/asyncpg dialects return INET/CIDR as str by default.
    "inet": ("str", ()),
    "cidr": ("str", ()),
    "uuid": ("uuid.UUID", (("uuid", None),)),
    "date": ("datetime.date", (("datetime", None),)),
    "time": ("datetime.time", (("datetime", None),)),
    "timetz": ("datetime.time", (("datetime", None),)),
    "timestamp": ("datetime.datetime", (("datetime", None),)),
    "timestamptz": ("datetime.datetime", (("datetime", None),)),
    "interval": ("datetime.timedelta", (("datetime", None),)),
    "bytea": ("bytes", ()),
    "json": ("Any", (("typing", "Any"),)),
    "jsonb": ("Any", (("typing", "Any"),)),
}

# Pydantic differs from the plain Python type for these.
PYDANTIC_TYPES: dict[str, tuple[str, tuple[Import, ...]]] = {
    "timestamptz": ("AwareDatetime", (("pydantic", "AwareDatetime"),)),
    "json": ("JsonValue", (("pydantic", "JsonValue"),)),
    "jsonb": ("JsonValue", (("pydantic", "JsonValue"),)),
    "inet": ("IPvAnyInterface", (("pydantic", "IPvAnyInterface"),)),
    "cidr": ("IPvAnyNetwork", (("pydantic", "IPvAnyNetwork"),)),
}

# Range typname -> element typname (multiranges map to their range).
RANGES: dict[str, str] = {
    "int4range": "int4",
    "int8range": "int8",
    "numrange": "numeric",
    "daterange": "date",
    "tsrange": "timestamp",
    "tstzrange": "timestamptz",
}
MULTIRANGES: dict[str, str] = {
    "int4multirange": "int4range",
    "int8multirange": "int8range",
    "nummultirange": "numrange",
    "datemultirange": "daterange",
    "tsmultirange": "tsrange",
    "tstzmultirange": "tstzrange",
}

# typname -> (SQLAlchemy class, module); the call's arguments come from _sa_args.
SQLALCHEMY_TYPES: dict[str, tuple[str, str]] = {
    "bool": ("Boolean", _SA),
    "int2": ("SmallInteger", _SA),
    "int4": ("Integer", _SA),
    "int8": ("BigInteger", _SA),
    "float4": ("REAL", _SA),
    "float8": ("Double", _SA),
    "numeric": ("Numeric", _SA),
    "text": ("Text", _SA),
    "varchar": ("String", _SA),
    "bpchar": ("CHAR", _SA),
    "uuid": ("Uuid", _SA),
    "date": ("Date", _SA),
    "time": ("TIME", _PG),
    "timetz": ("TIME", _PG),
    "timestamp": ("TIMESTAMP", _PG),
    "timestamptz": ("TIMESTAMP", _PG),
    "interval": ("Interval", _SA),
    "bytea": ("LargeBinary", _SA),
    "json": ("JSON", _PG),
    "jsonb": ("JSONB", _PG),
    "inet": ("INET", _PG),
    "cidr": ("CIDR", _PG),
    "macaddr": ("MACADDR", _PG),
    "macaddr8": ("MACADDR8", _PG),
    "money": ("MONEY", _PG),
    "oid": ("OID", _PG),
    "tsvector": ("TSVECTOR", _PG),
    "tsquery": ("TSQUERY", _PG),
    "citext": ("CITEXT", _PG),
    "bit": ("BIT", _PG),
    "varbit": ("BIT", _PG),
    **{name: (name.upper(), _PG) for name in (*RANGES, *MULTIRANGES)},
}
# Generic classes we prefer when the type has no precision to carry.
_PLAIN_TIME_TYPES = {
    "time": "Time",
    "timetz": "Time",
    "timestamp": "DateTime",
    "timestamptz": "DateTime",
}
_TIMEZONE = {"timetz", "timestamptz"}


@dataclass(frozen=True, slots=True)
class Typed:
    """A type expression (Python annotation or SQLAlchemy type) and what it needs."""

    expr: str
    imports: frozenset[Import] = frozenset()
    helpers: frozenset[str] = field(default_factory=frozenset)


def resolve(catalog: Catalog, ref: TypeRef) -> TypeRef:
    """``ref`` with domains replaced by their base type (array dimensions add up)."""
    from dataclasses import replace

    seen = 0
    while ref.kind == "domain" and seen < 32:
        domain = catalog.domain(ref.schema, ref.name)
        if domain is None:
            break
        base = domain.base
        ref = replace(base, array_dimensions=base.array_dimensions + ref.array_dimensions)
        seen += 1
    return ref


def text_width(text: str) -> int:
    """Display width as ruff measures line length (wide East Asian characters count 2)."""
    if text.isascii():
        return len(text)
    return sum(
        0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
        for c in text
    )


def py_literal(text: str, *, width: int = 60) -> str:
    """A Python string literal for any text, split into implicitly joined parts when long.

    Generated lines must stay under ruff's line length (E501), and a database
    comment or expression has no length limit.
    """
    from schemafirst.render.base import py_str

    whole = py_str(text)
    if text_width(whole) <= width:
        return whole
    parts: list[str] = []
    chunk = ""
    for ch in text:
        if chunk and text_width(py_str(chunk + ch)) > width:
            parts.append(py_str(chunk))
            chunk = ""
        chunk += ch
    parts.append(py_str(chunk))
    return "(" + " ".join(parts) + ")"


def quote_ident(name: str) -> str:
    """A Postgres identifier, double-quoted when it is not a plain lower-case name."""
    if name.isidentifier() and name.isascii() and name == name.lower():
        return name
    return '"' + name.replace('"', '""') + '"'


def qualified_type(ref: TypeRef) -> str:
    """The SQL name of a type, schema-qualified outside pg_catalog."""
    name = quote_ident(ref.name)
    return name if ref.schema == "pg_catalog" else f"{quote_ident(ref.schema)}.{name}"


def _wrap_list(typed: Typed, dims: int, *, nullable_items: bool = False) -> Typed:
    expr = f"{typed.expr} | None" if nullable_items and dims else typed.expr
    for _ in range(dims):
        expr = f"list[{expr}]"
    return Typed(expr, typed.imports, typed.helpers)


def python_type(catalog: Catalog, names: Names, ref: TypeRef, *, pydantic: bool = False) -> Typed:
    """The Python annotation of a value of ``ref`` (without ``| None``).

    Postgres arrays may hold NULLs whatever the column's nullability, so the
    Pydantic models, which validate real rows, accept ``None`` items.
    """
    base = resolve(catalog, ref)
    scalar = _scalar_python(catalog, names, base, pydantic=pydantic)
    return _wrap_list(scalar, base.array_dimensions, nullable_items=pydantic)


def _scalar_python(catalog: Catalog, names: Names, ref: TypeRef, *, pydantic: bool) -> Typed:
    if ref.kind == "enum" and catalog.enum(ref.schema, ref.name) is not None:
        cls = names.enum_name(ref.schema, ref.name)
        return Typed(cls, frozenset({(".enums", cls)}))
    if ref.kind == "composite" and catalog.composite_type(ref.schema, ref.name) is not None:
        if pydantic:
            return Typed(names.composite_name(ref.schema, ref.name))
        return Typed("dict[str, Any]", frozenset({("typing", "Any")}))
    if ref.name in MULTIRANGES or ref.name in RANGES:
        return _range_python(catalog, names, ref, pydantic=pydantic)
    if pydantic and ref.name in PYDANTIC_TYPES:
        expr, imports = PYDANTIC_TYPES[ref.name]
    elif ref.name in PYTHON_TYPES:
        expr, imports = PYTHON_TYPES[ref.name]
    else:
        return Typed("Any", frozenset({("typing", "Any")}))
    typed = Typed(expr, frozenset(imports))
    return _constrained(typed, ref) if pydantic else typed


def _range_python(catalog: Catalog, names: Names, ref: TypeRef, *, pydantic: bool) -> Typed:
    range_name = MULTIRANGES.get(ref.name, ref.name)
    element = PYDANTIC_TYPES.get(RANGES[range_name]) if pydantic else None
    expr, imports = element or PYTHON_TYPES[RANGES[range_name]]
    if pydantic:
        typed = Typed(f"RangeOf[{expr}]", frozenset(imports), frozenset({"RangeOf"}))
    else:
        typed = Typed(f"Range[{expr}]", frozenset({*imports, (_PG, "Range")}))
    return _wrap_list(typed, 1) if ref.name in MULTIRANGES else typed


def _constrained(typed: Typed, ref: TypeRef) -> Typed:
    """Pydantic constraints carried by the type: varchar(n) length, numeric(p, s) digits."""
    args: list[str] = []
    if ref.name in ("varchar", "bpchar") and ref.length is not None:
        args.append(f"max_length={ref.length}")
    if ref.name == "numeric" and ref.precision is not None:
        args.append(f"max_digits={ref.precision}")
        args.append(f"decimal_places={ref.scale or 0}")
    if not args:
        return typed
    imports = typed.imports | {("typing", "Annotated"), ("pydantic", "Field")}
    return Typed(f"Annotated[{typed.expr}, Field({', '.join(args)})]", imports, typed.helpers)


def column_nullable(catalog: Catalog, col: Column) -> bool:
    """Whether a column admits NULL: a NOT NULL domain forbids it as surely as NOT NULL."""
    return col.nullable and not domain_not_null(catalog, col.type)


def domain_not_null(catalog: Catalog, ref: TypeRef) -> bool:
    """True when ``ref`` is a (chain of) domain(s) declared NOT NULL."""
    seen = 0
    while ref.kind == "domain" and not ref.is_array and seen < 32:
        domain = catalog.domain(ref.schema, ref.name)
        if domain is None:
            return False
        if not domain.nullable:
            return True
        ref, seen = domain.base, seen + 1
    return False


def sqlalchemy_type(catalog: Catalog, names: Names, ref: TypeRef) -> Typed:
    """The SQLAlchemy type of ``ref``: ``ARRAY(String(20))``, ``ENUM(...)``, ``DOMAIN(...)``."""
    domain = catalog.domain(ref.schema, ref.name) if ref.kind == "domain" else None
    if domain is not None:
        scalar = _domain_sqlalchemy(catalog, names, domain)
        base = ref
    else:
        base = resolve(catalog, ref)
        scalar = _scalar_sqlalchemy(catalog, names, base)
    if not base.is_array:
        return scalar
    dims = f", dimensions={base.array_dimensions}" if base.array_dimensions > 1 else ""
    imports = scalar.imports | {(_PG, "ARRAY")}
    return Typed(f"ARRAY({scalar.expr}{dims})", imports, scalar.helpers)


def _domain_sqlalchemy(catalog: Catalog, names: Names, domain: Domain) -> Typed:
    """``DOMAIN(...)``: reflection sees the domain, and create_all can recreate it.

    SQLAlchemy's DOMAIN holds one CHECK; a domain with several gets them joined
    with AND under the first one's name.
    """
    base = sqlalchemy_type(catalog, names, domain.base)
    args = [py_literal(domain.name), base.expr]
    if domain.schema != "public":
        args.append(f"schema={py_literal(domain.schema)}")
    if not domain.nullable:
        args.append("not_null=True")
    if domain.default is not None:
        args.append(f"default={py_literal(domain.default)}")
    if domain.checks:
        expression = " AND ".join(c.expression for c in domain.checks)
        args.append(f"constraint_name={py_literal(domain.checks[0].name)}")
        args.append(f"check={py_literal(expression)}")
    imports = base.imports | {(_PG, "DOMAIN")}
    return Typed(f"DOMAIN({', '.join(args)})", imports, base.helpers)


def _scalar_sqlalchemy(catalog: Catalog, names: Names, ref: TypeRef) -> Typed:
    from schemafirst.render.base import py_str

    if ref.kind == "enum" and catalog.enum(ref.schema, ref.name) is not None:
        cls = names.enum_name(ref.schema, ref.name)
        schema = "" if ref.schema == "public" else f", schema={py_str(ref.schema)}"
        expr = f"ENUM({cls}, name={py_str(ref.name)}{schema}, values_callable=enum_values)"
        return Typed(expr, frozenset({(_PG, "ENUM"), (".enums", cls), (".enums", "enum_values")}))
    if ref.kind == "composite" and (comp := catalog.composite_type(ref.schema, ref.name)):
        fields = ", ".join(py_str(a.name) for a in comp.attributes)
        fields = f"({fields},)" if len(comp.attributes) == 1 else f"({fields})"
        expr = f"PgType({py_literal(qualified_type(ref))}, {fields})"
        return Typed(expr, frozenset(), frozenset({"PgType"}))
    if ref.name not in SQLALCHEMY_TYPES or (ref.schema not in ("pg_catalog", "public")):
        return Typed(
            f"PgType({py_literal(qualified_type(ref))})", frozenset(), frozenset({"PgType"})
        )
    return _builtin_sqlalchemy(ref)


def _builtin_sqlalchemy(ref: TypeRef) -> Typed:
    cls, module = SQLALCHEMY_TYPES[ref.name]
    args: list[str] = []
    if ref.name in _PLAIN_TIME_TYPES and ref.precision is None:
        cls, module = _PLAIN_TIME_TYPES[ref.name], _SA
    if ref.name in _TIMEZONE:
        args.append("timezone=True")
    if ref.name in _PLAIN_TIME_TYPES and ref.precision is not None:
        args.append(f"precision={ref.precision}")
    if ref.name == "numeric" and ref.precision is not None:
        args += [str(ref.precision), str(ref.scale or 0)]
    if ref.name in ("varchar", "bpchar", "bit", "varbit") and ref.length is not None:
        args.append(str(ref.length))
    if ref.name == "varbit":
        args.append("varying=True")
    expr = f"{cls}({', '.join(args)})" if args else cls
    return Typed(expr, frozenset({(module, cls)}))


def column_python_type(
    catalog: Catalog,
    names: Names,
    config: Config,
    table: str,
    schema: str,
    col: Column,
    *,
    pydantic: bool = False,
) -> Typed:
    """The annotation of a column (without ``| None``): override, json shape or mapped type."""
    override = config.override(schema, table, col.name)
    if override is not None and override.python:
        return Typed(override.python, frozenset(_parse_imports(override.python_imports)))
    base = resolve(catalog, col.type)
    if not pydantic and base.name in ("json", "jsonb") and not base.is_array:
        return _json_shape(col.default)
    return python_type(catalog, names, col.type, pydantic=pydantic)


def _json_shape(default: str | None) -> Typed:
    # A '{}' or '[]' default says what the column holds; anything else may be any JSON.
    any_import = frozenset({("typing", "Any")})
    if default and default.startswith("'{"):
        return Typed("dict[str, Any]", any_import)
    if default and default.startswith("'["):
        return Typed("list[Any]", any_import)
    return Typed("Any", any_import)


def _parse_imports(lines: tuple[str, ...]) -> list[Import]:
    """Config ``python_imports``: ``"from x import y"``, ``"import x"`` or dotted ``"x.y"``."""
    out: list[Import] = []
    for line in lines:
        parts = line.split()
        if len(parts) >= 4 and parts[0] == "from" and parts[2] == "import":
            out += [(parts[1], name.strip(",")) for name in parts[3:] if name.strip(",")]
        elif len(parts) == 2 and parts[0] == "import":
            out.append((parts[1], None))
        elif "." in line:
            module, _, name = line.rpartition(".")
            out.append((module, name))
        elif line:
            out.append((line, None))
    return out


STDLIB = frozenset({"collections", "datetime", "decimal", "enum", "ipaddress", "typing", "uuid"})


def import_lines(imports: frozenset[Import] | set[Import]) -> list[str]:
    """Import statements in isort/ruff order: stdlib, third-party, local; a blank line between."""
    sections: list[list[str]] = []
    for section in _sections(imports):
        plain = sorted({m for m, n in section if n is None})
        lines = [f"import {m}" for m in plain]
        for module in sorted({m for m, n in section if n is not None}):
            members = sorted({n for m, n in section if m == module and n}, key=_member_key)
            lines.append(f"from {module} import {', '.join(members)}")
        sections.append(lines)
    out: list[str] = []
    for lines in sections:
        if lines:
            out += [*([""] if out else []), *lines]
    return out


def _sections(imports: frozenset[Import] | set[Import]) -> list[list[Import]]:
    std = [i for i in imports if i[0].split(".")[0] in STDLIB]
    local = [i for i in imports if i[0].startswith(".")]
    third = [i for i in imports if i not in std and i not in local]
    return [std, third, local]


def _member_key(name: str) -> tuple[int, str]:
    # isort's order-by-type: CONSTANTS, then Classes, then functions/variables.
    if name.isupper() and len(name) > 1:
        return (0, name)
    if name[:1].isupper():
        return (1, name)
    return (2, name)
