"""View models of the TanStack target: every identifier, type string and expression.

Two sources give the same shape of view model: a FastAPI app's endpoint IR
(:mod:`schemafirst.openapi`, types named by the ``typescript`` target) or,
without an app, the catalog's tables (supabase-js queries typed by
``Database``). The scaffolded routes read only the mode-independent part
(``scaffold``), so both modes share the route templates.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from schemafirst.errors import RenderError
from schemafirst.naming import Scope, pascal_case, words
from schemafirst.render.base import ts_str
from schemafirst.reserved import TYPESCRIPT_RESERVED

if TYPE_CHECKING:
    from schemafirst.apimodels import ApiModel, ApiModels, ApiType
    from schemafirst.openapi import ClassRef, Endpoints, Operation, Parameter, SchemaType

# Names client.ts declares itself; operation functions and types must not take them.
CLIENT_NAMES = frozenset(
    {"ApiError", "ClientConfig", "RequestOptions", "CallInit", "QueryValue", "ZodType", "z"}
    | {"configureClient", "getClientConfig", "isApiError", "request", "toFormData", "buildUrl"}
    | {"readBody", "describe"}
)
KEY_HELPERS = ("all", "lists", "details", "detail")
ARG_RESERVED = frozenset({"query", "body", "form", "options", "variables"})
LABEL_FIELDS = ("title", "name", "label", "email")


@dataclass(frozen=True, slots=True)
class Imports:
    """Where the ``typescript`` target's folder is, relative to this target's folder."""

    ts_dir: str

    def typescript(self, depth: int, name: str) -> str:
        """Specifier of ``name`` (``api``, ``zod``...) from ``depth`` folders below ours."""
        parts = [".."] * depth + ([] if self.ts_dir == "." else self.ts_dir.split("/")) + [name]
        spec = "/".join(parts)
        return spec if spec.startswith(".") else f"./{spec}"

    @staticmethod
    def own(depth: int, name: str) -> str:
        """Specifier of one of this target's files from ``depth`` folders below its root."""
        return "/".join([".."] * depth + [name]) if depth else f"./{name}"


def camel(text: str) -> str:
    """``video_id`` → ``videoId``; a safe identifier for any text."""
    name = pascal_case(text, prefix="N")
    return name[:1].lower() + name[1:]


def ts_key(name: str) -> str:
    """A property key: bare when it is an identifier, else a string literal."""
    ok = name.isidentifier() and name.isascii()
    return name if ok else ts_str(name)


def member(obj: str, name: str) -> str:
    """``obj.name`` or ``obj["na-me"]``."""
    return f"{obj}.{name}" if ts_key(name) == name else f"{obj}[{ts_str(name)}]"


def doc_lines(*texts: str | None) -> list[str]:
    """JSDoc lines (unescaped; templates apply ``jsdoc``), paragraphs separated by blanks."""
    lines: list[str] = []
    for text in texts:
        if text and text.strip():
            if lines:
                lines.append("")
            lines.extend(text.strip().replace("\r\n", "\n").split("\n"))
    return lines


def _claim(scope: Scope, preferred: str) -> str:
    if preferred in TYPESCRIPT_RESERVED:
        preferred += "_"
    return scope.claim(preferred)


# --------------------------------------------------------------------------- types


