"""Configuration: ``[tool.schemafirst]`` of a pyproject.toml (or a ``--config`` file).

The TOML is validated by a Pydantic model (unknown keys and wrong types are
one sentence naming the key) and turned into frozen dataclasses, which the
rest of the toolkit reads. Pydantic is imported only while loading.

    [tool.schemafirst]
    database_url_env = "DATABASE_URL"     # env var read when no --database-url
    migrations = "schema/migrations"      # folder of *.sql, applied in lexical order
    supabase = true                       # apply the Supabase shim before migrations
    schemas = ["public"]
    snapshot = "schema/snapshot.json"
    api_modules = ["schema/api/schemas.py"]   # files or import paths of Pydantic models
    fastapi_app = "schema/api/app.py:app"
    out = "generated"
    singularize = true
    templates_dir = "templates"           # optional overrides of the default templates
    diagram_max_tables = 100              # docs target: no ER diagram for a schema with more tables

    [tool.schemafirst.targets]            # target -> folder under `out`, or false to disable
    sqlalchemy = "python"

    [tool.schemafirst.targets.datasheet]  # a custom target: a table instead of a folder
    template = "datasheet.md.j2"          # looked up in templates_dir
    output = "docs/tables/{schema}/{table}.md"   # under `out`; {schema}/{table}: one file each
    language = "text"                     # python | typescript | text (default: from the suffix)

    [tool.schemafirst.overrides]          # "schema.table.column" -> per-target types
    "public.video_metadata.extra" = { python = "dict[str, Any]", typescript = "Json" }

    [tool.schemafirst.rename]             # "schema.table" or "schema.table.column" -> identifier
    "public.videos" = "Clip"

    [tool.schemafirst.primary_keys]       # "schema.relation" -> columns the ORM keys rows by
    "public.audit_log" = ["at", "message"]   # a table without a primary key, or
    "public.video_stats" = ["video_id"]      # a view / materialized view / foreign table

A relation named in ``primary_keys`` becomes a mapped class in the SQLAlchemy
target (mapper-level key only: ``create_all`` still creates no primary key, and
views stay off ``Base.metadata``). Each list must name at least one column; an
unknown relation or column, or a table that already has a primary key, is a
``ConfigError`` when the SQLAlchemy target renders (the catalog is needed to
check it).
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from schemafirst.errors import ConfigError

TARGETS = ("sqlalchemy", "pydantic", "typescript", "tanstack", "docs")
# Default folder of each target under `out`.
DEFAULT_TARGET_DIRS = {
    "sqlalchemy": "python",
    "pydantic": "python",
    "typescript": "ts/types",
    "tanstack": "ts",
    "docs": "docs",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class TypeOverride:
    """Types to use for one column instead of the mapped ones."""

    python: str | None = None
    python_imports: tuple[str, ...] = ()
    typescript: str | None = None


LANGUAGES = ("python", "typescript", "text")
_SUFFIX_LANGUAGE = {".py": "python", ".pyi": "python", ".ts": "typescript", ".tsx": "typescript"}
_CUSTOM_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


@dataclass(frozen=True, slots=True, kw_only=True)
class CustomTarget:
    """A target defined in config only: one template rendered into one file or one per object."""

    name: str
    template: str  # a template name, looked up in templates_dir (then the defaults)
    output: str  # POSIX path under `out`, may hold {schema} and {table}
    language: str

    @property
    def per(self) -> str | None:
        """``"table"``, ``"schema"`` or None: what one output file is rendered for."""
        if "{table}" in self.output:
            return "table"
        return "schema" if "{schema}" in self.output else None


@dataclass(frozen=True, slots=True, kw_only=True)
class Config:
    """The validated configuration; paths are absolute (resolved against ``root``)."""

    root: Path
    found: bool = True
    database_url_env: str = "DATABASE_URL"
    migrations: Path | None = None
    supabase: bool = False
    schemas: tuple[str, ...] = ("public",)
    snapshot: Path | None = None
    api_modules: tuple[str, ...] = ()
    fastapi_app: str | None = None
    out: Path = Path("generated")
    singularize: bool = True
    templates_dir: Path | None = None
    diagram_max_tables: int = 100
    targets: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_TARGET_DIRS))
    custom_targets: dict[str, CustomTarget] = field(default_factory=dict)
    overrides: dict[str, TypeOverride] = field(default_factory=dict)
    rename: dict[str, str] = field(default_factory=dict)
    primary_keys: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Base of the paths in a render plan: the project root, or the --out folder.
    output_root: Path | None = None

    @property
    def base(self) -> Path:
        """The folder that plan paths are relative to."""
        return self.output_root or self.root

    def target_dir(self, target: str) -> Path:
        """Absolute folder of ``target``'s output."""
        return self.out / self.targets[target]

    def target_path(self, target: str) -> str:
        """POSIX folder of ``target``'s output relative to :attr:`base` (for plan keys).

        Normalized, and with ``..`` when a folder lies outside the project, so
        one file has one spelling in every plan and manifest.
        """
        return Path(os.path.relpath(self.target_dir(target), self.base)).as_posix()

    def override(self, schema: str, table: str, column: str) -> TypeOverride | None:
        """The configured type override of a column, if any."""
        return self.overrides.get(f"{schema}.{table}.{column}")


