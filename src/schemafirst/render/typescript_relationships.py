"""The ``Relationships`` of ``database.ts``: foreign keys as PostgREST embeds along them.

A foreign key relates its table to the table it references. PostgREST, and so
supabase-js, also lets a view stand in for either side when the view shows
every column of that side (``Column.source``, followed through views of
views): the key is then listed once more for each such view, as view → table,
table → view and view → view, and once per way of picking the view's columns
when a view shows a key column twice. That is what the Supabase CLI lists
(postgres-meta's port of PostgREST's ``allViewsKeyDependencies``).

A relation lists the relationships it is the referencing side of, to
relations of its own schema only, sorted as the CLI sorts them: by key name,
referenced relation, referenced columns, then columns. Keys of tables in
schemas that were not read are not in the IR, so a view of such a table gets
none of them (the CLI lists those).
"""

from __future__ import annotations

import itertools
import json
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from schemafirst import ir

Key = tuple[str, str]
ColumnKey = tuple[str, str, str]
# base relation -> view -> base column -> the view's columns that show it
Exposures = dict[Key, dict[Key, dict[str, list[str]]]]


@dataclass(frozen=True, slots=True)
class Relationship:
    """One entry of a relation's ``Relationships``."""

    name: str
    schema: str
    relation: str
    columns: tuple[str, ...]
    one_to_one: bool
    ref_schema: str
    ref_relation: str
    ref_columns: tuple[str, ...]


def list_relationships(catalog: ir.Catalog) -> dict[Key, list[Relationship]]:
    """(schema, relation) -> the relationships it lists, in the CLI's order."""
    exposures = _exposures(catalog)
    found: dict[Key, list[Relationship]] = defaultdict(list)
    for table in catalog.tables:
        for fk in table.foreign_keys:
            for rel in _expand(table, fk, exposures):
                if rel.ref_schema == rel.schema:
                    found[(rel.schema, rel.relation)].append(rel)
    return {key: sorted(rels, key=_order) for key, rels in found.items()}


def _order(rel: Relationship) -> tuple[str, ...]:
    # The CLI compares the column lists as JSON text.
    return (rel.name, rel.ref_relation, _json(rel.ref_columns), _json(rel.columns))


def _json(items: Sequence[str]) -> str:
    return json.dumps(list(items), ensure_ascii=False, separators=(",", ":"))


def _exposures(catalog: ir.Catalog) -> Exposures:
    """Which view columns show which base columns, at every step of a chain of views."""
    out: Exposures = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
    for view in catalog.tables:
        for col in view.columns:
            for schema, relation, column in _lineage(catalog, col):
                out[(schema, relation)][(view.schema, view.name)][column].append(col.name)
    return out


def _lineage(catalog: ir.Catalog, col: ir.Column) -> Iterator[ColumnKey]:
    """``col.source``, its source, and so on while the source is a view that was read."""
    seen: set[ColumnKey] = set()
    source = col.source
    while source is not None and source not in seen:
        seen.add(source)
        yield source
        relation = catalog.table(source[0], source[1])
        if relation is None:
            return
        try:
            source = relation.column(source[2]).source
        except KeyError:
            return


def _sides(
    exposures: Exposures, schema: str, relation: str, columns: tuple[str, ...]
) -> Iterator[tuple[str, str, tuple[str, ...]]]:
    """The relation itself with ``columns``, then every view showing all of them, every way."""
    yield schema, relation, columns
    views = exposures.get((schema, relation), {})
    for (view_schema, view_name), shown in sorted(views.items()):
        if all(c in shown for c in columns):
            for picked in itertools.product(*(shown[c] for c in columns)):
                yield view_schema, view_name, picked


def _expand(table: ir.Table, fk: ir.ForeignKey, exposures: Exposures) -> Iterator[Relationship]:
    """The key between the tables, and between every view standing in for either."""
    one_to_one = table.is_key(fk.columns)
    targets = list(_sides(exposures, fk.ref_schema, fk.ref_table, fk.ref_columns))
    for schema, relation, columns in _sides(exposures, table.schema, table.name, fk.columns):
        for ref_schema, ref_relation, ref_columns in targets:
            yield Relationship(
                name=fk.name,
                schema=schema,
                relation=relation,
                columns=columns,
                one_to_one=one_to_one,
                ref_schema=ref_schema,
                ref_relation=ref_relation,
                ref_columns=ref_columns,
            )
