"""The ``docs`` target: Mermaid checked by Mermaid, Markdown checked by GitHub's parser.

- every ``erDiagram`` (the example, the hostile case, the docs case below)
  goes through ``mermaid.parse()`` of mermaid 12 under jsdom, in one Node
  run (``tests/typescript/mermaid-parse.mjs``); a broken diagram, and the
  docs case rendered without its Mermaid escaping, must be rejected by it;
- the data dictionary is rendered to HTML by cmark-gfm (GitHub's Markdown
  parser) and every table must keep its shape, every hostile text come back
  exactly as the database holds it, and no HTML from the database survive;
- cardinality, one diagram per schema and the size guard are read from the
  rendered diagram text;
- goldens: ``generated/docs/schema.md`` (the example) and
  ``tests/cases/hostile/expected/docs/schema.md``.

The docs case (:data:`DOCS_SQL`) lives here rather than in a case folder: a
case folder is rendered and type-checked by every target's tests, and this
one exists only for what the docs target shows.
"""

from __future__ import annotations

import html.parser
import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from casekit import CASES, build_case_db, check_golden

from schemafirst import ir, snapshot
from schemafirst.config import Config, parse
from schemafirst.errors import ConfigError
from schemafirst.introspect import read_catalog
from schemafirst.introspect.embedded import SHIM_PATH
from schemafirst.render import docs, docs_syntax
from schemafirst.render.base import RenderInputs

ROOT = Path(__file__).resolve().parents[1]
HARNESS = Path(__file__).parent / "typescript"
PARSER = HARNESS / "mermaid-parse.mjs"

# Hostile text for the dictionary and the diagram, and every cardinality.
COMMENT = "a | b\\|c\nsecond line `code` </script><script>alert(1)</script> *em* $x$ ~~s~~ #1"
DOCS_SQL = r'''
create schema shop;
create schema hidden;
create table hidden.vault (id integer primary key);

-- Names Mermaid reads as keywords, directions, directives, generics, key markers.
create table public."🎉 party" (id integer primary key);
create table public."end" (id integer primary key, party_id integer references public."🎉 party");
create table public."one" (id integer primary key);
create table public."direction TB" (id integer primary key);
create table public."%%{init: {'theme':'dark'}}%%" (id integer primary key);
create table public."a~b~c" (
  "pk" integer primary key,
  "FK" integer references public."one",
  "x~y~z" text unique,
  "say ""hi""" text,
  "a\|b" text,
  "Uk[]" integer
);
comment on table public."a~b~c" is '# not a heading
> not a quote
1. not a list';
comment on column public."a~b~c"."say ""hi""" is $c$COMMENT$c$;
create type public.mood as enum ('a|b', '`', '', '</script>', 'x
y', 'direction LR');
comment on type public.mood is 'Pipes | and <b>bold</b>';
create table public.t (id integer primary key, m public.mood, check (m::text || 'x' <> 'y'));
alter table public.t enable row level security;
create policy "all | ""quoted"" `x` </script>" on public.t for select to authenticated using (true);
create view public."weird | view" as select id from public.t;
comment on view public."weird | view" is 'A view | with a pipe';

-- Cardinality: one-to-many, optional, one-to-one, identifying, self, composite, cross-schema.
create domain shop.ref_id as integer not null;
create table shop.parent (id integer primary key);
create table shop.child (id integer primary key, parent_id integer not null references shop.parent);
create table shop.maybe (id integer primary key, parent_id integer references shop.parent);
create table shop.profile (
  id integer primary key, parent_id integer not null unique references shop.parent
);
create table shop.extension (parent_id integer primary key references shop.parent);
create table shop.via_domain (id integer primary key, parent_id shop.ref_id references shop.parent);
create table shop.node (id integer primary key, parent_id integer references shop.node);
create table shop.orders (a integer, b integer, primary key (a, b));
create table shop.lines (
  a integer, b integer, n integer, primary key (a, b, n),
  foreign key (a, b) references shop.orders
);
create table shop.receipt (
  a integer not null, b integer not null, unique (a, b),
  foreign key (a, b) references shop.orders
);
create table shop.guest (
  id integer primary key,
  party_id integer references public."🎉 party",
  vault_id integer not null references hidden.vault
);
'''.replace("$c$COMMENT$c$", "$c$" + COMMENT + "$c$")
DOCS_SCHEMAS = ("public", "shop")


