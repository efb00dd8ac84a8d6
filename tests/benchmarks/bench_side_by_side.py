"""Side by side with the peers at N = 3 … 10,000 tables; writes docs/benchmarks.md.

Run with ``nox -s bench`` (which installs the peers into their own
virtualenv first); the knobs are in :mod:`side_by_side`. Nothing here asserts
on time: the report judges issue 9's targets from one run's ratios.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # the harness modules beside this file

import side_by_side

pytestmark = pytest.mark.pg


def test_side_by_side() -> None:
    path = side_by_side.Bench().run()
    print(f"\nwrote {path}")
    assert "## Issue 9 targets" in path.read_text(encoding="utf-8")
