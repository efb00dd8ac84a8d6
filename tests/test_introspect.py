"""Introspection against a real Postgres: the rich case read into precise IR facts,
a fixed number of round trips whatever the table count, and determinism."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from schemafirst import ir
from schemafirst.introspect import read_catalog
from schemafirst.introspect.embedded import SHIM_PATH, EmbeddedPostgres
from schemafirst.ir import (
    CheckConstraint,
    ForeignKey,
    Index,
    Policy,
    PrimaryKey,
    TypeRef,
    UniqueConstraint,
)

pytestmark = pytest.mark.pg

RICH_SQL = Path(__file__).parent / "cases" / "rich" / "schema.sql"
SCHEMAS = ("public", "inventory")


def _apply(url: str, *scripts: Path) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        for script in scripts:
            conn.execute(script.read_text(encoding="utf-8"))


def _read(url: str, schemas: tuple[str, ...] = SCHEMAS) -> ir.Catalog:
    with psycopg.connect(url, autocommit=True) as conn:
        return _read_on(conn, schemas)


def _read_on(conn: psycopg.Connection[Any], schemas: tuple[str, ...] = SCHEMAS) -> ir.Catalog:
    return read_catalog(conn, schemas)


@pytest.fixture(scope="module")
def rich_url(pg_server: EmbeddedPostgres) -> Iterator[str]:
    """One database holding the Supabase shim and the rich case, for the whole module."""
    with psycopg.connect(pg_server.url, autocommit=True) as conn:
        conn.execute('create database "introspect_rich"')
    try:
        url = pg_server.database_url("introspect_rich")
        _apply(url, SHIM_PATH, RICH_SQL)
        yield url
    finally:
        with psycopg.connect(pg_server.url, autocommit=True) as conn:
            conn.execute('drop database if exists "introspect_rich" with (force)')


@pytest.fixture(scope="module")
def rich(rich_url: str) -> ir.Catalog:
    return _read(rich_url)


def _table(catalog: ir.Catalog, name: str, schema: str = "public") -> ir.Table:
    table = catalog.table(schema, name)
    assert table is not None, f"{schema}.{name} was not read"
    return table


def _ref(schema: str, name: str, kind: ir.TypeKind, display: str, **facts: Any) -> TypeRef:
    return TypeRef(schema=schema, name=name, kind=kind, display=display, **facts)


def _pg(name: str, display: str, **facts: Any) -> TypeRef:
    return _ref("pg_catalog", name, "base", display, **facts)


# --- relations -----------------------------------------------------------------


def test_relations_are_the_read_schemas_only(rich: ir.Catalog) -> None:
    assert rich.schemas == ("inventory", "public")
    assert [(t.schema, t.name, t.kind) for t in rich.tables] == [
        ("inventory", "products", "table"),
        ("public", "categories", "table"),
        ("public", "customer_emails", "view"),
        ("public", "customer_ids", "view"),
        ("public", "customer_shouts", "view"),
        ("public", "customers", "table"),
        ("public", "event_notes", "table"),
        # The partitioned parent, not events_2024/events_2025.
        ("public", "events", "partitioned_table"),
        ("public", "everything", "table"),
        ("public", "imports", "foreign_table"),
        ("public", "order_counts", "materialized_view"),
        ("public", "order_line_items", "view"),
        ("public", "order_lines", "table"),
        ("public", "order_summaries", "view"),
        ("public", "orders", "table"),
        ("public", "product_categories", "table"),
        ("public", "product_skus", "materialized_view"),
        ("public", "shipments", "table"),
    ]


def test_column_types(rich: ir.Catalog) -> None:
    types = {c.name: c.type for c in _table(rich, "everything").columns}
    assert types == {
        "id": _pg("int4", "integer"),
        "price": _pg("numeric", "numeric(10,2)", precision=10, scale=2),
        "amount": _pg("numeric", "numeric"),
        "label": _pg("varchar", "character varying(20)", length=20),
        "code": _pg("bpchar", "character(3)", length=3),
        "note": _pg("text", "text"),
        "created_at": _pg("timestamp", "timestamp(3) without time zone", precision=3),
        "updated_at": _pg("timestamptz", "timestamp with time zone"),
        "at_time": _pg("time", "time without time zone"),
        "at_time_tz": _pg("timetz", "time(2) with time zone", precision=2),
        "duration": _pg("interval", "interval"),
        "uid": _pg("uuid", "uuid"),
        "blob": _pg("bytea", "bytea"),
        "ip": _pg("inet", "inet"),
        "net": _pg("cidr", "cidr"),
        "mac": _pg("macaddr", "macaddr"),
        "search": _pg("tsvector", "tsvector"),
        "doc": _pg("json", "json"),
        "docb": _pg("jsonb", "jsonb"),
        "tags": _pg("text", "text[]", array_dimensions=1),
        "matrix": _pg("int4", "integer[]", array_dimensions=2),
        "labels": _pg("varchar", "character varying(20)[]", array_dimensions=1, length=20),
        "moods": _ref("public", "mood", "enum", "public.mood[]", array_dimensions=1),
        "status": _ref("public", "processing_status", "enum", "public.processing_status"),
        "home": _ref("public", "address", "composite", "public.address"),
        "quantity": _ref("public", "positive_int", "domain", "public.positive_int"),
        "ints": _ref("public", "int_list", "domain", "public.int_list"),
        "seats": _ref("pg_catalog", "int4range", "range", "int4range"),
        "during": _ref("pg_catalog", "tstzrange", "range", "tstzrange"),
        "busy": _ref("pg_catalog", "tstzmultirange", "multirange", "tstzmultirange"),
        "price_with_tax": _pg("numeric", "numeric(12,2)", precision=12, scale=2),
        "price_doubled": _pg("numeric", "numeric(12,2)", precision=12, scale=2),
        "flag": _pg("bool", "boolean"),
    }
    # A type from an extension keeps its schema; a domain over it is a domain.
    email = _table(rich, "customers").column("email").type
    assert email == _ref("public", "email", "domain", "public.email")


def test_column_facts(rich: ir.Catalog) -> None:
    everything = _table(rich, "everything")
    # "gone" (attnum 2) was dropped: ordinals stay contiguous.
    assert [c.ordinal for c in everything.columns] == list(range(1, 34))
    assert everything.columns[1].name == "price"
    assert everything.column("id").identity == "by default"
    assert _table(rich, "customers").column("id").identity == "always"
    assert everything.column("id").default is None
    with_tax = everything.column("price_with_tax")
    assert (with_tax.generated, with_tax.default) == ("(price * 1.2)", None)
    assert with_tax.generated_stored
    doubled = everything.column("price_doubled")
    assert (doubled.generated, doubled.generated_stored) == ("(price * (2)::numeric)", False)
    # Only view columns can be read-only or have a source.
    assert all(c.updatable and c.source is None for c in everything.columns)
    assert everything.column("status").default == "'pending'::public.processing_status"
    assert everything.column("docb").default == "'{}'::jsonb"
    assert everything.column("uid").default == "gen_random_uuid()"
    assert [c.name for c in everything.columns if not c.nullable] == [
        "id", "price", "created_at", "uid", "docb", "tags", "status", "flag",
    ]  # fmt: skip
    customers = _table(rich, "customers")
    assert customers.comment == "People who buy things."
    assert customers.column("email").comment == "Where receipts go."
    assert customers.column("name").comment is None
    serial = _table(rich, "event_notes").column("id")
    assert serial.default == "nextval('public.event_notes_id_seq'::regclass)"


def test_keys_and_checks(rich: ir.Catalog) -> None:
    lines = _table(rich, "order_lines")
    assert lines.primary_key == PrimaryKey(name="order_lines_pkey", columns=("order_id", "line_no"))
    assert lines.check_constraints == (
        CheckConstraint(
            name="order_lines_price_positive", expression="(unit_price > (0)::numeric)"
        ),
        CheckConstraint(
            name="order_lines_quantity_sane", expression="((quantity)::integer < 1000)"
        ),
    )
    assert _table(rich, "customers").unique_constraints == (
        UniqueConstraint(name="customers_code_key", columns=("code",)),
    )
    assert _table(rich, "categories").unique_constraints == (
        UniqueConstraint(
            name="categories_name_parent_key",
            columns=("parent_id", "name"),
            nulls_not_distinct=True,
        ),
    )
    assert _table(rich, "events").primary_key == PrimaryKey(
        name="events_pkey", columns=("id", "occurred_at")
    )
    assert _table(rich, "products", "inventory").check_constraints == (
        CheckConstraint(name="products_price_check", expression="(price >= (0)::numeric)"),
    )


def test_foreign_keys(rich: ir.Catalog) -> None:
    def fks(name: str) -> tuple[ForeignKey, ...]:
        return _table(rich, name).foreign_keys

    # Cross-schema to a schema that is not read; ON DELETE CASCADE.
    assert fks("customers") == (
        ForeignKey(
            name="customers_user_id_fkey",
            columns=("user_id",),
            ref_schema="auth",
            ref_table="users",
            ref_columns=("id",),
            on_delete="cascade",
        ),
    )
    # Self-referential, ON DELETE SET NULL.
    assert fks("categories") == (
        ForeignKey(
            name="categories_parent_id_fkey",
            columns=("parent_id",),
            ref_schema="public",
            ref_table="categories",
            ref_columns=("id",),
            on_delete="set null",
        ),
    )
    # To a unique key (not the PK) with ON UPDATE CASCADE; deferrable.
    assert fks("orders") == (
        ForeignKey(
            name="orders_customer_code_fkey",
            columns=("customer_code",),
            ref_schema="public",
            ref_table="customers",
            ref_columns=("code",),
            on_update="cascade",
        ),
        ForeignKey(
            name="orders_customer_id_fkey",
            columns=("customer_id",),
            ref_schema="public",
            ref_table="customers",
            ref_columns=("id",),
            deferrable=True,
            initially_deferred=True,
        ),
    )
    # Composite, columns in constraint key order (not attnum order), MATCH FULL.
    assert fks("shipments") == (
        ForeignKey(
            name="shipments_line_fkey",
            columns=("line_no", "order_id"),
            ref_schema="public",
            ref_table="order_lines",
            ref_columns=("line_no", "order_id"),
            on_delete="restrict",
            match_full=True,
        ),
    )
    # To a partitioned table: once, not once more per partition.
    assert [(fk.ref_table, fk.ref_columns) for fk in fks("event_notes")] == [
        ("events", ("id", "occurred_at"))
    ]
    # The many-to-many association table, across read schemas.
    assert [(fk.ref_schema, fk.ref_table, fk.on_delete) for fk in fks("product_categories")] == [
        ("public", "categories", "cascade"),
        ("inventory", "products", "cascade"),
    ]
    assert [fk.ref_table for fk in fks("order_lines")] == ["orders", "products"]


def test_indexes(rich: ir.Catalog) -> None:
    # Indexes backing primary keys and unique constraints are not listed.
    indexes = {t.name: t.indexes for t in rich.tables if t.indexes}
    assert indexes == {
        "customers": (
            Index(
                name="customers_lower_name_id",
                unique=False,
                method="btree",
                elements=("lower((name)::text)", "id"),
                expressions=(True, False),
                definition="CREATE INDEX customers_lower_name_id ON public.customers "
                "USING btree (lower((name)::text), id)",
            ),
        ),
        "events": (
            Index(
                name="events_payload",
                unique=False,
                method="gin",
                elements=("payload",),
                expressions=(False,),
                definition="CREATE INDEX events_payload ON ONLY public.events USING gin (payload)",
            ),
        ),
        "everything": (
            Index(
                name="everything_search",
                unique=False,
                method="gin",
                elements=("search",),
                expressions=(False,),
                definition="CREATE INDEX everything_search ON public.everything USING gin (search)",
            ),
        ),
        "orders": (
            Index(
                name="orders_one_pending_per_customer",
                unique=True,
                method="btree",
                elements=("customer_id",),
                expressions=(False,),
                predicate="(status = 'pending'::public.processing_status)",
                definition="CREATE UNIQUE INDEX orders_one_pending_per_customer ON public.orders "
                "USING btree (customer_id) WHERE (status = 'pending'::public.processing_status)",
            ),
            Index(
                name="orders_placed_at",
                unique=False,
                method="btree",
                elements=("placed_at",),
                expressions=(False,),
                include=("status", "total"),
                definition="CREATE INDEX orders_placed_at ON public.orders "
                "USING btree (placed_at DESC) INCLUDE (status, total)",
            ),
        ),
    }


def test_views(rich: ir.Catalog) -> None:
    flags = {
        t.name: (t.insertable, t.updatable)
        for t in rich.tables
        if t.kind in ("view", "materialized_view", "foreign_table")
    }
    assert flags == {
        "customer_emails": (True, True),
        "customer_ids": (True, True),
        "order_summaries": (False, False),  # a join is not auto-updatable
        "order_line_items": (True, True),
        "customer_shouts": (True, True),
        "order_counts": (False, False),
        "product_skus": (False, False),
        "imports": (False, False),  # file_fdw cannot write
    }
    assert _table(rich, "customers").insertable and _table(rich, "customers").updatable
    emails = _table(rich, "customer_emails")
    assert emails.view_definition == (
        " SELECT id,\n    email,\n    code,\n    mood,\n    upper(name::text) AS shout\n"
        "   FROM public.customers;"
    )
    assert emails.comment == "Who to write to."
    assert _table(rich, "customers").view_definition is None


def test_view_nullability_is_proven_for_plain_references(rich: ir.Catalog) -> None:
    def nullable(name: str) -> dict[str, bool]:
        return {c.name: c.nullable for c in _table(rich, name).columns}

    # Plain references to NOT NULL columns of the one base table; the
    # expression (shout) and the nullable column (mood) stay nullable.
    assert nullable("customer_emails") == {
        "id": False, "email": False, "code": False, "mood": True, "shout": True,
    }  # fmt: skip
    # A view of that view: proven through it.
    assert nullable("customer_ids") == {"id": False, "mood": True}
    # One base column shown twice.
    assert nullable("order_line_items") == {
        "order_id": False, "line_no": False, "order_ref": False, "product_id": False,
        "amount": True,
    }  # fmt: skip
    # A join proves nothing; nor does GROUP BY (conservatively).
    assert nullable("order_summaries") == {"id": True, "name": True, "total": True}
    assert nullable("order_counts") == {"status": True, "orders": True}
    # Materialized views are read the same way; the base may be in another schema.
    assert nullable("product_skus") == {"sku": False}


def test_view_column_updatability(rich: ir.Catalog) -> None:
    def updatable(name: str) -> dict[str, bool]:
        return {c.name: c.updatable for c in _table(rich, name).columns}

    # An expression cannot be written through an auto-updatable view...
    assert updatable("customer_emails") == {
        "id": True, "email": True, "code": True, "mood": True, "shout": False,
    }  # fmt: skip
    assert updatable("order_line_items") == {
        "order_id": True, "line_no": True, "order_ref": True, "product_id": True, "amount": False,
    }  # fmt: skip
    # ...but an INSTEAD OF trigger takes whole rows.
    assert updatable("customer_shouts") == {"id": True, "shout": True}
    # A view that is not updatable has no updatable column; other relations leave it to
    # Table.insertable/updatable.
    assert updatable("order_summaries") == {"id": False, "name": False, "total": False}
    assert all(c.updatable for c in _table(rich, "order_counts").columns)


def test_view_column_sources(rich: ir.Catalog) -> None:
    def sources(name: str) -> dict[str, tuple[str, str, str] | None]:
        return {c.name: c.source for c in _table(rich, name).columns}

    customers = ("public", "customers")
    assert sources("customer_emails") == {
        "id": (*customers, "id"), "email": (*customers, "email"), "code": (*customers, "code"),
        "mood": (*customers, "mood"), "shout": None,
    }  # fmt: skip
    # The view it reads, not the table under it.
    assert sources("customer_ids") == {
        "id": ("public", "customer_emails", "id"),
        "mood": ("public", "customer_emails", "mood"),
    }
    # Through a join (the source says where values come from, not that they are
    # NOT NULL), and through GROUP BY.
    assert sources("order_summaries") == {
        "id": ("public", "orders", "id"),
        "name": (*customers, "name"),
        "total": ("public", "orders", "total"),
    }
    assert sources("order_counts") == {"status": ("public", "orders", "status"), "orders": None}
    assert sources("order_line_items")["order_ref"] == ("public", "order_lines", "order_id")
    assert sources("product_skus") == {"sku": ("inventory", "products", "sku")}


def test_view_column_sources_follow_postgres(fresh_db: str) -> None:
    """Subqueries, CTEs and joins are followed; set operations and expressions are not;
    names that look like node fields do not confuse the reader."""
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        conn.execute(
            """
            create table t (a int not null, "x :resno" int, "y\\" int, "q :resorigtbl" int);
            create table u (x int not null, a int);
            create view v_sub as select a from (select a from t) s;
            create view v_cte as with w as (select a from t) select a from w;
            create view v_sublink as select (select x from u limit 1) as one, a from t;
            create view v_left as select u.x, t.a from t left join u on u.a = t.a;
            create view v_union as select a from t union all select a from t;
            create view v_names as select "x :resno", "y\\" as "z :resorigcol",
              "q :resorigtbl", a as "a :targetList" from t;
            """
        )
        catalog = read_catalog(conn, ["public"])
    sources = {
        t.name: {c.name: c.source[1:] if c.source else None for c in t.columns}
        for t in catalog.tables
        if t.kind == "view"
    }
    assert sources == {
        "v_sub": {"a": ("t", "a")},
        "v_cte": {"a": ("t", "a")},
        "v_sublink": {"one": None, "a": ("t", "a")},
        "v_left": {"x": ("u", "x"), "a": ("t", "a")},
        "v_union": {"a": None},
        "v_names": {
            "x :resno": ("t", "x :resno"),
            "z :resorigcol": ("t", "y\\"),
            "q :resorigtbl": ("t", "q :resorigtbl"),
            "a :targetList": ("t", "a"),
        },
    }


def test_view_nullability_guards(fresh_db: str) -> None:
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        conn.execute(
            """
            create table t (a int not null, b int not null, c int);
            create table u (x int not null, a int);
            create view v_where as select a, c from t where b > 0;
            create view v_weird as select a as ":resno 1 :resname x :resorigtbl 0" from t;
            create view v_left as select u.x, t.a from t left join u on u.a = t.a;
            create view v_union as select a from t union all select a from t;
            create view v_rollup as select a from t group by rollup (a);
            create view v_sub as select a from (select a from t) s;
            create view v_cte as with w as (select 1 as one) select a from t;
            create view v_sublink as select a, (select 1) as one from t;
            create view v_cast as select a::text as a from t;
            create view v_agg as select a, count(*) as n from t group by a;
            create view v_srf as select a, generate_series(1, 2) as g from t;
            """
        )
        catalog = read_catalog(conn, ["public"])
    proven = {
        t.name: [c.name for c in t.columns if not c.nullable]
        for t in catalog.tables
        if t.kind == "view"
    }
    assert proven == {
        "v_where": ["a"],
        "v_weird": [":resno 1 :resname x :resorigtbl 0"],
        "v_left": [],  # x is NOT NULL in u, but the outer join can null it
        "v_union": [],
        "v_rollup": [],  # rollup's total row has a NULL a
        "v_sub": [],
        "v_cte": [],
        "v_sublink": [],
        "v_cast": [],
        "v_agg": [],
        "v_srf": ["a"],
    }


def test_extension_objects_are_skipped(fresh_db: str) -> None:
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        conn.execute(
            """
            create extension pg_stat_statements with schema public;  -- views, functions
            create extension hstore with schema public;  -- a type, functions, operators
            create table notes (id integer primary key, tags public.hstore);
            create function note_count() returns bigint language sql
              as $$ select count(*) from notes $$;
            """
        )
        catalog = read_catalog(conn, ["public"])
    assert [t.name for t in catalog.tables] == ["notes"]
    assert [f.name for f in catalog.functions] == ["note_count"]
    assert _table(catalog, "notes").column("tags").type == _ref(
        "public", "hstore", "base", "public.hstore"
    )


def test_rls_and_policies(rich: ir.Catalog) -> None:
    orders = _table(rich, "orders")
    assert (orders.rls_enabled, orders.rls_forced) == (True, True)
    assert (_table(rich, "customers").rls_enabled, _table(rich, "customers").rls_forced) == (
        False,
        False,
    )
    assert orders.policies == (
        Policy(
            name="Customers see their orders",
            command="SELECT",
            permissive=True,
            roles=("anon", "authenticated"),
            using="(customer_id = (current_setting('app.customer_id'::text))::bigint)",
        ),
        Policy(
            name="orders_insert_pending",
            command="INSERT",
            permissive=False,
            roles=("public",),
            with_check="(status = 'pending'::public.processing_status)",
        ),
        Policy(
            name="orders_update",
            command="UPDATE",
            permissive=True,
            roles=("authenticated",),
            using="true",
            with_check="(status <> 'failed'::public.processing_status)",
        ),
    )


def test_enums_composites_domains(rich: ir.Catalog) -> None:
    assert [(e.name, e.labels, e.comment) for e in rich.enums] == [
        ("mood", ("sad", "ok", "happy"), None),
        (
            "processing_status",
            ("pending", "processing", "failed", "completed"),
            "Where a job is in its life.",
        ),
    ]
    assert len(rich.composite_types) == 1  # table row types are not composite types
    address = rich.composite_type("public", "address")
    assert address is not None and address.comment == "A postal address."
    assert [(a.ordinal, a.name, a.type) for a in address.attributes] == [
        (1, "street", _pg("text", "text")),
        (2, "city", _pg("varchar", "character varying(80)", length=80)),
        (3, "zip", _pg("bpchar", "character(5)", length=5)),
        (4, "lines", _pg("text", "text[]", array_dimensions=1)),
    ]
    assert [d.name for d in rich.domains] == ["email", "int_list", "positive_int", "short_code"]
    positive = rich.domain("public", "positive_int")
    assert positive == ir.Domain(
        schema="public",
        name="positive_int",
        base=_pg("int4", "integer"),
        nullable=False,
        default="1",
        checks=(
            CheckConstraint(name="positive_int_positive", expression="(VALUE > 0)"),
            CheckConstraint(name="positive_int_small", expression="(VALUE < 1000000)"),
        ),
        comment="A strictly positive count.",
    )
    int_list = rich.domain("public", "int_list")
    assert int_list is not None
    assert int_list.base == _pg("int4", "integer[]", array_dimensions=1)
    short_code = rich.domain("public", "short_code")
    assert short_code is not None
    assert short_code.base == _pg("varchar", "character varying(8)", length=8)
    email = rich.domain("public", "email")
    assert email is not None and email.base == _ref("public", "citext", "base", "public.citext")


def test_functions(rich: ir.Catalog) -> None:
    # No trigger function, aggregate, extension-owned (citext, file_fdw) or auth.* function.
    assert [(f.name, f.identity_arguments, f.kind) for f in rich.functions] == [
        ("add_tax", "price integer", "function"),
        ("add_tax", "price numeric, rate numeric", "function"),
        ("customers_in_mood", "m public.mood", "function"),
        ("join_words", "VARIADIC words text[]", "function"),
        ("order_stats", "OUT n bigint, OUT biggest numeric", "function"),
        ("order_totals", "since timestamp with time zone, max_rows integer", "function"),
        ("reset_orders", "IN keep_days integer", "procedure"),
        ("whoami", "", "function"),
    ]
    by_key = {(f.name, f.identity_arguments): f for f in rich.functions}
    numeric = _pg("numeric", "numeric")
    add_tax = by_key[("add_tax", "price numeric, rate numeric")]
    assert add_tax == ir.Function(
        schema="public",
        name="add_tax",
        identity_arguments="price numeric, rate numeric",
        arguments=(
            ir.Argument(name="price", type=numeric),
            ir.Argument(name="rate", type=numeric, has_default=True),
        ),
        return_type=numeric,
        volatility="immutable",
        comment="Price with tax.",
    )
    in_mood = by_key[("customers_in_mood", "m public.mood")]
    assert in_mood.returns_set and in_mood.volatility == "stable"
    assert in_mood.return_type == _ref("public", "customers", "composite", "public.customers")
    totals = by_key[("order_totals", "since timestamp with time zone, max_rows integer")]
    assert (totals.return_type, totals.returns_set) == (None, True)
    assert [(a.name, a.mode, a.type.name, a.has_default) for a in totals.arguments] == [
        ("since", "in", "timestamptz", True),
        ("max_rows", "in", "int4", True),
        ("customer_id", "table", "int8", False),
        ("total", "table", "numeric", False),
    ]
    stats = by_key[("order_stats", "OUT n bigint, OUT biggest numeric")]
    assert stats.return_type is None
    assert [(a.name, a.mode) for a in stats.arguments] == [("n", "out"), ("biggest", "out")]
    words = by_key[("join_words", "VARIADIC words text[]")]
    assert words.arguments == (
        ir.Argument(name="words", type=_pg("text", "text[]", array_dimensions=1), mode="variadic"),
    )
    assert by_key[("whoami", "")].security_definer
    assert by_key[("reset_orders", "IN keep_days integer")].return_type is None


# --- round trips and determinism ---------------------------------------------


def _schema_sql(tables: int) -> str:
    """``tables`` tables chained by foreign keys, each with an index, a check,
    a policy and a view, plus one enum, domain, composite type and function."""
    parts = [
        "create type status as enum ('a', 'b');",
        "create domain positive as integer check (value > 0);",
        "create type pair as (x integer, y integer);",
        "create function one() returns integer language sql as $$ select 1 $$;",
    ]
    for i in range(tables):
        ref = f", parent_id integer references t{i - 1} (id)" if i else ""
        parts += [
            f"create table t{i} (id integer primary key, name text not null unique,"
            f" state status, n positive check (n < 100), at timestamptz default now(),"
            f" tags text[]{ref});",
            f"create index t{i}_at on t{i} (at) where state = 'a';",
            f"alter table t{i} enable row level security;",
            f"create policy t{i}_read on t{i} for select using (true);",
            f"create view v{i} as select id, name from t{i};",
        ]
    return "\n".join(parts)


def _count_queries(url: str) -> tuple[int, ir.Catalog]:
    executed: list[str] = []

    class CountingCursor(psycopg.Cursor[Any]):
        def execute(self, query: Any, params: Any = None, **kwargs: Any) -> Any:
            executed.append(str(query))
            return super().execute(query, params, **kwargs)

    with psycopg.connect(url, autocommit=True, cursor_factory=CountingCursor) as conn:
        catalog = read_catalog(conn, ["public"])
    return len(executed), catalog


def test_round_trips_do_not_grow_with_tables(pg_server: EmbeddedPostgres, fresh_db: str) -> None:
    _apply_text(fresh_db, _schema_sql(5))
    small, small_catalog = _count_queries(fresh_db)
    with psycopg.connect(pg_server.url, autocommit=True) as conn:
        conn.execute('create database "introspect_big"')
    try:
        big_url = pg_server.database_url("introspect_big")
        _apply_text(big_url, _schema_sql(300))
        big, big_catalog = _count_queries(big_url)
    finally:
        with psycopg.connect(pg_server.url, autocommit=True) as conn:
            conn.execute('drop database if exists "introspect_big" with (force)')
    assert len(small_catalog.tables) == 10 and len(big_catalog.tables) == 600
    assert small == big <= 15
    t299 = _table(big_catalog, "t299")
    assert [fk.ref_table for fk in t299.foreign_keys] == ["t298"]
    assert [p.name for p in t299.policies] == ["t299_read"]
    assert [i.name for i in t299.indexes] == ["t299_at"]


def _apply_text(url: str, sql: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql)


def test_reading_is_deterministic(fresh_db: str) -> None:
    _apply(fresh_db, RICH_SQL)  # without the Supabase shim this time
    first = _read(fresh_db)
    assert _read(fresh_db) == first
    # Deparsed text does not depend on the reader's search_path, and the
    # reader's search_path is left as it was.
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        conn.execute("set search_path = inventory, public, pg_catalog")
        assert read_catalog(conn, ["inventory", "public", "public"]) == first
        assert conn.execute("show search_path").fetchone() == ("inventory, public, pg_catalog",)
    # Inside the caller's open transaction: its work and search_path survive.
    with psycopg.connect(fresh_db) as conn:
        conn.execute("create temp table mine (x integer); insert into mine values (1)")
        assert _read_on(conn) == first
        assert conn.execute("select x from mine").fetchall() == [(1,)]
        assert conn.execute("show search_path").fetchone() == ('"$user", public',)
    for table in first.tables:
        assert [c.ordinal for c in table.columns] == list(range(1, len(table.columns) + 1))
        assert [c.name for c in table.check_constraints] == sorted(
            c.name for c in table.check_constraints
        )
    assert list(first.tables) == sorted(first.tables, key=lambda t: (t.schema, t.name))
