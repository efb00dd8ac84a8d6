"""The one exception tree of schemafirst.

Every error a user can cause is a :class:`SchemafirstError`; the CLI prints
its message as one sentence and exits with code 2. Anything else is a bug and
shows a traceback only under ``--debug``.

    SchemafirstError
    ├── ConfigError          bad [tool.schemafirst] / --config / option values
    ├── SourceError          the catalog could not be read
    │   ├── DatabaseError    unreachable or refusing database (password redacted)
    │   ├── MigrationError   a migration failed: file, line, Postgres message
    │   ├── EmbeddedError    the embedded Postgres could not start
    │   └── SnapshotError    unreadable or incompatible snapshot file
    ├── ApiModuleError       a Pydantic API module could not be imported or read
    ├── RenderError          a template failed or produced invalid output
    └── WriteError           an output file could not be written
"""

from __future__ import annotations

import re


class SchemafirstError(Exception):
    """Base of every error a user can cause; maps to exit code 2."""


class ConfigError(SchemafirstError):
    """The configuration or a command-line option is invalid."""


class SourceError(SchemafirstError):
    """The catalog could not be read from the chosen source."""


class DatabaseError(SourceError):
    """A live database could not be reached or read."""


class MigrationError(SourceError):
    """A migration file failed to apply."""


class EmbeddedError(SourceError):
    """The embedded Postgres server could not be started."""


class SnapshotError(SourceError):
    """A snapshot file is missing, malformed or of an unknown format."""


class ApiModuleError(SchemafirstError):
    """A configured Pydantic API module could not be imported or read."""


class RenderError(SchemafirstError):
    """A renderer or template failed."""


class WriteError(SchemafirstError):
    """An output file could not be written."""


# user:password@ in URLs, and password=... in libpq keyword strings.
_URL_PASSWORD = re.compile(r"(?P<pre>[a-z][a-z0-9+.-]*://[^:/@\s]*:)(?P<pw>[^@\s]*)(?P<at>@)", re.I)
_KW_PASSWORD = re.compile(r"(?P<pre>password\s*=\s*)(?P<pw>'(?:[^'\\]|\\.)*'|\S+)", re.I)


def redact(text: str, *secrets: str | None) -> str:
    """Remove passwords from ``text``: URL userinfo, ``password=`` and any ``secrets`` given."""
    text = _URL_PASSWORD.sub(lambda m: f"{m['pre']}***{m['at']}", text)
    text = _KW_PASSWORD.sub(lambda m: f"{m['pre']}***", text)
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return text
