"""Relations without a primary key, and config ``primary_keys`` (issue 4).

The ``keyless`` case also runs through every test of ``test_sqlalchemy.py``
(goldens, ruff, reflection, ``create_all`` round trip, async rows). Here:

- a bad ``primary_keys`` entry is one ``ConfigError`` sentence naming the key,
  from the renderer and as exit code 2 from the CLI;
- with a real Postgres and a sync ``Session``: keyed tables and views load
  through their classes, the mapper has the configured key while the ``Table``
  keeps none, and ``create_all`` creates neither the views nor a primary key;
- a keyless pure association table renders (as ``secondary=``) without config.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
import test_sqlalchemy as sa_tests
from casekit import CASES
from test_cli import run

from schemafirst.config import Config
from schemafirst.errors import ConfigError
from schemafirst.introspect.embedded import SHIM_PATH, EmbeddedPostgres
from schemafirst.ir import Catalog, Column, ForeignKey, PrimaryKey, Table, TableKind, TypeRef
from schemafirst.render import sqlalchemy as sqlalchemy_target
from schemafirst.render.base import RenderInputs

INT = TypeRef(schema="pg_catalog", name="int4", kind="base", display="integer")
SCHEMA = CASES / "keyless" / "schema.sql"
ROOT = Path("/tmp/schemafirst-keyless")  # never written: renderers only return text


def _table(
    name: str,
    *columns: str,
    kind: TableKind = "table",
    pk: bool = False,
    refs: tuple[str, ...] = (),
) -> Table:
    """``public.name`` with int columns; ``pk`` keys it by the first, ``refs`` are FK targets."""
    cols = tuple(
        Column(name=c, ordinal=i, type=INT, nullable=True) for i, c in enumerate(columns, 1)
    )
    fks = tuple(
        ForeignKey(
            name=f"{name}_{c}_fkey",
            columns=(c,),
            ref_schema="public",
            ref_table=ref,
            ref_columns=("id",),
        )
        for c, ref in zip(columns, refs, strict=False)
    )
    key = PrimaryKey(name=f"{name}_pkey", columns=(columns[0],)) if pk else None
    return Table(
        schema="public", name=name, kind=kind, columns=cols, primary_key=key, foreign_keys=fks
    )


CATALOG = Catalog(
    schemas=("public",),
    tables=(
        _table("things", "id", "name", pk=True),
        _table("log", "at", "message"),
        _table("totals", "thing_id", "n", kind="view"),
    ),
)


def _render(catalog: Catalog, **primary_keys: list[str]) -> str:
    config = Config(
        root=ROOT, out=ROOT / "gen", primary_keys={k: tuple(v) for k, v in primary_keys.items()}
    )
    plan = sqlalchemy_target.render(RenderInputs(catalog=catalog, config=config))
    return next(f.text for path, f in plan.items() if path.endswith("models.py"))


@pytest.mark.parametrize(
    ("key", "columns", "message"),
    [
        ("public.nope", ["id"], "key 'public.nope' names no table or view"),
        ("log", ["at"], "key 'log' names no table or view"),
        ("public.log", ["at", "nope"], "key 'public.log' names column 'nope', which the table"),
        ("public.totals", ["n", "n"], "key 'public.totals' names a column twice"),
        ("public.things", ["name"], "key 'public.things': the table already has a primary key"),
    ],
)
def test_bad_primary_keys_are_one_sentence_naming_the_key(
    key: str, columns: list[str], message: str
) -> None:
    with pytest.raises(ConfigError) as info:
        _render(CATALOG, **{key: columns})
    assert message in str(info.value)
    assert "[tool.schemafirst.primary_keys]" in str(info.value)
    assert "\n" not in str(info.value)


def test_keyed_relations_become_classes_others_stay_tables() -> None:
    text = _render(CATALOG, **{"public.log": ["at", "message"], "public.totals": ["thing_id"]})
    assert "class Log(Base):" in text and "class Total(Base):" in text
    assert '__mapper_args__: Mapping[str, Any] = {"primary_key": ("at", "message")}' in text
    assert '__mapper_args__: Mapping[str, Any] = {"primary_key": ("thing_id",)}' in text
    assert "metadata = view_metadata" in text and "view_metadata = MetaData()" in text
    assert text.count("primary_key=True") == 1  # things.id, the real key
    assert "Table(" not in text
    plain = _render(CATALOG)
    assert "t_log = Table(" in plain and "t_totals = Table(" in plain
    assert "class Log" not in plain and "__mapper_args__" not in plain


def test_keyless_association_table_is_a_secondary() -> None:
    """Two keys to two mapped tables and nothing else: ``secondary=``, no config needed."""
    a, b = _table("a", "id", pk=True), _table("b", "id", pk=True)
    ab = _table("ab", "a_id", "b_id", refs=("a", "b"))
    text = _render(Catalog(schemas=("public",), tables=(a, ab, b)))
    assert "t_ab = Table(" in text and "secondary=t_ab" in text


def test_cli_exits_2_naming_the_key(tmp_path: Path) -> None:
    config = tmp_path / "schemafirst.toml"
    config.write_text('[primary_keys]\n"public.videos_view" = ["id"]\n', encoding="utf-8")
    snapshot = sa_tests.REPO / "schema" / "snapshot.json"
    out = tmp_path / "out"
    proc = run("generate", "--config", str(config), "--snapshot", str(snapshot), "--out", str(out))
    assert proc.returncode == 2, proc.stderr
    message = proc.stderr.strip()
    assert "'public.videos_view' names no table or view" in message
    assert len(message.splitlines()) == 1, message


# --------------------------------------------------------------------------- real Postgres

SESSION = """
import json, sys
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session, configure_mappers, joinedload
import python.models as m