def render_docs(
    catalog: ir.Catalog, *, max_tables: int = 100, templates_dir: Path | None = None
) -> str:
    """``schema.md`` of ``catalog``, as the pipeline renders it."""
    config = Config(
        root=ROOT,
        out=ROOT / "generated",
        diagram_max_tables=max_tables,
        templates_dir=templates_dir,
    )
    plan = docs.render(RenderInputs(catalog=catalog, config=config))
    assert list(plan) == ["generated/docs/schema.md"]
    return plan["generated/docs/schema.md"].text


def diagrams(markdown: str) -> list[str]:
    """The bodies of the ```mermaid fences."""
    return re.findall(r"^```mermaid\n(.*?)^```$", markdown, flags=re.M | re.S)


# --------------------------------------------------------------------------- catalogs


@pytest.fixture(scope="module")
def example() -> str:
    return render_docs(snapshot.load(ROOT / "schema" / "snapshot.json"))


@pytest.fixture(scope="module")
def docs_case(pg_server: Any) -> Iterator[tuple[ir.Catalog, str]]:
    """The docs case, read from a real Postgres (Supabase shim for its roles)."""
    name = "docs_case"
    with psycopg.connect(pg_server.url, autocommit=True) as conn:
        conn.execute(f'drop database if exists "{name}" with (force)')
        conn.execute(f'create database "{name}"')
    try:
        with psycopg.connect(pg_server.database_url(name), autocommit=True) as conn:
            conn.execute(SHIM_PATH.read_text(encoding="utf-8"))
            conn.execute(DOCS_SQL)
            catalog = read_catalog(conn, DOCS_SCHEMAS)
        yield catalog, render_docs(catalog)
    finally:
        with psycopg.connect(pg_server.url, autocommit=True) as conn:
            conn.execute(f'drop database if exists "{name}" with (force)')


@pytest.fixture(scope="module")
def hostile(pg_server: Any) -> Iterator[str]:
    name = "docs_hostile"
    with psycopg.connect(pg_server.url, autocommit=True) as conn:
        conn.execute(f'drop database if exists "{name}" with (force)')
        conn.execute(f'create database "{name}"')
    try:
        yield render_docs(build_case_db("hostile", pg_server.database_url(name)))
    finally:
        with psycopg.connect(pg_server.url, autocommit=True) as conn:
            conn.execute(f'drop database if exists "{name}" with (force)')


# --------------------------------------------------------------------------- Mermaid


