"""The ``docs`` target: ``docs/schema.md``, the schema shown to people.

Per schema read, a Mermaid ``erDiagram`` of its tables (key columns only,
marked PK/FK/UK) and their foreign keys, then a data dictionary: every table
and view with its comment, columns (type, nullability, default, comment),
keys, checks, indexes, row-level security and policies, and the schema's
enums with their labels. GitHub renders the ``mermaid`` fence as a diagram.

Cardinality comes from the constraints: the referenced side is exactly one
when every foreign-key column is NOT NULL (a NOT NULL domain counts), zero or
one otherwise; the referencing side is zero or one when the foreign-key
columns are a key of their table (:meth:`ir.Table.is_key`), zero or more
otherwise. The line is solid (identifying) when the foreign-key columns are
part of the referencing table's primary key, dashed otherwise. A table
referenced from another schema, or from one that was not read, appears as a
bare entity named ``schema.table``.

A schema with more tables than ``diagram_max_tables`` (config, default 100)
gets a note instead of its diagram: Mermaid lays such a graph out into an
unreadable picture, and GitHub stops rendering large diagrams.

View model of ``templates/docs/schema.md.j2`` (every string final and
escaped, by :mod:`schemafirst.render.docs_syntax`)::

    schemas: the schemas read (Markdown)
    sections[]: name, diagram (None when left out), note
        diagram: entities[] {ref, attributes[] {type, name, key, comment}},
                 relationships[] {left, cardinality, right, label}
        tables[], views[]: name, kind, comment, rls, columns[] {name, type,
            nullable, default, key, comment}, constraints[] (lines),
            policies[] {name, command, roles, kind}
        enums[]: name, labels, comment
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from schemafirst import typemap
from schemafirst.render.base import Plan, RenderedFile, RenderInputs, render_template, with_header
from schemafirst.render.docs_syntax import (
    EntityIds,
    md_code,
    md_code_list,
    md_paragraph,
    md_text,
    mermaid_label,
    mermaid_token,
    mermaid_type,
)

if TYPE_CHECKING:
    from schemafirst.ir import Catalog, Column, Enum, ForeignKey, Table

NAME = "docs"
NEEDS_API = False

DIAGRAM_KINDS = ("table", "partitioned_table", "foreign_table")
_KIND_LABEL = {
    "table": "table",
    "partitioned_table": "partitioned table",
    "foreign_table": "foreign table",
    "view": "view",
    "materialized_view": "materialized view",
}


def render(inputs: RenderInputs) -> Plan:
    """``schema.md`` under the target's folder."""
    config = inputs.config
    path = f"{config.target_path(NAME)}/schema.md"
    context = build_context(inputs.catalog, max_tables=config.diagram_max_tables)
    text = render_template("docs/schema.md.j2", context, user_dir=config.templates_dir)
    return {path: RenderedFile(with_header(path, text))}


def build_context(catalog: Catalog, *, max_tables: int) -> dict[str, Any]:
    """The view model of ``schema.md``."""
    sections = [_section(catalog, schema, max_tables) for schema in catalog.schemas]
    return {
        "schemas": md_code_list(catalog.schemas),
        "sections": sections,
    }


def _section(catalog: Catalog, schema: str, max_tables: int) -> dict[str, Any]:
    relations = sorted((t for t in catalog.tables if t.schema == schema), key=lambda t: t.name)
    tables = [t for t in relations if t.kind in DIAGRAM_KINDS]
    diagram, note = None, None
    if len(tables) > max_tables:
        note = (
            f"No diagram: schema {md_code(schema)} has {len(tables)} tables, more than "
            f"`diagram_max_tables` ({max_tables}). A diagram that large is unreadable and "
            "GitHub stops rendering it; set `diagram_max_tables` in `[tool.schemafirst]` "
            "to draw it anyway. The data dictionary below is complete."
        )
    elif tables:
        diagram = _diagram(catalog, schema, tables)
    enums = sorted((e for e in catalog.enums if e.schema == schema), key=lambda e: e.name)
    return {
        "name": md_code(schema),
        "diagram": diagram,
        "note": note,
        "tables": [_relation(catalog, t) for t in tables],
        "views": [_relation(catalog, t) for t in relations if t.kind not in DIAGRAM_KINDS],
        "enums": [_enum(e) for e in enums],
    }


# ----------------------------------------------------------------------------- diagram


def _key_markers(table: Table) -> dict[str, list[str]]:
    """Column name -> its markers among PK, FK, UK."""
    marks: dict[str, list[str]] = {}

    def mark(columns: tuple[str, ...], marker: str) -> None:
        for name in columns:
            found = marks.setdefault(name, [])
            if marker not in found:
                found.append(marker)

    if table.primary_key:
        mark(table.primary_key.columns, "PK")
    for fk in table.foreign_keys:
        mark(fk.columns, "FK")
    for unique in table.unique_constraints:
        mark(unique.columns, "UK")
    for index in table.indexes:
        if index.unique and not index.predicate and not any(index.expressions):
            mark(index.elements, "UK")
    return marks


