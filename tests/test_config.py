"""Configuration loading: defaults, validation errors that name the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from schemafirst import config
from schemafirst.errors import ConfigError


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "pyproject.toml"
    path.write_text('[project]\nname = "x"\n\n[tool.schemafirst]\n' + body)
    return path


def test_defaults_and_paths(tmp_path: Path) -> None:
    _write(tmp_path, 'migrations = "db/migrations"\n[tool.schemafirst.targets]\ntanstack = false\n')
    (tmp_path / "sub").mkdir()
    cfg = config.load(cwd=tmp_path / "sub")  # found by searching upwards
    assert cfg.found and cfg.root == tmp_path.resolve()
    assert cfg.migrations == (tmp_path / "db/migrations").resolve()
    assert cfg.schemas == ("public",)
    assert "tanstack" not in cfg.targets and cfg.target_path("typescript") == "generated/ts/types"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("migration = 'x'\n", "unknown key 'migration'"),
        ("schemas = 'public'\n", "key 'schemas'"),
        ("supabase = 'yes'\n", "key 'supabase'"),
        ("schemas = []\n", "key 'schemas' must name at least one schema"),
        ("[tool.schemafirst.targets]\nkotlin = 'x'\n", "unknown target 'kotlin'"),
        ("[tool.schemafirst.overrides.'public.t.c']\npython = 1\n", "overrides.public.t.c.python"),
        ("[tool.schemafirst.primary_keys]\n'public.t' = []\n", "key 'primary_keys.public.t'"),
        ("[tool.schemafirst.primary_keys]\n'public.t' = 'id'\n", "key 'primary_keys.public.t'"),
        ("[tool.schemafirst.primary_keys]\n'public.t' = [1]\n", "key 'primary_keys.public.t.0'"),
    ],
)
def test_bad_config_is_one_sentence_naming_the_key(tmp_path: Path, body: str, message: str) -> None:
    _write(tmp_path, body)
    with pytest.raises(ConfigError) as info:
        config.load(cwd=tmp_path)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_primary_keys(tmp_path: Path) -> None:
    _write(tmp_path, "[tool.schemafirst.primary_keys]\n'public.audit_log' = ['at', 'message']\n")
    assert config.load(cwd=tmp_path).primary_keys == {"public.audit_log": ("at", "message")}
    assert config.Config(root=tmp_path).primary_keys == {}


def test_no_config_is_not_found(tmp_path: Path) -> None:
    assert not config.load(cwd=tmp_path).found


def test_target_path_is_normalized_even_outside_the_project(tmp_path: Path) -> None:
    _write(
        tmp_path, 'out = "../elsewhere"\n[tool.schemafirst.targets]\ntypescript = "../web/types"\n'
    )
    cfg = config.load(cwd=tmp_path)
    assert cfg.target_path("typescript") == "../web/types"
    assert cfg.target_path("sqlalchemy") == "../elsewhere/python"
