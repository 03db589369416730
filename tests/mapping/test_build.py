"""The build: deterministic IRIs and files, sources per graph, disagreements and derivations."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, Quad

from mpsc_graph.core.settings import Settings
from mpsc_graph.core.vocab import MPSC, PROV, RDF, RDFS, SCHEMA, XSD
from mpsc_graph.pipeline import Built, assemble, run_build
from tests.support import REAL_DATA, run_cli

BASE = "https://w3id.org/mpsc/"


def graph(name: str, base: str = BASE) -> NamedNode:
    return NamedNode(f"{base}graph/{name}")


def entity(path: str, base: str = BASE) -> NamedNode:
    return NamedNode(f"{base}id/{path}")


def objects(built: Built, s: NamedNode, p: NamedNode, g: NamedNode) -> set[str]:
    return {
        str(q.object)
        for q in built.quads
        if q.subject == s and q.predicate == p and q.graph_name == g
    }


@pytest.fixture(scope="module")
def minimal() -> Built:
    from tests.support import MINIMAL

    return assemble(Settings(data_dir=MINIMAL))


def test_rebuild_gives_byte_identical_files(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    run_build(Settings(data_dir=REAL_DATA, out_dir=first))
    run_build(Settings(data_dir=REAL_DATA, out_dir=second))
    names = sorted(str(p.relative_to(first)) for p in first.rglob("*") if p.is_file())
    assert names == sorted(str(p.relative_to(second)) for p in second.rglob("*") if p.is_file())
    assert "mpsc.trig" in names and "mpsc.jsonld" in names
    assert "reports/network/organisations-metrics.csv" in names
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_disagreeing_sources_are_both_kept(minimal: Built) -> None:
    rk1 = entity("conference/rk-1")
    date = SCHEMA.startDate
    assert objects(minimal, rk1, date, graph("source/beispiel-news")) == {
        '"2024-04-01"^^<http://www.w3.org/2001/XMLSchema#date>'
    }
    assert objects(minimal, rk1, date, graph("source/beispiel-amtsblatt")) == {
        '"2024-04-02"^^<http://www.w3.org/2001/XMLSchema#date>'
    }
    assert objects(minimal, rk1, date, graph("reconciled")) == {
        '"2024-04-02"^^<http://www.w3.org/2001/XMLSchema#date>'
    }


def test_derived_fact_says_so(minimal: Built) -> None:
    rk2 = entity("conference/rk-2")
    derived = graph("derived/conference/rk-2/number")
    number = Quad(rk2, MPSC.conferenceNumber, Literal("2", datatype=XSD.integer), derived)
    assert number in minimal.quads
    source_graphs = {
        q.graph_name
        for q in minimal.quads
        if q.subject == rk2 and q.predicate == MPSC.conferenceNumber
    }
    assert source_graphs == {derived, graph("reconciled")}  # no source states it
    meta = graph("meta")
    assert Quad(derived, RDF.type, MPSC.DerivedFactGraph, meta) in minimal.quads
    assert Quad(derived, PROV.wasDerivedFrom, entity("source/beispiel-news"), meta) in minimal.quads
    comments = objects(minimal, derived, RDFS.comment, meta)
    assert comments == {'"Folgt auf Nr. 1; die Quelle nennt keine Zahl."@de'}


def test_every_source_graph_has_provenance(minimal: Built) -> None:
    meta = graph("meta")
    source_graphs = {
        q.graph_name
        for q in minimal.quads
        if isinstance(q.graph_name, NamedNode)
        and q.graph_name.value.startswith(f"{BASE}graph/source/")
    }
    assert source_graphs == {
        graph("source/beispiel-news"),
        graph("source/beispiel-amtsblatt"),
        graph("source/beispiel-register"),
    }
    for g in source_graphs:
        source = entity("source/" + g.value.rsplit("/", 1)[1])
        assert Quad(g, RDF.type, MPSC.FactGraph, meta) in minimal.quads
        assert Quad(g, PROV.wasDerivedFrom, source, meta) in minimal.quads
        assert objects(minimal, g, PROV.generatedAtTime, meta) == {
            '"2026-11-22T00:00:00Z"^^<http://www.w3.org/2001/XMLSchema#dateTime>'
        }


def test_reconciled_facts_are_stated_by_a_source_or_derived() -> None:
    """Every reconciled statement is in a source or derived graph, except generated labels."""
    built = assemble(Settings(data_dir=REAL_DATA))
    reconciled = graph("reconciled")
    backed = {
        q.triple
        for q in built.quads
        if isinstance(q.graph_name, NamedNode)
        and q.graph_name.value.startswith((f"{BASE}graph/source/", f"{BASE}graph/derived/"))
    }
    unbacked = [
        q.triple for q in built.quads if q.graph_name == reconciled and q.triple not in backed
    ]
    series = entity("series/regionalkonferenzen")
    for triple in unbacked:
        generated_label = triple.predicate == RDFS.label
        series_itself = triple.subject == series
        assert generated_label or series_itself, triple


def test_base_iri_is_configurable(minimal_data: Path) -> None:
    base = "https://example.org/kg/"
    built = assemble(Settings(data_dir=minimal_data, base=base))
    subjects = {
        q.subject.value for q in built.select("reconciled") if isinstance(q.subject, NamedNode)
    }
    assert subjects
    assert all(s.startswith(base) for s in subjects), sorted(subjects)[:3]
    assert NamedNode(f"{base}id/municipality/09999111") in {q.subject for q in built.quads}


def test_iris_are_deterministic_and_keyed(minimal: Built) -> None:
    subjects = {q.subject for q in minimal.select("reconciled")}
    for path in (
        "municipality/09999111",
        "municipality/09999000",
        "state/09",
        "conference/rk-1",
        "conference/rk-1/item/welcome",
        "conference/rk-1/item/welcome/participant/erika-muster",
        "person/erika-muster/position/beispielstadt/mayor",
        "organisation/transferstelle",
        "venue/rathaus-beispielstadt",
    ):
        assert entity(path) in subjects, path


def test_validation_points_at_file_and_line(minimal_data: Path) -> None:
    rk2 = minimal_data / "conferences" / "rk-2.yaml"
    rk2.write_text(rk2.read_text().replace("date: 2024-10-01", "date: 2019-10-01"))
    result = run_cli("validate", "--data", str(minimal_data))
    assert result.exit_code == 1, result.output
    assert f"{rk2}:6 [date]" in result.output
    assert "VIOLATION" in result.output and "startDate" in result.output

    as_json = run_cli("validate", "--data", str(minimal_data), "--format", "json")
    import json

    report = json.loads(as_json.output)
    assert report["conforms"] is False
    finding = report["entities"][0]["results"][0]
    assert (finding["file"], finding["line"], finding["field"]) == (str(rk2), 6, "date")


def test_validation_messages_in_both_languages(minimal_data: Path) -> None:
    rk2 = minimal_data / "conferences" / "rk-2.yaml"
    rk2.write_text(rk2.read_text().replace("date: 2024-10-01", "date: 2019-10-01"))
    german = run_cli("validate", "--data", str(minimal_data), "--lang", "de")
    english = run_cli("validate", "--data", str(minimal_data), "--lang", "en")
    assert german.exit_code == english.exit_code == 1
    assert "NICHT gültig" in german.output and "does NOT conform" in english.output
    assert german.output != english.output


def test_build_writes_outputs_even_when_checks_fail(minimal_data: Path, tmp_path: Path) -> None:
    rk2 = minimal_data / "conferences" / "rk-2.yaml"
    rk2.write_text(rk2.read_text().replace("date: 2024-10-01", "date: 2019-10-01"))
    out = tmp_path / "out"
    result = run_cli("build", "--data", str(minimal_data), "--out", str(out))
    assert result.exit_code == 1
    assert '"conforms": false' in (out / "validation.json").read_text()


def test_reorganisation_is_a_change_event(minimal: Built) -> None:
    from mpsc_graph.core.vocab import ORG

    event = entity("change/altministerium/bundesbeispielministerium")
    reconciled = graph("reconciled")
    assert Quad(event, RDF.type, ORG.ChangeEvent, reconciled) in minimal.quads
    assert (
        Quad(event, ORG.originalOrganization, entity("organisation/altministerium"), reconciled)
        in minimal.quads
    )
    assert (
        Quad(entity("organisation/bundesbeispielministerium"), ORG.resultedFrom, event, reconciled)
        in minimal.quads
    )


def test_sparql_rule_messages_follow_the_language(minimal_data: Path) -> None:
    """Duplicate numbers are a SPARQL rule, whose messages pySHACL returns untagged."""
    rk2 = minimal_data / "conferences" / "rk-2.yaml"
    rk2.write_text(rk2.read_text().replace("  value: 2\n", "  value: 1\n"))
    import json

    outputs = {}
    for lang in ("de", "en"):
        result = run_cli(
            "validate", "--data", str(minimal_data), "--format", "json", "--lang", lang
        )
        assert result.exit_code == 1, result.output
        report = json.loads(result.output)
        outputs[lang] = [r["message"] for e in report["entities"] for r in e["results"]]
    assert len(outputs["de"]) == len(outputs["en"]) >= 2
    assert outputs["de"] != outputs["en"]
    assert all("Regionalkonferenz" in m or "Konferenz" in m for m in outputs["de"]), outputs


def test_each_derived_fact_has_its_own_graph(minimal_data: Path) -> None:
    rk2 = minimal_data / "conferences" / "rk-2.yaml"
    rk2.write_text(
        rk2.read_text()
        + "topics:\n"
        + "  - {value: daten, derived: 'Aus dem Motto.', from: [beispiel-news]}\n"
        + "  - {value: datenplattform, derived: 'Aus dem Programm.', from: [beispiel-amtsblatt]}\n"
    )
    built = assemble(Settings(data_dir=minimal_data))
    meta = graph("meta")
    first, second = (
        graph("derived/conference/rk-2/topics"),
        graph("derived/conference/rk-2/topics-2"),
    )
    assert objects(built, first, RDFS.comment, meta) == {'"Aus dem Motto."@de'}
    assert objects(built, second, RDFS.comment, meta) == {'"Aus dem Programm."@de'}
    assert objects(built, second, PROV.wasDerivedFrom, meta) == {
        str(entity("source/beispiel-amtsblatt"))
    }


@pytest.mark.slow
def test_rebuild_in_another_process_gives_identical_files(tmp_path: Path) -> None:
    """Set order differs between processes (hash seeds); no output may depend on it."""
    import os
    import subprocess
    import sys

    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / seed
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [
                sys.executable,
                "-m",
                "mpsc_graph",
                "build",
                "--data",
                str(REAL_DATA),
                "--out",
                str(out),
            ],
            check=True,
            env=env,
            capture_output=True,
        )
        outputs.append(
            {str(p.relative_to(out)): p.read_bytes() for p in out.rglob("*") if p.is_file()}
        )
    assert outputs[0].keys() == outputs[1].keys()
    different = sorted(name for name in outputs[0] if outputs[0][name] != outputs[1][name])
    assert different == []