def _diagram(catalog: Catalog, schema: str, tables: list[Table]) -> dict[str, Any]:
    names: dict[tuple[str, str], str] = {(schema, t.name): t.name for t in tables}
    for t in tables:
        for fk in t.foreign_keys:
            target = (fk.ref_schema, fk.ref_table)
            if target not in names:
                names[target] = f"{fk.ref_schema}.{fk.ref_table}"
    ids = EntityIds(names)
    entities = []
    for t in tables:
        marks = _key_markers(t)
        attributes = [
            {
                "type": mermaid_type(c.type.name, c.type.array_dimensions),
                "name": mermaid_token(c.name),
                # The real name, when the diagram had to write another word.
                "comment": mermaid_label(c.name) if mermaid_token(c.name) != c.name else "",
                "key": ", ".join(marks[c.name]),
            }
            for c in t.columns
            if c.name in marks
        ]
        entities.append({"ref": ids.ref((schema, t.name)), "attributes": attributes})
    # Referenced tables outside this diagram: bare entities (names keeps insertion order).
    entities += [{"ref": ids.ref(key), "attributes": []} for key in list(names)[len(tables) :]]
    relationships = [
        _relationship(catalog, ids, schema, t, fk) for t in tables for fk in t.foreign_keys
    ]
    return {"entities": entities, "relationships": relationships}


def _relationship(
    catalog: Catalog, ids: EntityIds, schema: str, table: Table, fk: ForeignKey
) -> dict[str, str]:
    columns = [table.column(name) for name in fk.columns]
    optional = any(typemap.column_nullable(catalog, c) for c in columns)
    one_child = table.is_key(fk.columns)
    pk = table.primary_key
    identifying = pk is not None and set(fk.columns) <= set(pk.columns)
    left = "|o" if optional else "||"
    right = "o|" if one_child else "o{"
    return {
        "left": ids.id((fk.ref_schema, fk.ref_table)),
        "cardinality": f"{left}{'--' if identifying else '..'}{right}",
        "right": ids.id((schema, table.name)),
        "label": mermaid_label(", ".join(fk.columns)),
    }


# ----------------------------------------------------------------------------- dictionary


def _relation(catalog: Catalog, table: Table) -> dict[str, Any]:
    marks = _key_markers(table)
    return {
        "name": md_code(table.name),
        "kind": _KIND_LABEL[table.kind],
        "comment": md_paragraph(table.comment) if table.comment else "",
        "rls": _rls(table),
        "columns": [_column(catalog, c, marks.get(c.name, [])) for c in table.columns],
        "constraints": _constraints(table),
        "policies": [
            {
                "name": md_code(p.name),
                "command": p.command,
                "roles": md_code_list(p.roles) if p.roles else "all",
                "kind": "permissive" if p.permissive else "restrictive",
            }
            for p in table.policies
        ],
    }


def _rls(table: Table) -> str:
    if table.kind not in DIAGRAM_KINDS:
        return ""
    if not table.rls_enabled:
        return "disabled"
    return "enabled and forced" if table.rls_forced else "enabled"


def _column(catalog: Catalog, col: Column, keys: list[str]) -> dict[str, str]:
    return {
        "name": md_code(col.name),
        "type": md_code(col.type.display),
        "nullable": "yes" if typemap.column_nullable(catalog, col) else "no",
        "default": _default(col),
        "key": ", ".join(keys),
        "comment": md_text(col.comment) if col.comment else "",
    }


def _default(col: Column) -> str:
    if col.identity is not None:
        return md_code(f"generated {col.identity} as identity")
    if col.generated is not None:
        stored = "stored" if col.generated_stored else "virtual"
        return md_code(f"generated always as ({col.generated}) {stored}")
    return md_code(col.default) if col.default is not None else ""


def _constraints(table: Table) -> list[str]:
    """One Markdown line per key, foreign key, check and index."""
    lines = []
    if table.primary_key:
        pk = table.primary_key
        lines.append(f"Primary key {md_code(pk.name)}: {md_code_list(pk.columns)}")
    for u in table.unique_constraints:
        lines.append(f"Unique {md_code(u.name)}: {md_code_list(u.columns)}")
    for fk in table.foreign_keys:
        target = md_code(f"{fk.ref_schema}.{fk.ref_table}")
        actions = "".join(
            f", on {event} {action}"
            for event, action in (("delete", fk.on_delete), ("update", fk.on_update))
            if action != "no action"
        )
        lines.append(
            f"Foreign key {md_code(fk.name)}: {md_code_list(fk.columns)} → {target} "
            f"({md_code_list(fk.ref_columns)}){actions}"
        )
    for check in table.check_constraints:
        lines.append(f"Check {md_code(check.name)}: {md_code(check.expression)}")
    for index in table.indexes:
        shown = index.definition or ", ".join(index.elements)
        lines.append(f"Index {md_code(index.name)}: {md_code(shown)}")
    return lines


def _enum(enum: Enum) -> dict[str, str]:
    return {
        "name": md_code(enum.name),
        "labels": md_code_list(enum.labels),
        "comment": md_text(enum.comment) if enum.comment else "",
    }
