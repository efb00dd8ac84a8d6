"""Custom targets: templates named in config (``[tool.schemafirst.targets.<name>]``), no code.

A custom target renders its one template into one file, or one file per
schema (``{schema}`` in ``output``) or per table or view (``{table}``), under
``out``. Its template gets the whole IR plus the same filters as the built-in
templates (docs/templates.md)::

    catalog   the Catalog (schemas, tables, enums, composite_types, domains, functions)
    config    schemas, singularize, out, targets (name -> folder), rename, primary_keys
    target    name, template, output, language
    path      this file's path, relative to the project root (or --out)
    tables    the tables and views of this file: all, its schema's, or its table
    schema    the schema name (per schema or per table)
    table     the Table (per table)

A per-object file whose text is blank is not written, so a template can skip
objects (``{% if table.kind == "table" %}...``). Names from the database
become file names only through :func:`file_names`: unsafe characters replaced,
never hidden, never a Windows device name, unique even on a case-insensitive
disk. Python output is formatted by one ``ruff`` process for every custom
file of the run.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from schemafirst.errors import RenderError
from schemafirst.render.base import Plan, RenderedFile, RenderInputs, render_template, with_header

if TYPE_CHECKING:
    from schemafirst.config import Config, CustomTarget
    from schemafirst.ir import Catalog

_UNSAFE = re.compile(r"[^\w.-]+")
_WINDOWS_DEVICES = frozenset(
    {"CON", "PRN", "AUX", "NUL"} | {f"{p}{i}" for p in ("COM", "LPT") for i in range(1, 10)}
)
_MAX_NAME = 80
_PLACEHOLDER = re.compile(r"\{(schema|table)\}")


def render(inputs: RenderInputs, targets: Sequence[CustomTarget]) -> Plan:
    """The files of every custom target in ``targets``; Python ones formatted in one go."""
    from schemafirst.format import format_python_many

    texts: dict[str, str] = {}
    owners: dict[str, CustomTarget] = {}
    folded: dict[str, str] = {}
    for target in targets:
        for path, text in _render_target(inputs, target).items():
            other = folded.setdefault(_fold(path), path)
            if other != path or path in owners:
                raise RenderError(
                    f"custom targets {owners[other].name} and {target.name} both render {path}"
                    + (f" (as {other} on a case-insensitive disk)" if other != path else "")
                )
            texts[path], owners[path] = text, target
    python = {p: t for p, t in texts.items() if owners[p].language == "python"}
    texts.update(format_python_many(python, culprit=lambda p: _culprit(owners[p])))
    return {p: RenderedFile(texts[p], target=owners[p].name) for p in sorted(texts)}


def _fold(path: str) -> str:
    """The file a path names on a case-insensitive, normalizing disk (macOS, Windows)."""
    import unicodedata

    return unicodedata.normalize("NFC", path).casefold()


def _culprit(target: CustomTarget) -> str:
    return f"custom target '{target.name}' (template {target.template})"


def _render_target(inputs: RenderInputs, target: CustomTarget) -> dict[str, str]:
    config = inputs.config
    shared = {
        "catalog": inputs.catalog,
        "config": config_view(config),
        "target": {
            "name": target.name,
            "template": target.template,
            "output": target.output,
            "language": target.language,
        },
    }
    _find_template(target, config)
    files: dict[str, str] = {}
    folded: set[str] = set()
    for values, scope in _scopes(inputs.catalog, target):
        path = _plan_path(config, target, values)
        if _fold(path) in folded:
            what = " and ".join(sorted({str(v) for v in values.values()}))
            raise RenderError(
                f"custom target '{target.name}' renders {path} twice (for {what}): "
                "separate {schema} and {table} in its 'output', e.g. {schema}/{table}.md"
            )
        folded.add(_fold(path))
        context = {**shared, **scope, "path": path}
        text = render_template(target.template, context, user_dir=config.templates_dir)
        if target.per is not None and not text.strip():
            continue  # the template skipped this object
        files[path] = with_header(path, text, language=target.language)
    return files


def _find_template(target: CustomTarget, config: Config) -> None:
    """A missing template names the target; other template errors come with their line."""
    import jinja2

    from schemafirst.render.environment import environment

    try:
        environment(config.templates_dir).get_template(target.template)
    except jinja2.TemplateNotFound:
        where = f"in {config.templates_dir}" if config.templates_dir else "(no 'templates_dir' set)"
        raise RenderError(
            f"custom target '{target.name}': template '{target.template}' not found {where}"
        ) from None
    except jinja2.TemplateError:
        pass  # rendering reports it with its file and line


def _scopes(
    catalog: Catalog, target: CustomTarget
) -> Iterator[tuple[dict[str, str], dict[str, Any]]]:
    """(placeholder values, template variables) of each file the target renders."""
    tables = sorted(catalog.tables, key=lambda t: (t.schema, t.name))
    if target.per is None:
        yield {}, {"tables": tables}
        return
    schema_files = file_names(catalog.schemas)
    if target.per == "schema":
        for schema in catalog.schemas:
            mine = [t for t in tables if t.schema == schema]
            yield {"schema": schema_files[schema]}, {"schema": schema, "tables": mine}
        return
    for schema in catalog.schemas:
        mine = [t for t in tables if t.schema == schema]
        table_files = file_names(t.name for t in mine)
        for t in mine:
            values = {"schema": schema_files[schema], "table": table_files[t.name]}
            yield values, {"schema": schema, "tables": [t], "table": t}


def _plan_path(config: Config, target: CustomTarget, values: dict[str, str]) -> str:
    """The file's plan path (relative to the base); it must stay inside the project or ``out``."""
    rel = _PLACEHOLDER.sub(lambda m: values[m[1]], target.output)
    # Lexical check (symlinks are output.confine's business when writing).
    full = Path(os.path.abspath(config.out / rel))
    inside = [Path(os.path.abspath(folder)) for folder in (config.base, config.out)]
    if not any(full.is_relative_to(folder) for folder in inside):
        raise RenderError(
            f"custom target '{target.name}' would write {full}, outside the project: "
            "change its 'output'"
        )
    return Path(os.path.relpath(full, config.base)).as_posix()


