"""The hostile corpus harness: cases, their databases, rendering, the Python checks.

test_corpus.py drives it. Per case a database (Supabase shim, ``schema.sql``,
``seed.sql``, then a row in any table still empty), its catalog, and every
target rendered into one project. Then, for all cases at once: one ``ruff
check`` and one ``ruff format --check``, and one Python process that imports
every case's modules, configures its mappers and validates every row of every
relation with its ``Row`` model (the TypeScript side is
:mod:`corpuskit_typescript`). Failures are collected per (case, target), never
raised, so one broken case reports itself without hiding the others.

Canaries: ``@MARKER@`` in a case's SQL becomes a fresh folder, and both
runtimes run with that folder as working directory (names and labels are too
short for an absolute path, so their canaries write relative to it).
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
from casekit import CASES
from psycopg import sql

from schemafirst import config as config_mod
from schemafirst import ir, naming, render
from schemafirst.format import ruff_command
from schemafirst.introspect import read_catalog
from schemafirst.introspect.embedded import SHIM_PATH, EmbeddedPostgres
from schemafirst.render.base import RenderInputs

REPO = Path(__file__).resolve().parents[1]
HARNESS = REPO / "tests" / "typescript"
CORPUS = CASES / "corpus"
MARKER = "@MARKER@"
TARGETS = tuple(render.MODULES)
SCRIPTS = Path(__file__).parent / "corpus_scripts"


@dataclass
class Case:
    """One case folder and what happened to it."""

    name: str
    folder: Path
    config: config_mod.Config
    seeded: bool
    url: str = ""
    catalog: ir.Catalog | None = None
    rows: dict[str, list[Any]] = field(default_factory=dict)  # "schema.name" -> row_to_json
    validated: dict[str, int] = field(default_factory=dict)  # "schema.name" -> Row models passed
    failures: dict[str, list[str]] = field(default_factory=dict)  # target -> messages

    def fail(self, target: str, message: str) -> None:
        self.failures.setdefault(target, []).append(message)


@dataclass
class Corpus:
    """Every case, the folders they were rendered to, and the canary folder."""

    cases: list[Case]
    py_root: Path
    ts_root: Path
    marker: Path

    def case(self, name: str) -> Case:
        return next(c for c in self.cases if c.name == name)


def case_folders() -> list[Path]:
    """The corpus cases (``tests/cases/corpus/*``), then the golden cases (``tests/cases/*``)."""
    return sorted(p.parent for p in CORPUS.glob("*/schema.sql")) + sorted(
        p.parent for p in CASES.glob("*/schema.sql")
    )


def load_cases(root: Path) -> list[Case]:
    """A :class:`Case` per folder; its config.toml (if any) shapes schemas, keys and renames."""
    cases = []
    for folder in case_folders():
        name = folder.name
        toml = folder / "config.toml"
        base = config_mod.load(toml) if toml.exists() else config_mod.Config(root=folder)
        targets = {t: f"{t}/{name}" for t in TARGETS}  # e.g. docs/<case>
        targets |= {"sqlalchemy": f"py/corpus_{name}", "pydantic": f"py/corpus_{name}"}
        targets |= {"typescript": f"ts/{name}/types", "tanstack": f"ts/{name}"}
        cfg = dataclasses.replace(
            base, root=root, out=root, output_root=None, snapshot=None, targets=targets
        )
        cases.append(Case(name, folder, cfg, seeded=(folder / "seed.sql").exists()))
    return cases


# --------------------------------------------------------------------------- databases


def build_database(server: EmbeddedPostgres, case: Case, marker: Path) -> None:
    """Create the case's database, seed it, read its catalog and every relation's rows."""
    name = f"corpus_{case.name}"
    with psycopg.connect(server.url, autocommit=True) as conn:
        ident = sql.Identifier(name)
        conn.execute(sql.SQL("drop database if exists {} with (force)").format(ident))
        conn.execute(sql.SQL("create database {}").format(ident))
    case.url = server.database_url(name)
    scripts = [SHIM_PATH] + [case.folder / f for f in ("schema.sql", "seed.sql")]
    with psycopg.connect(case.url, autocommit=True) as conn:
        for script in scripts:
            if script.exists():
                text = script.read_text(encoding="utf-8")
                conn.execute(text.replace(MARKER, str(marker)).encode("utf-8"))
        catalog = read_catalog(conn, case.config.schemas)
        for _ in range(2):  # the second pass fills tables whose FK targets got a row first
            _default_rows(conn, catalog)
        for table in catalog.tables:
            if table.kind == "materialized_view":
                conn.execute(sql.SQL("refresh materialized view {}").format(_ident(table)))
        case.catalog = catalog
        case.rows = {relation_key(t): _rows_json(conn, t) for t in catalog.tables if _readable(t)}


def drop_database(server: EmbeddedPostgres, case: Case) -> None:
    with psycopg.connect(server.url, autocommit=True) as conn:
        ident = sql.Identifier(f"corpus_{case.name}")
        conn.execute(sql.SQL("drop database if exists {} with (force)").format(ident))


# Values for the required columns of a default row, by type (seed.sql does the rest).
_FILLERS = {"int2": "1", "int4": "1", "int8": "1", "text": "x", "varchar": "x", "bool": "true"}


