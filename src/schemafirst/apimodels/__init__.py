"""The API models: what a project's Pydantic API schemas send and accept.

The public names live here; the package splits them by job:

- :mod:`~schemafirst.apimodels.ir`: the IR dataclasses (``ApiModels`` and
  what it holds);
- :mod:`~schemafirst.apimodels.load`: :func:`load_api_models`, which imports
  the configured modules and collects their ``BaseModel`` and ``Enum``
  classes;
- :mod:`~schemafirst.apimodels.reader`: turning those classes into the IR
  through Pydantic's own JSON schema (response and request shapes).
"""

from __future__ import annotations

from schemafirst.apimodels.ir import (
    ApiEnum,
    ApiField,
    ApiModel,
    ApiModels,
    ApiType,
    Mode,
    Scalar,
    TypeKind,
)
from schemafirst.apimodels.load import import_configured, load_api_models, walk_annotation
from schemafirst.apimodels.reader import primary_mode

__all__ = [
    "ApiEnum",
    "ApiField",
    "ApiModel",
    "ApiModels",
    "ApiType",
    "Mode",
    "Scalar",
    "TypeKind",
    "import_configured",
    "load_api_models",
    "primary_mode",
    "walk_annotation",
]