def _model() -> Any:
    """The Pydantic model of the TOML table (built lazily: pydantic is slow to import)."""
    from typing import Annotated, Literal

    from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr

    class _Override(BaseModel):
        model_config = ConfigDict(extra="forbid")
        python: StrictStr | None = None
        python_imports: list[StrictStr] = []
        typescript: StrictStr | None = None

    class _Config(BaseModel):
        model_config = ConfigDict(extra="forbid")
        database_url_env: StrictStr = "DATABASE_URL"
        migrations: StrictStr | None = None
        supabase: StrictBool = False
        schemas: list[StrictStr] = ["public"]
        snapshot: StrictStr | None = "schema/snapshot.json"
        api_modules: list[StrictStr] = []
        fastapi_app: StrictStr | None = None
        out: StrictStr = "generated"
        singularize: StrictBool = True
        templates_dir: StrictStr | None = None
        diagram_max_tables: Annotated[StrictInt, Field(ge=0)] = 100
        # Built-in target -> folder or false; any other name -> a custom target's table.
        targets: dict[StrictStr, StrictStr | Literal[False] | dict[str, Any]] = {}
        overrides: dict[StrictStr, _Override] = {}
        rename: dict[StrictStr, StrictStr] = {}
        primary_keys: dict[StrictStr, Annotated[list[StrictStr], Field(min_length=1)]] = {}

    return _Config


def parse(table: dict[str, Any], *, root: Path, origin: str) -> Config:
    """Validate a ``[tool.schemafirst]`` table; ``origin`` names it in errors."""
    from pydantic import ValidationError

    try:
        raw = _model().model_validate(table)
    except ValidationError as exc:
        raise ConfigError(_describe(exc, origin)) from None
    if not raw.schemas:
        raise ConfigError(f"{origin}: key 'schemas' must name at least one schema")
    targets = dict(DEFAULT_TARGET_DIRS)
    custom: dict[str, CustomTarget] = {}
    for name, value in raw.targets.items():
        if isinstance(value, dict):
            custom[name] = _custom_target(name, value, origin)
        elif name not in TARGETS:
            raise ConfigError(
                f"{origin}: unknown target '{name}' in 'targets' (known: {', '.join(TARGETS)}; "
                "a custom target is a table with 'template' and 'output')"
            )
        elif value is False:
            targets.pop(name)
        else:
            targets[name] = value

    def path(value: str | None) -> Path | None:
        # Normalized as spelled, symlinks not followed: the writer must see a
        # symlinked folder to refuse writing through it (output.confine).
        return None if value is None else Path(os.path.normpath(root / value))

    return Config(
        root=root,
        database_url_env=raw.database_url_env,
        migrations=path(raw.migrations),
        supabase=raw.supabase,
        schemas=tuple(raw.schemas),
        snapshot=path(raw.snapshot),
        api_modules=tuple(raw.api_modules),
        fastapi_app=raw.fastapi_app,
        out=Path(os.path.normpath(root / raw.out)),
        singularize=raw.singularize,
        templates_dir=path(raw.templates_dir),
        diagram_max_tables=raw.diagram_max_tables,
        targets=targets,
        custom_targets=custom,
        overrides={
            k: TypeOverride(
                python=v.python, python_imports=tuple(v.python_imports), typescript=v.typescript
            )
            for k, v in raw.overrides.items()
        },
        rename=dict(raw.rename),
        primary_keys={k: tuple(v) for k, v in raw.primary_keys.items()},
    )


