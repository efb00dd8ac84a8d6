"""The side-by-side benchmark: ours and the peers on one embedded Postgres, N = 3 … 10,000.

For each size N (``BENCH_SIZES``) the synthetic schema (:mod:`synth`) is
applied to a fresh database of one embedded Postgres, a snapshot and the
Pydantic module are written, and every tool (:mod:`tools`) is run once as a
warm-up (with ``log_statement = 'all'`` on that database, to count its
statements) and then ``BENCH_RUNS`` times (logging off). Results go to a JSON
file after every tool, so a crash loses one measurement, and
``BENCH_RESUME=1`` skips what that file already holds. The report
(:mod:`report`) is rewritten after every size.

Knobs (environment): ``BENCH_SIZES`` (default ``3,10,100,1000``),
``BENCH_RUNS`` (3), ``BENCH_TIMEOUT`` (seconds per run, 600), ``BENCH_RESUME``,
``BENCH_ONLY`` (comma-separated tool keys or prefixes), ``BENCH_PEERS`` (the
peer virtualenv), ``BENCH_RESULTS`` and ``BENCH_REPORT`` (output paths).
"""

from __future__ import annotations

import datetime
import importlib.util
import json
import os
import shutil
import sys
from pathlib import Path
from typing import Any

import procs
import psycopg
import report
import synth
import tools

from schemafirst.errors import redact
from schemafirst.introspect.embedded import EmbeddedPostgres

DEFAULT_SIZES = "3,10,100,1000"


def _env_list(name: str, default: str) -> list[str]:
    return [x.strip() for x in os.environ.get(name, default).split(",") if x.strip()]


