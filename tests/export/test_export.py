"""Every export format round-trips: parsed back, it is the same graph or dataset."""

from __future__ import annotations

import pytest
import rdflib
from rdflib.compare import isomorphic

from mpsc_graph.core.settings import Settings
from mpsc_graph.export import FORMATS, serialize
from mpsc_graph.pipeline import Built, assemble
from tests.support import MINIMAL, run_cli

RDFLIB_FORMATS = {
    "ttl": "turtle",
    "trig": "trig",
    "nq": "nquads",
    "nt": "nt",
    "jsonld": "json-ld",
    "xml": "xml",
}
QUAD_FORMATS = {"trig", "nq", "jsonld"}


@pytest.fixture(scope="module")
def built() -> Built:
    return assemble(Settings(data_dir=MINIMAL))


def _dataset(data: bytes, fmt: str) -> rdflib.Dataset:
    dataset = rdflib.Dataset()
    dataset.parse(data=data, format=RDFLIB_FORMATS[fmt])
    return dataset


def _graphs(dataset: rdflib.Dataset) -> dict[str, rdflib.Graph]:
    graphs = {}
    for g in dataset.graphs():
        if len(g):
            graphs[str(g.identifier)] = g
    return graphs


@pytest.mark.parametrize("selection", ["reconciled", "all", "ontology"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trip(built: Built, fmt: str, selection: str) -> None:
    quads = built.select(selection)
    reference = _dataset(serialize(quads, "nq", built.prefixes), "nq")
    parsed = _dataset(serialize(quads, fmt, built.prefixes, built.context()), fmt)
    if fmt in QUAD_FORMATS:
        expected, actual = _graphs(reference), _graphs(parsed)
        assert sorted(actual) == sorted(expected)
        for name, g in expected.items():
            assert isomorphic(actual[name], g), name
    else:  # triple formats hold the union of the selected graphs
        union = rdflib.Graph()
        for g in _graphs(reference).values():
            union += g
        parsed_union = rdflib.Graph()
        for g in _graphs(parsed).values():
            parsed_union += g
        assert len(parsed_union) == len(union)
        assert isomorphic(parsed_union, union)


def test_jsonld_uses_short_keys(built: Built) -> None:
    import json

    document = json.loads(
        serialize(built.select("reconciled"), "jsonld", built.prefixes, built.context())
    )
    text = json.dumps(document)
    assert '"conferenceNumber"' in text and '"hostedBy"' in text and '"startDate"' in text
    assert "https://w3id.org/mpsc/ontology#conferenceNumber" not in text.replace(
        '"mpsc:conferenceNumber"', ""
    )


def test_export_to_stdout_and_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("export", "--data", str(MINIMAL), "--format", "nt")
    assert result.exit_code == 0
    assert "<https://w3id.org/mpsc/id/conference/rk-1>" in result.output
    target = tmp_path / "x.trig"
    result = run_cli(
        "export", "--data", str(MINIMAL), "--format", "trig", "--graph", "all", "-o", str(target)
    )
    assert result.exit_code == 0 and result.output == ""
    assert "<https://w3id.org/mpsc/graph/meta>" in target.read_text()