def _custom_target(name: str, table: dict[str, Any], origin: str) -> CustomTarget:
    """Validate ``[targets.<name>]``: a known language, placeholders, a relative output path."""
    key = f"targets.{name}"
    if name in TARGETS:
        raise ConfigError(f"{origin}: '{key}' is a built-in target: give it a folder or false")
    if not _CUSTOM_NAME.fullmatch(name) or name == "snapshot":
        raise ConfigError(
            f"{origin}: custom target name '{name}' must be letters, digits, '_' and '-' "
            "(and not 'snapshot')"
        )
    unknown = sorted(set(table) - {"template", "output", "language"})
    if unknown:
        raise ConfigError(f"{origin}: unknown key '{key}.{unknown[0]}'")
    for field_name in ("template", "output"):
        if not isinstance(table.get(field_name), str) or not table[field_name].strip():
            raise ConfigError(f"{origin}: '{key}.{field_name}' must be a non-empty string")
    output: str = table["output"]
    for placeholder in _PLACEHOLDER.findall(output):
        if placeholder not in ("schema", "table"):
            raise ConfigError(
                f"{origin}: '{key}.output' has an unknown placeholder '{{{placeholder}}}' "
                "(known: {schema}, {table})"
            )
    rest = _PLACEHOLDER.sub("", output)
    if "{" in rest or "}" in rest or output.startswith(("/", "\\")) or ".." in output.split("/"):
        raise ConfigError(
            f"{origin}: '{key}.output' must be a relative path under 'out' "
            "with only {schema} and {table} in braces"
        )
    language = table.get("language", _SUFFIX_LANGUAGE.get(Path(output).suffix, "text"))
    if language not in LANGUAGES:
        raise ConfigError(f"{origin}: '{key}.language' must be one of {', '.join(LANGUAGES)}")
    return CustomTarget(name=name, template=table["template"], output=output, language=language)


def _describe(exc: Any, origin: str) -> str:
    err = exc.errors()[0]
    key = ".".join(str(p) for p in err["loc"]) or "(top level)"
    if err["type"] == "extra_forbidden":
        return f"{origin}: unknown key '{key}'"
    if err["loc"] and err["loc"][0] == "targets" and len(err["loc"]) > 1:
        # A union's error names its branch ("targets.x.str"): say what is allowed instead.
        return (
            f"{origin}: 'targets.{err['loc'][1]}' must be a folder, false, "
            "or a table defining a custom target"
        )
    return f"{origin}: key '{key}' {err['msg'].lower()}"


def load(config_file: Path | None = None, *, cwd: Path | None = None) -> Config:
    """Find and load the configuration.

    With ``config_file``: a pyproject.toml (its ``[tool.schemafirst]``) or a
    TOML file holding the table's keys at top level. Otherwise the nearest
    pyproject.toml upwards from ``cwd`` with a ``[tool.schemafirst]`` table;
    when there is none, ``Config(found=False)`` rooted at ``cwd``.
    """
    if config_file is not None:
        data = _read_toml(config_file)
        table = (
            data.get("tool", {}).get("schemafirst")
            if config_file.name == "pyproject.toml"
            else data
        )
        if table is None:
            raise ConfigError(f"{config_file} has no [tool.schemafirst] table")
        origin = f"{config_file}" + (
            " [tool.schemafirst]" if config_file.name == "pyproject.toml" else ""
        )
        return parse(table, root=config_file.resolve().parent, origin=origin)
    start = (cwd or Path.cwd()).resolve()
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            table = _read_toml(candidate).get("tool", {}).get("schemafirst")
            if table is not None:
                return parse(table, root=folder, origin=f"{candidate} [tool.schemafirst]")
    return Config(root=start, found=False, out=start / "generated", snapshot=None)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise ConfigError(f"config file {path} does not exist") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path} is not valid TOML: {exc}") from None
