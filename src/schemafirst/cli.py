"""The command line: parse options, call the pipeline, map errors to exit codes.

Thin by rule (STYLE rule 9): no SQL, rendering or file walking here. Heavy
modules (psycopg, sqlalchemy, jinja2, pydantic) are imported inside the
commands, so ``schemafirst --help`` starts fast.

Exit codes: 0 success / no drift, 1 drift found (check), 2 any error — one
sentence on stderr, a traceback only with ``--debug``, never a password.
"""

from __future__ import annotations

import gc
import os
import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from schemafirst import __version__

app = typer.Typer(
    name="schemafirst",
    help="One schema, typed everywhere: generate SQLAlchemy, Pydantic, TypeScript and TanStack "
    "code from a Postgres/Supabase catalog and Pydantic API schemas, and check it for drift.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

_state = {"debug": False}

ConfigOpt = Annotated[
    Path | None,
    typer.Option("--config", help="pyproject.toml or TOML file with the settings.", dir_okay=False),
]
UrlOpt = Annotated[
    str | None,
    typer.Option(
        "--database-url", help="Read a live Postgres/Supabase database.", show_default=False
    ),
]
MigrationsOpt = Annotated[
    Path | None,
    typer.Option(
        "--migrations",
        help="Apply DIR/*.sql on a throw-away Postgres and read it.",
        file_okay=False,
    ),
]
SnapshotOpt = Annotated[
    Path | None,
    typer.Option("--snapshot", help="Read a snapshot JSON file (offline).", dir_okay=False),
]
TargetOpt = Annotated[
    list[str] | None, typer.Option("--target", "-t", help="Render only this target (repeatable).")
]
OutOpt = Annotated[
    Path | None, typer.Option("--out", help="Write every target (and the snapshot) under DIR.")
]
TemplatesOpt = Annotated[
    Path | None,
    typer.Option(
        "--templates",
        help="Your templates folder: its files override the defaults (instead of templates_dir).",
        file_okay=False,
    ),
]
AllowOutsideOpt = Annotated[
    bool,
    typer.Option(
        "--allow-outside",
        help="Allow writing outside the project folder (an --out elsewhere, a symlink out).",
    ),
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"schemafirst {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of errors.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """Global options."""
    _state["debug"] = debug


def _fail(message: str, secrets: tuple[str | None, ...] = ()) -> None:
    from schemafirst.errors import redact

    typer.echo(f"error: {redact(message, *secrets)}", err=True)
    raise typer.Exit(2)


@contextmanager
def _errors(*secrets: str | None) -> Iterator[None]:
    """Turn every failure into one redacted sentence and exit code 2."""
    from schemafirst.errors import SchemafirstError, env_secrets, redact

    secrets = (*secrets, *env_secrets(os.environ))
    try:
        yield
    except typer.Exit:
        raise
    except SchemafirstError as exc:
        if _state["debug"]:
            typer.echo(redact(traceback.format_exc(), *secrets), err=True)
        _fail(str(exc), secrets)
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        raise typer.Exit(130) from None
    except Exception as exc:
        if _state["debug"]:
            typer.echo(redact(traceback.format_exc(), *secrets), err=True)
        hint = "" if _state["debug"] else " (run with --debug for the traceback)"
        _fail(f"internal error: {type(exc).__name__}: {exc}{hint}", secrets)


def _progress() -> tuple[Callable[[str], None], Callable[[], None]]:
    """A spinner on a TTY stderr; silence otherwise (CI logs stay clean)."""
    if not sys.stderr.isatty():
        return (lambda _msg: None), (lambda: None)
    from rich.console import Console

    status = Console(stderr=True).status("working")
    status.start()
    return (lambda msg: status.update(msg)), status.stop


def _setup(
    config_file: Path | None,
    url: str | None,
    migrations: Path | None,
    snapshot: Path | None,
    out: Path | None,
    *,
    offline: bool = False,
    templates: Path | None = None,
) -> tuple[Any, Any]:
    from schemafirst import config as config_mod
    from schemafirst import pipeline

    pipeline.share_one_malloc_arena()  # every command that reads a schema, before its threads
    config = config_mod.load(config_file)
    opts = pipeline.SourceOptions(
        database_url=url, migrations=migrations, snapshot=snapshot, offline=offline
    )
    if not config.found:
        config = pipeline.example_config(Path.cwd(), opts, pipeline.environ())
        what = "example" if config.api_modules else "example's settings, without its API models"
        typer.echo(
            f"note: no [tool.schemafirst] found; using the bundled {what} "
            "(run `schemafirst init` to configure this project)",
            err=True,
        )
    if out is not None:
        config = pipeline.with_out(config, out)
    config = pipeline.with_templates(config, templates)
    return config, pipeline.resolve_source(config, opts, pipeline.environ())


def _build(config: Any, source: Any, targets: list[str] | None) -> tuple[Any, Any]:
    from schemafirst import pipeline

    update, stop = _progress()
    try:
        chosen = pipeline.selected_targets(config, targets or ())
        return pipeline.build_plan(config, source, chosen, progress=update)
    finally:
        stop()


@app.command()
def generate(
    config_file: ConfigOpt = None,
    database_url: UrlOpt = None,
    migrations: MigrationsOpt = None,
    snapshot: SnapshotOpt = None,
    target: TargetOpt = None,
    out: OutOpt = None,
    force: Annotated[bool, typer.Option("--force", help="Also rewrite scaffolded files.")] = False,
    allow_outside: AllowOutsideOpt = False,
    templates: TemplatesOpt = None,
) -> None:
    """Render every target and write the files whose contents changed."""
    with _errors(database_url):
        from schemafirst import output, pipeline

        config, source = _setup(
            config_file, database_url, migrations, snapshot, out, templates=templates
        )
        project = None if allow_outside else config.root
        if project is not None:  # before reading the source: fail fast on a wrong --out
            output.confine(project, config.out)
        catalog, plan = _build(config, source, target)
        for schema in pipeline.empty_schemas(catalog):
            typer.echo(
                f'warning: schema "{schema}" has no tables, views, types or functions; '
                "nothing is generated from it",
                err=True,
            )
        result = output.write(
            plan,
            root=config.base,
            out=config.out,
            force=force,
            targets=target or None,
            project=project,
        )
        for rel in result.written:
            typer.echo(f"wrote   {rel}")
        for rel in result.removed:
            typer.echo(f"removed {rel} (no longer generated)")
        kept = f", {len(result.kept)} scaffolded files left as you own them" if result.kept else ""
        if not result.written and not result.removed:
            typer.echo(f"nothing to write: {len(result.unchanged)} files up to date{kept}")
        else:
            typer.echo(f"{len(result.written)} written, {len(result.unchanged)} unchanged{kept}")


FormatOpt = Annotated[
    str, typer.Option("--format", help="Report format: text, json or github.", case_sensitive=False)
]


@app.command()
def check(
    config_file: ConfigOpt = None,
    database_url: UrlOpt = None,
    migrations: MigrationsOpt = None,
    snapshot: SnapshotOpt = None,
    target: TargetOpt = None,
    out: OutOpt = None,
    offline: Annotated[
        bool, typer.Option("--offline", help="Use only the committed snapshot.")
    ] = False,
    fmt: FormatOpt = "text",
    schema_only: Annotated[
        bool, typer.Option("--schema-only", help="Report only the schema-vs-snapshot diff.")
    ] = False,
    templates: TemplatesOpt = None,
) -> None:
    """Exit 0 when generated files (and the schema) match what is committed, 1 on drift."""
    code = 0
    with _errors(database_url):
        code = _check(
            config_file,
            database_url,
            migrations,
            snapshot,
            target,
            out,
            offline,
            fmt,
            schema_only,
            templates,
        )
    raise typer.Exit(code)


@app.command()
def diff(
    config_file: ConfigOpt = None,
    database_url: UrlOpt = None,
    migrations: MigrationsOpt = None,
    fmt: FormatOpt = "text",
    templates: TemplatesOpt = None,
) -> None:
    """Print the semantic diff between a live schema and the committed snapshot."""
    code = 0
    with _errors(database_url):
        code = _check(
            config_file, database_url, migrations, None, None, None, False, fmt, True, templates
        )
    raise typer.Exit(code)


def _check(
    config_file: Path | None,
    url: str | None,
    migrations: Path | None,
    snapshot: Path | None,
    target: list[str] | None,
    out: Path | None,
    offline: bool,
    fmt: str,
    schema_only: bool,
    templates: Path | None,
) -> int:
    from schemafirst import drift as drift_mod
    from schemafirst import pipeline
    from schemafirst.errors import ConfigError

    fmt = fmt.lower()
    if fmt not in ("text", "json", "github"):
        raise ConfigError(f"--format must be text, json or github, not '{fmt}'")
    config, source = _setup(
        config_file, url, migrations, snapshot, out, offline=offline, templates=templates
    )
    update, stop = _progress()
    try:
        drift = pipeline.check(
            config, source, target or (), schema_only=schema_only, progress=update
        )
    finally:
        stop()
    if fmt == "json":
        typer.echo(drift_mod.format_json(drift), nl=False)
    elif fmt == "github":
        snap = os.path.relpath(config.snapshot, config.base) if config.snapshot else None
        typer.echo(drift_mod.format_github(drift, snapshot=snap), nl=False)
        typer.echo(drift_mod.format_text(drift, color=False, show_diff=True), nl=False)
    else:
        color = sys.stdout.isatty() and "NO_COLOR" not in os.environ
        typer.echo(drift_mod.format_text(drift, color=color), nl=False)
    return 1 if drift.found else 0


@app.command("snapshot")
def snapshot_cmd(
    config_file: ConfigOpt = None,
    database_url: UrlOpt = None,
    migrations: MigrationsOpt = None,
    snapshot: SnapshotOpt = None,
    output_file: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="Write here (default: the config's snapshot)."),
    ] = None,
    allow_outside: AllowOutsideOpt = False,
) -> None:
    """Read the catalog and write it as canonical snapshot JSON ('-' for stdout)."""
    with _errors(database_url):
        from schemafirst import output, pipeline
        from schemafirst import snapshot as snapshot_mod

        config, source = _setup(config_file, database_url, migrations, snapshot, None)
        update, stop = _progress()
        try:
            catalog = pipeline.load_catalog(source, config, progress=update)
        finally:
            stop()
        text = snapshot_mod.dump(catalog)
        target = output_file or config.snapshot
        if target is None or str(target) == "-":
            typer.echo(text, nl=False)
            return
        if output_file is None and not allow_outside:  # -o names its file itself
            output.confine(config.root, target)
        output.write_atomic(target, text.encode("utf-8"))
        typer.echo(f"wrote {target}")


@app.command()
def init() -> None:
    """Add [tool.schemafirst] to ./pyproject.toml and a schema/ skeleton."""
    with _errors():
        from schemafirst import project

        for line in project.init_project(Path.cwd()):
            typer.echo(line)


templates_app = typer.Typer(
    name="templates",
    help="The default templates: list them, or eject (copy) a target's for editing.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(templates_app)


def _config_only(config_file: Path | None, templates: Path | None) -> Any:
    from schemafirst import config as config_mod
    from schemafirst import pipeline

    config = config_mod.load(config_file)
    # A configured templates_dir may not exist yet: eject is how it gets made.
    return config if templates is None else pipeline.with_templates(config, templates)


@templates_app.command("list")
def templates_list(config_file: ConfigOpt = None, templates: TemplatesOpt = None) -> None:
    """Every default template, the file it renders, its blocks, and your overrides."""
    with _errors():
        from schemafirst import template_files

        for line in template_files.list_lines(_config_only(config_file, templates)):
            typer.echo(line)


@templates_app.command("eject")
def templates_eject(
    target: Annotated[str, typer.Argument(help="A target (sqlalchemy, typescript...) or all.")],
    to: Annotated[
        Path | None,
        typer.Option(
            "--to",
            help="Copy into DIR (default: templates_dir, else schema/templates).",
            file_okay=False,
        ),
    ] = None,
    config_file: ConfigOpt = None,
) -> None:
    """Copy a target's default templates for editing; never overwrites a file."""
    with _errors():
        from schemafirst import template_files

        for line in template_files.eject(_config_only(config_file, None), target, to):
            typer.echo(line)


def main() -> None:
    """Console-script entry point."""
    # A run builds a large graph of mostly acyclic objects (the IR, view models,
    # texts) that the cyclic GC's default thresholds re-scan thousands of times:
    # 8-11% of a 1,000 to 10,000-table run. Cycles are still collected, in larger
    # batches, and peak memory measured the same.
    gc.set_threshold(100_000, 50, 1000)
    app()
