# ruff: noqa: E501
"""The ``pydantic`` target on hand-built catalogs (no database): Row / Insert / Update semantics,
aliases, constraints, ORM reading, shared enums, determinism."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
import uuid
from pathlib import Path
from types import ModuleType
from typing import Any

import pydantic
import pytest

from schemafirst.config import Config
from schemafirst.ir import Catalog, Column, Enum, PrimaryKey, Table, TypeRef
from schemafirst.render import pydantic as pydantic_target
from schemafirst.render import sqlalchemy as sqlalchemy_target
from schemafirst.render.base import RenderInputs


def _t(name: str, display: str | None = None, **kw: Any) -> TypeRef:
    return TypeRef(schema="pg_catalog", name=name, kind="base", display=display or name, **kw)


STATUS = TypeRef(
    schema="public", name="processing_status", kind="enum", display="public.processing_status"
)
JOBS = Table(
    schema="public",
    name="video_jobs",
    kind="table",
    columns=(
        Column(name="id", ordinal=1, type=_t("uuid"), nullable=False, default="gen_random_uuid()"),
        Column(name="title", ordinal=2, type=_t("varchar", length=10), nullable=False),
        Column(
            name="status",
            ordinal=3,
            type=STATUS,
            nullable=False,
            default="'pending'::processing_status",
        ),
        Column(name="progress", ordinal=4, type=_t("numeric", precision=5, scale=2), nullable=True),
        Column(name="my col", ordinal=5, type=_t("int4"), nullable=True),
        Column(name="metadata", ordinal=6, type=_t("jsonb"), nullable=True),
        Column(name="serial_no", ordinal=7, type=_t("int8"), nullable=False, identity="always"),
        Column(
            name="doubled", ordinal=8, type=_t("int8"), nullable=True, generated="(serial_no * 2)"
        ),
        Column(
            name="created_at", ordinal=9, type=_t("timestamptz"), nullable=False, default="now()"
        ),
    ),
    primary_key=PrimaryKey(name="video_jobs_pkey", columns=("id",)),
    comment='Jobs """ with */ quotes',
)
CATALOG = Catalog(
    schemas=("public",),
    tables=(JOBS,),
    enums=(
        Enum(schema="public", name="processing_status", labels=("pending", "in progress", "done")),
    ),
)


@pytest.fixture
def schemas(tmp_path: Path) -> ModuleType:
    """The rendered schemas module, imported as a fresh package."""
    config = Config(root=tmp_path, out=tmp_path / "gen", schemas=("public",))
    plan = pydantic_target.render(RenderInputs(catalog=CATALOG, config=config))
    package = f"sfpd_{uuid.uuid4().hex[:8]}"
    for path, rendered in plan.items():
        target = tmp_path / package / Path(path).name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(rendered.text, encoding="utf-8")
    sys.path.insert(0, str(tmp_path))
    try:
        return importlib.import_module(f"{package}.schemas")
    finally:
        sys.path.remove(str(tmp_path))


def test_insert_accepts_a_minimal_payload_and_rejects_a_wrong_type(schemas: ModuleType) -> None:
    job = schemas.VideoJobInsert.model_validate({"title": "cat"})
    assert job.model_dump(exclude_unset=True) == {"title": "cat"}
    with pytest.raises(pydantic.ValidationError):
        schemas.VideoJobInsert.model_validate({"title": ["not", "a", "string"]})
    with pytest.raises(pydantic.ValidationError):
        schemas.VideoJobInsert.model_validate({})  # title is required


def test_insert_leaves_out_generated_and_identity_always(schemas: ModuleType) -> None:
    fields = schemas.VideoJobInsert.model_fields
    assert "serial_no" not in fields and "doubled" not in fields
    assert "doubled" in schemas.VideoJobRow.model_fields
    assert "serial_no" not in schemas.VideoJobUpdate.model_fields


def test_update_is_all_optional(schemas: ModuleType) -> None:
    assert schemas.VideoJobUpdate.model_validate({}).model_dump(exclude_unset=True) == {}
    assert all(not f.is_required() for f in schemas.VideoJobUpdate.model_fields.values())