def _require_mermaid() -> None:
    """Skip without Node (fail under CI); install the harness when mermaid is missing."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        if os.environ.get("CI"):
            pytest.fail("node/npm are required for the Mermaid checks under CI")
        pytest.skip("node/npm not installed")
    if not (HARNESS / "node_modules" / "mermaid" / "package.json").exists():
        subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund"], cwd=HARNESS, check=True, capture_output=True
        )


BROKEN = 'erDiagram\n  orders ||--o{ : "no entity on the right"\n  orders {\n    int pk\n  }\n'


@pytest.fixture(scope="module")
def mermaid(
    example: str,
    hostile: str,
    docs_case: tuple[ir.Catalog, str],
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, list[dict[str, Any]]]:
    """One Node run of mermaid.parse over every file; results keyed by file stem."""
    _require_mermaid()
    catalog, _ = docs_case
    folder = tmp_path_factory.mktemp("mermaid")
    files = {
        "example": example,
        "hostile": hostile,
        "docs_case": docs_case[1],
        "broken": f"```mermaid\n{BROKEN}```\n",
        "unescaped": _render_unescaped(catalog),
    }
    for stem, text in files.items():
        (folder / f"{stem}.md").write_text(text, encoding="utf-8")
    proc = subprocess.run(
        ["node", str(PARSER), *(str(folder / f"{stem}.md") for stem in files)],
        cwd=HARNESS, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    results: dict[str, list[dict[str, Any]]] = {stem: [] for stem in files}
    for line in proc.stdout.splitlines():
        item = json.loads(line)
        results[Path(item["file"]).stem].append(item)
    assert proc.returncode == 1, (proc.stdout, proc.stderr)  # the broken ones fail
    return results


def _render_unescaped(catalog: ir.Catalog) -> str:
    """The docs case with Mermaid labels pasted raw: what the escaping prevents."""
    mp = pytest.MonkeyPatch()
    with mp.context() as patch:
        patch.setattr(docs, "mermaid_label", lambda text: text)
        patch.setattr(docs_syntax, "mermaid_label", lambda text: text)
        return render_docs(catalog)


@pytest.mark.node
@pytest.mark.pg
def test_mermaid_parses_every_diagram(mermaid: dict[str, list[dict[str, Any]]]) -> None:
    """The example (1 schema), the hostile case (1) and the docs case (2) parse as erDiagrams."""
    for stem, count in (("example", 1), ("hostile", 1), ("docs_case", 2)):
        got = mermaid[stem]
        assert [r["ok"] for r in got] == [True] * count, got
        assert {r["type"] for r in got} == {"er"}


@pytest.mark.node
@pytest.mark.pg
def test_mermaid_rejects_broken_and_unescaped_diagrams(
    mermaid: dict[str, list[dict[str, Any]]],
) -> None:
    """The check can fail: a broken erDiagram, and our own output without escaping."""
    (broken,) = mermaid["broken"]
    assert not broken["ok"] and "Parse error" in broken["error"], broken
    unescaped = mermaid["unescaped"]
    assert len(unescaped) == 2 and not all(r["ok"] for r in unescaped), unescaped


# --------------------------------------------------------------------------- goldens


def test_example_golden(example: str, update_goldens: bool) -> None:
    check_golden(ROOT / "generated" / "docs" / "schema.md", example, update=update_goldens)


@pytest.mark.pg
def test_hostile_golden(hostile: str, update_goldens: bool) -> None:
    check_golden(
        CASES / "hostile" / "expected" / "docs" / "schema.md", hostile, update=update_goldens
    )


# --------------------------------------------------------------------------- Markdown


class _Html(html.parser.HTMLParser):
    """Tables (rows of cell texts, ``<br>`` as a newline), h4 texts, and every tag seen."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[str]]] = []
        self.headings: list[str] = []
        self.tags: set[str] = set()
        self._cell: list[str] | None = None
        self._heading: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "h4":
            self._heading = []
        elif tag == "br" and self._cell is not None:
            self._cell.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append("".join(self._cell))
            self._cell = None
        elif tag == "h4" and self._heading is not None:
            self.headings.append("".join(self._heading))
            self._heading = None

    def handle_data(self, data: str) -> None:
        for part in (self._cell, self._heading):
            if part is not None:
                part.append(data)


def github_html(markdown: str) -> str:
    """``markdown`` as GitHub renders it: cmark-gfm, raw HTML allowed, its tag filter on."""
    import cmarkgfm
    from cmarkgfm.cmark import Options

    return cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)


def read_html(page: str) -> _Html:
    parsed = _Html()
    parsed.feed(page)
    return parsed


def _table_with(parsed: _Html, header: list[str], first: str) -> list[list[str]]:
    """The table with this header whose first body cell is ``first``."""
    for table in parsed.tables:
        if table[0] == header and len(table) > 1 and table[1][0] == first:
            return table
    raise AssertionError(f"no table {header} starting with {first!r}")


def _delimiter_counts(markdown: str) -> set[int]:
    """Cell delimiters per table line: pipes after an even run of backslashes."""
    counts = set()
    for line in markdown.splitlines():
        if line.startswith("| "):
            runs = re.findall(r"(\\*)\|", line)
            counts.add(sum(1 for run in runs if len(run) % 2 == 0))
    return counts


COLUMNS = ["Column", "Type", "Nullable", "Default", "Key", "Comment"]


