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

It also owns :func:`redact`, which every message and ``--debug`` traceback
passes through on its way out: URL and ``password=`` passwords, JWTs
(Supabase keys) and the secrets of :func:`env_secrets` become ``***``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping


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
# A JWT: Supabase's anon and service-role keys are ones ("eyJ" is base64 of '{"').
_JWT = re.compile(r"eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*")
# Environment variables that hold secrets a user may have exported next to ours.
SECRET_ENV_VARS = (
    "DATABASE_URL",
    "PGPASSWORD",
    "SUPABASE_SERVICE_ROLE_KEY",
    "SUPABASE_ANON_KEY",
    "SUPABASE_KEY",
    "SUPABASE_DB_PASSWORD",
)


def redact(text: str, *secrets: str | None) -> str:
    """Remove secrets from ``text``: URL passwords, ``password=``, JWTs and ``secrets``."""
    # Known secrets first: a pattern could cut one in two (a password with an
    # "@" ends the URL's user info early) and leave the rest unmatched.
    for secret in sorted(filter(None, secrets), key=len, reverse=True):
        text = text.replace(secret, "***")  # longest first: a URL before the password inside it
    text = _URL_PASSWORD.sub(lambda m: f"{m['pre']}***{m['at']}", text)
    text = _KW_PASSWORD.sub(lambda m: f"{m['pre']}***", text)
    return _JWT.sub("***", text)


def env_secrets(environ: Mapping[str, str]) -> list[str]:
    """The secrets of :data:`SECRET_ENV_VARS` set in ``environ``: keys, and URLs' passwords."""
    from urllib.parse import unquote, urlsplit

    found = []
    for name in SECRET_ENV_VARS:
        value = environ.get(name)
        if not value:
            continue
        if "://" not in value:
            found.append(value)
            continue
        try:
            password = urlsplit(value).password
        except ValueError:
            continue  # not a URL after all; the patterns above still apply
        if password:
            found += [password, unquote(password)]
    return found
