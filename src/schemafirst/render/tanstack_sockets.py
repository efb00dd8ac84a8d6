"""The WebSocket part of the TanStack target's FastAPI mode: the view model of ``ws.ts``.

Owns :func:`ws_view`: one typed subscription per WebSocket route of the app,
and per message type an *applier* that writes the message into the cached
detail queries it matches (those whose path parameters the message carries),
copying only the fields whose shapes agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from schemafirst.errors import RenderError
from schemafirst.naming import Scope, pascal_case
from schemafirst.render.tanstack_syntax import ARG_RESERVED, camel, claim, member, path_expr
from schemafirst.render.typescript_syntax import doc_lines, ts_key

if TYPE_CHECKING:
    from schemafirst.apimodels import ApiModel, ApiType
    from schemafirst.openapi import Endpoints, SchemaType, WebSocket
    from schemafirst.render.tanstack_types import Types


def ws_view(
    endpoints: Endpoints, types: Types, resources: list[dict[str, Any]], names: dict[str, str]
) -> dict[str, Any]:
    """The ``ws.ts`` keys of the FastAPI view model (``types`` records ws.ts's imports)."""
    module = Scope(
        set(names.values()) | {"z" + n for n in names.values()} | {"getClientConfig", "z"}
    )
    for res in resources:
        module.taken.update({res["keys_name"], res["queries"]})
    reads = [r for res in resources for r in res["reads"] if r["kind"] == "detail"]
    build = _Sockets(types, reads, module)
    sockets = [build.socket(ws) for ws in endpoints.websockets]
    if any(len(s["messages"]) != 1 for s in sockets):
        types.uses_z = True
    applied = [a["read"] for ap in build.appliers.values() for a in ap["applies"]]
    return {
        "sockets": sockets,
        "appliers": list(build.appliers.values()),
        "ws_type_imports": sorted(types.type_imports),
        "ws_zod_imports": sorted(types.zod_imports),
        "ws_uses_z": types.uses_z and any(len(s["messages"]) != 1 for s in sockets),
        "ws_queries": sorted({read["queries"] for read in applied}),
        "ws_keys": sorted({read["keys_name"] for read in applied}),
    }


@dataclass(slots=True)
class _Sockets:
    """What the subscriptions share: types, the cached detail reads, ws.ts's scope, appliers."""

    types: Types
    reads: list[dict[str, Any]]
    module: Scope
    appliers: dict[str, dict[str, Any]] = field(default_factory=dict)  # by message type

    def socket(self, ws: WebSocket) -> dict[str, Any]:
        """One subscription; the appliers its messages need are added to ``appliers``."""
        local = Scope(set(ARG_RESERVED))
        args = {p.name: claim(local, camel(p.name)) for p in ws.parameters}
        messages = [self.message(ws, key) for key in ws.messages]
        name = claim(self.module, "subscribe" + pascal_case(ws.name))
        query = [p for p in ws.parameters if p.location == "query"]
        if len(messages) == 1:
            validator = messages[0]["zod"]
        elif messages:
            validator = "z.union([" + ", ".join(m["zod"] for m in messages) + "])"
        else:
            validator = "z.unknown()"
        return {
            "name": name,
            "message_type": claim(self.module, pascal_case(ws.name) + "Message"),
            "params_type": claim(self.module, pascal_case(ws.name) + "Params"),
            "doc": [*doc_lines(ws.description), "", f"`WebSocket {ws.path}`"],
            "params": [self.types.prop(args[p.name], p) for p in ws.parameters],
            "path": path_expr(ws.path, {p.name: "params." + args[p.name] for p in ws.parameters}),
            "query": [(ts_key(p.name), "params." + args[p.name]) for p in query],
            "messages": messages,
            "union": " | ".join(m["type"] for m in messages) or "unknown",
            "validator": validator,
            "single": messages[0] if len(messages) == 1 else None,
        }

    def message(self, ws: WebSocket, key: str) -> dict[str, Any]:
        """One message type a socket sends: its type, validator and applier (if any)."""
        types = self.types
        ref = types.endpoints.cls(key)
        assert ref is not None
        model = types.model_for(ref, "serialization")
        if model is None:
            raise RenderError(
                f"WebSocket {ws.path} sends {ref.python_name}, which is not among the API "
                "models: add its module to 'api_modules'"
            )
        ts_name = types.ts(_ref(key))
        applies = _applies(model, self.reads, types)
        if applies and ts_name not in self.appliers:
            self.appliers[ts_name] = {
                "name": claim(self.module, "apply" + ts_name),
                "type": ts_name,
                "applies": applies,
            }
        return {"type": ts_name, "zod": types.zod(_ref(key)), "apply": self.appliers.get(ts_name)}


def _ref(key: str) -> SchemaType:
    from schemafirst.openapi import SchemaType

    return SchemaType(kind="ref", ref=key)


def _applies(message: ApiModel, reads: list[dict[str, Any]], types: Types) -> list[dict[str, Any]]:
    """The cached detail queries a message updates: those whose path params it carries."""
    fields = {f.name for f in message.fields}
    applies = []
    for read in reads:
        op = read["op"]
        names = [p.name for p, _ in op["path_params"]]
        response = op["op"].response.type
        if not names or not set(names) <= fields or response is None or response.kind != "ref":
            continue
        ref = types.endpoints.cls(response.ref)
        target = types.model_for(ref, "serialization") if ref and not ref.args else None
        if target is None or op["query_type"] is not None:
            continue
        merges = _merges(message, target, set(names))
        if not merges:
            continue
        applies.append(
            {
                "read": read,
                "args": ", ".join(member("message", n) for n in names),
                "detail_arg": member("message", names[0]),
                "merges": merges,
            }
        )
    return applies


def _merges(message: ApiModel, target: ApiModel, skip: set[str]) -> list[str]:
    """``key: value`` lines copying a message's fields into the cached target's."""
    target_fields = {f.name: f for f in target.fields}
    lines = []
    for f in message.fields:
        t = target_fields.get(f.name)
        if t is None or f.name in skip or _shape(f.type) != _shape(t.type):
            continue
        value = member("message", f.name)
        if not f.required or (_nullable(f.type) and not _nullable(t.type)):
            value = f"{value} ?? {member('old', f.name)}"
        lines.append(f"{ts_key(f.name)}: {value}")
    return lines


def _shape(t: ApiType) -> tuple[Any, ...]:
    """A type's structure without its bounds, for comparing two fields' types."""
    if t.kind == "union":
        # Nullability is handled by the caller: `T | null` has the shape of `T`.
        members = sorted(_shape(i) for i in t.items if i.kind != "null")
        return members[0] if len(members) == 1 else ("union", tuple(members))
    return (t.kind, t.ref, t.values, tuple(_shape(i) for i in t.items))


def _nullable(t: ApiType) -> bool:
    return t.kind == "null" or (t.kind == "union" and any(i.kind == "null" for i in t.items))