def test_row_requires_every_column_with_exact_nullability(schemas: ModuleType) -> None:
    row = schemas.VideoJobRow
    assert all(f.is_required() for f in row.model_fields.values())
    with pytest.raises(pydantic.ValidationError):
        row.model_validate({**_row(schemas), "title": None})
    assert row.model_validate({**_row(schemas), "progress": None}).progress is None


def _row(schemas: ModuleType) -> dict[str, Any]:
    return {
        "id": uuid.uuid4(),
        "title": "cat",
        "status": "in progress",
        "progress": "12.50",
        "my col": 3,
        "metadata": {"a": [1, None]},
        "serial_no": 1,
        "doubled": 2,
        "created_at": "2024-01-01T00:00:00+00:00",
    }


def test_constraints_enums_aliases(schemas: ModuleType) -> None:
    row = schemas.VideoJobRow.model_validate(_row(schemas))
    assert row.status is schemas.ProcessingStatus.IN_PROGRESS
    assert row.my_col == 3 and row.metadata_ == {"a": [1, None]}
    assert row.model_dump(by_alias=True)["my col"] == 3
    with pytest.raises(pydantic.ValidationError):
        schemas.VideoJobInsert.model_validate({"title": "x" * 11})  # varchar(10)
    with pytest.raises(pydantic.ValidationError):
        schemas.VideoJobInsert.model_validate({"title": "x", "progress": "1234.5"})  # numeric(5,2)
    with pytest.raises(pydantic.ValidationError):
        schemas.VideoJobRow.model_validate(
            {**_row(schemas), "created_at": "2024-01-01T00:00:00"}
        )  # aware


def test_row_reads_orm_like_objects_by_attribute(schemas: ModuleType) -> None:
    class Orm:
        metadata = object()  # what a SQLAlchemy class has: the alias must not be read

    obj = Orm()
    for key, value in _row(schemas).items():
        setattr(obj, {"my col": "my_col", "metadata": "metadata_"}.get(key, key), value)
    row = schemas.VideoJobRow.model_validate(obj)
    assert row.metadata_ == {"a": [1, None]}


def test_shared_files_are_identical_and_docstrings_escaped(tmp_path: Path) -> None:
    config = Config(root=tmp_path, out=tmp_path / "gen", schemas=("public",))
    inputs = RenderInputs(catalog=CATALOG, config=config)
    sa_plan, pd_plan = sqlalchemy_target.render(inputs), pydantic_target.render(inputs)
    shared = sa_plan.keys() & pd_plan.keys()
    assert shared == {"gen/python/__init__.py", "gen/python/enums.py"}
    assert all(sa_plan[p] == pd_plan[p] for p in shared)
    assert '\\"\\"\\"' in pd_plan["gen/python/schemas.py"].text


def test_separate_folders_each_get_their_enums(tmp_path: Path) -> None:
    targets = {"sqlalchemy": "db", "pydantic": "api"}
    config = Config(root=tmp_path, out=tmp_path / "gen", schemas=("public",), targets=targets)
    plan = pydantic_target.render(RenderInputs(catalog=CATALOG, config=config))
    assert set(plan) == {"gen/api/__init__.py", "gen/api/enums.py", "gen/api/schemas.py"}


def test_output_is_the_same_under_any_hash_seed(tmp_path: Path) -> None:
    code = (
        "import sys, hashlib; sys.path.insert(0, 'tests');"
        "from test_pydantic_target import CATALOG;"
        "from pathlib import Path; from schemafirst.config import Config;"
        "from schemafirst.render import pydantic, sqlalchemy; from schemafirst.render.base import RenderInputs;"
        "i = RenderInputs(catalog=CATALOG, config=Config(root=Path('/x'), out=Path('/x/g')));"
        "p = {**sqlalchemy.render(i), **pydantic.render(i)};"
        "print(hashlib.sha256(repr(sorted((k, v.text) for k, v in p.items())).encode()).hexdigest())"
    )
    digests = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
            cwd=Path(__file__).parents[1],
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(digests) == 1
