"""The hostile corpus (issue 8): every case folder through every target, executed.

The cases are ``tests/cases/corpus/<theme>/`` (one theme each, so a failure
says what broke: reserved words, case collisions, quoted names, two schemas,
enum labels, comments and defaults, all types, odd shapes, relationship
tangles, a 1,000-column table, a 200-table foreign-key chain) plus the golden
cases of ``tests/cases/``. For each case and each target (:mod:`corpuskit`
runs every check batched over all cases):

- ``sqlalchemy``: renders, passes ``ruff check``/``ruff format --check``,
  imports, and its mappers configure (per case, then ``configure_mappers()``);
- ``pydantic``: renders, passes ruff, imports, and every row of every
  relation, read through the generated tables, validates with its ``Row``;
- ``typescript``: ``database.ts`` and ``zod.ts`` pass strict ``tsc``; run by
  Node, ``Constants`` and the zod enums hold the exact labels and
  ``zDatabase`` parses every row (``row_to_json``) without dropping a key
  (but for :func:`corpuskit_typescript.zod_skipped_columns` and ``__proto__``,
  which zod itself drops);
- ``tanstack`` (the supabase-js variant: cases have no FastAPI app): the route
  tree builds; client, queries, sockets, scaffolded routes and router pass
  strict ``tsc``, and the client modules load in Node (``fk_chain``'s 400
  route stubs included: they cost tsc ~40 s of CPU, checked all the same);
- ``docs``: every diagram expected (a schema with tables, up to the size
  guard) is there and parses with ``mermaid.parse()`` of mermaid 12 under
  jsdom (test_docs checks the Markdown itself).

Canaries (``comments_defaults``, ``enum_labels``, ``quoted_names``): text that
would create a marker folder if it were ever pasted unescaped into Python,
JavaScript or a template. No marker may appear; and pasted unescaped on
purpose, each canary must fire, so the check cannot pass vacuously.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import jinja2
import pytest
from corpuskit import (
    CORPUS,
    HARNESS,
    TARGETS,
    Corpus,
    build_database,
    case_folders,
    check_python,
    drop_database,
    load_cases,
    render_case,
)
from corpuskit_typescript import check_docs, check_typescript

from schemafirst.introspect.embedded import EmbeddedPostgres

CASE_NAMES = [folder.name for folder in case_folders()]


def _require_node() -> None:
    """Skip without Node, or fail under CI (as test_typescript does)."""
    if shutil.which("node") is None or not (HARNESS / "node_modules" / ".bin" / "tsc").exists():
        if os.environ.get("CI"):
            pytest.fail("node and tests/typescript/node_modules are required under CI")
        pytest.skip("node or the TypeScript harness (npm ci in tests/typescript) is missing")


@pytest.fixture(scope="module")
def corpus(
    pg_server: EmbeddedPostgres, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Corpus]:
    """Every case built, rendered and checked once; the tests read the results."""
    _require_node()
    ts_root = HARNESS / ".out" / f"corpus-{os.getpid()}"
    shutil.rmtree(ts_root, ignore_errors=True)
    ts_root.mkdir(parents=True)
    project = tmp_path_factory.mktemp("corpus")
    run = Corpus(
        cases=load_cases(project),
        py_root=project,
        ts_root=ts_root,
        marker=tmp_path_factory.mktemp("canary"),
    )
    try:
        for case in run.cases:
            build_database(pg_server, case, run.marker)
            render_case(run, case)
        check_python(run)
        check_typescript(run)
        check_docs(run)
        yield run
    finally:
        for case in run.cases:
            drop_database(pg_server, case)
        if not os.environ.get("SCHEMAFIRST_KEEP_TS"):
            shutil.rmtree(ts_root, ignore_errors=True)


def _failures(corpus: Corpus, case: str, target: str) -> str:
    return "\n\n".join(corpus.case(case).failures.get(target, []))[:20000]


@pytest.mark.pg
@pytest.mark.node
@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("case", CASE_NAMES)
def test_case_passes_target(corpus: Corpus, case: str, target: str) -> None:
    """The case renders for the target and its output passes every check of that target."""
    assert not _failures(corpus, case, target)


@pytest.mark.pg
@pytest.mark.node
@pytest.mark.parametrize("case", CASE_NAMES)
def test_rows_were_validated(corpus: Corpus, case: str) -> None:
    """Every row the database holds was validated; a corpus case has rows in every table.

    (The golden cases have no seed here: they get a row of defaults where a
    table takes one, and test_sqlalchemy seeds them fully.)
    """
    c = corpus.case(case)
    assert c.catalog is not None
    held = {key: len(rows) for key, rows in c.rows.items()}
    assert {k: v for k, v in c.validated.items() if v} == {k: v for k, v in held.items() if v}
    if c.folder.parent == CORPUS:
        assert c.seeded, "a corpus case needs a seed.sql"
        tables = {f"{t.schema}.{t.name}" for t in c.catalog.tables if t.kind == "table"}
        assert not sorted(k for k in tables if not held.get(k)), "tables without rows"


@pytest.mark.pg
@pytest.mark.node
def test_no_canary_fired(corpus: Corpus) -> None:
    """Rendering, importing and running every case created no marker."""
    assert sorted(p.name for p in corpus.marker.iterdir()) == []


# --------------------------------------------------------------------------- canaries are live

# Where each canary (by the marker name it creates) executes when pasted unescaped:
# (language, program with {} where the text goes, quotes escaped but not backslashes).
PASTE_SITES: dict[str, tuple[str, str, bool]] = {
    "py-doc3d": ("python", '"""{}"""\n', False),
    "py-doc3s": ("python", "'''{}'''\n", False),
    "py-str-d": ("python", 'x = "{}"\n', False),
    "py-str-s": ("python", "x = '{}'\n", False),
    "py-hash": ("python", "# {}\n", False),
    "py-cr": ("python", "# {}\n", False),
    "py-bs": ("python", 'f = str\nf("{}")\n', True),
    "js-jsdoc": ("js", "/** {} */\n", False),
    "js-tpl": ("js", "const x = `{}`\n", False),
    "js-str-d": ("js", 'const x = "{}"\n', False),
    "js-str-s": ("js", "const x = '{}'\n", False),
    "js-line": ("js", "// {}\n", False),
    "js-ls": ("js", "// {}\n", False),
    "js-ps": ("js", "// {}\n", False),
    "js-bs": ("js", 'const f = String\nf("{}")\n', True),
    "jinja-expr": ("jinja", "{}", False),
    "jinja-stmt": ("jinja", "{}", False),
    "l-py": ("python", 'f = str\nf("{}")\n', False),
    "l-pydoc": ("python", '"""{}"""\n', False),
    "l-pyhash": ("python", "# {}\n", False),
    "l-js": ("js", 'const f = String\nf("{}")\n', False),
    "l-jsdoc": ("js", "/** {} */\n", False),
    "l-tpl": ("js", "const x = `{}`\n", False),
    "l-jsls": ("js", "// {}\n", False),
    "l-jinja": ("jinja", "{}", False),
    "n-py": ("python", 'f = str\nf("{}")\n', False),
    "n-pd": ("python", '"""{}"""\n', False),
    "n-js": ("js", 'const f = String\nf("{}")\n', False),
    "n-jk": ("js", 'const o = {"{}": 1}\n', False),
    "n-jd": ("js", "/** {} */\n", False),
    "n-tpl": ("js", "const x = `{}`\n", False),
    "n-ln": ("js", "// {}\n", False),
    "n-j2": ("jinja", "{}", False),
}


def _canary_texts(corpus: Corpus) -> dict[str, str]:
    """Each canary's text, from the comments and enum labels of the catalogs read."""
    found: dict[str, str] = {}
    pattern = re.compile(r"""["'/]((?:py|js|jinja|l|n)-[a-z0-9-]+)["']""")
    for case in corpus.cases:
        assert case.catalog is not None
        texts = [t.comment or "" for t in case.catalog.tables]
        texts += [label for e in case.catalog.enums for label in e.labels]
        texts += [t.name for t in case.catalog.tables]
        texts += [c.name for t in case.catalog.tables for c in t.columns]
        for text in texts:
            match = pattern.search(text)
            if match and match.group(1) in PASTE_SITES:
                found.setdefault(match.group(1), text)
    return found


