"""The cache of what importing the project's API code yields: API models and FastAPI endpoints.

Importing a FastAPI app runs the user's code and imports FastAPI, Pydantic and
whatever else the app uses (0.6 s for the example, more than the rest of
``check --offline`` together). What the import yields depends only on what it
read, so :func:`load` records that while it runs the import and, next time,
reuses the result when none of it changed:

- every file opened (a :func:`sys.addaudithook` sees ``open`` events, the
  import system's own reads included) and every module file in
  ``sys.modules`` afterwards: files under the project root by content hash,
  others by size and mtime (the rule Python's own bytecode cache trusts);
- every folder listed (the import system lists each ``sys.path`` folder it
  searches; its listing caches are invalidated first, so none is skipped)
  and each ``sys.path`` entry: a new module that would shadow another, or be
  found by a scan of a folder, is a miss;
- the environment variables, the working directory, ``sys.path``, the
  Python, schemafirst, and the settings that decide what is imported.

What an import could depend on beyond that is not seen: the network, the
clock, files a C extension opens by itself, and a file whose mere existence
it tests (a ``stat``, no ``open``) in a folder that is not listed (the
project root and every ``sys.path`` folder are). An app whose OpenAPI
document changes with those is not reproducible to begin with. A device or other
special file read during the import makes the result uncacheable. A corrupt
or foreign cache entry is a miss, never an error; ``SCHEMAFIRST_NO_CACHE=1``
turns the cache off. It lives in ``<root>/.schemafirst/`` (ignored by git
through its own ``.gitignore``) and holds JSON only: nothing in it is executed.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib
import json
import os
import stat
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from schemafirst import __version__

CACHE_DIR = ".schemafirst"
CACHE_FILE = "api-cache.json"
FORMAT = 1
_UNCACHEABLE = "!"
_NOT_MODULES = {"__pycache__", CACHE_DIR}

_recording: list[set[str]] = []  # the paths seen while an import is recorded
_hooked = False


def load(root: Path, settings: dict[str, Any], loader: Callable[[], Any]) -> Any:
    """``loader()``'s result, from the cache when nothing it read has changed since it was stored.

    ``settings`` is JSON data naming what ``loader`` imports; the result must
    be built from frozen dataclasses of :mod:`schemafirst.openapi` and
    :mod:`schemafirst.apimodels.ir`, tuples and JSON scalars.
    """
    if os.environ.get("SCHEMAFIRST_NO_CACHE"):
        return loader()
    path = root / CACHE_DIR / CACHE_FILE
    meta = _meta(settings)
    inside = os.path.join(os.path.abspath(root), "")
    hit = _lookup(path, meta, inside)
    if hit is not None:
        return hit[0]
    seen: set[str] = set()
    started = time.time_ns()
    _start(seen)
    try:
        value = loader()
    finally:
        _recording.remove(seen)
    seen.update(_module_files())
    seen.update(os.path.abspath(p or ".") for p in sys.path)
    if not _changed_since(seen, started):
        _store(path, meta, inside, seen, value)
    return value


# A file saved while the import ran may have been read before the save; its
# fingerprint, taken afterwards, would vouch for a result built from the old
# text (git's "racy" files). Such a run is not stored; the margin covers
# file systems whose timestamps are coarse.
_RACY_NS = 2_000_000_000
_PYCACHE = f"{os.sep}__pycache__{os.sep}"


def _changed_since(paths: set[str], started_ns: int) -> bool:
    """Whether a regular file among ``paths`` was modified in the racy window.

    Folders (a listing changes with every ``__pycache__``) and bytecode (the
    import writes it, and it follows its source, which is checked) do not count.
    """
    for path in paths:
        if _PYCACHE in path:
            continue
        try:
            info = os.stat(path)
        except OSError:
            continue  # missing now: its token says so
        if stat.S_ISREG(info.st_mode) and info.st_mtime_ns >= started_ns - _RACY_NS:
            return True
    return False


def _meta(settings: dict[str, Any]) -> dict[str, Any]:
    from schemafirst.errors import SECRET_ENV_VARS

    # Secrets stay out of the file, even hashed: an OpenAPI document does not
    # depend on a password, and a hash of a weak one could be brute-forced.
    environ = "\0".join(
        f"{k}={v}" for k, v in sorted(os.environ.items()) if k not in SECRET_ENV_VARS
    )
    return {
        "format": FORMAT,
        "schemafirst": __version__,
        "python": [sys.version, sys.executable],
        "cwd": os.getcwd(),
        "sys_path": list(sys.path),
        "environ": hashlib.sha256(environ.encode("utf-8", "surrogateescape")).hexdigest(),
        "settings": settings,
    }


def _lookup(path: Path, meta: dict[str, Any], inside: str) -> tuple[Any] | None:
    """``(value,)`` when the entry at ``path`` matches ``meta`` and every input it lists."""
    try:
        entry = json.loads(path.read_text(encoding="utf-8"))
        if entry.get("meta") != meta:
            return None
        inputs = entry["inputs"]
        if not all(_token(p, inside) == token for p, token in inputs.items()):
            return None
        return (decode(entry["value"]),)
    except Exception:  # any unreadable entry, even JSON nested too deep, is a miss
        return None  # no entry, or one this version cannot read: import afresh


def _store(path: Path, meta: dict[str, Any], inside: str, seen: set[str], value: Any) -> None:
    inputs = {p: _token(p, inside) for p in sorted(seen)}
    if _UNCACHEABLE in inputs.values():
        return
    try:
        encoded = encode(value)
        if decode(json.loads(json.dumps(encoded))) != value:
            return  # a value JSON cannot carry exactly (a NaN bound): never serve it
    except (TypeError, ValueError, KeyError):
        return
    text = json.dumps({"meta": meta, "inputs": inputs, "value": encoded}, sort_keys=True)
    try:
        path.parent.mkdir(exist_ok=True)
        ignore = path.parent / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# Created by schemafirst: a local cache, never committed.\n*\n")
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only checkout: no cache, same result


# --------------------------------------------------------------------------- recording


def _start(seen: set[str]) -> None:
    global _hooked
    if not _hooked:
        sys.addaudithook(_audit)  # cannot be removed: it does nothing when nothing records
        _hooked = True
    # Forget the import system's folder listings, so it lists (and we see) every folder it searches.
    importlib.invalidate_caches()
    _recording.append(seen)


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if not _recording or event not in ("open", "os.listdir", "os.scandir"):
        return
    try:
        target = args[0] if args else None
        if target is None and event != "open":
            target = "."
        if isinstance(target, bytes):
            target = os.fsdecode(target)
        if isinstance(target, str | os.PathLike):
            _recording[-1].add(os.path.abspath(target))
        elif not isinstance(target, int):  # an int is a folder or file opened by a path seen
            _recording[-1].add(_UNCACHEABLE)
    except Exception:  # an audit hook that raises would break the audited call
        _recording[-1].add(_UNCACHEABLE)


def _module_files() -> set[str]:
    found = set()
    for module in list(sys.modules.values()):
        file = getattr(module, "__file__", None)
        if isinstance(file, str):
            found.add(os.path.abspath(file))
    return found


def _token(path: str, inside: str) -> str:
    """What ``path`` is now: a folder's listing, a file's content (under ``inside``, the
    project root with a trailing separator) or size and mtime, missing, or special."""
    if path == _UNCACHEABLE:
        return _UNCACHEABLE
    try:
        info = os.stat(path)
    except OSError:
        return "-"
    if stat.S_ISDIR(info.st_mode):
        try:
            # Bytecode folders and our own cache come and go with every first run;
            # neither can hold a module an import would find.
            names = "\0".join(sorted(set(os.listdir(path)) - _NOT_MODULES))
        except OSError:
            return _UNCACHEABLE
        return "d:" + hashlib.sha256(names.encode("utf-8", "surrogateescape")).hexdigest()
    if not stat.S_ISREG(info.st_mode):
        return _UNCACHEABLE
    if not path.startswith(inside):
        return f"s:{info.st_size}:{info.st_mtime_ns}"
    try:
        with open(path, "rb") as fh:
            return "h:" + hashlib.sha256(fh.read()).hexdigest()
    except OSError:
        return _UNCACHEABLE


# --------------------------------------------------------------------------- the value as JSON


def _classes() -> dict[str, type]:
    from schemafirst import openapi
    from schemafirst.apimodels import ir

    return {
        f"{module.__name__}.{name}": obj
        for module in (openapi, ir)
        for name, obj in vars(module).items()
        if isinstance(obj, type)
        and dataclasses.is_dataclass(obj)
        and obj.__module__ == module.__name__
    }


def encode(value: Any) -> Any:
    """JSON data for a value of IR dataclasses, tuples, lists, dicts and scalars (types kept)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        cls = type(value)
        fields = {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {"$c": f"{cls.__module__}.{cls.__qualname__}", "f": fields}
    if isinstance(value, tuple):
        return {"$t": [encode(v) for v in value]}
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        return {"$d": [[encode(k), encode(v)] for k, v in value.items()]}
    if value is None or isinstance(value, str | int | float):
        return value
    raise TypeError(f"cannot cache a {type(value).__name__}")


def decode(data: Any, classes: dict[str, type] | None = None) -> Any:
    """The value :func:`encode` was given; only the IR's own classes are ever built."""
    if classes is None:
        classes = _classes()
    if isinstance(data, list):
        return [decode(v, classes) for v in data]
    if not isinstance(data, dict):
        return data
    if "$t" in data:
        return tuple(decode(v, classes) for v in data["$t"])
    if "$d" in data:
        return {decode(k, classes): decode(v, classes) for k, v in data["$d"]}
    cls = classes[data["$c"]]
    return cls(**{name: decode(v, classes) for name, v in data["f"].items()})
