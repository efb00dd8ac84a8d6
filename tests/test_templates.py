"""Templates as the extension point: block overrides, custom targets, eject, the sandbox.

Everything renders the example's committed snapshot (schema/snapshot.json),
so no Postgres is needed. Generated Python is imported and its mappers
configured; commands run through the real CLI (in-process with CliRunner,
and in a subprocess where a traceback would show).
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import re
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_cli import ROOT, run
from typer.testing import CliRunner

from schemafirst import config as config_mod
from schemafirst import ir, naming, pipeline, snapshot, template_files
from schemafirst.cli import app
from schemafirst.config import Config
from schemafirst.pipeline import render_all
from schemafirst.render import custom, environment, filters
from schemafirst.render.base import Plan, RenderInputs

SNAPSHOT = ROOT / "schema" / "snapshot.json"
DOCS = ROOT / "docs" / "templates.md"

MIXIN = '''class AuditMixin:
    """Added to every model by a template override."""

    def audit_label(self) -> str:
        return f"{type(self).__name__}@{self.__tablename__}"'''

MIXIN_OVERRIDE = (
    '{% extends "EXTENDS" %}\n'
    "{% block base %}\n{{ super() }}\n\n\n" + MIXIN + "\n{% endblock %}\n"
    "{% block class_header %}\nclass {{ c.name }}(AuditMixin, Base):\n{% endblock %}\n"
)

DATASHEET = """# {{ table.name|md_text }} ({{ table|class_name }})

{% if table.comment %}{{ table.comment|md_paragraph }}

{% endif %}
| column | type | nullable |
|---|---|---|
{% for col in table.columns %}
| {{ col.name|md_code }} | {{ col.type.display|md_code }} | {{ "yes" if col.nullable else "no" }} |
{% endfor %}
"""

PROJECT = """[tool.schemafirst]
snapshot = "snap.json"
out = "generated"
templates_dir = "tpl"

[tool.schemafirst.targets.datasheet]
template = "datasheet.md.j2"
output = "tables/{schema}/{table}.md"
"""


@pytest.fixture(scope="module")
def catalog() -> ir.Catalog:
    return snapshot.load(SNAPSHOT)


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """Run the CLI in-process; returns (exit code, stdout, stderr)."""
    monkeypatch.delenv("DATABASE_URL", raising=False)
    runner = CliRunner()

    def invoke(*args: str) -> tuple[int, str, str]:
        result = runner.invoke(app, list(args))
        return result.exit_code, result.stdout, result.stderr

    yield invoke


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project with the example's snapshot and a per-table custom target (cwd)."""
    (tmp_path / "pyproject.toml").write_text(PROJECT)
    (tmp_path / "snap.json").write_bytes(SNAPSHOT.read_bytes())
    (tmp_path / "tpl").mkdir()
    (tmp_path / "tpl" / "datasheet.md.j2").write_text(DATASHEET)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _render(catalog: ir.Catalog, root: Path, targets: list[str], **settings: Any) -> Plan:
    config = Config(root=root, out=root / "gen", snapshot=None, **settings)
    return render_all(RenderInputs(catalog=catalog, config=config), targets)


def _tree(folder: Path) -> dict[Path, bytes]:
    return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _changes(before: str, after: str) -> tuple[list[str], list[str]]:
    """(removed lines, added lines) of a unified diff."""
    diff = list(difflib.unified_diff(before.splitlines(), after.splitlines(), n=0, lineterm=""))
    removed = [line[1:] for line in diff[2:] if line.startswith("-")]
    added = [line[1:] for line in diff[2:] if line.startswith("+")]
    return removed, added


# ----------------------------------------------------------------------------- block overrides


