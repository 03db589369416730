"""Tests for mpsc_graph.qc, the offline ontology quality control.

* every check in CHECKS has a fixture (tests/fixtures/qc/<check-id>.ttl) that, added to a clean
  base ontology, makes exactly that check fire (plus any checks the fixture declares with
  ``# qc-also:``), with the registered severity and messages in German and English;
* the base is clean, and the real ontology and shapes have no errors (only accepted warnings and
  info);
* the report renders findings and severities as text, JSON and Markdown, in both languages,
  with file:line, and names the OOPS! pitfalls that are and are not automated;
* the Java checks are skipped (as warnings) without Java and switched off with java=False.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from mpsc_graph import qc
from mpsc_graph.core.errors import ExitCode, InputError
from mpsc_graph.qc import CHECKS, OOPS_NOT_AUTOMATED, OOPS_PITFALLS, Check, QcReport, run_qc

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "qc"
BASE = FIXTURES / "base"

HAS_JDK = shutil.which("java") is not None and shutil.which("javac") is not None
requires_jdk = pytest.mark.skipif(
    not HAS_JDK, reason="the OWL API/HermiT checks need a JDK (java and javac on PATH)"
)

# Warnings and info the real ontology may have, and why they are accepted.
ACCEPTED_ON_REAL_ONTOLOGY = {
    # docs/model.md: only one direction is stored ("query ^mpsc:hostedBy").
    "missing-inverse",
    # A modelling question for the ontology's owners (e.g. may a solution also be a measure?).
    "missing-disjointness",
    # Terms that only the data uses (e.g. a leaf class typed by build.py).
    "unused-term",
}


# -- fixtures ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fixture:
    path: Path
    target: str
    remove: tuple[tuple[URIRef, URIRef | None], ...]
    also: frozenset[str]


def expand(name: str) -> URIRef:
    prefix, local = name.split(":", 1)
    return URIRef(qc.PREFIXES[prefix] + local)


def read_fixture(path: Path) -> Fixture:
    target = "ontology"
    remove: list[tuple[URIRef, URIRef | None]] = []
    also: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if match := re.match(r"#\s*qc-(target|remove|also):\s*(.*)", line):
            key, words = match.group(1), match.group(2).split()
            if key == "target":
                target = words[0]
            elif key == "remove":
                remove.append((expand(words[0]), expand(words[1]) if len(words) > 1 else None))
            else:
                also.update(words)
    assert target in ("ontology", "shapes"), f"{path.name}: qc-target {target!r}"
    return Fixture(path, target, tuple(remove), frozenset(also))


def build(tmp_path: Path, *fixtures: Fixture) -> tuple[Path, Path]:
    """The base ontology and shapes with the fixtures applied, in tmp_path."""
    ontology, shapes = tmp_path / "ontology", tmp_path / "shapes"
    shutil.copytree(BASE / "ontology", ontology)
    shutil.copytree(BASE / "shapes", shapes)
    removals = [r for f in fixtures for r in f.remove]
    if removals:
        graph = Graph().parse(ontology / "mpsc.ttl", format="turtle")
        for predicate, obj in removals:
            graph.remove((None, predicate, obj))
        graph.serialize(ontology / "mpsc.ttl", format="turtle")
    for fixture in fixtures:
        directory = ontology if fixture.target == "ontology" else shapes
        shutil.copy(fixture.path, directory / f"zz-{fixture.path.name}")
    return ontology, shapes


def fixture_for(check_id: str) -> Fixture:
    return read_fixture(FIXTURES / f"{check_id}.ttl")


def check_param(check: Check) -> object:
    marks = [pytest.mark.reasoner, requires_jdk] if check.needs_java else []
    return pytest.param(check, id=check.id, marks=marks)


# -- the registry --------------------------------------------------------------------------------


def test_check_ids_are_unique_and_kebab_case() -> None:
    ids = [check.id for check in CHECKS]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", i) for i in ids)


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.id)
def test_check_is_well_formed(check: Check) -> None:
    assert check.severity in qc.SEVERITIES
    assert check.implements, "say what the check implements"
    assert check.title.de and check.title.en
    assert check.message.de and check.message.en and check.message.de != check.message.en
    assert (check.query is None) == (check.id in qc._RUNNERS), "a query or a Python runner"
    for source in check.implements:
        assert re.fullmatch(
            r"OOPS! P\d\d|FOOPS! [A-Z]+[0-9.]*|ROBOT [a-z_ -]+[A-Z]*|checklist \d+|profile 2\.3"
            r"|policy|shapes ↔ ontology",
            source,
        ), source


def test_every_check_has_a_fixture() -> None:
    missing = [c.id for c in CHECKS if not (FIXTURES / f"{c.id}.ttl").exists()]
    assert not missing, f"add tests/fixtures/qc/<check-id>.ttl for {missing}"


def test_every_fixture_belongs_to_a_check() -> None:
    ids = {c.id for c in CHECKS}
    stray = [p.name for p in FIXTURES.glob("*.ttl") if p.stem not in ids]
    assert not stray


def test_oops_pitfalls_are_all_accounted_for() -> None:
    codes = [p.code for p in OOPS_PITFALLS]
    assert codes == [f"P{n:02d}" for n in range(1, 42)]
    automated = set(qc.oops_automated())
    assert not automated & set(OOPS_NOT_AUTOMATED), "automated and not automated at once"
    assert automated | set(OOPS_NOT_AUTOMATED) == set(codes)


def test_module_docstring_names_the_same_pitfalls() -> None:
    doc = qc.__doc__ or ""
    automated_part, _, rest = doc.partition("OOPS! pitfalls NOT automated")
    automated_part = automated_part.partition("OOPS! pitfalls automated here")[2]
    assert set(re.findall(r"P\d\d", automated_part)) == set(qc.oops_automated())
    assert set(re.findall(r"P\d\d", rest)) == set(OOPS_NOT_AUTOMATED)


# -- every check fires on its fixture ----------------------------------------------------------


def test_base_is_clean() -> None:
    report = run_qc(BASE / "ontology", BASE / "shapes", java=False)
    assert report.findings == [], report.to_text("en")


@pytest.mark.reasoner
@requires_jdk
def test_base_is_clean_with_java() -> None:
    report = run_qc(BASE / "ontology", BASE / "shapes")
    assert report.findings == [], report.to_text("en")
    assert report.skipped == []


@pytest.mark.parametrize("check", [check_param(c) for c in CHECKS])
def test_fixture_makes_exactly_its_check_fire(check: Check, tmp_path: Path) -> None:
    fixture = fixture_for(check.id)
    report = run_qc(*build(tmp_path, fixture), java=check.needs_java)
    fired = {f.check for f in report.findings}
    assert fired == {check.id} | fixture.also, report.to_text("en")
    for finding in report.by_check(check.id):
        assert finding.severity == check.severity
        assert finding.message.de and finding.message.en
        assert finding.message.de != finding.message.en
        assert "{value}" not in finding.message.de + finding.message.en


# -- the real ontology -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_report() -> QcReport:
    return run_qc(ROOT / "ontology", ROOT / "shapes", java=False)


def test_real_ontology_has_no_errors(real_report: QcReport) -> None:
    assert real_report.errors == [], real_report.to_text("en")
    assert real_report.exit_code == ExitCode.OK


def test_real_ontology_has_only_accepted_warnings(real_report: QcReport) -> None:
    unexpected = [f for f in real_report.findings if f.check not in ACCEPTED_ON_REAL_ONTOLOGY]
    assert not unexpected, "\n".join(f.render("en") for f in unexpected)


@pytest.mark.reasoner
@requires_jdk
def test_real_ontology_passes_the_java_checks() -> None:
    report = run_qc(ROOT / "ontology", ROOT / "shapes")
    assert report.skipped == []
    java = [f for f in report.findings if qc.CHECKS_BY_ID[f.check].needs_java]
    assert java == [], report.to_text("en")


# -- the report --------------------------------------------------------------------------------


@pytest.fixture
def mixed_report(tmp_path: Path) -> QcReport:
    """One error (label-per-language), one warning (annotation-whitespace), one info."""
    fixtures = [fixture_for(i) for i in ("label-per-language", "annotation-whitespace")]
    fixtures.append(fixture_for("missing-inverse"))
    return run_qc(*build(tmp_path, *fixtures), java=False)


def test_report_counts_and_exit_code(mixed_report: QcReport) -> None:
    assert [f.check for f in mixed_report.errors] == ["label-per-language"]
    assert [f.check for f in mixed_report.warnings] == ["annotation-whitespace"]
    assert [f.check for f in mixed_report.infos] == ["missing-inverse"]
    assert not mixed_report.ok
    assert mixed_report.exit_code == ExitCode.CHECKS_FAILED
    assert int(mixed_report.exit_code) == 1


def test_text_report(mixed_report: QcReport) -> None:
    en, de = mixed_report.to_text("en"), mixed_report.to_text("de")
    assert re.search(
        r"^ERROR +\S+/mpsc\.ttl:\d+: \[label-per-language\] mpsc:Talk: needs", en, re.M
    )
    assert re.search(r"^WARNING .*\[annotation-whitespace\]", en, re.M)
    assert re.search(r"^INFO .*\[missing-inverse\] mpsc:sponsoredBy", en, re.M)
    assert re.search(r"^FEHLER .*\[label-per-language\] mpsc:Talk: braucht genau ein", de, re.M)
    assert re.search(r"^WARNUNG .*\[annotation-whitespace\]", de, re.M)
    assert re.search(r"^HINWEIS .*\[missing-inverse\]", de, re.M)
    assert "QC FAILED: 1 error(s), 1 warning(s), 1 info" in en
    assert "QC NICHT bestanden: 1 Fehler, 1 Warnungen, 1 Hinweise" in de
    assert "P40 Namespace hijacking: needs local copies" in en
    assert "P40 Namespace hijacking: braucht lokale Kopien" in de


def test_json_report(mixed_report: QcReport) -> None:
    data = json.loads(mixed_report.to_json("en"))
    assert (data["ok"], data["errors"], data["warnings"], data["infos"]) == (False, 1, 1, 1)
    (error,) = [f for f in data["findings"] if f["severity"] == "error"]
    assert error["check"] == "label-per-language"
    assert error["entity"] == "https://w3id.org/mpsc/ontology#Talk"
    assert error["name"] == "mpsc:Talk"
    assert error["file"].endswith("mpsc.ttl") and isinstance(error["line"], int)
    assert error["message"].startswith("needs exactly one rdfs:label")
    assert {c["id"] for c in data["checks"]} == {c.id for c in CHECKS}
    assert data["oops"]["not_automated"].keys() == OOPS_NOT_AUTOMATED.keys()
    german = json.loads(mixed_report.to_json("de"))
    assert german["findings"][0]["message"].startswith("braucht genau ein rdfs:label")


def test_markdown_report(mixed_report: QcReport) -> None:
    en, de = mixed_report.to_markdown("en"), mixed_report.to_markdown("de")
    assert "## Findings" in en and "## Befunde" in de
    assert re.search(r"^\| ERROR \| `label-per-language` \| `mpsc:Talk` \| `\S+:\d+` \|", en, re.M)
    assert re.search(r"^\| WARNING \| `annotation-whitespace` \|", en, re.M)
    assert re.search(r"^\| INFO \| `missing-inverse` \|", en, re.M)
    assert re.search(r"^\| FEHLER \| `label-per-language` \|", de, re.M)
    for pitfall in OOPS_PITFALLS:
        assert re.search(rf"^\| {pitfall.code} \|", en, re.M)
    assert "not automated: needs the network" in en
    for check in CHECKS:
        assert f"| `{check.id}` |" in en


def test_location_is_the_subject_line_of_the_term(tmp_path: Path) -> None:
    report = run_qc(*build(tmp_path, fixture_for("naming-class")), java=False)
    (finding,) = report.by_check("naming-class")
    assert finding.location is not None
    assert finding.location.file.name == "zz-naming-class.ttl"
    lines = finding.location.file.read_text(encoding="utf-8").splitlines()
    assert lines[finding.location.line - 1].startswith("mpsc:talk_session")  # type: ignore[operator]


def test_location_of_a_shape_finding_is_in_the_shapes(tmp_path: Path) -> None:
    report = run_qc(*build(tmp_path, fixture_for("shape-target-class")), java=False)
    (finding,) = report.by_check("shape-target-class")
    assert finding.name == "mpsc:Venue" and finding.value == qc.PREFIXES["mpscsh"] + "VenueShape"
    assert finding.location is not None and finding.location.file.parent.name == "shapes"


def test_parse_error_has_file_and_line(tmp_path: Path) -> None:
    report = run_qc(*build(tmp_path, fixture_for("parse")), java=False)
    findings = report.by_check("parse")
    assert {f.value.split(":")[0] for f in findings if f.value} == {"pyoxigraph", "rdflib"}
    for finding in findings:
        assert finding.location is not None
        assert finding.location.file.name == "zz-parse.ttl"
        assert finding.location.line in (4, 5)


def test_blank_node_values_name_their_owner(tmp_path: Path) -> None:
    report = run_qc(*build(tmp_path, fixture_for("shapes-meta-shacl")), java=False)
    (finding,) = report.by_check("shapes-meta-shacl")
    assert finding.name == "mpscsh:BadShape"


# -- Java --------------------------------------------------------------------------------------


def test_java_off_skips_the_java_checks() -> None:
    report = run_qc(BASE / "ontology", BASE / "shapes", java=False)
    java_checks = [c.id for c in CHECKS if c.needs_java]
    assert [s.check for s in report.skipped] == java_checks
    assert "java=False" in report.to_text("en")


def test_missing_java_is_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("mpsc_graph.qc.shutil.which", lambda name: None)
    report = run_qc(BASE / "ontology", BASE / "shapes")
    java_checks = [c.id for c in CHECKS if c.needs_java]
    assert [f.check for f in report.warnings] == java_checks
    assert all(
        "Java missing" in f.message.en and "Java fehlt" in f.message.de for f in report.warnings
    )
    assert report.ok
    assert [s.check for s in report.skipped] == java_checks


def test_java_without_compiler_is_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    # A JRE without jdk.compiler cannot run java's source launcher: the checks are skipped.
    def failing_run(args: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
        return subprocess.CompletedProcess(args, 1, "", "error: compilation failed\n")

    monkeypatch.setattr("mpsc_graph.qc.shutil.which", lambda name: "/usr/bin/java")
    monkeypatch.setattr("mpsc_graph.qc.subprocess.run", failing_run)
    report = run_qc(BASE / "ontology", BASE / "shapes")
    assert [f.check for f in report.warnings] == [c.id for c in CHECKS if c.needs_java]
    assert all("compilation failed" in f.message.en for f in report.warnings)
    assert report.ok


# -- inputs ------------------------------------------------------------------------------------


def test_directory_without_turtle_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        run_qc(tmp_path, BASE / "shapes", java=False)
    assert info.value.exit_code == ExitCode.INPUT
