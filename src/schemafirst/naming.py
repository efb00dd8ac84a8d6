"""Every identifier of every target: class, enum, member, attribute and variable names.

One :class:`Names` per (catalog, config) decides, once, the name of each
table class, enum, composite type, module-level ``Table`` variable and column
attribute, so ``ProcessingStatus`` is the same in SQLAlchemy, Pydantic and
TypeScript (STYLE rule 10). Names are claimed inside explicit :class:`Scope`
objects seeded with what the generated modules import or reserve
(:mod:`schemafirst.reserved`), so a table called ``Integer`` or a column
called ``metadata`` cannot shadow anything. Resolution is deterministic:

1. a config ``rename`` wins (``"schema.table"`` → class, ``"schema.table.column"``
   → attribute, ``"schema.enum"`` → enum class);
2. names nobody else wants are claimed first, so adding a table rarely renames
   another one;
3. a singular class name that collides keeps the plural; what still collides
   gets the schema as prefix (outside the first schema), then a number.

The target-neutral entry points other targets import are :func:`names`,
:func:`class_name`, :func:`enum_type_name`, :func:`enum_member_names`,
:func:`pascal_case`, :func:`snake_case` and :func:`singularize`.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from schemafirst import reserved
from schemafirst.errors import ConfigError

if TYPE_CHECKING:
    from schemafirst.config import Config
    from schemafirst.ir import Catalog, Table

# Suffixes a table class name carries in the Python targets; claiming a class
# name claims all of them, so an enum called ``video_row`` cannot take
# ``VideoRow`` from the Pydantic row model of ``video``.
TABLE_FAMILY = ("", "Row", "Insert", "Update")
ENUM_FAMILY = ("",)
COMPOSITE_FAMILY = ("", "Type")

GLOBAL_RESERVED: frozenset[str] = (
    reserved.PYTHON_MODULE_NAMES
    | reserved.PYTHON_KEYWORDS
    | reserved.PYTHON_BUILTINS_USED
    | reserved.PYTHON_AMBIGUOUS
    | reserved.TYPESCRIPT_RESERVED
)
ATTRIBUTE_RESERVED: frozenset[str] = (
    GLOBAL_RESERVED | reserved.SQLALCHEMY_ATTRIBUTES | reserved.PYDANTIC_ATTRIBUTES
)

_SEPARATORS = re.compile(r"[^\w]+|_+")
_INVALID = re.compile(r"\W+")


@dataclass(slots=True)
class Scope:
    """A set of taken names; :meth:`claim` returns the first free variant of a name."""

    taken: set[str] = field(default_factory=set)
    # Names taken in an enclosing scope, shared, never copied: a class scope
    # sees the module's thousands of names without paying for a copy per class.
    outer: tuple[set[str] | frozenset[str], ...] = ()

    def is_free(self, name: str, family: tuple[str, ...] = ("",)) -> bool:
        """True when ``name`` and all its ``family`` variants are free."""
        return all(
            name + suffix not in self.taken and all(name + suffix not in o for o in self.outer)
            for suffix in family
        )

    def claim(self, preferred: str, family: tuple[str, ...] = ("",), sep: str = "") -> str:
        """Take ``preferred``, or ``preferred{sep}2``, ``3``... with every family variant."""
        name = preferred
        if preferred[-1].isdigit() and not sep:
            sep = "_"
        number = 1
        while not self.is_free(name, family):
            number += 1
            name = f"{preferred}{sep}{number}"
        self.taken.update(name + suffix for suffix in family)
        return name


# --------------------------------------------------------------------------- words


def _nfkc(text: str) -> str:
    # Python reads identifiers NFKC-normalized: "ﬁle" and "file" are one name.
    return unicodedata.normalize("NFKC", text)


def _identifier_chars(text: str) -> str:
    """``text`` with every character that cannot appear in an identifier replaced by ``_``."""
    text = _INVALID.sub("_", _nfkc(text))
    return "".join(c if ("a" + c).isidentifier() else "_" for c in text)


def words(text: str) -> list[str]:
    """The words of a database name, split at anything that is not a letter or digit."""
    return [w for w in _SEPARATORS.split(_identifier_chars(text)) if w]


def pascal_case(text: str, *, prefix: str = "T") -> str:
    """``video_jobs`` → ``VideoJobs``; inner capitals are kept (``HTTPLog`` stays)."""
    name = "".join(w[:1].upper() + w[1:] for w in words(text))
    if not name:
        return prefix
    return prefix + name if name[0].isdigit() else name


_HUMP = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def snake_case(text: str) -> str:
    """``VideoJobs`` / ``video-jobs`` / ``HTTPLog`` → ``video_jobs`` / ``http_log`` (words only)."""
    return "_".join(part.lower() for w in words(text) for part in _HUMP.split(w) if part)


_UNINFLECTED = frozenset(
    [
        "data",
        "metadata",
        "series",
        "species",
        "news",
        "information",
        "equipment",
        "media",
        "sheep",
        "fish",
        "deer",
        "feedback",
        "software",
        "hardware",
        "analytics",
        "physics",
        "mathematics",
        "economics",
    ]
)
_IRREGULAR = {
    "people": "person",
    "men": "man",
    "women": "woman",
    "children": "child",
    "mice": "mouse",
    "geese": "goose",
    "feet": "foot",
    "teeth": "tooth",
    "indices": "index",
    "matrices": "matrix",
    "vertices": "vertex",
    "criteria": "criterion",
    "phenomena": "phenomenon",
    "leaves": "leaf",
    "lives": "life",
    "knives": "knife",
    "wives": "wife",
    "halves": "half",
    "shelves": "shelf",
    "movies": "movie",
    "cookies": "cookie",
    "quizzes": "quiz",
    "caches": "cache",
    "niches": "niche",
    "headaches": "headache",
    "aliases": "alias",
    "canvases": "canvas",
    "biases": "bias",
    "gases": "gas",
    "shoes": "shoe",
    "toes": "toe",
}
_PLURAL_IRREGULAR = {single: plural for plural, single in _IRREGULAR.items()}
# (suffix, replacement), first match wins; "" replacement keeps the word.
_SUFFIX_RULES = (
    ("sses", "ss"),
    ("uses", "us"),
    ("ises", "is"),
    ("yses", "ysis"),
    ("xes", "x"),
    ("shes", "sh"),
    ("ches", "ch"),
    ("zzes", "zz"),
    ("oes", "o"),
    ("ies", "y"),
    ("ss", "ss"),
    ("us", "us"),
    ("is", "is"),
    ("s", ""),
)


def _singular_word(word: str) -> str:
    lower = word.lower()
    if lower in _UNINFLECTED:
        return word
    if lower in _IRREGULAR:
        single = _IRREGULAR[lower]
        return word[:1] + single[1:] if word[:1].isupper() else single
    for suffix, repl in _SUFFIX_RULES:
        if lower.endswith(suffix) and suffix == repl:
            return word
        if lower.endswith(suffix) and len(lower) > len(suffix) + 1:
            return word[: len(word) - len(suffix)] + repl
    return word


def singularize(text: str) -> str:
    """The singular of a (possibly multi-word) name: only its last word changes."""
    match = re.search(r"[^\W_]+$", text)
    if not match:
        return text
    return text[: match.start()] + _singular_word(match.group())


def identifier(text: str, *, prefix: str = "col") -> str:
    """A lower-risk Python identifier for any text: invalid characters become ``_``.

    Leading underscores go (Pydantic treats ``_x`` as private), a leading digit
    gets ``prefix_``, empty text becomes ``prefix``.
    """
    name = re.sub(r"_{2,}", "_", _identifier_chars(text)).lstrip("_")
    if not name:
        return prefix
    return f"{prefix}_{name}" if name[0].isdigit() else name


def _attribute_reserved(name: str) -> bool:
    return name in ATTRIBUTE_RESERVED or name.startswith(reserved.PYDANTIC_PROTECTED_PREFIXES)


def _safe_attribute(name: str) -> str:
    """``metadata`` → ``metadata_``; a name in Pydantic's protected namespaces gets ``col_``."""
    if name.startswith(reserved.PYDANTIC_PROTECTED_PREFIXES):
        return "col_" + name
    return name + "_" if name in ATTRIBUTE_RESERVED else name


