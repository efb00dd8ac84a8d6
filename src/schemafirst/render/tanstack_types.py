"""The types of the TanStack target's FastAPI mode: endpoint types as TypeScript and zod.

Owns :class:`Types`, which turns an OpenAPI :class:`~schemafirst.openapi.SchemaType`
into a TypeScript type or a zod expression and records what must be imported
from ``api.ts``/``zod.ts``. Referenced classes are named exactly as the
``typescript`` target declares them
(:func:`~schemafirst.render.typescript_api.api_type_names`, in ``names``), so
types are never declared twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from schemafirst.errors import RenderError
from schemafirst.render.typescript_syntax import (
    array_type,
    doc_lines,
    literal_union,
    zod_literal,
    zod_union,
)

if TYPE_CHECKING:
    from schemafirst.apimodels import ApiModel, ApiModels
    from schemafirst.openapi import ClassRef, Endpoints, Parameter, SchemaType


@dataclass(slots=True)
class Types:
    """SchemaType -> TypeScript type and zod expression, recording what must be imported."""

    endpoints: Endpoints
    api: ApiModels
    names: dict[str, str]
    type_imports: set[str] = field(default_factory=set)
    zod_imports: set[str] = field(default_factory=set)
    uses_z: bool = False

    def model_for(self, ref: ClassRef, mode: str) -> ApiModel | None:
        """The API model of a class, preferring the shape (``mode``) it travels in."""
        found = [m for m in self.api.models if m.python_name == ref.python_name]
        same_module = [
            m for m in found if m.module.rsplit(".", 1)[-1] == ref.module.rsplit(".", 1)[-1]
        ]
        found = same_module or found
        exact = [m for m in found if m.mode == mode]
        if exact:
            return exact[0]
        return found[0] if found else None

    def _ref_name(self, key: str, mode: str) -> str | None:
        ref = self.endpoints.cls(key)
        if ref is None:
            return None
        if ref.kind == "enum":
            enum = next((e for e in self.api.enums if e.python_name == ref.python_name), None)
            api_name = enum.name if enum else None
        else:
            model = self.model_for(ref, mode)
            api_name = model.name if model else None
        if api_name is None:
            raise RenderError(
                f"the FastAPI app uses {ref.module}.{ref.python_name}, which is not among the "
                "API models: add its module to 'api_modules'"
            )
        return self.names[api_name]

    def ts(self, t: SchemaType, mode: str = "serialization") -> str:
        """The TypeScript type of ``t``."""
        kind = t.kind
        if kind in ("string", "boolean", "null", "unknown"):
            return kind
        if kind in ("number", "integer"):
            return "number"
        if kind == "binary":
            return "Blob"
        if kind == "literal":
            return literal_union(t.values)
        if kind == "array":
            return array_type(self.ts(t.items[0], mode))
        if kind == "record":
            return f"Record<string, {self.ts(t.items[0], mode)}>"
        if kind == "ref":
            return self._ref_ts(t.ref, mode)
        return " | ".join(dict.fromkeys(self.ts(i, mode) for i in t.items))

    def _ref_ts(self, key: str, mode: str) -> str:
        name = self._ref_name(key, mode)
        if name is None:
            return "unknown"
        self.type_imports.add(name)
        ref = self.endpoints.cls(key)
        assert ref is not None
        if ref.args:
            args = ", ".join(self._ref_ts(a, mode) for a in ref.args)
            return f"{name}<{args}>"
        return name

    def zod(self, t: SchemaType, mode: str = "serialization") -> str:
        """The zod expression validating ``t`` (bounds are the server's business)."""
        kind = t.kind
        if kind == "ref":
            return self.ref_zod(t.ref, mode)
        self.uses_z = True
        if kind in ("string", "boolean", "null", "unknown", "number"):
            return f"z.{kind}()"
        if kind == "integer":
            return "z.number()"
        if kind == "binary":
            return "z.instanceof(Blob)"
        if kind == "literal":
            return zod_literal(t.values)
        if kind == "array":
            return f"z.array({self.zod(t.items[0], mode)})"
        if kind == "record":
            return f"z.record(z.string(), {self.zod(t.items[0], mode)})"
        members = [i for i in t.items if i.kind != "null"]
        return zod_union([self.zod(i, mode) for i in members], nullable=len(members) < len(t.items))

    def ref_zod(self, key: str, mode: str) -> str:
        """The zod schema of the class ``key`` (imported from ``zod.ts``)."""
        name = self._ref_name(key, mode)
        if name is None:
            self.uses_z = True
            return "z.unknown()"
        self.zod_imports.add("z" + name)
        ref = self.endpoints.cls(key)
        assert ref is not None
        if ref.args:
            return f"z{name}(" + ", ".join(self.ref_zod(a, mode) for a in ref.args) + ")"
        return "z" + name

    def prop(self, key: str, p: Parameter) -> dict[str, Any]:
        """A property of a generated parameters type (query, form or socket params)."""
        return {
            "key": key,
            # `| undefined` too, so callers compile under exactOptionalPropertyTypes.
            "type": self.ts(p.type, "validation") + ("" if p.required else " | undefined"),
            "optional": not p.required,
            "doc": doc_lines(p.description),
        }


def non_null(t: SchemaType) -> SchemaType:
    """``T`` of ``T | null``; any other type unchanged."""
    if t.kind == "union":
        members = [i for i in t.items if i.kind != "null"]
        if len(members) == 1:
            return members[0]
    return t


def param_ts(p: Parameter) -> str:
    """The TypeScript type of a path parameter: ``number`` or ``string``."""
    kind = non_null(p.type).kind
    return "number" if kind in ("integer", "number") else "string"