def config_view(config: Config) -> dict[str, Any]:
    """The configuration values a custom template may read."""
    return {
        "schemas": list(config.schemas),
        "singularize": config.singularize,
        "out": Path(os.path.relpath(config.out, config.base)).as_posix(),
        "targets": {name: config.target_path(name) for name in config.targets},
        "rename": dict(config.rename),
        "primary_keys": {k: list(v) for k, v in config.primary_keys.items()},
    }


def file_names(names: Iterable[str]) -> dict[str, str]:
    """A safe, unique file name (or folder name) for each database name.

    Unsafe characters (``/``, ``\\``, ``:``, spaces, controls...) become ``_``;
    a leading dot or a Windows device name (``CON``, ``aux.txt``) gets a ``_``
    prefix; a long name is cut. Names that then collide, ignoring case (as
    macOS and Windows disks do), each get a short hash of their real name.
    """
    safe = {name: _safe_name(name) for name in names}
    groups: dict[str, list[str]] = {}
    for name, value in safe.items():
        groups.setdefault(value.casefold(), []).append(name)
    for members in groups.values():
        if len(members) > 1:
            for name in members:
                safe[name] = f"{safe[name]}-{_digest(name)}"
    return safe


def _safe_name(name: str) -> str:
    text = _UNSAFE.sub("_", unicodedata.normalize("NFC", name))
    if not text or text.startswith(".") or text.split(".")[0].upper() in _WINDOWS_DEVICES:
        text = "_" + text
    text = text.rstrip(".") or "_"  # Windows drops trailing dots
    if len(text) > _MAX_NAME:
        text = f"{text[: _MAX_NAME - 9]}-{_digest(name)}"
    return text


def _digest(name: str) -> str:
    return hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:8]
