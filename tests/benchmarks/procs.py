"""Timing a tool as a whole process: wall time, peak RSS, and the SQL statements it sent.

:func:`run_once` starts a command, reaps it with ``os.wait4`` and keeps that
child's own ``ru_maxrss`` (``getrusage(RUSAGE_CHILDREN)`` would mix every
child the harness ever had). On Linux it is the peak of the largest single
process in the child's tree (the child and the descendants it waited for),
not a sum: a Python CLI that runs Node counts as the larger of the two.

:func:`count_statements` reads a Postgres log written under
``log_statement = 'all'``: one ``statement:`` or ``execute …:`` line per
statement the server received, split into transaction control and settings
(``BEGIN``, ``SAVEPOINT``, ``SET``, ``set_config(...)``) and the rest, which
are the queries that read the catalog.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

_LOGGED = re.compile(r"LOG:  (?:statement|execute [^:]*): (.*)$", re.M)
_CONTROL = re.compile(
    r"\s*(?:(?:begin|commit|rollback|savepoint|release|start\s+transaction|end|abort|set|reset"
    r"|show|discard|deallocate)\b|select\s+(?:pg_catalog\.)?set_config\s*\()",
    re.I,
)
_GRACE_S = 10.0


@dataclass(frozen=True)
class Statements:
    """Statements one run sent: all of them, and those that are not control or settings."""

    total: int
    queries: int


def count_statements(log_text: str) -> Statements:
    """Count the statements of a ``log_statement = 'all'`` log excerpt."""
    logged = _LOGGED.findall(log_text)
    return Statements(len(logged), sum(1 for text in logged if not _CONTROL.match(text)))


@dataclass(frozen=True)
class Run:
    """One process run."""

    seconds: float
    rss_mb: float
    returncode: int
    error: str = ""


# Runs the tool and reports its wall time and ru_maxrss. A separate, small
# process because Linux counts the RSS a process had before exec() into its
# ru_maxrss: spawned from the harness (~60 MB) every tool would seem at least
# that big; spawned from this launcher, the floor is the launcher's ~9 MB.
_LAUNCHER = """
import os, sys, time
start = time.perf_counter()
try:
    pid = os.posix_spawnp(sys.argv[2], sys.argv[2:], os.environ)
except OSError as exc:
    sys.stderr.write(f"cannot start {sys.argv[2]}: {exc.strerror}\\n")
    sys.exit(127)
_pid, status, usage = os.wait4(pid, 0)
elapsed = time.perf_counter() - start
with open(sys.argv[1], "w") as fh:
    fh.write(f"{elapsed} {usage.ru_maxrss}\\n")
code = os.waitstatus_to_exitcode(status)
sys.exit(code if code >= 0 else 128 - code)
"""


def run_once(
    argv: Sequence[str],
    *,
    cwd: Path,
    stdout: Path | None = None,
    timeout: float = 600.0,
    ok_codes: tuple[int, ...] = (0,),
) -> Run:
    """Run ``argv`` to completion; ``stdout`` keeps what it printed (else it is dropped)."""
    with contextlib.ExitStack() as stack:
        out = stack.enter_context(stdout.open("wb")) if stdout else subprocess.DEVNULL
        err = stack.enter_context(tempfile.TemporaryFile())
        folder = stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-run-"))
        report = Path(folder) / "usage"
        launcher = [sys.executable, "-I", "-S", "-c", _LAUNCHER, str(report), *argv]
        # A session of its own, so a timeout can stop the whole tree.
        proc = subprocess.Popen(launcher, cwd=cwd, stdin=subprocess.DEVNULL, stdout=out,
                                stderr=err, start_new_session=True)  # fmt: skip
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            _stop_group(proc)
            return Run(timeout, 0.0, -1, f"timed out after {timeout:g} s")
        err.seek(0)
        stderr = err.read().decode(errors="replace")
        if not report.exists():
            return Run(0.0, 0.0, proc.returncode, _last_line(stderr, proc.returncode))
        seconds, maxrss = report.read_text().split()
    run = Run(float(seconds), int(maxrss) / 1024, proc.returncode)  # ru_maxrss is KiB on Linux
    if proc.returncode not in ok_codes:
        return dataclasses.replace(run, error=_last_line(stderr, proc.returncode))
    return run


def _stop_group(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM the process group (our CLI then stops its own Postgres), SIGKILL if it lingers."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(_GRACE_S)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def _last_line(stderr: str, code: int) -> str:
    lines = [ln.strip() for ln in stderr.splitlines() if ln.strip()]
    return f"exit {code}: {lines[-1][:200]}" if lines else f"exit {code}"


@dataclass
class Measurement:
    """A tool measured: median wall time of the timed runs, their peak RSS, statements sent."""

    seconds: float | None = None
    rss_mb: float | None = None
    runs: list[float] = field(default_factory=list)
    statements: Statements | None = None
    error: str = ""


def measure(
    run: Callable[[], Run],
    *,
    runs: int,
    warmup_hook: Callable[[Callable[[], Run]], tuple[Run, Statements | None]] | None = None,
    check: Callable[[], str] | None = None,
) -> Measurement:
    """One warm-up (through ``warmup_hook``, which may count statements), then ``runs`` runs.

    A failing run ends the measurement with its one-line reason; ``check``
    inspects what the warm-up wrote and returns a reason when it is unusable.
    """
    first, statements = warmup_hook(run) if warmup_hook else (run(), None)
    if first.error:
        return Measurement(error=first.error)
    reason = check() if check else ""
    if reason:
        return Measurement(error=reason)
    timed = []
    for _ in range(runs):
        result = run()
        if result.error:
            return Measurement(error=result.error, statements=statements)
        timed.append(result)
    return Measurement(
        seconds=statistics.median(r.seconds for r in timed),
        rss_mb=max(r.rss_mb for r in timed),
        runs=[round(r.seconds, 4) for r in timed],
        statements=statements,
    )