configure_mappers()
out = {
    "mapper_pk": [c.name for c in m.AccountEvent.__mapper__.primary_key],
    "table_pk": [c.name for c in m.AccountEvent.__table__.primary_key],
    "base_tables": sorted(m.Base.metadata.tables),
    "view_tables": sorted(m.view_metadata.tables),
}
engine = create_engine(sys.argv[1])
with Session(engine) as session:
    events = session.scalars(
        select(m.AccountEvent).options(joinedload(m.AccountEvent.account))
        .order_by(m.AccountEvent.at)
    ).all()
    out["events"] = [[e.account.name, e.kind_name, e.detail] for e in events]
    first = session.get(m.AccountEvent, (events[0].account_id, events[0].at))
    out["identity"] = first is events[0]
    totals = session.scalars(select(m.AccountTotal).order_by(m.AccountTotal.account_id)).all()
    out["totals"] = [[t.account_id, t.name, t.events] for t in totals]
    out["kinds"] = sorted(k.kind_name for k in session.scalars(select(m.EventKind)))
    out["tags"] = {
        a.name: sorted(t.label for t in a.tags) for a in session.scalars(select(m.Account))
    }
engine.dispose()
print(json.dumps(out))
"""

CREATE_ALL = """
import json, sys
from sqlalchemy import create_engine, inspect
import python.models as m

engine = create_engine(sys.argv[1])
m.Base.metadata.create_all(engine)
insp = inspect(engine)
out = {
    "created": sorted(insp.get_table_names()),
    "views": sorted(insp.get_view_names() + insp.get_materialized_view_names()),
    "pk": insp.get_pk_constraint("account_events")["constrained_columns"],
}
engine.dispose()
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def keyless(
    pg_server: EmbeddedPostgres, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Path]]:
    """The seeded keyless case database and its rendered models: (URL, folder for sys.path)."""
    name = "keyless_rows"
    with psycopg.connect(pg_server.url, autocommit=True) as conn:
        conn.execute(f'drop database if exists "{name}" with (force)')
        conn.execute(f'create database "{name}"')
    try:
        url = pg_server.database_url(name)
        sa_tests.apply_sql(url, SHIM_PATH, SCHEMA, sa_tests.SEED["keyless"])
        catalog = sa_tests.read(url, ("public",))
        root = tmp_path_factory.mktemp("keyless")
        sa_tests.render_python(catalog, root, sa_tests.case_config("keyless", root, ("public",)))
        yield url, root / "gen"
    finally:
        with psycopg.connect(pg_server.url, autocommit=True) as conn:
            conn.execute(f'drop database if exists "{name}" with (force)')


@pytest.mark.pg
def test_keyed_relations_query_with_a_sync_session(keyless: tuple[str, Path]) -> None:
    url, folder = keyless
    out = sa_tests.run_python(SESSION, folder, sa_tests.sa_url(url, "psycopg"))
    assert out["mapper_pk"] == ["account_id", "at"] and out["table_pk"] == []
    assert "account_events" in out["base_tables"] and "account_totals" not in out["base_tables"]
    assert out["view_tables"] == ["account_totals", "event_kinds", "recent_events"]
    assert out["events"] == [
        ["Ann", "login", {"ip": "10.0.0.1"}],
        ["Ann", "logout", None],
        ["Bob", "login", None],
    ]
    assert out["identity"] is True
    assert out["totals"] == [[1, "Ann", 2], [2, "Bob", 1]]
    assert out["kinds"] == ["login", "logout"]
    assert out["tags"] == {"Ann": ["new", "vip"], "Bob": ["new"]}


@pytest.mark.pg
def test_create_all_creates_no_view_and_no_key(keyless: tuple[str, Path], fresh_db: str) -> None:
    """The view classes live on view_metadata; the keyed table is created as it is: keyless."""
    _, folder = keyless
    out = sa_tests.run_python(CREATE_ALL, folder, sa_tests.sa_url(fresh_db, "psycopg"))
    assert out["created"] == ["account_events", "account_tags", "accounts", "audit_log", "tags"]
    assert out["views"] == [] and out["pk"] == []


def test_case_config_names_keys() -> None:
    """The case's config.toml is what its goldens are rendered with."""
    keys = sa_tests.case_config("keyless", Path("/tmp"), ("public",)).primary_keys
    assert keys == {
        "public.account_events": ("account_id", "at"),
        "public.account_totals": ("account_id",),
        "public.event_kinds": ("kind name",),
    }
