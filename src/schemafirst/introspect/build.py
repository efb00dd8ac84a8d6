"""Catalog rows → IR: the only reader of the rows :func:`queries.fetch_rows` returns.

Everything Postgres encodes (relkind and typtype letters, typmods, argument
modes, update bit flags, generated kinds, the view-column origins) is decoded
here, with dict constants rather than branches, and the IR ordering rules are
applied here: tables and types by (schema, name), columns by ordinal,
constraints, indexes and policies by name, functions by (schema, name,
identity arguments).
Rows never leave this package (STYLE rule 5).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Any, NamedTuple, TypeVar

from schemafirst import ir
from schemafirst.introspect.queries import Row

Key = tuple[str, str]
ColumnKey = tuple[str, str, str]
_Named = TypeVar("_Named", ir.Enum, ir.CompositeType, ir.Domain)

_TYPE_KINDS: dict[str, ir.TypeKind] = {
    "b": "base",
    "e": "enum",
    "d": "domain",
    "c": "composite",
    "r": "range",
    "m": "multirange",
    "p": "pseudo",
}
_TABLE_KINDS: dict[str, ir.TableKind] = {
    "r": "table",
    "v": "view",
    "m": "materialized_view",
    "p": "partitioned_table",
    "f": "foreign_table",
}
_FK_ACTIONS: dict[str, ir.FkAction] = {
    "a": "no action",
    "r": "restrict",
    "c": "cascade",
    "n": "set null",
    "d": "set default",
}
_IDENTITY: dict[str, ir.IdentityKind] = {"a": "always", "d": "by default"}
_POLICY_COMMANDS: dict[str, Any] = {
    "*": "ALL",
    "r": "SELECT",
    "a": "INSERT",
    "w": "UPDATE",
    "d": "DELETE",
}
_ARGUMENT_MODES: dict[str, Any] = {
    "i": "in",
    "o": "out",
    "b": "inout",
    "v": "variadic",
    "t": "table",
}
_VOLATILITY: dict[str, Any] = {"i": "immutable", "s": "stable", "v": "volatile"}
_FUNCTION_KINDS: dict[str, Any] = {"f": "function", "p": "procedure"}
# pronargdefaults counts trailing arguments among these (OUT/TABLE take no input).
_INPUT_MODES = frozenset({"i", "b", "v"})
# Arguments that are columns of the result: their function returns rows of them.
_RESULT_MODES = frozenset({"o", "b", "t"})
# pg_relation_is_updatable() bits (1 << CMD_INSERT, 1 << CMD_UPDATE).
_INSERT_BIT, _UPDATE_BIT = 8, 4
_VIRTUAL = "v"  # attgenerated of a VIRTUAL generated column ('s' is STORED)


class _Modifier(NamedTuple):
    """What a typmod says: a length, or a precision and scale."""

    length: int | None = None
    precision: int | None = None
    scale: int | None = None


_VARHDRSZ = 4  # typmods of char/varchar/numeric count a 4-byte varlena header
_FULL_INTERVAL_PRECISION = 0xFFFF


def _char_modifier(typmod: int) -> _Modifier:
    return _Modifier(length=typmod - _VARHDRSZ)


def _bit_modifier(typmod: int) -> _Modifier:
    return _Modifier(length=typmod)


def _numeric_modifier(typmod: int) -> _Modifier:
    # Scale is an 11-bit signed field since Postgres 15 (numeric(3, -2)).
    packed = typmod - _VARHDRSZ
    return _Modifier(precision=(packed >> 16) & 0xFFFF, scale=((packed & 0x7FF) ^ 1024) - 1024)


def _time_modifier(typmod: int) -> _Modifier:
    return _Modifier(precision=typmod)


def _interval_modifier(typmod: int) -> _Modifier:
    # The high half holds the field restriction (DAY TO SECOND...), not a fact we keep.
    precision = typmod & 0xFFFF
    return _Modifier(precision=None if precision == _FULL_INTERVAL_PRECISION else precision)


# Built-in types whose typmod carries facts; every other typmod is opaque.
_MODIFIERS: dict[str, Callable[[int], _Modifier]] = {
    "bpchar": _char_modifier,
    "varchar": _char_modifier,
    "bit": _bit_modifier,
    "varbit": _bit_modifier,
    "numeric": _numeric_modifier,
    "time": _time_modifier,
    "timetz": _time_modifier,
    "timestamp": _time_modifier,
    "timestamptz": _time_modifier,
    "interval": _interval_modifier,
}


def _type_of(row: Mapping[str, Any]) -> ir.TypeRef:
    """The TypeRef of a row's ``type_*`` fields (element type for arrays)."""
    return _cached_type_ref(
        row["type_schema"],
        row["type_name"],
        row["type_kind"],
        row["type_display"],
        row["type_dimensions"],
        row["type_modifier"],
    )


