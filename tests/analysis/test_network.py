"""mpsc-graph network: graphs, metrics, tables, figures and RDF on a hand-made toy network.

The toy network (organisation projection; weights = shared conferences)::

    A ═ B        D ═ E          Z (hosts rk-5 alone: an isolated node)
     ╲ ║ ╱        ╲ ║ ╱
      C            F            ═ weight 2 (two shared conferences), ─ weight 1
       ╲  ─ X ─  ╱
    X (the KTS) is linked by weight 1 to each of A, B, C and D, E, F.

Every path between the two triangles runs through X, so X is the only node with a
betweenness above 0 and the only broker.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pyoxigraph
import pytest
from pyoxigraph import Literal, NamedNode, Quad, RdfFormat

from mpsc_graph.analysis.network import CATEGORIES, NetworkAnalysis, analyse
from mpsc_graph.core.errors import InputError
from mpsc_graph.queries import QueryResult, Term

ROOT = Path(__file__).resolve().parents[2]
BASE = "https://example.org/mpsc/"
GRAPH = NamedNode(BASE + "graph/analysis")
GENERATED = "2025-01-31T12:00:00Z"
XSD = "http://www.w3.org/2001/XMLSchema#"
PROV = "http://www.w3.org/ns/prov#"


def iri(path: str) -> NamedNode:
    return NamedNode(f"{BASE}id/{path}")


def lit(value: str, datatype: str | None = None, lang: str | None = None) -> Literal:
    if lang:
        return Literal(value, language=lang)
    return Literal(value, datatype=NamedNode(XSD + datatype)) if datatype else Literal(value)


A, B, C = iri("municipality/09000001"), iri("municipality/09000002"), iri("organisation/bmwsb")
D, E, F = iri("organisation/dlr-pt"), iri("organisation/ecoop"), iri("district/16001")
X, Z = iri("organisation/kts"), iri("organisation/sachsen-smi")
RK = {n: iri(f"conference/rk-{n}") for n in range(1, 7)}
DATES = {1: "2024-03-01", 2: "2024-05-01", 3: "2024-04-01", 4: "2024-09-01", 5: "2024-10-01"}
T1, T2 = NamedNode(BASE + "vocab/topic/datenplattform"), NamedNode(BASE + "vocab/topic/mobilitaet")

# organisation, label, kind, funded, land, lat, long
ORGANISATIONS: list[tuple[NamedNode, str, str, bool, str, str | None, str | None]] = [
    (A, "Astadt", "municipality", True, "Bayern", "48.1", "11.5"),
    (B, "Bstadt", "municipality", False, "Bayern", "49.4", "11.0"),
    (C, "BMWSB", "federal-ministry", False, "Berlin", None, None),
    (D, "DLR Projektträger", "project-agency", False, "Nordrhein-Westfalen", None, None),
    (E, "Ecoop", "cooperation", True, "Thüringen", None, None),
    (F, "Fkreis", "district", False, "Thüringen", None, None),
    (X, "KTS", "transfer-office", False, "Berlin", "52.5", "13.4"),
    (Z, "Sächsisches Staatsministerium", "state-ministry", False, "Sachsen", None, None),
]
# conference number, organisation, relation
EDGES = [
    (1, A, "host"),
    (1, A, "presenter"),
    (1, B, "participant"),
    (1, C, "commissioner"),
    (1, X, "organiser"),
    (3, A, "host"),
    (3, B, "participant"),
    (3, C, "participant"),
    (2, E, "host"),
    (2, D, "participant"),
    (2, F, "participant"),
    (2, X, "organiser"),
    (4, E, "host"),
    (4, D, "participant"),
    (4, F, "presenter"),
    (5, Z, "host"),
]
# rk-6 is known only to the topic query (no participations)
TOPICS = [(T1, "Datenplattform", 1), (T1, "Datenplattform", 2), (T1, "Datenplattform", 4)]
TOPICS += [(T2, "Mobilität", 3), (T2, "Mobilität", 6)]


def _result(variables: tuple[str, ...], rows: list[tuple[Term | None, ...]]) -> QueryResult:
    return QueryResult("select", variables, tuple(rows))


def toy_results(reverse: bool = False) -> dict[str, QueryResult]:
    def order(rows: list[tuple[Term | None, ...]]) -> list[tuple[Term | None, ...]]:
        return rows[::-1] if reverse else rows

    organisations = [
        (
            o,
            lit(label, lang="de"),
            lit(kind),
            lit("true" if funded else "false", "boolean"),
            lit(land, lang="de"),
            lit(lat, "decimal") if lat else None,
            lit(long, "decimal") if long else None,
        )
        for o, label, kind, funded, land, lat, long in ORGANISATIONS
    ]
    edges = []
    for n, o, relation in EDGES:
        for label in (lit(f"{n}. Regionalkonferenz", lang="de"), lit(f"RC {n}", lang="en")):
            edges.append((RK[n], label, lit(DATES[n], "date"), o, lit(relation)))
    topics = [
        (t, lit(label, lang="de"), RK[n], lit(DATES.get(n, "2023-12-01"), "date"))
        for t, label, n in TOPICS
    ]
    return {
        "organisations": _result(
            ("organisation", "label", "kind", "funded", "land", "lat", "long"),
            order(organisations),  # type: ignore[arg-type]
        ),
        "participation-edges": _result(
            ("conference", "conferenceLabel", "date", "organisation", "relation"),
            order(edges),  # type: ignore[arg-type]
        ),
        "topic-conferences": _result(
            ("topic", "topicLabel", "conference", "date"),
            order(topics),  # type: ignore[arg-type]
        ),
    }


def toy(reverse: bool = False) -> NetworkAnalysis:
    return analyse(toy_results(reverse), GRAPH, BASE, GENERATED)


@pytest.fixture(scope="module")
def analysis() -> NetworkAnalysis:
    return toy()


@pytest.fixture(scope="module")
def files(analysis: NetworkAnalysis) -> dict[str, bytes]:
    return analysis.files(prefix="")


def table(files: dict[str, bytes], name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(files[name].decode())))


# --- graphs and metrics ------------------------------------------------------------------


def test_bipartite_edges_carry_relations_and_weight(analysis: NetworkAnalysis) -> None:
    g = analysis.bipartite
    assert g.number_of_nodes() == 5 + 8 and g.number_of_edges() == 15
    assert g.edges[RK[1].value, A.value] == {"relations": "host;presenter", "weight": 2}
    assert g.edges[RK[1].value, X.value] == {"relations": "organiser", "weight": 1}
    assert g.nodes[RK[1].value]["label"] == "1. Regionalkonferenz"  # German label preferred
    assert g.nodes[RK[1].value]["date"] == "2024-03-01"
    assert g.nodes[A.value]["lat"] == 48.1 and "lat" not in g.nodes[C.value]


def test_projection_weights_count_shared_conferences(analysis: NetworkAnalysis) -> None:
    p = analysis.projection
    assert p.number_of_nodes() == 8 and p.number_of_edges() == 12
    assert p.edges[A.value, B.value]["weight"] == 2  # rk-1 and rk-3
    assert p.edges[A.value, X.value]["weight"] == 1
    assert p.degree(Z.value) == 0


def test_degrees_and_betweenness_by_hand(analysis: NetworkAnalysis) -> None:
    m = analysis.metrics
    assert m[X.value].degree == 6 and m[X.value].weighted_degree == 6
    assert m[A.value].degree == 3 and m[A.value].weighted_degree == 2 + 2 + 1
    assert m[A.value].conferences == 2 and m[A.value].participations == 3
    # X lies on the only shortest path of the 3 × 3 pairs across the triangles;
    # normalised by (n - 1)(n - 2) / 2 = 21 pairs for n = 8
    assert m[X.value].betweenness == round(9 / 21, 6)
    assert all(m[o.value].betweenness == 0 for o in (A, B, C, D, E, F, Z))


def test_closeness_on_a_disconnected_graph(analysis: NetworkAnalysis) -> None:
    m = analysis.metrics
    # Wasserman–Faust: (r - 1) / Σd × (r - 1) / (n - 1); r = 7 reachable (incl. itself), n = 8
    assert m[X.value].closeness == round(6 / 6 * 6 / 7, 6)
    assert m[A.value].closeness == round(6 / (3 * 1 + 3 * 2) * 6 / 7, 6)
    assert m[Z.value].closeness == 0


def test_eigenvector_per_component(analysis: NetworkAnalysis) -> None:
    # by symmetry X gets x, the six others y: λy = 4y + x, λx = 6y, so λ = 2 + √10;
    # the 7-node component has norm √(7/8), the isolated Z gets 0
    lam = 2 + math.sqrt(10)
    y = math.sqrt(7 / 8 / ((6 / lam) ** 2 + 6))
    m = analysis.metrics
    assert m[X.value].eigenvector == pytest.approx(6 * y / lam, abs=1e-6)
    assert m[A.value].eigenvector == pytest.approx(y, abs=1e-6)
    assert m[Z.value].eigenvector == 0


def test_communities_are_the_two_triangles(analysis: NetworkAnalysis) -> None:
    m = analysis.metrics
    assert m[A.value].community == m[B.value].community == m[C.value].community
    assert m[D.value].community == m[E.value].community == m[F.value].community
    assert m[A.value].community != m[D.value].community
    assert len(analysis.communities) == 3 and analysis.communities[-1] == (Z.value,)
    assert [len(c) for c in analysis.communities] == [4, 3, 1]  # X joins one triangle


def test_the_kts_is_the_only_broker(analysis: NetworkAnalysis, files: dict[str, bytes]) -> None:
    assert [b.organisation for b in analysis.brokers] == [X.value]
    broker = analysis.brokers[0]
    assert broker.communities_reached == 2 and broker.rank == 1
    assert broker.laender_reached == 4  # Bayern, Berlin, Nordrhein-Westfalen, Thüringen
    rows = table(files, "brokers.csv")
    assert [(r["rank"], r["label"], r["betweenness"]) for r in rows] == [("1", "KTS", "0.428571")]
    assert analysis.metrics[X.value].broker and not analysis.metrics[A.value].broker


def test_colour_categories(analysis: NetworkAnalysis) -> None:
    category = {o: analysis.organisations[o.value].category for o in (A, B, C, D, E, F, X, Z)}
    assert category == {
        A: "funded",
        B: "non-funded",
        C: "ministry",
        D: "other",
        E: "funded",
        F: "non-funded",
        X: "kts",
        Z: "ministry",
    }
    assert set(CATEGORIES) == set(category.values())


def test_funded_summary(files: dict[str, bytes]) -> None:
    rows = {r["category"]: r for r in table(files, "funded-summary.csv")}
    assert list(rows) == ["funded", "non-funded", "ministry", "kts", "other"]
    funded = rows["funded"]
    assert funded["organisations"] == "2"
    assert funded["conferences_attended"] == "4" and funded["conferences_hosted"] == "4"
    assert funded["participations"] == "5"  # A: 2 at rk-1, 1 at rk-3; E: 1 + 1
    assert funded["mean_degree"] == "3.000000"
    assert rows["kts"]["brokers"] == "1" and rows["ministry"]["organisations"] == "2"


# --- topic diffusion ---------------------------------------------------------------------


def test_topic_timeline(analysis: NetworkAnalysis, files: dict[str, bytes]) -> None:
    first = {t.topic: t for t in analysis.timeline}
    assert first[T1.value].first_date == "2024-03-01"
    assert first[T1.value].first_conference == RK[1].value
    assert first[T1.value].last_date == "2024-09-01" and first[T1.value].conferences == 3
    assert first[T1.value].laender == ("Bayern", "Thüringen")  # hosts of rk-1 and rk-2/rk-4
    # rk-6 is known only from the topic query, with its date
    assert first[T2.value].first_date == "2023-12-01"
    assert first[T2.value].first_conference == RK[6].value
    assert [t.topic for t in analysis.timeline] == [T2.value, T1.value]  # by first date
    rows = table(files, "topic-timeline.csv")
    assert rows[1]["first_conference_label"] == "1. Regionalkonferenz"
    assert rows[1]["laender"] == "Bayern;Thüringen"


def test_topic_diffusion_is_cumulative(files: dict[str, bytes]) -> None:
    rows = [r for r in table(files, "topic-diffusion.csv") if r["topic"] == T1.value]
    assert [(r["date"], r["cumulative_conferences"], r["cumulative_laender"]) for r in rows] == [
        ("2024-03-01", "1", "1"),
        ("2024-05-01", "2", "2"),
        ("2024-09-01", "3", "2"),
    ]


# --- files -------------------------------------------------------------------------------

EXPECTED_FILES = {
    "organisations-metrics.csv",
    "communities.csv",
    "brokers.csv",
    "funded-summary.csv",
    "topic-timeline.csv",
    "topic-diffusion.csv",
    *(
        f"{graph}.{suffix}"
        for graph in ("conference-organisation", "organisation-projection", "topic-conference")
        for suffix in ("graphml", "gexf")
    ),
    *(
        f"{fig}.{suffix}"
        for fig in ("network", "topic-timeline", "map")
        for suffix in ("png", "svg")
    ),
}


def test_files_are_present(analysis: NetworkAnalysis, files: dict[str, bytes]) -> None:
    assert set(files) == EXPECTED_FILES
    assert set(analysis.files()) == {"reports/network/" + name for name in EXPECTED_FILES}


def test_csv_tables_parse(files: dict[str, bytes]) -> None:
    rows = table(files, "organisations-metrics.csv")
    assert [r["organisation"] for r in rows] == sorted(o.value for o in (A, B, C, D, E, F, X, Z))
    kts = next(r for r in rows if r["label"] == "KTS")
    assert kts["degree"] == "6" and kts["category"] == "kts" and kts["broker"] == "true"
    communities = table(files, "communities.csv")
    assert {r["organisation"] for r in communities} == {r["organisation"] for r in rows}


@pytest.mark.parametrize("graph", ["conference-organisation", "organisation-projection"])
def test_graphml_and_gexf_read_back(files: dict[str, bytes], graph: str) -> None:
    for reader, suffix in ((nx.read_graphml, "graphml"), (nx.read_gexf, "gexf")):
        g = reader(io.BytesIO(files[f"{graph}.{suffix}"]))
        assert X.value in g.nodes
        assert g.nodes[X.value]["kind"] == "transfer-office"
        assert g.nodes[A.value]["funded"] is True and g.nodes[B.value]["funded"] is False
        assert g.nodes[A.value]["lat"] == 48.1
    assert b"lastmodifieddate" not in files[f"{graph}.gexf"]


def test_topic_graph_reads_back(files: dict[str, bytes]) -> None:
    g = nx.read_graphml(io.BytesIO(files["topic-conference.graphml"]))
    assert g.nodes[T1.value]["label"] == "Datenplattform"
    assert sorted(g[T1.value]) == sorted(RK[n].value for n in (1, 2, 4))


def test_figures_are_png_and_svg(files: dict[str, bytes]) -> None:
    for name in ("network", "topic-timeline", "map"):
        assert files[f"{name}.png"].startswith(b"\x89PNG\r\n\x1a\n")
        root = ET.fromstring(files[f"{name}.svg"])
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        assert b"<dc:date>" not in files[f"{name}.svg"]
    network = files["network.svg"].decode()
    assert "gefördertes Modellprojekt / funded model project" in network
    assert "KTS (Transferstelle) / KTS (transfer office)" in network
    # 5 of 8 organisations have no coordinates: the caption says so
    assert "5 von 8 Organisationen ohne Koordinaten" in files["map.svg"].decode()


def test_empty_results_still_give_every_file() -> None:
    empty = {name: QueryResult("select", r.variables, ()) for name, r in toy_results().items()}
    result = analyse(empty, GRAPH, BASE, GENERATED)
    assert set(result.files(prefix="")) == EXPECTED_FILES
    assert result.brokers == () and result.communities == ()


def test_a_missing_variable_is_an_input_error() -> None:
    results = toy_results()
    broken = results["organisations"]
    results["organisations"] = QueryResult("select", broken.variables[:-1], ())
    with pytest.raises(InputError) as caught:
        analyse(results, GRAPH, BASE, GENERATED)
    assert "?long" in caught.value.render("en")[0]
    assert "organisations.rq" in caught.value.render("en")[0]


def test_an_unknown_relation_is_an_input_error() -> None:
    results = toy_results()
    edges = results["participation-edges"]
    row = (RK[1], None, None, A, lit("sponsor"))
    results["participation-edges"] = QueryResult("select", edges.variables, (*edges.rows, row))
    with pytest.raises(InputError, match="1 error"):
        analyse(results, GRAPH, BASE, GENERATED)


# --- determinism -------------------------------------------------------------------------


def test_two_runs_give_identical_bytes(files: dict[str, bytes]) -> None:
    again = toy().files(prefix="")
    assert again == files  # PNG included (same matplotlib and FreeType)


def test_row_order_does_not_matter(files: dict[str, bytes]) -> None:
    shuffled = toy(reverse=True).files(prefix="")
    for name in sorted(files):
        if not name.endswith(".png"):
            assert shuffled[name] == files[name], name


_DIGEST = """
import hashlib
from tests.analysis.test_network import toy
for name, content in sorted(toy().files(prefix="").items()):
    print(name, hashlib.sha256(content).hexdigest())
