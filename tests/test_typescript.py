"""The TypeScript target, checked by the real compiler and the real Supabase CLI.

Node runs few times, batched: one session fixture renders everything (the
example and every case, the Supabase CLI's own output for the same
databases, type-level checks, sample API payloads, rows read from Postgres)
into ``tests/typescript/.out/`` and runs ``tsc --noEmit`` once over all of
it; the tests then read that run's diagnostics for their own files. zod is
exercised at run time by a second, emitting ``tsc`` and one ``node`` process.

Without Node these tests skip, except under ``CI`` where they fail.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
import pytest
from casekit import CASES, build_case_db, case_names, check_golden

from schemafirst import config as config_mod
from schemafirst import ir, snapshot
from schemafirst.apimodels import ApiModels, load_api_models
from schemafirst.introspect import read_catalog
from schemafirst.introspect.embedded import SHIM_PATH, EmbeddedPostgres
from schemafirst.render import typescript, typescript_api
from schemafirst.render.base import RenderInputs

ROOT = Path(__file__).resolve().parents[1]
HARNESS = Path(__file__).parent / "typescript"
OUT = HARNESS / ".out"
EXAMPLE_MIGRATIONS = ROOT / "schema" / "migrations"
EXAMPLE_API = "schema/api/schemas.py"

# --------------------------------------------------------------------------- harness


def _require_node() -> None:
    """Skip without Node, or fail under CI; install the harness when it is missing."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        if os.environ.get("CI"):
            pytest.fail("node/npm are required for the TypeScript tests under CI")
        pytest.skip("node/npm not installed")
    if not (HARNESS / "node_modules" / ".bin" / "tsc").exists():
        subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund"], cwd=HARNESS, check=True, capture_output=True
        )


def _bin(name: str) -> str:
    return str(HARNESS / "node_modules" / ".bin" / name)


def tsc(project: Path) -> dict[str, list[str]]:
    """Run ``tsc -p project``; diagnostics keyed by file (relative to the harness)."""
    proc = subprocess.run(
        [_bin("tsc"), "-p", str(project)], cwd=HARNESS, capture_output=True, text=True
    )
    errors: dict[str, list[str]] = {}
    for line in proc.stdout.splitlines():
        if "): error TS" in line:
            errors.setdefault(line.split("(", 1)[0], []).append(line)
        elif line.strip() and errors:
            errors[next(reversed(errors))][-1] += "\n" + line
    if proc.returncode != 0 and not errors:
        raise AssertionError(f"tsc failed without diagnostics: {proc.stdout}{proc.stderr}")
    return errors


