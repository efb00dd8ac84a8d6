"""The view model of the TanStack target's FastAPI mode: ``client.ts`` and ``queries.ts``.

Owns :func:`fastapi_view`: from a FastAPI app's endpoint IR
(:mod:`schemafirst.openapi`) one typed function per operation (``client.ts``)
and, per tag, a query-key factory with ``queryOptions`` for each read and
``mutationOptions`` for each write (``queries.ts``). Types come from
:mod:`~schemafirst.render.tanstack_types`, the WebSocket part of the model
from :mod:`~schemafirst.render.tanstack_sockets` and the scaffolded routes
from :mod:`~schemafirst.render.tanstack_routes`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from schemafirst.naming import Scope, pascal_case, words
from schemafirst.render.base import ts_str
from schemafirst.render.tanstack_routes import fastapi_scaffold
from schemafirst.render.tanstack_sockets import ws_view
from schemafirst.render.tanstack_syntax import (
    ARG_RESERVED,
    Imports,
    camel,
    camel_stem,
    claim,
    path_expr,
)
from schemafirst.render.tanstack_types import Types, param_ts
from schemafirst.render.typescript_api import api_type_names
from schemafirst.render.typescript_syntax import doc_lines, ts_key

if TYPE_CHECKING:
    from schemafirst.apimodels import ApiModels
    from schemafirst.openapi import Body, Endpoints, Operation, Parameter

# Names client.ts declares itself; operation functions and types must not take them.
CLIENT_NAMES = frozenset(
    {"ApiError", "ClientConfig", "RequestOptions", "CallInit", "QueryValue", "ZodType", "z"}
    | {"configureClient", "getClientConfig", "isApiError", "request", "toFormData", "buildUrl"}
    | {"readBody", "describe"}
)
KEY_HELPERS = ("all", "lists", "details", "detail")


def fastapi_view(endpoints: Endpoints, api: ApiModels, imports: Imports) -> dict[str, Any]:
    """The view model of the client, queries and sockets of a FastAPI app."""
    names = api_type_names(api)
    types = Types(endpoints, api, names)
    module = Scope(set(CLIENT_NAMES) | set(names.values()) | {"z" + n for n in names.values()})
    ops = [_operation_view(op, types, module) for op in endpoints.operations]
    resources = _resource_views(ops, types)
    model = {
        "mode": "fastapi",
        "title": endpoints.title,
        "api_spec": imports.typescript(1, "api"),
        "zod_spec": imports.typescript(1, "zod"),
        "operations": ops,
        "type_imports": sorted(types.type_imports),
        "zod_imports": sorted(types.zod_imports),
        "uses_z": types.uses_z,
        "resources": resources,
        "query_type_imports": sorted(
            {o["query_type"]["name"] for o in ops if o["query_type"]}
            | {o["form_type"]["name"] for o in ops if o["form_type"]}
        ),
        "query_api_imports": sorted(_query_api_imports(ops)),
        "database_spec_root": imports.typescript(0, "database"),
    }
    # ws.ts records its own imports (`uses_z` carries over: ws.ts checks it again).
    types.type_imports.clear()
    types.zod_imports.clear()
    model.update(ws_view(endpoints, types, resources, names))
    headers = sorted({h for op in ops for h in op["headers"]})
    model["scaffold"] = fastapi_scaffold(model, types, imports, headers)
    return model


# --------------------------------------------------------------------------- client.ts


@dataclass(slots=True)
class _Call:
    """The pieces of one operation function: parameters, arguments when called, request init."""

    signature: list[str]
    args: list[str]
    init: list[str] = field(default_factory=lambda: ["...options"])


def _operation_view(op: Operation, types: Types, module: Scope) -> dict[str, Any]:
    name = claim(module, camel(op.operation_id))
    local = Scope(set(ARG_RESERVED))
    path_params = [p for p in op.parameters if p.location == "path"]
    query_params = tuple(p for p in op.parameters if p.location == "query")
    headers = [p.name for p in op.parameters if p.location == "header" and p.required]
    args = {p.name: claim(local, camel(p.name)) for p in path_params}
    call = _Call(
        signature=[f"{args[p.name]}: {types.ts(p.type, 'validation')}" for p in path_params],
        args=[args[p.name] for p in path_params],
    )
    query_type = _add_query(call, name, query_params, types, module)
    body_type, form_type = _add_body(call, name, op.body, types, module)
    call.signature.append("options: RequestOptions = {}")
    response = op.response.type
    return {
        "name": name,
        "op": op,
        "doc": _operation_doc(op, headers),
        "signature": ", ".join(call.signature),
        "result": "void" if response is None else types.ts(response),
        "method": ts_str(op.method),
        "path": path_expr(op.path, args),
        "init": "{ " + ", ".join(call.init) + " }",
        "validator": "undefined" if response is None else "() => " + types.zod(response),
        "query_type": query_type,
        "form_type": form_type,
        "path_params": [(p, args[p.name]) for p in path_params],
        "query_params": query_params,
        "query_required": any(p.required for p in query_params),
        "body_type": body_type,
        "call_args": call.args,
        "headers": headers,
    }


def _add_query(
    call: _Call, name: str, params: tuple[Parameter, ...], types: Types, module: Scope
) -> dict[str, Any] | None:
    """The operation's query type (``...Query``), passed as ``query``; None without one."""
    if not params:
        return None
    query_type: dict[str, Any] = {
        "name": claim(module, pascal_case(name) + "Query"),
        "props": [types.prop(ts_key(p.name), p) for p in params],
    }
    default = " = {}" if not any(p.required for p in params) else ""
    call.signature.append(f"query: {query_type['name']}{default}")
    call.args.append("query")
    call.init.append("query")
    return query_type