def _default_rows(conn: psycopg.Connection[Any], catalog: ir.Catalog) -> None:
    """A row in every empty table that takes one: defaults, 1 or 'x' where a value is needed."""
    for table in catalog.tables:
        if table.kind not in ("table", "partitioned_table"):
            continue
        exists = sql.SQL("select exists (select from {})").format(_ident(table))
        if conn.execute(exists).fetchone() != (False,):
            continue
        required = [
            c
            for c in table.columns
            if not (c.nullable or c.default or c.identity or c.generated)
            and c.type.name in _FILLERS
            and not c.type.is_array
        ]
        names = sql.SQL(", ").join(sql.Identifier(c.name) for c in required)
        values = sql.SQL(", ").join(sql.Literal(_FILLERS[c.type.name]) for c in required)
        insert = (
            sql.SQL("insert into {} ({}) values ({})").format(_ident(table), names, values)
            if required
            else sql.SQL("insert into {} default values").format(_ident(table))
        )
        with contextlib.suppress(psycopg.Error), conn.transaction():
            conn.execute(insert)


def _readable(table: ir.Table) -> bool:
    return table.kind != "foreign_table"


def _ident(table: ir.Table) -> sql.Composed:
    return sql.SQL("{}.{}").format(sql.Identifier(table.schema), sql.Identifier(table.name))


def relation_key(table: ir.Table) -> str:
    """``schema.name``, the key of a relation's rows and results."""
    return f"{table.schema}.{table.name}"


def _rows_json(conn: psycopg.Connection[Any], table: ir.Table) -> list[Any]:
    """Rows as PostgREST returns them: ``row_to_json`` of each."""
    # r.* is the whole row even when the relation has a column called r.
    query = sql.SQL("select coalesce(json_agg(row_to_json(r.*)), '[]'::json) from {} r")
    row = conn.execute(query.format(_ident(table))).fetchone()
    assert row is not None
    return list(row[0])


# --------------------------------------------------------------------------- rendering


def render_case(corpus: Corpus, case: Case) -> None:
    """Render every target of ``case`` (each separately, so one failure hides no other)."""
    assert case.catalog is not None
    inputs = RenderInputs(catalog=case.catalog, config=case.config)
    # A canary that fired while rendering (a template evaluating database text)
    # must land in the marker folder too.
    with contextlib.chdir(corpus.marker):
        for target in TARGETS:
            try:
                plan = render.load(target).render(inputs)
            except Exception as exc:  # a crash is the finding; keep going with the others
                case.fail(target, f"render: {type(exc).__name__}: {exc}")
                continue
            for path, item in plan.items():
                is_ts = path.startswith("ts/")
                dest = corpus.ts_root / path[3:] if is_ts else corpus.py_root / path
                dest.parent.mkdir(parents=True, exist_ok=True)
                dest.write_text(item.text, encoding="utf-8")


# --------------------------------------------------------------------------- Python


def check_python(corpus: Corpus) -> None:
    """ruff over every case at once, then one interpreter importing and validating them all."""
    by_name = {c.name: c for c in corpus.cases}
    pyproject = str(REPO / "pyproject.toml")
    for args in (["check", "--output-format=concise"], ["format", "--check"]):
        proc = subprocess.run(
            [*ruff_command(), *args, "--no-cache", "--config", pyproject, "py"],
            cwd=corpus.py_root, capture_output=True, text=True,
        )  # fmt: skip
        found = False
        for line in (proc.stdout + proc.stderr).splitlines():
            match = re.search(r"corpus_(\w+)[/\\](\w+)\.py", line)
            if match and match.group(1) in by_name:
                target = "pydantic" if match.group(2) == "schemas" else "sqlalchemy"
                by_name[match.group(1)].fail(target, f"ruff {args[0]}: {line}")
                found = True
        if proc.returncode != 0 and not found:  # ruff failed without naming a file
            raise AssertionError(f"ruff {args[0]} failed: {proc.stdout}{proc.stderr}")
    spec = {c.name: _python_spec(c) for c in corpus.cases if _has_python(corpus, c)}
    spec_file = corpus.py_root / "spec.json"
    spec_file.write_text(json.dumps(spec), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(corpus.py_root / "py")}
    proc = subprocess.run(
        [sys.executable, "-W", "error", str(SCRIPTS / "python_check.py"), str(spec_file)],
        cwd=corpus.marker, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    if proc.returncode != 0:
        for case in corpus.cases:
            case.fail("sqlalchemy", f"the Python check crashed: {proc.stderr[-3000:]}")
        return
    for name, result in json.loads(proc.stdout.splitlines()[-1]).items():
        case = by_name[name]
        for target, messages in result["failures"].items():
            for message in messages:
                case.fail(target, message)
        case.validated = result["validated"]


def _has_python(corpus: Corpus, case: Case) -> bool:
    return (corpus.py_root / "py" / f"corpus_{case.name}" / "__init__.py").exists()


def _python_spec(case: Case) -> dict[str, Any]:
    """What the checking interpreter needs: package, URL, relations and their Row classes."""
    assert case.catalog is not None
    names = naming.names(case.catalog, case.config)
    url = case.url.split("?")[0].replace("postgresql://", "postgresql+asyncpg://", 1)
    return {
        "package": f"corpus_{case.name}",
        "url": url,
        "relations": [
            [t.schema, t.name, names.class_name(t.schema, t.name) + "Row"]
            for t in case.catalog.tables
            if _readable(t)
        ],
    }
