"""Reserved words per target: names a generated identifier must never take.

naming.py seeds its scopes with these sets (STYLE rule 10). They are plain
frozensets so every target reads the same facts:

- ``PYTHON_KEYWORDS``: hard and soft keywords (``type`` is soft from 3.12; we
  rename it too so the output is the same whatever Python reads it).
- ``SQLALCHEMY_ATTRIBUTES``: names a declarative class (with ``AsyncAttrs``)
  already uses; a column mapped there would break the mapping.
- ``PYDANTIC_ATTRIBUTES``: ``BaseModel`` attributes; a field shadowing one
  warns (an error under ``filterwarnings = error``) or breaks the model.
- ``PYTHON_AMBIGUOUS``: ``l``, ``I``, ``O``, which the generated code must pass
  ``ruff check`` without (E741/E742).
- ``PYTHON_MODULE_NAMES``: every name a generated SQLAlchemy or Pydantic module
  may import or define at module level. Scopes are seeded with all of them,
  not only the ones a given module imports, so a column's attribute name does
  not change when an unrelated table starts needing another import.
- ``TYPESCRIPT_RESERVED``: reserved words and the global/helper type names
  the TypeScript targets emit, for the TypeScript engineer to seed with.
"""

from __future__ import annotations

import keyword

PYTHON_KEYWORDS: frozenset[str] = frozenset(
    {*keyword.kwlist, *keyword.softkwlist, "type", "_", "case", "match"}
)

# Builtins a class body or annotation of ours refers to.
PYTHON_BUILTINS_USED: frozenset[str] = frozenset(
    {"list", "dict", "str", "int", "float", "bool", "bytes", "object", "tuple", "None"}
)

SQLALCHEMY_ATTRIBUTES: frozenset[str] = frozenset(
    {
        "metadata",
        "registry",
        "awaitable_attrs",
        "type_annotation_map",
        "__tablename__",
        "__table__",
        "__table_args__",
        "__mapper__",
        "__mapper_args__",
        "__abstract__",
        "__init__",
        "__allow_unmapped__",
        "__sa_dataclass_metadata_key__",
        "_sa_class_manager",
        "_sa_registry",
        "_sa_instance_state",
        "query",
        "query_class",
    }
)

PYDANTIC_ATTRIBUTES: frozenset[str] = frozenset(
    {
        "construct",
        "copy",
        "dict",
        "from_orm",
        "json",
        "model_computed_fields",
        "model_config",
        "model_construct",
        "model_copy",
        "model_dump",
        "model_dump_json",
        "model_extra",
        "model_fields",
        "model_fields_set",
        "model_json_schema",
        "model_parametrized_name",
        "model_post_init",
        "model_rebuild",
        "model_validate",
        "model_validate_json",
        "model_validate_strings",
        "parse_file",
        "parse_obj",
        "parse_raw",
        "schema",
        "schema_json",
        "update_forward_refs",
        "validate",
    }
)

# Names ruff's E741/E742 reject as variables, attributes or classes (they read as 1 and 0).
PYTHON_AMBIGUOUS: frozenset[str] = frozenset({"l", "I", "O"})

# Pydantic warns when a field starts with one of these (protected namespaces).
PYDANTIC_PROTECTED_PREFIXES: tuple[str, ...] = ("model_validate", "model_dump")

# Module-level names of the generated Python modules (imports and helpers).
PYTHON_MODULE_NAMES: frozenset[str] = frozenset(
    {
        # stdlib
        "datetime",
        "decimal",
        "uuid",
        "ipaddress",
        "enum",
        "typing",
        "Any",
        "Annotated",
        # sqlalchemy
        "sqlalchemy",
        "BigInteger",
        "Boolean",
        "CheckConstraint",
        "Column",
        "Computed",
        "Date",
        "DateTime",
        "Double",
        "Enum",
        "FetchedValue",
        "ForeignKey",
        "ForeignKeyConstraint",
        "Identity",
        "Index",
        "Integer",
        "Interval",
        "LargeBinary",
        "MetaData",
        "Numeric",
        "PrimaryKeyConstraint",
        "REAL",
        "CHAR",
        "SmallInteger",
        "String",
        "Table",
        "Text",
        "Time",
        "UniqueConstraint",
        "Uuid",
        "text",
        "NullType",
        "UserDefinedType",
        "TypeDecorator",
        "ARRAY",
        "CIDR",
        "CITEXT",
        "DATEMULTIRANGE",
        "DATERANGE",
        "ENUM",
        "HSTORE",
        "INET",
        "INT4MULTIRANGE",
        "INT4RANGE",
        "INT8MULTIRANGE",
        "INT8RANGE",
        "JSON",
        "JSONB",
        "JSONPATH",
        "MACADDR",
        "MACADDR8",
        "MONEY",
        "NUMMULTIRANGE",
        "NUMRANGE",
        "OID",
        "BIT",
        "TSMULTIRANGE",
        "TSQUERY",
        "TSRANGE",
        "TSTZMULTIRANGE",
        "TSTZRANGE",
        "TSVECTOR",
        "Range",
        "AsyncAttrs",
        "DeclarativeBase",
        "Mapped",
        "mapped_column",
        "relationship",
        "postgresql",
        # generated helpers of models.py
        "Base",
        "view_metadata",
        "enum_values",
        "PgType",
        "RangeOf",
        "T",
        "TypeVar",
        "Generic",
        # pydantic
        "pydantic",
        "AwareDatetime",
        "BaseModel",
        "ConfigDict",
        "Field",
        "IPvAnyInterface",
        "IPvAnyNetwork",
        "JsonValue",
        # enums module
        "StrEnum",
    }
)

TYPESCRIPT_RESERVED: frozenset[str] = frozenset(
    {
        # reserved and strict-mode reserved words
        *[
            "break",
            "case",
            "catch",
            "class",
            "const",
            "continue",
            "debugger",
            "default",
            "delete",
            "do",
            "else",
            "enum",
            "export",
            "extends",
            "false",
            "finally",
            "for",
            "function",
            "if",
            "import",
            "in",
            "instanceof",
            "new",
            "null",
            "return",
            "super",
            "switch",
            "this",
            "throw",
            "true",
            "try",
            "typeof",
            "var",
            "void",
            "while",
            "with",
            "implements",
            "interface",
            "let",
            "package",
            "private",
            "protected",
            "public",
            "static",
            "yield",
            "any",
            "boolean",
            "constructor",
            "declare",
            "get",
            "module",
            "require",
            "number",
            "set",
            "string",
            "symbol",
            "type",
            "from",
            "of",
            "as",
            "async",
            "await",
            "never",
            "unknown",
            "object",
            "undefined",
            "bigint",
            "infer",
            "is",
            "keyof",
            "readonly",
            "unique",
            "satisfies",
            "abstract",
            "accessor",
            "asserts",
            "global",
            "namespace",
            "out",
            "override",
        ],
        # global types and the names the TypeScript targets define or import
        *[
            "Array",
            "Boolean",
            "Date",
            "Error",
            "Function",
            "Map",
            "Number",
            "Object",
            "Promise",
            "Record",
            "RegExp",
            "Set",
            "String",
            "Symbol",
            "Partial",
            "Required",
            "Readonly",
            "Pick",
            "Omit",
            "Exclude",
            "Extract",
            "NonNullable",
            "ReturnType",
            "Awaited",
            "Database",
            "Json",
            "Tables",
            "TablesInsert",
            "TablesUpdate",
            "Enums",
            "CompositeTypes",
            "Constants",
            "DefaultSchema",
            "DatabaseWithoutInternals",
            "z",
        ],
    }
)
