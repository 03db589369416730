"""Synthetic curated data for the build benchmark: the real ``data/`` copied N times.

Every record of the real data is copied N times (copies 0 … N-1). In copy ``k`` every id gets
the suffix ``-s{k}`` and every reference is rewritten to the same copy, so each copy is a
self-contained replica of the real dataset and the result has the same shape, N times the size:

- sources, local authorities, organisations, people, model projects, solutions, conferences
  and the concepts of the three vocabularies are copied N times (the concepts go into the same
  three scheme files, so the number of concepts scales too; the scheme headers stay once);
- the federal states are kept once (there are only 16 and their keys are fixed); their
  ``sources`` point to copy 0;
- values that must be unique are made unique but stay valid: AGS (8 digits) and district keys
  (5 digits) keep their 2-digit state prefix, Wikidata Q-ids stay ``Q`` + digits, conference
  numbers are shifted by a power of ten per copy, source URLs get a ``#s{k}`` fragment.
  Copy 0 keeps the original values.

The output is deterministic. It is invented data: it is written only to a generated place
(by default under ``bench/out/``), never to ``data/``.

Usage: ``python bench/synth.py --data data --factor 10 --out bench/out/data-x10``
"""

from __future__ import annotations

import argparse
import csv
import io
import shutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

# Files of data/ (docs/curation.md, "Files") and the top-level key of each record list.
LIST_FILES = {
    "sources.yaml": "sources",
    "organisations.yaml": "organisations",
    "people.yaml": "people",
    "model-projects.yaml": "model_projects",
    "solutions.yaml": "solutions",
}
STATES_FILE = "states.csv"
AUTHORITIES_FILE = "local-authorities.csv"
VOCAB_DIR = "vocab"
CONFERENCES_DIR = "conferences"
MARKER = "SYNTHETIC.txt"  # not .yaml/.csv, so the loader ignores it

# Mapping keys whose value (plain, list, {value: …} or {alternatives: […]}) names ids.
REF_KEYS = frozenset(
    {
        "id",
        "sources",
        "from",
        "state",
        "unit_of",
        "housed_by",
        "acts_on_behalf_of",
        "successor_of",
        "members",
        "lead_member",
        "organisation",
        "person",
        "on_behalf_of",
        "role",
        "broader",
        "recipient",
        "category",
        "developed_by",
        "based_on",
        "part_of_project",
        "hosts",
        "organisers",
        "commissioned_by",
        "topics",
        "presents",
        "presents_projects",
    }
)
# Inside a reference, these keys hold the referenced ids as well.
REF_VALUE_KEYS = frozenset({"value", "alternatives"})


# --- reading and writing -----------------------------------------------------------------


