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
from collections.abc import Callable
from pathlib import Path
from typing import Any

from schemafirst import ir
from schemafirst.errors import SnapshotError

FORMAT_VERSION = 1


def dump(catalog: ir.Catalog) -> str:
    """The canonical JSON text of ``catalog``, newline-terminated.

    The bytes are those of ``json.dumps(body, indent=2, sort_keys=True,
    ensure_ascii=False)``, written straight from the dataclasses: with an
    indent, ``json`` falls back to its pure-Python encoder, and building the
    intermediate dicts first doubled the cost (0.6 s at 1,000 tables).
    """
    out = ['{\n  "catalog": ']
    _write(catalog, "\n  ", out)
    out.append(f',\n  "format_version": {FORMAT_VERSION}\n}}\n')
    return "".join(out)


def loads(text: str, *, origin: str = "snapshot") -> ir.Catalog:
    """Parse snapshot text; ``origin`` names the file in error messages."""
    try:
        body = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SnapshotError(f"{origin} is not valid JSON (line {exc.lineno}: {exc.msg})") from None
    if not isinstance(body, dict) or "catalog" not in body:
        raise SnapshotError(f"{origin} is not a schemafirst snapshot (no 'catalog' key)")
    version = body.get("format_version")
    if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
        raise SnapshotError(
            f"{origin} has format_version {version}, written by a newer schemafirst "
            f"(this one reads {FORMAT_VERSION}): upgrade schemafirst"
        )
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


# (field name, its JSON key with the separator, its default) per dataclass, sorted by name.
_Spec = tuple[tuple[str, str, Any], ...]
_SPECS: dict[type, _Spec | None] = {}
_json_str = json.encoder.encode_basestring  # what ensure_ascii=False uses (C when available)


def _spec(cls: type) -> _Spec | None:
    spec = _SPECS.get(cls, False)
    if spec is False:
        if dataclasses.is_dataclass(cls):
            fields = sorted(_fields(cls), key=lambda f: f.name)
            spec = tuple((f.name, _json_str(f.name) + ": ", f.default) for f in fields)
        else:
            spec = None
        _SPECS[cls] = spec
    return spec  # type: ignore[return-value]


def _write(value: Any, nl: str, out: list[str]) -> None:
    """Append the JSON of ``value`` at the indentation ``nl`` (a newline and spaces)."""
    if isinstance(value, str):
        out.append(_json_str(value))
        return
    spec = _spec(type(value))
    inner = nl + "  "
    if spec is not None:  # a dataclass: sorted keys, fields equal to their default left out
        sep = "{" + inner
        for name, key, default in spec:
            item = getattr(value, name)
            if default is not dataclasses.MISSING and item == default:
                continue
            out.append(sep)
            out.append(key)
            _write(item, inner, out)
            sep = "," + inner
        out.append("{}" if sep[0] == "{" else nl + "}")
    elif isinstance(value, tuple):
        if not value:
            out.append("[]")
            return
        sep = "[" + inner
        for item in value:
            out.append(sep)
            _write(item, inner, out)
            sep = "," + inner
        out.append(nl + "]")
    elif value is None or isinstance(value, bool):
        out.append("null" if value is None else "true" if value else "false")
    elif type(value) is int:
        out.append(int.__repr__(value))
    else:  # anything else the IR may grow (a float): json's own spelling
        out.append(json.dumps(value))


@functools.cache
def _fields(cls: type) -> tuple[dataclasses.Field[Any], ...]:
    return tuple(f for f in dataclasses.fields(cls) if f.init)


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls, vars(ir))


def _decode(tp: Any, data: Any) -> Any:
    return _decoder(tp)(data)


Decoder = Callable[[Any], Any]


@functools.cache
def _decoder(tp: Any) -> Decoder:
    """A function decoding JSON data of type ``tp``, built once per type.

    Building the checks once instead of walking type hints per value makes
    loading a 1,000-table snapshot several times faster.
    """
    origin = typing.get_origin(tp)
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return _dataclass_decoder(tp)
    if origin is tuple:
        return _tuple_decoder(typing.get_args(tp))
    if origin in (typing.Union, types.UnionType):
        (inner,) = [a for a in typing.get_args(tp) if a is not type(None)]
        decode_inner = _decoder(inner)
        return lambda data: None if data is None else decode_inner(data)
    if origin is typing.Literal:
        allowed = typing.get_args(tp)

        def literal(data: Any) -> Any:
            if data not in allowed:
                raise ValueError(f"{data!r} is not one of {allowed}")
            return data

        return literal
    if tp in (str, int, bool):

        def scalar(data: Any) -> Any:
            if type(data) is not tp:
                raise TypeError(f"expected {tp.__name__}, got {type(data).__name__}")
            return data

        return scalar
    raise TypeError(f"cannot decode {tp!r}")


def _dataclass_decoder(cls: type) -> Decoder:
    hints = _hints(cls)
    fields = {f.name: _decoder(hints[f.name]) for f in _fields(cls)}

    def decode(data: Any) -> Any:
        if not isinstance(data, dict):
            raise TypeError(f"expected an object for {cls.__name__}, got {type(data).__name__}")
        try:
            return cls(**{k: fields[k](v) for k, v in data.items()})
        except KeyError:
            unknown = sorted(set(data) - set(fields))
            if not unknown:
                raise
            raise ValueError(f"unknown key {unknown[0]!r} in {cls.__name__}") from None

    return decode


def _tuple_decoder(args: tuple[Any, ...]) -> Decoder:
    if args[-1] is Ellipsis:
        item = _decoder(args[0])

        def homogeneous(data: Any) -> Any:
            if not isinstance(data, list):
                raise TypeError(f"expected a list, got {type(data).__name__}")
            return tuple(map(item, data))

        return homogeneous
    items = [_decoder(a) for a in args]

    def fixed(data: Any) -> Any:  # a fixed-length tuple such as Column.source
        if not isinstance(data, list):
            raise TypeError(f"expected a list, got {type(data).__name__}")
        if len(data) != len(items):
            raise ValueError(f"expected {len(items)} items, got {len(data)}")
        return tuple(f(v) for f, v in zip(items, data, strict=True))

    return fixed
