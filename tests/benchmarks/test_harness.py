"""The side-by-side benchmark's own parts, in the default test run (no timing asserts).

The synthetic schema is deterministic and loads with every feature it
promises; statements are counted from a real server log; a child's peak RSS
is its own, not the harness's; the report marks failures and judges the
targets from the numbers it is given.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import psycopg
import pytest

sys.path.insert(0, str(Path(__file__).parent))

import procs
import report
import synth
import verdicts

from schemafirst.introspect import read_catalog
from schemafirst.introspect.embedded import EmbeddedPostgres


def test_synthetic_schema_is_seeded() -> None:
    assert synth.migrations(60, seed=1) == synth.migrations(60, seed=1)
    assert synth.migrations(60, seed=1) != synth.migrations(60, seed=2)
    assert synth.api_module(60, seed=1) == synth.api_module(60, seed=1)
    files = synth.migrations(450)
    assert list(files) == [
        "0000_enums.sql",
        "0001_tables.sql",
        "0002_tables.sql",
        "0003_tables.sql",
    ]


@pytest.mark.pg
def test_synthetic_schema_loads_with_its_spread(fresh_db: str) -> None:
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        for sql in synth.migrations(60).values():
            with conn.transaction():
                conn.execute(sql)
        catalog = read_catalog(conn, ["public"])
    tables = [t for t in catalog.tables if t.kind == "table"]
    assert len(tables) == 60
    assert [t.name for t in catalog.tables if t.kind == "view"] == [
        "customers_00052_view",
        "invoices_00002_view",
    ]
    assert sum(t.primary_key is None for t in tables) == 3  # tables 7, 32 and 57
    assert sum(len(t.primary_key.columns) == 2 for t in tables if t.primary_key) == 3
    fks = [(t.name, fk) for t in tables for fk in t.foreign_keys]
    assert any(fk.ref_table == name for name, fk in fks)  # to the table itself
    assert any(len(fk.columns) == 2 for _, fk in fks)  # composite
    assert any(t.unique_constraints for t in tables)
    assert any(t.check_constraints for t in tables)
    assert any(i.predicate for t in tables for i in t.indexes)
    assert any(t.comment and "it's" in t.comment for t in tables)
    assert len(catalog.enums) == 2
    kinds = {c.type.name for t in tables for c in t.columns}
    assert {"int4", "int8", "uuid", "text", "varchar", "numeric", "bool", "timestamptz", "date",
            "jsonb", "state_000"} <= kinds  # fmt: skip
    assert any(c.type.array_dimensions for t in tables for c in t.columns)
    assert {10} <= {len(t.columns) for t in tables} <= set(range(10, 15))


def test_api_module_has_one_model_per_table() -> None:
    from pydantic import BaseModel

    namespace: dict[str, Any] = {}
    exec(compile(synth.api_module(30), "api_models.py", "exec"), namespace)
    models = [v for v in namespace.values() if isinstance(v, type) and issubclass(v, BaseModel)]
    assert len(models) == 31  # BaseModel itself and one per table
    assert namespace["State000"]("on hold").name == "ON_HOLD"


@pytest.mark.pg
def test_statements_are_counted_from_the_server_log(
    pg_server: EmbeddedPostgres, fresh_db: str
) -> None:
    database = fresh_db.rsplit("/", 1)[1].split("?")[0]
    with psycopg.connect(pg_server.url, autocommit=True) as admin:
        admin.execute(f"alter database \"{database}\" set log_statement = 'all'")
    start = pg_server.log_file.stat().st_size
    with psycopg.connect(fresh_db) as conn:  # not autocommit: BEGIN ... COMMIT
        conn.execute("select pg_catalog.set_config('search_path', '', true)")
        conn.execute("-- a comment first\nselect 1;")
        conn.execute("select relname from pg_class where relname = %s", ("pg_type",))
    with pg_server.log_file.open("rb") as fh:
        fh.seek(start)
        logged = fh.read().decode()
    assert procs.count_statements(logged) == procs.Statements(total=5, queries=2)


def test_peak_rss_is_the_childs_own(tmp_path: Path) -> None:
    # The harness is big (pages touched, so resident); the child must not inherit that.
    ballast = bytearray(300 * 2**20)
    ballast[::4096] = b"x" * (len(ballast) // 4096)
    small = procs.run_once(["true"], cwd=tmp_path)
    grow = "x = bytearray(200 * 2**20); x[::4096] = b'x' * (len(x) // 4096)"
    big = procs.run_once([sys.executable, "-c", grow], cwd=tmp_path)
    del ballast
    assert small.error == "" and small.rss_mb < 50
    assert big.error == "" and big.rss_mb > 200
    assert small.seconds > 0


def test_run_once_reports_failures_in_one_line(tmp_path: Path) -> None:
    code = "import sys; print('first'); sys.exit('the last line says why')"
    failed = procs.run_once([sys.executable, "-c", code], cwd=tmp_path)
    assert failed.error == "exit 1: the last line says why"
    missing = procs.run_once(["no-such-tool-here"], cwd=tmp_path)
    assert missing.error.startswith("exit 127: cannot start no-such-tool-here")
    slow = procs.run_once(["sleep", "30"], cwd=tmp_path, timeout=0.5)
    assert slow.error == "timed out after 0.5 s"
    out = tmp_path / "out.txt"
    assert procs.run_once(["echo", "hi"], cwd=tmp_path, stdout=out).error == ""
    assert out.read_text() == "hi\n"


def test_measure_stops_at_the_first_failure() -> None:
    runs = iter([procs.Run(1.0, 10.0, 0), procs.Run(2.0, 12.0, 0), procs.Run(0.0, 0.0, 1, "boom")])
    m = procs.measure(lambda: next(runs), runs=3)
    assert m.error == "boom" and m.seconds is None
    steady = procs.measure(lambda: procs.Run(1.0, 10.0, 0), runs=3, check=lambda: "wrote nothing")
    assert steady.error == "wrote nothing"
    times = iter([9.0, 3.0, 1.0, 2.0])
    m = procs.measure(lambda: procs.Run(next(times), 5.0, 0), runs=3)
    assert (m.seconds, m.runs) == (2.0, [3.0, 1.0, 2.0])  # the warm-up's 9 s is not counted


def _entry(seconds: float, rss: float = 50.0, total: int = 0, queries: int = 0) -> dict[str, Any]:
    statements = {"total": total, "queries": queries} if total else None
    return {"seconds": seconds, "rss_mb": rss, "runs": [seconds], "statements": statements,
            "error": "", "note": ""}  # fmt: skip


def _results() -> dict[str, Any]:
    sizes = {}
    for n, ours in ((100, 0.17), (1000, 0.8), (10000, 7.6)):
        sizes[str(n)] = {
            "at": "today",
            "tools": {
                "all/live": _entry(ours, 90, 17, 12),
                "sqlalchemy/live": _entry(ours / 2, 80, 17, 12),
                "sqlacodegen": _entry(ours * 6, 110, 40, 30),
                "supabase-pydantic": {"error": "exit 1: no | pipes"},
                "pydantic2ts": {"error": "n/a: Node.js is not installed"},
            },
            "imports": {"ours": {"seconds": 1.5, "process": 1.6, "rss_mb": 120}},
        }
    sizes["1000"]["tools"]["supabase-pydantic"] = {**_entry(2.0), "note": "output does not compile"}
    fixed = {
        "schemafirst --help": _entry(0.15),
        'python -c "import typer"': _entry(0.09),
        "schemafirst check --offline (example)": _entry(0.7),
    }
    return {"meta": {"CPU": "test"}, "fixed": fixed, "sizes": sizes}


def test_report_marks_failures_and_judges_targets(tmp_path: Path) -> None:
    path = tmp_path / "benchmarks.md"
    report.write(_results(), path)
    text = path.read_text()
    assert "| 1,000 | 400 ms | 4.80 s | 12.0× | 80 MB | 110 MB | 17 (12) | 40 (30) |" in text
    assert "failed: exit 1: no \\| pipes" in text
    assert "n/a: Node.js is not installed" in text
    assert "- N=1,000, supabase-pydantic: output does not compile" in text
    rows = {row[0]: row[1:] for row in verdicts.rows(_results())}
    assert rows[verdicts.speed(_results())[0]][1] == "met"
    assert rows[verdicts.rss(_results())[0]][1] == "met"
    assert rows[verdicts.startup(_results())[0]] == ["150 ms vs 90 ms (+60 ms)", "met"]
    assert rows[verdicts.offline(_results())[0]][1] == "**not met**"
    assert rows[verdicts.imports(_results())[0]] == ["1.50 s", "met"]
    assert "**not met** counting all 17" in rows[verdicts.statements(_results())[0]][1]
    assert rows[verdicts.linear(_results())[0]][1] == "met"  # 0.70 then 0.76 ms per table


def test_linear_fit() -> None:
    slope, intercept, r2 = report.fit([(10, 0.5 + 0.01), (100, 0.5 + 0.1), (1000, 0.5 + 1.0)])
    assert (round(slope, 6), round(intercept, 6), round(r2, 6)) == (0.001, 0.5, 1.0)
    assert report.fit([(10, 1.0)]) is None
    quadratic = [(n, 0.3 + (n / 1000) ** 2) for n in (3, 10, 100, 1000, 10000)]
    results = {"sizes": {str(n): {"tools": {"all/live": _entry(t)}} for n, t in quadratic}}
    assert verdicts.linear(results)[2] == "**not met**"
