"""The API-code cache: reused while nothing the import read changed, missed once anything did."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from test_cli import ROOT, run

from schemafirst import apicache
from schemafirst.apimodels.ir import ApiEnum, ApiModels
from schemafirst.openapi import Endpoints, Parameter, SchemaType


class Loader:
    """A stand-in for importing user code: reads what ``read`` does, counts its runs."""

    def __init__(self, root: Path, read: object) -> None:
        self.root, self.read, self.runs = root, read, 0

    def __call__(self) -> Endpoints:
        self.runs += 1
        text = self.read(self.root)  # type: ignore[operator]
        return Endpoints(title=str(text), operations=())

    def load(self) -> Endpoints:
        value: Endpoints = apicache.load(self.root, {"app": "x"}, self)
        return value


def _read_models(root: Path) -> str:
    return (root / "models.py").read_text()


def _settle(*paths: Path) -> None:
    """Date files an hour back: saved long before the import, not during it (see _RACY_NS)."""
    for path in paths:
        for file in [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]:
            os.utime(file, ns=(file.stat().st_atime_ns, file.stat().st_mtime_ns - 3600 * 10**9))


def test_unchanged_inputs_hit_and_an_edited_file_misses(tmp_path: Path) -> None:
    (tmp_path / "models.py").write_text("A = 1\n")
    _settle(tmp_path / "models.py")
    loader = Loader(tmp_path, _read_models)
    assert loader.load().title == "A = 1\n" and loader.runs == 1
    assert loader.load().title == "A = 1\n" and loader.runs == 1  # served from the cache
    assert (tmp_path / ".schemafirst" / ".gitignore").read_text().endswith("*\n")
    (tmp_path / "models.py").write_text("A = 2\n")  # same size: content decides, not stat
    assert loader.load().title == "A = 2\n" and loader.runs == 2


def test_a_new_file_in_a_listed_folder_misses(tmp_path: Path) -> None:
    (tmp_path / "routers").mkdir()
    loader = Loader(tmp_path, lambda root: ",".join(sorted(os.listdir(root / "routers"))))
    assert loader.load().title == "" and loader.load().title == "" and loader.runs == 1
    (tmp_path / "routers" / "extra.py").write_text("")
    assert loader.load().title == "extra.py" and loader.runs == 2


def test_a_file_that_appears_misses(tmp_path: Path) -> None:
    def optional(root: Path) -> str:
        try:
            return (root / "local.toml").read_text()
        except FileNotFoundError:
            return "none"

    loader = Loader(tmp_path, optional)
    assert loader.load().title == "none" and loader.load().title == "none" and loader.runs == 1
    (tmp_path / "local.toml").write_text("x")
    assert loader.load().title == "x" and loader.runs == 2


def test_environment_and_settings_are_part_of_the_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loader = Loader(tmp_path, lambda root: os.environ.get("APP_MODE", ""))
    loader.load()
    loader.load()
    assert loader.runs == 1
    monkeypatch.setenv("APP_MODE", "debug")
    assert loader.load().title == "debug" and loader.runs == 2
    apicache.load(tmp_path, {"app": "other"}, loader)
    assert loader.runs == 3


def test_special_files_opt_out_and_so_does_the_environment_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loader = Loader(tmp_path, lambda root: Path(os.devnull).read_text())
    loader.load()
    loader.load()
    assert loader.runs == 2  # a device read at import: never cached
    (tmp_path / "models.py").write_text("A = 1\n")
    _settle(tmp_path / "models.py")
    plain = Loader(tmp_path, _read_models)
    monkeypatch.setenv("SCHEMAFIRST_NO_CACHE", "1")
    plain.load()
    plain.load()
    assert plain.runs == 2 and not (tmp_path / ".schemafirst").exists()


def test_a_corrupt_or_foreign_entry_is_a_miss(tmp_path: Path) -> None:
    (tmp_path / "models.py").write_text("A = 1\n")
    _settle(tmp_path / "models.py")
    loader = Loader(tmp_path, _read_models)
    loader.load()
    cache = tmp_path / ".schemafirst" / apicache.CACHE_FILE
    entry = json.loads(cache.read_text())
    entry["value"] = {"$c": "os.system", "f": {"command": "echo owned"}}  # never built
    cache.write_text(json.dumps(entry))
    assert loader.load().title == "A = 1\n" and loader.runs == 2
    cache.write_text("{not json")
    assert loader.load().title == "A = 1\n" and loader.runs == 3
    cache.write_text("[" * 200_000 + "]" * 200_000)  # too deep for the JSON decoder
    assert loader.load().title == "A = 1\n" and loader.runs == 4


def test_a_file_saved_while_the_import_runs_is_never_vouched_for(tmp_path: Path) -> None:
    models = tmp_path / "models.py"
    models.write_text("VALUE = 'old'\n")
    _settle(models)

    def read_then_saved(root: Path) -> str:
        text = models.read_text()
        models.write_text("VALUE = 'new'\n")  # the user saves during the import
        return text

    loader = Loader(tmp_path, read_then_saved)
    assert loader.load().title == "VALUE = 'old'\n"
    loader.read = _read_models
    assert loader.load().title == "VALUE = 'new'\n" and loader.runs == 2


def test_values_round_trip_with_their_types() -> None:
    param = Parameter(
        name="q",
        location="query",
        required=False,
        type=SchemaType(kind="literal", values=("a", 1, 2.5, True, None)),
        default=["x", {"k": (1, 2)}],  # type: ignore[arg-type]  # JSON defaults can be lists
        has_default=True,
    )
    value = (
        Endpoints(title="t", operations=()),
        param,
        ApiModels(enums=(ApiEnum(name="E", python_name="E", module="m", members=(("A", 1.5),)),)),
    )
    assert apicache.decode(json.loads(json.dumps(apicache.encode(value)))) == value


def _api_project(tmp_path: Path) -> Path:
    project = tmp_path / "p"
    shutil.copytree(
        ROOT / "schema" / "api", project / "api", ignore=shutil.ignore_patterns("*.pyc")
    )
    shutil.copy(ROOT / "schema" / "snapshot.json", project / "snapshot.json")
    app = project / "api" / "app.py"
    app.write_text(app.read_text() + '\nprint("test: app imported", file=sys.stderr)\n')
    (project / "pyproject.toml").write_text(
        '[tool.schemafirst]\nsnapshot = "snapshot.json"\napi_modules = ["api/schemas.py"]\n'
        'fastapi_app = "api/app.py:app"\nout = "generated"\n'
    )
    _settle(project)
    return project


def test_check_offline_reuses_the_app_until_a_model_changes(tmp_path: Path) -> None:
    project = _api_project(tmp_path)
    first = run("generate", cwd=project)
    assert first.returncode == 0, first.stderr
    assert "app imported" in first.stderr
    # The first generate created generated/ in a folder the import listed: one miss.
    assert run("check", "--offline", cwd=project).returncode == 0
    clean = run("check", "--offline", cwd=project)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "app imported" not in clean.stderr  # the endpoints came from the cache
    schemas = project / "api" / "schemas.py"
    edited = schemas.read_text().replace(
        '    title: str = Field(description="Title given at upload.")\n',
        '    title: str = Field(description="Title given at upload.")\n'
        '    subtitle: str = Field(description="A second title.")\n',
    )
    assert edited != schemas.read_text()
    schemas.write_text(edited)
    stale = run("check", "--offline", cwd=project)
    assert "app imported" in stale.stderr
    assert stale.returncode == 1 and "subtitle" in stale.stdout


def test_a_failing_import_is_never_cached(tmp_path: Path) -> None:
    def broken(root: Path) -> str:
        raise ValueError("the app raised")

    loader = Loader(tmp_path, broken)
    for _ in range(2):
        with pytest.raises(ValueError, match="the app raised"):
            loader.load()
    assert loader.runs == 2 and not (tmp_path / ".schemafirst" / apicache.CACHE_FILE).exists()