# --------------------------------------------------------------------------- enums


def enum_member_names(labels: Iterable[str]) -> tuple[str, ...]:
    """Unique upper-case member names for enum labels, in label order.

    Any label works: ``"in progress"`` → ``IN_PROGRESS``, ``"1080p"`` →
    ``V_1080P``, ``""`` → ``EMPTY``, ``"🎉"`` → ``VALUE``; a name already taken
    (``"a-b"`` after ``"a b"``) gets ``_2``, ``_3``... Labels that are already
    clean names claim first, so they keep them.
    """
    labels = list(labels)
    preferred = [_member_name(label) for label in labels]
    scope = Scope(set(reserved.PYTHON_AMBIGUOUS))
    result: list[str | None] = [None] * len(labels)
    order = sorted(range(len(labels)), key=lambda i: preferred[i] != labels[i].upper())
    for i in order:
        result[i] = scope.claim(preferred[i], sep="_")
    return tuple(name for name in result if name is not None)


def _member_name(label: str) -> str:
    if label == "":
        return "EMPTY"
    name = "_".join(words(label)).upper()
    # upper() can produce characters that are not identifiers (rare scripts).
    name = identifier(name, prefix="V")
    if name == "V":
        return "VALUE"
    return name if (name + "_x").isidentifier() else "VALUE"


