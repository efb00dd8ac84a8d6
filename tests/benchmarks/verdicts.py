"""Issue 9's targets, judged from one run's results: measured value and met / not met.

Each rule reads only the results JSON; a target whose inputs were not
measured says so instead of passing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import report

Results = dict[str, Any]
STATEMENT_BUDGET = 15
LIVE_KEYS = ("sqlalchemy/live", "pydantic/live", "typescript/live", "tanstack/live", "all/live")


def _get(results: Results, n: int, key: str) -> dict[str, Any] | None:
    size = results.get("sizes", {}).get(str(n))
    entry = size["tools"].get(key) if size else None
    return entry if entry and entry.get("seconds") is not None else None


def _verdict(ok: bool) -> str:
    return "met" if ok else "**not met**"


def speed(results: Results) -> list[str]:
    ours, peer = _get(results, 1000, "all/live"), _get(results, 1000, "sqlacodegen")
    target = "all four targets at N=1,000 from a live database ≤ 1/5 of sqlacodegen's time"
    if not ours or not peer:
        return [target, "not measured at N=1,000", "—"]
    ratio = peer["seconds"] / ours["seconds"]
    fmt = report.fmt_seconds
    measured = f"ours {fmt(ours['seconds'])}, sqlacodegen {fmt(peer['seconds'])}"
    return [target, f"{measured}: {ratio:.1f}× faster", _verdict(ratio >= 5)]


def statements(results: Results) -> list[str]:
    target = f"at most {STATEMENT_BUDGET} catalog statements whatever N"
    counts = [
        (int(n), e["statements"])
        for n, size in results.get("sizes", {}).items()
        for key in LIVE_KEYS
        if (e := size["tools"].get(key)) and e.get("statements")
    ]
    if not counts:
        return [target, "not measured", "—"]
    total = max(c["total"] for _, c in counts)
    queries = max(c["queries"] for _, c in counts)
    steady = len({(c["total"], c["queries"]) for _, c in counts}) == 1
    sizes = ", ".join(f"{n:,}" for n in sorted({n for n, _ in counts}))
    measured = (
        f"{total} statements, of which {queries} catalog queries (the rest: transaction "
        f"control and settings); {'the same' if steady else 'NOT the same'} at N = {sizes}"
    )
    if total <= STATEMENT_BUDGET and steady:
        return [target, measured, "met"]
    if queries <= STATEMENT_BUDGET and steady:
        return [target, measured, f"met for catalog queries; **not met** counting all {total}"]
    return [target, measured, "**not met**"]


def rss(results: Results) -> list[str]:
    ours, peer = _get(results, 1000, "all/live"), _get(results, 1000, "sqlacodegen")
    target = "peak RSS at N=1,000 (all four, live) ≤ sqlacodegen's"
    if not ours or not peer:
        return [target, "not measured at N=1,000", "—"]
    measured = f"ours {ours['rss_mb']:.0f} MB, sqlacodegen {peer['rss_mb']:.0f} MB"
    return [target, measured, _verdict(ours["rss_mb"] <= peer["rss_mb"])]


def startup(results: Results) -> list[str]:
    fixed = results.get("fixed", {})
    ours, typer = fixed.get("schemafirst --help"), fixed.get('python -c "import typer"')
    target = '`schemafirst --help` within 0.1 s of `python -c "import typer"`'
    if not ours or not typer or ours.get("seconds") is None or typer.get("seconds") is None:
        return [target, "not measured", "—"]
    delta = ours["seconds"] - typer["seconds"]
    fmt = report.fmt_seconds
    measured = f"{fmt(ours['seconds'])} vs {fmt(typer['seconds'])} ({delta * 1000:+.0f} ms)"
    return [target, measured, _verdict(delta <= 0.1)]


def offline(results: Results) -> list[str]:
    entry = results.get("fixed", {}).get("schemafirst check --offline (example)")
    target = "`check --offline` on the example < 0.5 s"
    if not entry or entry.get("seconds") is None:
        return [target, "not measured", "—"]
    return [target, report.fmt_seconds(entry["seconds"]), _verdict(entry["seconds"] < 0.5)]


def linear(results: Results) -> list[str]:
    """Linear growth: the per-table cost of the last stretch vs the stretch before it."""
    target = "time grows linearly with N up to 10,000 (all four, live)"
    points = report.series(results, "all/live")
    line = report.fit(points)
    if line is None:
        return [target, "fewer than two sizes measured", "—"]
    slope, _intercept, r2 = line
    measured = f"{slope * 1000:.2f} ms per table, R² {r2:.4f}"
    if points[-1][0] < 10000 or len(points) < 3:
        return [target, f"{measured} (up to N={points[-1][0]:,})", "not measured at N=10,000"]
    (n0, t0), (n1, t1), (n2, t2) = points[-3:]
    before, last = (t1 - t0) / (n1 - n0), (t2 - t1) / (n2 - n1)
    measured += (
        f"; per table {before * 1000:.2f} ms from {n0:,} to {n1:,}, "
        f"{last * 1000:.2f} ms from {n1:,} to {n2:,}"
    )
    # Linear when a table costs no more than 1.5x as much in the last stretch
    # as in the one before (a quadratic step would cost ~10x there).
    return [target, measured, _verdict(last <= 1.5 * (before if before > 0 else slope))]


def imports(results: Results) -> list[str]:
    target = "generated Python at N=1,000 imports in under 2 s"
    size = results.get("sizes", {}).get("1000", {})
    entry = size.get("imports", {}).get("ours") if size else None
    if not entry or entry.get("seconds") is None:
        return [target, "not measured", "—"]
    return [target, report.fmt_seconds(entry["seconds"]), _verdict(entry["seconds"] < 2.0)]


RULES: tuple[Callable[[Results], list[str]], ...] = (
    speed, statements, rss, startup, offline, linear, imports,
)  # fmt: skip


def rows(results: Results) -> list[list[str]]:
    """One row per target: [target, measured, verdict]."""
    return [rule(results) for rule in RULES]
