"""Rewrite the generated parts of README.md: the CLI reference (from every command's --help)
and the statistics of the current dataset (from `mpsc-graph stats`).

Run it after changing the CLI or the data; tests/cli/test_cli.py checks both are current.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from mpsc_graph.cli import cli

README = Path(__file__).resolve().parents[1] / "README.md"
START, END = "<!-- cli-reference:start -->", "<!-- cli-reference:end -->"
STATS_START, STATS_END = "<!-- stats:start -->", "<!-- stats:end -->"


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


def statistics() -> str:
    data = README.parent / "data"
    text = CliRunner().invoke(cli, ["--lang", "en", "stats", "--data", str(data)]).output
    return f"```text\n$ mpsc-graph stats\n{text.rstrip()}\n```\n"


def _replace(text: str, start: str, end: str, content: str) -> str:
    head, rest = text.split(start, 1)
    _, tail = rest.split(end, 1)
    return f"{head}{start}\n{content}{end}{tail}"


def main() -> None:
    readme = README.read_text(encoding="utf-8")
    readme = _replace(readme, START, END, reference())
    readme = _replace(readme, STATS_START, STATS_END, statistics())
    README.write_text(readme, encoding="utf-8")


if __name__ == "__main__":
    main()