def supabase_gen_types(url: str, schemas: tuple[str, ...]) -> str:
    """The Supabase CLI's ``gen types typescript`` for the database at ``url``."""
    sep = "&" if "?" in url else "?"
    proc = subprocess.run(
        [_bin("supabase"), "gen", "types", "typescript", f"--remote={url}{sep}sslmode=disable",
         "--schema", ",".join(schemas)],
        cwd=HARNESS, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "export type Database" in proc.stdout, proc.stdout[:500]
    return proc.stdout


def render_ts(catalog: ir.Catalog, cfg: config_mod.Config, api: ApiModels | None) -> dict[str, str]:
    """Our TypeScript files, keyed by plan path."""
    plan = typescript.render(RenderInputs(catalog=catalog, config=cfg, api=api))
    return {path: f.text for path, f in plan.items()}


# --------------------------------------------------------------------------- workspace


@dataclass
class Workspace:
    """Everything written for the one tsc run, and what it reported."""

    root: Path
    errors: dict[str, list[str]] = field(default_factory=dict)
    catalogs: dict[str, ir.Catalog] = field(default_factory=dict)
    plans: dict[str, dict[str, str]] = field(default_factory=dict)
    zod_results: dict[str, Any] = field(default_factory=dict)

    def write(self, rel: str, text: str) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def errors_under(self, prefix: str) -> list[str]:
        rel = (self.root / prefix).relative_to(HARNESS).as_posix()
        return [e for f, errs in sorted(self.errors.items()) if f.startswith(rel) for e in errs]


def _example_db(server: EmbeddedPostgres) -> str:
    name = "ts_example"
    with psycopg.connect(server.url, autocommit=True) as conn:
        conn.execute(f'drop database if exists "{name}" with (force)')
        conn.execute(f'create database "{name}"')
    url = server.database_url(name)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(SHIM_PATH.read_text(encoding="utf-8"))
        for path in sorted(EXAMPLE_MIGRATIONS.glob("*.sql")):
            conn.execute(path.read_text(encoding="utf-8"))
        conn.execute(EXAMPLE_ROWS_SQL)
    return url


def _case_db(server: EmbeddedPostgres, case: str) -> tuple[str, ir.Catalog, tuple[str, ...]]:
    name = f"ts_case_{case}"
    with psycopg.connect(server.url, autocommit=True) as conn:
        conn.execute(f'drop database if exists "{name}" with (force)')
        conn.execute(f'create database "{name}"')
    url = server.database_url(name)
    cfg = case_config(case)
    return url, build_case_db(case, url, schemas=cfg.schemas), cfg.schemas


def case_config(case: str) -> config_mod.Config:
    """The case's config.toml (or defaults), with output paths relative to the case folder."""
    folder = CASES / case
    toml = folder / "config.toml"
    if toml.exists():
        cfg = config_mod.load(toml)
        return config_mod.Config(**{**_fields(cfg), "root": folder, "out": folder})
    return config_mod.Config(root=folder, out=folder)


def _fields(cfg: config_mod.Config) -> dict[str, Any]:
    return {name: getattr(cfg, name) for name in cfg.__dataclass_fields__}


@pytest.fixture(scope="session")
def workspace(pg_server: EmbeddedPostgres) -> Iterator[Workspace]:
    """Render everything, write every check file, run tsc once (and zod once)."""
    _require_node()
    root = OUT / f"session-{os.getpid()}"
    shutil.rmtree(root, ignore_errors=True)
    ws = Workspace(root=root)
    _add_example(ws, pg_server)
    for case in case_names():
        _add_case(ws, pg_server, case)
    ws.write(
        "tsconfig.json", json.dumps({"extends": "../../tsconfig.json", "include": ["./**/*.ts"]})
    )
    ws.errors = tsc(root / "tsconfig.json")
    ws.zod_results = _run_zod(ws)
    yield ws
    if not os.environ.get("SCHEMAFIRST_KEEP_TS"):
        shutil.rmtree(root, ignore_errors=True)


def _add_example(ws: Workspace, server: EmbeddedPostgres) -> None:
    url = _example_db(server)
    with psycopg.connect(url) as conn:
        catalog = read_catalog(conn, ["public"])
        rows = {t.name: _rows_json(conn, t) for t in catalog.tables}
    cfg = config_mod.Config(root=ROOT, out=ROOT / "generated", api_modules=(EXAMPLE_API,))
    api = load_api_models(cfg.api_modules, ROOT)
    files = render_ts(catalog, cfg, api)
    ws.catalogs["example"] = catalog
    ws.plans["example"] = files
    for path, text in files.items():
        ws.write(f"example/{Path(path).name}", text)
    ws.write("example/cli.ts", supabase_gen_types(url, ("public",)))
    ws.write("example/mutual.ts", mutual_checks(catalog, "./database", "./cli"))
    ws.write("example/supabase_client.ts", SUPABASE_CLIENT_CHECKS)
    ws.write("example/zod_types.ts", zod_type_checks(catalog, api))
    ws.write("example/rows.ts", rows_checks(rows, "./database"))
    payloads = api_payloads(api)
    payloads += [
        {"id": f"row:{name}:{i}", "schema": f"row:{name}", "value": row, "valid": True}
        for name, table_rows in rows.items()
        for i, row in enumerate(table_rows)
    ]
    ws.write("example/payloads.ts", payload_checks(payloads))
    ws.write("example/payloads.json", json.dumps(payloads, ensure_ascii=False))
    ws.write("zod_run/run.ts", zod_runner(payloads, catalog))


def _add_case(ws: Workspace, server: EmbeddedPostgres, case: str) -> None:
    url, catalog, schemas = _case_db(server, case)
    cfg = case_config(case)
    api = None
    if (CASES / case / "models.py").exists():
        api = load_api_models([f"tests/cases/{case}/models.py"], ROOT)
    files = render_ts(catalog, cfg, api)
    ws.catalogs[case] = catalog
    ws.plans[case] = files
    for path, text in files.items():
        ws.write(f"cases/{case}/{Path(path).name}", text)
    ws.write(f"cases/{case}/cli.ts", supabase_gen_types(url, schemas))
    ws.write(f"cases/{case}/mutual.ts", mutual_checks(catalog, "./database", "./cli"))
    ws.write(f"cases/{case}/zod_types.ts", zod_type_checks(catalog, api))


def _rows_json(conn: psycopg.Connection[Any], table: ir.Table) -> list[Any]:
    """Rows as PostgREST returns them: ``row_to_json`` of each."""
    from psycopg import sql

    query = sql.SQL("select coalesce(json_agg(row_to_json(t)), '[]'::json) from {}.{} t").format(
        sql.Identifier(table.schema), sql.Identifier(table.name)
    )
    row = conn.execute(query).fetchone()
    assert row is not None
    return list(row[0])


# --------------------------------------------------------------------------- check files

SUPABASE_CLIENT_CHECKS = """\
import { createClient } from "@supabase/supabase-js"
import type { Database, Enums } from "./database"

const supabase = createClient<Database>("http://localhost:54321", "anon-key")

export async function reads(): Promise<void> {
  const { data } = await supabase.from("video_jobs").select("*, videos(*)")
  const first = data?.[0]
  const title: string | undefined = first?.videos.title
  const status: Enums<"processing_status"> | undefined = first?.status
  const one = await supabase.from("videos").select("id, video_metadata(width)").single()
  const width: number | null | undefined = one.data?.video_metadata?.width
  void title, status, width
}

export async function writes(): Promise<void> {
  await supabase.from("video_jobs").insert({ video_id: "v", user_id: "u" })
  await supabase.from("video_jobs").update({ progress: 50, status: "processing" }).eq("id", "j")
  await supabase.from("video_metadata").insert({ video_id: "v", extra: { codec: "h264" } })
  // @ts-expect-error a column that does not exist
  await supabase.from("video_jobs").insert({ video_id: "v", user_id: "u", nope: 1 })
  // @ts-expect-error a label the enum does not have
  await supabase.from("video_jobs").update({ status: "paused" }).eq("id", "j")
  // @ts-expect-error a required column is missing
  await supabase.from("videos").insert({ title: "t" })
}
"""

_MUTUAL = (
    "type Mutual<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false\n"
    "type Assignable<A, B> = [A] extends [B] ? true : false\n"
)
_EQUAL = (
    "type Equal<X, Y> = (<T>() => T extends X ? 1 : 2) extends <T>() => T extends Y ? 1 : 2"
    " ? true : false\n"
)


def _parts(table: ir.Table) -> tuple[str, tuple[str, ...]]:
    if table.kind in ("table", "partitioned_table", "foreign_table"):
        return "Tables", ("Row", "Insert", "Update")
    return "Views", ("Row", "Insert", "Update") if table.kind == "view" and table.updatable else (
        "Row",
    )


def _paths(catalog: ir.Catalog) -> list[str]:
    """Type paths into ``Database`` for every Row/Insert/Update, enum and composite type."""
    k = json.dumps
    paths = []
    for t in catalog.tables:
        section, parts = _parts(t)
        paths += [f"[{k(t.schema)}][{k(section)}][{k(t.name)}][{k(p)}]" for p in parts]
    paths += [f'[{k(e.schema)}]["Enums"][{k(e.name)}]' for e in catalog.enums]
    paths += [f'[{k(c.schema)}]["CompositeTypes"][{k(c.name)}]' for c in catalog.composite_types]
    return paths


def _relationship_paths(catalog: ir.Catalog) -> list[str]:
    """``Relationships`` of every relation: foreign keys, also through views (a tuple, in order)."""
    k = json.dumps
    return [
        f'[{k(t.schema)}][{k(_parts(t)[0])}][{k(t.name)}]["Relationships"]' for t in catalog.tables
    ]


def _cli_may_prove_more(catalog: ir.Catalog, view: ir.Table) -> bool:
    """A view column the IR leaves nullable though it shows a NOT NULL column.

    The IR proves a view column NOT NULL only in a view of one relation; the
    CLI also proves it through inner joins, subqueries and GROUP BY. There
    the CLI's Row may be narrower than ours (never wider), so only
    Theirs -> Ours is checked.
    """
    if view.kind not in ("view", "materialized_view"):
        return False
    for col in view.columns:
        source = col.source if col.nullable else None
        while source is not None:
            base = catalog.table(source[0], source[1])
            if base is None:
                break
            shown = base.column(source[2])
            if not shown.nullable:
                return True
            source = shown.source
    return False


def mutual_checks(catalog: ir.Catalog, ours: str, theirs: str) -> str:
    """Our Database and the CLI's, mutually assignable part by part (and functions by name)."""
    lines = [
        f'import type {{ Database as Ours }} from "{ours}"',
        f'import type {{ Database as Theirs }} from "{theirs}"',
        _MUTUAL,
    ]
    wider = {
        f'[{json.dumps(t.schema)}]["Views"][{json.dumps(t.name)}]["Row"]'
        for t in catalog.tables
        if _cli_may_prove_more(catalog, t)
    }
    for i, p in enumerate(_paths(catalog) + _relationship_paths(catalog)):
        if p in wider:
            lines.append(f"export const m{i}: Assignable<Theirs{p}, Ours{p}> = true")
        else:
            lines.append(f"export const m{i}: Mutual<Ours{p}, Theirs{p}> = true")
    for schema in catalog.schemas:
        fns = f'[{json.dumps(schema)}]["Functions"]'
        # The CLI also lists extension-owned functions, which the IR leaves out.
        lines.append(
            f"export const {schema}_fn_names: Assignable<keyof Ours{fns}, keyof Theirs{fns}> = true"
        )
        names = sorted(
            {f.name for f in catalog.functions if f.schema == schema and typescript._exposed(f)}
        )
        lines += [
            f"export const {schema}_fn{i}: "
            f"Mutual<Ours{fns}[{json.dumps(n)}], Theirs{fns}[{json.dumps(n)}]> = true"
            for i, n in enumerate(names)
        ]
    return "\n".join(lines) + "\n"


def zod_type_checks(catalog: ir.Catalog, api: ApiModels | None) -> str:
    """``z.infer<>`` of every zod schema is exactly its TypeScript type."""
    lines = [
        'import type { z } from "zod"',
        'import type { Database } from "./database"',
        'import type * as zs from "./zod"',
        _EQUAL,
    ]
    lines += [
        f"export const t{i}: Equal<z.infer<(typeof zs.zDatabase){p}>, Database{p}> = true"
        for i, p in enumerate(_paths(catalog))
    ]
    if api is not None:
        lines.append('import type * as api from "./api"')
        context = typescript_api.build_api_context(api)
        for e in context["enums"]:
            lines.append(
                f"export const e_{e['name']}: "
                f"Equal<z.infer<typeof zs.z{e['name']}>, api.{e['name']}> = true"
            )
        for m in context["models"]:
            name, params = m["name"], m["generic"]
            if params:
                n = params.count(",") + 1
                zod_args = ", ".join(["z.ZodString"] * n)
                ts_args = ", ".join(["string"] * n)
                lines.append(
                    f"export const m_{name}: "
                    f"Equal<z.infer<ReturnType<typeof zs.z{name}<{zod_args}>>>, "
                    f"api.{name}<{ts_args}>> = true"
                )
            else:
                lines.append(
                    f"export const m_{name}: Equal<z.infer<typeof zs.z{name}>, api.{name}> = true"
                )
    return "\n".join(lines) + "\n"


def rows_checks(rows: dict[str, list[Any]], database: str) -> str:
    """Rows from Postgres (``row_to_json``) assigned to ``Tables<"...">``."""
    lines = [f'import type {{ Tables }} from "{database}"']
    for i, (name, table_rows) in enumerate(sorted(rows.items())):
        assert table_rows, f"no sample rows in {name}"
        lines.append(
            f"export const rows{i}: Tables<{json.dumps(name)}>[] = "
            + json.dumps(table_rows, ensure_ascii=False)
        )
    return "\n".join(lines) + "\n"


def payload_checks(payloads: list[dict[str, Any]]) -> str:
    """``const x: Model = <json>``; mutated payloads under ``@ts-expect-error``."""
    lines = ['import type * as api from "./api"', 'import type { Tables } from "./database"']
    for i, p in enumerate(payloads):
        schema = p["schema"]
        ts_type = (
            f"Tables<{json.dumps(schema[4:])}>" if schema.startswith("row:") else f"api.{p['ts']}"
        )
        if not p["valid"]:
            lines.append(f"// @ts-expect-error {p['id']}")
        lines.append(f"export const p{i}: {ts_type} = {json.dumps(p['value'], ensure_ascii=False)}")
    return "\n".join(lines) + "\n"


def zod_runner(payloads: list[dict[str, Any]], catalog: ir.Catalog) -> str:
    """A Node script: safeParse every payload with its zod schema, print the outcomes."""
    schemas = {p["schema"]: p.get("zod", "") for p in payloads}
    entries = []
    for key, expr in sorted(schemas.items()):
        if key.startswith("row:"):
            expr = f"zs.zDatabase.public.Tables[{json.dumps(key[4:])}].Row"
        entries.append(f"  {json.dumps(key)}: {expr},")
    return (
        'import { readFileSync } from "node:fs"\n'
        'import * as zs from "../example/zod"\n'
        "type Parser = { safeParse(value: unknown): { success: boolean } }\n"
        "const schemas: Record<string, Parser> = {\n" + "\n".join(entries) + "\n}\n"
        "const payloads: { id: string; schema: string; value: unknown }[] = JSON.parse(\n"
        '  readFileSync(process.argv[2] ?? "", "utf8"),\n'
        ")\n"
        "const results: Record<string, boolean> = {}\n"
        "for (const p of payloads) {\n"
        "  const schema = schemas[p.schema]\n"
        "  if (schema) results[p.id] = schema.safeParse(p.value).success\n"
        "}\n"
        "console.log(JSON.stringify(results))\n"
    )


def _run_zod(ws: Workspace) -> dict[str, Any]:
    """Emit the zod runner (CommonJS) with tsc and run it on the payloads."""
    ws.write("package.json", json.dumps({"type": "commonjs"}))
    ws.write(
        "emit.json",
        json.dumps({
            "extends": "../../tsconfig.json",
            "compilerOptions": {"noEmit": False, "outDir": "js", "module": "nodenext",
                                "moduleResolution": "nodenext", "rootDir": "."},
            "files": ["zod_run/run.ts"],
        }),
    )  # fmt: skip
    errors = tsc(ws.root / "emit.json")
    assert not errors, errors
    proc = subprocess.run(
        ["node", str(ws.root / "js" / "zod_run" / "run.js"),
         str(ws.root / "example" / "payloads.json")],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return dict(json.loads(proc.stdout))


# --------------------------------------------------------------------------- sample data

EXAMPLE_ROWS_SQL = """
insert into auth.users (id) values ('00000000-0000-4000-8000-000000000001');
insert into public.videos (id, user_id, title, description, file_path, file_size, mime_type) values
  ('10000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000001',
   'Ünïcødé "title" */ 🎉', null, 'u/1/a.mp4', 9007199254740993, 'video/mp4'),
  ('10000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000001',
   'plain', 'described', 'u/1/b.mp4', null, null);
insert into public.video_jobs (video_id, user_id, status, progress, error_message) values
  ('10000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000001',
   'failed', 100, 'boom'),
  ('10000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000001',
   'pending', 0, null);
insert into public.video_metadata (video_id, duration_seconds, width, height, fps, extra) values
  ('10000000-0000-4000-8000-000000000001', 1234567.891, 3840, 2160, 29.970,
   '{"tags": ["a", null], "rotation": 90, "nested": {"ok": true}}'),
  ('10000000-0000-4000-8000-000000000002', null, null, null, null, '[]');
"""

_EDGE_STR = 'ünïcødé 🎉 "quoted" */ \\ </script>'


def _sample(tp: Any, edge: bool, depth: int = 0) -> Any:
    """A value for a type annotation: ordinary, or at the edges (None, empty, unicode, huge)."""
    import datetime as dt
    import types
    import typing
    import uuid
    from decimal import Decimal
    from enum import Enum

    from pydantic import BaseModel

    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is typing.Annotated:
        return _sample(args[0], edge, depth)
    if origin in (typing.Union, types.UnionType):
        if edge and type(None) in args:
            return None
        return _sample(next(a for a in args if a is not type(None)), edge, depth)
    if origin is typing.Literal:
        return args[0]
    if origin in (list, set, frozenset, tuple) and not (
        origin is tuple and args and args[-1] is not ...
    ):
        return [] if edge or depth > 2 else [_sample(args[0], edge, depth + 1)]
    if origin is tuple:
        return [_sample(a, edge, depth + 1) for a in args]
    if origin is dict:
        return {} if edge or depth > 2 else {"key ü": _sample(args[1], edge, depth + 1)}
    if isinstance(tp, type) and issubclass(tp, Enum):
        return list(tp)[-1 if edge else 0].value
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return _model_values(tp, edge, depth + 1)
    simple = {
        bool: (True, False),
        int: (7, 2**62),
        float: (0.5, 1e300),
        str: ("text", _EDGE_STR),
        Decimal: (Decimal("1.5"), Decimal("1234567.891")),
        dt.datetime: (
            dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.UTC),
            dt.datetime(
                1999, 12, 31, 23, 59, 59, 999999, tzinfo=dt.timezone(dt.timedelta(hours=-5))
            ),
        ),
        dt.date: (dt.date(2024, 1, 2), dt.date(1, 1, 1)),
        uuid.UUID: (uuid.UUID(int=1), uuid.UUID("ffffffff-ffff-4fff-bfff-ffffffffffff")),
        bytes: (b"bytes", b""),
    }
    if tp in simple:
        return simple[tp][edge]
    return {"any": [1, "x", None]} if not edge else None  # Any / unknown


def _model_values(cls: Any, edge: bool, depth: int) -> dict[str, Any]:
    """Field values that validate; edge values breaking a constraint fall back to ordinary ones."""
    from pydantic import ValidationError

    fields = {f.alias or name: f.annotation for name, f in cls.model_fields.items()}
    values = {key: _sample(tp, edge, depth) for key, tp in fields.items()}
    for _ in range(len(values) + 1):
        try:
            cls.model_validate(values)
            return values
        except ValidationError as exc:
            for err in exc.errors():
                key = err["loc"][0]
                if key in fields:
                    values[str(key)] = _sample(fields[str(key)], False, depth)
    raise AssertionError(f"no valid sample for {cls.__name__}")


def _python_class(model: Any) -> Any:
    import sys

    return getattr(sys.modules[model.module], model.python_name)


def api_payloads(api: ApiModels) -> list[dict[str, Any]]:
    """Typical and edge payloads of every API model (as FastAPI dumps them), and mutated ones."""
    ts_names = typescript_api.api_type_names(api)
    concrete = [m for m in api.models if not m.type_params and m.mode == "serialization"]
    payloads: list[dict[str, Any]] = []
    for model in api.models:
        cls = _python_class(model)
        if model.name != cls.__name__ and not model.type_params:
            continue  # an Input/Output variant: its shape is not what model_dump writes
        ts, zod = ts_names[model.name], "zs.z" + ts_names[model.name]
        if model.type_params:
            arg = concrete[0]
            cls = cls[_python_class(arg)]
            ts = f"{ts}<api.{ts_names[arg.name]}>"
            zod = f"{zod}(zs.z{ts_names[arg.name]})"
        dumps = [
            cls.model_validate(_model_values(cls, edge, 0)).model_dump(mode="json", by_alias=True)
            for edge in (False, True)
        ]
        base = {"schema": ts, "ts": ts, "zod": zod}
        payloads += [
            {**base, "id": f"{ts}:{i}", "value": d, "valid": True} for i, d in enumerate(dumps)
        ]
        payloads += [{**base, **bad} for bad in _mutations(model, dumps[0], ts)]
    return payloads


def _scalar_only(t: Any) -> bool:
    if t.kind == "union":
        return all(_scalar_only(i) for i in t.items)
    return t.kind in ("string", "number", "integer", "boolean", "null", "literal")


def _mutations(model: Any, value: dict[str, Any], ts: str) -> list[dict[str, Any]]:
    """A wrong type, a missing required key, an unknown key where extra keys are forbidden."""
    bad: list[dict[str, Any]] = []
    # An object where only scalars are allowed is wrong whatever the union says.
    scalar = next(f for f in model.fields if f.name in value and _scalar_only(f.type))
    bad.append(
        {"id": f"{ts}:wrong-type", "value": {**value, scalar.name: {"not": "this"}}, "valid": False}
    )
    required = [f.name for f in model.fields if f.required]
    if required:
        missing = {k: v for k, v in value.items() if k != required[0]}
        bad.append({"id": f"{ts}:missing-key", "value": missing, "valid": False})
    if model.extra == "forbid":
        bad.append({"id": f"{ts}:extra-key", "value": {**value, "typo_key": 1}, "valid": False})
    return bad


# --------------------------------------------------------------------------- tests


@pytest.mark.pg
@pytest.mark.node
def test_example_type_checks(workspace: Workspace) -> None:
    """database.ts, api.ts and zod.ts of the example compile under strict settings."""
    for name in ("database.ts", "api.ts", "zod.ts"):
        assert not workspace.errors_under(f"example/{name}")


@pytest.mark.pg
@pytest.mark.node
def test_cases_type_check(workspace: Workspace) -> None:
    """Every case's generated TypeScript compiles."""
    for case in case_names():
        for name in ("database.ts", "zod.ts", "api.ts"):
            assert not workspace.errors_under(f"cases/{case}/{name}"), case


@pytest.mark.pg
@pytest.mark.node
def test_database_is_mutually_assignable_with_supabase_cli(workspace: Workspace) -> None:
    """Row/Insert/Update/Enums/CompositeTypes/Functions equal the Supabase CLI's, part by part."""
    assert not workspace.errors_under("example/mutual.ts")
    assert not workspace.errors_under("example/cli.ts")
    for case in case_names():
        assert not workspace.errors_under(f"cases/{case}/mutual.ts"), case


@pytest.mark.pg
@pytest.mark.node
def test_supabase_js_infers_from_our_database(workspace: Workspace) -> None:
    """select with an embedded resource, insert and update compile; wrong ones do not."""
    assert not workspace.errors_under("example/supabase_client.ts")


@pytest.mark.pg
@pytest.mark.node
def test_zod_infers_exactly_the_typescript_types(workspace: Workspace) -> None:
    """``z.infer<>`` of every table and API schema is identical to the generated type."""
    assert not workspace.errors_under("example/zod_types.ts")
    for case in case_names():
        assert not workspace.errors_under(f"cases/{case}/zod_types.ts"), case


@pytest.mark.pg
@pytest.mark.node
def test_postgres_rows_fit_tables(workspace: Workspace) -> None:
    """Rows read with row_to_json type-check against ``Tables<"...">`` and pass the zod Row."""
    assert not workspace.errors_under("example/rows.ts")
    rows = {k: v for k, v in workspace.zod_results.items() if k.startswith("row:")}
    assert rows and all(rows.values()), rows


@pytest.mark.pg
@pytest.mark.node
def test_api_payloads_type_check_and_validate(workspace: Workspace) -> None:
    """Dumped API models pass tsc and zod; mutated ones fail both (tsc via @ts-expect-error)."""
    assert not workspace.errors_under("example/payloads.ts")
    payloads = json.loads(
        (workspace.root / "example" / "payloads.json").read_text(encoding="utf-8")
    )
    api = [p for p in payloads if not p["schema"].startswith("row:")]
    assert len({p["schema"] for p in api}) >= 8
    results = workspace.zod_results
    wrong = {p["id"]: results.get(p["id"]) for p in api if results.get(p["id"]) is not p["valid"]}
    assert not wrong, wrong


@pytest.mark.pg
@pytest.mark.node
def test_case_goldens(workspace: Workspace, update_goldens: bool) -> None:
    """The TypeScript of every case matches its goldens under ``expected/``."""
    for case in case_names():
        for path, text in workspace.plans[case].items():
            check_golden(CASES / case / "expected" / path, text, update=update_goldens)


def test_renders_database_ts_without_api_models() -> None:
    """No API modules: database.ts and zod.ts, no api.ts; paths under the target folder."""
    catalog = snapshot.loads((ROOT / "schema" / "snapshot.json").read_text(encoding="utf-8")) if (
        ROOT / "schema" / "snapshot.json").exists() else _tiny_catalog()  # fmt: skip
    cfg = config_mod.Config(root=ROOT, out=ROOT / "generated")
    plan = typescript.render(RenderInputs(catalog=catalog, config=cfg, api=None))
    assert sorted(plan) == ["generated/ts/types/database.ts", "generated/ts/types/zod.ts"]
    assert all(f.text.startswith("// Generated by schemafirst") for f in plan.values())


# --------------------------------------------------------------------------- unit tests (no Node)


def _text(name: str = "text") -> ir.TypeRef:
    return ir.TypeRef(schema="pg_catalog", name=name, kind="base", display=name)


def _tiny_catalog() -> ir.Catalog:
    """A hostile catalog: comment closers, quotes, keywords, identity and generated columns."""
    mood = ir.TypeRef(schema="public", name="mood", kind="enum", display="public.mood")
    table = ir.Table(
        schema="public",
        name='we"ird */ table',
        kind="table",
        comment="ends */ here\nsecond line",
        columns=(
            ir.Column(name="id", ordinal=1, type=_text("int8"), nullable=False, identity="always"),
            ir.Column(
                name="has space", ordinal=2, type=_text(), nullable=True, comment="*/ alert('x')"
            ),
            ir.Column(name="select", ordinal=3, type=mood, nullable=False),
            ir.Column(
                name="doc", ordinal=4, type=_text("jsonb"), nullable=False, default="'{}'::jsonb"
            ),
            ir.Column(name="g", ordinal=5, type=_text(), nullable=True, generated="upper(x)"),
        ),
        primary_key=ir.PrimaryKey(name="pk", columns=("id",)),
    )
    return ir.Catalog(
        schemas=("public",),
        tables=(table,),
        enums=(ir.Enum(schema="public", name="mood", labels=("it's", 'say "hi"', "*/")),),
    )


def test_database_ts_escapes_everything_from_the_database() -> None:
    """Comment closers stay inside comments; quotes stay inside string literals."""
    cfg = config_mod.Config(root=ROOT, out=ROOT / "generated")
    text = render_ts(_tiny_catalog(), cfg, None)["generated/ts/types/database.ts"]
    assert "ends *\\/ here" in text and "* second line" in text
    assert "/** *\\/ alert('x') */" in text
    assert '"we\\"ird */ table": {' in text
    assert '"has space": string | null' in text
    assert 'select: Database["public"]["Enums"]["mood"]' in text
    assert 'mood: "it\'s" | "say \\"hi\\"" | "*/"' in text
    assert "id?: never" in text and "g?: never" in text
    assert "doc: NonNullable<Json>" in text and "doc?: NonNullable<Json>" in text
    # No comment line is closed early.
    for line in text.splitlines():
        if line.strip().startswith(("/**", "*")) and not line.strip().startswith("*/"):
            body = line.strip().removeprefix("/**").removesuffix("*/")
            assert "*/" not in body, line


def test_keys_and_blank_comments_are_written_alike_by_both_targets() -> None:
    """``a$b`` is a bare key (``.a$b``), ``"x\\n"`` a quoted one; blank comments make no JSDoc."""
    from schemafirst.render import tanstack
    from schemafirst.render.typescript_syntax import doc_lines, ts_key

    assert [ts_key(k) for k in ("a$b", "$", "_x1", "x\n", "1x", "a-b", "café")] == [
        "a$b", "$", "_x1", '"x\\n"', '"1x"', '"a-b"', '"café"',
    ]  # fmt: skip
    assert doc_lines(" \n ", None, "", "one\r\ntwo ") == ["one", "two"]
    table = ir.Table(
        schema="public",
        name="things",
        kind="table",
        comment="  \n ",
        columns=(
            ir.Column(name="a$b", ordinal=1, type=_text("int8"), nullable=False, comment=" "),
            ir.Column(name="trail\n", ordinal=2, type=_text(), nullable=True),
        ),
        primary_key=ir.PrimaryKey(name="pk", columns=("a$b",)),
    )
    catalog = ir.Catalog(schemas=("public",), tables=(table,))
    cfg = config_mod.Config(root=ROOT, out=ROOT / "generated")
    database = render_ts(catalog, cfg, None)["generated/ts/types/database.ts"]
    assert "/**" not in database.split("Tables: {", 1)[1].split("Views: {", 1)[0]
    assert "          a$b: number\n" in database
    assert '          "trail\\n": string | null\n' in database
    plan = tanstack.render(RenderInputs(catalog=catalog, config=cfg))
    queries = plan["generated/ts/api/queries.ts"].text
    assert "thingsKeys.detail(key.a$b)" in queries and '["a$b"]' not in queries
    detail = plan["generated/ts/routes/_authenticated/things/$aB.tsx"].text
    assert "getThing({ a$b: Number(aB) })" in detail


def test_rendering_is_deterministic() -> None:
    """The same catalog gives the same bytes."""
    cfg = config_mod.Config(root=ROOT, out=ROOT / "generated")
    assert render_ts(_tiny_catalog(), cfg, None) == render_ts(_tiny_catalog(), cfg, None)


def test_column_override_types_the_column() -> None:
    """A config override (typed JSON column) replaces the mapped type, keeping null."""
    overrides = {'public.we"ird */ table.doc': config_mod.TypeOverride(typescript="{ a: number }")}
    cfg = config_mod.Config(root=ROOT, out=ROOT / "generated", overrides=overrides)
    files = render_ts(_tiny_catalog(), cfg, None)
    assert "doc: { a: number }" in files["generated/ts/types/database.ts"]
    assert "doc: z.custom<{ a: number }>()" in files["generated/ts/types/zod.ts"]


def test_api_models_of_the_example() -> None:
    """Output shapes require every key; a request keeps optional keys and number|string decimals."""
    api = load_api_models([EXAMPLE_API], ROOT)
    text = typescript.render(
        RenderInputs(
            catalog=ir.Catalog(schemas=("public",)),
            config=config_mod.Config(root=ROOT, out=ROOT / "g"),
            api=api,
        )
    )["g/ts/types/api.ts"].text
    assert "  error_message: string | null\n" in text
    assert "  is_terminal: boolean\n" in text
    assert "  duration_seconds?: number | string | null\n" in text
    assert "  duration_seconds: string | null\n" in text
    assert (
        'export type ProcessingStatus = "pending" | "processing" | "completed" | "failed"' in text
    )
    assert "export interface Page<T> {\n  /** The rows of this page. */\n  items: T[]" in text
    assert '  type: "job_status"\n' in text


def test_api_models_same_class_name_in_two_modules(tmp_path: Path) -> None:
    """Two ``Item`` classes are one clear error; so is a file that fails to import."""
    from schemafirst.errors import ApiModuleError

    (tmp_path / "shop").mkdir()
    (tmp_path / "shop" / "a.py").write_text(
        "from pydantic import BaseModel\nclass Item(BaseModel):\n    x: int\n"
    )
    (tmp_path / "shop" / "b.py").write_text(
        "from pydantic import BaseModel\nclass Item(BaseModel):\n    y: str\n"
    )
    with pytest.raises(
        ApiModuleError,
        match=r"two API models are named Item: shop\.a\.Item and shop\.b\.Item; rename one",
    ):
        load_api_models(["shop/a.py", "shop/b.py"], tmp_path)
    # The same class imported by a second module is one model, not a clash.
    (tmp_path / "shop" / "c.py").write_text("from shop.a import Item\n")
    api = load_api_models(["shop/a.py", "shop/c.py"], tmp_path)
    assert [m.name for m in api.models] == ["Item"]
    (tmp_path / "broken.py").write_text("raise RuntimeError('nope')\n")
    with pytest.raises(
        ApiModuleError, match=r"broken\.py.*could not be imported: RuntimeError: nope"
    ):
        load_api_models(["broken.py"], tmp_path)
    with pytest.raises(ApiModuleError, match="does not exist"):
        load_api_models(["missing.py"], tmp_path)


def test_api_module_that_is_not_a_python_file_is_one_sentence(tmp_path: Path) -> None:
    """A folder or a non-Python file as API module (or fastapi_app) says so, not AssertionError."""
    from schemafirst.errors import ApiModuleError
    from schemafirst.openapi import load_endpoints

    (tmp_path / "schema" / "api").mkdir(parents=True)
    (tmp_path / "schema" / "api" / "notes.txt").write_text("not python\n")
    (tmp_path / "x.txt").write_text("not python\n")
    cases = {
        "schema/api/": r"^API module 'schema/api/' is a folder: name a \.py file in it$",
        "schema/api/notes.txt": r"^API module 'schema/api/notes\.txt' is not a Python file",
        "x.txt": r"^API module 'x\.txt' is not a Python file: name a \.py file$",
    }
    for spec, message in cases.items():
        with pytest.raises(ApiModuleError, match=message):
            load_api_models([spec], tmp_path)
    with pytest.raises(ApiModuleError, match=r"^fastapi_app module 'x\.txt' is not a Python file"):
        load_endpoints("x.txt:app", tmp_path)


def test_api_module_dotted_path_imports_from_the_project_root(tmp_path: Path) -> None:
    """A dotted API module is found under the project root, as a dotted fastapi_app is."""
    package = f"api_{os.getpid()}_{id(tmp_path)}"
    (tmp_path / package).mkdir()
    (tmp_path / package / "__init__.py").write_text("")
    (tmp_path / package / "models.py").write_text(
        "from pydantic import BaseModel\nclass Thing(BaseModel):\n    x: int\n"
    )
    api = load_api_models([f"{package}.models"], tmp_path)
    assert [m.name for m in api.models] == ["Thing"]


def test_api_models_recursive_union_tuple_and_aliases(tmp_path: Path) -> None:
    """Recursive models, discriminated unions, tuples, sets, aliases, excluded fields."""
    (tmp_path / "m.py").write_text(
        "from __future__ import annotations\n"
        "from typing import Annotated, Literal, Union\n"
        "from pydantic import BaseModel, Field\n"
        "class Cat(BaseModel):\n    kind: Literal['cat'] = 'cat'\n    lives: int = 9\n"
        "class Dog(BaseModel):\n    kind: Literal['dog'] = 'dog'\n"
        "class Node(BaseModel):\n"
        "    children: list[Node] = []\n"
        "    pet: Annotated[Union[Cat, Dog], Field(discriminator='kind')]\n"
        "    pair: tuple[int, str]\n"
        "    tags: set[str] = set()\n"
        "    data: bytes = b''\n"
        "    secret: str = Field(default='x', exclude=True)\n"
        "    camel: int = Field(0, alias='camelCase')\n"
    )
    api = load_api_models(["m.py"], tmp_path)
    files = typescript.render(
        RenderInputs(
            catalog=ir.Catalog(schemas=("public",)),
            config=config_mod.Config(root=tmp_path, out=tmp_path),
            api=api,
        )
    )  # fmt: skip
    text = files["ts/types/api.ts"].text
    assert "  children: Node[]\n" in text
    assert "  pet: Cat | Dog\n" in text
    assert "  pair: [number, string]\n" in text
    assert "  tags: string[]\n" in text
    assert "  camelCase: number\n" in text
    assert "secret" not in text
    zod = files["ts/types/zod.ts"].text
    assert "export const zNode: z.ZodType<api.Node> =" in zod
    assert "z.lazy(() => zNode)" in zod


def test_relationships_through_views_without_node() -> None:
    """A key is listed for every view standing in for either side, every way of picking columns."""
    from schemafirst.render.typescript_relationships import list_relationships

    int4 = _text("int4")

    def col(name: str, source: tuple[str, str, str] | None = None) -> ir.Column:
        return ir.Column(name=name, ordinal=1, type=int4, nullable=False, source=source)

    fk = ir.ForeignKey(
        name="b_a_fkey", columns=("a_id",), ref_schema="public", ref_table="a", ref_columns=("id",)
    )
    a = ir.Table(schema="public", name="a", kind="table", columns=(col("id"),))
    b = ir.Table(
        schema="public", name="b", kind="table", columns=(col("a_id"),), foreign_keys=(fk,)
    )
    # vb shows b.a_id twice; va2 shows a.id through va1.
    vb = ir.Table(
        schema="public",
        name="vb",
        kind="view",
        columns=(col("x", ("public", "b", "a_id")), col("y", ("public", "b", "a_id"))),
    )
    va1 = ir.Table(
        schema="public", name="va1", kind="view", columns=(col("id", ("public", "a", "id")),)
    )
    va2 = ir.Table(
        schema="public",
        name="va2",
        kind="materialized_view",
        columns=(col("k", ("public", "va1", "id")),),
    )
    catalog = ir.Catalog(schemas=("public",), tables=(a, b, va1, va2, vb))
    found = {
        key[1]: [(r.columns, r.ref_relation, r.ref_columns) for r in rels]
        for key, rels in list_relationships(catalog).items()
    }
    assert found == {
        "b": [(("a_id",), "a", ("id",)), (("a_id",), "va1", ("id",)), (("a_id",), "va2", ("k",))],
        "vb": [
            (("x",), "a", ("id",)),
            (("y",), "a", ("id",)),
            (("x",), "va1", ("id",)),
            (("y",), "va1", ("id",)),
            (("x",), "va2", ("k",)),
            (("y",), "va2", ("k",)),
        ],
    }
