"""The endpoint IR of a FastAPI app, and its loader.

:func:`load_endpoints` imports the app named by ``fastapi_app`` in the config
(``path/to/file.py:app`` relative to the project root, or ``pkg.module:app``),
calls ``app.openapi()`` in-process and turns the document into a small,
frozen IR: the operations (path, method, parameters, body, success response),
the WebSocket routes (which OpenAPI does not describe) and, for every
``$ref`` the operations use, the Python class behind it, so a renderer can
name the type exactly as ``api.ts``/``zod.ts`` name that class.

    Endpoints
    ├── operations: Operation ─ parameters: Parameter, body: Body, response: Response
    ├── websockets: WebSocket ─ parameters: Parameter, messages (class keys)
    └── classes: ClassRef (OpenAPI component name -> Python class, generic args)

Types are a small JSON-schema tree (:class:`SchemaType`); ``ref`` types name
a :class:`ClassRef` by its ``key``. FastAPI is imported lazily (by the app).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any, Literal

from schemafirst.errors import ApiModuleError

Scalar = str | int | float | bool | None
SchemaKind = Literal[
    "unknown", "string", "number", "integer", "boolean", "null",
    "binary", "literal", "array", "record", "ref", "union",
]  # fmt: skip
Location = Literal["path", "query", "header", "cookie"]

_FROZEN = {"frozen": True, "slots": True, "kw_only": True}
_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
_REF_PREFIX = "#/components/schemas/"
# Preference order when an operation offers several request media types.
_BODY_MEDIA = ("application/json", "multipart/form-data", "application/x-www-form-urlencoded")


@dataclass(**_FROZEN)
class SchemaType:
    """The type of a parameter, body or response, from its JSON schema.

    ``items``: element (array), value (record) or members (union); ``ref``:
    the key of a :class:`ClassRef`; ``values``: literal/enum values. Bounds and
    the default are kept for search-param validators.
    """

    kind: SchemaKind
    items: tuple[SchemaType, ...] = ()
    ref: str = ""
    values: tuple[Scalar, ...] = ()
    minimum: float | None = None
    maximum: float | None = None


@dataclass(**_FROZEN)
class Parameter:
    """A path, query, header or cookie parameter (or a form field); ``name`` is the wire name."""

    name: str
    location: Location
    required: bool
    type: SchemaType
    default: Scalar = None
    has_default: bool = False
    description: str | None = None


@dataclass(**_FROZEN)
class Body:
    """A request body: a JSON value of ``type``, or form fields (multipart / urlencoded)."""

    media_type: str
    required: bool
    type: SchemaType | None = None
    fields: tuple[Parameter, ...] = ()


@dataclass(**_FROZEN)
class Response:
    """The success response: its status and JSON type (None when it has no JSON body)."""

    status: int
    type: SchemaType | None = None


@dataclass(**_FROZEN)
class Operation:
    """One HTTP operation of the app."""

    operation_id: str
    method: str
    path: str
    tag: str
    parameters: tuple[Parameter, ...]
    response: Response
    body: Body | None = None
    summary: str | None = None
    description: str | None = None
    deprecated: bool = False


@dataclass(**_FROZEN)
class WebSocket:
    """A WebSocket route: its parameters and the message classes its endpoint sends."""

    name: str
    path: str
    parameters: tuple[Parameter, ...]
    messages: tuple[str, ...]
    description: str | None = None


@dataclass(**_FROZEN)
class ClassRef:
    """The Python class behind a schema ``$ref`` (``args``: keys of generic arguments)."""

    key: str
    kind: Literal["model", "enum"]
    python_name: str
    module: str
    args: tuple[str, ...] = ()


@dataclass(**_FROZEN)
class Endpoints:
    """Everything the TanStack target needs to know about a FastAPI app."""

    title: str
    operations: tuple[Operation, ...]
    websockets: tuple[WebSocket, ...] = ()
    classes: tuple[ClassRef, ...] = ()

    def cls(self, key: str) -> ClassRef | None:
        """The class behind ``key``, or None (a FastAPI-made schema such as ``Body_x``)."""
        return next((c for c in self.classes if c.key == key), None)


def load_endpoints(spec: str, root: Path) -> Endpoints:
    """Import the FastAPI app ``spec`` (``file.py:app`` or ``module:app``) and read it."""
    app = load_app(spec, root)
    try:
        document = app.openapi()
    except Exception as exc:
        raise ApiModuleError(
            f"fastapi_app {spec!r}: app.openapi() failed: {type(exc).__name__}: {exc}"
        ) from None
    return read(document, app.routes)


def load_app(spec: str, root: Path) -> Any:
    """The app object named by ``spec``; every failure is an :class:`ApiModuleError`."""
    module_part, sep, attr = spec.rpartition(":")
    if not sep or not module_part or not attr.isidentifier():
        raise ApiModuleError(
            f"fastapi_app {spec!r} must look like 'path/to/app.py:app' or 'package.module:app'"
        )
    from schemafirst.apimodels import import_configured

    module = import_configured(module_part, root, setting="fastapi_app module")
    app = getattr(module, attr, None)
    if app is None:
        raise ApiModuleError(f"fastapi_app {spec!r}: the module has no attribute {attr!r}")
    if not callable(getattr(app, "openapi", None)) or not hasattr(app, "routes"):
        raise ApiModuleError(f"fastapi_app {spec!r} is not a FastAPI app")
    return app


def read(document: Mapping[str, Any], routes: Any = ()) -> Endpoints:
    """Turn an OpenAPI document (plus the app's routes, for classes and WebSockets) into IR."""
    components = document.get("components", {}).get("schemas", {})
    operations = []
    for path, item in document.get("paths", {}).items():
        for method in _METHODS:
            if method in item:
                operations.append(_operation(path, method, item[method], components))
    classes = _classes(components, routes)
    websockets = tuple(_websockets(routes, classes))
    return Endpoints(
        title=str(document.get("info", {}).get("title", "")),
        operations=tuple(operations),
        websockets=websockets,
        classes=tuple(sorted(classes.values(), key=lambda c: c.key)),
    )


def _operation(
    path: str, method: str, op: Mapping[str, Any], components: Mapping[str, Any]
) -> Operation:
    operation_id = op.get("operationId") or _fallback_id(method, path)
    tags = op.get("tags") or [_first_segment(path)]
    params = tuple(_parameter(p) for p in op.get("parameters", ()))
    return Operation(
        operation_id=operation_id,
        method=method.upper(),
        path=path,
        tag=str(tags[0]),
        parameters=params,
        body=_body(op.get("requestBody"), components),
        response=_response(op.get("responses", {})),
        summary=op.get("summary"),
        description=op.get("description"),
        deprecated=bool(op.get("deprecated", False)),
    )


def _fallback_id(method: str, path: str) -> str:
    parts = [p.strip("{}") for p in path.split("/") if p]
    return "_".join([method, *parts]) or method


def _first_segment(path: str) -> str:
    return next((p for p in path.split("/") if p and not p.startswith("{")), "root")


def _parameter(raw: Mapping[str, Any], location: Location | None = None) -> Parameter:
    schema = raw.get("schema", {})
    return Parameter(
        name=raw["name"],
        location=location or raw.get("in", "query"),
        required=bool(raw.get("required", False)),
        type=schema_type(schema),
        default=schema.get("default"),
        has_default="default" in schema,
        description=raw.get("description") or schema.get("description"),
    )


def _body(raw: Mapping[str, Any] | None, components: Mapping[str, Any]) -> Body | None:
    if not raw:
        return None
    content = raw.get("content", {})
    media = next((m for m in _BODY_MEDIA if m in content), None)
    if media is None:
        return None
    schema = content[media].get("schema", {})
    required = bool(raw.get("required", False))
    if media == "application/json":
        return Body(media_type=media, required=required, type=schema_type(schema))
    # Form bodies are FastAPI-made components (Body_<operation>), never user
    # classes, so they are flattened into fields instead of named.
    resolved = components.get(_ref_key(schema.get("$ref", "")), schema)
    needed = set(resolved.get("required", ()))
    fields = tuple(
        _parameter({"name": name, "schema": prop, "required": name in needed}, "query")
        for name, prop in resolved.get("properties", {}).items()
    )
    return Body(media_type=media, required=required, fields=fields)


def _response(responses: Mapping[str, Any]) -> Response:
    for code in sorted(c for c in responses if c.isdigit() and c.startswith("2")):
        content = responses[code].get("content", {})
        schema = content.get("application/json", {}).get("schema")
        return Response(status=int(code), type=None if schema is None else schema_type(schema))
    return Response(status=200, type=SchemaType(kind="unknown"))


def _ref_key(ref: str) -> str:
    return ref[len(_REF_PREFIX) :] if ref.startswith(_REF_PREFIX) else ref


def schema_type(schema: Mapping[str, Any]) -> SchemaType:
    """A :class:`SchemaType` for one JSON schema (as FastAPI/Pydantic write them)."""
    if "$ref" in schema:
        return SchemaType(kind="ref", ref=_ref_key(schema["$ref"]))
    for key in ("anyOf", "oneOf"):
        if key in schema:
            return SchemaType(kind="union", items=tuple(schema_type(s) for s in schema[key]))
    if "allOf" in schema and len(schema["allOf"]) == 1:
        return schema_type(schema["allOf"][0])
    if "const" in schema:
        return SchemaType(kind="literal", values=(schema["const"],))
    if "enum" in schema:
        return SchemaType(kind="literal", values=tuple(schema["enum"]))
    kind = schema.get("type")
    if isinstance(kind, list):
        return SchemaType(
            kind="union", items=tuple(schema_type({**schema, "type": k}) for k in kind)
        )
    if kind == "string":
        binary = schema.get("format") == "binary" or "contentMediaType" in schema
        return SchemaType(kind="binary" if binary else "string")
    if kind in ("integer", "number"):
        low = schema.get("minimum", schema.get("exclusiveMinimum"))
        high = schema.get("maximum", schema.get("exclusiveMaximum"))
        return SchemaType(kind=kind, minimum=low, maximum=high)
    if kind in ("boolean", "null"):
        return SchemaType(kind=kind)
    if kind == "array":
        return SchemaType(kind="array", items=(schema_type(schema.get("items", {})),))
    if kind == "object" and "properties" not in schema:
        extra = schema.get("additionalProperties")
        value = schema_type(extra) if isinstance(extra, Mapping) else SchemaType(kind="unknown")
        return SchemaType(kind="record", items=(value,))
    return SchemaType(kind="unknown")


def _classes(components: Mapping[str, Any], routes: Any) -> dict[str, ClassRef]:
    """Component name -> Python class, matched by the schema title Pydantic gives a class."""
    by_title: dict[str, list[type]] = {}
    for cls in _route_classes(routes):
        by_title.setdefault(cls.__name__, []).append(cls)
    found: dict[str, ClassRef] = {}
    for key, schema in components.items():
        candidates = by_title.get(str(schema.get("title", key)), [])
        if len(candidates) != 1:
            continue  # FastAPI's own schemas (Body_x, HTTPValidationError) or ambiguous
        found[key] = _class_ref(key, candidates[0], components)
    return found


def _class_ref(key: str, cls: type, components: Mapping[str, Any]) -> ClassRef:
    meta = getattr(cls, "__pydantic_generic_metadata__", None) or {}
    origin = meta.get("origin") or cls
    args = tuple(_arg_key(a, components) for a in meta.get("args", ()))
    return ClassRef(
        key=key,
        kind="enum" if issubclass(cls, Enum) else "model",
        python_name=origin.__name__,
        module=origin.__module__,
        args=args,
    )


def _arg_key(arg: Any, components: Mapping[str, Any]) -> str:
    name = getattr(arg, "__name__", str(arg))
    return next((k for k, s in components.items() if s.get("title") == name), name)


def _route_classes(routes: Any) -> Iterator[type]:
    """Every model and enum class reachable from the routes' annotations, deduplicated."""
    from pydantic import BaseModel

    from schemafirst.apimodels import walk_annotation

    seen: set[type] = set()
    pending = [a for route in routes for a in _route_annotations(route)]
    while pending:
        for cls in walk_annotation(pending.pop()):
            if cls in seen or not isinstance(cls, type):
                continue
            if issubclass(cls, BaseModel) and cls is not BaseModel:
                seen.add(cls)
                pending.extend(f.annotation for f in cls.model_fields.values())
                yield cls
            elif issubclass(cls, Enum) and cls is not Enum:
                seen.add(cls)
                yield cls


def _route_annotations(route: Any) -> Iterator[Any]:
    response_model = getattr(route, "response_model", None)
    if response_model is not None:
        yield response_model
    dependant = getattr(route, "dependant", None)
    if dependant is not None:
        for group in ("body_params", "query_params", "path_params", "header_params"):
            for field in _flat(dependant, group):
                yield field.field_info.annotation
    yield from _messages_of(route)


def _flat(dependant: Any, group: str) -> Iterator[Any]:
    yield from getattr(dependant, group, ())
    for sub in getattr(dependant, "dependencies", ()):
        yield from _flat(sub, group)


def _is_websocket(route: Any) -> bool:
    return type(route).__name__ == "APIWebSocketRoute"


def _messages_of(route: Any) -> Iterator[type]:
    """The Pydantic models a WebSocket endpoint names in its body: the messages it sends.

    OpenAPI has no WebSocket operations, and a FastAPI WebSocket endpoint
    declares no message type, so the models its code refers to (the globals it
    loads, ``co_names``) are taken as its messages.
    """
    if not _is_websocket(route):
        return
    from pydantic import BaseModel

    endpoint = route.endpoint
    names = getattr(getattr(endpoint, "__code__", None), "co_names", ())
    for name in names:
        obj = endpoint.__globals__.get(name)
        if isinstance(obj, type) and issubclass(obj, BaseModel) and obj is not BaseModel:
            yield obj


def _websockets(routes: Any, classes: dict[str, ClassRef]) -> Iterator[WebSocket]:
    from pydantic import TypeAdapter

    for route in routes:
        if not _is_websocket(route):
            continue
        params = []
        groups: tuple[tuple[Location, str], ...] = (
            ("path", "path_params"),
            ("query", "query_params"),
        )
        for location, group in groups:
            for field in _flat(route.dependant, group):
                info = field.field_info
                schema = TypeAdapter(info.annotation).json_schema(
                    ref_template=_REF_PREFIX + "{model}"
                )
                required = info.is_required()
                params.append(
                    Parameter(
                        name=field.alias or field.name,
                        location=location,
                        required=location == "path" or required,
                        type=schema_type(schema),
                        description=info.description,
                    )
                )
        messages = []
        for cls in _messages_of(route):
            key = next((k for k, c in classes.items() if c.python_name == cls.__name__), None)
            if key is None:
                key = cls.__name__
                classes[key] = ClassRef(
                    key=key, kind="model", python_name=cls.__name__, module=cls.__module__
                )
            if key not in messages:
                messages.append(key)
        yield WebSocket(
            name=route.name,
            path=route.path,
            parameters=tuple(params),
            messages=tuple(messages),
            description=(route.endpoint.__doc__ or "").strip().split("\n\n")[0] or None,
        )
