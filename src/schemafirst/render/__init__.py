"""The targets: one module per target, each exposing ``NAME``, ``NEEDS_API`` and ``render``.

Modules are imported only when their target is rendered, so a command that
renders one target does not pay for the others' imports.
"""

from __future__ import annotations

import importlib
from typing import Any

# Rendering order is this order; the plan itself is keyed by path.
MODULES = {
    "sqlalchemy": "schemafirst.render.sqlalchemy",
    "pydantic": "schemafirst.render.pydantic",
    "typescript": "schemafirst.render.typescript",
    "tanstack": "schemafirst.render.tanstack",
    "docs": "schemafirst.render.docs",
}


def load(name: str) -> Any:
    """The renderer module of ``name``."""
    return importlib.import_module(MODULES[name])
