"""The intermediate representation: database facts only.

Every source (live database, migrations on an embedded Postgres, snapshot
file) produces a :class:`Catalog`; every renderer consumes one. The IR holds
raw Postgres names, types and expressions exactly as the catalog reports them
(STYLE rule 4): no Python or TypeScript types and no target identifiers.

All classes are frozen, slotted and keyword-only; collections are tuples kept
in a canonical order (by schema/name, columns by ordinal) so two catalogs of
the same database compare equal and serialize to the same bytes.

    Catalog
    ├── schemas: tuple[str, ...]
    ├── tables: Table (kind: table | view | materialized_view | partitioned_table | foreign_table)
    │   ├── columns: Column ─ type: TypeRef
    │   ├── primary_key: PrimaryKey | None
    │   ├── unique_constraints / foreign_keys / check_constraints / indexes
    │   └── policies: Policy
    ├── enums: Enum (labels in sort order)
    ├── composite_types: CompositeType ─ attributes: Attribute
    ├── domains: Domain ─ base: TypeRef
    └── functions: Function ─ arguments: Argument, return_type: TypeRef
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

TypeKind = Literal["base", "enum", "domain", "composite", "range", "multirange", "pseudo"]
TableKind = Literal["table", "view", "materialized_view", "partitioned_table", "foreign_table"]
FkAction = Literal["no action", "restrict", "cascade", "set null", "set default"]
IdentityKind = Literal["always", "by default"]

_FROZEN = {"frozen": True, "slots": True, "kw_only": True}


@dataclass(**_FROZEN)
class TypeRef:
    """A column, attribute or argument type as Postgres knows it.

    For an array, ``schema``/``name``/``kind`` describe the element type and
    ``array_dimensions`` is at least 1. ``display`` is ``format_type()`` of the
    full type (e.g. ``character varying(20)[]``), kept for messages and diffs.
    """

    schema: str
    name: str
    kind: TypeKind
    display: str
    array_dimensions: int = 0
    length: int | None = None
    precision: int | None = None
    scale: int | None = None

    @property
    def is_array(self) -> bool:
        """True when the type is an array of ``name``."""
        return self.array_dimensions > 0


@dataclass(**_FROZEN)
class Column:
    """A column of a table or view; ``ordinal`` is 1-based among live columns.

    ``generated`` is the expression of a generated column; ``generated_stored``
    says whether Postgres stores it (``STORED``) or computes it on read
    (``VIRTUAL``, the default since Postgres 18), and is True for other columns.

    ``updatable`` is False only for a view column that cannot be written
    through its view (an expression such as ``upper(name)``), as
    ``pg_column_is_updatable`` says; an INSTEAD OF trigger or an unconditional
    INSTEAD rule on INSERT or UPDATE makes every column of its view writable.
    Whether the relation takes writes at all is ``Table.insertable``/``updatable``.

    ``source`` is the (schema, relation, column) a view column is a plain
    reference to, as Postgres records it in the view's query: followed through
    joins, subqueries and CTEs, never through an expression or a set
    operation. It says where the values come from, not that they cannot be
    NULL (an outer join can null them). The relation may itself be a view:
    follow ``source`` through ``Catalog.table`` to reach a table. None for
    tables and for columns that are not plain references.
    """

    name: str
    ordinal: int
    type: TypeRef
    nullable: bool
    default: str | None = None
    identity: IdentityKind | None = None
    generated: str | None = None
    generated_stored: bool = True
    updatable: bool = True
    source: tuple[str, str, str] | None = None
    comment: str | None = None


@dataclass(**_FROZEN)
class PrimaryKey:
    """A primary key constraint, columns in key order."""

    name: str
    columns: tuple[str, ...]


@dataclass(**_FROZEN)
class UniqueConstraint:
    """A UNIQUE constraint (not a unique index), columns in key order."""

    name: str
    columns: tuple[str, ...]
    nulls_not_distinct: bool = False
    deferrable: bool = False
    initially_deferred: bool = False


@dataclass(**_FROZEN)
class ForeignKey:
    """A foreign key; the referenced key may be a primary key or a unique key."""

    name: str
    columns: tuple[str, ...]
    ref_schema: str
    ref_table: str
    ref_columns: tuple[str, ...]
    on_delete: FkAction = "no action"
    on_update: FkAction = "no action"
    deferrable: bool = False
    initially_deferred: bool = False
    match_full: bool = False


@dataclass(**_FROZEN)
class CheckConstraint:
    """A CHECK constraint; ``expression`` is ``pg_get_expr`` of its condition."""

    name: str
    expression: str


@dataclass(**_FROZEN)
class Index:
    """An index that does not back a constraint.

    ``elements`` are column names or, for expression elements, the expression
    text; ``expressions`` flags which is which, position by position.
    ``definition`` is ``pg_get_indexdef`` and is what drift compares.
    """

    name: str
    unique: bool
    method: str
    elements: tuple[str, ...]
    expressions: tuple[bool, ...]
    include: tuple[str, ...] = ()
    predicate: str | None = None
    definition: str = ""


@dataclass(**_FROZEN)
class Policy:
    """A row-level security policy."""

    name: str
    command: Literal["ALL", "SELECT", "INSERT", "UPDATE", "DELETE"]
    permissive: bool
    roles: tuple[str, ...]
    using: str | None = None
    with_check: str | None = None


@dataclass(**_FROZEN)
class Table:
    """A relation: table, view, materialized view, partitioned or foreign table.

    Partitions are not listed; their partitioned parent is. ``updatable`` and
    ``insertable`` matter for views (auto-updatable or with INSTEAD rules);
    for tables they are True.
    """

    schema: str
    name: str
    kind: TableKind
    columns: tuple[Column, ...]
    primary_key: PrimaryKey | None = None
    unique_constraints: tuple[UniqueConstraint, ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = ()
    check_constraints: tuple[CheckConstraint, ...] = ()
    indexes: tuple[Index, ...] = ()
    policies: tuple[Policy, ...] = ()
    rls_enabled: bool = False
    rls_forced: bool = False
    insertable: bool = True
    updatable: bool = True
    view_definition: str | None = None
    comment: str | None = None

    def is_key(self, columns: tuple[str, ...]) -> bool:
        """True when ``columns`` are a key: the primary key, a unique constraint,
        or a plain unique index (no predicate, no expressions)."""
        keys = [set(self.primary_key.columns)] if self.primary_key else []
        keys += [set(u.columns) for u in self.unique_constraints]
        keys += [
            set(i.elements)
            for i in self.indexes
            if i.unique and not i.predicate and not any(i.expressions)
        ]
        return set(columns) in keys

    def column(self, name: str) -> Column:
        """The column called ``name``; KeyError when there is none."""
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)


@dataclass(**_FROZEN)
class Enum:
    """An enum type; ``labels`` in their sort order (``enumsortorder``)."""

    schema: str
    name: str
    labels: tuple[str, ...]
    comment: str | None = None


@dataclass(**_FROZEN)
class Attribute:
    """An attribute of a composite type."""

    name: str
    ordinal: int
    type: TypeRef


@dataclass(**_FROZEN)
class CompositeType:
    """A free-standing composite type (``CREATE TYPE ... AS (...)``)."""

    schema: str
    name: str
    attributes: tuple[Attribute, ...]
    comment: str | None = None


@dataclass(**_FROZEN)
class Domain:
    """A domain over ``base``, with its NOT NULL, default and checks."""

    schema: str
    name: str
    base: TypeRef
    nullable: bool = True
    default: str | None = None
    checks: tuple[CheckConstraint, ...] = ()
    comment: str | None = None


@dataclass(**_FROZEN)
class Argument:
    """A function argument; mode is one of in, out, inout, variadic, table."""

    name: str
    type: TypeRef
    mode: Literal["in", "out", "inout", "variadic", "table"] = "in"
    has_default: bool = False


@dataclass(**_FROZEN)
class Function:
    """A function callable through the API (PostgREST ``rpc``).

    ``return_type`` is None for procedures and for ``RETURNS TABLE``/OUT
    argument functions returning a record, whose columns are the arguments
    with mode ``table``/``out``/``inout``. ``identity_arguments`` is
    ``pg_get_function_identity_arguments`` and tells overloads apart.
    """

    schema: str
    name: str
    identity_arguments: str
    arguments: tuple[Argument, ...]
    return_type: TypeRef | None
    returns_set: bool = False
    kind: Literal["function", "procedure"] = "function"
    volatility: Literal["immutable", "stable", "volatile"] = "volatile"
    language: str = "sql"
    security_definer: bool = False
    comment: str | None = None


@dataclass(**_FROZEN)
class Catalog:
    """Everything read from one database, for the schemas that were asked for."""

    schemas: tuple[str, ...]
    tables: tuple[Table, ...] = ()
    enums: tuple[Enum, ...] = ()
    composite_types: tuple[CompositeType, ...] = ()
    domains: tuple[Domain, ...] = ()
    functions: tuple[Function, ...] = ()
    _index: dict[tuple[str, str], object] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )

    def table(self, schema: str, name: str) -> Table | None:
        """The relation ``schema.name``, or None when it was not read."""
        return self._lookup("t", schema, name)  # type: ignore[return-value]

    def enum(self, schema: str, name: str) -> Enum | None:
        """The enum ``schema.name``, or None when it was not read."""
        return self._lookup("e", schema, name)  # type: ignore[return-value]

    def composite_type(self, schema: str, name: str) -> CompositeType | None:
        """The composite type ``schema.name``, or None when it was not read."""
        return self._lookup("c", schema, name)  # type: ignore[return-value]

    def domain(self, schema: str, name: str) -> Domain | None:
        """The domain ``schema.name``, or None when it was not read."""
        return self._lookup("d", schema, name)  # type: ignore[return-value]

    def _lookup(self, tag: str, schema: str, name: str) -> object | None:
        # Built lazily: renderers look types up once per column, and a linear
        # scan per column would be quadratic at 1,000 tables.
        if not self._index:
            for t, group in (
                ("t", self.tables),
                ("e", self.enums),
                ("c", self.composite_types),
                ("d", self.domains),
            ):
                for item in group:
                    self._index[(t + item.schema, item.name)] = item
        return self._index.get((tag + schema, name))