@pytest.mark.pg
def test_dictionary_tables_keep_their_shape_and_text(docs_case: tuple[ir.Catalog, str]) -> None:
    """Pipes, newlines, backticks and HTML from the database neither split a row nor render."""
    catalog, markdown = docs_case
    parsed = read_html(github_html(markdown))
    assert parsed.tables, "no table rendered"
    # cmark-gfm pads or drops cells to the header's count, so the shape is read
    # from the source: every row has as many cell delimiters as its header.
    assert _delimiter_counts(markdown) == {len(t[0]) + 1 for t in parsed.tables}
    hostile = catalog.table("public", "a~b~c")
    assert hostile is not None
    rows = _table_with(parsed, COLUMNS, "pk")
    # Each column row reads back exactly: name, type and comment, line break included.
    assert [row[0] for row in rows[1:]] == [c.name for c in hostile.columns]
    said = next(row for row in rows if row[0] == 'say "hi"')
    assert said[5] == COMMENT
    assert rows[1][4] == "PK" and next(r for r in rows if r[0] == "FK")[4] == "FK"
    enums = _table_with(parsed, ["Enum", "Labels", "Comment"], "mood")
    assert enums[1][2] == "Pipes | and <b>bold</b>"
    assert enums[1][1] == "a|b, `, (empty), </script>, x\u2424y, direction LR"
    policy = 'all | "quoted" `x` </script>'
    policies = _table_with(parsed, ["Policy", "Command", "Roles", "Kind"], policy)
    assert policies[1][1:] == ["SELECT", "authenticated", "permissive"]
    # No element came from database text: only what the template writes.
    assert parsed.tags <= {"h1", "h2", "h3", "h4", "p", "pre", "code", "table", "thead", "tbody",
                           "tr", "th", "td", "ul", "li", "br", "blockquote", "em"}  # fmt: skip
    assert "script" not in parsed.tags and "b" not in parsed.tags
    assert {"a~b~c", "weird | view", "🎉 party", "%%{init: {'theme':'dark'}}%%"} <= set(
        h.removesuffix(" (view)") for h in parsed.headings
    )


@pytest.mark.pg
def test_comment_paragraph_starts_no_block(docs_case: tuple[ir.Catalog, str]) -> None:
    """A table comment opening with '#', '>' or '1.' stays one paragraph of plain text."""
    _, markdown = docs_case
    page = github_html(markdown)
    assert "<p># not a heading<br>&gt; not a quote<br>1. not a list</p>" in page
    tags = read_html(page).tags
    assert {"blockquote", "ol"}.isdisjoint(tags), tags


# --------------------------------------------------------------------------- diagram shape


@pytest.mark.pg
def test_cardinality_from_keys_and_nullability(docs_case: tuple[ir.Catalog, str]) -> None:
    _, markdown = docs_case
    public, shop = diagrams(markdown)
    relationships = {line.strip() for line in shop.splitlines() if " : " in line}
    assert relationships == {
        'parent ||..o{ child : "parent_id"',  # one-to-many
        'parent |o..o{ maybe : "parent_id"',  # nullable FK: zero or one parent
        'parent ||..o| profile : "parent_id"',  # unique FK: one-to-one
        'parent ||--o| extension : "parent_id"',  # FK is the primary key: identifying
        'parent ||..o{ via_domain : "parent_id"',  # NOT NULL domain: exactly one
        'node |o..o{ node : "parent_id"',  # self reference
        'orders ||--o{ lines : "a, b"',  # composite, part of the primary key
        'orders ||..o| receipt : "a, b"',  # composite and unique: one-to-one
        'public_party |o..o{ guest : "party_id"',  # another schema's table
        'hidden_vault ||..o{ guest : "vault_id"',  # a schema that was not read
    }
    assert 'public_party["public.🎉 party"]' in shop
    assert 'hidden_vault["hidden.vault"]' in shop
    # Keywords and odd names become aliases with the real name as label.
    assert 't_end["end"]' in public and 't_one["one"]' in public
    assert 'direction_TB["direction#32;TB"]' in public
    assert 'party["🎉 party"]' in public
    assert 'party |o..o{ t_end : "party_id"' in public


@pytest.mark.pg
def test_key_attributes_are_safe_tokens(docs_case: tuple[ir.Catalog, str]) -> None:
    _, markdown = docs_case
    public = diagrams(markdown)[0]
    block = public.split('a_b_c["a#126;b#126;c"] {', 1)[1].split("}", 1)[0]
    lines = [line.strip() for line in block.strip().splitlines()]
    assert lines == [
        'int4 _pk PK "pk"',
        'int4 _FK FK "FK"',
        'text x_y_z UK "x#126;y#126;z"',
    ]