def api_type_names(api: ApiModels) -> dict[str, str]:
    """API model name -> the name ``api.ts`` declares it under.

    Adapter: the ``typescript`` target decides these names; this calls its
    function so both targets always agree.
    """
    from schemafirst.render import typescript

    names: dict[str, str] = typescript.api_type_names(api)
    return names


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
            return " | ".join(_literal(v) for v in t.values)
        if kind == "array":
            inner = self.ts(t.items[0], mode)
            return f"({inner})[]" if " " in inner else f"{inner}[]"
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
            return self._ref_zod(t.ref, mode)
        self.uses_z = True
        if kind in ("string", "boolean", "null", "unknown", "number"):
            return f"z.{kind}()"
        if kind == "integer":
            return "z.number()"
        if kind == "binary":
            return "z.instanceof(Blob)"
        if kind == "literal":
            values = ", ".join(_literal(v) for v in t.values)
            return f"z.literal({values})" if len(t.values) == 1 else f"z.literal([{values}])"
        if kind == "array":
            return f"z.array({self.zod(t.items[0], mode)})"
        if kind == "record":
            return f"z.record(z.string(), {self.zod(t.items[0], mode)})"
        members = [i for i in t.items if i.kind != "null"]
        inner = (
            self.zod(members[0], mode)
            if len(members) == 1
            else "z.union([" + ", ".join(self.zod(i, mode) for i in members) + "])"
        )
        return inner + ".nullable()" if len(members) < len(t.items) else inner

    def _ref_zod(self, key: str, mode: str) -> str:
        name = self._ref_name(key, mode)
        if name is None:
            self.uses_z = True
            return "z.unknown()"
        self.zod_imports.add("z" + name)
        ref = self.endpoints.cls(key)
        assert ref is not None
        if ref.args:
            return f"z{name}(" + ", ".join(self._ref_zod(a, mode) for a in ref.args) + ")"
        return "z" + name