@pytest.mark.parametrize("extends", ["sqlalchemy/models.py.j2", "default/sqlalchemy/models.py.j2"])
def test_mixin_block_override_changes_exactly_the_class_lines_and_still_maps(
    catalog: ir.Catalog, tmp_path: Path, extends: str
) -> None:
    user = tmp_path / "tpl"
    (user / "sqlalchemy").mkdir(parents=True)
    (user / "sqlalchemy" / "models.py.j2").write_text(MIXIN_OVERRIDE.replace("EXTENDS", extends))
    default = _render(catalog, tmp_path, ["sqlalchemy"])
    changed = _render(catalog, tmp_path, ["sqlalchemy"], templates_dir=user)

    models = "gen/python/models.py"
    assert {p: f.text for p, f in default.items() if p != models} == {
        p: f.text for p, f in changed.items() if p != models
    }
    classes = re.findall(r"^class (\w+)\(Base\):$", default[models].text, re.M)
    assert len(classes) == 3
    removed, added = _changes(default[models].text, changed[models].text)
    assert removed == [f"class {name}(Base):" for name in classes]
    assert added == [
        *MIXIN.splitlines(),
        "",
        "",
        *(f"class {n}(AuditMixin, Base):" for n in classes),
    ]

    for path, item in changed.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(item.text)
    code = textwrap.dedent("""
        import json
        from sqlalchemy.orm import configure_mappers
        from python import models
        configure_mappers()
        mapped = sorted(m.class_.__name__ for m in models.Base.registry.mappers)
        mixed = all(issubclass(m.class_, models.AuditMixin) for m in models.Base.registry.mappers)
        print(json.dumps([mapped, mixed, models.Video().audit_label()]))
    """)
    proc = subprocess.run(
        [sys.executable, "-W", "error", "-c", code],
        cwd=tmp_path / "gen",
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == [sorted(classes), True, "Video@videos"]


@pytest.mark.parametrize(
    ("template", "target", "output"),
    [
        ("sqlalchemy/enums.py.j2", "sqlalchemy", "gen/python/enums.py"),
        ("pydantic/schemas.py.j2", "pydantic", "gen/python/schemas.py"),
        ("typescript/database.ts.j2", "typescript", "gen/ts/types/database.ts"),
        ("typescript/zod.ts.j2", "typescript", "gen/ts/types/zod.ts"),
        ("tanstack/supabase/api/client.ts.j2", "tanstack", "gen/ts/api/client.ts"),
    ],
)
def test_footer_block_of_each_target_appends_only_its_lines(
    catalog: ir.Catalog, tmp_path: Path, template: str, target: str, output: str
) -> None:
    marker = "# added by an override" if output.endswith(".py") else "// added by an override"
    path = tmp_path / "tpl" / template
    path.parent.mkdir(parents=True)
    path.write_text(
        f'{{% extends "{template}" %}}\n{{% block footer %}}\n{marker}\n{{% endblock %}}\n'
    )
    default = _render(catalog, tmp_path, [target])[output].text
    changed = _render(catalog, tmp_path, [target], templates_dir=tmp_path / "tpl")[output].text
    removed, added = _changes(default, changed)
    assert removed == []
    assert [line for line in added if line] == [marker]
    assert changed.startswith(default.rstrip("\n"))


# ----------------------------------------------------------------------------- custom targets


def test_custom_per_table_target_is_generated_and_checked_for_drift(
    project: Path, cli: Any
) -> None:
    code, out, err = cli("generate", "--snapshot", "snap.json", "--target", "datasheet")
    assert code == 0, err
    sheets = sorted(p.relative_to(project).as_posix() for p in project.rglob("*.md"))
    assert sheets == [
        "generated/tables/public/video_jobs.md",
        "generated/tables/public/video_metadata.md",
        "generated/tables/public/videos.md",
    ]
    videos = (project / "generated/tables/public/videos.md").read_text()
    assert videos.startswith("<!-- Generated by schemafirst.")
    assert "# videos (Video)" in videos and "| `title` | `text` | no |" in videos
    manifest = json.loads((project / "generated/.schemafirst-manifest.json").read_text())
    assert manifest["files"]["generated/tables/public/videos.md"] == "datasheet"
    assert cli("check", "--snapshot", "snap.json", "--target", "datasheet")[0] == 0

    # The schema changes: video_metadata is dropped, videos gets another comment.
    data = json.loads(SNAPSHOT.read_text())
    tables = [t for t in data["catalog"]["tables"] if t["name"] != "video_metadata"]
    next(t for t in tables if t["name"] == "videos")["comment"] = "Clips | uploaded *today*"
    data["catalog"]["tables"] = tables
    (project / "changed.json").write_text(json.dumps(data))
    code, out, err = cli(
        "check", "--snapshot", "changed.json", "--target", "datasheet", "--format", "json"
    )
    assert code == 1, err
    report = json.loads(out)
    assert [c["path"] for c in report["files"]["changed"]] == [
        "generated/tables/public/videos.md",
        "snap.json",
    ]
    assert report["files"]["stale"] == [{"path": "generated/tables/public/video_metadata.md"}]
    assert "+Clips \\| uploaded \\*today\\*" in report["files"]["changed"][0]["diff"]

    code, out, err = cli("generate", "--snapshot", "changed.json", "--target", "datasheet")
    assert code == 0, err
    assert "removed generated/tables/public/video_metadata.md" in out
    assert cli("check", "--snapshot", "changed.json", "--target", "datasheet")[0] == 0


def test_check_with_templates_flag_compares_against_the_overridden_output(
    project: Path, cli: Any
) -> None:
    """``--templates`` means the same to ``check`` as to ``generate``, and replaces the config's."""
    (project / "mine" / "sqlalchemy").mkdir(parents=True)
    override = MIXIN_OVERRIDE.replace("EXTENDS", "sqlalchemy/models.py.j2")
    (project / "mine" / "sqlalchemy" / "models.py.j2").write_text(override)
    args = ("--snapshot", "snap.json", "--target", "sqlalchemy")
    code, _out, err = cli("generate", *args, "--templates", "mine")
    assert code == 0, err
    assert "class Video(AuditMixin, Base):" in (project / "generated/python/models.py").read_text()
    assert cli("check", *args, "--templates", "mine")[0] == 0
    # Without the flag, templates_dir = "tpl" holds no override: the defaults differ.
    code, out, err = cli("check", *args, "--format", "json")
    assert code == 1, err
    assert [c["path"] for c in json.loads(out)["files"]["changed"]] == [
        "generated/python/models.py"
    ]
    code, _out, err = cli("check", *args, "--templates", "nowhere")
    assert code == 2 and "templates folder" in err and "does not exist" in err


PY_TARGET = """[tool.schemafirst.targets.columns]
template = "columns.py.j2"
output = "py/{table}.py"
"""

COLUMNS_TEMPLATE = '''"""Columns of {{ table.name|doc_text }}."""
CLASS   =   {{ (table|class_name)|py_str }}
COLUMNS = {
{% for col in table.columns %}
    {{ (col|attr_name(table))|py_str }}: (
        {{ (col|python_type(table))|py_str }}, {{ (col|ts_type(table))|py_str }}, {{ col.nullable }}
    ),
{% endfor %}
}
'''


def test_custom_python_target_is_formatted_and_its_filters_agree_with_the_targets(
    project: Path, cli: Any
) -> None:
    with (project / "pyproject.toml").open("a") as fh:
        fh.write("\n" + PY_TARGET)
    (project / "tpl" / "columns.py.j2").write_text(COLUMNS_TEMPLATE)
    code, _out, err = cli("generate", "--snapshot", "snap.json")
    assert code == 0, err
    source = (project / "generated/py/videos.py").read_text()
    assert source.startswith("# Generated by schemafirst.")
    assert '\nCLASS = "Video"\n' in source  # ruff formatted it
    models = (project / "generated/python/models.py").read_text()
    database = (project / "generated/ts/types/database.ts").read_text()
    for table in ("videos", "video_jobs", "video_metadata"):
        namespace: dict[str, Any] = {}
        exec((project / f"generated/py/{table}.py").read_text(), namespace)
        assert f"class {namespace['CLASS']}(Base):" in models
        for attr, (python, ts, nullable) in namespace["COLUMNS"].items():
            assert f"    {attr}: Mapped[{python}{' | None' if nullable else ''}]" in models
            assert f"          {attr}: {ts}{' | null' if nullable else ''}\n" in database


def test_custom_python_target_that_is_not_python_is_exit_2_naming_the_template(
    project: Path, cli: Any
) -> None:
    with (project / "pyproject.toml").open("a") as fh:
        fh.write("\n" + PY_TARGET)
    (project / "tpl" / "columns.py.j2").write_text("def (\n")
    code, _out, err = cli("generate", "--snapshot", "snap.json", "--target", "columns")
    assert code == 2
    assert "is not valid Python (from custom target 'columns' (template columns.py.j2))" in err
    assert not (project / "generated").exists()


def test_file_names_from_hostile_database_names_are_safe_and_unique() -> None:
    hostile = [
        "../etc/passwd", "a/b", "a\\b", "c:d", "CON", "aux.txt", ".hidden", "..", "", " ",
        "Users", "users", "x" * 300, "tab\tname", "nul\x00", "ü", "u\u0308", "trailing.",
        "plain_name", "with-dash.v2",
    ]  # fmt: skip
    names = custom.file_names(hostile)
    assert names == custom.file_names(reversed(hostile))  # order does not matter
    assert names["plain_name"] == "plain_name" and names["with-dash.v2"] == "with-dash.v2"
    values = list(names.values())
    assert len({v.casefold() for v in values}) == len(values)
    for value in values:
        assert re.fullmatch(r"[\w.-]+", value), value
        assert not value.startswith(".") and not value.endswith(".")
        assert value.split(".")[0].upper() not in {"CON", "AUX", "NUL", "PRN"}
        assert len(value) <= 80


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"template": "a.j2", "output": "{tables}.md"}, "unknown placeholder '{tables}'"),
        ({"template": "a.j2", "output": "../x.md"}, "must be a relative path under 'out'"),
        ({"template": "a.j2", "output": "x.md", "language": "go"}, "'targets.x.language'"),
        ({"template": "a.j2"}, "'targets.x.output' must be a non-empty string"),
        ({"template": "a.j2", "output": "x.md", "lang": "go"}, "unknown key 'targets.x.lang'"),
    ],
)
def test_bad_custom_target_config_is_one_sentence(table: dict[str, str], message: str) -> None:
    with pytest.raises(config_mod.ConfigError) as info:
        config_mod.parse({"targets": {"x": table}}, root=Path("/p"), origin="pyproject.toml")
    assert message in str(info.value) and "\n" not in str(info.value)


