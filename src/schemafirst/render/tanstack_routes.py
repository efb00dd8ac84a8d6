"""The scaffolded routes of the TanStack target: which files, and each one's context.

Owns :func:`scaffold_files` (the root, login and authenticated layouts,
``supabase.ts``, ``router.tsx`` and a list and a detail page per resource)
and what both modes' pages share: :func:`page_route` (a page's context),
:func:`page_title`, :func:`route_param` and :class:`RouteFolders`, which
gives each resource its own route folder. The
FastAPI mode's pages are derived here too (:func:`fastapi_scaffold`: the
list and detail reads of each tag, search params from the list's query
parameters); the Supabase mode derives its pages from its tables in
:mod:`~schemafirst.render.tanstack_supabase`. Scaffolds read only the
mode-independent ``scaffold`` part of a view model, so both modes share the
route templates.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from schemafirst.naming import Scope, pascal_case, words
from schemafirst.render.base import ts_literal
from schemafirst.render.tanstack_syntax import Imports, camel, camel_stem, member
from schemafirst.render.tanstack_types import non_null, param_ts
from schemafirst.render.typescript_syntax import ts_key

if TYPE_CHECKING:
    from schemafirst.openapi import Parameter
    from schemafirst.render.tanstack_types import Types

# Fields that label a row in a list page, in order of preference.
LABEL_FIELDS = ("title", "name", "label", "email")


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


def route_segment(text: str) -> str:
    """A file-route folder name from ``text``: its ASCII letters, digits and dashes."""
    return "".join(c for c in text if c.isascii() and (c.isalnum() or c == "-")).lstrip("-")


def page_title(text: str) -> str:
    """The heading of a resource's pages: ``video_jobs`` → ``Video jobs`` (plain text)."""
    title = " ".join(words(text)) or "items"
    return title[:1].upper() + title[1:]


def route_param(*texts: str) -> str:
    """The first of ``texts`` whose :func:`camel` name a route file keeps as its param name.

    ``tsr`` drops a trailing ``_`` from a segment (``$class_`` is ``$class``),
    so a reserved word renamed ``class_`` cannot be a path parameter. The name
    is also the route file's name, so it must be ASCII: file systems disagree
    on how to normalize ``é`` (macOS decomposes it), and the route tree would
    then name a file that is not there.
    """
    for text in texts:
        name = camel(text)
        if not name.endswith("_") and name.isascii():
            return name
    return "key"


@dataclass(slots=True)
class RouteFolders:
    """The folders of the resources' pages under ``_authenticated``, one resource each.

    Keyed case-insensitively (``Users`` and ``users`` are one folder on macOS
    and Windows); a folder another resource holds gets ``-2``, ``-3``... in
    claim order, and ``login`` is the login page's.
    """

    scope: Scope = field(default_factory=lambda: Scope({"login"}))
    claimed: dict[tuple[str, str], list[str]] = field(default_factory=dict)

    def claim(self, owner: str, segs: list[str]) -> list[str]:
        """``segs`` for ``owner``, or them with the last one numbered when another has them."""
        path = "/".join(segs)
        if (owner, path) not in self.claimed:
            name = self.scope.claim(path.lower(), sep="-")
            self.claimed[(owner, path)] = [*segs[:-1], segs[-1] + name[len(path) :]]
        return self.claimed[(owner, path)]


def page_route(
    page: Literal["list", "detail"],
    segs: list[str],
    param: str | None,
    *,
    tag: str,
    title: str,
    queries: str,
    factory: str,
    imports: Imports,
) -> dict[str, Any]:
    """The context every list (``param`` None) or detail page has, under ``_authenticated``."""
    folder = "/".join(segs)
    leaf = f"${param}" if param else ""
    return {
        "template": f"routes/{page}.tsx.j2",
        "file": f"routes/_authenticated/{folder}/{leaf or 'index'}.tsx",
        "route_id": f"/_authenticated/{folder}/{leaf}",
        "full_path": f"/{folder}/{leaf}" if leaf else f"/{folder}",
        "title": title,
        "component": pascal_case(tag) + ("ListPage" if page == "list" else "DetailPage"),
        "queries": queries,
        "factory": factory,
        "queries_spec": imports.own(2 + len(segs), "api/queries"),
    }


# --------------------------------------------------------------------------- FastAPI pages


