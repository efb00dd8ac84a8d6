"""Run by corpuskit in a fresh interpreter (warnings are errors): every case's Python output.

Per case: import ``models``, ``schemas`` (and ``enums``), configure the case's
mappers, then read every relation through its generated SQLAlchemy table (the
mapped class when there is one, so ``from_attributes`` is exercised) and
validate each row with the generated ``Row`` model. Finally
``configure_mappers()`` over all cases at once. Rows are read with asyncpg, the
driver the generated models are async-ready for (as test_sqlalchemy reads
them). Prints one JSON line:
``{case: {"failures": {target: [message]}, "validated": {"schema.name": rows}}}``.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import sys
import traceback
from typing import Any

from sqlalchemy import MetaData, Table, func, select
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine
from sqlalchemy.orm import configure_mappers


def _tables(models: Any) -> dict[tuple[str | None, str], Table]:
    found: dict[tuple[str | None, str], Table] = {}
    for value in [models.Base.metadata, *vars(models).values()]:
        if isinstance(value, MetaData):
            for table in value.tables.values():
                found[(table.schema, table.name)] = table
    return found


async def _check(spec: dict[str, Any]) -> dict[str, Any]:
    failures: dict[str, list[str]] = {}
    validated: dict[str, int] = {}
    result = {"failures": failures, "validated": validated}
    package = spec["package"]
    # Each target is imported even when the other failed, so its own failure shows.
    try:
        models = importlib.import_module(f"{package}.models")
        models.Base.registry.configure()
    except Exception:
        failures["sqlalchemy"] = [f"import and configure: {traceback.format_exc(limit=-3)}"]
        models = None
    try:
        schemas = importlib.import_module(f"{package}.schemas")
    except Exception:
        failures["pydantic"] = [f"import schemas: {traceback.format_exc(limit=-3)}"]
        return result
    if models is None:  # the rows are read through the models
        failures["pydantic"] = ["rows not validated: the sqlalchemy models do not load"]
        return result
    tables = _tables(models)
    mapped = {m.local_table: m.class_ for m in models.Base.registry.mappers}
    engine = create_async_engine(spec["url"])
    async with AsyncSession(engine) as session:
        for schema, name, row_class in spec["relations"]:
            key = f"{schema}.{name}"
            table = tables.get((schema, name), tables.get((None, name)))
            if table is None:
                failures.setdefault("sqlalchemy", []).append(f"{key}: no Table in models")
                continue
            cls = mapped.get(table)
            try:
                if not table.columns:  # SELECT with no columns returns no result set
                    count = await session.scalar(select(func.count()).select_from(table))
                    items: list[Any] = [{}] * (count or 0)
                elif cls is not None:
                    items = list(await session.scalars(select(cls)))
                else:
                    rows = await session.execute(select(table))
                    items = [dict(row) for row in rows.mappings()]
            except Exception:
                message = f"{key}: reading rows: {traceback.format_exc(limit=-2)}"
                failures.setdefault("sqlalchemy", []).append(message)
                await session.rollback()
                continue
            try:
                model = getattr(schemas, row_class)
                for item in items:
                    model.model_validate(item)
                validated[key] = len(items)
            except Exception:
                message = f"{key} ({row_class}): {traceback.format_exc(limit=-2)}"
                failures.setdefault("pydantic", []).append(message)
    await engine.dispose()
    return result


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as fh:
        specs = json.load(fh)
    results = {name: asyncio.run(_check(spec)) for name, spec in specs.items()}
    # A registry that failed to configure fails configure_mappers() for everyone;
    # it was reported for its own case already.
    if not any("sqlalchemy" in r["failures"] for r in results.values()):
        try:
            configure_mappers()
        except Exception:
            for result in results.values():
                result["failures"].setdefault("sqlalchemy", []).append(
                    f"configure_mappers() over all cases: {traceback.format_exc(limit=-3)}"
                )
    print(json.dumps(results))


if __name__ == "__main__":
    main()
