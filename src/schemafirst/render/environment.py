"""The Jinja environment every template renders in: loaders, sandbox, filters, errors.

Templates are looked up by name (``sqlalchemy/models.py.j2``) first in the
user's ``templates_dir`` (config or ``--templates``), then in the defaults
shipped with the package. ``default/<name>`` always means the shipped
default, so an override can extend the template it replaces::

    {% extends "default/sqlalchemy/models.py.j2" %}

and, as a shorthand, an override that extends its own name gets the default
too (``{% extends "sqlalchemy/models.py.j2" %}`` inside
``<templates_dir>/sqlalchemy/models.py.j2``).

Templates are user code that sees database text, so they run in an
:class:`~jinja2.sandbox.ImmutableSandboxedEnvironment` (no ``__class__``,
``__globals__``, ``mro``, no mutating the view model) with ``StrictUndefined``
(a misspelt name is an error, never an empty string). Every failure becomes a
:class:`~schemafirst.errors.RenderError` naming the template file and line.
One environment per templates folder is built per process and caches every
compiled template, so a template is compiled once, not once per table.
"""

from __future__ import annotations

import contextlib
import functools
import os
import traceback
import types
from collections import deque
from collections.abc import Mapping, MutableMapping, MutableSequence, MutableSet
from pathlib import Path
from typing import TYPE_CHECKING, Any

from schemafirst.errors import RenderError, SchemafirstError

if TYPE_CHECKING:
    import jinja2

# The version of what templates receive (docs/templates.md); bumped on any
# incompatible change of a view model, a filter or a global.
CONTEXT_VERSION = 1
DEFAULT_PREFIX = "default/"
_MISSING = object()

# Objects whose attributes the sandbox must inspect one by one (Jinja's
# is_internal_attribute / modifies_known_mutable); for instances of any other
# class those say "safe" unless the name starts with "_".
_INSPECTED = (
    type,
    types.FunctionType,
    types.MethodType,
    types.CodeType,
    types.TracebackType,
    types.FrameType,
    types.GeneratorType,
    types.CoroutineType,
    types.AsyncGeneratorType,
    MutableSet,
    MutableMapping,
    MutableSequence,
    deque,
)


def templates_root() -> Path:
    """The default templates: inside the wheel, or the checkout's top-level folder."""
    packaged = Path(__file__).resolve().parent.parent / "templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "templates"


