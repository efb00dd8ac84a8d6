"""The TanStack target without a FastAPI app: supabase-js table queries typed by ``Database``.

Per table (and view) of the catalog: a paginated, filterable list; for a
table with a primary key also get, update and delete by key; for an
insertable table an insert. Row types are aliases into the generated
``Database`` (``Database["public"]["Tables"]["videos"]["Row"]``, less the
computed fields ``select("*")`` does not return), never copies. The view
model has the shape of the FastAPI one, so ``queries.ts`` and the scaffolded
routes share their templates.

Owns :func:`supabase_view`: the client, queries and Realtime parts and the
pages of each table (on :func:`~schemafirst.render.tanstack_routes.page_route`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from schemafirst.naming import Scope, pascal_case
from schemafirst.render.base import ts_str
from schemafirst.render.tanstack_routes import (
    LABEL_FIELDS,
    RouteFolders,
    page_route,
    page_title,
    route_param,
    route_segment,
)
from schemafirst.render.tanstack_syntax import Imports, camel_stem, claim, member
from schemafirst.render.typescript_syntax import doc_lines, ts_key

if TYPE_CHECKING:
    from schemafirst.config import Config
    from schemafirst.ir import Catalog, Column, Table

CLIENT_NAMES = frozenset(
    {"ApiError", "Client", "ListOptions", "ListResult", "configureClient", "getClient"}
    | {"isApiError", "fail"}
)
_NUMERIC = frozenset({"int2", "int4", "int8", "float4", "float8", "numeric"})
# supabase-js lists are paginated by the client's ListOptions.
_SEARCH = (
    {"key": "page", "zod": "z.int().min(1).default(1).catch(1)", "name": "page"},
    {
        "key": "pageSize",
        "zod": "z.int().min(1).max(1000).default(20).catch(20)",
        "name": "pageSize",
    },
)


def _is_number(col: Column) -> bool:
    return col.type.name in _NUMERIC and not col.type.is_array


def supabase_view(catalog: Catalog, config: Config, imports: Imports) -> dict[str, Any]:
    """The view model of the supabase-js client, queries and Realtime subscriptions."""
    from schemafirst.naming import class_name

    module = Scope(set(CLIENT_NAMES))
    tables = []
    for table in catalog.tables:
        if table.schema not in config.schemas:
            continue
        singular = class_name(catalog, config, table.schema, table.name)
        tables.append(_table_view(table, singular, module))
    resources = [_resource(t, module) for t in tables]
    for res, t in zip(resources, tables, strict=True):
        t["keys_name"] = res["keys_name"]
        t["queries"] = res["queries"]
    model: dict[str, Any] = {
        "mode": "supabase",
        "title": "",
        "database_spec": imports.typescript(1, "database"),
        "database_spec_root": imports.typescript(0, "database"),
        "tables": tables,
        "operations": [{"name": n} for t in tables for n in t["functions"]],
        "query_type_imports": sorted({"ListOptions"} | {n for t in tables for n in _used_types(t)}),
        "query_api_imports": [],
        "api_spec": "",
        "resources": resources,
        "realtime": [t for t in tables if t["kind"] == "table"],
    }
    model["scaffold"] = _scaffold(tables, resources, imports)
    return model


def _table_view(table: Table, singular: str, module: Scope) -> dict[str, Any]:
    plural = pascal_case(table.name)
    section = "Tables" if table.kind in ("table", "partitioned_table", "foreign_table") else "Views"
    base = f"Database[{ts_str(table.schema)}][{ts_str(section)}][{ts_str(table.name)}]"
    pk = list(table.primary_key.columns) if table.primary_key and section == "Tables" else []
    writable = section == "Tables"
    names = {
        "list_fn": claim(module, "list" + plural),
        "get_fn": claim(module, "get" + singular) if pk else None,
        "insert_fn": claim(module, "insert" + singular) if writable else None,
        "update_fn": claim(module, "update" + singular) if pk and writable else None,
        "delete_fn": claim(module, "delete" + singular) if pk and writable else None,
    }
    row = claim(module, singular + "Row")
    key_cols = [table.column(c) for c in pk]
    return {
        "schema": ts_str(table.schema),
        "name": ts_str(table.name),
        "tag": table.name,
        # The query-key root: schema-qualified outside public, so same-named
        # tables in two schemas never share cached data or invalidations.
        "key_root": table.name if table.schema == "public" else f"{table.schema}.{table.name}",
        "kind": "table" if section == "Tables" else "view",
        "doc": doc_lines(table.comment, f"`{table.schema}.{table.name}`"),
        "base": base,
        "row": row,
        "insert_type": claim(module, singular + "Insert") if writable else None,
        "update_type": claim(module, singular + "Update") if writable else None,
        "key_type": f"Pick<{row}, " + " | ".join(ts_str(c) for c in pk) + ">" if pk else None,
        "pk": pk,
        "pk_number": bool(key_cols) and _is_number(key_cols[0]),
        "names": names,
        "functions": [n for n in names.values() if n],
        "label": next(
            (
                c
                for c in LABEL_FIELDS
                for col in table.columns
                if col.name == c and col.type.name in ("text", "varchar") and not col.nullable
            ),
            None,
        ),
        "channel": ts_str(f"schemafirst:{table.schema}.{table.name}"),
        "realtime_name": claim(module, "subscribe" + plural),
    }


def _used_types(t: dict[str, Any]) -> list[str]:
    """The client types ``queries.ts`` uses for ``t``: an unused import fails ``noUnusedLocals``.

    A table without a primary key has an insert but no update mutation.
    """
    used = [t["row"]]
    if t["names"]["insert_fn"]:
        used.append(t["insert_type"])
    if t["names"]["update_fn"]:
        used.append(t["update_type"])
    return used


def _resource(t: dict[str, Any], module: Scope) -> dict[str, Any]:
    base = camel_stem(t["tag"])
    keys = claim(module, base + "Keys")
    names = t["names"]
    doc = {"doc": doc_lines(f"`{t['tag']}`")}
    list_key = f"[...{keys}.lists(), {ts_str(names['list_fn'])}, options] as const"
    list_params = f"options: ListOptions<{t['row']}> = {{}}"
    reads = [_read(names["list_fn"], "list", list_params, list_key, doc)]
    if names["get_fn"]:
        first = member("key", t["pk"][0]) if t["pk"] else ""
        get_key = f"[...{keys}.detail({first}), {ts_str(names['get_fn'])}, key] as const"
        reads.append(_read(names["get_fn"], "detail", f"key: {t['key_type']}", get_key, doc))
    return {
        "tag": t["tag"],
        "key": ts_str(t["key_root"]),
        "keys_name": keys,
        "queries": claim(module, base + "Queries"),
        "mutations": claim(module, base + "Mutations"),
        "reads": reads,
        "writes": _writes(t, keys, doc),
    }


def _read(
    fn: str, kind: Literal["list", "detail"], params: str, key: str, doc: dict[str, Any]
) -> dict[str, Any]:
    """A read of ``queries.ts``: the list (called with ``options``) or a get (``key``)."""
    args = "options" if kind == "list" else "key"
    return {
        "prop": fn,
        "name": fn,
        "params": params,
        "args": args,
        "key": key,
        "call": f"{fn}({args}, signal)",
        "kind": kind,
        "op": doc,
    }


def _writes(t: dict[str, Any], keys: str, doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The mutations of ``queries.ts``: insert, update and delete, where the table has them."""
    names = t["names"]
    writes = [
        (names["insert_fn"], f"row: {t['insert_type']}", "row", False),
        (
            names["update_fn"],
            f"variables: {{ key: {t['key_type']}; patch: {t['update_type']} }}",
            "variables.key, variables.patch",
            True,
        ),
        (names["delete_fn"], f"key: {t['key_type']}", "key", True),
    ]
    out = []
    for name, variables, call, by_key in writes:
        if not name:
            continue
        invalidate = [f"{keys}.lists()"]
        if by_key:
            arg = "variables.key" if call.startswith("variables") else "key"
            invalidate.insert(0, f"{keys}.detail({member(arg, t['pk'][0])})")
        uses = any("key" in i for i in invalidate[:1]) and by_key
        out.append(
            {
                "prop": name,
                "variables": variables,
                "call": f"{name}({call})",
                "mutation_key": f"[...{keys}.all, {ts_str(name)}] as const",
                "invalidate": invalidate,
                "on_success_args": "_data, {}, _result, {{ client }}".format(
                    ("variables" if call.startswith("variables") else "key")
                    if uses
                    else "_variables"
                ),
                "op": doc,
            }
        )
    return out