def _add_body(
    call: _Call, name: str, body: Body | None, types: Types, module: Scope
) -> tuple[str | None, dict[str, Any] | None]:
    """The body's type, passed as ``body`` (JSON) or ``form`` (a ``...Form`` type)."""
    if body is None:
        return None, None
    if body.type is not None:
        body_type = types.ts(body.type, "validation")
        call.signature.append(f"body: {body_type}" if body.required else f"body?: {body_type}")
        call.args.append("body")
        call.init.append("json: body")
        return body_type, None
    form_type: dict[str, Any] = {
        "name": claim(module, pascal_case(name) + "Form"),
        "props": [types.prop(ts_key(p.name), p) for p in body.fields],
    }
    call.signature.append(f"form: {form_type['name']}")
    call.args.append("form")
    call.init.append(
        "form: toFormData(form)"
        if body.media_type.startswith("multipart")
        else "form: new URLSearchParams(toFormData(form) as unknown as Record<string, string>)"
    )
    return form_type["name"], form_type


def _operation_doc(op: Operation, headers: list[str]) -> list[str]:
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
    return doc


# --------------------------------------------------------------------------- queries.ts


def _resource_views(ops: list[dict[str, Any]], types: Types) -> list[dict[str, Any]]:
    module = Scope({o["name"] for o in ops} | set(CLIENT_NAMES))
    by_tag: dict[str, list[dict[str, Any]]] = {}
    for op in ops:
        by_tag.setdefault(op["op"].tag, []).append(op)
    resources = []
    for tag, members in by_tag.items():
        base = camel_stem(tag)
        keys_scope = Scope(set(KEY_HELPERS))
        res: dict[str, Any] = {
            "tag": tag,
            "key": ts_str(tag),
            "keys_name": claim(module, base + "Keys"),
            "queries": claim(module, base + "Queries"),
            "mutations": claim(module, base + "Mutations"),
            "reads": [],
            "writes": [],
        }
        for op in members:
            is_read = op["op"].method == "GET"
            entry = _read_view(op, res) if is_read else _write_view(op, res)
            entry["prop"] = claim(keys_scope, op["name"])
            entry["prop_key"] = entry["prop"]
            res["reads" if is_read else "writes"].append(entry)
        resources.append(res)
    return resources


def _arg_types(op: dict[str, Any]) -> list[tuple[str, str]]:
    out = [(arg, param_ts(p)) for p, arg in op["path_params"]]
    if op["query_type"]:
        out.append(("query", op["query_type"]["name"]))
    return out


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
        # ws.ts names the factory of a read it updates.
        "queries": res["queries"],
        "keys_name": res["keys_name"],
    }


def _write_view(op: dict[str, Any], res: dict[str, Any]) -> dict[str, Any]:
    path = op["path_params"]
    parts = _arg_types(op)
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
