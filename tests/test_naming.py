"""naming.py: singular PascalCase classes, safe unique attributes and enum members, renames."""

from __future__ import annotations

from pathlib import Path

import pytest

from schemafirst import naming
from schemafirst.config import Config
from schemafirst.errors import ConfigError
from schemafirst.ir import Catalog, Column, Enum, PrimaryKey, Table, TypeRef

TEXT = TypeRef(schema="pg_catalog", name="text", kind="base", display="text")


def table(name: str, *columns: str, schema: str = "public") -> Table:
    cols = tuple(
        Column(name=c, ordinal=i, type=TEXT, nullable=True)
        for i, c in enumerate(columns or ("id",), 1)
    )
    return Table(
        schema=schema,
        name=name,
        kind="table",
        columns=cols,
        primary_key=PrimaryKey(name=f"{name}_pkey", columns=(cols[0].name,)),
    )


def names_of(*tables: Table, enums: tuple[Enum, ...] = (), **config: object) -> naming.Names:
    catalog = Catalog(schemas=("public", "billing"), tables=tables, enums=enums)
    return naming.names(catalog, Config(root=Path("/tmp"), **config))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("plural", "single"),
    [
        ("videos", "video"),
        ("video_jobs", "video_job"),
        ("video_metadata", "video_metadata"),
        ("categories", "category"),
        ("addresses", "address"),
        ("statuses", "status"),
        ("status", "status"),
        ("boxes", "box"),
        ("people", "person"),
        ("analyses", "analysis"),
        ("news", "news"),
        ("HTTPLogs", "HTTPLog"),
        ("bus", "bus"),
    ],
)
def test_singularize(plural: str, single: str) -> None:
    assert naming.singularize(plural) == single


def test_pascal_case_and_identifiers() -> None:
    assert naming.pascal_case("video_jobs") == "VideoJobs"
    assert naming.pascal_case("my table-name") == "MyTableName"
    assert naming.pascal_case("123abc") == "T123abc"
    assert naming.pascal_case("🎉") == "T"
    assert naming.identifier("my col") == "my_col"
    assert naming.identifier("_private") == "private"
    assert naming.identifier("1st") == "col_1st"
    assert naming.identifier("ﬁle") == "file"  # NFKC, as Python reads identifiers


def test_example_class_names() -> None:
    names = names_of(table("videos"), table("video_jobs"), table("video_metadata"))
    assert [names.class_name("public", t) for t in ("videos", "video_jobs", "video_metadata")] == [
        "Video",
        "VideoJob",
        "VideoMetadata",
    ]


def test_singularize_switch_off() -> None:
    names = names_of(table("videos"), singularize=False)
    assert names.class_name("public", "videos") == "Videos"


def test_collision_after_singularizing_keeps_the_plural() -> None:
    names = names_of(table("video"), table("videos"))
    assert names.class_name("public", "video") == "Video"
    assert names.class_name("public", "videos") == "Videos"


def test_case_collisions_and_imports_are_avoided() -> None:
    names = names_of(
        table("Users"), table("users"), table("Integer"), table("Base"), table("Mapped")
    )
    assert names.class_name("public", "Users") == "User"
    assert names.class_name("public", "users") == "Users"
    assert names.class_name("public", "Integer") == "Integer2"
    assert names.class_name("public", "Base") == "Base2"
    assert names.class_name("public", "Mapped") == "Mapped2"


def test_other_schema_gets_a_prefix_and_enum_a_suffix() -> None:
    status = Enum(schema="public", name="status", labels=("on",))
    names = names_of(
        table("invoices"), table("invoices", schema="billing"), table("statuses"), enums=(status,)
    )
    assert names.class_name("billing", "invoices") == "BillingInvoice"
    assert names.class_name("public", "invoices") == "Invoice"
    # "statuses" singularizes onto the enum's name, so the table keeps its plural
    assert names.enum_name("public", "status") == "Status"
    assert names.class_name("public", "statuses") == "Statuses"


def test_class_family_keeps_pydantic_names_free() -> None:
    row_enum = Enum(schema="public", name="video_row", labels=("a",))
    names = names_of(table("video"), enums=(row_enum,))
    assert names.class_name("public", "video") == "Video"
    assert names.enum_name("public", "video_row") != "VideoRow"


def test_reserved_attributes_are_renamed() -> None:
    t = table(
        "t",
        "id",
        "metadata",
        "registry",
        "model_config",
        "model_dump_x",
        "class",
        "match",
        "type",
        "text",
        "datetime",
        "my col",
        "my_col",
        "_x",
    )
    attrs = names_of(t).columns(t)
    assert attrs["metadata"] == "metadata_"
    assert attrs["registry"] == "registry_"
    assert attrs["model_config"] == "model_config_"
    assert attrs["model_dump_x"] == "col_model_dump_x"
    assert attrs["class"] == "class_"
    assert attrs["match"] == "match_"
    assert attrs["type"] == "type_"
    assert attrs["text"] == "text_"
    assert attrs["datetime"] == "datetime_"
    assert attrs["my_col"] == "my_col"  # the clean name keeps it, whatever the order
    assert attrs["my col"] == "my_col_2"
    assert attrs["_x"] == "x"


def test_config_rename_wins() -> None:
    t = table("videos", "id", "title")
    names = names_of(t, rename={"public.videos": "Clip", "public.videos.title": "headline"})
    assert names.class_name("public", "videos") == "Clip"
    assert names.columns(t)["title"] == "headline"


def test_invalid_rename_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="not a valid Python identifier"):
        names_of(table("videos"), rename={"public.videos": "not valid"})


def test_enum_members() -> None:
    labels = (
        "in progress",
        "in-progress",
        "",
        "1080p",
        "café",
        "🎉",
        'a"b',
        "none",
        "None",
        "_x_",
        "PENDING",
    )
    assert naming.enum_member_names(labels) == (
        "IN_PROGRESS",
        "IN_PROGRESS_2",
        "EMPTY",
        "V_1080P",
        "CAFÉ",
        "VALUE",
        "A_B",
        "NONE",
        "NONE_2",
        "X",
        "PENDING",
    )
    assert naming.enum_member_names(("pending", "processing", "completed", "failed")) == (
        "PENDING",
        "PROCESSING",
        "COMPLETED",
        "FAILED",
    )


def test_clean_label_claims_first() -> None:
    # "a_b" is already its own member name; "a b" has to move, whatever the order.
    assert naming.enum_member_names(("a b", "a_b")) == ("A_B_2", "A_B")


def test_names_are_deterministic_and_cached() -> None:
    catalog = Catalog(schemas=("public",), tables=(table("videos"),))
    config = Config(root=Path("/tmp"))
    assert naming.names(catalog, config) is naming.names(catalog, config)
    assert naming.class_name(catalog, config, "public", "videos") == "Video"