@functools.cache
def environment(user_dir: Path | None = None) -> jinja2.Environment:
    """The sandboxed environment of ``user_dir`` overrides over the defaults (one per process)."""
    import jinja2
    from jinja2.runtime import Macro
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    from schemafirst.render import base, filters

    class Sandbox(ImmutableSandboxedEnvironment):
        def join_path(self, template: str, parent: str) -> str:
            # An override extending (or including) its own name wants the default it replaces.
            return DEFAULT_PREFIX + template if template == parent else template

        def getattr(self, obj: Any, attribute: str) -> Any:
            # Jinja's verdict, without its per-access isinstance checks, for a data
            # attribute of plain data (the IR and view-model dataclasses): those
            # checks made rendering 2.5x slower. Anything else goes the long way.
            if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
                # What Jinja does for a view-model dict (no such attribute, so the
                # item), without raising and catching AttributeError per access.
                value = obj.get(attribute, _MISSING)
                if value is not _MISSING:
                    return value
            elif not attribute.startswith("_") and _plain(type(obj)):
                value = getattr(obj, attribute, _MISSING)
                if value is not _MISSING and not callable(value):
                    return value
            return super().getattr(obj, attribute)

        def call(self, context: Any, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
            # A template's own macro is always safe: Jinja says so too, after checks
            # that cost a fifth of rendering the TypeScript target (a call per column).
            if type(obj) is Macro:
                return context.call(obj, *args, **kwargs)
            return super().call(context, obj, *args, **kwargs)

    defaults = jinja2.FileSystemLoader(str(templates_root()))
    chain: list[jinja2.BaseLoader] = [jinja2.PrefixLoader({DEFAULT_PREFIX[:-1]: defaults})]
    if user_dir is not None:
        chain.append(jinja2.FileSystemLoader(str(user_dir)))
    chain.append(defaults)
    options: dict[str, Any] = {
        "autoescape": False,
        "keep_trailing_newline": True,
        "trim_blocks": True,
        "lstrip_blocks": True,
    }
    env = Sandbox(
        loader=jinja2.ChoiceLoader(chain),
        undefined=jinja2.StrictUndefined,
        **options,
    )
    env.filters.update(base.FILTERS)
    env.filters.update(filters.FILTERS)
    env.globals["context_version"] = CONTEXT_VERSION
    # Compiled code checks filter names when it is compiled: they are part of the key.
    env.bytecode_cache = _bytecode_cache({**options, "names": sorted([*env.filters, *env.globals])})
    return env


def _bytecode_cache(options: dict[str, Any]) -> jinja2.BytecodeCache | None:
    """Compiled templates kept between runs (compiling them all costs 0.1 s per run).

    Jinja's per-user cache folder (mode 0700, owner checked); an entry is keyed
    by the template's file and checked against its source. The file names
    carry the versions, options and filter names the compiled code depends on,
    so another Jinja, another schemafirst or another environment never shares them.
    """
    import hashlib

    import jinja2

    from schemafirst import __version__

    salt = repr(("sandbox", __version__, jinja2.__version__, sorted(options.items())))
    tag = hashlib.sha256(salt.encode()).hexdigest()[:16]

    class Cache(jinja2.FileSystemBytecodeCache):
        def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            with contextlib.suppress(OSError):  # a full or read-only disk: compile next run too
                super().dump_bytecode(bucket)

    try:
        return Cache(pattern=f"__schemafirst_{tag}_%s.cache")
    except (OSError, RuntimeError):  # no usable temp folder: compile every run
        return None


_PLAIN: dict[type, bool] = {}
_DICT_ATTRIBUTES = frozenset(dir(dict))


def _plain(cls: type) -> bool:
    verdict = _PLAIN.get(cls)
    if verdict is None:
        verdict = _PLAIN[cls] = not issubclass(cls, _INSPECTED)
    return verdict


def render(name: str, context: Mapping[str, Any], *, user_dir: Path | None = None) -> str:
    """Render template ``name``; any failure is a RenderError naming the file and line."""
    env = environment(user_dir)
    try:
        return env.get_template(name).render(context)
    except Exception as exc:  # a template is user code: anything it raises is its error
        raise RenderError(describe_failure(exc, name, user_dir)) from exc


def describe_failure(exc: BaseException, name: str, user_dir: Path | None) -> str:
    """One sentence: where in which template file, and what went wrong."""
    import jinja2
    from jinja2.exceptions import SecurityError

    if isinstance(exc, jinja2.TemplateSyntaxError):
        where = _where(exc.filename or exc.name or name, exc.lineno)
        return f"{where}: template syntax error: {exc.message}"
    frame = _template_frame(exc, user_dir)
    where = _where(*frame) if frame else f"template {name}"
    if isinstance(exc, SecurityError):
        return f"{where}: refused by the template sandbox: {exc}"
    if isinstance(exc, jinja2.TemplateNotFound):
        looked = f"{user_dir} and the defaults" if user_dir else "the default templates"
        return f"{where}: template '{exc.name}' not found in {looked}"
    if isinstance(exc, jinja2.UndefinedError):
        return f"{where}: {exc.message}"
    if isinstance(exc, SchemafirstError):  # raised by a filter
        return f"{where}: {exc}"
    return f"{where}: {type(exc).__name__}: {exc}"


def _template_frame(exc: BaseException, user_dir: Path | None) -> tuple[str, int] | None:
    """The innermost traceback frame inside a template file (Jinja rewrites them so)."""
    roots = [str(templates_root())] + ([str(user_dir)] if user_dir else [])
    found = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename.startswith(tuple(roots)) and frame.lineno is not None:
            found = (frame.filename, frame.lineno)
    return found


def _where(filename: str, line: int | None) -> str:
    path = Path(filename)
    try:
        shown = os.path.relpath(path) if path.is_absolute() else filename
    except ValueError:  # another drive on Windows
        shown = filename
    if shown.startswith(".."):
        shown = filename
    return f"template {shown}" + (f", line {line}" if line else "")
