"""The IR's canonical JSON form (``schema/snapshot.json``) and back.

``dump`` writes sorted keys, the IR's own stable order (names and ordinals,
never OIDs), fields equal to their default left out, and a
``format_version``; ``load(dump(catalog)) == catalog`` for every catalog.
The snapshot is the golden split point between sources and renderers: tests
and ``check --offline`` render from it without a database.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import types
import typing
from pathlib import Path
from typing import Any

from schemafirst import ir
from schemafirst.errors import SnapshotError

FORMAT_VERSION = 1


def dump(catalog: ir.Catalog) -> str:
    """The canonical JSON text of ``catalog``, newline-terminated."""
    body = {"format_version": FORMAT_VERSION, "catalog": _encode(catalog)}
    return json.dumps(body, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def loads(text: str, *, origin: str = "snapshot") -> ir.Catalog:
    """Parse snapshot text; ``origin`` names the file in error messages."""
    try:
        body = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SnapshotError(f"{origin} is not valid JSON (line {exc.lineno}: {exc.msg})") from None
    if not isinstance(body, dict) or "catalog" not in body:
        raise SnapshotError(f"{origin} is not a schemafirst snapshot (no 'catalog' key)")
    version = body.get("format_version")
    if version != FORMAT_VERSION:
        raise SnapshotError(
            f"{origin} has format_version {version!r}; this schemafirst reads {FORMAT_VERSION}"
        )
    try:
        catalog = _decode(ir.Catalog, body["catalog"])
    except (TypeError, ValueError, KeyError) as exc:
        raise SnapshotError(f"{origin} does not match the snapshot format: {exc}") from None
    assert isinstance(catalog, ir.Catalog)
    return catalog


def load(path: Path) -> ir.Catalog:
    """Read a snapshot file."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SnapshotError(f"cannot read snapshot {path}: {exc.strerror}") from None
    return loads(text, origin=str(path))


def _encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: dict[str, Any] = {}
        cls: type = type(value)
        for f in _fields(cls):
            item = getattr(value, f.name)
            if f.default is not dataclasses.MISSING and item == f.default:
                continue
            out[f.name] = _encode(item)
        return out
    if isinstance(value, tuple):
        return [_encode(v) for v in value]
    return value


@functools.cache
def _fields(cls: type) -> tuple[dataclasses.Field[Any], ...]:
    return tuple(f for f in dataclasses.fields(cls) if f.init)


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls, vars(ir))


def _decode(tp: Any, data: Any) -> Any:
    origin = typing.get_origin(tp)
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        if not isinstance(data, dict):
            raise TypeError(f"expected an object for {tp.__name__}, got {type(data).__name__}")
        known = {f.name for f in _fields(tp)}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown key {sorted(unknown)[0]!r} in {tp.__name__}")
        hints = _hints(tp)
        kwargs = {k: _decode(hints[k], v) for k, v in data.items()}
        return tp(**kwargs)
    if origin is tuple:
        if not isinstance(data, list):
            raise TypeError(f"expected a list, got {type(data).__name__}")
        args = typing.get_args(tp)
        if args[-1] is Ellipsis:
            return tuple(_decode(args[0], v) for v in data)
        if len(data) != len(args):  # a fixed-length tuple such as Column.source
            raise ValueError(f"expected {len(args)} items, got {len(data)}")
        return tuple(_decode(a, v) for a, v in zip(args, data, strict=True))
    if origin in (typing.Union, types.UnionType):
        if data is None:
            return None
        (inner,) = [a for a in typing.get_args(tp) if a is not type(None)]
        return _decode(inner, data)
    if origin is typing.Literal:
        if data not in typing.get_args(tp):
            raise ValueError(f"{data!r} is not one of {typing.get_args(tp)}")
        return data
    if tp in (str, int, bool):
        if type(data) is not tp:
            raise TypeError(f"expected {tp.__name__}, got {type(data).__name__}")
        return data
    raise TypeError(f"cannot decode {tp!r}")
