"""The command line: help, version, usage errors and exit codes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from mpsc_graph import __version__
from mpsc_graph.cli import cli
from tests.support import MINIMAL, ROOT, run_cli

COMMANDS = ("build", "validate", "export", "stats")


@pytest.mark.parametrize("command", COMMANDS)
def test_help(command: str) -> None:
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert "--data" in result.output


def test_version() -> None:
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0 and __version__ in result.output


def test_usage_errors_exit_2() -> None:
    assert CliRunner().invoke(cli, ["export", "--format", "pdf"]).exit_code == 2
    assert CliRunner().invoke(cli, ["--base", "https://x.org/kg", "validate"]).exit_code == 2
    assert CliRunner().invoke(cli, ["frobnicate"]).exit_code == 2


def test_validate_ok_exits_0() -> None:
    result = run_cli("validate", "--data", str(MINIMAL))
    assert result.exit_code == 0, result.output
    assert "data conforms: 0 violation(s)" in result.output


def test_build_summary(tmp_path: Path) -> None:
    result = run_cli("build", "--data", str(MINIMAL), "--out", str(tmp_path))
    assert result.exit_code == 0
    assert re.search(r"\d+ quads in \d+ graphs from 3 sources, 2 conferences", result.output)
    for name in (
        "mpsc.trig",
        "mpsc.nq",
        "mpsc.ttl",
        "mpsc.jsonld",
        "context.jsonld",
        "build-report.json",
        "validation.txt",
        "validation.json",
    ):
        assert (tmp_path / name).is_file(), name
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".staging")]


def test_readme_cli_reference_matches_help() -> None:
    """The README shows each command's --help verbatim; keep them in step."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for args in ([], *([c] for c in COMMANDS)):
        help_text = (
            CliRunner()
            .invoke(cli, [*args, "--help"], prog_name="mpsc-graph", terminal_width=100)
            .output
        )
        assert help_text.strip() in readme, (
            f"README out of date for: mpsc-graph {' '.join(args)}; "
            "run python tools/cli_reference.py"
        )


def test_readme_statistics_match_the_data() -> None:
    """The README shows `mpsc-graph stats` for the current data; keep it in step."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "cli_reference", ROOT / "tools" / "cli_reference.py"
    )
    assert spec and spec.loader
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert tool.statistics() in readme, (
        "README statistics out of date; run python tools/cli_reference.py"
    )


def test_qc_command_passes_on_the_ontology() -> None:
    result = run_cli("qc", "--no-java", "--format", "json")
    assert result.exit_code == 0, result.output
    import json

    report = json.loads(result.output)
    assert report["ok"] is True and report["errors"] == 0
