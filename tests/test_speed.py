"""Speed regressions checked without timing: what a run compiles, imports and keeps alive."""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_cli import ROOT, run

from schemafirst import pipeline, snapshot
from schemafirst.config import Config
from schemafirst.render import environment
from schemafirst.render.base import RenderInputs


@pytest.fixture
def fresh_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Environments built anew, their bytecode cache under ``tmp_path``."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    environment.environment.cache_clear()
    yield tmp_path
    environment.environment.cache_clear()


def _compiles(name: str) -> list[str]:
    env = environment.environment(None)
    compiled: list[str] = []
    compile_ = env.compile

    def counting(source: str, name: str | None = None, *args: object, **kw: object) -> object:
        compiled.append(str(name))
        return compile_(source, name, *args, **kw)  # type: ignore[arg-type]

    env.compile = counting  # type: ignore[method-assign]
    env.get_template(name)
    return compiled


def test_templates_compile_once_per_machine_not_once_per_run(fresh_environment: Path) -> None:
    assert _compiles("sqlalchemy/models.py.j2") == ["sqlalchemy/models.py.j2"]
    assert list(fresh_environment.glob("_jinja2-cache-*/__schemafirst_*.cache"))
    environment.environment.cache_clear()  # the next run: a new process, a new environment
    assert _compiles("sqlalchemy/models.py.j2") == []


def test_a_changed_template_is_compiled_again(fresh_environment: Path) -> None:
    user = fresh_environment / "templates"
    (user / "sqlalchemy").mkdir(parents=True)
    override = user / "sqlalchemy" / "__init__.py.j2"
    override.write_text('"""One."""\n')
    assert environment.render("sqlalchemy/__init__.py.j2", {}, user_dir=user) == '"""One."""\n'
    environment.environment.cache_clear()
    override.write_text('"""Two."""\n')
    assert environment.render("sqlalchemy/__init__.py.j2", {}, user_dir=user) == '"""Two."""\n'


def test_every_builtin_template_is_compiled_at_most_once_per_run(
    fresh_environment: Path,
) -> None:
    """60 more tables through every target (tanstack renders route stubs per table)."""
    import collections
    import dataclasses

    from schemafirst.config import TARGETS

    catalog = snapshot.load(ROOT / "schema" / "snapshot.json")
    videos = catalog.table("public", "videos")
    assert videos is not None
    copies = tuple(dataclasses.replace(videos, name=f"copy_{i:03d}") for i in range(60))
    many = dataclasses.replace(catalog, tables=catalog.tables + copies)
    env = environment.environment(None)
    compiled: collections.Counter[str] = collections.Counter()
    compile_ = env.compile

    def counting(source: str, name: str | None = None, *args: object, **kw: object) -> object:
        compiled[str(name)] += 1
        return compile_(source, name, *args, **kw)  # type: ignore[arg-type]

    env.compile = counting  # type: ignore[method-assign]
    assert env.loader is not None
    loaded: collections.Counter[str] = collections.Counter()
    load = env.loader.load

    def reading(environment: object, name: str, *args: object) -> object:
        loaded[name] += 1
        return load(environment, name, *args)  # type: ignore[arg-type]

    env.loader.load = reading  # type: ignore[method-assign]
    config = Config(root=fresh_environment, out=fresh_environment / "gen")
    plan = pipeline.render_all(RenderInputs(catalog=many, config=config), list(TARGETS))
    assert sum("/copy" in path for path in plan) >= 60 * 2, sorted(plan)
    assert compiled, "nothing compiled: the bytecode cache was not fresh"
    assert [name for name, n in compiled.items() if n > 1] == []
    # Nor read again from disk or the bytecode cache per table.
    assert [name for name, n in loaded.items() if n > 1] == []


ARENAS = """
import ctypes, sys, tempfile, threading
from pathlib import Path
from schemafirst import pipeline, snapshot
from schemafirst.config import Config
from schemafirst.render.base import RenderInputs

if sys.argv[1] == "cli":  # a whole command sets it up, before its threads
    from schemafirst.cli import app

    try:
        app(["check", "--offline"])
    except SystemExit as stop:
        assert stop.code == 0, stop.code
else:  # the library leaves a host program's malloc alone
    catalog = snapshot.load(Path(sys.argv[3]))
    config = Config(root=Path(tempfile.mkdtemp()), out=Path("gen"))
    pipeline.render_all(RenderInputs(catalog=catalog, config=config), ["typescript"])
together = threading.Barrier(4)

def work():
    kept = [bytes(1000) for _ in range(100)]  # over 512 bytes: from malloc, not pymalloc
    together.wait()  # all alive at once, or glibc hands an exited thread's arena on

threads = [threading.Thread(target=work) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
libc = ctypes.CDLL(None)
libc.fopen.restype = ctypes.c_void_p
out = libc.fopen(sys.argv[2].encode(), b"w")
libc.malloc_info(0, ctypes.c_void_p(out))
libc.fclose(ctypes.c_void_p(out))
"""


def test_a_command_shares_one_malloc_arena_between_its_threads(tmp_path: Path) -> None:
    import os
    import re
    import subprocess

    try:
        os.confstr("CS_GNU_LIBC_VERSION")
    except ValueError:
        pytest.skip("malloc arenas are glibc's")
    heaps = {}
    example = ROOT / "schema" / "snapshot.json"
    for mode in ("library", "cli"):
        info = tmp_path / f"{mode}.xml"
        argv = [sys.executable, "-c", ARENAS, mode, str(info), str(example)]
        subprocess.run(argv, cwd=ROOT, check=True, capture_output=True)
        heaps[mode] = len(re.findall(r"<heap nr=", info.read_text()))
    assert heaps["library"] >= 4 and heaps["cli"] == 1, heaps


def test_targets_render_one_at_a_time(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # Two targets rendering at once fight over the GIL and keep two view models
    # alive; only waiting for ruff may overlap another target's rendering.
    rendering: list[str] = []
    overlaps: list[str] = []
    real = environment.render

    def slow(name: str, context: object, **kw: object) -> str:
        rendering.append(name)
        if len(rendering) > 1:
            overlaps.append(name)
        time.sleep(0.02)  # lets any other thread that may render run now
        try:
            return real(name, context, **kw)  # type: ignore[arg-type]
        finally:
            rendering.remove(name)

    monkeypatch.setattr(environment, "render", slow)
    catalog = snapshot.load(ROOT / "schema" / "snapshot.json")
    config = Config(root=tmp_path, out=tmp_path / "gen")
    targets = ["sqlalchemy", "pydantic", "typescript"]
    plan = pipeline.render_all(RenderInputs(catalog=catalog, config=config), targets)
    assert any(p.endswith("models.py") for p in plan) and any(p.endswith(".ts") for p in plan)
    assert overlaps == []


def test_help_imports_no_renderer_or_database_driver() -> None:
    code = (
        "import sys; from schemafirst import cli;"
        "heavy = [m for m in ('jinja2', 'psycopg', 'sqlalchemy', 'pydantic', 'fastapi')"
        " if m in sys.modules]; print(heavy)"
    )
    import subprocess

    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    assert run("--help").returncode == 0