# --------------------------------------------------------------------------- catalog names


@dataclass(slots=True)
class Names:
    """Every identifier decided for one catalog and config; build with :func:`names`."""

    classes: dict[tuple[str, str], str] = field(default_factory=dict)
    enums: dict[tuple[str, str], str] = field(default_factory=dict)
    composites: dict[tuple[str, str], str] = field(default_factory=dict)
    table_vars: dict[tuple[str, str], str] = field(default_factory=dict)
    attributes: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)
    fields: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)
    module_scope: Scope = field(default_factory=Scope)

    def class_name(self, schema: str, name: str) -> str:
        """The class name of table/view ``schema.name`` (PascalCase, singular unless off)."""
        return self.classes[(schema, name)]

    def enum_name(self, schema: str, name: str) -> str:
        """The class/type name of enum ``schema.name``."""
        return self.enums[(schema, name)]

    def composite_name(self, schema: str, name: str) -> str:
        """The class/type name of composite type ``schema.name``."""
        return self.composites[(schema, name)]

    def table_var(self, schema: str, name: str) -> str:
        """The module-level variable of a Core ``Table`` (``t_<name>``, sqlacodegen's habit)."""
        key = (schema, name)
        if key not in self.table_vars:
            self.table_vars[key] = self.module_scope.claim("t_" + identifier(name, prefix="t"))
        return self.table_vars[key]

    def columns(self, table: Table) -> dict[str, str]:
        """Column name → attribute name of ``table``."""
        return self.attributes[(table.schema, table.name)]

    def composite_fields(self, schema: str, name: str) -> dict[str, str]:
        """Attribute name → field name of a composite type's attributes."""
        return self.fields[(schema, name)]

    def class_scope(self, table: Table) -> Scope:
        """A fresh scope holding the table's attribute names, for relationships."""
        taken = set(self.columns(table).values())
        return Scope(taken, (ATTRIBUTE_RESERVED, self.module_scope.taken))


_CACHE: list[tuple[Catalog, Config, Names]] = []


def names(catalog: Catalog, config: Config) -> Names:
    """The :class:`Names` of ``catalog`` under ``config``, computed once and cached."""
    for cat, cfg, result in _CACHE:
        if cat is catalog and cfg is config:
            return result
    result = _build(catalog, config)
    _CACHE.append((catalog, config, result))
    del _CACHE[:-4]
    return result


def class_name(catalog: Catalog, config: Config, schema: str, table: str) -> str:
    """The class name of ``schema.table`` (same in every target)."""
    return names(catalog, config).class_name(schema, table)


def enum_type_name(catalog: Catalog, config: Config, schema: str, enum: str) -> str:
    """The type name of enum ``schema.enum`` (same in every target)."""
    return names(catalog, config).enum_name(schema, enum)


@dataclass(slots=True)
class _Wanted:
    kind: str  # "table" | "enum" | "composite"
    schema: str
    name: str
    preferred: str
    fallback: str  # the plural when singularizing collides
    family: tuple[str, ...]


def _build(catalog: Catalog, config: Config) -> Names:
    result = Names(module_scope=Scope(set(GLOBAL_RESERVED)))
    scope = result.module_scope
    wanted = _wanted(catalog, config)
    first_schema = catalog.schemas[0] if catalog.schemas else "public"
    targets = {"table": result.classes, "enum": result.enums, "composite": result.composites}
    pending: list[_Wanted] = []
    for item in wanted:
        renamed = config.rename.get(f"{item.schema}.{item.name}")
        if renamed is not None:
            _check_identifier(renamed, f"{item.schema}.{item.name}")
            targets[item.kind][(item.schema, item.name)] = scope.claim(renamed, item.family)
        else:
            pending.append(item)
    _keep_plural_on_collision(pending)
    counts = Counter(w.preferred for w in pending)
    contested = [
        w for w in pending if counts[w.preferred] > 1 or not scope.is_free(w.preferred, w.family)
    ]
    for item in pending:
        if item not in contested:
            targets[item.kind][(item.schema, item.name)] = scope.claim(item.preferred, item.family)
    for item in contested:
        preferred = item.preferred
        if item.schema != first_schema:
            preferred = pascal_case(item.schema) + preferred
        elif item.kind == "enum" and not scope.is_free(preferred, item.family):
            preferred += "Enum"
        targets[item.kind][(item.schema, item.name)] = scope.claim(preferred, item.family)
    for table in sorted(catalog.tables, key=lambda t: (t.schema, t.name)):
        result.table_var(table.schema, table.name)
    for table in catalog.tables:
        columns = [c.name for c in table.columns]
        result.attributes[(table.schema, table.name)] = _column_names(
            table.schema, table.name, columns, config, scope
        )
    for comp in catalog.composite_types:
        fields = [a.name for a in comp.attributes]
        result.fields[(comp.schema, comp.name)] = _column_names(
            comp.schema, comp.name, fields, config, scope
        )
    return result


