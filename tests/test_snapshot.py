"""The snapshot: canonical JSON, lossless round trip, clear errors."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from casekit import build_case_db

from schemafirst import ir, snapshot
from schemafirst.errors import SnapshotError


def _catalog() -> ir.Catalog:
    int4 = ir.TypeRef(schema="pg_catalog", name="int4", kind="base", display="integer")
    text_arr = ir.TypeRef(
        schema="pg_catalog", name="text", kind="base", display="text[]", array_dimensions=1
    )
    table = ir.Table(
        schema="public",
        name="t",
        kind="table",
        columns=(
            ir.Column(name="id", ordinal=1, type=int4, nullable=False, identity="always"),
            ir.Column(name="tags", ordinal=2, type=text_arr, nullable=True, comment='say "*/"'),
        ),
        primary_key=ir.PrimaryKey(name="t_pkey", columns=("id",)),
        policies=(ir.Policy(name="p", command="SELECT", permissive=True, roles=("anon",)),),
    )
    view = ir.Table(
        schema="public",
        name="v",
        kind="view",
        columns=(
            ir.Column(
                name="id", ordinal=1, type=int4, nullable=False, source=("public", "t", "id")
            ),
            ir.Column(name="n", ordinal=2, type=int4, nullable=True, updatable=False),
        ),
    )
    virtual = ir.Column(
        name="twice",
        ordinal=3,
        type=int4,
        nullable=True,
        generated="(id * 2)",
        generated_stored=False,
    )
    table = dataclasses.replace(table, columns=(*table.columns, virtual))
    enum = ir.Enum(schema="public", name="mood", labels=("sad", "ok", "happy", ""))
    func = ir.Function(
        schema="public",
        name="f",
        identity_arguments="a integer",
        arguments=(ir.Argument(name="a", type=int4),),
        return_type=None,
    )
    return ir.Catalog(schemas=("public",), tables=(table, view), enums=(enum,), functions=(func,))


def test_round_trip_and_canonical_form() -> None:
    catalog = _catalog()
    text = snapshot.dump(catalog)
    assert snapshot.loads(text) == catalog
    assert snapshot.dump(snapshot.loads(text)) == text
    body = json.loads(text)
    assert body["format_version"] == snapshot.FORMAT_VERSION
    assert list(body) == sorted(body)
    column = body["catalog"]["tables"][0]["columns"][0]
    assert "default" not in column  # defaults are left out
    assert "updatable" not in column and "generated_stored" not in column and "source" not in column
    view = body["catalog"]["tables"][1]["columns"]
    assert (view[0]["source"], view[1]["updatable"]) == (["public", "t", "id"], False)
    assert snapshot.loads(text).table("public", "t") is not None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "is not valid JSON"),
        ('{"format_version": 99, "catalog": {}}', "format_version 99"),
        ('{"format_version": 1, "catalog": {"schemas": ["a"], "tablez": []}}', "unknown key"),
        ('{"format_version": 1, "catalog": {"schemas": "public"}}', "expected a list"),
        (
            '{"format_version": 1, "catalog": {"schemas": ["public"], "tables": [{"schema":'
            ' "public", "name": "v", "kind": "view", "columns": [{"name": "a", "ordinal": 1,'
            ' "type": {"schema": "pg_catalog", "name": "int4", "kind": "base", "display":'
            ' "integer"}, "nullable": true, "source": ["public", "t"]}]}]}}',
            "expected 3 items",
        ),
    ],
)
def test_bad_snapshots_are_one_sentence(text: str, message: str) -> None:
    with pytest.raises(SnapshotError, match=message):
        snapshot.loads(text, origin="s.json")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SnapshotError, match="cannot read snapshot"):
        snapshot.load(tmp_path / "nope.json")


def _json_module_dump(catalog: ir.Catalog) -> str:
    """The reference form: the dataclasses as dicts, through ``json.dumps`` with an indent."""

    def encode(value: object) -> object:
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return {
                f.name: encode(getattr(value, f.name))
                for f in dataclasses.fields(value)
                if f.init
                and (f.default is dataclasses.MISSING or getattr(value, f.name) != f.default)
            }
        return [encode(v) for v in value] if isinstance(value, tuple) else value

    body = {"format_version": snapshot.FORMAT_VERSION, "catalog": encode(catalog)}
    return json.dumps(body, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def test_dump_is_byte_identical_to_the_json_module() -> None:
    # dump writes the indented JSON itself (for speed); it must not drift from json's own.
    hostile = 'q"b\\s\x00\x1f\u2028\u00e9\U0001f600 */ \ud800'
    catalog = _catalog()
    table = dataclasses.replace(catalog.tables[0], comment=hostile, name=hostile)
    empty = ir.Table(schema="public", name="", kind="table", columns=())
    catalog = dataclasses.replace(catalog, tables=(table, empty, *catalog.tables[1:]))
    assert snapshot.dump(catalog) == _json_module_dump(catalog)
    assert snapshot.dump(ir.Catalog(schemas=())) == _json_module_dump(ir.Catalog(schemas=()))


@pytest.mark.pg
def test_rich_case_round_trips(fresh_db: str) -> None:
    catalog = build_case_db("rich", fresh_db, schemas=("public", "inventory"))
    assert catalog.tables
    assert snapshot.loads(snapshot.dump(catalog)) == catalog
    assert snapshot.dump(catalog) == _json_module_dump(catalog)