class Bench:
    """One benchmark run: settings, the results file, and the measuring loop."""

    def __init__(self) -> None:
        try:
            sizes = _env_list("BENCH_SIZES", DEFAULT_SIZES)
            self.sizes = [int(x.replace("_", "")) for x in sizes]
            self.runs = max(3, int(os.environ.get("BENCH_RUNS", "3")))
            self.timeout = float(os.environ.get("BENCH_TIMEOUT", "600"))
        except ValueError:
            raise ValueError(
                "BENCH_SIZES must be comma-separated table counts (3,10,100), BENCH_RUNS a whole "
                "number and BENCH_TIMEOUT a number of seconds"
            ) from None
        self.only = _env_list("BENCH_ONLY", "")
        self.results_path = Path(
            os.environ.get("BENCH_RESULTS") or tools.ROOT / ".nox" / "bench-results.json"
        )
        self.report_path = Path(
            os.environ.get("BENCH_REPORT") or tools.ROOT / "docs" / "benchmarks.md"
        )
        self.work = self.results_path.parent / "work"
        resume = os.environ.get("BENCH_RESUME", "") not in ("", "0")
        self.results: dict[str, Any] = {"fixed": {}, "sizes": {}}
        if resume and self.results_path.exists():
            self.results = json.loads(self.results_path.read_text(encoding="utf-8"))

    def wanted(self, key: str) -> bool:
        return not self.only or any(key == o or key.startswith(o) for o in self.only)

    def save(self) -> None:
        self.results_path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(self.results, indent=1, sort_keys=True)
        self.results_path.write_text(text + "\n", encoding="utf-8")

    def run(self) -> Path:
        """Measure everything asked for and write the report; return the report's path."""
        with EmbeddedPostgres() as server, psycopg.connect(server.url, autocommit=True) as admin:
            self.results["meta"] = report.machine(admin, tools.peers_bin())
            self.save()
            self._fixed(server)
            for n in self.sizes:
                self._size(server, admin, n)
                report.write(self.results, self.report_path)
        report.write(self.results, self.report_path)
        return self.report_path

    def _fixed(self, server: EmbeddedPostgres) -> None:
        done = self.results.setdefault("fixed", {})
        for tool in tools.fixed(tools.ROOT):
            if self.wanted(tool.key) and not _ok(done.get(tool.key)):
                done[tool.key] = self._measure(tool, server, None, None)
                self.save()

    def _size(self, server: EmbeddedPostgres, admin: psycopg.Connection[Any], n: int) -> None:
        entry = self.results["sizes"].setdefault(str(n), {"tools": {}, "imports": {}})
        lazy = tools.Workspace(Path("/nonexistent"), "postgresql://placeholder")
        todo = [t for t in tools.peers(lazy) + tools.ours(lazy) if self.wanted(t.key)]
        imports = [k for k in ("ours", "sqlacodegen") if self.wanted(f"import:{k}")]
        if all(t.unavailable or _ok(entry["tools"].get(t.key)) for t in todo) and all(
            _ok(entry["imports"].get(k)) for k in imports
        ):
            return
        database = f"bench_n{n}"
        print(f"\n[bench] N={n:,}: preparing", flush=True)
        try:
            ws = _prepare(server, admin, database, self.work / f"n{n}", n)
        except (psycopg.Error, OSError) as exc:  # the next size may still work
            entry["error"] = f"preparing N={n:,} failed: {str(exc).strip().splitlines()[0]}"
            print(f"[bench]   {entry['error']}", flush=True)
            self.save()
            return
        entry.pop("error", None)
        entry["at"] = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
        for tool in tools.peers(ws) + tools.ours(ws):
            if not self.wanted(tool.key) or _ok(entry["tools"].get(tool.key)):
                continue
            entry["tools"][tool.key] = self._measure(tool, server, admin, database)
            self.save()
        self._imports(ws, entry, imports)
        admin.execute(f'drop database if exists "{database}" with (force)')
        shutil.rmtree(self.trash, ignore_errors=True)

    @property
    def trash(self) -> Path:
        return self.work / "trash"

    def _discard(self, folder: Path) -> None:
        """Clear the last run's output by moving it aside, deleted once the size is done.

        Deleting it here would bill the next run for the harness's own work: on
        these VMs' ext4 disks, creating files in space freed a moment ago is
        several times slower (a from-scratch ``generate`` of 2,000 files wrote
        in 1.6 s after an ``rm -rf`` of the last run's output, 0.3 s after a
        move aside), a cost only tools that write many files pay.
        """
        if folder.exists():
            self.trash.mkdir(parents=True, exist_ok=True)
            folder.rename(self.trash / f"{len(list(self.trash.iterdir()))}")

    def _measure(
        self,
        tool: tools.Tool,
        server: EmbeddedPostgres,
        admin: psycopg.Connection[Any] | None,
        database: str | None,
    ) -> dict[str, Any]:
        if tool.unavailable:
            print(f"[bench]   {tool.key:<34} n/a: {tool.unavailable}", flush=True)
            return {"error": f"n/a: {tool.unavailable}"}

        def once() -> procs.Run:
            for folder in tool.clean:
                self._discard(folder)
                folder.mkdir(parents=True)
            return procs.run_once(
                tool.argv, cwd=tool.cwd, stdout=tool.stdout, timeout=self.timeout,
                ok_codes=tool.ok_codes,
            )  # fmt: skip

        def warmup(run: Any) -> tuple[procs.Run, procs.Statements | None]:
            if not (tool.live and admin is not None and database):
                return run(), None
            admin.execute(f"alter database \"{database}\" set log_statement = 'all'")
            start = server.log_file.stat().st_size
            try:
                first = run()
            finally:
                admin.execute(f'alter database "{database}" reset log_statement')
            with server.log_file.open("rb") as fh:
                fh.seek(start)
                return first, procs.count_statements(fh.read().decode(errors="replace"))

        m = procs.measure(once, runs=self.runs, warmup_hook=warmup, check=tool.check)
        error = redact(m.error, server.url) if m.error else ""
        shown = f"{m.seconds:8.3f} s {m.rss_mb:7.1f} MB" if m.seconds is not None else error
        print(f"[bench]   {tool.key:<34} {shown}", flush=True)
        note = tools.compile_errors(tool.python_out) if tool.python_out and not m.error else ""
        return {
            "note": f"output does not compile: {note}" if note else "",
            "seconds": m.seconds,
            "rss_mb": m.rss_mb,
            "runs": m.runs,
            "statements": m.statements and vars(m.statements),
            "error": error,
        }

    def _imports(self, ws: tools.Workspace, entry: dict[str, Any], which: list[str]) -> None:
        """Import time of the generated Python (ours: models + schemas; sqlacodegen: models)."""
        folders = {
            "ours": (ws.out("all/live"), "python.models, python.schemas"),
            "sqlacodegen": (ws.out("sqlacodegen"), "models"),
        }
        for key in which:
            folder, modules = folders[key]
            if not folder.is_dir() or not any(folder.rglob("*.py")):
                entry["imports"][key] = {"error": "no generated modules to import"}
                continue
            times = []
            for _ in range(self.runs + 1):
                out = folder / ".import-time"
                run = procs.run_once(tools.import_probe(modules), cwd=folder, stdout=out,
                                     timeout=self.timeout)  # fmt: skip
                if run.error:
                    entry["imports"][key] = {"error": run.error}
                    break
                times.append((float(out.read_text().strip()), run.seconds, run.rss_mb))
            else:
                timed = sorted(times[1:])
                mid = timed[len(timed) // 2]
                entry["imports"][key] = {"seconds": mid[0], "process": mid[1], "rss_mb": mid[2]}
            self.save()


def _ok(entry: dict[str, Any] | None) -> bool:
    """Measured without an error (a failure or an n/a is measured again on resume)."""
    return entry is not None and not entry.get("error")


def _prepare(
    server: EmbeddedPostgres, admin: psycopg.Connection[Any], database: str, root: Path, n: int
) -> tools.Workspace:
    """Apply the synthetic schema to a fresh database; write migrations, snapshot, API module."""
    from schemafirst import snapshot
    from schemafirst.introspect import read_catalog

    shutil.rmtree(root, ignore_errors=True)
    (root / "migrations").mkdir(parents=True)
    admin.execute(f'drop database if exists "{database}" with (force)')
    admin.execute(f'create database "{database}"')
    ws = tools.Workspace(root, server.database_url(database))
    tools.write_configs(ws)
    with psycopg.connect(ws.url, autocommit=True) as conn:
        for name, sql in synth.migrations(n).items():
            (ws.migrations / name).write_text(sql, encoding="utf-8")
            with conn.transaction():
                conn.execute(sql)
        ws.snapshot.write_text(snapshot.dump(read_catalog(conn, ["public"])), encoding="utf-8")
    ws.api_module.write_text(synth.api_module(n), encoding="utf-8")
    ws.api_schema.write_text(json.dumps(_json_schema(ws.api_module), indent=1), encoding="utf-8")
    return ws


def _json_schema(module_path: Path) -> dict[str, Any]:
    """The JSON Schema of every model of the synthetic API module (datamodel-codegen's input)."""
    from pydantic import BaseModel
    from pydantic.json_schema import models_json_schema

    spec = importlib.util.spec_from_file_location(f"bench_api_{id(module_path)}", module_path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    models = [
        v for v in vars(module).values()
        if isinstance(v, type) and issubclass(v, BaseModel) and v is not BaseModel
    ]  # fmt: skip
    _keys, schema = models_json_schema([(m, "validation") for m in models], title="Synthetic API")
    sys.modules.pop(spec.name, None)
    return schema
