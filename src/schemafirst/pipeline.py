"""The only orchestrator: choose a source, load the catalog, render the plan.

    source (database | migrations | snapshot) ──> Catalog ──┐
                                                            ├──> render_all ──> Plan
    configured Pydantic modules ─────────────> ApiModels ──┘

``generate`` writes the plan (:mod:`schemafirst.output`), ``check`` compares
it (:mod:`schemafirst.drift`); both get it from :func:`build_plan`, so there
is one code path (STYLE rule 8).
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from schemafirst import render
from schemafirst.config import Config
from schemafirst.errors import ConfigError, EmbeddedError, RenderError
from schemafirst.ir import Catalog
from schemafirst.render.base import Plan, RenderedFile, RenderInputs

SourceKind = Literal["database", "migrations", "snapshot"]
Progress = Callable[[str], None]


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceOptions:
    """The source options of the command line; at most one is set."""

    database_url: str | None = None
    migrations: Path | None = None
    snapshot: Path | None = None
    offline: bool = False


@dataclass(frozen=True, slots=True)
class Source:
    """Where the catalog comes from. ``location`` of a database is its URL (secret)."""

    kind: SourceKind
    location: str

    def describe(self) -> str:
        """A printable description that never shows a URL."""
        return "the database" if self.kind == "database" else f"{self.kind} {self.location}"


def example_root() -> Path:
    """The bundled example: inside the wheel, or the checkout's ``schema/``."""
    packaged = Path(__file__).resolve().parent / "example"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "schema"


def example_config(cwd: Path, opts: SourceOptions, environ: Mapping[str, str]) -> Config:
    """The configuration used when there is none: the bundled example, written under cwd.

    The example's API models and FastAPI app belong to the example's schema:
    when another source is given (an option or ``DATABASE_URL``), they are
    left out, so another schema never gets the example's endpoints.
    """
    ex = example_root()
    own_source = any(
        (opts.database_url, opts.migrations, opts.snapshot, environ.get("DATABASE_URL"))
    )
    return Config(
        root=cwd,
        found=False,
        migrations=ex / "migrations",
        supabase=True,
        snapshot=None,
        api_modules=() if own_source else (str(ex / "api" / "schemas.py"),),
        fastapi_app=None if own_source else f"{ex / 'api' / 'app.py'}:app",
        out=cwd / "generated",
    )


def with_out(config: Config, out: Path) -> Config:
    """``--out DIR``: every target, and the snapshot, under DIR."""
    out = Path(os.path.abspath(out))  # symlinks kept for output.confine to see
    return dataclasses.replace(config, out=out, output_root=out, snapshot=out / "snapshot.json")


def with_templates(config: Config, templates: Path | None) -> Config:
    """``--templates DIR`` instead of ``templates_dir``; the folder in effect must exist."""
    if templates is not None:
        config = dataclasses.replace(config, templates_dir=Path(os.path.abspath(templates)))
    if config.templates_dir is not None and not config.templates_dir.is_dir():
        raise ConfigError(f"the templates folder {config.templates_dir} does not exist")
    return config


def resolve_source(config: Config, opts: SourceOptions, environ: Mapping[str, str]) -> Source:
    """Pick the source: command line first, then the URL env var, migrations, snapshot."""
    chosen = [o for o in (opts.database_url, opts.migrations, opts.snapshot) if o is not None]
    if len(chosen) > 1:
        raise ConfigError("give only one of --database-url, --migrations and --snapshot")
    if opts.offline:
        if opts.database_url or opts.migrations:
            raise ConfigError("--offline reads only the snapshot; drop the live source option")
        snap = opts.snapshot or config.snapshot
        if snap is None:
            raise ConfigError(
                "--offline needs a snapshot: set 'snapshot' in the config or --snapshot"
            )
        return Source("snapshot", str(snap))
    if opts.database_url:
        return Source("database", opts.database_url)
    if opts.migrations:
        return Source("migrations", str(opts.migrations))
    if opts.snapshot:
        return Source("snapshot", str(opts.snapshot))
    env_url = environ.get(config.database_url_env)
    if env_url:
        return Source("database", env_url)
    if config.migrations is not None:
        return Source("migrations", str(config.migrations))
    if config.snapshot is not None and config.snapshot.exists():
        return Source("snapshot", str(config.snapshot))
    raise ConfigError(
        "no catalog source: pass --database-url, --migrations or --snapshot, "
        f"set {config.database_url_env}, or add 'migrations' to [tool.schemafirst]"
    )