def test_language_follows_the_output_suffix() -> None:
    targets = {
        "a": {"template": "t", "output": "{schema}.py"},
        "b": {"template": "t", "output": "b.ts"},
    }
    parsed = config_mod.parse({"targets": targets}, root=Path("/p"), origin="x")
    assert [t.language for t in parsed.custom_targets.values()] == ["python", "typescript"]
    assert parsed.custom_targets["a"].per == "schema"


# ----------------------------------------------------------------------------- errors and sandbox


@pytest.mark.parametrize(
    ("template", "where", "message"),
    [
        ("# {{ table.name }}\n\n{{ table.nmae }}\n", "line 3", "has no attribute 'nmae'"),
        ("# {{ table.name }}\n{{ undefined_thing }}\n", "line 2", "'undefined_thing' is undefined"),
        ("{% for c in table.columns %}\n{{ c.name }\n", "line 2", "template syntax error"),
        ("{% if x %}\nno end\n", "line 2", "template syntax error"),
        ("ok\n{{ table.__class__ }}\n", "line 2", "refused by the template sandbox"),
        ("ok\n\n{{ lipsum.__globals__ }}\n", "line 3", "refused by the template sandbox"),
        ('{{ "".__class__.mro() }}\n', "line 1", "refused by the template sandbox"),
        ("{{ config.rename.update({}) }}\n", "line 1", "refused by the template sandbox"),
    ],
)
def test_template_errors_are_exit_2_naming_file_and_line_and_write_nothing(
    project: Path, cli: Any, template: str, where: str, message: str
) -> None:
    (project / "tpl" / "datasheet.md.j2").write_text(template)
    code, out, err = cli("generate", "--snapshot", "snap.json")
    assert code == 2, out + err
    assert err.startswith(f"error: template tpl/datasheet.md.j2, {where}: "), err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err
    assert not (project / "generated").exists()