def _keep_plural_on_collision(pending: list[_Wanted]) -> None:
    """Of several names singularizing to one class name, one keeps it; the rest stay plural.

    The winner is the one that was singular already (``video`` over ``videos``),
    else the first in (schema, name) order.
    """
    groups: dict[tuple[str, str], list[_Wanted]] = {}
    for item in pending:
        # Across schemas the schema prefix tells them apart; no need to go plural.
        groups.setdefault((item.schema, item.preferred), []).append(item)
    for group in groups.values():
        if len(group) < 2:
            continue
        winner = next((w for w in group if w.fallback == w.preferred), group[0])
        for item in group:
            if item is not winner:
                item.preferred = item.fallback


def _wanted(catalog: Catalog, config: Config) -> list[_Wanted]:
    out: list[_Wanted] = []
    for t in sorted(catalog.tables, key=lambda t: (t.schema, t.name)):
        plural = pascal_case(t.name)
        single = pascal_case(singularize(t.name)) if config.singularize else plural
        out.append(_Wanted("table", t.schema, t.name, single, plural, TABLE_FAMILY))
    for e in sorted(catalog.enums, key=lambda e: (e.schema, e.name)):
        name = pascal_case(e.name, prefix="E")
        out.append(_Wanted("enum", e.schema, e.name, name, name, ENUM_FAMILY))
    for c in sorted(catalog.composite_types, key=lambda c: (c.schema, c.name)):
        name = pascal_case(c.name, prefix="C")
        out.append(_Wanted("composite", c.schema, c.name, name, name, COMPOSITE_FAMILY))
    return out


def _column_names(
    schema: str, table: str, columns: list[str], config: Config, module: Scope
) -> dict[str, str]:
    """Attribute names of columns (or composite fields): renames, clean names, the rest."""
    scope = Scope(set(), (ATTRIBUTE_RESERVED, module.taken))
    result: dict[str, str] = {}
    prefix = f"{schema}.{table}."
    for col in columns:
        renamed = config.rename.get(prefix + col)
        if renamed is not None:
            _check_identifier(renamed, prefix + col)
            result[col] = scope.claim(renamed, sep="_")
    rest = [c for c in columns if c not in result]
    # Columns whose name is already a safe identifier keep it, whatever their order.
    clean = [n for n in rest if identifier(n) == n and not _attribute_reserved(n)]
    for name in clean:
        result[name] = scope.claim(name, sep="_")
    for name in rest:
        if name in result:
            continue
        result[name] = scope.claim(_safe_attribute(identifier(name)), sep="_")
    return {c: result[c] for c in columns}


def _check_identifier(name: str, key: str) -> None:
    if not name.isidentifier() or name in reserved.PYTHON_KEYWORDS or _nfkc(name) != name:
        raise ConfigError(f"rename of '{key}' to '{name}' is not a valid Python identifier")


def relationship_name(scope: Scope, preferred: str) -> str:
    """Claim a relationship attribute name in a class scope (reserved names get ``_``)."""
    return scope.claim(_safe_attribute(identifier(preferred, prefix="rel")), sep="_")


def snake_plural(text: str) -> str:
    """``video_job`` → ``video_jobs``, for collection attribute names (already-plural kept)."""
    last = (words(text)[-1:] or [""])[0]
    if singularize(text) != text or last.lower() in _UNINFLECTED:
        return text
    plural = _PLURAL_IRREGULAR.get(last.lower())
    if plural is not None:
        return text[: len(text) - len(last)] + plural
    lower = text.lower()
    if lower.endswith(("s", "x", "z", "ch", "sh")):
        return text + "es"
    if lower.endswith("y") and len(lower) > 1 and lower[-2] not in "aeiou":
        return text[:-1] + "ies"
    return text + "s"