def _paste(marker: str, text: str, workdir: Path) -> None:
    language, program, escape_quotes = PASTE_SITES[marker]
    if escape_quotes:
        text = text.replace('"', '\\"')
    source = program.replace("{}", text)
    if language == "jinja":
        with contextlib.chdir(workdir):
            jinja2.Environment().from_string(source).render()
        return
    path = workdir / ("paste.py" if language == "python" else "paste.cjs")
    path.write_text(source, encoding="utf-8", newline="")
    runner = [sys.executable] if language == "python" else ["node"]
    subprocess.run([*runner, str(path)], cwd=workdir, capture_output=True, timeout=60)


@pytest.mark.pg
@pytest.mark.node
def test_canaries_are_live(corpus: Corpus, tmp_path: Path) -> None:
    """Pasted unescaped into its own kind of program, every canary creates its marker."""
    texts = _canary_texts(corpus)
    assert sorted(texts) == sorted(PASTE_SITES), "a canary is missing from the corpus"
    dead = []
    for marker, text in sorted(texts.items()):
        workdir = tmp_path / marker
        workdir.mkdir()
        _paste(marker, text.replace(str(corpus.marker), str(workdir)), workdir)
        if not (workdir / marker).exists():
            dead.append(marker)
    assert not dead, f"these canaries would not fire even unescaped: {dead}"


# --------------------------------------------------------------------------- summary


@pytest.mark.pg
@pytest.mark.node
def test_corpus_summary(corpus: Corpus, capsys: pytest.CaptureFixture[str]) -> None:
    """The counts, computed from the results: ``hostile corpus: 15/15 cases, 5/5 targets``."""
    passed_cases = [c for c in corpus.cases if not any(c.failures.values())]
    passed_targets = [t for t in TARGETS if all(not c.failures.get(t) for c in corpus.cases)]
    rows = sum(sum(c.validated.values()) for c in corpus.cases)
    line = (
        f"hostile corpus: {len(passed_cases)}/{len(corpus.cases)} cases, "
        f"{len(passed_targets)}/{len(TARGETS)} targets, {rows} rows validated"
    )
    with capsys.disabled():
        print(f"\n{line}")
    assert len(passed_cases) == len(corpus.cases), line
    assert len(passed_targets) == len(TARGETS), line