# Thousands of columns share a handful of types; TypeRefs are frozen, so one
# instance per distinct type serves them all (a third of build time at 10,000
# columns otherwise).
@lru_cache(maxsize=4096)
def _cached_type_ref(
    schema: str, name: str, kind: str, display: str, dimensions: int, typmod: int
) -> ir.TypeRef:
    decode = _MODIFIERS.get(name) if schema == "pg_catalog" else None
    modifier = decode(typmod) if decode is not None and typmod >= 0 else _Modifier()
    return ir.TypeRef(
        schema=schema,
        name=name,
        kind=_TYPE_KINDS[kind],
        display=display,
        array_dimensions=dimensions,
        length=modifier.length,
        precision=modifier.precision,
        scale=modifier.scale,
    )


def build_catalog(rows: Mapping[str, list[Row]], schemas: Sequence[str]) -> ir.Catalog:
    """The IR of the rows :func:`queries.fetch_rows` read for ``schemas``."""
    return ir.Catalog(
        schemas=tuple(sorted(set(schemas))),
        tables=_tables(rows),
        enums=_sorted_by_name(_enum(r) for r in rows["enums"]),
        composite_types=_sorted_by_name(_composite_type(r) for r in rows["composite_types"]),
        domains=_sorted_by_name(_domain(r) for r in rows["domains"]),
        functions=tuple(
            sorted(
                (_function(r) for r in rows["functions"]),
                key=lambda f: (f.schema, f.name, f.identity_arguments),
            )
        ),
    )


def _sorted_by_name(items: Iterable[_Named]) -> tuple[_Named, ...]:
    return tuple(sorted(items, key=lambda item: (item.schema, item.name)))


def _by_table(rows: Iterable[Row]) -> dict[Key, list[Row]]:
    groups: dict[Key, list[Row]] = defaultdict(list)
    for row in rows:
        groups[(row["schema"], row["table_name"])].append(row)
    return groups


# --- relations ---------------------------------------------------------------


def _tables(rows: Mapping[str, list[Row]]) -> tuple[ir.Table, ...]:
    columns = _by_table(rows["columns"])
    constraints = _by_table(rows["constraints"])
    indexes = _by_table(rows["indexes"])
    policies = _by_table(rows["policies"])
    origins = _origins(rows["view_column_origins"])
    tables = []
    for rel in rows["relations"]:
        key = (rel["schema"], rel["name"])
        events: int = rel["updatable_events"]
        tables.append(
            ir.Table(
                schema=rel["schema"],
                name=rel["name"],
                kind=_TABLE_KINDS[rel["relkind"]],
                columns=_columns(columns.get(key, []), origins),
                **_constraints(constraints.get(key, [])),
                indexes=tuple(_index(r) for r in sorted(indexes.get(key, []), key=_name)),
                policies=tuple(_policy(r) for r in sorted(policies.get(key, []), key=_name)),
                rls_enabled=rel["rls_enabled"],
                rls_forced=rel["rls_forced"],
                insertable=bool(events & _INSERT_BIT),
                updatable=bool(events & _UPDATE_BIT),
                view_definition=rel["view_definition"],
                comment=rel["comment"],
            )
        )
    return tuple(sorted(tables, key=lambda t: (t.schema, t.name)))


def _name(row: Row) -> str:
    name: str = row["name"]
    return name


class _Origins(NamedTuple):
    """What ``view_column_origins.sql`` says about view columns."""

    sources: dict[ColumnKey, ColumnKey]  # view column -> the column it references
    not_null: set[ColumnKey]  # view columns proven NOT NULL


def _origins(rows: Iterable[Row]) -> _Origins:
    """Each view column's source, and the view columns proven NOT NULL.

    A reference proves NOT NULL only in a view flagged ``simple`` (one base
    relation, no joins, set operations or aggregates that could null it
    out). A base column may itself belong to a view, so proofs are chained
    until nothing changes (a view of a view of a table).
    """
    sources: dict[ColumnKey, ColumnKey] = {}
    simple: list[tuple[ColumnKey, ColumnKey, bool]] = []
    for row in rows:
        key = (row["schema"], row["table_name"], row["name"])
        base = (row["base_schema"], row["base_table"], row["base_column"])
        sources[key] = base
        if row["simple"]:
            simple.append((key, base, row["base_not_null"]))
    proven: set[ColumnKey] = set()
    while True:
        newly = {key for key, base, not_null in simple if not_null or base in proven} - proven
        if not newly:
            return _Origins(sources, proven)
        proven |= newly


def _columns(rows: list[Row], origins: _Origins) -> tuple[ir.Column, ...]:
    # Ordinals count live columns in attnum order, so dropped ones leave no gap.
    ordered = sorted(rows, key=lambda row: int(row["attnum"]))
    return tuple(_column(row, ordinal, origins) for ordinal, row in enumerate(ordered, start=1))


def _column(row: Row, ordinal: int, origins: _Origins) -> ir.Column:
    key = (row["schema"], row["table_name"], row["name"])
    return ir.Column(
        name=row["name"],
        ordinal=ordinal,
        type=_type_of(row),
        nullable=row["nullable"] and key not in origins.not_null,
        default=row["default"],
        identity=_IDENTITY.get(row["identity"]),
        generated=row["generated"],
        generated_stored=row["generated_kind"] != _VIRTUAL,
        updatable=row["updatable"],
        source=origins.sources.get(key),
        comment=row["comment"],
    )


