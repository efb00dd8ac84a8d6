"""Markdown and Mermaid text for the ``docs`` target: database text reaches ``schema.md`` only here.

Markdown is GitHub Flavored Markdown as cmark-gfm (GitHub's parser) reads it:

- :func:`md_text` is prose on one physical line: Markdown punctuation is
  backslash-escaped, ``<`` and ``&`` become entities (no raw HTML, so no
  ``</script>``), ``|`` is escaped so a table cell cannot be split, and line
  breaks become ``<br>``;
- :func:`md_paragraph` is :func:`md_text` that may start a line (a leading
  ``#``, ``>``, ``-``, ``1.`` cannot start a heading, quote or list);
- :func:`md_code` is an inline code span, safe in a table cell too.

Mermaid is an ``erDiagram`` as the lexer of Mermaid 10 to 12 reads it:

- :func:`mermaid_token` is an attribute type or name: a bare word of
  ``[A-Za-z0-9_]`` (which every version accepts), never ``PK``/``FK``/``UK``;
- :func:`mermaid_label` is text inside ``"..."``: every character the lexer or
  its preprocessor treats specially is written as a Mermaid entity code
  (``#34;``), which the renderer shows as the character itself;
- :class:`EntityIds` gives each relation a unique entity id, the table's own
  name when Mermaid accepts it as one, a safe alias (shown with its real name
  as ``alias["label"]``) otherwise.
"""

from __future__ import annotations

import re
import unicodedata

from schemafirst.naming import Scope

# ----------------------------------------------------------------------------- Markdown

_LINE_BREAK = re.compile(r"\r\n|[\r\n\u2028\u2029\x85]")
# Control characters are shown as their Unicode "control pictures" (U+2400..):
# visible, distinct, and never a line break or a terminal escape.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# Every ASCII punctuation character may be backslash-escaped in CommonMark;
# these are the ones that mean something inline (emphasis, links, code, tables,
# strikethrough, GitHub's $math$) or, escaped everywhere, at a line start.
_MD_PUNCT = re.compile(r"([\\`*_\[\]|~$])")
# No raw HTML: without '<' there is no tag, so '>' only matters at a line start.
_MD_ENTITIES = {"&": "&amp;", "<": "&lt;"}
# What starts a block when it opens a line: heading, quote, list item, setext
# underline, thematic break.
_BLOCK_START = re.compile(r"^(\s*)([#>+=-]|\d+[.)])")


def _control_picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    return "\u2421" if code == 0x7F else chr(0x2400 + code)


def md_text(text: str) -> str:
    """Prose on one line, safe anywhere inline, table cells included."""
    out = "".join(_MD_ENTITIES.get(c, c) for c in text.replace("\t", " "))
    out = _MD_PUNCT.sub(r"\\\1", out)
    lines = [_CONTROL.sub(_control_picture, line) for line in _LINE_BREAK.split(out)]
    return "<br>".join(lines)


def md_paragraph(text: str) -> str:
    """:func:`md_text` that opens a line of its own: it cannot start a block."""
    out = md_text(text.strip())
    return _BLOCK_START.sub(lambda m: m.group(1) + "\\" + m.group(2), out, count=1)


def md_code(text: str) -> str:
    """An inline code span of ``text``, exact in a table cell too."""
    if not text:
        return "*(empty)*"
    shown = _CONTROL.sub(_control_picture, _LINE_BREAK.sub("\u2424", text))
    if "|" in shown:
        # In a GFM table a code span cannot hold "\|" exactly (the table
        # splitter eats the backslash, a code span does not unescape): use
        # <code> around escaped text instead, which holds anything.
        return f"<code>{md_text(shown)}</code>"
    longest = max((len(run) for run in re.findall(r"`+", shown)), default=0)
    fence = "`" * (longest + 1)
    # One space each side is stripped by the parser; it keeps a backtick or a
    # space at either end of the text from merging with the fence.
    pad = " " if shown.strip(" ") and (shown[0] in "` " or shown[-1] in "` ") else ""
    return f"{fence}{pad}{shown}{pad}{fence}"


def md_code_list(items: tuple[str, ...] | list[str]) -> str:
    """``a``, ``b`` as code spans separated by commas."""
    return ", ".join(md_code(item) for item in items)


# ----------------------------------------------------------------------------- Mermaid

