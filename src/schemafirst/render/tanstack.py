"""The TanStack target: a typed API client, TanStack Query options, Router route stubs.

Generated (rewritten on every run), under the target folder:

- ``api/client.ts``: one typed function per operation of the FastAPI app
  (``fastapi_app``), or, without an app, supabase-js table queries typed by
  ``Database``; a configurable base URL, a token hook, a typed ``ApiError``
  and optional zod validation of responses;
- ``api/queries.ts``: per resource a query-key factory, ``queryOptions`` for
  each read and ``mutationOptions`` for each write, whose invalidations
  follow from the keys;
- ``api/ws.ts``: typed WebSocket subscriptions (Supabase Realtime without an
  app) that write each message into the cached query it matches.

Scaffolded once, then owned by the user: ``routes/__root.tsx``,
``routes/_authenticated.tsx``, ``routes/login.tsx``, a list and a detail
route per resource, ``supabase.ts`` and ``router.tsx``.

Types are never declared twice: request and response types are imported
from ``api.ts``/``database.ts`` and validators from ``zod.ts`` (the
``typescript`` target), by the names that target gives each Pydantic class.
This module only picks the mode and renders; the view models are built in
:mod:`~schemafirst.render.tanstack_fastapi` (with ``tanstack_types`` and
``tanstack_sockets``) or :mod:`~schemafirst.render.tanstack_supabase`, the
scaffolded routes in :mod:`~schemafirst.render.tanstack_routes`, on the
syntax helpers of :mod:`~schemafirst.render.tanstack_syntax`.
"""

from __future__ import annotations

import os
from pathlib import PurePosixPath
from typing import Any

from schemafirst.errors import ConfigError, RenderError
from schemafirst.render.base import Plan, RenderedFile, RenderInputs, render_template, with_header
from schemafirst.render.tanstack_fastapi import fastapi_view
from schemafirst.render.tanstack_routes import scaffold_files
from schemafirst.render.tanstack_supabase import supabase_view
from schemafirst.render.tanstack_syntax import Imports

NAME = "tanstack"
NEEDS_API = True

GENERATED = ("api/client.ts", "api/queries.ts", "api/ws.ts")


def render(inputs: RenderInputs) -> Plan:
    """The TanStack files: generated client/queries/ws and scaffolded routes."""
    config = inputs.config
    folder = PurePosixPath(config.target_path(NAME))
    imports = _imports(config)
    endpoints = inputs.openapi  # loaded by the pipeline when fastapi_app is configured
    if endpoints is not None:
        if inputs.api is None:
            raise RenderError(
                "the tanstack target reads 'fastapi_app' types from the Pydantic API models: "
                "list their modules in 'api_modules'"
            )
        model = fastapi_view(endpoints, inputs.api, imports)
        mode = "fastapi"
    else:
        model = supabase_view(inputs.catalog, config, imports)
        mode = "supabase"
    user_dir = config.templates_dir
    plan: Plan = {}
    for name in GENERATED:
        text = render_template(f"tanstack/{mode}/{name}.j2", model, user_dir=user_dir)
        path = (folder / name).as_posix()
        plan[path] = RenderedFile(with_header(path, text))
    seen: dict[str, str] = {}
    for name, context in scaffold_files(model):
        path = (folder / name).as_posix()
        # Case-insensitive: Users/ and users/ are one folder on macOS and Windows.
        if seen.setdefault(path.casefold(), path) != path or path in plan:
            raise RenderError(
                f"the tanstack target would write '{path}' twice (as '{seen[path.casefold()]}'): "
                "rename one of the tables or tags it comes from"
            )
        text = render_template(f"tanstack/{context['template']}", context, user_dir=user_dir)
        plan[path] = RenderedFile(text, owner="scaffold")
    return plan


def _imports(config: Any) -> Imports:
    """Where the ``typescript`` target's files are, relative to this target's folder."""
    if "typescript" not in config.targets:
        raise ConfigError(
            "the tanstack target imports the types of the typescript target: "
            "enable typescript or disable tanstack"
        )
    ours = config.target_dir(NAME)
    theirs = config.target_dir("typescript")
    return Imports(ts_dir=PurePosixPath(os.path.relpath(theirs, ours)).as_posix())