def read_yaml(path: Path) -> Any:
    """Parse a curated YAML file with PyYAML (dates become ``datetime.date``)."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def write_yaml(path: Path, data: Any) -> None:
    """Write YAML that the project's strict loader reads back to the same values."""
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    path.write_text(text, encoding="utf-8")


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """The header and the rows of a curated CSV file."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def write_csv(path: Path, header: list[str], rows: Iterable[dict[str, str]]) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


# --- ids and references ------------------------------------------------------------------


def record_ids(data_dir: Path) -> frozenset[str]:
    """Every id that is copied: all record ids of data/ except the federal states."""
    ids: set[str] = set()
    for name, key in LIST_FILES.items():
        ids.update(r["id"] for r in (read_yaml(data_dir / name) or {}).get(key, []))
    _, authorities = read_csv(data_dir / AUTHORITIES_FILE)
    ids.update(row["id"] for row in authorities)
    for path in sorted((data_dir / VOCAB_DIR).glob("*.yaml")):
        ids.update(c["id"] for c in read_yaml(path).get("concepts") or [])
    for path in sorted((data_dir / CONFERENCES_DIR).glob("*.yaml")):
        ids.add(read_yaml(path)["id"])
    return frozenset(ids)


@dataclass(frozen=True)
class Copy:
    """Copy ``index`` of the real data: renames its ids and the references to them."""

    index: int
    ids: frozenset[str]

    def rename(self, ident: str) -> str:
        return f"{ident}-s{self.index}" if ident in self.ids else ident

    def rename_cell(self, cell: str) -> str:
        """A CSV cell with ``;``-separated ids."""
        return ";".join(self.rename(part.strip()) for part in cell.split(";")) if cell else cell

    def walk(self, value: Any, ref: bool = False) -> Any:
        """A deep copy of ``value`` with ids and references renamed.

        ``ref`` says that strings at this place are ids; it holds for the values of the keys in
        :data:`REF_KEYS` and carries over into the ``value``/``alternatives`` of a fact.
        """
        if isinstance(value, str):
            return self.rename(value) if ref else value
        if isinstance(value, list):
            return [self.walk(item, ref) for item in value]
        if isinstance(value, dict):
            return {
                key: self.walk(item, key in REF_KEYS or (ref and key in REF_VALUE_KEYS))
                for key, item in value.items()
            }
        return value


def copies(ids: frozenset[str], factor: int) -> list[Copy]:
    return [Copy(index, ids) for index in range(factor)]


# --- unique keys -------------------------------------------------------------------------


class KeyAllocator:
    """Hands out unique numeric keys that keep a fixed prefix (state key, ``Q``).

    Copy 0 keeps the original key; copy k starts at the original number + k and takes the
    next free number of the same width, so the result is deterministic.
    """

    def __init__(self, prefix_length: int, taken: Iterable[str]) -> None:
        self.prefix_length = prefix_length
        self.taken = set(taken)

    def allocate(self, key: str, copy: int) -> str:
        if copy == 0:
            return key
        prefix, digits = key[: self.prefix_length], key[self.prefix_length :]
        width = len(digits)
        space = 10**width
        for step in range(space):
            candidate = f"{prefix}{(int(digits) + copy + step) % space:0{width}d}"
            if candidate not in self.taken and not candidate.endswith("0" * width):
                self.taken.add(candidate)
                return candidate
        raise ValueError(f"no free key left with prefix {prefix} and {width} digits")


class QidAllocator:
    """Wikidata Q-ids: copy k of ``Q3150`` is ``Q31500007`` (``Q`` and digits, still valid)."""

    def __init__(self, taken: Iterable[str]) -> None:
        self.taken = set(taken)

    def allocate(self, qid: str, copy: int) -> str:
        if copy == 0:
            return qid
        candidate = f"{qid}{copy:04d}"
        while candidate in self.taken:
            candidate = f"{candidate}0"
        self.taken.add(candidate)
        return candidate


# --- the files ---------------------------------------------------------------------------


def synth_list_file(source: Path, target: Path, key: str, all_copies: list[Copy]) -> None:
    """sources.yaml, organisations.yaml, …: the record list repeated once per copy."""
    records = (read_yaml(source) or {}).get(key, [])
    if key == "sources":
        out = [_source_copy(c.walk(r), c.index) for c in all_copies for r in records]
    else:
        out = [c.walk(r) for c in all_copies for r in records]
    write_yaml(target, {key: out})


def _source_copy(source: dict[str, Any], index: int) -> dict[str, Any]:
    """A source of copy ``index`` gets its own URL, so that each copy is a distinct web page."""
    url = source.get("url")
    if url and index > 0:
        source["url"] = f"{url}{'-' if '#' in url else '#'}s{index}"
    return source


def synth_states(source: Path, target: Path, first: Copy) -> None:
    """The federal states once; their sources point to copy 0."""
    header, rows = read_csv(source)
    write_csv(target, header, (_source_cells(row, first) for row in rows))


def synth_authorities(source: Path, target: Path, all_copies: list[Copy]) -> None:
    """Local authorities: N copies with unique AGS/district keys and Wikidata ids."""
    header, rows = read_csv(source)
    keys = KeyAllocator(2, (row["key"] for row in rows))
    qids = QidAllocator(row["wikidata"] for row in rows if row.get("wikidata"))
    out = []
    for copy in all_copies:
        for row in rows:
            new = _source_cells(row, copy)
            new["id"] = copy.rename(row["id"])
            new["key"] = keys.allocate(row["key"], copy.index)
            if row.get("wikidata"):
                new["wikidata"] = qids.allocate(row["wikidata"], copy.index)
            out.append(new)
    write_csv(target, header, out)


def _source_cells(row: dict[str, str], copy: Copy) -> dict[str, str]:
    return {
        column: copy.rename_cell(cell) if column.endswith("sources") else cell
        for column, cell in row.items()
    }


def synth_vocab(source: Path, target: Path, all_copies: list[Copy]) -> None:
    """A concept scheme: the header once, every concept once per copy."""
    scheme = read_yaml(source)
    concepts = scheme.get("concepts") or []
    scheme["concepts"] = [c.walk(concept) for c in all_copies for concept in concepts]
    write_yaml(target, scheme)


def synth_conferences(source_dir: Path, target_dir: Path, all_copies: list[Copy]) -> None:
    """One file per conference and copy, named after its id; numbers stay unique."""
    conferences = [read_yaml(path) for path in sorted(source_dir.glob("*.yaml"))]
    numbers = [n for conf in conferences for n in _numbers(conf.get("number"))]
    stride = 10 ** len(str(max(numbers, default=0)))
    target_dir.mkdir()
    for copy in all_copies:
        for conference in conferences:
            new = copy.walk(conference)
            if "number" in new:
                new["number"] = _shift_number(new["number"], copy.index * stride)
            write_yaml(target_dir / f"{new['id']}.yaml", new)


def _numbers(fact: Any) -> Iterator[int]:
    """The integers of a ``number`` fact in any of its forms."""
    if isinstance(fact, int) and not isinstance(fact, bool):
        yield fact
    elif isinstance(fact, dict):
        if "value" in fact:
            yield from _numbers(fact["value"])
        for alternative in fact.get("alternatives", []):
            yield from _numbers(alternative)


def _shift_number(fact: Any, shift: int) -> Any:
    if isinstance(fact, int) and not isinstance(fact, bool):
        return fact + shift
    if isinstance(fact, dict):
        new = dict(fact)
        if "value" in new:
            new["value"] = _shift_number(new["value"], shift)
        if "alternatives" in new:
            new["alternatives"] = [_shift_number(a, shift) for a in new["alternatives"]]
        return new
    return fact


# --- entry point -------------------------------------------------------------------------


def prepare_target(data_dir: Path, out_dir: Path) -> None:
    """Make ``out_dir`` empty; refuse to touch the real data or a directory we did not make."""
    data, out = data_dir.resolve(), out_dir.resolve()
    if out == data or data in out.parents or out in data.parents:
        raise ValueError(f"refusing to write synthetic data into or above {data_dir}")
    if out.exists():
        if any(out.iterdir()) and not (out / MARKER).is_file():
            raise ValueError(f"{out_dir} is not empty and was not made by synth.py")
        shutil.rmtree(out)
    out.mkdir(parents=True)


def synthesize(data_dir: Path, factor: int, out_dir: Path) -> Path:
    """Write the real data in ``data_dir`` scaled ``factor`` times to ``out_dir``."""
    if factor < 1:
        raise ValueError("factor must be at least 1")
    prepare_target(data_dir, out_dir)
    all_copies = copies(record_ids(data_dir), factor)
    for name, key in LIST_FILES.items():
        synth_list_file(data_dir / name, out_dir / name, key, all_copies)
    synth_states(data_dir / STATES_FILE, out_dir / STATES_FILE, all_copies[0])
    synth_authorities(data_dir / AUTHORITIES_FILE, out_dir / AUTHORITIES_FILE, all_copies)
    (out_dir / VOCAB_DIR).mkdir()
    for path in sorted((data_dir / VOCAB_DIR).glob("*.yaml")):
        synth_vocab(path, out_dir / VOCAB_DIR / path.name, all_copies)
    synth_conferences(data_dir / CONFERENCES_DIR, out_dir / CONFERENCES_DIR, all_copies)
    (out_dir / MARKER).write_text(
        f"Invented data: {data_dir} copied {factor} times by bench/synth.py. "
        "Do not curate; regenerate instead.\n",
        encoding="utf-8",
    )
    return out_dir


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("data"), help="real data directory")
    parser.add_argument("--factor", type=int, required=True, help="number of copies")
    parser.add_argument("--out", type=Path, required=True, help="directory to write")
    args = parser.parse_args(argv)
    synthesize(args.data, args.factor, args.out)
    print(f"wrote {args.data} x{args.factor} to {args.out}")


if __name__ == "__main__":
    main()