def test_an_error_in_an_override_names_the_override(project: Path, cli: Any) -> None:
    override = project / "tpl" / "sqlalchemy" / "models.py.j2"
    override.parent.mkdir()
    override.write_text(
        '{% extends "sqlalchemy/models.py.j2" %}\n'
        "{% block class_header %}\nclass {{ c.nmae }}(Base):\n{% endblock %}\n"
    )
    code, _out, err = cli("generate", "--snapshot", "snap.json", "--target", "sqlalchemy")
    assert code == 2
    assert err.startswith("error: template tpl/sqlalchemy/models.py.j2, line 3: "), err


def test_a_real_process_shows_no_traceback(project: Path) -> None:
    (project / "tpl" / "datasheet.md.j2").write_text("{{ table.name }\n")
    proc = run("generate", "--snapshot", "snap.json", cwd=project)
    assert proc.returncode == 2
    assert proc.stderr.startswith("error: template tpl/datasheet.md.j2, line 1: template syntax")
    assert "Traceback" not in proc.stderr


def test_missing_templates_folder_and_missing_template(project: Path, cli: Any) -> None:
    code, _out, err = cli("generate", "--snapshot", "snap.json", "--templates", "nowhere")
    assert code == 2 and "templates folder" in err and "does not exist" in err
    (project / "tpl" / "datasheet.md.j2").unlink()
    code, _out, err = cli("generate", "--snapshot", "snap.json")
    assert code == 2
    assert "custom target 'datasheet': template 'datasheet.md.j2' not found in" in err


