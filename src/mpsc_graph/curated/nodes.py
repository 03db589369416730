"""Reading curated YAML and CSV files into trees that remember file and line.

PyYAML's composer gives every node its position; we turn nodes into :class:`Node` values
ourselves, so that duplicate keys are caught and dates stay strings (we check them with a
clear message instead of letting the YAML constructor fail without a field name).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from mpsc_graph.core.errors import InputError, Location, Problem, Text


@dataclass(frozen=True)
class Node:
    """A value read from a curated file, with the line it starts on (1-based)."""

    value: Any  # str | int | float | bool | None | list[Node] | dict[str, Node]
    file: Path
    line: int

    def at(self, field: str | None = None) -> Location:
        return Location(self.file, self.line, field)

    @property
    def is_map(self) -> bool:
        return isinstance(self.value, dict)

    @property
    def is_list(self) -> bool:
        return isinstance(self.value, list)


# libyaml's loader is about 5x faster; it marks plain scalars with style '' instead of None.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_SCALAR_TYPES: dict[str, Callable[[str], Any]] = {
    "tag:yaml.org,2002:int": int,
    "tag:yaml.org,2002:float": float,
    "tag:yaml.org,2002:bool": lambda s: s.lower() in {"true", "yes", "on"},
    "tag:yaml.org,2002:null": lambda s: None,
}


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            [
                Problem(
                    Location(path),
                    Text(
                        de=f"Datei ist nicht UTF-8-kodiert (Byte {exc.start}); "
                        "bitte als UTF-8 speichern",
                        en=f"file is not UTF-8 encoded (byte {exc.start}); save it as UTF-8",
                    ),
                )
            ]
        ) from exc
    except OSError as exc:
        raise InputError(
            [
                Problem(
                    Location(path),
                    Text(
                        de=f"Datei kann nicht gelesen werden: {exc.strerror}",
                        en=f"cannot read file: {exc.strerror}",
                    ),
                )
            ]
        ) from exc


def read_yaml(path: Path) -> Node:
    """Parse one YAML document into a :class:`Node` tree."""
    text = _read_text(path)
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise InputError(
            [
                Problem(
                    Location(path, line),
                    Text(
                        de=f"ungültiges YAML: {exc.problem or exc}",
                        en=f"invalid YAML: {exc.problem or exc}",
                    ),
                )
            ]
        ) from exc
    if root is None:
        return Node({}, path, 1)
    problems: list[Problem] = []
    node = _convert(root, path, problems)
    if problems:
        raise InputError(problems)
    return node


def _convert(node: yaml.Node, path: Path, problems: list[Problem]) -> Node:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        mapping: dict[str, Node] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in mapping:
                problems.append(
                    Problem(
                        Location(path, key_node.start_mark.line + 1, key),
                        Text(
                            de=f"Schlüssel „{key}“ kommt doppelt vor (zuerst in Zeile "
                            f"{mapping[key].line}); jeder Schlüssel darf nur einmal stehen",
                            en=f"duplicate key '{key}' (first on line {mapping[key].line}); "
                            "each key may appear only once",
                        ),
                    )
                )
                continue
            converted = _convert(value_node, path, problems)
            # The field's line is the key's line, which is what a curator looks for.
            mapping[key] = Node(converted.value, path, key_node.start_mark.line + 1)
        return Node(mapping, path, line)
    if isinstance(node, yaml.SequenceNode):
        return Node([_convert(item, path, problems) for item in node.value], path, line)
    assert isinstance(node, yaml.ScalarNode)
    convert = _SCALAR_TYPES.get(node.tag)
    if convert is not None and not node.style:  # quoted scalars stay strings
        try:
            return Node(convert(node.value), path, line)
        except ValueError:
            pass
    return Node(node.value, path, line)


def read_csv(path: Path) -> list[Node]:
    """Parse a CSV file with a header row into one mapping :class:`Node` per row."""
    text = _read_text(path)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        if header is None:
            return []
        header = [h.strip() for h in header]
        rows: list[Node] = []
        line = reader.line_num
        for cells in reader:
            row_line = line + 1
            line = reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(header):
                raise InputError(
                    [
                        Problem(
                            Location(path, row_line),
                            Text(
                                de=f"Zeile hat {len(cells)} Zellen, die Kopfzeile "
                                f"{len(header)} ({', '.join(header)})",
                                en=f"row has {len(cells)} cells but the header has "
                                f"{len(header)} ({', '.join(header)})",
                            ),
                        )
                    ]
                )
            fields = {
                name: Node(cell.strip(), path, row_line)
                for name, cell in zip(header, cells, strict=True)
                if cell.strip() != ""
            }
            rows.append(Node(fields, path, row_line))
        return rows
    except csv.Error as exc:
        raise InputError(
            [
                Problem(
                    Location(path, reader.line_num),
                    Text(de=f"ungültiges CSV: {exc}", en=f"invalid CSV: {exc}"),
                )
            ]
        ) from exc
