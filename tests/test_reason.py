"""The consistency check can fail: an entity that is both municipality and district."""

from __future__ import annotations

import shutil

import pytest
from pyoxigraph import DefaultGraph, NamedNode, Quad

from mpsc_graph.config import Settings
from mpsc_graph.reason import check_consistency
from mpsc_graph.vocab import MPSC, RDF

pytestmark = [
    pytest.mark.reasoner,
    pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs Java on PATH"),
]


def test_disjoint_types_are_inconsistent() -> None:
    thing = NamedNode("https://w3id.org/mpsc/id/municipality/09999000")
    data = [
        Quad(thing, RDF.type, MPSC.Municipality, DefaultGraph()),
        Quad(thing, RDF.type, MPSC.District, DefaultGraph()),
    ]
    result = check_consistency(Settings().ontology_dir, data)
    assert not result.consistent
    assert result.explanation


def test_missing_java_is_an_external_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from mpsc_graph.errors import ExitCode, ExternalError

    monkeypatch.setattr(shutil, "which", lambda _: None)
    with pytest.raises(ExternalError) as caught:
        check_consistency(Settings().ontology_dir, [])
    assert caught.value.exit_code == ExitCode.EXTERNAL
    assert "apt-get install" in caught.value.text.en
