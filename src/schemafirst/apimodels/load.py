"""Finding the API models: import the configured modules and collect their classes.

Owns :func:`load_api_models`: each configured module (a file path relative
to the project root, or a dotted import path) is imported, its ``BaseModel``
subclasses and ``Enum`` classes are collected with every class their fields
reference, and :mod:`schemafirst.apimodels.reader` turns them into the IR.
Also owns :func:`import_configured`, which imports the ``fastapi_app`` module
for :mod:`schemafirst.openapi` too, and :func:`walk_annotation`.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import traceback
import typing
from collections.abc import Iterator, Sequence
from enum import Enum
from pathlib import Path
from types import ModuleType
from typing import Any

from schemafirst.apimodels.ir import ApiModels
from schemafirst.apimodels.reader import read_models
from schemafirst.errors import ApiModuleError

# The schemafirst package: its frames are never the user's code.
_OWN = Path(__file__).resolve().parents[1]


def load_api_models(modules: Sequence[str], root: Path) -> ApiModels:
    """Import ``modules`` (file paths under ``root`` or dotted paths) and read their models."""
    roots: list[type] = []
    for spec in modules:
        for cls in _public_classes(import_configured(spec, root, setting="API module")):
            if cls not in roots:
                roots.append(cls)
    return read_models(roots, _closure(roots))


def import_configured(spec: str, root: Path, *, setting: str) -> ModuleType:
    """Import a module a setting names: a Python file under ``root``, or a dotted path.

    ``spec`` is a file when it ends in ``.py``, has a path separator or names
    an existing file; otherwise it is imported by name with ``root`` on
    ``sys.path``. Every failure (a missing file, a folder, a file that is not
    Python, an exception the module raises) is one :class:`ApiModuleError`
    sentence naming ``setting`` (``"API module"``).
    """
    path = (root / spec).resolve()
    if not (spec.endswith(".py") or "/" in spec or "\\" in spec or path.is_file()):
        sys.path.insert(0, str(root))
        try:
            return importlib.import_module(spec)
        except Exception as exc:
            raise _import_error(setting, spec, exc, root) from None
        finally:
            sys.path.remove(str(root))
    if path.is_dir():
        raise ApiModuleError(f"{setting} {spec!r} is a folder: name a .py file in it")
    if not path.is_file():
        raise ApiModuleError(f"{setting} {spec!r} does not exist (looked for {path})")
    try:
        module = import_file(path, root)
    except Exception as exc:
        raise _import_error(setting, spec, exc, root) from None
    if module is None:
        raise ApiModuleError(f"{setting} {spec!r} is not a Python file: name a .py file")
    return module


def _import_error(setting: str, spec: str, exc: Exception, root: Path) -> ApiModuleError:
    """The module's own error on one line, with the file:line of the user's code that raised it."""
    text = exc.msg if isinstance(exc, SyntaxError) else str(exc)
    message = " ".join(line.strip() for line in text.splitlines() if line.strip())
    where = _user_location(exc, root)
    return ApiModuleError(
        f"{setting} {spec!r} could not be imported: {type(exc).__name__}: {message}"
        + (f" (at {where})" if where else "")
    )


def _user_location(exc: Exception, root: Path) -> str | None:
    """``file:line`` of the innermost frame of ``exc`` in the user's code, not in ours or frozen.

    Files under ``root`` come first (the project's modules), shown relative to
    it; a ``SyntaxError`` has no frame of the bad file, only its own fields.
    """
    places: list[tuple[str, int]] = [
        (frame.filename, frame.lineno or 0)
        for frame in traceback.extract_tb(exc.__traceback__)
        if not frame.filename.startswith("<") and not Path(frame.filename).is_relative_to(_OWN)
    ]
    if isinstance(exc, SyntaxError) and exc.filename:
        places.append((exc.filename, exc.lineno or 0))
    if not places:
        return None
    root = root.resolve()
    ours = [(f, n) for f, n in places if Path(f).resolve().is_relative_to(root)]
    filename, line = (ours or places)[-1]
    path = Path(filename).resolve()
    shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else filename
    return f"{shown}:{line}"


def import_file(path: Path, root: Path) -> ModuleType | None:
    """Import the Python file ``path`` (resolved, under ``root``); None if it is not Python.

    The module is named by its dotted path from ``root``, which keeps two
    ``schemas.py`` in different folders apart; a file imported before is
    returned as it is.
    """
    try:
        name = ".".join(path.relative_to(root.resolve()).with_suffix("").parts)
    except ValueError:
        name = path.stem
    if getattr(sys.modules.get(name), "__file__", None) == str(path):
        return sys.modules[name]
    module_spec = importlib.util.spec_from_file_location(name, path)
    if module_spec is None or module_spec.loader is None:
        return None
    module = importlib.util.module_from_spec(module_spec)
    # Registered before exec so Pydantic can resolve the module's forward references;
    # the root on sys.path lets it import its sibling packages.
    sys.modules[name] = module
    sys.path.insert(0, str(root))
    try:
        module_spec.loader.exec_module(module)
    except BaseException:
        sys.modules.pop(name, None)
        raise
    finally:
        sys.path.remove(str(root))
    return module


def _public_classes(module: Any) -> Iterator[type]:
    """Models and enums a module defines (or lists in ``__all__``), in name order."""
    from pydantic import BaseModel

    names = getattr(module, "__all__", None)
    for attr in sorted(names if names is not None else vars(module)):
        obj = getattr(module, attr, None)
        if not isinstance(obj, type) or obj in (BaseModel, Enum):
            continue
        if not issubclass(obj, BaseModel | Enum):
            continue
        if names is None and obj.__module__ != module.__name__:
            continue  # imported, not defined here
        yield obj


def _closure(roots: list[type]) -> list[type]:
    """The root classes and every model/enum their fields reference, in a stable order."""
    from pydantic import BaseModel

    found: list[type] = []
    todo = list(roots)
    while todo:
        cls = todo.pop(0)
        if cls in found or cls is BaseModel or not issubclass(cls, BaseModel | Enum):
            continue
        found.append(cls)
        if issubclass(cls, BaseModel):
            annotations = [f.annotation for f in cls.model_fields.values()]
            annotations += [c.return_type for c in cls.model_computed_fields.values()]
            for annotation in annotations:
                todo.extend(c for c in walk_annotation(annotation) if isinstance(c, type))
    return sorted(found, key=lambda c: (c.__module__, c.__qualname__))


def walk_annotation(tp: Any) -> Iterator[type]:
    """Every class inside a type annotation (through Annotated, unions, generics)."""
    if isinstance(tp, type):
        yield tp
    for arg in typing.get_args(tp):
        if not isinstance(arg, str | int | float | bool | type(None)) or isinstance(arg, type):
            yield from walk_annotation(arg)
    origin = typing.get_origin(tp)
    if isinstance(origin, type) and origin is not tp:
        yield origin