def load_catalog(source: Source, config: Config, *, progress: Progress | None = None) -> Catalog:
    """Read the catalog from ``source``."""
    if source.kind == "snapshot":
        from schemafirst import snapshot

        return snapshot.load(Path(source.location))
    if source.kind == "database":
        from schemafirst.introspect.live import read_database

        return read_database(source.location, config.schemas)
    import psycopg

    from schemafirst.introspect import read_catalog
    from schemafirst.introspect.embedded import migrated_database

    try:
        with (
            migrated_database(
                Path(source.location), supabase=config.supabase, progress=progress
            ) as url,
            psycopg.connect(url, autocommit=True) as conn,
        ):
            if progress:
                progress("reading the catalog")
            return read_catalog(conn, config.schemas)
    except psycopg.Error as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise EmbeddedError(f"cannot read the migrated database: {reason}") from None


def selected_targets(config: Config, requested: Sequence[str] = ()) -> list[str]:
    """The targets to render: those requested, or all that the config enables (custom last)."""
    enabled = [t for t in render.MODULES if t in config.targets]
    names = list(requested) or [*enabled, *config.custom_targets]
    for name in names:
        if name in config.custom_targets:
            continue
        if name not in render.MODULES:
            known = ", ".join([*render.MODULES, *config.custom_targets])
            raise ConfigError(f"unknown target '{name}' (known: {known})")
        if name not in config.targets:
            raise ConfigError(f"target '{name}' is disabled in the config")
    return names


def _needs_api(config: Config, targets: Sequence[str]) -> bool:
    builtin = [t for t in targets if t in render.MODULES]
    return bool(config.api_modules) and any(render.load(t).NEEDS_API for t in builtin)


def _needs_app(config: Config, targets: Sequence[str]) -> bool:
    return bool(config.fastapi_app) and "tanstack" in targets


def load_api(config: Config, targets: Sequence[str]) -> Any:
    """The API-models IR when a selected target needs it and modules are configured."""
    if not _needs_api(config, targets):
        return None
    from schemafirst.apimodels import load_api_models

    return load_api_models(config.api_modules, config.root)


def load_openapi(config: Config, targets: Sequence[str]) -> Any:
    """The FastAPI app's endpoints when the tanstack target is selected and an app is configured."""
    if config.fastapi_app is None or not _needs_app(config, targets):
        return None
    from schemafirst.openapi import load_endpoints

    return load_endpoints(config.fastapi_app, config.root)


def render_all(inputs: RenderInputs, targets: Sequence[str]) -> Plan:
    """Render every target into one plan, plus the snapshot file.

    Targets render in threads, one at a time: a thread renders only while it
    holds ``turn``, and gives it up while it waits for ``ruff format``, so
    formatting overlaps the next target's rendering. Running them all at once
    cost 20% more CPU (GIL contention) and 40% more peak memory (every view
    model alive together). The plan is merged in target order, so the result
    does not depend on which thread finishes first.
    """
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from schemafirst import format as format_mod

    plan: Plan = {}
    config = inputs.config
    if config.snapshot is not None:
        from schemafirst import snapshot

        # relpath, not relative_to: a snapshot outside the project is output.confine's to refuse.
        rel = Path(os.path.relpath(config.snapshot, config.base)).as_posix()
        plan[rel] = RenderedFile(snapshot.dump(inputs.catalog), target="snapshot")
    jobs = _render_jobs(config, targets)  # modules imported once, outside the threads

    turn = threading.Lock()

    @contextlib.contextmanager
    def give_way() -> Iterator[None]:
        turn.release()
        try:
            yield
        finally:
            turn.acquire()

    def run(job: tuple[str, Callable[[RenderInputs], Plan]]) -> Plan:
        from schemafirst.render.filters import bound

        # bound: what the catalog-aware template filters read.
        with turn, bound(inputs), format_mod.while_waiting(give_way):
            return job[1](inputs)

    with ThreadPoolExecutor(max_workers=max(len(jobs), 1)) as pool:
        rendered = list(pool.map(run, jobs))
    for (name, _job), files in zip(jobs, rendered, strict=True):
        for path, item in files.items():
            item = dataclasses.replace(item, target=item.target or name)
            previous = plan.get(path)
            if previous is not None and previous.text != item.text:
                raise RenderError(
                    f"targets {previous.target} and {item.target} both render {path} differently"
                )
            plan.setdefault(path, item)
    return plan


