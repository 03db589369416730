"""Rewrite the CLI reference in README.md from the commands' --help (run after CLI changes).

The section between the markers below is generated; tests/test_cli.py checks it is current.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from mpsc_graph.cli import cli

README = Path(__file__).resolve().parents[1] / "README.md"
START, END = "<!-- cli-reference:start -->", "<!-- cli-reference:end -->"


def reference() -> str:
    parts = []
    for command in (None, *sorted(cli.commands)):  # type: ignore[attr-defined]
        args = [command] if command else []
        text = (
            CliRunner()
            .invoke(cli, [*args, "--help"], prog_name="mpsc-graph", terminal_width=100)
            .output
        )
        title = f"mpsc-graph {command}" if command else "mpsc-graph"
        parts.append(f"### `{title}`\n\n```text\n{text.strip()}\n```\n")
    return "\n".join(parts)


def main() -> None:
    readme = README.read_text(encoding="utf-8")
    head, rest = readme.split(START, 1)
    _, tail = rest.split(END, 1)
    README.write_text(f"{head}{START}\n{reference()}{END}{tail}", encoding="utf-8")


if __name__ == "__main__":
    main()