def _catalog(tables_per_schema: dict[str, int]) -> ir.Catalog:
    int4 = ir.TypeRef(schema="pg_catalog", name="int4", kind="base", display="integer")
    tables = [
        ir.Table(
            schema=schema,
            name=f"t{i:03}",
            kind="table",
            columns=(ir.Column(name="id", ordinal=1, type=int4, nullable=False),),
            primary_key=ir.PrimaryKey(name=f"t{i:03}_pkey", columns=("id",)),
        )
        for schema, count in tables_per_schema.items()
        for i in range(count)
    ]
    return ir.Catalog(schemas=tuple(tables_per_schema), tables=tuple(tables))


def test_size_guard_leaves_out_the_diagram_not_the_dictionary() -> None:
    catalog = _catalog({"big": 101, "small": 2})
    markdown = render_docs(catalog)
    (small,) = diagrams(markdown)
    assert "t000 {" in small and "t001 {" in small
    big = markdown.split("## Schema `big`", 1)[1].split("## Schema `small`", 1)[0]
    assert "```mermaid" not in big
    assert "No diagram: schema `big` has 101 tables, more than `diagram_max_tables` (100)" in big
    assert big.count("\n#### `t") == 101
    assert len(diagrams(render_docs(catalog, max_tables=101))) == 2
    assert diagrams(render_docs(catalog, max_tables=0)) == []


def test_diagram_limit_is_a_validated_config_key(tmp_path: Path) -> None:
    assert parse({"diagram_max_tables": 7}, root=tmp_path, origin="t").diagram_max_tables == 7
    assert parse({}, root=tmp_path, origin="t").diagram_max_tables == 100
    for bad in (-1, "100", 1.5):
        with pytest.raises(ConfigError, match="diagram_max_tables"):
            parse({"diagram_max_tables": bad}, root=tmp_path, origin="t")
    assert "docs" not in parse({"targets": {"docs": False}}, root=tmp_path, origin="t").targets


def test_overriding_one_block_changes_only_that_block(example: str, tmp_path: Path) -> None:
    """A user's template extends the default and adds a line to every table's section."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "schema.md.j2").write_text(
        '{% extends "docs/schema.md.j2" %}\n'
        "{% block table %}{{ super() }}\nOwned by the data team.\n{% endblock %}\n",
        encoding="utf-8",
    )
    catalog = snapshot.load(ROOT / "schema" / "snapshot.json")
    custom = render_docs(catalog, templates_dir=tmp_path)
    assert custom.count("\nOwned by the data team.\n") == 3  # videos, video_jobs, video_metadata
    assert custom.replace("\nOwned by the data team.\n", "") == example
    assert diagrams(custom) == diagrams(example)


def test_generate_and_check_cover_docs(tmp_path: Path) -> None:
    """`generate` writes docs/schema.md; `check` reports it stale when a comment changes."""
    import sys

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        return subprocess.run(
            [sys.executable, "-m", "schemafirst", *args, "--out", str(tmp_path / "out")],
            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300,
        )  # fmt: skip

    source = tmp_path / "snapshot.json"
    source.write_bytes((ROOT / "schema" / "snapshot.json").read_bytes())
    made = cli("generate", "--snapshot", str(source), "--target", "docs")
    assert made.returncode == 0, made.stderr
    written = (tmp_path / "out" / "docs" / "schema.md").read_text(encoding="utf-8")
    assert written == (ROOT / "generated" / "docs" / "schema.md").read_text(encoding="utf-8")
    assert cli("check", "--snapshot", str(source), "--target", "docs").returncode == 0
    data = json.loads(source.read_text(encoding="utf-8"))
    data["catalog"]["tables"][0]["comment"] = "Changed | comment"
    source.write_text(json.dumps(data), encoding="utf-8")
    stale = cli("check", "--snapshot", str(source), "--target", "docs")
    assert stale.returncode == 1, stale.stderr
    assert "docs/schema.md" in stale.stdout + stale.stderr
    assert "Changed \\| comment" in stale.stdout + stale.stderr
