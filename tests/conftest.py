"""Shared fixtures: the invented minimal dataset, the real data, and a CLI runner."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from mpsc_graph.cli import cli

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
MINIMAL = FIXTURES / "data" / "minimal"
REAL_DATA = ROOT / "data"


@pytest.fixture
def minimal_data(tmp_path: Path) -> Path:
    """A private copy of the invented minimal dataset that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(MINIMAL, target, ignore=shutil.ignore_patterns("README.md"))
    return target


def run_cli(*args: str, lang: str = "en") -> Result:
    """Run the CLI in-process with English messages unless asked otherwise."""
    runner = CliRunner()
    return runner.invoke(cli, ["--lang", lang, *args], catch_exceptions=False)
