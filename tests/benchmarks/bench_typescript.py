"""TypeScript target timings: a 1,000-table snapshot to database.ts/zod.ts/api.ts.

Run with ``nox -s bench`` (or ``pytest tests/benchmarks -o python_files='bench_*.py' -s``).
The goal (issue 5) is well under 1 s from a snapshot, without Node.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from schemafirst import ir, snapshot
from schemafirst.apimodels import load_api_models
from schemafirst.config import Config
from schemafirst.render import typescript
from schemafirst.render.base import RenderInputs

ROOT = Path(__file__).resolve().parents[2]
_TYPES = ("int8", "text", "timestamptz", "numeric", "jsonb", "bool", "uuid", "varchar")


def _type(name: str, array: int = 0) -> ir.TypeRef:
    return ir.TypeRef(
        schema="pg_catalog", name=name, kind="base", display=name, array_dimensions=array
    )


def big_catalog(tables: int = 1000) -> ir.Catalog:
    """``tables`` tables of 12 columns, each with a foreign key to the previous one."""
    status = ir.TypeRef(schema="public", name="status", kind="enum", display="public.status")
    result = []
    for n in range(tables):
        columns = [
            ir.Column(name="id", ordinal=1, type=_type("int8"), nullable=False, identity="always")
        ]
        columns += [
            ir.Column(name=f"c{i}", ordinal=i + 2, type=_type(_TYPES[i % 8], int(i % 5 == 4)),
                      nullable=i % 2 == 0, comment=f"column {i} of t{n}" if i % 3 == 0 else None)
            for i in range(9)
        ]  # fmt: skip
        columns += [
            ir.Column(name="status", ordinal=11, type=status, nullable=False, default="'a'"),
            ir.Column(name="parent_id", ordinal=12, type=_type("int8"), nullable=True),
        ]
        fks = ()
        if n:
            fks = (ir.ForeignKey(name=f"t{n}_parent_fkey", columns=("parent_id",),
                                 ref_schema="public", ref_table=f"t{n - 1:04d}",
                                 ref_columns=("id",)),)  # fmt: skip
        result.append(
            ir.Table(schema="public", name=f"t{n:04d}", kind="table", columns=tuple(columns),
                     primary_key=ir.PrimaryKey(name=f"t{n}_pkey", columns=("id",)),
                     foreign_keys=fks, comment=f"Table number {n}.")
        )  # fmt: skip
    enum = ir.Enum(schema="public", name="status", labels=("a", "b", "c"))
    return ir.Catalog(schemas=("public",), tables=tuple(result), enums=(enum,))


def _median(fn, runs: int = 5) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def test_typescript_1000_tables_from_snapshot() -> None:
    text = snapshot.dump(big_catalog())
    config = Config(root=ROOT, out=ROOT / "generated")
    api = load_api_models(["schema/api/schemas.py"], ROOT)

    def run() -> None:
        catalog = snapshot.loads(text)
        typescript.render(RenderInputs(catalog=catalog, config=config, api=api))

    plan = typescript.render(RenderInputs(catalog=snapshot.loads(text), config=config, api=api))
    size = sum(len(f.text) for f in plan.values())
    seconds = _median(run)
    label = "typescript, 1,000 tables from a snapshot"
    print(f"\n{label:<55} {seconds * 1000:8.1f} ms ({size // 1024} KiB)")
    load_only = _median(lambda: snapshot.loads(text))
    print(f"{'  of which snapshot.loads':<55} {load_only * 1000:8.1f} ms")
    api_only = _median(lambda: load_api_models(["schema/api/schemas.py"], ROOT))
    print(f"{'load_api_models (example, module already imported)':<55} {api_only * 1000:8.1f} ms")