_TOKEN_INVALID = re.compile(r"[^A-Za-z0-9_]")
# Mermaid's block lexer reads PK, FK and UK (any case) as key markers wherever
# a word boundary follows them, before it tries an attribute word.
_KEY_WORD = re.compile(r"(?i)^(pk|fk|uk)(?![A-Za-z0-9_])")
_ALIAS_INVALID = re.compile(r"[^A-Za-z0-9]+")
_PLAIN_ID = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# Words the erDiagram lexer reads as keywords (case-insensitively) before it
# tries an entity name: cardinalities, statements, and the accessibility and
# direction prefixes. Such a table gets an alias.
MERMAID_KEYWORDS = frozenset(
    {
        "accdescr",
        "acctitle",
        "class",
        "classdef",
        "direction",
        "end",
        "erdiagram",
        "many",
        "o",
        "one",
        "only",
        "optionally",
        "style",
        "subgraph",
        "title",
        "to",
        "u",
        "zero",
    }
)
# Inside a quoted string the lexer stops at '"'; its entity-name rule also
# refuses %, backslash and line breaks; the preprocessor reads "%%" as a
# comment or directive, '<tag attr="...">' as HTML, and '#name;' as an
# entity; inside an attribute block a pair of '~' is a generic type. All of
# them, and '&' / '`' for the renderer's HTML, are written as '#<code>;'.
_LABEL_SPECIAL = frozenset('"%#\\<>&`~')
# The lexer tries `.*direction\s+(TB|BT|RL|LR)` at every position of a line,
# before quoted strings: such words inside a label would swallow the line.
_DIRECTION = re.compile(r"(?i)(direction)(\s+)(?=tb|bt|rl|lr)")


def _entity_code(char: str) -> str:
    return f"#{ord(char)};"


def mermaid_label(text: str) -> str:
    """``text`` for inside ``"..."`` of an erDiagram: one line, nothing Mermaid reads."""
    out = "".join(
        _entity_code(c)
        if c in _LABEL_SPECIAL or ord(c) < 0x20 or ord(c) == 0x7F or c in "\u2028\u2029\x85"
        else c
        for c in text
    )
    return _DIRECTION.sub(lambda m: m.group(1) + "".join(map(_entity_code, m.group(2))), out)


def mermaid_token(text: str) -> str:
    """A bare attribute word for ``text``: ``[A-Za-z_][A-Za-z0-9_]*``, never a key marker."""
    token = _TOKEN_INVALID.sub("_", text)
    if not token or token[0].isdigit() or _KEY_WORD.match(token):
        token = "_" + token
    return token


def mermaid_type(name: str, array_dimensions: int) -> str:
    """An attribute type word: the type's name, ``[]`` per array dimension."""
    return mermaid_token(name) + "[]" * array_dimensions


class EntityIds:
    """Entity ids of one diagram: an entity's own name when Mermaid reads it as one, else an alias.

    ``names`` maps a key of each entity to the name the diagram shows. Names
    that are plain ids claim themselves first, so an alias can never take a
    real table's name, whatever order the aliases come in.
    """

    def __init__(self, names: dict[tuple[str, str], str]) -> None:
        self._scope = Scope()
        self._names = names
        self._ids: dict[tuple[str, str], str] = {}
        for key, name in names.items():
            if self.is_plain(name):
                self._ids[key] = self._scope.claim(name, sep="_")
        for key, name in names.items():
            if key not in self._ids:
                self._ids[key] = self._scope.claim(self._alias(name), sep="_")

    @staticmethod
    def is_plain(name: str) -> bool:
        """True when Mermaid reads ``name`` itself as an entity id."""
        return bool(_PLAIN_ID.match(name)) and name.lower() not in MERMAID_KEYWORDS

    @staticmethod
    def _alias(name: str) -> str:
        # "café" -> cafe: accents dropped rather than the letter.
        ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
        token = _ALIAS_INVALID.sub("_", ascii_name).strip("_")
        if not token or token[0].isdigit() or token.lower() in MERMAID_KEYWORDS:
            token = "t_" + token
        return token

    def id(self, key: tuple[str, str]) -> str:
        """The entity id of ``key``."""
        return self._ids[key]

    def ref(self, key: tuple[str, str]) -> str:
        """How an entity is declared: ``id``, or ``id["name"]`` when the id is not its name."""
        ident, name = self._ids[key], self._names[key]
        return ident if ident == name else f'{ident}["{mermaid_label(name)}"]'