def _constraints(rows: list[Row]) -> dict[str, Any]:
    """Table keyword arguments: primary_key, unique, foreign and check constraints."""
    by_type: dict[str, list[Any]] = defaultdict(list)
    for row in sorted(rows, key=_name):
        by_type[row["type"]].append(_CONSTRAINTS[row["type"]](row))
    primary_keys = by_type["p"]
    return {
        "primary_key": primary_keys[0] if primary_keys else None,
        "unique_constraints": tuple(by_type["u"]),
        "foreign_keys": tuple(by_type["f"]),
        "check_constraints": tuple(by_type["c"]),
    }


def _primary_key(row: Row) -> ir.PrimaryKey:
    return ir.PrimaryKey(name=row["name"], columns=tuple(row["columns"]))


def _unique(row: Row) -> ir.UniqueConstraint:
    return ir.UniqueConstraint(
        name=row["name"],
        columns=tuple(row["columns"]),
        nulls_not_distinct=row["nulls_not_distinct"],
        deferrable=row["deferrable"],
        initially_deferred=row["initially_deferred"],
    )


def _foreign_key(row: Row) -> ir.ForeignKey:
    return ir.ForeignKey(
        name=row["name"],
        columns=tuple(row["columns"]),
        ref_schema=row["ref_schema"],
        ref_table=row["ref_table"],
        ref_columns=tuple(row["ref_columns"]),
        on_delete=_FK_ACTIONS[row["on_delete"]],
        on_update=_FK_ACTIONS[row["on_update"]],
        deferrable=row["deferrable"],
        initially_deferred=row["initially_deferred"],
        match_full=row["match_type"] == "f",
    )


def _check(row: Row) -> ir.CheckConstraint:
    return ir.CheckConstraint(name=row["name"], expression=row["expression"])


_CONSTRAINTS: dict[str, Callable[[Row], Any]] = {
    "p": _primary_key,
    "u": _unique,
    "f": _foreign_key,
    "c": _check,
}


def _index(row: Row) -> ir.Index:
    return ir.Index(
        name=row["name"],
        unique=row["is_unique"],
        method=row["method"],
        elements=tuple(row["elements"]),
        expressions=tuple(row["expressions"]),
        include=tuple(row["include"]),
        predicate=row["predicate"],
        definition=row["definition"],
    )


def _policy(row: Row) -> ir.Policy:
    return ir.Policy(
        name=row["name"],
        command=_POLICY_COMMANDS[row["command"]],
        permissive=row["permissive"],
        roles=tuple(row["roles"]),
        using=row["using"],
        with_check=row["with_check"],
    )


# --- types -------------------------------------------------------------------


def _enum(row: Row) -> ir.Enum:
    return ir.Enum(
        schema=row["schema"], name=row["name"], labels=tuple(row["labels"]), comment=row["comment"]
    )


def _composite_type(row: Row) -> ir.CompositeType:
    return ir.CompositeType(
        schema=row["schema"],
        name=row["name"],
        attributes=tuple(
            ir.Attribute(name=attr["name"], ordinal=ordinal, type=_type_of(attr))
            for ordinal, attr in enumerate(row["attributes"], start=1)
        ),
        comment=row["comment"],
    )


def _domain(row: Row) -> ir.Domain:
    return ir.Domain(
        schema=row["schema"],
        name=row["name"],
        base=_type_of(row),
        nullable=row["nullable"],
        default=row["default"],
        checks=tuple(
            ir.CheckConstraint(name=check["name"], expression=check["expression"])
            for check in row["checks"]
        ),
        comment=row["comment"],
    )


# --- functions ---------------------------------------------------------------


def _function(row: Row) -> ir.Function:
    arguments: list[dict[str, Any]] = row["arguments"]
    # A function with OUT/INOUT/TABLE arguments returns rows of them; its
    # prorettype (record, or the single column's type) adds nothing.
    returns_columns = any(arg["mode"] in _RESULT_MODES for arg in arguments)
    is_procedure = row["prokind"] == "p"
    return ir.Function(
        schema=row["schema"],
        name=row["name"],
        identity_arguments=row["identity_arguments"],
        arguments=_arguments(arguments, row["defaults"]),
        return_type=None if is_procedure or returns_columns else _type_of(row),
        returns_set=row["returns_set"],
        kind=_FUNCTION_KINDS[row["prokind"]],
        volatility=_VOLATILITY[row["volatility"]],
        language=row["language"],
        security_definer=row["security_definer"],
        comment=row["comment"],
    )


def _arguments(arguments: list[dict[str, Any]], defaults: int) -> tuple[ir.Argument, ...]:
    # pronargdefaults counts the last input arguments; unnamed ones get "".
    inputs = [i for i, arg in enumerate(arguments) if arg["mode"] in _INPUT_MODES]
    defaulted = set(inputs[len(inputs) - defaults :]) if defaults else set()
    return tuple(
        ir.Argument(
            name=arg["name"],
            type=_type_of(arg),
            mode=_ARGUMENT_MODES[arg["mode"]],
            has_default=i in defaulted,
        )
        for i, arg in enumerate(arguments)
    )