def _scaffold(
    tables: list[dict[str, Any]], resources: list[dict[str, Any]], imports: Imports
) -> dict[str, Any]:
    out = []
    folders = RouteFolders()
    for t, res in zip(tables, resources, strict=True):
        title = page_title(t["tag"])
        segs = folders.claim(t["base"], [route_segment(t["tag"]) or camel_stem(t["tag"])])
        detail = _detail_route(t, res, title, segs, imports)
        listing = {
            **_page("list", t, res, title, segs, None, imports),
            "zod_spec": "",
            "zod_imports": [],
            "search": list(_SEARCH),
            "has_search": True,
            "page": True,
            "items": _list_items(t) if detail else None,
            "detail": detail,
        }
        out.append({"title": title, "list": listing, "detail": detail})
    return {"resources": out, "headers": [], "title": ""}


def _page(
    page: Literal["list", "detail"],
    t: dict[str, Any],
    res: dict[str, Any],
    title: str,
    segs: list[str],
    param: str | None,
    imports: Imports,
) -> dict[str, Any]:
    """:func:`page_route` of a table's list or get function, in the folder ``segs``."""
    return page_route(
        page,
        segs,
        param,
        tag=t["tag"],
        title=title,
        queries=res["queries"],
        factory=t["names"]["list_fn" if page == "list" else "get_fn"],
        imports=imports,
    )


def _detail_route(
    t: dict[str, Any], res: dict[str, Any], title: str, segs: list[str], imports: Imports
) -> dict[str, Any] | None:
    """The detail page of a table with a get function and a single-column key."""
    if not t["names"]["get_fn"] or len(t["pk"]) != 1:
        return None
    pk = t["pk"][0]
    param = route_param(pk, f"{t['tag']}_{pk}") if pk != "id" else route_param(f"{t['tag']}_id")
    value = f"Number({param})" if t["pk_number"] else param
    return {
        **_page("detail", t, res, title, segs, param, imports),
        "client_spec": imports.own(3, "api/client"),
        "param": param,
        "value": f"{{ {ts_key(t['pk'][0])}: {value} }}",
    }


def _list_items(t: dict[str, Any]) -> dict[str, Any] | None:
    """How a list page links its rows to the detail page (by the single-column key)."""
    pk = t["pk"][0]
    if not pk:
        return None
    item_id = member("item", pk)
    return {
        "field": "data.items",
        "id": item_id,
        "label": member("item", t["label"]) if t["label"] else item_id,
        "param_value": f"String({item_id})" if t["pk_number"] else item_id,
    }
