"""The API-models IR: what a project's Pydantic API schemas send and accept.

Owns the data only; :mod:`schemafirst.apimodels.load` finds the classes and
:mod:`schemafirst.apimodels.reader` fills these from Pydantic's JSON schema.

    ApiModels
    ├── models: ApiModel ─ fields: ApiField ─ type: ApiType (a small JSON-schema type tree)
    └── enums: ApiEnum ─ members: (python name, value)

Like :mod:`schemafirst.ir`, everything is frozen, slotted and keyword-only,
and collections are tuples in a stable order (by name).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Mode = Literal["serialization", "validation"]
TypeKind = Literal[
    "unknown", "string", "number", "integer", "boolean", "null",
    "literal", "array", "tuple", "record", "ref", "union", "param",
]  # fmt: skip
Scalar = str | int | float | bool | None

_FROZEN = {"frozen": True, "slots": True, "kw_only": True}


@dataclass(**_FROZEN)
class ApiType:
    """A JSON value's type, as Pydantic's JSON schema describes it.

    ``items`` holds the element type (array), the prefix items (tuple), the
    value type (record) or the members (union); ``ref`` names an
    :class:`ApiModel`/:class:`ApiEnum` (kind ``ref``) or a type parameter
    (kind ``param``). Bounds are kept for validators; they do not change types.
    """

    kind: TypeKind
    items: tuple[ApiType, ...] = ()
    rest: ApiType | None = None
    values: tuple[Scalar, ...] = ()
    ref: str = ""
    format: str | None = None
    unique: bool = False
    discriminator: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: float | None = None
    exclusive_maximum: float | None = None
    min_length: int | None = None
    max_length: int | None = None
    min_items: int | None = None
    max_items: int | None = None


@dataclass(**_FROZEN)
class ApiField:
    """A property of a model; ``name`` is the key on the wire (the alias, when there is one)."""

    name: str
    type: ApiType
    required: bool
    description: str | None = None
    read_only: bool = False
    deprecated: bool = False


@dataclass(**_FROZEN)
class ApiModel:
    """One shape of a ``BaseModel`` class; ``name`` is unique among models and enums."""

    name: str
    python_name: str
    module: str
    mode: Mode
    fields: tuple[ApiField, ...]
    type_params: tuple[str, ...] = ()
    description: str | None = None
    extra: Literal["ignore", "allow", "forbid"] = "ignore"
    root: ApiType | None = None  # a RootModel (or any non-object schema): a type alias


@dataclass(**_FROZEN)
class ApiEnum:
    """An ``Enum`` class; ``members`` are (Python member name, JSON value) in definition order."""

    name: str
    python_name: str
    module: str
    members: tuple[tuple[str, str | int | float], ...]
    description: str | None = None


@dataclass(**_FROZEN)
class ApiModels:
    """Every model and enum of the configured modules and what they reference."""

    models: tuple[ApiModel, ...] = ()
    enums: tuple[ApiEnum, ...] = ()

    def model(self, name: str) -> ApiModel | None:
        """The model called ``name``, or None."""
        return next((m for m in self.models if m.name == name), None)
