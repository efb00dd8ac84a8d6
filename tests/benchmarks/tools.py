"""The commands the side-by-side benchmark runs: our CLI's variants and the peers' CLIs.

Every tool is a whole process, run as a user would run it. Peers come from a
separate virtualenv (``BENCH_PEERS``, made by ``nox -s bench``) and a
bench-only Node folder (``tests/benchmarks/node``); the Supabase CLI is the
one the TypeScript tests pin (``tests/typescript``). A peer that is not
installed is reported as ``n/a`` with the reason, never skipped silently.

Each :class:`Tool` says what it compares with: the peer's output kind and
input are matched by one of our variants (see :data:`PAIRS`).
"""

from __future__ import annotations

import os
import shutil
import sys
import sysconfig
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
OURS = str(Path(sysconfig.get_path("scripts")) / "schemafirst")
NODE_BIN = ROOT / "tests" / "benchmarks" / "node" / "node_modules" / ".bin"
SUPABASE = ROOT / "tests" / "typescript" / "node_modules" / ".bin" / "supabase"
TARGETS = ("sqlalchemy", "pydantic", "typescript", "tanstack")
SOURCES = ("live", "migrations", "snapshot")
# (peer, our variant it is compared with, what both do)
PAIRS = (
    ("sqlacodegen", "sqlalchemy/live", "database → SQLAlchemy models"),
    ("sqlacodegen", "all/live", "database → SQLAlchemy models (ours: all four targets)"),
    ("supabase-pydantic", "pydantic/live", "database → Pydantic models"),
    ("supabase gen types", "typescript/live", "database → database.ts"),
    ("datamodel-codegen", "pydantic/snapshot", "schema file → Pydantic models"),
    ("pydantic2ts", "typescript+api/snapshot", "Pydantic models → TypeScript"),
)


@dataclass(frozen=True)
class Tool:
    """One command of the benchmark; ``unavailable`` is why it cannot run here, if so."""

    key: str
    argv: list[str]
    cwd: Path
    live: bool = False  # talks to the benchmark database: its statements are counted
    stdout: Path | None = None
    clean: tuple[Path, ...] = ()  # removed before each run: every run writes from scratch
    check: Callable[[], str] | None = None
    unavailable: str = ""
    ok_codes: tuple[int, ...] = (0,)
    # Folder whose *.py must compile; a failure is noted next to the timing.
    python_out: Path | None = None


@dataclass(frozen=True)
class Workspace:
    """The files of one size N: migrations, snapshot, API module, outputs."""

    root: Path
    url: str  # libpq URL of the benchmark database

    @property
    def migrations(self) -> Path:
        return self.root / "migrations"

    @property
    def snapshot(self) -> Path:
        return self.root / "input.snapshot.json"

    @property
    def api_module(self) -> Path:
        return self.root / "api_models.py"

    @property
    def api_schema(self) -> Path:
        return self.root / "api_models.schema.json"

    def out(self, key: str) -> Path:
        return self.root / "out" / key.replace("/", "-").replace(" ", "-")


def peers_bin() -> Path | None:
    """The peer virtualenv's bin folder (``BENCH_PEERS``, else ``.nox/bench-peers``)."""
    folder = Path(os.environ.get("BENCH_PEERS") or ROOT / ".nox" / "bench-peers")
    return folder / "bin" if (folder / "bin" / "python").exists() else None


def write_configs(ws: Workspace) -> None:
    """Our config files: the public schema, no Supabase shim; one with the API module.

    Without ``fastapi_app`` the tanstack target renders its supabase-js variant.
    """
    base = 'schemas = ["public"]\nsupabase = false\n'
    (ws.root / "schemafirst.toml").write_text(base, encoding="utf-8")
    (ws.root / "api.toml").write_text(base + 'api_modules = ["api_models.py"]\n', encoding="utf-8")


def ours(ws: Workspace) -> list[Tool]:
    """Our CLI: each target alone and all four, from each source; the API-models variant."""
    plain, api = ws.root / "schemafirst.toml", ws.root / "api.toml"
    source = {
        "live": ["--database-url", ws.url],
        "migrations": ["--migrations", str(ws.migrations)],
        "snapshot": ["--snapshot", str(ws.snapshot)],
    }
    tools = []
    for target in (*TARGETS, "all"):
        chosen = [] if target == "all" else ["--target", target]
        for kind in SOURCES:
            key = f"{target}/{kind}"
            out = ws.out(key)
            python = target in ("sqlalchemy", "pydantic", "all")
            argv = [OURS, "generate", "--config", str(plain), *source[kind], *chosen]
            tools.append(
                Tool(key, [*argv, "--out", str(out)], ws.root, live=kind == "live", clean=(out,),
                     check=_expect(out, "**/*.py" if python else "**/*.ts"),
                     python_out=out if python else None)
            )  # fmt: skip
    out = ws.out("typescript+api/snapshot")
    argv = [OURS, "generate", "--config", str(api), "--snapshot", str(ws.snapshot)]
    argv += ["--target", "typescript", "--out", str(out)]
    tools.append(
        Tool(
            "typescript+api/snapshot", argv, ws.root, clean=(out,), check=_expect(out, "**/api.ts")
        )
    )
    return tools