@functools.cache
def share_one_malloc_arena() -> None:
    """Have glibc serve every thread from one malloc arena (elsewhere: nothing).

    glibc gives each new thread an arena of its own, which keeps what that
    thread freed for that thread. The rendering threads take turns, so they
    gain no concurrency from it, only memory held apart: a run of all targets
    at N=1,000 peaked at 114 MB with them and 102 MB with one (same time).
    The setting is the whole process's, so only the CLI makes it, never
    :func:`render_all` inside someone else's program.
    """
    try:
        os.confstr("CS_GNU_LIBC_VERSION")  # glibc only: -8 means M_ARENA_MAX there
        import ctypes

        ctypes.CDLL(None).mallopt(-8, 1)
    except (ValueError, OSError, AttributeError):
        pass


def _render_jobs(
    config: Config, targets: Sequence[str]
) -> list[tuple[str, Callable[[RenderInputs], Plan]]]:
    """(name, render function) per built-in target, plus one job for all custom targets."""
    jobs: list[tuple[str, Callable[[RenderInputs], Plan]]] = [
        (name, render.load(name).render) for name in targets if name in render.MODULES
    ]
    custom = [config.custom_targets[name] for name in targets if name in config.custom_targets]
    if custom:
        from schemafirst.render import custom as custom_mod

        # One job, so all custom Python output is formatted by one ruff process.
        jobs.append(("custom", lambda inputs: custom_mod.render(inputs, custom)))
    return jobs


def build_plan(
    config: Config,
    source: Source,
    targets: Sequence[str],
    *,
    progress: Progress | None = None,
) -> tuple[Catalog, Plan]:
    """Load the catalog (and API models) and render the plan."""
    catalog = load_catalog(source, config, progress=progress)
    api, openapi = load_user_code(config, targets)
    inputs = RenderInputs(catalog=catalog, config=config, api=api, openapi=openapi)
    plan = render_all(inputs, targets)
    return catalog, plan


def load_user_code(config: Config, targets: Sequence[str]) -> tuple[Any, Any]:
    """``(load_api, load_openapi)``, reused from :mod:`schemafirst.apicache` while unchanged.

    Importing the project's API modules and FastAPI app is most of a small
    project's ``check``; the cache skips it when nothing the import read changed.
    """
    needs = (_needs_api(config, targets), _needs_app(config, targets))
    if not any(needs):
        return None, None
    from schemafirst import apicache

    settings = {
        "root": str(config.root),
        "api_modules": list(config.api_modules) if needs[0] else [],
        "fastapi_app": config.fastapi_app if needs[1] else None,
    }
    value = apicache.load(
        config.root, settings, lambda: (load_api(config, targets), load_openapi(config, targets))
    )
    return value[0], value[1]


def empty_schemas(catalog: Catalog) -> list[str]:
    """The read schemas that hold nothing to render (a warning, not an error)."""
    used = {
        obj.schema
        for kind in (
            catalog.tables,
            catalog.enums,
            catalog.composite_types,
            catalog.domains,
            catalog.functions,
        )
        for obj in kind
    }
    return [s for s in catalog.schemas if s not in used]


def environ() -> Mapping[str, str]:
    """The process environment (a seam for tests)."""
    return os.environ


def check(
    config: Config,
    source: Source,
    targets: Sequence[str],
    *,
    schema_only: bool = False,
    progress: Progress | None = None,
) -> Any:
    """What ``check`` reports: rendered files against disk, and a live schema against the snapshot.

    Returns a :class:`schemafirst.drift.Drift`. The schema diff runs when the
    source is live and a snapshot is committed; ``schema_only`` skips the
    files and fails when there is no diff to make, since a check that cannot
    run must not pass.
    """
    from schemafirst import drift as drift_mod

    snapshot_file = config.snapshot
    has_snapshot = snapshot_file is not None and snapshot_file.exists()
    if schema_only and source.kind == "snapshot":
        raise ConfigError("the schema diff needs a live source: --database-url or --migrations")
    if schema_only and not has_snapshot:
        raise ConfigError(
            "the schema diff needs a committed snapshot: run `schemafirst snapshot` first"
        )
    if schema_only:
        catalog = load_catalog(source, config, progress=progress)
        drift = drift_mod.Drift()
    else:
        chosen = selected_targets(config, targets)
        catalog, plan = build_plan(config, source, chosen, progress=progress)
        drift = drift_mod.compare(plan, root=config.base, out=config.out, targets=targets or None)
    if source.kind != "snapshot" and snapshot_file is not None and has_snapshot:
        from schemafirst import schemadiff, snapshot

        drift.schema_checked = True
        drift.schema_changes = schemadiff.diff_catalogs(snapshot.load(snapshot_file), catalog)
    return drift