"""


@pytest.mark.slow
def test_identical_bytes_across_hash_seeds(files: dict[str, bytes]) -> None:
    """Set iteration order changes with PYTHONHASHSEED; the outputs must not."""
    expected = "".join(
        f"{name} {hashlib.sha256(content).hexdigest()}\n" for name, content in sorted(files.items())
    )
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run(
            [sys.executable, "-c", _DIGEST], cwd=ROOT, env=env, capture_output=True, check=True
        )
        assert out.stdout.decode() == expected


# --- RDF ---------------------------------------------------------------------------------


def test_quads_are_in_the_analysis_graph_and_round_trip(analysis: NetworkAnalysis) -> None:
    quads = analysis.quads()
    assert quads and all(q.graph_name == GRAPH for q in quads)
    assert not any(isinstance(t, pyoxigraph.BlankNode) for q in quads for t in q)
    trig = pyoxigraph.serialize(quads, format=RdfFormat.TRIG)
    assert trig is not None
    assert set(pyoxigraph.parse(trig, format=RdfFormat.TRIG)) == set(quads)
    assert analysis.quads() == quads  # deterministic


def _store(analysis: NetworkAnalysis) -> pyoxigraph.Store:
    store = pyoxigraph.Store()
    store.extend(analysis.quads())
    return store


def test_metrics_as_schema_property_values(analysis: NetworkAnalysis) -> None:
    query = f"""
    PREFIX schema: <https://schema.org/>
    SELECT ?node ?id ?value WHERE {{ GRAPH <{GRAPH.value}> {{
      ?node schema:about <{X.value}> ; schema:additionalProperty ?pv .
      ?pv a schema:PropertyValue ; schema:propertyID ?id ; schema:value ?value .
    }} }}"""
    solutions = _store(analysis).query(query)
    assert isinstance(solutions, pyoxigraph.QuerySolutions)
    rows = list(solutions)
    assert rows[0]["node"] == NamedNode(BASE + "id/analysis/network/organisation-kts")
    values = {r["id"].value: r["value"] for r in rows}
    assert values["betweenness"] == Literal("0.428571", datatype=NamedNode(XSD + "decimal"))
    assert values["degree"] == Literal("6", datatype=NamedNode(XSD + "integer"))
    assert values["broker"] == Literal("true", datatype=NamedNode(XSD + "boolean"))
    assert set(values) == {
        "conferences",
        "participations",
        "degree",
        "weighted-degree",
        "betweenness",
        "closeness",
        "eigenvector",
        "louvain-community",
        "broker",
    }


def test_prov_description_of_the_analysis_graph(analysis: NetworkAnalysis) -> None:
    activity = NamedNode(BASE + "id/activity/network-analysis")
    reconciled = NamedNode(BASE + "graph/reconciled")
    time = Literal(GENERATED, datatype=NamedNode(XSD + "dateTime"))
    quads = set(analysis.quads())

    def has(s: NamedNode, p: str, o: NamedNode | Literal) -> bool:
        return Quad(s, NamedNode(PROV + p), o, GRAPH) in quads

    rdf_type = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    assert Quad(GRAPH, rdf_type, NamedNode(PROV + "Entity"), GRAPH) in quads
    assert has(GRAPH, "wasGeneratedBy", activity)
    assert has(GRAPH, "wasDerivedFrom", reconciled)
    assert has(GRAPH, "generatedAtTime", time)
    assert Quad(activity, rdf_type, NamedNode(PROV + "Activity"), GRAPH) in quads
    assert has(activity, "used", reconciled)
    assert has(activity, "endedAtTime", time)
    metrics_node = NamedNode(BASE + "id/analysis/network/municipality-09000001")
    assert has(metrics_node, "wasGeneratedBy", activity)