def test_templates_are_compiled_once_per_run(
    catalog: ir.Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import jinja2

    videos = catalog.table("public", "videos")
    assert videos is not None
    many = dataclasses.replace(
        catalog,
        tables=tuple(dataclasses.replace(videos, name=f"copy_{i:03d}") for i in range(60)),
    )
    (tmp_path / "tpl").mkdir()
    (tmp_path / "tpl" / "sheet.md.j2").write_text("{% include 'part.j2' %}\n")
    (tmp_path / "tpl" / "part.j2").write_text("{{ table.name }} {{ table|class_name }}\n")
    loads: list[str] = []
    real = jinja2.FileSystemLoader.get_source

    def counting(self: Any, env: Any, name: str) -> Any:
        loads.append(name)
        return real(self, env, name)

    monkeypatch.setattr(jinja2.FileSystemLoader, "get_source", counting)
    environment.environment.cache_clear()
    target = config_mod.CustomTarget(
        name="sheet", template="sheet.md.j2", output="{table}.md", language="text"
    )
    config = Config(
        root=tmp_path, out=tmp_path, snapshot=None, templates_dir=tmp_path / "tpl",
        custom_targets={"sheet": target},
    )  # fmt: skip
    plan = render_all(RenderInputs(catalog=many, config=config), ["sheet"])
    assert len(plan) == 60
    assert sorted(loads) == ["part.j2", "sheet.md.j2"]


# ----------------------------------------------------------------------------- list and eject


def test_templates_list_shows_every_default_file_and_the_overrides(project: Path, cli: Any) -> None:
    (project / "tpl" / "typescript").mkdir()
    (project / "tpl" / "typescript" / "zod.ts.j2").write_text(
        "{% extends 'typescript/zod.ts.j2' %}"
    )
    code, out, err = cli("templates", "list")
    assert code == 0, err
    starts = {
        line.split("  ->  ")[0]
        for line in out.splitlines()
        if "  ->  " in line and not line.startswith("custom target")
    }
    shipped = environment.templates_root()
    files = {p.relative_to(shipped).as_posix() for p in shipped.rglob("*") if p.is_file()}
    assert files and files == starts
    assert "sqlalchemy/models.py.j2  ->  generated/python/models.py" in out
    assert "    blocks: module_docstring, imports, base, " in out
    assert "    overridden by tpl/typescript/zod.ts.j2" in out
    assert "tpl/datasheet.md.j2  (yours: not a default template)" in out
    assert "custom target datasheet: datasheet.md.j2  ->  tables/{schema}/{table}.md" in out


def test_eject_then_generate_is_byte_identical_and_eject_never_overwrites(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Any
) -> None:
    api = ROOT / "schema" / "api"
    (tmp_path / "pyproject.toml").write_text(
        "[tool.schemafirst]\n"
        'snapshot = "snap.json"\n'
        f"api_modules = [{json.dumps(str(api / 'schemas.py'))}]\n"
        f"fastapi_app = {json.dumps(str(api / 'app.py') + ':app')}\n"
    )
    (tmp_path / "snap.json").write_bytes(SNAPSHOT.read_bytes())
    monkeypatch.chdir(tmp_path)
    code, out, err = cli("templates", "eject", "all", "--to", "mine")
    assert code == 0, err
    assert "copied  mine/sqlalchemy/models.py.j2" in out and "next: set templates_dir" in out

    assert cli("generate", "--snapshot", "snap.json", "--out", "a")[0] == 0
    code, _out, err = cli(
        "generate", "--snapshot", "snap.json", "--out", "b", "--templates", "mine"
    )
    assert code == 0, err
    a, b = (_tree(tmp_path / name) for name in ("a", "b"))
    assert len(a) > 20 and a == b

    models = tmp_path / "mine" / "sqlalchemy" / "models.py.j2"
    models.write_text(models.read_text() + "{# my edit #}\n")
    code, out, err = cli("templates", "eject", "sqlalchemy", "--to", "mine")
    assert code == 2 and out == ""
    assert err == (
        "error: mine/sqlalchemy/__init__.py.j2 already exists and eject never overwrites "
        "a file: move it away or eject --to another folder\n"
    )
    assert models.read_text().endswith("{# my edit #}\n")

    code, out, err = cli("templates", "eject", "typescript")  # default folder
    assert code == 0, err
    assert (tmp_path / "schema/templates/typescript/database.ts.j2").read_bytes() == (
        environment.templates_root() / "typescript/database.ts.j2"
    ).read_bytes()
    assert cli("templates", "eject", "kotlin")[0] == 2


# ----------------------------------------------------------------------------- documentation


def _section(doc: str, template: str) -> str:
    """The docs section about ``template``: its heading names it, or its group."""
    if template.startswith(("tanstack/fastapi/api/", "tanstack/supabase/api/")):
        title = f"`{template.rsplit('/', 1)[0]}/client.ts.j2`"
    elif template.startswith("tanstack/"):
        title = "Scaffolds"
    else:
        title = f"`{template}`"
    heading = next(h for h in re.finditer(r"^### .*$", doc, re.M) if title in h[0])
    end = doc.find("\n### ", heading.end())
    return doc[heading.end() : end if end != -1 else None]


def _keys(value: Any) -> set[str]:
    if isinstance(value, dict):
        return {k for k in value if isinstance(k, str)}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name for f in dataclasses.fields(value)}
    return set()


