"""Paths and helpers that test modules import (fixtures live in conftest.py)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from mpsc_graph.cli import cli

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
MINIMAL = FIXTURES / "data" / "minimal"
REAL_DATA = ROOT / "data"


def run_cli(*args: str, lang: str = "en") -> Result:
    """Run the CLI in-process with English messages unless asked otherwise."""
    runner = CliRunner()
    return runner.invoke(cli, ["--lang", lang, *args], catch_exceptions=False)
