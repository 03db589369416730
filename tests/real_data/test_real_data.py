"""The curated real data: it builds, conforms, and HermiT finds it consistent."""

from __future__ import annotations

import shutil

import pytest
from pyoxigraph import NamedNode

from mpsc_graph.core.settings import Settings
from mpsc_graph.core.vocab import MPSC, SCHEMA
from mpsc_graph.pipeline import Built, assemble, check
from mpsc_graph.reason import check_consistency
from tests.support import REAL_DATA

BASE = "https://w3id.org/mpsc/"


@pytest.fixture(scope="module")
def built() -> Built:
    return assemble(Settings(data_dir=REAL_DATA))


def _values(built: Built, subject: str, predicate: NamedNode, graph: str) -> set[str]:
    s, g = NamedNode(BASE + "id/" + subject), NamedNode(BASE + "graph/" + graph)
    return {
        q.object.value
        for q in built.quads
        if q.subject == s and q.predicate == predicate and q.graph_name == g
    }


def test_real_data_conforms(built: Built) -> None:
    report = check(built)
    assert report.conforms, report.to_text("en")


def test_seed_conferences_are_curated(built: Built) -> None:
    numbers = {c.id: [f.value for f in c.number] for c in built.records.conferences}
    assert {"rk-10", "rk-11", "rk-12", "rk-14", "rk-16", "rk-22"} <= set(numbers)
    assert numbers["rk-11"] == [11] and numbers["rk-16"] == [16] and numbers["rk-22"] == [22]


def test_regensburg_date_disagreement_is_kept(built: Built) -> None:
    date = SCHEMA.startDate
    assert _values(built, "conference/rk-12", date, "source/seed-000") == {"2023-12-05"}
    assert _values(built, "conference/rk-12", date, "source/regensburg-de-rk12") == {"2023-12-06"}
    assert _values(built, "conference/rk-12", date, "reconciled") == {"2023-12-06"}


def test_jena_number_rests_on_the_seed_only(built: Built) -> None:
    number = MPSC.conferenceNumber
    graphs = {
        q.graph_name.value
        for q in built.quads
        if q.subject == NamedNode(BASE + "id/conference/rk-11") and q.predicate == number
    }
    assert graphs == {BASE + "graph/source/seed-000", BASE + "graph/reconciled"}


@pytest.mark.reasoner
@pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs Java on PATH")
def test_hermit_finds_ontology_and_data_consistent(built: Built) -> None:
    result = check_consistency(built.settings.ontology_dir, built.select("reconciled"))
    assert result.consistent, result.explanation