def test_docs_list_every_view_model_field_filter_and_ir_field(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    captured: dict[str, list[dict[str, Any]]] = {}
    real = environment.render

    def spy(name: str, context: dict[str, Any], *, user_dir: Path | None = None) -> str:
        captured.setdefault(name, []).append(context)
        return real(name, context, user_dir=user_dir)

    monkeypatch.setattr(environment, "render", spy)
    config = dataclasses.replace(config_mod.load(ROOT / "pyproject.toml"), snapshot=None)
    source = pipeline.Source("snapshot", str(SNAPSHOT))
    builtin = ["sqlalchemy", "pydantic", "typescript", "tanstack", "docs"]
    pipeline.build_plan(config, source, builtin)  # with the FastAPI app
    plain = dataclasses.replace(config, api_modules=(), fastapi_app=None)
    pipeline.build_plan(plain, source, ["tanstack"])  # the supabase variant

    doc = DOCS.read_text()
    assert f"**Template context version {environment.CONTEXT_VERSION}.**" in doc
    missing = []
    for name, contexts in captured.items():
        if not any(contexts):
            continue  # sqlalchemy/__init__.py.j2
        section = _section(doc, name)
        for context in contexts:
            for key, value in context.items():
                items = value if isinstance(value, list | tuple) else [value]
                nested = set().union(*(_keys(item) for item in items)) if items else set()
                missing += [f"{name}: {k}" for k in {key} | nested if f"`{k}`" not in section]
    assert not sorted(set(missing))
    for name in filters.FILTERS.keys() | {"py_str", "ts_str", "doc_text", "jsdoc"}:
        assert f"| `{name}` |" in doc
    blocks = doc[doc.index("## Blocks of") : doc.index("## Globals and filters")]
    for template in template_files.describe(config):
        assert all(f"`{b}`" in blocks for b in template.blocks), template.name
    ir_section = doc[doc.index("## The IR") : doc.index("## The built-in view models")]
    for cls in (ir.Catalog, ir.Table, ir.Column, ir.TypeRef, ir.ForeignKey, ir.Index, ir.Policy):
        for f in dataclasses.fields(cls):
            if not f.name.startswith("_"):
                assert f"`{f.name}`" in ir_section, f"{cls.__name__}.{f.name}"


def test_naming_filters_are_the_naming_module() -> None:
    env = environment.environment(None)
    rendered = env.from_string(
        "{{ 'video_jobs'|pascal }} {{ 'VideoJobs'|snake }} {{ 'video_id'|camel }} "
        "{{ 'videos'|singular }} {{ 'video_job'|plural }} "
        "{{ \"it's\"|sql_str }} {{ 'order'|sql_ident }}"
    ).render()
    assert rendered == "VideoJobs video_jobs videoId video video_jobs 'it''s' \"order\""
    assert naming.snake_case("HTTPLog") == "http_log"


def test_the_readme_examples_render(catalog: ir.Catalog, tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index("## Customizing the output") : readme.index("## Drift checks")]
    override, datasheet = re.findall(r"```jinja\n(.*?)```", section, re.S)
    user = tmp_path / "tpl"
    (user / "sqlalchemy").mkdir(parents=True)
    (user / "sqlalchemy" / "models.py.j2").write_text(override)
    (user / "datasheet.md.j2").write_text(datasheet)
    target = config_mod.CustomTarget(
        name="datasheet", template="datasheet.md.j2", output="{table}.md", language="text"
    )
    plan = _render(
        catalog, tmp_path, ["sqlalchemy", "datasheet"], templates_dir=user,
        custom_targets={"datasheet": target},
    )  # fmt: skip
    models = plan["gen/python/models.py"].text
    assert "\nfrom app.db.mixins import TimestampMixin\n" in models
    assert "\nclass Video(TimestampMixin, Base):\n" in models
    sheet = plan["gen/video_jobs.md"].text
    assert "# video\\_jobs (VideoJob)\n" in sheet
    assert "| `status` | `public.processing_status` | `ProcessingStatus` |" in sheet


def test_eject_creates_the_configured_templates_dir(project: Path, cli: Any) -> None:
    text = (project / "pyproject.toml").read_text().replace('"tpl"', '"later"')
    (project / "pyproject.toml").write_text(text)
    code, out, err = cli("templates", "eject", "pydantic")
    assert code == 0, err
    assert out == "copied  later/pydantic/schemas.py.j2\n"  # no hint: it is templates_dir


def test_file_names_that_meet_on_a_case_insensitive_disk_are_an_error(
    project: Path, cli: Any
) -> None:
    # "a.Users" and "b.users" into one folder: one file on macOS or Windows.
    data = json.loads(SNAPSHOT.read_text())
    videos = next(t for t in data["catalog"]["tables"] if t["name"] == "videos")
    data["catalog"]["schemas"] = ["a", "b"]
    data["catalog"]["tables"] = [
        {**videos, "schema": "a", "name": "Users", "foreign_keys": []},
        {**videos, "schema": "b", "name": "users", "foreign_keys": []},
    ]
    data["catalog"]["enums"] = [{**e, "schema": "a"} for e in data["catalog"].get("enums", [])]
    (project / "two.json").write_text(json.dumps(data))
    text = (project / "pyproject.toml").read_text()
    (project / "pyproject.toml").write_text(
        text.replace("tables/{schema}/{table}.md", "{table}.md")
    )
    code, out, err = cli("generate", "--snapshot", "two.json", "--target", "datasheet")
    assert code == 2, out + err
    assert "renders generated/users.md twice" in err and "Traceback" not in err
    assert not (project / "generated").exists()
