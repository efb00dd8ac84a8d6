"""Reading the API models: Pydantic's JSON schema of the collected classes, as the IR.

Owns :func:`read_models`, pure Python over one ``models_json_schema`` call,
so the result is what FastAPI actually sends (``model_dump(mode="json",
by_alias=True)``) and accepts:

- a response (serialization) shape has every field present: FastAPI dumps
  defaults too, so no key is optional there (``_dump_shape_generator``);
- a request (validation) shape keeps Pydantic's optional keys and wider input
  types (a ``Decimal`` accepts a number or a string).

Each class gets one *primary* shape (:func:`primary_mode`): validation for
request-like names (``...Request``, ``...Input``, ``...Params``,
``...Payload``, with an optional ``Schema``/``Model`` suffix), serialization
otherwise. When a class is reached in its other shape too and that shape
differs, it is emitted again with an ``Input``/``Output`` suffix.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from enum import Enum
from typing import Any, Literal

from schemafirst.apimodels.ir import ApiEnum, ApiField, ApiModel, ApiModels, ApiType, Mode
from schemafirst.errors import ApiModuleError
from schemafirst.naming import Scope

_REQUEST_NAME = re.compile(r"(Request|Input|Params|Payload)(Schema|Model)?$")


def read_models(roots: list[type], classes: list[type]) -> ApiModels:
    """The IR of ``classes`` (the ``roots`` and all they reference): what ``roots`` reach."""
    return _Reader(roots, classes).read()


def primary_mode(cls: type) -> Mode:
    """The shape a class is named after: validation for request-like names, else serialization."""
    return "validation" if _REQUEST_NAME.search(cls.__name__) else "serialization"


def _dump_shape_generator() -> type:
    """Pydantic's JSON-schema generator, with every dumped field required in serialization mode.

    ``model_dump`` writes fields that have defaults too, so a response key is
    never missing; Pydantic's default schema would mark it optional.
    """
    from pydantic.json_schema import GenerateJsonSchema

    class DumpShape(GenerateJsonSchema):
        def field_is_required(self, field: Any, total: bool) -> bool:
            if self.mode == "serialization" and field["type"] != "typed-dict-field":
                return field.get("serialization_exclude_if") is None
            return super().field_is_required(field, total)

    return DumpShape


class _Reader:
    """Turns root classes into :class:`ApiModels` through one ``models_json_schema`` call."""

    def __init__(self, roots: list[type], classes: list[type]) -> None:
        self.roots = roots
        self.classes = classes
        self.params: dict[str, str] = {}  # marker def key -> type parameter name
        self.owner: dict[str, tuple[type, set[Mode]]] = {}  # def key -> class, modes
        self.names: dict[str, str] = {}  # def key -> unique name
        self.defs: dict[str, Any] = {}

    def read(self) -> ApiModels:
        """Generate the schemas, name every definition, convert the reachable ones."""
        root_keys = self._generate()
        self._name()
        models: list[ApiModel] = []
        enums: list[ApiEnum] = []
        for key in self._reachable(root_keys):
            converted = self._convert_def(key)
            (enums if isinstance(converted, ApiEnum) else models).append(converted)  # type: ignore[arg-type]
        return ApiModels(
            models=tuple(sorted(models, key=lambda m: m.name)),
            enums=tuple(sorted(enums, key=lambda e: e.name)),
        )

    def _generate(self) -> list[str]:
        import warnings

        from pydantic import BaseModel, create_model
        from pydantic.json_schema import PydanticJsonSchemaWarning, models_json_schema

        pairs: list[tuple[Any, Mode]] = []
        stand_in: dict[type, Any] = {}  # class -> what is given to Pydantic for it
        markers: dict[Any, str] = {}
        for cls in self.classes:
            if issubclass(cls, Enum):
                # Pydantic makes schemas of models only: hold the enum in a one-field model.
                holder = create_model(f"SchemafirstEnumHolder{len(stand_in)}", v=(cls, ...))
                stand_in[cls] = holder
                pairs.append((holder, "serialization"))
                continue
            params = cls.__pydantic_generic_metadata__["parameters"]  # type: ignore[attr-defined]
            target: Any = cls
            if params:
                # An open generic: parametrize it with marker models that become `T` again.
                args = []
                for i, tv in enumerate(params):
                    marker = create_model(
                        f"SchemafirstTypeParam{i}_{tv.__name__}", __base__=BaseModel
                    )
                    markers[marker] = tv.__name__
                    args.append(marker)
                target = cls[tuple(args) if len(args) > 1 else args[0]]  # type: ignore[index]
            stand_in[cls] = target
            pairs += [(target, "serialization"), (target, "validation")]
        pairs += [(m, "serialization") for m in markers]
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", PydanticJsonSchemaWarning)
                mapping, top = models_json_schema(
                    pairs, by_alias=True, schema_generator=_dump_shape_generator()
                )
        except Exception as exc:
            raise ApiModuleError(
                f"Pydantic could not describe the API models as JSON schema: {exc}"
            ) from None
        self.defs = top.get("$defs", {})
        key_of = {pair: _def_key(schema) for pair, schema in mapping.items()}
        for marker, name in markers.items():
            self.params[key_of[(marker, "serialization")]] = name
        root_keys: list[str] = []
        for cls in self.classes:
            target = stand_in[cls]
            if issubclass(cls, Enum):
                key = _def_key(self.defs[key_of[(target, "serialization")]]["properties"]["v"])
                self.owner[key] = (cls, {"serialization", "validation"})
                if cls in self.roots:
                    root_keys.append(key)
                continue
            for mode in ("serialization", "validation"):
                key = key_of[(target, mode)]
                self.owner.setdefault(key, (cls, set()))[1].add(mode)
            if cls in self.roots:
                root_keys.append(key_of[(target, primary_mode(cls))])
        return root_keys

    def _name(self) -> None:
        """Unique names: class names, qualified by module on clashes, suffixed per shape."""
        base: dict[type, str] = {}
        by_name: dict[str, list[type]] = {}
        for cls in self.classes:
            by_name.setdefault(_plain_name(cls), []).append(cls)
        for name, group in by_name.items():
            if len(group) > 1:
                # A silent prefix would give the TypeScript side names that
                # nobody wrote (and that FastAPI's OpenAPI spells differently).
                where = " and ".join(sorted(f"{c.__module__}.{c.__qualname__}" for c in group))
                raise ApiModuleError(
                    f"two API models are named {name}: {where}; rename one, "
                    "since each becomes a TypeScript type of that name"
                )
            base[group[0]] = name
        scope = Scope()
        for key in sorted(self.defs):
            if key in self.params:
                continue
            owned = self.owner.get(key)
            if owned is None:
                name = re.sub(
                    r"\W+", "", key.replace("-Input", "Input").replace("-Output", "Output")
                )
            else:
                cls, modes = owned
                name = base[cls]
                if not issubclass(cls, Enum) and primary_mode(cls) not in modes:
                    name += "Input" if "validation" in modes else "Output"
            self.names[key] = scope.claim(name)

    def _reachable(self, root_keys: list[str]) -> list[str]:
        seen: list[str] = []
        todo = list(root_keys)
        while todo:
            key = todo.pop()
            if key in seen or key in self.params:
                continue
            seen.append(key)
            todo.extend(sorted(set(_refs(self.defs[key]))))
        return seen

    def _convert_def(self, key: str) -> ApiModel | ApiEnum:
        schema = self.defs[key]
        owned = self.owner.get(key)
        cls = owned[0] if owned else None
        description = schema.get("description")
        if cls is not None and issubclass(cls, Enum):
            values = schema.get("enum", [m.value for m in cls])
            names = [m.name for m in cls]
            members = tuple(
                zip(names if len(names) == len(values) else map(str, values), values, strict=True)
            )
            return ApiEnum(
                name=self.names[key], python_name=cls.__qualname__, module=cls.__module__,
                members=members, description=description,
            )  # fmt: skip
        # A definition shared by both shapes is the serialization one.
        modes = owned[1] if owned else {"validation" if key.endswith("-Input") else "serialization"}
        mode: Mode = "serialization" if "serialization" in modes else "validation"
        type_params = tuple(self.params[k] for k in sorted(set(_refs(schema))) if k in self.params)
        return ApiModel(
            name=self.names[key],
            python_name=_plain_name(cls) if cls else schema.get("title", key),
            module=cls.__module__ if cls else "",
            mode=mode,
            fields=self._fields(schema),
            type_params=type_params,
            description=description,
            extra=_extra(schema),
            root=None if _is_object(schema) else self.convert(schema),
        )

    def _fields(self, schema: dict[str, Any]) -> tuple[ApiField, ...]:
        required = set(schema.get("required", ()))
        return tuple(
            ApiField(
                name=name,
                type=self.convert(prop),
                required=name in required,
                description=prop.get("description"),
                read_only=bool(prop.get("readOnly")),
                deprecated=bool(prop.get("deprecated")),
            )
            for name, prop in schema.get("properties", {}).items()
        )

    def convert(self, s: Any) -> ApiType:
        """One JSON-schema node as an :class:`ApiType`."""
        if s is True or not s:
            return ApiType(kind="unknown")
        if "$ref" in s:
            key = _def_key(s)
            if key in self.params:
                return ApiType(kind="param", ref=self.params[key])
            return ApiType(kind="ref", ref=self.names[key])
        for combinator in ("anyOf", "oneOf", "allOf"):
            if combinator in s:
                members = tuple(self.convert(m) for m in s[combinator])
                if len(members) == 1:
                    return members[0]
                disc = s.get("discriminator", {}).get("propertyName")
                return ApiType(kind="union", items=members, discriminator=disc)
        if "const" in s:
            return ApiType(kind="literal", values=(s["const"],))
        if "enum" in s:
            return ApiType(kind="literal", values=tuple(s["enum"]))
        kind = s.get("type")
        if isinstance(kind, list):
            return ApiType(kind="union", items=tuple(self.convert({**s, "type": k}) for k in kind))
        if kind == "array":
            return self._array(s)
        if kind == "object":
            extra = s.get("additionalProperties", True)
            return ApiType(kind="record", items=(self.convert(extra),))
        if kind in ("string", "number", "integer", "boolean", "null"):
            return ApiType(kind=kind, **_bounds(s))
        return ApiType(kind="unknown")

    def _array(self, s: dict[str, Any]) -> ApiType:
        min_items, max_items = s.get("minItems"), s.get("maxItems")
        if "prefixItems" in s:
            rest = s.get("items", False)
            return ApiType(
                kind="tuple",
                items=tuple(self.convert(i) for i in s["prefixItems"]),
                rest=None if rest is False else self.convert(rest),
                min_items=min_items,
                max_items=max_items,
            )
        return ApiType(
            kind="array",
            items=(self.convert(s.get("items", {})),),
            unique=bool(s.get("uniqueItems")),
            min_items=min_items,
            max_items=max_items,
        )


def _plain_name(cls: type) -> str:
    """``Page[VideoSummarySchema]`` -> ``PageVideoSummarySchema``; other names unchanged."""
    return re.sub(r"\W+", "", cls.__name__)


def _def_key(schema: dict[str, Any]) -> str:
    return str(schema["$ref"]).rsplit("/", 1)[-1]


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        if "$ref" in node:
            yield _def_key(node)
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def _is_object(schema: dict[str, Any]) -> bool:
    return (schema.get("type") == "object" and "properties" in schema) or (
        schema.get("type") == "object" and (schema.get("additionalProperties") is False)
    )


def _extra(schema: dict[str, Any]) -> Literal["ignore", "allow", "forbid"]:
    extra = schema.get("additionalProperties")
    return "forbid" if extra is False else "allow" if extra is not None else "ignore"


_BOUNDS = {
    "minimum": "minimum",
    "maximum": "maximum",
    "exclusiveMinimum": "exclusive_minimum",
    "exclusiveMaximum": "exclusive_maximum",
    "minLength": "min_length",
    "maxLength": "max_length",
    "format": "format",
}


def _bounds(s: dict[str, Any]) -> dict[str, Any]:
    return {attr: s[key] for key, attr in _BOUNDS.items() if key in s}