def _literal(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return "null" if value is None else str(value).lower()
    if isinstance(value, int | float):
        return repr(value)
    return ts_str(str(value))


def _non_null(t: SchemaType) -> SchemaType:
    if t.kind == "union":
        members = [i for i in t.items if i.kind != "null"]
        if len(members) == 1:
            return members[0]
    return t


# --------------------------------------------------------------------------- client.ts


def _path_expr(path: str, args: dict[str, str]) -> str:
    """A template literal building ``path`` with each ``{param}`` URL-encoded."""
    out = []
    rest = path
    while "{" in rest:
        before, _, after = rest.partition("{")
        name, _, rest = after.partition("}")
        out.append(_template_text(before))
        out.append("${encodeURIComponent(String(" + args[name] + "))}")
    out.append(_template_text(rest))
    return "`" + "".join(out) + "`"


def _template_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace("`", "\\`").replace("${", "\\${")


def _props(params: tuple[Parameter, ...], types: Types, mode: str) -> list[dict[str, Any]]:
    return [
        {
            "key": ts_key(p.name),
            # `| undefined` too, so callers compile under exactOptionalPropertyTypes.
            "type": types.ts(p.type, mode) + ("" if p.required else " | undefined"),
            "optional": not p.required,
            "doc": doc_lines(p.description),
        }
        for p in params
    ]


def _operation_view(op: Operation, types: Types, module: Scope) -> dict[str, Any]:
    name = _claim(module, camel(op.operation_id))
    local = Scope(set(ARG_RESERVED))
    path_params = [p for p in op.parameters if p.location == "path"]
    query_params = tuple(p for p in op.parameters if p.location == "query")
    headers = [p.name for p in op.parameters if p.location == "header" and p.required]
    args = {p.name: _claim(local, camel(p.name)) for p in path_params}
    signature = [f"{args[p.name]}: {types.ts(p.type, 'validation')}" for p in path_params]
    call = [args[p.name] for p in path_params]
    init = ["...options"]
    query_type: dict[str, Any] | None = None
    form_type: dict[str, Any] | None = None
    if query_params:
        query_type = {
            "name": _claim(module, pascal_case(name) + "Query"),
            "props": _props(query_params, types, "validation"),
        }
        default = " = {}" if not any(p.required for p in query_params) else ""
        signature.append(f"query: {query_type['name']}{default}")
        call.append("query")
        init.append("query")
    body = op.body
    body_type: str | None = None
    if body is not None and body.type is not None:
        body_type = types.ts(body.type, "validation")
        signature.append(f"body: {body_type}" if body.required else f"body?: {body_type}")
        call.append("body")
        init.append("json: body")
    elif body is not None:
        form_type = {
            "name": _claim(module, pascal_case(name) + "Form"),
            "props": _props(body.fields, types, "validation"),
        }
        body_type = form_type["name"]
        signature.append(f"form: {body_type}")
        call.append("form")
        init.append(
            "form: toFormData(form)"
            if body.media_type.startswith("multipart")
            else "form: new URLSearchParams(toFormData(form) as unknown as Record<string, string>)"
        )
    signature.append("options: RequestOptions = {}")
    response = op.response.type
    result = "void" if response is None else types.ts(response)
    validator = "undefined" if response is None else "() => " + types.zod(response)
    doc = doc_lines(op.summary, op.description)
    doc += ["", f"`{op.method} {op.path}`"]
    if headers:
        doc += [
            "",
            "Sends the header(s) "
            + ", ".join(f"`{h}`" for h in headers)
            + ": set them with `configureClient({ headers })`.",
        ]
    if op.deprecated:
        doc += ["", "@deprecated The API marks this operation deprecated."]
    return {
        "name": name,
        "op": op,
        "doc": doc,
        "signature": ", ".join(signature),
        "result": result,
        "method": ts_str(op.method),
        "path": _path_expr(op.path, args),
        "init": "{ " + ", ".join(init) + " }",
        "validator": validator,
        "query_type": query_type,
        "form_type": form_type,
        "path_params": [(p, args[p.name]) for p in path_params],
        "query_params": query_params,
        "query_required": any(p.required for p in query_params),
        "body_type": body_type,
        "call_args": call,
        "headers": headers,
    }


# --------------------------------------------------------------------------- queries.ts


def _resource_views(ops: list[dict[str, Any]], types: Types) -> list[dict[str, Any]]:
    module = Scope({o["name"] for o in ops} | set(CLIENT_NAMES))
    by_tag: dict[str, list[dict[str, Any]]] = {}
    for op in ops:
        by_tag.setdefault(op["op"].tag, []).append(op)
    resources = []
    for tag, members in by_tag.items():
        base = camel(tag)
        keys_scope = Scope(set(KEY_HELPERS))
        res: dict[str, Any] = {
            "tag": tag,
            "key": ts_str(tag),
            "keys_name": _claim(module, base + "Keys"),
            "queries": _claim(module, base + "Queries"),
            "mutations": _claim(module, base + "Mutations"),
            "reads": [],
            "writes": [],
        }
        for op in members:
            entry = _read_view(op, res) if op["op"].method == "GET" else _write_view(op, res)
            entry["prop"] = _claim(keys_scope, op["name"])
            entry["prop_key"] = entry["prop"]
            res["reads" if op["op"].method == "GET" else "writes"].append(entry)
        resources.append(res)
    return resources


def _arg_types(op: dict[str, Any]) -> list[tuple[str, str]]:
    out = [(arg, _param_ts(p)) for p, arg in op["path_params"]]
    if op["query_type"]:
        out.append(("query", op["query_type"]["name"]))
    return out


def _param_ts(p: Parameter) -> str:
    kind = _non_null(p.type).kind
    return "number" if kind in ("integer", "number") else "string"


def _read_view(op: dict[str, Any], res: dict[str, Any]) -> dict[str, Any]:
    path_args = [arg for _, arg in op["path_params"]]
    params = [f"{a}: {t}" for a, t in _arg_types(op)]
    if op["query_type"] and not op["query_required"]:
        params[-1] += " = {}"
    if path_args:
        key = f"[...{res['keys_name']}.detail({path_args[0]}), {ts_str(op['name'])}"
        key += "".join(f", {a}" for a in path_args[1:])
    else:
        key = f"[...{res['keys_name']}.lists(), {ts_str(op['name'])}"
    key += ", query] as const" if op["query_type"] else "] as const"
    call = ", ".join([*op["call_args"], "{ signal }"])
    return {
        "name": op["name"],
        "params": ", ".join(params),
        "args": ", ".join(a for a, _ in _arg_types(op)),
        "key": key,
        "call": f"{op['name']}({call})",
        "kind": "detail" if path_args else "list",
        "op": op,
    }


def _write_view(op: dict[str, Any], res: dict[str, Any]) -> dict[str, Any]:
    path = op["path_params"]
    parts = [(arg, _param_ts(p)) for p, arg in path]
    if op["query_type"]:
        parts.append(("query", op["query_type"]["name"]))
    body_arg = "body" if op["body_type"] and "json: body" in op["init"] else "form"
    if op["body_type"]:
        parts.append((body_arg, op["body_type"]))
    invalidate = [f"{res['keys_name']}.lists()"]
    if not parts:
        variables, call = "", f"{op['name']}()"
    elif len(parts) == 1 and not path and not op["query_type"]:
        variables = f"{body_arg}: {op['body_type']}"
        call = f"{op['name']}({body_arg})"
    else:
        fields = "; ".join(
            f"{a}{'?' if a == 'query' and not op['query_required'] else ''}: {t}" for a, t in parts
        )
        variables = f"variables: {{ {fields} }}"
        call = f"{op['name']}(" + ", ".join(f"variables.{a}" for a in op["call_args"]) + ")"
        if path:
            invalidate.insert(0, f"{res['keys_name']}.detail(variables.{path[0][1]})")
    uses_vars = any("variables." in i for i in invalidate)
    return {
        "name": op["name"],
        "variables": variables,
        "call": call,
        "mutation_key": f"[...{res['keys_name']}.all, {ts_str(op['name'])}] as const",
        "invalidate": invalidate,
        "on_success_args": "_data, {}, _result, {{ client }}".format(
            "variables" if uses_vars else "_variables"
        ),
        "op": op,
    }


# --------------------------------------------------------------------------- ws.ts


def _shape(t: ApiType) -> tuple[Any, ...]:
    """A type's structure without its bounds, for comparing two fields' types."""
    if t.kind == "union":
        # Nullability is handled by the caller: `T | null` has the shape of `T`.
        members = sorted(_shape(i) for i in t.items if i.kind != "null")
        return members[0] if len(members) == 1 else ("union", tuple(members))
    return (t.kind, t.ref, t.values, tuple(_shape(i) for i in t.items))


def _nullable(t: ApiType) -> bool:
    return t.kind == "null" or (t.kind == "union" and any(i.kind == "null" for i in t.items))


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


def _socket_views(
    endpoints: Endpoints, types: Types, resources: list[dict[str, Any]], module: Scope
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    sockets: list[dict[str, Any]] = []
    appliers: dict[str, dict[str, Any]] = {}
    reads = [r for res in resources for r in res["reads"] if r["kind"] == "detail"]
    for ws in endpoints.websockets:
        local = Scope(set(ARG_RESERVED))
        args = {p.name: _claim(local, camel(p.name)) for p in ws.parameters}
        messages: list[dict[str, Any]] = []
        for key in ws.messages:
            ref = endpoints.cls(key)
            assert ref is not None
            model = types.model_for(ref, "serialization")
            if model is None:
                raise RenderError(
                    f"WebSocket {ws.path} sends {ref.python_name}, which is not among the API "
                    "models: add its module to 'api_modules'"
                )
            ts_name = types.ts(_ref(key))
            applies = _applies(model, reads, types)
            if applies and ts_name not in appliers:
                appliers[ts_name] = {
                    "name": _claim(module, "apply" + ts_name),
                    "type": ts_name,
                    "applies": applies,
                }
            messages.append(
                {"type": ts_name, "zod": types.zod(_ref(key)), "apply": appliers.get(ts_name)}
            )
        name = _claim(module, "subscribe" + pascal_case(ws.name))
        query = [p for p in ws.parameters if p.location == "query"]
        sockets.append(
            {
                "name": name,
                "message_type": _claim(module, pascal_case(ws.name) + "Message"),
                "params_type": _claim(module, pascal_case(ws.name) + "Params"),
                "doc": [*doc_lines(ws.description), "", f"`WebSocket {ws.path}`"],
                "params": [
                    {
                        "key": args[p.name],
                        "type": types.ts(p.type, "validation")
                        + ("" if p.required else " | undefined"),
                        "optional": not p.required,
                        "doc": doc_lines(p.description),
                    }
                    for p in ws.parameters
                ],
                "path": _path_expr(
                    ws.path, {p.name: "params." + args[p.name] for p in ws.parameters}
                ),
                "query": [(ts_key(p.name), "params." + args[p.name]) for p in query],
                "messages": messages,
                "union": " | ".join(m["type"] for m in messages) or "unknown",
                "validator": messages[0]["zod"]
                if len(messages) == 1
                else (
                    "z.union([" + ", ".join(m["zod"] for m in messages) + "])"
                    if messages
                    else "z.unknown()"
                ),
                "single": messages[0] if len(messages) == 1 else None,
            }
        )
    if any(len(s["messages"]) != 1 for s in sockets):
        types.uses_z = True
    return sockets, list(appliers.values())


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


# --------------------------------------------------------------------------- FastAPI view


def fastapi_view(endpoints: Endpoints, api: ApiModels, imports: Imports) -> dict[str, Any]:
    """The view model of the client, queries and sockets of a FastAPI app."""
    names = api_type_names(api)
    types = Types(endpoints, api, names)
    module = Scope(set(CLIENT_NAMES) | set(names.values()) | {"z" + n for n in names.values()})
    ops = [_operation_view(op, types, module) for op in endpoints.operations]
    resources = _resource_views(ops, types)
    ws_module = Scope(
        set(names.values()) | {"z" + n for n in names.values()} | {"getClientConfig", "z"}
    )
    for res in resources:
        ws_module.taken.update({res["keys_name"], res["queries"]})
    client_types = (set(types.type_imports), set(types.zod_imports), types.uses_z)
    types.type_imports.clear()
    types.zod_imports.clear()
    sockets, appliers = _socket_views(endpoints, types, resources, ws_module)
    headers = sorted({h for op in ops for h in op["headers"]})
    model = {
        "mode": "fastapi",
        "title": endpoints.title,
        "api_spec": imports.typescript(1, "api"),
        "zod_spec": imports.typescript(1, "zod"),
        "operations": ops,
        "type_imports": sorted(client_types[0]),
        "zod_imports": sorted(client_types[1]),
        "uses_z": client_types[2],
        "resources": resources,
        "query_type_imports": sorted(
            {o["query_type"]["name"] for o in ops if o["query_type"]}
            | {o["form_type"]["name"] for o in ops if o["form_type"]}
        ),
        "query_api_imports": sorted(_query_api_imports(ops)),
        "sockets": sockets,
        "appliers": appliers,
        "ws_type_imports": sorted(types.type_imports),
        "ws_zod_imports": sorted(types.zod_imports),
        "ws_uses_z": types.uses_z and any(len(s["messages"]) != 1 for s in sockets),
    }
    for res in resources:
        for read in res["reads"]:
            read["queries"], read["keys_name"] = res["queries"], res["keys_name"]
    model["ws_queries"] = sorted({a["read"]["queries"] for ap in appliers for a in ap["applies"]})
    model["ws_keys"] = sorted({a["read"]["keys_name"] for ap in appliers for a in ap["applies"]})
    model["scaffold"] = _fastapi_scaffold(model, types, imports, headers)
    model["database_spec_root"] = imports.typescript(0, "database")
    return model


def _query_api_imports(ops: list[dict[str, Any]]) -> set[str]:
    """api.ts types that queries.ts names in mutation variables (JSON bodies)."""
    found: set[str] = set()
    for op in ops:
        body = op["body_type"]
        if body and op["form_type"] is None:
            found.update(w for w in _type_names(body))
    return found


def _type_names(ts: str) -> Iterator[str]:
    for word in words(ts.replace("<", " ").replace(">", " ").replace("|", " ")):
        if word[:1].isupper() and word not in ("Blob", "Record"):
            yield word


# --------------------------------------------------------------------------- scaffold


def _fastapi_scaffold(
    model: dict[str, Any], types: Types, imports: Imports, headers: list[str]
) -> dict[str, Any]:
    resources = []
    for res in model["resources"]:
        lists = [r for r in res["reads"] if r["kind"] == "list"]
        details = [
            r for r in res["reads"] if r["kind"] == "detail" and len(r["op"]["path_params"]) == 1
        ]
        details.sort(key=lambda r: (not r["op"]["op"].path.endswith("}"), len(r["op"]["op"].path)))
        detail = _detail_route(res, details[0], types, imports) if details else None
        listing = _list_route(res, lists[0], types, imports, detail) if lists else None
        if listing or detail:
            resources.append({"title": _title(res["tag"]), "list": listing, "detail": detail})
    return {"resources": resources, "headers": headers, "title": model["title"]}


def _title(tag: str) -> str:
    text = " ".join(words(tag)) or "items"
    return text[:1].upper() + text[1:]


def _segments(path: str) -> list[str]:
    """File-route folder names for the literal segments of an API path."""
    out = []
    for seg in path.split("/"):
        if not seg or seg.startswith("{"):
            continue
        clean = "".join(c for c in seg if c.isascii() and (c.isalnum() or c == "-")).lstrip("-")
        if clean:
            out.append(clean)
    return out


def _search_field(p: Parameter, types: Types) -> dict[str, Any]:
    t = _non_null(p.type)
    if t.kind == "ref":
        zod = types._ref_zod(t.ref, "validation")
    elif t.kind == "integer":
        zod = "z.int()"
    elif t.kind in ("number", "string", "boolean"):
        zod = f"z.{t.kind}()"
    elif t.kind == "literal" and all(isinstance(v, str) for v in t.values):
        zod = "z.enum([" + ", ".join(_literal(v) for v in t.values) + "])"
    else:
        zod = "z.unknown()"
    if t.kind in ("integer", "number"):
        zod += "".join(
            f".{m}({v!r})" for m, v in (("min", t.minimum), ("max", t.maximum)) if v is not None
        )
    if p.has_default and p.default is not None:
        d = _literal(p.default)
        zod += f".default({d}).catch({d})"
    elif not p.required:
        zod += ".optional().catch(undefined)"
    return {"key": ts_key(p.name), "zod": zod, "name": p.name}


def _list_route(
    res: dict[str, Any], read: dict[str, Any], types: Types, imports: Imports, detail: Any
) -> dict[str, Any]:
    op = read["op"]
    segs = _segments(op["op"].path) or [camel(res["tag"])]
    depth = 2 + len(segs)
    types.zod_imports.clear()
    search = [_search_field(p, types) for p in op["query_params"]]
    page = next((s for s in search if s["name"] == "page" and s["zod"].startswith("z.int()")), None)
    items = _list_items(op, types, detail)
    return {
        "template": "routes/list.tsx.j2",
        "file": "routes/_authenticated/" + "/".join(segs) + "/index.tsx",
        "route_id": "/_authenticated/" + "/".join(segs) + "/",
        "full_path": "/" + "/".join(segs),
        "title": _title(res["tag"]),
        "component": pascal_case(res["tag"]) + "ListPage",
        "queries": res["queries"],
        "factory": read["prop"],
        "queries_spec": imports.own(depth, "api/queries"),
        "zod_spec": imports.typescript(depth, "zod"),
        "zod_imports": sorted(types.zod_imports),
        "search": search,
        "has_search": bool(search),
        "page": page is not None,
        "items": items,
        "detail": detail,
    }


def _list_items(op: dict[str, Any], types: Types, detail: Any) -> dict[str, Any] | None:
    """How the list page reaches its rows and links them to the detail page, when it can."""
    response = op["op"].response.type
    if response is None or response.kind != "ref" or detail is None:
        return None
    ref = types.endpoints.cls(response.ref)
    model = types.model_for(ref, "serialization") if ref else None
    if model is None or ref is None:
        return None
    items_field = next((f for f in model.fields if f.type.kind == "array"), None)
    if items_field is None:
        return None
    item_type = items_field.type.items[0]
    if item_type.kind == "param" and ref.args:
        index = model.type_params.index(item_type.ref) if item_type.ref in model.type_params else 0
        item_ref = types.endpoints.cls(ref.args[index])
        item = types.model_for(item_ref, "serialization") if item_ref else None
    elif item_type.kind == "ref":
        item = types.api.model(item_type.ref)
    else:
        item = None
    if item is None:
        return None
    by_name = {f.name: f for f in item.fields}
    id_field = by_name.get(detail["api_param"]) or by_name.get("id")
    if id_field is None or id_field.type.kind not in ("string", "integer") or not id_field.required:
        return None
    label = next(
        (by_name[n] for n in LABEL_FIELDS if n in by_name and by_name[n].type.kind == "string"),
        id_field,
    )
    return {
        "field": member("data", items_field.name),
        "id": member("item", id_field.name),
        "label": member("item", label.name),
        "param_value": member("item", id_field.name)
        if id_field.type.kind == "string"
        else f"String({member('item', id_field.name)})",
    }


def _detail_route(
    res: dict[str, Any], read: dict[str, Any], types: Types, imports: Imports
) -> dict[str, Any]:
    op = read["op"]
    param, _arg = op["path_params"][0]
    segs = _segments(op["op"].path) or [camel(res["tag"])]
    route_param = camel(param.name)
    depth = 2 + len(segs)
    numeric = _param_ts(param) == "number"
    return {
        "template": "routes/detail.tsx.j2",
        "file": "routes/_authenticated/" + "/".join(segs) + f"/${route_param}.tsx",
        "route_id": "/_authenticated/" + "/".join(segs) + f"/${route_param}",
        "full_path": "/" + "/".join(segs) + f"/${route_param}",
        "title": _title(res["tag"]),
        "component": pascal_case(res["tag"]) + "DetailPage",
        "queries": res["queries"],
        "factory": read["prop"],
        "queries_spec": imports.own(depth, "api/queries"),
        "client_spec": imports.own(depth, "api/client"),
        "param": route_param,
        "api_param": param.name,
        "value": f"Number({route_param})" if numeric else route_param,
    }


def scaffold_files(model: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(path under the target folder, template context) of every scaffolded file."""
    scaffold = model["scaffold"]
    lists = [r["list"] for r in scaffold["resources"] if r["list"]]
    common = {
        "lists": lists,
        "headers": scaffold["headers"],
        "title": scaffold["title"],
        "mode": model["mode"],
    }
    database = model.get("database_spec_root", "")
    yield "routes/__root.tsx", {**common, "template": "routes/__root.tsx.j2"}
    yield "routes/_authenticated.tsx", {**common, "template": "routes/_authenticated.tsx.j2"}
    yield "routes/login.tsx", {**common, "template": "routes/login.tsx.j2"}
    yield "supabase.ts", {**common, "template": "supabase.ts.j2", "database_spec": database}
    yield "router.tsx", {**common, "template": "router.tsx.j2"}
    for res in scaffold["resources"]:
        for route in (res["list"], res["detail"]):
            if route is not None:
                yield route["file"], route


def supabase_view(catalog: Any, config: Any, imports: Imports) -> dict[str, Any]:
    """The view model of supabase-js table queries (no FastAPI app configured)."""
    from schemafirst.render.tanstack_supabase import supabase_view as build

    return build(catalog, config, imports)