def fastapi_scaffold(
    model: dict[str, Any], types: Types, imports: Imports, headers: list[str]
) -> dict[str, Any]:
    """The ``scaffold`` part of the FastAPI view model: a list and a detail page per tag."""
    resources = []
    folders = RouteFolders()
    for res in model["resources"]:
        lists = [r for r in res["reads"] if r["kind"] == "list"]
        details = [
            r for r in res["reads"] if r["kind"] == "detail" and len(r["op"]["path_params"]) == 1
        ]
        details.sort(key=lambda r: (not r["op"]["op"].path.endswith("}"), len(r["op"]["op"].path)))
        detail = _detail_route(res, details[0], imports, folders) if details else None
        listing = _list_route(res, lists[0], types, imports, detail, folders) if lists else None
        if listing or detail:
            resources.append({"title": page_title(res["tag"]), "list": listing, "detail": detail})
    return {"resources": resources, "headers": headers, "title": model["title"]}


def _segments(path: str) -> list[str]:
    """File-route folder names for the literal segments of an API path."""
    out = []
    for seg in path.split("/"):
        if not seg or seg.startswith("{"):
            continue
        clean = route_segment(seg)
        if clean:
            out.append(clean)
    return out


def _page(
    page: Literal["list", "detail"],
    segs: list[str],
    res: dict[str, Any],
    read: dict[str, Any],
    param: str | None,
    imports: Imports,
) -> dict[str, Any]:
    """:func:`page_route` of a read of the resource ``res``."""
    return page_route(
        page,
        segs,
        param,
        tag=res["tag"],
        title=page_title(res["tag"]),
        queries=res["queries"],
        factory=read["prop"],
        imports=imports,
    )


def _folders(res: dict[str, Any], read: dict[str, Any], folders: RouteFolders) -> list[str]:
    """A page's folders: the literal segments of the read's path, else the tag."""
    return folders.claim(res["tag"], _segments(read["op"]["op"].path) or [camel_stem(res["tag"])])


def _search_field(p: Parameter, types: Types) -> dict[str, Any]:
    t = non_null(p.type)
    if t.kind == "ref":
        zod = types.ref_zod(t.ref, "validation")
    elif t.kind == "integer":
        zod = "z.int()"
    elif t.kind in ("number", "string", "boolean"):
        zod = f"z.{t.kind}()"
    elif t.kind == "literal" and all(isinstance(v, str) for v in t.values):
        zod = "z.enum([" + ", ".join(ts_literal(v) for v in t.values) + "])"
    else:
        zod = "z.unknown()"
    if t.kind in ("integer", "number"):
        zod += "".join(
            f".{m}({v!r})" for m, v in (("min", t.minimum), ("max", t.maximum)) if v is not None
        )
    if p.has_default and p.default is not None:
        d = ts_literal(p.default)
        zod += f".default({d}).catch({d})"
    elif not p.required:
        zod += ".optional().catch(undefined)"
    return {"key": ts_key(p.name), "zod": zod, "name": p.name}


def _list_route(
    res: dict[str, Any],
    read: dict[str, Any],
    types: Types,
    imports: Imports,
    detail: Any,
    folders: RouteFolders,
) -> dict[str, Any]:
    segs = _folders(res, read, folders)
    route = _page("list", segs, res, read, None, imports)
    types.zod_imports.clear()
    search = [_search_field(p, types) for p in read["op"]["query_params"]]
    page = next((s for s in search if s["name"] == "page" and s["zod"].startswith("z.int()")), None)
    return {
        **route,
        "zod_spec": imports.typescript(2 + len(segs), "zod"),
        "zod_imports": sorted(types.zod_imports),
        "search": search,
        "has_search": bool(search),
        "page": page is not None,
        "items": _list_items(read["op"], types, detail),
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
    res: dict[str, Any], read: dict[str, Any], imports: Imports, folders: RouteFolders
) -> dict[str, Any]:
    param, _arg = read["op"]["path_params"][0]
    name = route_param(param.name, f"{res['tag']}_{param.name}")
    segs = _folders(res, read, folders)
    route = _page("detail", segs, res, read, name, imports)
    numeric = param_ts(param) == "number"
    return {
        **route,
        "client_spec": imports.own(2 + len(segs), "api/client"),
        "param": name,
        "api_param": param.name,
        "value": f"Number({name})" if numeric else name,
    }
