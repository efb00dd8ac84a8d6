"""The default templates as files: ``schemafirst templates list`` and ``templates eject``.

Each default template's first line is a Jinja comment saying what it renders::

    {#- output: {sqlalchemy}/models.py -- SQLAlchemy 2.x declarative models -#}

``{target}`` there stands for that target's folder, so ``list`` shows the
paths this project's config gives. ``eject`` copies a target's defaults into
a folder (by default the configured ``templates_dir``, else
``schema/templates``) and never overwrites a file.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from schemafirst.config import Config
from schemafirst.errors import ConfigError
from schemafirst.output import write_atomic
from schemafirst.render.environment import templates_root

DEFAULT_EJECT_DIR = "schema/templates"
_OUTPUT = re.compile(r"^\{#-?\s*output:\s*(?P<output>.*?)(?:\s+--\s+(?P<what>.*?))?\s*-?#\}\s*$")
_TARGET_FOLDER = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True, slots=True)
class DefaultTemplate:
    """One shipped template: its name, the file it renders, what that is, its blocks."""

    name: str
    output: str
    what: str
    blocks: tuple[str, ...]


def default_names() -> list[str]:
    """Every file under the default templates folder, as template names (POSIX, sorted)."""
    root = templates_root()
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def describe(config: Config) -> list[DefaultTemplate]:
    """Every default template, its output under ``config``'s folders and its blocks."""
    from jinja2 import nodes

    from schemafirst.render.environment import environment

    env = environment(None)
    root = templates_root()
    found = []
    for name in default_names():
        source = (root / name).read_text(encoding="utf-8")
        header = _OUTPUT.match(source.split("\n", 1)[0])
        output = _output(config, header["output"]) if header else "(not described)"
        blocks = tuple(b.name for b in env.parse(source).find_all(nodes.Block))
        found.append(DefaultTemplate(name, output, (header and header["what"]) or "", blocks))
    return found


def _output(config: Config, described: str) -> str:
    """The header's paths with this config's folders; two targets sharing a folder show once."""
    paths = [_TARGET_FOLDER.sub(lambda m: _folder(config, m[1]), p) for p in described.split(", ")]
    return ", ".join(dict.fromkeys(paths))


def _folder(config: Config, target: str) -> str:
    if target in config.targets:
        return config.target_path(target)
    return f"<{target} folder>"


def list_lines(config: Config) -> list[str]:
    """What ``templates list`` prints: defaults, which are overridden, custom targets."""
    user = config.templates_dir
    lines = []
    for t in describe(config):
        lines.append(f"{t.name}  ->  {t.output}" + (f"  -- {t.what}" if t.what else ""))
        if t.blocks:
            lines.append(f"    blocks: {', '.join(t.blocks)}")
        if user is not None and (user / t.name).is_file():
            lines.append(f"    overridden by {_shown(user / t.name)}")
    defaults = set(default_names())
    if user is not None and user.is_dir():
        for path in sorted(p for p in user.rglob("*") if p.is_file()):
            name = path.relative_to(user).as_posix()
            if name not in defaults:
                lines.append(f"{_shown(path)}  (yours: not a default template)")
    for c in config.custom_targets.values():
        lines.append(f"custom target {c.name}: {c.template}  ->  {c.output} ({c.language})")
    return lines


def eject(config: Config, target: str, to: Path | None) -> list[str]:
    """Copy ``target``'s default templates (``all``: every one) into ``to``; never overwrite."""
    names = default_names()
    known = sorted({n.split("/", 1)[0] for n in names if "/" in n})
    if target != "all" and target not in known:
        raise ConfigError(f"no default templates for '{target}' (known: {', '.join(known)}, all)")
    chosen = [n for n in names if target == "all" or n.startswith(f"{target}/")]
    folder = (to or config.templates_dir or config.root / DEFAULT_EJECT_DIR).absolute()
    existing = [folder / n for n in chosen if (folder / n).exists()]
    if existing:
        raise ConfigError(
            f"{_shown(existing[0])} already exists and eject never overwrites a file: "
            "move it away or eject --to another folder"
        )
    root = templates_root()
    for name in chosen:
        write_atomic(folder / name, (root / name).read_bytes())
    lines = [f"copied  {_shown(folder / n)}" for n in chosen]
    if config.templates_dir is None or config.templates_dir.absolute() != folder:
        lines.append(
            f'next: set templates_dir = "{_relative(folder, config.root)}" in [tool.schemafirst] '
            f"(or pass --templates {_shown(folder)}), then edit or delete the copies"
        )
    return lines


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root.absolute()).as_posix()
    except ValueError:
        return path.as_posix()


def _shown(path: Path) -> str:
    """``path`` relative to the working folder when it is inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else rel
