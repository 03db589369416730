"""Bad curated input: one clear message naming file, line and field, exit code 3,
no traceback, and the earlier output directory left untouched."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support import run_cli


@dataclass(frozen=True)
class Case:
    name: str
    file: str  # relative to the data directory
    old: str
    new: str
    message: str  # a fragment of the English message
    line_of: str | None  # the expected line is the one containing this text after the edit
    field: str | None = None


CASES = [
    Case(
        "malformed-yaml",
        "people.yaml",
        "name: Erika Muster",
        "name: [Erika Muster",
        "invalid YAML",
        None,
    ),
    Case(
        "malformed-csv",
        "local-authorities.csv",
        "Musterhausen,by,",
        "Musterhausen,by,extra,",
        "row has 11 cells but the header has 10",
        "Musterhausen",
    ),
    Case(
        "unknown-field",
        "conferences/rk-1.yaml",
        "motto:",
        "mottto:",
        "unknown field 'mottto'",
        "mottto:",
        "mottto",
    ),
    Case(
        "missing-required-field",
        "conferences/rk-1.yaml",
        "hosts: [beispielstadt]\n",
        "",
        "required field 'hosts' is missing",
        None,
        "hosts",
    ),
    Case(
        "unknown-reference",
        "conferences/rk-1.yaml",
        "hosts: [beispielstadt]",
        "hosts: [beispielstadtt]",
        "unknown id 'beispielstadtt'",
        "beispielstadtt",
        "hosts",
    ),
    Case(
        "wrong-kind-reference",
        "conferences/rk-1.yaml",
        "hosts: [beispielstadt]",
        "hosts: [transferstelle]",
        "'transferstelle' is a",
        "hosts: [transferstelle]",
        "hosts",
    ),
    Case(
        "duplicate-id",
        "organisations.yaml",
        "  - id: transferstelle\n",
        "  - id: transferstelle\n    type: organisation\n    name: {de: Doppelt}\n"
        "    sources: [beispiel-news]\n  - id: transferstelle\n",
        "duplicate id 'transferstelle'",
        "id: transferstelle\n    type: transfer-office",
        "id",
    ),
    Case(
        "impossible-date",
        "conferences/rk-2.yaml",
        "date: 2024-10-01",
        "date: 2024-02-30",
        "'2024-02-30' is not a valid date",
        "2024-02-30",
        "date",
    ),
    Case(
        "malformed-ags",
        "local-authorities.csv",
        "09999111",
        "0999911",
        "'0999911' is not an AGS",
        "0999911",
        "key",
    ),
    Case(
        "ags-in-wrong-state",
        "local-authorities.csv",
        "09999111",
        "05999111",
        "does not start with the state key 09",
        "05999111",
        "key",
    ),
    Case(
        "fact-without-source",
        "conferences/rk-2.yaml",
        "sources: [beispiel-amtsblatt]\n",
        "",
        "no source for date, hosts, online",
        "date:",
    ),
    Case(
        "unknown-source",
        "conferences/rk-2.yaml",
        "sources: [beispiel-amtsblatt]",
        "sources: [beispiel-amtsblat]",
        "unknown source 'beispiel-amtsblat'",
        "beispiel-amtsblat]",
        "sources",
    ),
    Case(
        "two-preferred-alternatives",
        "conferences/rk-1.yaml",
        "{value: 2024-04-01, sources: [beispiel-news]}",
        "{value: 2024-04-01, sources: [beispiel-news], preferred: true}",
        "exactly one alternative must be marked 'preferred: true' (found 2)",
        "alternatives:",
    ),
    Case(
        "derived-without-from",
        "conferences/rk-2.yaml",
        "  from: [beispiel-news]\n",
        "",
        "a derived value needs 'from'",
        "number:",
        "number",
    ),
    Case(
        "file-not-named-after-id",
        "conferences/rk-2.yaml",
        "id: rk-2",
        "id: rk-3",
        "the file must be named after the id: rk-3.yaml",
        "id: rk-3",
        "id",
    ),
    Case(
        "bad-choice",
        "organisations.yaml",
        "type: transfer-office",
        "type: transfer-agency",
        "'transfer-agency' is not allowed; allowed:",
        "transfer-agency",
        "type",
    ),
]


def _line_of(path: Path, text: str | None) -> int | None:
    if text is None:
        return None
    content = path.read_text(encoding="utf-8")
    index = content.index(text)
    return content[:index].count("\n") + 1


def _files(directory: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(directory)): p.read_bytes() for p in directory.rglob("*") if p.is_file()
    }


@pytest.fixture
def earlier_output(tmp_path: Path, minimal_data: Path) -> tuple[Path, dict[str, bytes]]:
    out = tmp_path / "dist"
    result = run_cli("build", "--data", str(minimal_data), "--out", str(out))
    assert result.exit_code == 0, result.output
    return out, _files(out)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_bad_input_is_reported_with_location(
    case: Case, minimal_data: Path, earlier_output: tuple[Path, dict[str, bytes]]
) -> None:
    path = minimal_data / case.file
    content = path.read_text(encoding="utf-8")
    assert case.old in content, "the test case no longer matches the fixture"
    path.write_text(content.replace(case.old, case.new, 1), encoding="utf-8")
    out, before = earlier_output

    result = run_cli("build", "--data", str(minimal_data), "--out", str(out))

    assert result.exit_code == 3, result.output
    assert "Traceback" not in result.output
    problems = [line for line in result.output.splitlines() if line.startswith("  ")]
    assert len(problems) == 1, result.output  # one clear message for one mistake
    message = problems[0]
    assert case.message in message
    location = f"{path}"
    line = _line_of(path, case.line_of)
    if line is not None:
        location += f":{line}"
    assert location in message
    if case.field:
        assert f"[{case.field}]" in message
    assert _files(out) == before  # nothing lost


def test_messages_are_german_on_request(minimal_data: Path) -> None:
    path = minimal_data / "conferences" / "rk-2.yaml"
    path.write_text(path.read_text().replace("2024-10-01", "2024-02-30"))
    result = run_cli("validate", "--data", str(minimal_data), lang="de")
    assert result.exit_code == 3
    assert "„2024-02-30“ ist kein gültiges Datum" in result.output
    assert result.output.startswith("Fehler:")


def test_several_mistakes_are_all_reported(minimal_data: Path) -> None:
    rk2 = minimal_data / "conferences" / "rk-2.yaml"
    rk2.write_text(rk2.read_text().replace("2024-10-01", "2024-13-01"))
    people = minimal_data / "people.yaml"
    people.write_text(people.read_text().replace("role: mayor", "role: mayr"))
    result = run_cli("validate", "--data", str(minimal_data))
    assert result.exit_code == 3
    assert "2 error(s)" in result.output
    assert "rk-2.yaml:6 [date]" in result.output
    assert "unknown id 'mayr'; expected: role. Similar: mayor." in result.output


def test_unreadable_file(minimal_data: Path) -> None:
    people = minimal_data / "people.yaml"
    people.write_bytes(b"people:\n  - id: erika-muster\n    name: Erika M\xfcster\n")
    result = run_cli("build", "--data", str(minimal_data), "--out", str(minimal_data / "out"))
    assert result.exit_code == 3
    assert f"{people}: file is not UTF-8 encoded" in result.output
    assert not (minimal_data / "out").exists()


def test_file_that_is_a_directory(minimal_data: Path) -> None:
    people = minimal_data / "people.yaml"
    people.unlink()
    people.mkdir()
    (people / "x.txt").write_text("")
    result = run_cli("validate", "--data", str(minimal_data))
    assert result.exit_code == 3
    assert f"{people}: cannot read file" in result.output


def test_empty_data_directory(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run_cli("build", "--data", str(empty), "--out", str(tmp_path / "out"))
    assert result.exit_code == 3
    assert f"{empty}: no curated files found" in result.output
    assert not (tmp_path / "out").exists()


def test_missing_data_directory(tmp_path: Path) -> None:
    result = run_cli("validate", "--data", str(tmp_path / "nowhere"))
    assert result.exit_code == 3
    assert "data directory not found" in result.output


def test_unexpected_file_is_named(minimal_data: Path) -> None:
    (minimal_data / "organisation.yaml").write_text("organisations: []\n")
    result = run_cli("validate", "--data", str(minimal_data))
    assert result.exit_code == 3
    assert "organisation.yaml: unexpected file" in result.output


def test_traceback_only_on_request(minimal_data: Path) -> None:
    path = minimal_data / "conferences" / "rk-2.yaml"
    path.write_text(path.read_text().replace("2024-10-01", "2024-02-30"))
    from click.testing import CliRunner

    from mpsc_graph.cli import cli
    from mpsc_graph.core.errors import InputError

    result = CliRunner().invoke(cli, ["--traceback", "validate", "--data", str(minimal_data)])
    assert isinstance(result.exception, InputError)


def test_lists_may_be_split_into_a_directory(minimal_data: Path) -> None:
    (minimal_data / "people").mkdir()
    (minimal_data / "people.yaml").rename(minimal_data / "people" / "beispielstadt.yaml")
    extra = minimal_data / "people" / "musterhausen.yaml"
    extra.write_text(
        "people:\n  - id: max-muster\n    name: Max Muster\n    sources: [beispiel-news]\n"
    )
    assert run_cli("validate", "--data", str(minimal_data)).exit_code == 0
    extra.write_text(
        "people:\n  - id: erika-muster\n    name: Erika Muster\n    sources: [beispiel-news]\n"
    )
    result = run_cli("validate", "--data", str(minimal_data))
    assert result.exit_code == 3
    assert f"{extra}:2 [id]: duplicate id 'erika-muster'" in result.output
