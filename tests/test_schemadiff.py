"""The semantic schema diff: exact sentences per change kind, no-ops, stable order.

Unit tests work on hand-built catalogs shaped like the example (videos,
video_jobs, video_metadata, processing_status). The ``pg`` tests apply the
example migrations to a real Postgres, change one thing with an ``ALTER`` and
assert the sentence, so they also pin what introspection reports.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from schemafirst import ir, snapshot
from schemafirst.introspect import read_catalog
from schemafirst.introspect.embedded import SHIM_PATH
from schemafirst.schemadiff import Change, diff_catalogs

MIGRATIONS = Path(__file__).parents[1] / "schema" / "migrations"


# --- hand-built catalogs ------------------------------------------------------


def _t(display: str, name: str | None = None, **kw: Any) -> ir.TypeRef:
    return ir.TypeRef(schema="pg_catalog", name=name or display, kind="base", display=display, **kw)


UUID, TEXT, INT, TSTZ = (
    _t("uuid"),
    _t("text"),
    _t("integer", "int4"),
    _t("timestamp with time zone"),
)
STATUS = ir.TypeRef(
    schema="public", name="processing_status", kind="enum", display="processing_status"
)


def _cols(*specs: tuple[str, ir.TypeRef, bool] | ir.Column) -> tuple[ir.Column, ...]:
    out = []
    for i, spec in enumerate(specs, start=1):
        if isinstance(spec, ir.Column):
            out.append(dataclasses.replace(spec, ordinal=i))
        else:
            name, type_, nullable = spec
            out.append(ir.Column(name=name, ordinal=i, type=type_, nullable=nullable))
    return tuple(out)


def _index(name: str, table: str, body: str, *elements: str, unique: bool = False) -> ir.Index:
    head = "CREATE UNIQUE INDEX" if unique else "CREATE INDEX"
    return ir.Index(
        name=name,
        unique=unique,
        method="btree",
        elements=elements,
        expressions=(False,) * len(elements),
        definition=f"{head} {name} ON public.{table} USING btree {body}",
    )


def _pk(table: str) -> ir.PrimaryKey:
    return ir.PrimaryKey(name=f"{table}_pkey", columns=("id",))


VIDEOS = ir.Table(
    schema="public",
    name="videos",
    kind="table",
    columns=_cols(
        ir.Column(name="id", ordinal=0, type=UUID, nullable=False, default="gen_random_uuid()"),
        ("user_id", UUID, False),
        ("title", TEXT, False),
        ("description", TEXT, True),
        ("created_at", TSTZ, False),
    ),
    primary_key=_pk("videos"),
    foreign_keys=(
        ir.ForeignKey(
            name="videos_user_id_fkey",
            columns=("user_id",),
            ref_schema="auth",
            ref_table="users",
            ref_columns=("id",),
            on_delete="cascade",
        ),
    ),
    check_constraints=(
        ir.CheckConstraint(name="videos_title_not_blank", expression="(length(btrim(title)) > 0)"),
    ),
    indexes=(
        _index(
            "videos_user_id_created_at_idx",
            "videos",
            "(user_id, created_at DESC)",
            "user_id",
            "created_at",
        ),
    ),
    policies=(
        ir.Policy(
            name="Users can view their own videos",
            command="SELECT",
            permissive=True,
            roles=("authenticated",),
            using="(( SELECT auth.uid() AS uid) = user_id)",
        ),
    ),
    rls_enabled=True,
    comment="A video uploaded by a user.",
)
JOBS = ir.Table(
    schema="public",
    name="video_jobs",
    kind="table",
    columns=_cols(
        ("id", UUID, False),
        ("video_id", UUID, False),
        ir.Column(
            name="status",
            ordinal=0,
            type=STATUS,
            nullable=False,
            default="'pending'::processing_status",
        ),
        ("error_message", TEXT, True),
    ),
    primary_key=_pk("video_jobs"),
    foreign_keys=(
        ir.ForeignKey(
            name="video_jobs_video_id_fkey",
            columns=("video_id",),
            ref_schema="public",
            ref_table="videos",
            ref_columns=("id",),
            on_delete="cascade",
        ),
    ),
)
METADATA = ir.Table(
    schema="public",
    name="video_metadata",
    kind="table",
    columns=_cols(("id", UUID, False), ("video_id", UUID, False), ("width", INT, True)),
    primary_key=_pk("video_metadata"),
    unique_constraints=(
        ir.UniqueConstraint(name="video_metadata_video_id_key", columns=("video_id",)),
    ),
    foreign_keys=(
        ir.ForeignKey(
            name="video_metadata_video_id_fkey",
            columns=("video_id",),
            ref_schema="public",
            ref_table="videos",
            ref_columns=("id",),
        ),
    ),
)
ENUM = ir.Enum(
    schema="public",
    name="processing_status",
    labels=("pending", "processing", "completed", "failed"),
)
SET_UPDATED_AT = ir.Function(
    schema="public",
    name="set_updated_at",
    identity_arguments="",
    arguments=(),
    return_type=ir.TypeRef(schema="pg_catalog", name="trigger", kind="pseudo", display="trigger"),
    language="plpgsql",
)
BASE = ir.Catalog(
    schemas=("public",),
    tables=(JOBS, METADATA, VIDEOS),
    enums=(ENUM,),
    functions=(SET_UPDATED_AT,),
)


def _with_table(catalog: ir.Catalog, table: ir.Table) -> ir.Catalog:
    """``catalog`` with ``table`` replacing the one of the same name (or added)."""
    others = [t for t in catalog.tables if (t.schema, t.name) != (table.schema, table.name)]
    return dataclasses.replace(catalog, tables=(*others, table))


def _edit(name: str, **changes: Any) -> ir.Catalog:
    """BASE with the table ``name`` changed by ``changes``."""
    table = BASE.table("public", name)
    assert table is not None
    return _with_table(BASE, dataclasses.replace(table, **changes))


def _edit_column(table: str, column: str, **changes: Any) -> ir.Catalog:
    t = BASE.table("public", table)
    assert t is not None
    cols = tuple(dataclasses.replace(c, **changes) if c.name == column else c for c in t.columns)
    return _edit(table, columns=cols)


def _messages(old: ir.Catalog, new: ir.Catalog) -> list[str]:
    return [c.message for c in diff_catalogs(old, new)]


def _one(new: ir.Catalog, old: ir.Catalog = BASE) -> Change:
    changes = diff_catalogs(old, new)
    assert len(changes) == 1, [c.message for c in changes]
    return changes[0]


# --- no-op and the Change value -----------------------------------------------


def test_equal_catalogs_give_no_changes() -> None:
    assert diff_catalogs(BASE, BASE) == []
    # A copy built separately, in another order, is still equal.
    shuffled = dataclasses.replace(BASE, tables=tuple(reversed(BASE.tables)))
    assert diff_catalogs(BASE, shuffled) == []


def test_change_is_frozen_and_prints_its_message() -> None:
    change = _one(_edit("videos", comment=None))
    assert str(change) == change.message
    assert change.sort_key == (change.path, change.kind, change.message)
    with pytest.raises(dataclasses.FrozenInstanceError):
        change.message = "x"  # type: ignore[misc]


# --- tables and views ---------------------------------------------------------


def test_table_added_and_removed() -> None:
    thumbs = dataclasses.replace(METADATA, name="video_thumbnails")
    added = _one(_with_table(BASE, thumbs))
    assert (added.kind, added.action, added.path) == ("table", "added", "video_thumbnails")
    assert added.message == "table video_thumbnails added"
    removed = _one(BASE, _with_table(BASE, thumbs))
    assert (removed.action, removed.message) == ("removed", "table video_thumbnails removed")


def test_views_added_changed_and_kind_changes() -> None:
    view = ir.Table(
        schema="public",
        name="my_videos",
        kind="view",
        columns=_cols(("id", UUID, True)),
        view_definition=" SELECT id\n   FROM videos;",
    )
    with_view = _with_table(BASE, view)
    assert _one(with_view).message == "view my_videos added"
    redefined = _with_table(BASE, dataclasses.replace(view, view_definition=" SELECT 1 AS id;"))
    assert _messages(with_view, redefined) == ["view my_videos: definition changed"]
    not_updatable = _with_table(BASE, dataclasses.replace(view, updatable=False, insertable=False))
    assert _messages(with_view, not_updatable) == [
        "view my_videos: insertable changed from yes to no",
        "view my_videos: updatable changed from yes to no",
    ]
    mat = _with_table(BASE, dataclasses.replace(view, kind="materialized_view"))
    assert _messages(with_view, mat) == [
        "materialized view my_videos added",
        "view my_videos removed",
    ]


def test_rls_and_comment() -> None:
    assert (
        _one(_edit("videos", rls_enabled=False)).message
        == "table videos: row level security disabled"
    )
    assert (
        _one(_edit("video_jobs", rls_enabled=True)).message
        == "table video_jobs: row level security enabled"
    )
    assert (
        _one(_edit("videos", rls_forced=True)).message == "table videos: row level security forced"
    )
    assert _one(_edit("videos", comment='Say "hi"')).message == (
        'table videos: comment changed from "A video uploaded by a user." to "Say \\"hi\\""'
    )


def test_non_public_objects_are_schema_qualified() -> None:
    api = dataclasses.replace(METADATA, schema="api")
    change = _one(_with_table(BASE, api))
    assert (change.path, change.message) == ("api.video_metadata", "table api.video_metadata added")


# --- columns --------------------------------------------------------------------


def test_column_added_and_removed() -> None:
    jobs = BASE.table("public", "video_jobs")
    assert jobs is not None
    progress = ir.Column(name="progress", ordinal=5, type=INT, nullable=True)
    added = _one(_edit("video_jobs", columns=(*jobs.columns, progress)))
    assert (added.kind, added.action, added.path) == ("column", "added", "video_jobs.progress")
    assert added.message == "column video_jobs.progress added: integer, nullable"
    full = dataclasses.replace(progress, nullable=False, default="0", identity=None)
    assert _one(_edit("video_jobs", columns=(*jobs.columns, full))).message == (
        "column video_jobs.progress added: integer, not null, default 0"
    )
    removed = _one(BASE, _edit("video_jobs", columns=(*jobs.columns, progress)))
    assert removed.message == "column video_jobs.progress removed"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"type": _t("character varying(200)", "varchar", length=200)},
            "column videos.title: type changed from text to character varying(200)",
        ),
        ({"nullable": True}, "column videos.title: nullability changed from not null to nullable"),
        ({"default": "now()"}, "column videos.title: default changed from none to now()"),
        ({"identity": "always"}, "column videos.title: identity changed from none to always"),
        (
            {"generated": "upper(description)"},
            "column videos.title: generated expression changed from none to upper(description)",
        ),
        (
            {"generated_stored": False},
            "column videos.title: generated column changed from stored to virtual",
        ),
        ({"updatable": False}, "column videos.title: updatable changed from yes to no"),
        (
            {"source": ("api", "Videos", "title")},
            'column videos.title: source changed from none to api."Videos".title',
        ),
        (
            {"comment": "Shown in lists."},
            'column videos.title: comment changed from none to "Shown in lists."',
        ),
    ],
)
def test_column_changes(changes: dict[str, Any], message: str) -> None:
    change = _one(_edit_column("videos", "title", **changes))
    assert (change.kind, change.action, change.path, change.message) == (
        "column",
        "changed",
        "videos.title",
        message,
    )


def test_column_nullability_tightened_and_default_dropped() -> None:
    assert _one(_edit_column("videos", "description", nullable=False)).message == (
        "column videos.description: nullability changed from nullable to not null"
    )
    assert _one(_edit_column("videos", "id", default=None)).message == (
        "column videos.id: default changed from gen_random_uuid() to none"
    )


def test_columns_reordered_but_not_by_adding_or_dropping() -> None:
    videos = BASE.table("public", "videos")
    assert videos is not None
    first, second, *rest = videos.columns
    swapped = _edit("videos", columns=_cols(second, first, *rest))
    assert _one(swapped).message == (
        "table videos: columns reordered from id, user_id, title, description, created_at"
        " to user_id, id, title, description, created_at"
    )
    # Dropping the second column shifts every later ordinal; that is not a reorder.
    dropped = _edit("videos", columns=_cols(first, *rest))
    assert _messages(BASE, dropped) == ["column videos.user_id removed"]


def test_quoted_names_in_paths() -> None:
    videos = BASE.table("public", "videos")
    assert videos is not None
    odd = ir.Column(name="Odd Name", ordinal=6, type=TEXT, nullable=True)
    change = _one(_edit("videos", columns=(*videos.columns, odd)))
    assert change.message == 'column videos."Odd Name" added: text, nullable'


# --- enums --------------------------------------------------------------------------


def _labels(*labels: str) -> ir.Catalog:
    return dataclasses.replace(BASE, enums=(dataclasses.replace(ENUM, labels=labels),))


@pytest.mark.parametrize(
    ("labels", "messages"),
    [
        (
            ("pending", "processing", "completed", "failed", "cancelled"),
            ['enum processing_status: label "cancelled" added'],
        ),
        (
            ("queued", "pending", "processing", "completed", "failed"),
            ['enum processing_status: label "queued" added before "pending"'],
        ),
        (
            ("pending", "processing", "completed"),
            ['enum processing_status: label "failed" removed'],
        ),
        (
            ("pending", "running", "completed", "failed"),
            ['enum processing_status: label "processing" renamed to "running"'],
        ),
        (
            ("processing", "pending", "completed", "failed"),
            [
                "enum processing_status: labels reordered"
                " from pending, processing, completed, failed"
                " to processing, pending, completed, failed"
            ],
        ),
        (
            ("pending", "completed", "failed", "cancelled", "expired"),
            [
                'enum processing_status: label "cancelled" added',
                'enum processing_status: label "expired" added',
                'enum processing_status: label "processing" removed',
            ],
        ),
    ],
)
def test_enum_labels(labels: tuple[str, ...], messages: list[str]) -> None:
    assert _messages(BASE, _labels(*labels)) == messages


def test_enum_added_and_removed() -> None:
    no_enum = dataclasses.replace(BASE, enums=())
    assert _messages(no_enum, BASE) == [
        "enum processing_status added: pending, processing, completed, failed"
    ]
    change = _one(no_enum)
    assert (change.kind, change.action, change.message) == (
        "enum",
        "removed",
        "enum processing_status removed",
    )


# --- keys and constraints -------------------------------------------------------


def _fk(table: str, **changes: Any) -> ir.Catalog:
    t = BASE.table("public", table)
    assert t is not None
    return _edit(table, foreign_keys=(dataclasses.replace(t.foreign_keys[0], **changes),))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"on_delete": "cascade"},
            "foreign key video_metadata.video_id: on delete changed from no action to cascade",
        ),
        (
            {"on_update": "restrict"},
            "foreign key video_metadata.video_id: on update changed from no action to restrict",
        ),
        (
            {"ref_table": "video_jobs"},
            "foreign key video_metadata.video_id: references changed"
            " from videos(id) to video_jobs(id)",
        ),
        (
            {"deferrable": True, "initially_deferred": True},
            "foreign key video_metadata.video_id: deferrability changed"
            " from not deferrable to deferrable initially deferred",
        ),
        (
            {"match_full": True},
            "foreign key video_metadata.video_id: match changed from simple to full",
        ),
        (
            {"name": "metadata_video_fk"},
            "foreign key video_metadata.video_id: renamed from video_metadata_video_id_fkey"
            " to metadata_video_fk",
        ),
    ],
)
def test_foreign_key_changes(changes: dict[str, Any], message: str) -> None:
    change = _one(_fk("video_metadata", **changes))
    assert (change.kind, change.path, change.message) == (
        "foreign_key",
        "video_metadata.video_id",
        message,
    )


def test_foreign_key_added_and_removed() -> None:
    none = _edit("videos", foreign_keys=())
    assert _messages(none, BASE) == [
        "foreign key videos.user_id added: references auth.users(id) on delete cascade"
    ]
    assert _messages(BASE, none) == ["foreign key videos.user_id removed"]
    pair = ir.ForeignKey(
        name="pair_fk",
        columns=("video_id", "id"),
        ref_schema="public",
        ref_table="other",
        ref_columns=("a", "b"),
    )
    assert _one(_edit("video_jobs", foreign_keys=(*JOBS.foreign_keys, pair))).message == (
        "foreign key video_jobs.(video_id, id) added: references other(a, b)"
    )


def test_two_foreign_keys_on_one_column_match_by_name() -> None:
    to_videos = JOBS.foreign_keys[0]
    to_meta = dataclasses.replace(to_videos, name="jobs_meta_fk", ref_table="video_metadata")
    both = _edit("video_jobs", foreign_keys=(to_videos, to_meta))
    assert _messages(both, BASE) == ["foreign key video_jobs.video_id removed"]
    cascading = dataclasses.replace(to_meta, on_delete="set null")
    assert _messages(both, _edit("video_jobs", foreign_keys=(to_videos, cascading))) == [
        "foreign key video_jobs.video_id: on delete changed from cascade to set null"
    ]


def test_primary_key() -> None:
    assert _messages(_edit("videos", primary_key=None), BASE) == ["primary key videos added: (id)"]
    assert _messages(BASE, _edit("videos", primary_key=None)) == ["primary key videos removed"]
    wider = ir.PrimaryKey(name="videos_pkey", columns=("id", "user_id"))
    change = _one(_edit("videos", primary_key=wider))
    assert (change.kind, change.path, change.message) == (
        "primary_key",
        "videos",
        "primary key videos: columns changed from (id) to (id, user_id)",
    )


def test_unique_constraints() -> None:
    none = _edit("video_metadata", unique_constraints=())
    assert _messages(none, BASE) == ["unique constraint video_metadata.video_id added"]
    assert _messages(BASE, none) == ["unique constraint video_metadata.video_id removed"]
    nnd = ir.UniqueConstraint(
        name="video_metadata_video_id_key", columns=("video_id",), nulls_not_distinct=True
    )
    assert _one(_edit("video_metadata", unique_constraints=(nnd,))).message == (
        "unique constraint video_metadata.video_id: nulls changed from distinct to not distinct"
    )


def test_check_constraints() -> None:
    check = VIDEOS.check_constraints[0]
    assert _messages(BASE, _edit("videos", check_constraints=())) == [
        "check constraint videos.videos_title_not_blank removed"
    ]
    assert _messages(_edit("videos", check_constraints=()), BASE) == [
        "check constraint videos.videos_title_not_blank added: (length(btrim(title)) > 0)"
    ]
    stricter = dataclasses.replace(check, expression="(length(btrim(title)) > 2)")
    assert _one(_edit("videos", check_constraints=(stricter,))).message == (
        "check constraint videos.videos_title_not_blank: expression changed"
        " from (length(btrim(title)) > 0) to (length(btrim(title)) > 2)"
    )
    renamed = dataclasses.replace(check, name="title_present")
    assert _one(_edit("videos", check_constraints=(renamed,))).message == (
        "check constraint videos.videos_title_not_blank renamed to title_present"
    )


# --- indexes ------------------------------------------------------------------------


def test_indexes() -> None:
    idx = VIDEOS.indexes[0]
    assert _messages(_edit("videos", indexes=()), BASE) == [
        "index videos.videos_user_id_created_at_idx added: USING btree (user_id, created_at DESC)"
    ]
    assert _messages(BASE, _edit("videos", indexes=())) == [
        "index videos.videos_user_id_created_at_idx removed"
    ]
    asc = _index(idx.name, "videos", "(user_id, created_at)", "user_id", "created_at")
    assert _one(_edit("videos", indexes=(asc,))).message == (
        "index videos.videos_user_id_created_at_idx: definition changed"
        " from USING btree (user_id, created_at DESC) to USING btree (user_id, created_at)"
    )
    unique = _index(idx.name, "videos", "(user_id)", "user_id", unique=True)
    assert _messages(_edit("videos", indexes=()), _edit("videos", indexes=(unique,))) == [
        "index videos.videos_user_id_created_at_idx added: UNIQUE USING btree (user_id)"
    ]


def test_index_renamed_with_same_definition_is_a_rename() -> None:
    idx = VIDEOS.indexes[0]
    renamed = _index(
        "videos_by_user_idx", "videos", "(user_id, created_at DESC)", "user_id", "created_at"
    )
    change = _one(_edit("videos", indexes=(renamed,)))
    assert (change.kind, change.action, change.path, change.message) == (
        "index",
        "changed",
        f"videos.{idx.name}",
        f"index videos.{idx.name} renamed to videos_by_user_idx",
    )


def test_index_names_and_tables_in_quotes_are_taken_out_of_the_definition() -> None:
    def quoted(name: str) -> ir.Index:
        definition = f'CREATE INDEX "{name}" ON "My Schema"."My Table" USING btree (a)'
        return ir.Index(
            name=name,
            unique=False,
            method="btree",
            elements=("a",),
            expressions=(False,),
            definition=definition,
        )

    old = _edit("videos", indexes=(quoted("By A"),))
    assert _messages(old, _edit("videos", indexes=(quoted("By  A"),))) == [
        'index videos."By A" renamed to "By  A"'
    ]


def test_index_without_definition_is_described_from_its_fields() -> None:
    bare = ir.Index(
        name="jobs_partial_idx",
        unique=False,
        method="btree",
        elements=("video_id",),
        expressions=(False,),
        include=("status",),
        predicate="(error_message IS NULL)",
    )
    assert _one(_edit("video_jobs", indexes=(bare,))).message == (
        "index video_jobs.jobs_partial_idx added:"
        " USING btree (video_id) INCLUDE (status) WHERE (error_message IS NULL)"
    )


# --- policies -------------------------------------------------------------------


def test_policies() -> None:
    policy = VIDEOS.policies[0]
    path = 'videos."Users can view their own videos"'
    assert _messages(_edit("videos", policies=()), BASE) == [
        f"policy {path} added: for select to authenticated"
    ]
    assert _messages(BASE, _edit("videos", policies=())) == [f"policy {path} removed"]
    changed = dataclasses.replace(
        policy, command="ALL", permissive=False, roles=("anon", "authenticated"), with_check="true"
    )
    assert _messages(BASE, _edit("videos", policies=(changed,))) == [
        f"policy {path}: command changed from select to all",
        f"policy {path}: mode changed from permissive to restrictive",
        f"policy {path}: roles changed from authenticated to anon, authenticated",
        f"policy {path}: with check expression changed from none to true",
    ]
    using = dataclasses.replace(policy, using="true")
    assert _one(_edit("videos", policies=(using,))).message == (
        f"policy {path}: using expression changed"
        " from (( SELECT auth.uid() AS uid) = user_id) to true"
    )
    renamed = dataclasses.replace(policy, name="own videos")
    assert _one(_edit("videos", policies=(renamed,))).message == (
        f'policy {path} renamed to "own videos"'
    )
    public = dataclasses.replace(policy, name="p", roles=(), permissive=False)
    assert "policy videos.p added: for select to public as restrictive" in _messages(
        BASE, _edit("videos", policies=(policy, public))
    )


# --- functions, composite types, domains --------------------------------------------


def _functions(*functions: ir.Function) -> ir.Catalog:
    return dataclasses.replace(BASE, functions=functions)


def test_functions() -> None:
    search = ir.Function(
        schema="public",
        name="search_videos",
        identity_arguments="q text",
        arguments=(ir.Argument(name="q", type=TEXT),),
        return_type=ir.TypeRef(schema="public", name="videos", kind="composite", display="videos"),
        returns_set=True,
        volatility="stable",
    )
    both = _functions(SET_UPDATED_AT, search)
    change = _one(both)
    assert (change.kind, change.action, change.path, change.message) == (
        "function",
        "added",
        "search_videos(q text)",
        "function search_videos(q text) added: returns setof videos",
    )
    assert _messages(both, BASE) == ["function search_videos(q text) removed"]
    counted = dataclasses.replace(search, return_type=_t("bigint", "int8"), returns_set=False)
    assert _messages(both, _functions(SET_UPDATED_AT, counted)) == [
        "function search_videos(q text): return type changed from setof videos to bigint"
    ]
    tweaked = dataclasses.replace(
        search,
        volatility="volatile",
        security_definer=True,
        language="plpgsql",
        arguments=(ir.Argument(name="q", type=TEXT, has_default=True),),
    )
    assert _messages(both, _functions(SET_UPDATED_AT, tweaked)) == [
        "function search_videos(q text): arguments changed from (q text) to (q text with default)",
        "function search_videos(q text): language changed from sql to plpgsql",
        "function search_videos(q text): security changed from invoker to definer",
        "function search_videos(q text): volatility changed from stable to volatile",
    ]


def test_function_returning_table_and_procedure() -> None:
    table_fn = ir.Function(
        schema="api",
        name="stats",
        identity_arguments="",
        arguments=(
            ir.Argument(name="total", type=INT, mode="table"),
            ir.Argument(name="failed", type=INT, mode="table"),
        ),
        return_type=None,
        returns_set=True,
    )
    assert _one(_functions(SET_UPDATED_AT, table_fn)).message == (
        "function api.stats() added: returns table(total integer, failed integer)"
    )
    wider = dataclasses.replace(table_fn, arguments=(ir.Argument(name="total", type=_t("bigint")),))
    wider = dataclasses.replace(
        wider, arguments=(dataclasses.replace(wider.arguments[0], mode="table"),)
    )
    assert _messages(_functions(table_fn), _functions(wider)) == [
        "function api.stats(): return type changed from table(total integer, failed integer)"
        " to table(total bigint)"
    ]
    proc = ir.Function(
        schema="public",
        name="purge",
        identity_arguments="days integer",
        arguments=(ir.Argument(name="days", type=INT),),
        return_type=None,
        kind="procedure",
    )
    assert _one(_functions(SET_UPDATED_AT, proc)).message == "procedure purge(days integer) added"


def test_composite_types_and_domains() -> None:
    money = ir.CompositeType(
        schema="public",
        name="money_amount",
        attributes=(
            ir.Attribute(name="amount", ordinal=1, type=INT),
            ir.Attribute(name="currency", ordinal=2, type=TEXT),
        ),
    )
    with_money = dataclasses.replace(BASE, composite_types=(money,))
    assert (
        _one(with_money).message
        == "composite type money_amount added: amount integer, currency text"
    )
    bigger = dataclasses.replace(
        money,
        attributes=(
            dataclasses.replace(money.attributes[0], type=_t("bigint")),
            money.attributes[1],
        ),
    )
    assert _messages(with_money, dataclasses.replace(BASE, composite_types=(bigger,))) == [
        "attribute money_amount.amount: type changed from integer to bigint"
    ]
    email = ir.Domain(schema="public", name="email", base=TEXT)
    with_email = dataclasses.replace(BASE, domains=(email,))
    assert _one(with_email).message == "domain email added: text"
    strict = dataclasses.replace(
        email,
        nullable=False,
        checks=(ir.CheckConstraint(name="email_check", expression="(VALUE ~ '@')"),),
    )
    assert _messages(with_email, dataclasses.replace(BASE, domains=(strict,))) == [
        "domain email: nullability changed from nullable to not null",
        "check constraint email.email_check added: (VALUE ~ '@')",
    ]


def test_schemas_list_change() -> None:
    change = _one(dataclasses.replace(BASE, schemas=("public", "api")))
    assert (change.kind, change.path, change.message) == (
        "catalog",
        "",
        "schemas changed from public to public, api",
    )


# --- completeness and order ---------------------------------------------------------


# Tuple fields of plain values (labels, key columns...), changed even when empty.
_VALUE_TUPLES = frozenset({"schemas", "labels", "roles", "columns", "ref_columns", "include"})


def _mutations(value: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    """(where, value with one leaf field changed) for every leaf field under ``value``."""
    if isinstance(value, tuple):
        for i, item in enumerate(value):
            for where, mutated in _mutations(item, f"{path}[{i}]"):
                yield where, (*value[:i], mutated, *value[i + 1 :])
        return
    for f in dataclasses.fields(value):
        if not f.init or f.name == "ordinal":  # ordinals count only through their order
            continue
        current = getattr(value, f.name)
        # Tuples of IR objects are walked into; empty ones have nothing to change.
        nested = isinstance(current, tuple) and any(dataclasses.is_dataclass(v) for v in current)
        if isinstance(current, tuple) and not current and f.name not in _VALUE_TUPLES:
            continue
        if dataclasses.is_dataclass(current) or nested:
            for where, mutated in _mutations(current, f"{path}.{f.name}"):
                yield where, dataclasses.replace(value, **{f.name: mutated})
            continue
        yield f"{path}.{f.name}", dataclasses.replace(value, **{f.name: _other(current, f.name)})


def _other(current: Any, name: str) -> Any:
    """A different, still valid value for a field."""
    choices: dict[str, tuple[Any, Any]] = {
        "kind": ("view", "table"),
        "on_delete": ("restrict", "cascade"),
        "on_update": ("restrict", "cascade"),
        "identity": ("always", "by default"),
        "command": ("ALL", "SELECT"),
        "mode": ("out", "in"),
        "volatility": ("immutable", "stable"),
        "source": (("public", "videos", "id"), ("public", "videos", "title")),
    }
    if name in choices:
        a, b = choices[name]
        return a if current != a else b
    if isinstance(current, bool):
        return not current
    if isinstance(current, int):
        return current + 1
    if isinstance(current, tuple):
        return (*current, "extra")
    return (current or "") + "_x"


RICH = dataclasses.replace(
    BASE,
    tables=(
        *BASE.tables,
        dataclasses.replace(METADATA, name="v", kind="view", view_definition="SELECT 1"),
    ),
    composite_types=(
        ir.CompositeType(
            schema="public", name="pair", attributes=(ir.Attribute(name="a", ordinal=1, type=INT),)
        ),
    ),
    domains=(
        ir.Domain(
            schema="public",
            name="email",
            base=TEXT,
            checks=(ir.CheckConstraint(name="c", expression="true"),),
        ),
    ),
    functions=(
        dataclasses.replace(
            SET_UPDATED_AT,
            name="f",
            identity_arguments="a integer",
            arguments=(ir.Argument(name="a", type=INT),),
        ),
    ),
)
RICH = dataclasses.replace(
    RICH,
    tables=tuple(
        dataclasses.replace(
            t,
            unique_constraints=METADATA.unique_constraints,
            indexes=VIDEOS.indexes,
            policies=VIDEOS.policies,
            check_constraints=VIDEOS.check_constraints,
        )
        for t in RICH.tables
    ),
)


@pytest.mark.parametrize("mutated", [pytest.param(m, id=w) for w, m in _mutations(RICH)])
def test_every_ir_field_difference_is_reported(mutated: ir.Catalog) -> None:
    assert mutated != RICH
    assert diff_catalogs(RICH, mutated)
    assert diff_catalogs(mutated, RICH)


def test_order_is_sorted_and_independent_of_input_order() -> None:
    jobs = BASE.table("public", "video_jobs")
    assert jobs is not None
    new = _with_table(
        _labels("pending", "processing", "completed", "failed", "cancelled"),
        dataclasses.replace(
            jobs,
            columns=(*jobs.columns, ir.Column(name="progress", ordinal=5, type=INT, nullable=True)),
            rls_enabled=True,
        ),
    )
    new = _with_table(new, dataclasses.replace(METADATA, name="video_thumbnails"))
    new = dataclasses.replace(
        new, tables=tuple(t for t in new.tables if t.name != "video_metadata")
    )
    expected = [
        'enum processing_status: label "cancelled" added',
        "table video_jobs: row level security enabled",
        "column video_jobs.progress added: integer, nullable",
        "table video_metadata removed",
        "table video_thumbnails added",
    ]
    assert _messages(BASE, new) == expected
    rng = random.Random(7)
    for _ in range(5):
        tables = list(new.tables)
        rng.shuffle(tables)
        assert _messages(BASE, dataclasses.replace(new, tables=tuple(tables))) == expected
    changes = diff_catalogs(BASE, new)
    assert [c.sort_key for c in changes] == sorted(c.sort_key for c in changes)


# --- against Postgres: the example migrations, one ALTER per change kind -------------


def _example_db(url: str, setup: str = "") -> ir.Catalog:
    """Apply the Supabase shim, the example migrations and ``setup``; read the catalog."""
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(SHIM_PATH.read_text(encoding="utf-8"))
        for migration in sorted(MIGRATIONS.glob("*.sql")):
            conn.execute(migration.read_text(encoding="utf-8"))
        if setup:
            conn.execute(setup)
        return read_catalog(conn, ("public",))


def _apply_and_read(url: str, sql: str) -> ir.Catalog:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql)
        return read_catalog(conn, ("public",))


_GENERATED = (
    "alter table public.video_metadata"
    " add column pixels bigint generated always as (width * height) stored"
)
_NO_ACTION_FK = (
    "alter table public.video_metadata drop constraint video_metadata_video_id_fkey,"
    " add constraint video_metadata_video_id_fkey foreign key (video_id)"
    " references public.videos (id)"
)
_CASCADE_FK = _NO_ACTION_FK + " on delete cascade"
_COUNT_FN = (
    "create function public.video_count(uid uuid) returns {} language sql stable"
    " as $$ select count(*)::{} from public.videos where user_id = uid $$"
)
_VIEW = "create view public.video_titles as select id, title from public.videos"
_POLICY = 'videos."Users can view their own videos"'

# (setup run before reading the old catalog, the ALTER, the exact sentences)
PG_CASES = [
    pytest.param(
        "alter table public.video_jobs drop column progress",
        "alter table public.video_jobs add column progress integer",
        ["column video_jobs.progress added: integer, nullable"],
        id="column-added",
    ),
    pytest.param(
        "",
        "alter table public.video_jobs drop column error_message",
        ["column video_jobs.error_message removed"],
        id="column-removed",
    ),
    pytest.param(
        "",
        "alter table public.videos alter column mime_type type varchar(200)",
        [
            "column videos.mime_type: type changed"
            " from character varying(100) to character varying(200)"
        ],
        id="column-type",
    ),
    pytest.param(
        "",
        "alter table public.videos alter column title type varchar(200)",
        [
            "column videos.title: type changed from text to character varying(200)",
            # The check on title now casts it; Postgres rewrote the expression.
            "check constraint videos.videos_title_not_blank: expression changed"
            " from (length(btrim(title)) > 0) to (length(btrim((title)::text)) > 0)",
        ],
        id="column-type-rewrites-check",
    ),
    pytest.param(
        "",
        "alter table public.videos alter column description set not null",
        ["column videos.description: nullability changed from nullable to not null"],
        id="column-nullability",
    ),
    pytest.param(
        "",
        "alter table public.videos alter column file_size set default 0",
        ["column videos.file_size: default changed from none to 0"],
        id="column-default",
    ),
    pytest.param(
        "alter table public.videos alter column created_at drop default",
        "alter table public.videos alter column created_at set default now()",
        ["column videos.created_at: default changed from none to now()"],
        id="column-default-now",
    ),
    pytest.param(
        "",
        _GENERATED,
        ["column video_metadata.pixels added: bigint, nullable, generated as (width * height)"],
        id="generated-column-added",
    ),
    pytest.param(
        "",
        _GENERATED.replace(" stored", " virtual"),
        [
            "column video_metadata.pixels added:"
            " bigint, nullable, generated as (width * height) virtual"
        ],
        id="virtual-generated-column-added",
    ),
    pytest.param(
        _GENERATED,
        "alter table public.video_metadata alter column pixels set expression as (width * 2)",
        [
            "column video_metadata.pixels: generated expression changed"
            " from (width * height) to (width * 2)"
        ],
        id="generated-expression",
    ),
    pytest.param(
        "",
        "comment on column public.videos.title is 'Shown in lists.'",
        ['column videos.title: comment changed from none to "Shown in lists."'],
        id="column-comment",
    ),
    pytest.param(
        "",
        "alter type public.processing_status add value 'cancelled'",
        ['enum processing_status: label "cancelled" added'],
        id="enum-label-added",
    ),
    pytest.param(
        "",
        "alter type public.processing_status add value 'queued' before 'pending'",
        ['enum processing_status: label "queued" added before "pending"'],
        id="enum-label-added-before",
    ),
    pytest.param(
        "",
        "alter type public.processing_status rename value 'failed' to 'errored'",
        ['enum processing_status: label "failed" renamed to "errored"'],
        id="enum-label-renamed",
    ),
    pytest.param(
        "create type public.video_visibility as enum ('private', 'public')",
        "drop type public.video_visibility",
        ["enum video_visibility removed"],
        id="enum-removed",
    ),
    pytest.param(
        _NO_ACTION_FK,
        _CASCADE_FK,
        ["foreign key video_metadata.video_id: on delete changed from no action to cascade"],
        id="fk-on-delete",
    ),
    pytest.param(
        "",
        "alter table public.video_jobs drop constraint video_jobs_video_id_fkey",
        ["foreign key video_jobs.video_id removed"],
        id="fk-removed",
    ),
    pytest.param(
        "alter table public.video_jobs drop constraint video_jobs_video_id_fkey",
        "alter table public.video_jobs add foreign key (video_id) references public.videos (id)"
        " on delete cascade",
        ["foreign key video_jobs.video_id added: references videos(id) on delete cascade"],
        id="fk-added",
    ),
    pytest.param(
        "create table public.video_thumbnails (id uuid primary key)",
        "drop table public.video_thumbnails",
        ["table video_thumbnails removed"],
        id="table-removed",
    ),
    pytest.param(
        "",
        "create table public.video_thumbnails (id uuid primary key)",
        ["table video_thumbnails added"],
        id="table-added",
    ),
    pytest.param("", _VIEW, ["view video_titles added"], id="view-added"),
    pytest.param(
        _VIEW,
        "create or replace view public.video_titles as"
        " select id, title, description from public.videos",
        [
            "view video_titles: definition changed",
            "column video_titles.description added: text, nullable",
        ],
        id="view-changed",
    ),
    pytest.param(
        _VIEW,
        "create or replace view public.video_titles as"
        " select id, upper(title) as title from public.videos",
        [
            "view video_titles: definition changed",
            "column video_titles.title: nullability changed from not null to nullable",
            "column video_titles.title: source changed from videos.title to none",
            "column video_titles.title: updatable changed from yes to no",
        ],
        id="view-column-becomes-an-expression",
    ),
    pytest.param(
        "",
        "alter table public.video_metadata drop constraint video_metadata_pkey",
        ["primary key video_metadata removed"],
        id="pk-removed",
    ),
    pytest.param(
        "",
        "alter table public.video_metadata drop constraint video_metadata_video_id_key",
        ["unique constraint video_metadata.video_id removed"],
        id="unique-removed",
    ),
    pytest.param(
        "",
        "alter table public.videos add constraint videos_file_path_key unique (file_path)",
        ["unique constraint videos.file_path added"],
        id="unique-added",
    ),
    pytest.param(
        "",
        "create index videos_title_idx on public.videos (title)",
        ["index videos.videos_title_idx added: USING btree (title)"],
        id="index-added",
    ),
    pytest.param(
        "",
        "drop index public.video_jobs_pending_idx",
        ["index video_jobs.video_jobs_pending_idx removed"],
        id="index-removed",
    ),
    pytest.param(
        "",
        "alter index public.videos_user_id_created_at_idx rename to videos_by_user_idx",
        ["index videos.videos_user_id_created_at_idx renamed to videos_by_user_idx"],
        id="index-renamed",
    ),
    pytest.param(
        "",
        "drop index public.videos_user_id_created_at_idx;"
        " create index videos_user_id_created_at_idx on public.videos (user_id, created_at)",
        [
            "index videos.videos_user_id_created_at_idx: definition changed"
            " from USING btree (user_id, created_at DESC) to USING btree (user_id, created_at)"
        ],
        id="index-definition",
    ),
    pytest.param(
        "",
        "alter table public.videos drop constraint videos_file_size_non_negative",
        ["check constraint videos.videos_file_size_non_negative removed"],
        id="check-removed",
    ),
    pytest.param(
        "",
        "alter table public.videos add constraint videos_file_size_limit"
        " check (file_size < 10000000000)",
        [
            "check constraint videos.videos_file_size_limit added:"
            " (file_size < '10000000000'::bigint)"
        ],
        id="check-added",
    ),
    pytest.param(
        "",
        _COUNT_FN.format("bigint", "bigint"),
        ["function video_count(uid uuid) added: returns bigint"],
        id="function-added",
    ),
    pytest.param(
        _COUNT_FN.format("integer", "integer"),
        "drop function public.video_count(uuid);" + _COUNT_FN.format("bigint", "bigint"),
        ["function video_count(uid uuid): return type changed from integer to bigint"],
        id="function-return-type",
    ),
    pytest.param(
        _COUNT_FN.format("bigint", "bigint"),
        "drop function public.video_count(uuid)",
        ["function video_count(uid uuid) removed"],
        id="function-removed",
    ),
    pytest.param(
        "",
        "alter table public.videos disable row level security",
        ["table videos: row level security disabled"],
        id="rls-disabled",
    ),
    pytest.param(
        "alter table public.videos disable row level security",
        "alter table public.videos enable row level security",
        ["table videos: row level security enabled"],
        id="rls-enabled",
    ),
    pytest.param(
        "",
        'drop policy "Users can view their own videos" on public.videos',
        [f"policy {_POLICY} removed"],
        id="policy-removed",
    ),
    pytest.param(
        'drop policy "Users can view their own videos" on public.videos',
        'create policy "Users can view their own videos" on public.videos for select'
        " to authenticated using ((select auth.uid()) = user_id)",
        [f"policy {_POLICY} added: for select to authenticated"],
        id="policy-added",
    ),
    pytest.param(
        "",
        'alter policy "Users can view their own videos" on public.videos to anon, authenticated',
        [f"policy {_POLICY}: roles changed from authenticated to anon, authenticated"],
        id="policy-roles",
    ),
    pytest.param(
        "",
        'alter policy "Users can view their own videos" on public.videos using (true)',
        [
            f"policy {_POLICY}: using expression changed"
            " from (( SELECT auth.uid() AS uid) = user_id) to true"
        ],
        id="policy-using",
    ),
    pytest.param(
        "",
        'alter policy "Users can view their own videos" on public.videos rename to "Own videos"',
        [f'policy {_POLICY} renamed to "Own videos"'],
        id="policy-renamed",
    ),
    pytest.param(
        "",
        "comment on table public.videos is 'Uploaded videos.'",
        [
            "table videos: comment changed from"
            ' "A video uploaded by a user; the file itself lives in storage." to "Uploaded videos."'
        ],
        id="table-comment",
    ),
]


@pytest.mark.pg
@pytest.mark.parametrize(("setup", "alter", "expected"), PG_CASES)
def test_alter_on_the_example_gives_the_sentence(
    fresh_db: str, setup: str, alter: str, expected: list[str]
) -> None:
    old = _example_db(fresh_db, setup)
    new = _apply_and_read(fresh_db, alter)
    assert _messages(old, new) == expected


@pytest.mark.pg
def test_recreating_an_index_with_the_same_definition_is_no_change(fresh_db: str) -> None:
    old = _example_db(fresh_db)
    new = _apply_and_read(
        fresh_db,
        "drop index public.video_jobs_pending_idx;"
        " create index video_jobs_pending_idx on public.video_jobs (created_at)"
        " where status = 'pending';"
        # A no-op ALTER of another kind, for good measure.
        " alter table public.videos alter column title set not null;",
    )
    assert new == old
    assert diff_catalogs(old, new) == []


@pytest.mark.pg
def test_many_changes_come_out_sorted_and_stable_through_a_snapshot(fresh_db: str) -> None:
    old = _example_db(fresh_db)
    new = _apply_and_read(
        fresh_db,
        "alter type public.processing_status add value 'cancelled';"
        " alter table public.video_jobs drop column error_message;"
        " alter table public.videos disable row level security;"
        " create table public.video_thumbnails (id uuid primary key);"
        " alter table public.video_metadata alter column width set default 0;",
    )
    expected = [
        'enum processing_status: label "cancelled" added',
        "column video_jobs.error_message removed",
        "column video_metadata.width: default changed from none to 0",
        "table video_thumbnails added",
        "table videos: row level security disabled",
    ]
    assert _messages(old, new) == expected
    # What `check` compares: the committed snapshot against the live catalog.
    committed = snapshot.loads(snapshot.dump(old))
    assert diff_catalogs(committed, new) == diff_catalogs(old, new)
