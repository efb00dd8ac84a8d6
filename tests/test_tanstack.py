"""The TanStack target: compiled by tsc 7, run against the example FastAPI app.

One example database (the migrations on the session's embedded Postgres, one
``auth.users`` row) backs everything: ``schemafirst generate`` reads it with
``--database-url`` into a temporary project that links the pinned harness in
``tests/typescript/node_modules``. There, ``tsr generate`` builds the route
tree, ``tsc --noEmit`` checks client, queries, sockets and the scaffolded
routes strictly, and a TypeScript-7 API script fails on any ``@deprecated``
API they use. End to end, uvicorn serves ``schema/api/app.py`` on 127.0.0.1
and ``node --test`` runs ``tests/typescript/tanstack/e2e.test.ts`` through
the generated client.

Without Node these tests skip, except under ``CI`` where they fail.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from schemafirst import ir
from schemafirst.errors import ApiModuleError
from schemafirst.introspect.embedded import EmbeddedPostgres, apply_migrations, migration_files

ROOT = Path(__file__).resolve().parents[1]
HARNESS = ROOT / "tests" / "typescript"
SOURCES = HARNESS / "tanstack"
EXAMPLE = ROOT / "schema"
USER_ID = "6f1c2d3e-0000-4000-8000-00000000a11c"
GENERATED_CLIENT = "generated/ts/api/api/client.ts"
EDITED_ROUTE = "generated/ts/api/routes/_authenticated/videos/index.tsx"

CONFIG = f"""
supabase = true
schemas = ["public"]
api_modules = [{json.dumps(str(EXAMPLE / "api" / "schemas.py"))}]
fastapi_app = {json.dumps(str(EXAMPLE / "api" / "app.py") + ":app")}
out = "generated"
snapshot = "generated/snapshot.json"

[targets]
typescript = "ts"
tanstack = "ts/api"
"""

STRICT = {
    "strict": True,
    "target": "ES2022",
    "lib": ["ES2022", "DOM", "DOM.Iterable"],
    "jsx": "react-jsx",
    "skipLibCheck": True,
    "noUnusedLocals": True,
    "noUnusedParameters": True,
    "noImplicitReturns": True,
    "noUncheckedIndexedAccess": True,
    "exactOptionalPropertyTypes": True,
    "noFallthroughCasesInSwitch": True,
}
# What an app built with Vite has: bundler resolution, ESM, no emit.
CHECK_TSCONFIG = {
    "compilerOptions": {
        **STRICT,
        "module": "ESNext",
        "moduleResolution": "bundler",
        "verbatimModuleSyntax": True,
        "isolatedModules": True,
        "noEmit": True,
    },
    "include": ["generated/ts/**/*.ts", "generated/ts/**/*.tsx"],
}
# For Node: CommonJS output, where extensionless relative imports resolve.
RUN_TSCONFIG = {
    "compilerOptions": {
        **STRICT,
        "module": "nodenext",
        "moduleResolution": "nodenext",
        "types": ["node"],
        "outDir": "build",
    },
    "files": ["e2e.test.ts"],
}
TSR_CONFIG = {
    "routesDirectory": "./generated/ts/api/routes",
    "generatedRouteTree": "./generated/ts/api/routeTree.gen.ts",
    "quoteStyle": "double",
}

_names = itertools.count()


# --------------------------------------------------------------------------- helpers


def require_node() -> None:
    """Skip without Node, or fail under CI; install the harness when it is missing."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        if os.environ.get("CI"):
            pytest.fail("node and npm are required for the TanStack tests under CI")
        pytest.skip("node/npm not installed")
    if not (HARNESS / "node_modules" / ".bin" / "tsc").exists():
        subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund"], cwd=HARNESS, check=True, capture_output=True
        )


