"""The hostile corpus, TypeScript side: route trees, tsc, and the emitted code run by Node.

For all cases at once: one Node process builds every route tree (what ``tsr
generate`` does); one ``tsc -b`` type-checks each case as a Vite app would,
as its own project (a route tree augments ``@tanstack/react-router``
globally); one ``tsc`` checks every case's types and client as CommonJS and
emits them; one Node process, inside the canary folder, loads them and checks
``Constants``, the zod enums and ``zDatabase`` against the database's labels
and rows.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from corpuskit import HARNESS, Case, Corpus, relation_key
from test_tanstack import CHECK_TSCONFIG

from schemafirst import ir

# What a Vite app type-checks with (test_tanstack's CHECK_TSCONFIG), one project per case.
CHECK_OPTIONS = {**CHECK_TSCONFIG["compilerOptions"], "composite": True}


def _node(script: str, spec: Any, corpus: Corpus, *, cwd: Path) -> dict[str, Any]:
    """Run ``tests/typescript/corpus/<script>`` on a JSON spec; its last stdout line is JSON."""
    spec_file = corpus.ts_root / f"{script}.json"
    spec_file.write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
    proc = subprocess.run(
        ["node", str(HARNESS / "corpus" / script), str(spec_file)],
        cwd=cwd, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-4000:]
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def check_typescript(corpus: Corpus) -> None:
    """Route trees (one Node run), two tsc runs, the emitted modules run (one Node run)."""
    ts = corpus.ts_root
    cases = [c for c in corpus.cases if (ts / c.name / "types" / "database.ts").exists()]
    (ts / "package.json").write_text('{"type": "commonjs"}\n', encoding="utf-8")
    routed = [c for c in cases if (ts / c.name / "routes" / "__root.tsx").exists()]
    spec = [
        {
            "name": c.name,
            "root": str(ts / c.name),
            "routes": "./routes",
            "tree": "./routeTree.gen.ts",
        }
        for c in routed
    ]
    trees = _node("routes.mjs", spec, corpus, cwd=ts)
    for case in routed:
        if trees.get(case.name):
            case.fail("tanstack", f"route tree: {trees[case.name]}")
    # Per case, everything, as a Vite app checks it (route trees augment the router's
    # types globally, hence one project each, in one `tsc -b`); then one program checks
    # every case's types (and client) as CommonJS and emits them for Node.
    for case in routed:
        project = {"compilerOptions": CHECK_OPTIONS, "include": ["**/*.ts", "**/*.tsx"]}
        (ts / case.name / "tsconfig.json").write_text(json.dumps(project), encoding="utf-8")
    refs = [{"path": f"./{c.name}"} for c in routed]
    (ts / "tsconfig.json").write_text(json.dumps({"files": [], "references": refs}), "utf-8")
    emit_options = {
        k: v for k, v in CHECK_OPTIONS.items() if k not in ("noEmit", "verbatimModuleSyntax")
    }
    emit_options |= {"module": "nodenext", "moduleResolution": "nodenext", "outDir": "build",
                     "rootDir": ".", "types": ["node"], "composite": False}  # fmt: skip
    include = [f"{c.name}/types/*.ts" for c in cases]
    include += [f"{c.name}/api/*.ts" for c in cases]
    emit = {"compilerOptions": emit_options, "include": include}
    (ts / "emit.json").write_text(json.dumps(emit), encoding="utf-8")
    by_name = {c.name: c for c in cases}
    seen: set[str] = set()  # the emit program checks the types and clients again
    for args in (["-b", "tsconfig.json"], ["-p", "emit.json"]):
        for diagnostic in _tsc(ts, args):
            first = diagnostic.split("\n", 1)[0]
            if first in seen:
                continue
            seen.add(first)
            parts = first.split("/", 2)
            case = by_name.get(parts[0])
            if case is None:
                for c in cases:
                    c.fail("typescript", f"tsc: {diagnostic}")
                continue
            case.fail("typescript" if parts[1] == "types" else "tanstack", f"tsc: {diagnostic}")
    results = _node("run.cjs", [_runtime_spec(corpus, c) for c in cases], corpus, cwd=corpus.marker)
    for name, failures in results.items():
        for target, messages in failures.items():
            for message in messages:
                by_name[name].fail(target, f"node: {message}")


def _tsc(cwd: Path, args: list[str]) -> list[str]:
    """Run tsc; its diagnostics, each with its continuation lines."""
    proc = subprocess.run(
        [str(HARNESS / "node_modules" / ".bin" / "tsc"), *args],
        cwd=cwd, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    found: list[str] = []
    for line in proc.stdout.splitlines():
        if "): error TS" in line:
            found.append(line)
        elif line.strip() and found:
            found[-1] += "\n" + line
    if proc.returncode != 0 and not found:
        raise AssertionError(f"tsc {' '.join(args)} failed: {proc.stdout}{proc.stderr}")
    return found


def _runtime_spec(corpus: Corpus, case: Case) -> dict[str, Any]:
    """The emitted modules of ``case``, its enums and its rows, for run.cjs."""
    assert case.catalog is not None
    build = corpus.ts_root / "build" / case.name
    modules = [
        ["typescript", key, str(build / "types" / f"{key}.js")] for key in ("database", "zod")
    ]
    modules += [
        ["tanstack", key, str(build / "api" / f"{key}.js")] for key in ("client", "queries", "ws")
    ]
    return {
        "name": case.name,
        "modules": modules,
        "enums": [
            {"schema": e.schema, "name": e.name, "labels": list(e.labels)}
            for e in case.catalog.enums
            if e.schema in case.config.schemas
        ],
        "relations": [
            {
                "schema": t.schema,
                "name": t.name,
                "section": _section(t),
                "rows": case.rows[relation_key(t)],
                "skip": zod_skipped_columns(case.rows[relation_key(t)]),
            }
            for t in case.catalog.tables
            if relation_key(t) in case.rows
        ],
    }


def zod_skipped_columns(rows: list[dict[str, Any]]) -> list[str]:
    """Columns whose values zod is known to reject: arrays holding NULL or nested arrays.

    database.ts types arrays as ``supabase gen types`` does (``T[]``, whatever the
    dimensions, items never null) and zod.ts infers exactly those types, so such
    a row cannot pass; the Pydantic models accept it (test_corpus checks that).
    """
    skipped = {
        key
        for row in rows
        for key, value in row.items()
        if isinstance(value, list) and any(item is None or isinstance(item, list) for item in value)
    }
    return sorted(skipped)


def _section(table: ir.Table) -> str:
    """Where database.ts puts a relation (as ``supabase gen types`` does)."""
    return "Tables" if table.kind in ("table", "partitioned_table", "foreign_table") else "Views"


def check_docs(corpus: Corpus) -> None:
    """Every case's ``schema.md`` through ``mermaid.parse()`` (one Node run for all).

    A schema gets a diagram when it has tables, up to ``diagram_max_tables``
    (``fk_chain``'s 200 get the size guard's note instead): each expected
    diagram must be there and parse as an ``erDiagram``, and no other.
    """
    from schemafirst.render.docs import DIAGRAM_KINDS

    expected: dict[str, int] = {}
    files: dict[str, Path] = {}
    for case in corpus.cases:
        assert case.catalog is not None
        path = corpus.py_root / case.config.targets["docs"] / "schema.md"
        if not path.exists():
            continue  # a render failure, reported under the docs target already
        tables = [t for t in case.catalog.tables if t.kind in DIAGRAM_KINDS]
        per_schema = [sum(t.schema == s for t in tables) for s in case.catalog.schemas]
        expected[case.name] = sum(0 < n <= case.config.diagram_max_tables for n in per_schema)
        fences = path.read_text(encoding="utf-8").count("```mermaid\n")
        if fences != expected[case.name]:
            case.fail("docs", f"{fences} Mermaid diagrams, expected {expected[case.name]}")
        elif fences:
            files[case.name] = path
    if not files:
        return
    proc = subprocess.run(
        ["node", str(HARNESS / "mermaid-parse.mjs"), *(str(p) for p in files.values())],
        cwd=HARNESS, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    by_file = {str(path): name for name, path in files.items()}
    parsed: dict[str, int] = dict.fromkeys(files, 0)
    rejected = False
    for line in proc.stdout.splitlines():
        item = json.loads(line)
        case = corpus.case(by_file[item["file"]])
        rejected = rejected or not item["ok"]
        if not item["ok"]:
            case.fail("docs", f"mermaid, diagram at line {item['line']}: {item['error']}")
        elif item["type"] != "er":
            case.fail("docs", f"diagram at line {item['line']} is {item['type']!r}, not er")
        else:
            parsed[case.name] += 1
    # Exit 1 means "a diagram was rejected"; anything else is the harness failing.
    if proc.returncode != (1 if rejected else 0):
        raise AssertionError(f"mermaid-parse.mjs failed: {proc.stderr[-4000:]}")
    for name, count in parsed.items():
        if count != expected[name] and not corpus.case(name).failures.get("docs"):
            corpus.case(name).fail("docs", f"{count} diagrams parsed, expected {expected[name]}")