def peers(ws: Workspace) -> list[Tool]:
    """The peers' CLIs on the same database and the same synthetic input."""
    bin_dir = peers_bin()
    venv = "" if bin_dir else "peer virtualenv not found (run `nox -s bench`, or set BENCH_PEERS)"
    p = bin_dir or Path("/nonexistent")
    json2ts = NODE_BIN / "json2ts"

    def peer(key: str, argv: list[str], wrote: str, **kw: Any) -> Tool:
        out = ws.out(key)
        argv = [a.replace("{out}", str(out)) for a in argv]
        kw.setdefault("unavailable", venv)
        if wrote.endswith(".py"):
            kw["python_out"] = out
        if kw.pop("to_stdout", False):
            kw["stdout"] = out / wrote
        return Tool(key, argv, ws.root, clean=(out,), check=_expect(out, wrote), **kw)

    return [
        # SQLAlchemy URL for psycopg 3, the driver schemafirst uses too.
        peer("sqlacodegen", [str(p / "sqlacodegen"),
             ws.url.replace("postgresql://", "postgresql+psycopg://", 1),
             "--outfile", "{out}/models.py"], "models.py", live=True),
        peer("supabase-pydantic", [str(p / "sb-pydantic"), "gen", "--type", "pydantic",
             "--framework", "fastapi", "--db-url", ws.url, "--schema", "public", "--dir", "{out}",
             "-qq"], "**/*.py", live=True),
        peer("datamodel-codegen", [str(p / "datamodel-codegen"), "--input", str(ws.api_schema),
             "--input-file-type", "jsonschema", "--output", "{out}/models.py",
             "--output-model-type", "pydantic_v2.BaseModel", "--target-python-version", "3.11",
             "--disable-timestamp"], "models.py"),
        peer("pydantic2ts", [str(p / "pydantic2ts"), "--module", str(ws.api_module),
             "--output", "{out}/api.ts", "--json2ts-cmd", str(json2ts)], "api.ts",
             unavailable=venv or _node_missing(json2ts, "json-schema-to-typescript")),
        peer("supabase gen types", [str(SUPABASE), "gen", "types", "typescript",
             f"--remote={ws.url}", "--schema", "public", "--query-timeout", "600s"],
             "database.ts", live=True, to_stdout=True,
             unavailable=_node_missing(SUPABASE, "the Supabase CLI (npm ci in tests/typescript)")),
    ]  # fmt: skip


def _node_missing(path: Path, what: str) -> str:
    if shutil.which("node") is None:
        return "Node.js is not installed"
    return "" if path.exists() else f"{what} is not installed"


def compile_errors(folder: Path) -> str:
    """The first Python file under ``folder`` that does not compile, as one line, or ""."""
    for path in sorted(folder.rglob("*.py")):
        try:
            compile(path.read_bytes(), str(path), "exec")
        except SyntaxError as exc:
            return f"{path.name} line {exc.lineno}: {exc.msg}"
    return ""


def _expect(folder: Path, pattern: str) -> Callable[[], str]:
    """A check that the run wrote a non-empty file matching ``pattern`` under ``folder``."""

    def check() -> str:
        if any(p.stat().st_size > 0 for p in folder.glob(pattern) if p.is_file()):
            return ""
        return f"wrote no {pattern} under {folder.name}"

    return check


def import_probe(modules: str) -> list[str]:
    """A command printing how long importing ``modules`` (and configuring mappers) takes."""
    code = (
        "import time; t = time.perf_counter()\n"
        f"import {modules}\n"
        "from sqlalchemy.orm import configure_mappers; configure_mappers()\n"
        "print(time.perf_counter() - t)"
    )
    return [sys.executable, "-c", code]


def fixed(root: Path) -> list[Tool]:
    """Size-independent runs: start-up and the example's offline check."""
    return [
        Tool("schemafirst --help", [OURS, "--help"], root),
        Tool('python -c "import typer"', [sys.executable, "-c", "import typer"], root),
        # Exit 1 (drift, while someone edits templates) is still a full check.
        Tool(
            "schemafirst check --offline (example)",
            [OURS, "check", "--offline"],
            ROOT,
            ok_codes=(0, 1),
        ),
    ]