def run(cmd: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Run a command; its output is part of the assertion message when it fails."""
    full_env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    full_env.update(env)
    return subprocess.run(cmd, cwd=cwd, env=full_env, capture_output=True, text=True, timeout=300)


def schemafirst(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The CLI on the project's config."""
    return run([sys.executable, "-m", "schemafirst", *args, "--config", "sf.toml"], project)


def output(proc: subprocess.CompletedProcess[str]) -> str:
    return f"exit {proc.returncode}\n{proc.stdout}\n{proc.stderr}"


def node_bin(name: str) -> str:
    return str(HARNESS / "node_modules" / ".bin" / name)


@dataclass(frozen=True)
class Project:
    """A temporary app folder holding the generated files and the harness's node_modules."""

    path: Path
    database_url: str

    def generate(self, *extra: str) -> subprocess.CompletedProcess[str]:
        return schemafirst(self.path, "generate", "--database-url", self.database_url, *extra)

    def check(self) -> subprocess.CompletedProcess[str]:
        return schemafirst(self.path, "check", "--database-url", self.database_url)


def make_project(path: Path, database_url: str, config: str = CONFIG) -> Project:
    path.mkdir(parents=True, exist_ok=True)
    (path / "sf.toml").write_text(config, encoding="utf-8")
    project = Project(path, database_url)
    proc = project.generate()
    assert proc.returncode == 0, output(proc)
    return project


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def example_url(pg_server: EmbeddedPostgres) -> Iterator[str]:
    """A database with the example's migrations and one user, ``USER_ID``."""
    import psycopg

    name = f"tanstack_{next(_names)}"
    with psycopg.connect(pg_server.url, autocommit=True) as conn:
        conn.execute(f'create database "{name}"')
    url = pg_server.database_url(name)
    try:
        with psycopg.connect(url, autocommit=True) as conn:
            apply_migrations(conn, migration_files(EXAMPLE / "migrations"), supabase=True)
            conn.execute(
                "insert into auth.users (id, email) values (%s, 'e2e@example.com')", (USER_ID,)
            )
        yield url
    finally:
        with psycopg.connect(pg_server.url, autocommit=True) as conn:
            conn.execute(f'drop database if exists "{name}" with (force)')


def make_app(path: Path, database_url: str, config: str = CONFIG) -> Project:
    """A generated project set up as an app: node_modules, tsconfigs, the route tree."""
    require_node()
    proj = make_project(path, database_url, config)
    (proj.path / "node_modules").symlink_to(HARNESS / "node_modules", target_is_directory=True)
    (proj.path / "package.json").write_text('{"type": "commonjs"}\n', encoding="utf-8")
    for name, data in (
        ("tsconfig.json", CHECK_TSCONFIG),
        ("tsr.config.json", TSR_CONFIG),
        ("tsconfig.run.json", RUN_TSCONFIG),
    ):
        (proj.path / name).write_text(json.dumps(data, indent=2), encoding="utf-8")
    proc = run([node_bin("tsr"), "generate"], proj.path)
    assert proc.returncode == 0, output(proc)
    assert (proj.path / "generated/ts/api/routeTree.gen.ts").is_file()
    return proj


@pytest.fixture(scope="module")
def project(example_url: str, tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The example generated once into a temporary app, its route tree built by ``tsr``."""
    return make_app(tmp_path_factory.mktemp("tanstack_app"), example_url)


@pytest.fixture(scope="module")
def api_server(example_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The example FastAPI app under uvicorn on 127.0.0.1; yields its base URL."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(DATABASE_URL=example_url, UPLOAD_DIR=str(tmp_path_factory.mktemp("uploads")))
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "app:app",
            "--app-dir",
            str(EXAMPLE / "api"),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{base}/openapi.json", timeout=2) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    proc.kill()
                    out = proc.communicate()[0]
                    pytest.fail(f"uvicorn did not start: {out}")
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()


# --------------------------------------------------------------------------- tests


@pytest.mark.pg
@pytest.mark.node
def test_generated_files_and_routes_typecheck_strictly(project: Project) -> None:
    proc = run([node_bin("tsc"), "-p", "tsconfig.json"], project.path)
    assert proc.returncode == 0, output(proc)


@pytest.mark.pg
@pytest.mark.node
def test_no_deprecated_api_is_used(project: Project) -> None:
    checker = SOURCES / "check-deprecated.mjs"
    proc = run(["node", str(checker), "tsconfig.json"], project.path)
    assert proc.returncode == 0, output(proc)
    assert "0 deprecated uses" in proc.stdout


@pytest.mark.pg
@pytest.mark.node
def test_supabase_mode_typechecks_without_deprecated_apis(example_url: str, tmp_path: Path) -> None:
    """Without ``fastapi_app``: supabase-js table queries typed by ``Database``."""
    config = "\n".join(line for line in CONFIG.splitlines() if "fastapi_app" not in line)
    proj = make_app(tmp_path / "app", example_url, config)
    client = (proj.path / GENERATED_CLIENT).read_text(encoding="utf-8")
    assert "SupabaseClient<Database>" in client and "export async function listVideos(" in client
    proc = run([node_bin("tsc"), "-p", "tsconfig.json"], proj.path)
    assert proc.returncode == 0, output(proc)
    proc = run(["node", str(SOURCES / "check-deprecated.mjs"), "tsconfig.json"], proj.path)
    assert proc.returncode == 0, output(proc)


@pytest.mark.node
def test_deprecation_check_catches_ensure_query_data(tmp_path: Path) -> None:
    """The check itself works: the pre-5.102 loader idiom is reported."""
    require_node()
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "node_modules").symlink_to(HARNESS / "node_modules", target_is_directory=True)
    (bad / "loader.ts").write_text(
        'import { QueryClient, queryOptions } from "@tanstack/react-query"\n'
        'const opts = queryOptions({ queryKey: ["x"], queryFn: async () => 1 })\n'
        "export const data = new QueryClient().ensureQueryData(opts)\n",
        encoding="utf-8",
    )
    tsconfig = {"compilerOptions": CHECK_TSCONFIG["compilerOptions"], "include": ["*.ts"]}
    (bad / "tsconfig.json").write_text(json.dumps(tsconfig), encoding="utf-8")
    proc = run(["node", str(SOURCES / "check-deprecated.mjs"), "tsconfig.json"], bad)
    assert proc.returncode == 1, output(proc)
    assert "ensureQueryData" in proc.stdout


@pytest.mark.pg
@pytest.mark.node
def test_client_runs_against_the_example_app(project: Project, api_server: str) -> None:
    shutil.copy(SOURCES / "e2e.test.ts", project.path / "e2e.test.ts")
    proc = run([node_bin("tsc"), "-p", "tsconfig.run.json"], project.path)
    assert proc.returncode == 0, output(proc)
    major = int(run(["node", "--version"], project.path).stdout.strip().lstrip("v").split(".")[0])
    # Node 22 made the WebSocket global stable; Node 20 has it behind a flag.
    flags = ["--experimental-websocket"] if major < 22 else []
    proc = run(
        ["node", *flags, "--test", "build/e2e.test.js"],
        project.path,
        API_URL=api_server,
        USER_ID=USER_ID,
    )
    assert proc.returncode == 0, output(proc)
    assert "# fail 0" in proc.stdout and "# pass 7" in proc.stdout, proc.stdout


@pytest.mark.pg
def test_scaffolds_are_owned_by_the_user(example_url: str, tmp_path: Path) -> None:
    proj = make_project(tmp_path / "app", example_url)
    route = proj.path / EDITED_ROUTE
    client = proj.path / GENERATED_CLIENT
    original = route.read_text(encoding="utf-8")
    assert original.startswith("// Scaffolded by schemafirst once")
    edited = original + "\n// my own change\n"
    route.write_text(edited, encoding="utf-8")

    proc = proj.generate()
    assert proc.returncode == 0, output(proc)
    assert route.read_text(encoding="utf-8") == edited
    proc = proj.check()
    assert proc.returncode == 0, output(proc)

    proc = proj.generate("--force")
    assert proc.returncode == 0, output(proc)
    assert route.read_text(encoding="utf-8") == original

    client.write_text(client.read_text(encoding="utf-8") + "\n// hand edit\n", encoding="utf-8")
    proc = proj.check()
    assert proc.returncode == 1, output(proc)
    assert "client.ts" in proc.stdout + proc.stderr


@pytest.mark.pg
def test_render_is_deterministic_and_owns_the_right_files(example_url: str) -> None:
    from schemafirst import config as config_mod
    from schemafirst.apimodels import load_api_models
    from schemafirst.introspect.live import read_database
    from schemafirst.openapi import load_endpoints
    from schemafirst.render import tanstack
    from schemafirst.render.base import RenderInputs

    config = config_mod.parse(
        {
            "api_modules": [str(EXAMPLE / "api" / "schemas.py")],
            "fastapi_app": str(EXAMPLE / "api" / "app.py") + ":app",
        },
        root=ROOT,
        origin="test",
    )
    inputs = RenderInputs(
        catalog=read_database(example_url, config.schemas),
        config=config,
        api=load_api_models(config.api_modules, config.root),
        openapi=load_endpoints(config.fastapi_app or "", config.root),
    )
    first, second = tanstack.render(inputs), tanstack.render(inputs)
    assert first == second
    owners = {path.split("generated/ts/", 1)[1]: f.owner for path, f in first.items()}
    assert owners["api/client.ts"] == owners["api/queries.ts"] == owners["api/ws.ts"] == "generated"
    scaffolds = sorted(p for p, owner in owners.items() if owner == "scaffold")
    assert scaffolds == [
        "router.tsx",
        "routes/__root.tsx",
        "routes/_authenticated.tsx",
        "routes/_authenticated/jobs/$jobId.tsx",
        "routes/_authenticated/videos/$videoId.tsx",
        "routes/_authenticated/videos/index.tsx",
        "routes/login.tsx",
        "supabase.ts",
    ]
    queries = first["generated/ts/api/queries.ts"].text
    assert "ensureQueryData" not in queries and "queryOptions({" in queries


def test_fastapi_app_spec_errors_are_one_sentence(tmp_path: Path) -> None:
    from schemafirst.openapi import load_endpoints

    (tmp_path / "notapp.py").write_text("app = 42\n", encoding="utf-8")
    (tmp_path / "broken.py").write_text("raise RuntimeError('boom')\n", encoding="utf-8")
    cases = {
        "no-colon.py": "must look like",
        "missing.py:app": "does not exist",
        "notapp.py:app": "is not a FastAPI app",
        "notapp.py:other": "has no attribute 'other'",
        "broken.py:app": "RuntimeError: boom",
        f"no_such_module_{uuid.uuid4().hex}:app": "could not be imported",
    }
    for spec, message in cases.items():
        with pytest.raises(ApiModuleError, match=message):
            load_endpoints(spec, tmp_path)


def test_endpoint_ir_of_the_example() -> None:
    from schemafirst.openapi import load_endpoints

    endpoints = load_endpoints("schema/api/app.py:app", ROOT)
    ids = [op.operation_id for op in endpoints.operations]
    assert ids == ["listVideos", "uploadVideo", "getVideo", "updateVideoMetadata", "getJob"]
    upload = endpoints.operations[1]
    assert upload.body is not None and upload.body.media_type == "multipart/form-data"
    assert [(f.name, f.type.kind, f.required) for f in upload.body.fields] == [
        ("title", "string", True),
        ("file", "binary", True),
        ("description", "union", False),
    ]
    assert upload.response.status == 201
    page = endpoints.cls("Page_VideoSummarySchema_")
    assert page is not None and (page.python_name, page.args) == ("Page", ("VideoSummarySchema",))
    (ws,) = endpoints.websockets
    assert ws.path == "/ws/jobs/{job_id}" and ws.messages == ("JobStatusUpdate",)
    assert [(p.name, p.location) for p in ws.parameters] == [
        ("job_id", "path"),
        ("user_id", "query"),
    ]


# --------------------------------------------------------------------------- unit tests (no Node)


def _table(name: str, pk: str = "id", schema: str = "public") -> ir.Table:
    int8 = ir.TypeRef(schema="pg_catalog", name="int8", kind="base", display="int8")
    return ir.Table(
        schema=schema,
        name=name,
        kind="table",
        columns=(ir.Column(name=pk, ordinal=1, type=int8, nullable=False),),
        primary_key=ir.PrimaryKey(name=f"{name}_pkey", columns=(pk,)),
    )


def _supabase_plan(*tables: ir.Table, **config: Any) -> dict[str, str]:
    """The tanstack target in Supabase mode (no FastAPI app) on a hand-made catalog."""
    from schemafirst import config as config_mod
    from schemafirst.render import tanstack
    from schemafirst.render.base import RenderInputs

    schemas = tuple(sorted({t.schema for t in tables}))
    cfg = config_mod.Config(root=ROOT, out=ROOT / "generated", schemas=schemas, **config)
    catalog = ir.Catalog(schemas=schemas, tables=tables)
    plan = tanstack.render(RenderInputs(catalog=catalog, config=cfg))
    return {path.removeprefix("generated/ts/"): f.text for path, f in plan.items()}


def test_titles_reach_jsx_only_as_string_literals() -> None:
    """A table named like markup is a heading, never JSX; both modes title alike."""
    plan = _supabase_plan(_table("x{alert(1)}<b>"), _table("HTTPLog"))
    folder = "routes/_authenticated/xalert1b"
    assert '<h1>{"X alert 1 b"}</h1>' in plan[f"{folder}/index.tsx"]
    assert '<p>{"X alert 1 b: not found."}</p>' in plan[f"{folder}/$xAlert1BId.tsx"]
    assert '<Link to="/xalert1b">{"X alert 1 b"}</Link>' in plan["routes/__root.tsx"]
    assert '<Link to="/HTTPLog">{"HTTPLog"}</Link>' in plan["routes/__root.tsx"]
    routes = [text for path, text in plan.items() if path.startswith("routes/")]
    assert not any("{alert" in text or "<b>" in text for text in routes)


def test_route_folders_never_overwrite_each_other() -> None:
    """``a_b``/``a b``, ``Users``/``users``, one name in two schemas: a folder each."""
    tables = (
        _table("a b"),
        _table("a_b"),
        _table("Users"),
        _table("login"),
        _table("users"),
        _table("users", schema="other"),
    )
    routes = {p for p in _supabase_plan(*tables) if p.startswith("routes/_authenticated/")}
    assert routes == {
        f"routes/_authenticated/{folder}/{leaf}.tsx"
        for folder, param in (
            ("Users", "usersId"),
            ("ab", "aBId"),
            ("ab-2", "aBId"),
            ("login-2", "loginId"),
            ("users-2", "usersId"),
            ("users-3", "usersId"),
        )
        for leaf in (f"${param}", "index")
    }


def test_a_path_written_twice_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """The guard behind the folder scope: no scaffold silently replaces another."""
    from schemafirst.errors import RenderError
    from schemafirst.render import tanstack

    original = tanstack.scaffold_files

    def twice(model: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
        for name, context in original(model):
            yield name, context
            if name.endswith("index.tsx"):
                yield name.replace("/videos/", "/Videos/"), context

    monkeypatch.setattr(tanstack, "scaffold_files", twice)
    with pytest.raises(RenderError, match=r"would write '.*/Videos/index.tsx' twice"):
        _supabase_plan(_table("videos"))


def test_reserved_words_are_no_route_params() -> None:
    """A key column called ``class`` names the param after its table, as ``id`` does."""
    from schemafirst.render.tanstack_syntax import camel

    assert [camel(t) for t in ("class", "type", "video_id", "2x", "")] == [
        "class_", "type_", "videoId", "n2x", "n",
    ]  # fmt: skip
    plan = _supabase_plan(_table("courses", pk="class"))
    detail = plan["routes/_authenticated/courses/$coursesClass.tsx"]
    assert "const { coursesClass } = Route.useParams()" in detail
    assert "getCourse({ class: Number(coursesClass) })" in detail
    assert "coursesKeys" in plan["api/queries.ts"]


def test_tanstack_needs_the_typescript_target() -> None:
    from schemafirst.errors import ConfigError

    with pytest.raises(ConfigError, match=r"^the tanstack target .*: enable typescript or disable"):
        _supabase_plan(_table("videos"), targets={"tanstack": "ts/api"})


def test_one_line_comments_hold_no_line_terminator() -> None:
    from schemafirst.render.base import ts_comment

    assert ts_comment("x-a\nb\r\nc\u2028d\u2029e") == "x-a b  c d e"


def test_same_named_tables_in_two_schemas_get_their_own_query_keys() -> None:
    """Cached data and invalidations of ``public.users`` and ``other.users`` never mix."""
    queries = _supabase_plan(_table("users"), _table("users", schema="other"))["api/queries.ts"]
    assert 'all: ["users"] as const' in queries
    assert 'all: ["other.users"] as const' in queries
