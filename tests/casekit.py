"""Case folders (``tests/cases/<case>/``) and golden files, shared by the target tests.

A case is ``schema.sql`` (+ optional ``config.toml`` and ``models.py``); its
goldens are ``snapshot.json`` and ``expected/<path>``. Run
``pytest --update-goldens`` to rewrite every golden, then review the diff.
"""

from __future__ import annotations

from pathlib import Path

import psycopg

from schemafirst import snapshot
from schemafirst.introspect.embedded import SHIM_PATH
from schemafirst.ir import Catalog

CASES = Path(__file__).parent / "cases"


def case_names() -> list[str]:
    """Every case folder with a schema.sql."""
    return sorted(p.parent.name for p in CASES.glob("*/schema.sql"))


def build_case_db(case: str, url: str, *, schemas: tuple[str, ...] = ("public",)) -> Catalog:
    """Apply the Supabase shim and the case's schema.sql on ``url``; return its catalog."""
    from schemafirst.introspect import read_catalog

    sql = (CASES / case / "schema.sql").read_text(encoding="utf-8")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(SHIM_PATH.read_text(encoding="utf-8"))
        conn.execute(sql)
        return read_catalog(conn, schemas)


def check_golden(path: Path, text: str, *, update: bool) -> None:
    """Compare ``text`` with the golden at ``path`` (or rewrite it when updating)."""
    if update:
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        return
    assert path.exists(), f"missing golden {path}; run pytest --update-goldens"
    assert path.read_text(encoding="utf-8") == text, (
        f"{path} differs; run pytest --update-goldens and review"
    )


def check_snapshot_golden(case: str, catalog: Catalog, *, update: bool) -> None:
    """The case's snapshot.json golden."""
    check_golden(CASES / case / "snapshot.json", snapshot.dump(catalog), update=update)
