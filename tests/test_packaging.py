"""The wheel, not the checkout: templates and the bundled example ship inside it."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_generates_the_bundled_example(tmp_path: Path) -> None:
    wheels = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
         "-w", str(wheels), str(ROOT)],
        check=True, capture_output=True,
    )  # fmt: skip
    (wheel,) = wheels.glob("schemafirst-*.whl")
    env_dir = tmp_path / "venv"
    # The venv sees this interpreter's packages (the dependencies) but gets
    # its own copy of schemafirst, which shadows the editable checkout.
    venv.create(env_dir, system_site_packages=True, with_pip=False)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps",
         str(wheel)],
        check=True, capture_output=True,
    )  # fmt: skip
    # No PYTHONPATH: it would put a checkout's src/ ahead of the installed wheel.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    where = subprocess.run(
        [str(python), "-c", "import schemafirst; print(schemafirst.__file__)"],
        check=True, capture_output=True, text=True, env=env,
    ).stdout  # fmt: skip
    assert str(env_dir) in where, where
    project = tmp_path / "empty"
    project.mkdir()
    proc = subprocess.run(
        [str(env_dir / "bin" / "schemafirst"), "generate"],
        cwd=project, capture_output=True, text=True, timeout=300, env=env,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "using the bundled example" in proc.stderr
    ours = {
        p.relative_to(project / "generated").as_posix()
        for p in (project / "generated").rglob("*.*")
    }
    committed = {
        p.relative_to(ROOT / "generated").as_posix() for p in (ROOT / "generated").rglob("*.*")
    }
    assert ours == committed
    for rel in ours - {".schemafirst-manifest.json"}:
        assert (project / "generated" / rel).read_bytes() == (
            ROOT / "generated" / rel
        ).read_bytes(), rel
