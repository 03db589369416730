"""The reason stage: consistency, each inference the project relies on, explanations of
inconsistencies, the time limit, a missing Java, Pellet, and the cache.

The inferences are checked on tests/fixtures/reason/inferences.ttl (one small invented case
each, see docs/model.md "Inferences"), the explanations on tests/fixtures/reason/inconsistent-*.ttl.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph
import pytest
from pyoxigraph import Literal, NamedNode, Quad, RdfFormat

from mpsc_graph import pipeline
from mpsc_graph.core.errors import ExitCode, ExternalError, Location
from mpsc_graph.core.settings import Settings
from mpsc_graph.core.vocab import CV, DCTERMS, FOAF, MPSC, ORG, OWL, PROV, RDF, SCHEMA
from mpsc_graph.pipeline import Built, assemble, inferred_graph, run_build
from mpsc_graph.reason import (
    DEFAULT_GRAPH,
    ReasonerTimeoutError,
    ReasonerUnavailableError,
    ReasoningOutcome,
    check_consistency,
    reason,
    start,
)
from tests.support import FIXTURES, MINIMAL, REAL_DATA, run_cli

pytestmark = [
    pytest.mark.reasoner,
    pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs Java on PATH"),
]

ONTOLOGY_DIR = Settings().ontology_dir
REASON_FIXTURES = FIXTURES / "reason"
ID = "https://w3id.org/mpsc/id/"
GRAPH = NamedNode("https://example.org/test/graph/inferred")


def entity(path: str) -> NamedNode:
    return NamedNode(ID + path)


def fixture_quads(name: str) -> list[Quad]:
    return list(pyoxigraph.parse(path=str(REASON_FIXTURES / name), format=RdfFormat.TURTLE))


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache for the module, so that the same input is reasoned over once."""
    return tmp_path_factory.mktemp("reason-cache")


@pytest.fixture(scope="module")
def inferences(cache: Path) -> ReasoningOutcome:
    outcome = reason(ONTOLOGY_DIR, fixture_quads("inferences.ttl"), graph=GRAPH, cache_dir=cache)
    assert outcome.consistent, outcome.explanation("en")
    return outcome


def triples(outcome: ReasoningOutcome) -> set[tuple[NamedNode, NamedNode, object]]:
    return {(q.subject, q.predicate, q.object) for q in outcome.quads}  # type: ignore[misc]


# -- the inferences the project relies on ------------------------------------------------------

CITY = entity("municipality/09999000")
FUNDED_COOPERATION = entity("organisation/funded-cooperation")
UNFUNDED_COOPERATION = entity("organisation/unfunded-cooperation")
KEYNOTE = entity("conference/rk-90/item/keynote")
ERIKA = entity("person/erika-muster")
KTS = entity("organisation/kts")

INFERRED = {
    # Super classes, up to the reused anchor classes: a kreisfreie Stadt is a Gemeinde, a
    # Kommune, a public organisation, a government organisation, an organisation, an agent.
    "independent-city-is-municipality": (CITY, RDF.type, MPSC.Municipality),
    "independent-city-is-local-authority": (CITY, RDF.type, MPSC.LocalAuthority),
    "local-authority-is-public-organisation": (CITY, RDF.type, CV.PublicOrganisation),
    "local-authority-is-government-organization": (
        CITY,
        RDF.type,
        SCHEMA.GovernmentOrganization,
    ),
    "government-organization-is-schema-organization": (CITY, RDF.type, SCHEMA.Organization),
    "public-organisation-is-org-organization": (CITY, RDF.type, ORG.Organization),
    "organization-is-agent": (CITY, RDF.type, FOAF.Agent),
    "transfer-office-is-organization": (KTS, RDF.type, ORG.Organization),
    "cooperation-is-collaboration": (
        FUNDED_COOPERATION,
        RDF.type,
        ORG.OrganizationalCollaboration,
    ),
    "keynote-is-programme-item": (KEYNOTE, RDF.type, MPSC.ProgrammeItem),
    "programme-item-is-event": (KEYNOTE, RDF.type, SCHEMA.Event),
    "conference-is-public-event": (entity("conference/rk-90"), RDF.type, CV.PublicEvent),
    "participation-is-cv-participation": (
        entity("conference/rk-90/item/keynote/participant/erika-muster"),
        RDF.type,
        CV.Participation,
    ),
    "person-is-agent": (ERIKA, RDF.type, FOAF.Agent),
    "model-project-is-project-and-activity": (
        entity("model-project/city-project"),
        RDF.type,
        PROV.Activity,
    ),
    "solution-is-transfer-object": (
        entity("solution/beispiel-app"),
        RDF.type,
        MPSC.TransferObject,
    ),
    "transfer-object-is-prov-entity": (entity("solution/beispiel-app"), RDF.type, PROV.Entity),
    "source-article-is-source": (entity("source/beispiel-artikel"), RDF.type, MPSC.Source),
    "series-is-event": (entity("series/regionalkonferenzen"), RDF.type, SCHEMA.Event),
    # Domains and ranges type what the data leave untyped.
    "domain-of-hosted-by": (entity("conference/rk-92"), RDF.type, MPSC.RegionalConference),
    "range-of-funding-recipient": (
        entity("organisation/untyped-recipient"),
        RDF.type,
        ORG.Organization,
    ),
    # Super properties.
    "lead-member-is-member": (FUNDED_COOPERATION, ORG.hasMember, entity("municipality/09999111")),
    "developed-by-is-attributed-to": (
        entity("solution/beispiel-app"),
        PROV.wasAttributedTo,
        CITY,
    ),
    "wikidata-is-same-as": (
        CITY,
        SCHEMA.sameAs,
        NamedNode("http://www.wikidata.org/entity/Q4115189"),
    ),
    # A host is a participant; so are the members of a hosting cooperation.
    "host-is-participant": (entity("conference/rk-90"), MPSC.participant, CITY),
    "hosting-cooperation-is-participant": (
        entity("conference/rk-91"),
        MPSC.participant,
        UNFUNDED_COOPERATION,
    ),
    "member-of-hosting-cooperation-is-participant": (
        entity("conference/rk-91"),
        MPSC.participant,
        entity("municipality/09999333"),
    ),
    # Whoever has a participation takes part in the item, and the organisation they appear
    # for; and through schema:superEvent in the conference and the series.
    "participant-of-item": (KEYNOTE, MPSC.participant, ERIKA),
    "on-behalf-of-is-participant": (KEYNOTE, MPSC.participant, KTS),
    "item-participant-takes-part-in-conference": (
        entity("conference/rk-90"),
        MPSC.participant,
        ERIKA,
    ),
    "conference-participant-takes-part-in-series": (
        entity("series/regionalkonferenzen"),
        MPSC.participant,
        KTS,
    ),
    "participant-is-agent": (ERIKA, RDF.type, FOAF.Agent),
    # Funded: the recipient of a model project, and every member of a funded cooperation.
    "recipient-municipality-is-funded": (CITY, RDF.type, MPSC.FundedOrganisation),
    "recipient-cooperation-is-funded": (FUNDED_COOPERATION, RDF.type, MPSC.FundedOrganisation),
    "untyped-recipient-is-funded": (
        entity("organisation/untyped-recipient"),
        RDF.type,
        MPSC.FundedOrganisation,
    ),
    "lead-member-of-funded-cooperation-is-funded": (
        entity("municipality/09999111"),
        RDF.type,
        MPSC.FundedOrganisation,
    ),
    "member-of-funded-cooperation-is-funded": (
        entity("municipality/09999222"),
        RDF.type,
        MPSC.FundedOrganisation,
    ),
    "member-cooperation-of-funded-cooperation-is-funded": (
        entity("organisation/inner-cooperation"),
        RDF.type,
        MPSC.FundedOrganisation,
    ),
}

NOT_INFERRED = {
    # One level of membership, as in the stored queries is-funded and organisations.
    "member-of-a-member-is-not-funded": (
        entity("municipality/09999444"),
        RDF.type,
        MPSC.FundedOrganisation,
    ),
    "member-of-unfunded-cooperation-is-not-funded": (
        entity("municipality/09999333"),
        RDF.type,
        MPSC.FundedOrganisation,
    ),
    "unfunded-cooperation-is-not-funded": (
        UNFUNDED_COOPERATION,
        RDF.type,
        MPSC.FundedOrganisation,
    ),
    "participant-on-behalf-is-not-funded": (KTS, RDF.type, MPSC.FundedOrganisation),
    # A municipality is not a district, nor the other way round.
    "city-is-not-a-district": (CITY, RDF.type, MPSC.District),
    # Stated facts are not repeated.
    "stated-type-is-not-repeated": (CITY, RDF.type, MPSC.IndependentCity),
    "stated-value-is-not-repeated": (entity("conference/rk-90"), MPSC.hostedBy, CITY),
    # Data property values of super properties are entailed, but not reported for HermiT.
    "ags-is-identifier-not-written": (CITY, DCTERMS.identifier, Literal("09999000")),
}


@pytest.mark.parametrize("name", INFERRED)
def test_inference_holds(inferences: ReasoningOutcome, name: str) -> None:
    assert INFERRED[name] in triples(inferences)


@pytest.mark.parametrize("name", NOT_INFERRED)
def test_no_such_inference(inferences: ReasoningOutcome, name: str) -> None:
    assert NOT_INFERRED[name] not in triples(inferences)


def test_only_ontology_classes_no_owl_noise(inferences: ReasoningOutcome) -> None:
    classes = {q.object for q in inferences.quads if q.predicate == RDF.type}
    assert OWL.Thing not in classes and OWL.NamedIndividual not in classes
    namespaces = (MPSC.iri, CV.iri, ORG.iri, FOAF.iri, PROV.iri, SCHEMA.iri)
    assert all(isinstance(c, NamedNode) and c.value.startswith(namespaces) for c in classes)


def test_inferences_are_new_sorted_and_in_their_own_graph(inferences: ReasoningOutcome) -> None:
    stated = {q.triple for q in fixture_quads("inferences.ttl")}
    assert inferences.quads
    assert all(q.graph_name == GRAPH for q in inferences.quads)
    assert not stated & {q.triple for q in inferences.quads}
    keys = [(str(q.subject), str(q.predicate), str(q.object)) for q in inferences.quads]
    assert keys == sorted(keys)
    assert inferences.class_memberships + inferences.property_values == len(inferences.quads)


def test_summary_counts(inferences: ReasoningOutcome) -> None:
    assert f"{inferences.class_memberships} class memberships" in inferences.summary("en")
    assert "Klassenzugehörigkeiten" in inferences.summary("de")
    as_json = inferences.to_json("en")
    assert as_json["consistent"] is True and as_json["conflicts"] == []
    assert as_json["per_property"][MPSC.participant.value] >= 7


# -- the real data -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real() -> Built:
    return assemble(Settings(data_dir=REAL_DATA))


@pytest.fixture(scope="module")
def real_outcome(real: Built, cache: Path) -> ReasoningOutcome:
    return reason(
        ONTOLOGY_DIR,
        pipeline.reasoning_input(real),
        graph=inferred_graph(real.iris),
        cache_dir=cache,
    )


def test_real_data_is_consistent(real_outcome: ReasoningOutcome) -> None:
    assert real_outcome.consistent, real_outcome.explanation("en")
    assert real_outcome.class_memberships > 1000 and real_outcome.property_values > 400


def test_real_funded_organisations_match_the_stored_query_rule(
    real: Built, real_outcome: ReasoningOutcome
) -> None:
    """mpsc:FundedOrganisation holds exactly for what is-funded.rq calls funded."""
    solutions = real.store.query(
        """PREFIX mpsc: <https://w3id.org/mpsc/ontology#>
        PREFIX org: <http://www.w3.org/ns/org#>
        SELECT DISTINCT ?o WHERE {
          { ?p mpsc:fundingRecipient ?o }
          UNION { ?p mpsc:fundingRecipient/(org:hasMember|mpsc:leadMember) ?o }
        }""",
        [real.iris.reconciled],
    )
    assert isinstance(solutions, pyoxigraph.QuerySolutions)
    rule = {s["o"].value for s in solutions}
    inferred = {
        q.subject.value
        for q in real_outcome.quads
        if q.predicate == RDF.type and q.object == MPSC.FundedOrganisation
    }
    assert inferred == rule


def test_real_hosts_are_participants(real: Built, real_outcome: ReasoningOutcome) -> None:
    reconciled = real.iris.reconciled
    hosts = {
        (q.subject, q.object)
        for q in real.quads
        if q.predicate == MPSC.hostedBy and q.graph_name == reconciled
    }
    participants = {
        (q.subject, q.object) for q in real_outcome.quads if q.predicate == MPSC.participant
    }
    assert hosts and hosts <= participants


def test_check_consistency_keeps_working() -> None:
    assert check_consistency(ONTOLOGY_DIR, fixture_quads("inconsistent-domain.ttl")).explanation


# -- explanations of inconsistencies -----------------------------------------------------------

INCONSISTENT = {
    "inconsistent-disjoint.ttl": [
        (
            "disjoint-classes",
            "conference/rk-90/item/opening",
            "owl:AllDisjointClasses (mpsc:WelcomeAddress mpsc:Keynote",
            "is both mpsc:Keynote and mpsc:Workshop",
        ),
        (
            "disjoint-classes",
            "municipality/09999000",
            "mpsc:Municipality owl:disjointWith mpsc:District",
            "mpsc:IndependentCity rdfs:subClassOf mpsc:Municipality",
        ),
    ],
    "inconsistent-domain.ttl": [
        (
            "disjoint-classes",
            "district/09998",
            "mpsc:Municipality owl:disjointWith mpsc:District",
            "domain mpsc:Municipality of mpsc:ags",
        )
    ],
    "inconsistent-range.ttl": [
        (
            "disjoint-classes",
            "organisation/kts",
            "owl:AllDisjointClasses (mpsc:LocalAuthority mpsc:Ministry mpsc:TransferOffice",
            "range mpsc:LocalAuthority of mpsc:leadMember",
        )
    ],
    "inconsistent-functional.ttl": [
        (
            "functional-property",
            "conference/rk-90",
            "mpsc:conferenceNumber a owl:FunctionalProperty",
            '2 different values for mpsc:conferenceNumber ("90"^^xsd:integer, "91"^^xsd:integer)',
        )
    ],
    "inconsistent-datatype.ttl": [
        (
            "datatype-range",
            "conference/rk-90",
            "mpsc:conferenceNumber rdfs:range xsd:integer",
            'mpsc:conferenceNumber "neunzig"',
        ),
        (
            "datatype-range",
            "conference/rk-90",
            "mpsc:motto rdfs:range rdf:PlainLiteral",
            'mpsc:motto "5"^^xsd:integer',
        ),
    ],
}


@pytest.mark.parametrize("name", INCONSISTENT)
def test_inconsistency_is_explained(name: str, cache: Path) -> None:
    outcome = reason(ONTOLOGY_DIR, fixture_quads(name), cache_dir=cache)
    assert not outcome.consistent and outcome.quads == ()
    found = [(c.kind, c.individual, c.axiom, c.text.en) for c in outcome.conflicts]
    assert len(found) == len(INCONSISTENT[name]), found
    for (kind, individual, axiom, text), expected in zip(found, INCONSISTENT[name], strict=True):
        want_kind, want_individual, want_axiom, want_text = expected
        assert kind == want_kind
        assert individual == ID + want_individual
        assert axiom.startswith(want_axiom)
        assert want_text in text, text
        assert f"<{ID}{want_individual}>" in text and axiom in text
    explanation = outcome.explanation("en")
    assert explanation and explanation.startswith("HermiT: the ontology and the data are")
    german = outcome.explanation("de")
    assert german and "widersprüchlich" in german and german != explanation


def test_explanation_names_the_curated_file_and_line(cache: Path) -> None:
    where = Location(Path("data/local-authorities.csv"), 7)
    fact = Location(Path("data/local-authorities.csv"), 7, "ags")
    outcome = reason(
        ONTOLOGY_DIR,
        fixture_quads("inconsistent-domain.ttl"),
        cache_dir=cache,
        origins={ID + "district/09998": where},
        fact_origins={(ID + "district/09998", MPSC.ags.value): fact},
    )
    (conflict,) = outcome.conflicts
    assert conflict.location == where
    assert "('Landkreis Beispiel', data/local-authorities.csv:7)" in conflict.text.en
    assert conflict.to_json("de")["line"] == 7


def test_cli_inconsistent_input_exits_1() -> None:
    path = REASON_FIXTURES / "inconsistent-range.ttl"
    result = run_cli("reason", "--input", str(path))
    assert result.exit_code == ExitCode.CHECKS_FAILED
    assert result.stdout == ""  # no graph
    assert f"<{ID}organisation/kts>" in result.stderr
    assert "mpsc:TransferOffice" in result.stderr and "owl:AllDisjointClasses" in result.stderr
    german = run_cli("reason", "--input", str(path), lang="de")
    assert german.exit_code == 1 and "die laut Ontologie disjunkt sind" in german.stderr


def test_cli_inconsistent_json() -> None:
    path = REASON_FIXTURES / "inconsistent-functional.ttl"
    result = run_cli("reason", "--input", str(path), "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stderr)
    assert report["consistent"] is False
    assert report["conflicts"][0]["axiom"] == "mpsc:conferenceNumber a owl:FunctionalProperty"


def test_build_with_inconsistent_data_exits_1_and_writes_outputs(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("MPSC_CACHE_DIR", str(tmp_path / "cache"))
    plain = pipeline.reasoning_input
    clash = fixture_quads("inconsistent-domain.ttl")
    monkeypatch.setattr(pipeline, "reasoning_input", lambda built: [*plain(built), *clash])
    out = tmp_path / "out"
    result = run_cli("build", "--data", str(MINIMAL), "--out", str(out))
    assert result.exit_code == ExitCode.CHECKS_FAILED, result.output
    assert "district/09998" in result.stderr
    report = json.loads((out / "build-report.json").read_text())
    assert report["reasoning"]["consistent"] is False
    assert report["reasoning"]["conflicts"][0]["individual"] == ID + "district/09998"
    assert report["validation"]["conforms"] is True
    assert "graph/inferred" not in (out / "mpsc.nq").read_text()


# -- the build and the CLI ---------------------------------------------------------------------


def test_build_writes_the_inferred_graph(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MPSC_CACHE_DIR", str(tmp_path / "cache"))
    outcome = run_build(Settings(data_dir=MINIMAL, out_dir=tmp_path / "out"))
    built, reasoning = outcome.built, outcome.reasoning
    assert reasoning.consistent and reasoning.quads
    graph = inferred_graph(built.iris)
    assert graph.value == "https://w3id.org/mpsc/graph/inferred"
    dataset = list(
        pyoxigraph.parse(path=str(tmp_path / "out" / "mpsc.nq"), format=RdfFormat.N_QUADS)
    )
    inferred = {q for q in dataset if q.graph_name == graph}
    assert set(reasoning.quads) <= inferred
    # Never mixed into curated graphs: every other graph is exactly what the build made.
    others = {q for q in dataset if q.graph_name not in (graph, built.iris.analysis_graph)}
    assert others == set(built.quads)
    # PROV-O: generated by the reasoning activity, from the reconciled data and the ontology.
    activity = built.iris.id("activity/reasoning")
    assert Quad(graph, PROV.wasGeneratedBy, activity, graph) in inferred
    assert Quad(graph, PROV.wasDerivedFrom, built.iris.reconciled, graph) in inferred
    report = outcome.summary["reasoning"]
    assert report["consistent"] is True and report["reasoner"] == "hermit"
    assert report["class_memberships"] == reasoning.class_memberships
    assert report["quads"] == len(inferred)
    assert "reason (parallel)" in outcome.seconds


def test_cli_reason_writes_trig_to_stdout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MPSC_CACHE_DIR", str(tmp_path / "cache"))
    result = run_cli("reason", "--data", str(MINIMAL))
    assert result.exit_code == 0, result.output
    assert "HermiT: consistent; inferred" in result.stderr
    quads = list(pyoxigraph.parse(result.stdout_bytes, format=RdfFormat.TRIG))
    assert quads and {q.graph_name for q in quads} == {NamedNode(DEFAULT_GRAPH.value)}

    output = tmp_path / "inferred.trig"
    as_json = run_cli("reason", "--data", str(MINIMAL), "-o", str(output), "--format", "json")
    assert as_json.exit_code == 0
    summary = json.loads(as_json.stdout)
    assert summary["consistent"] is True and summary["cached"] is True
    assert output.read_bytes() == result.stdout_bytes


# -- Java, the time limit, Pellet --------------------------------------------------------------


def test_missing_java_is_an_external_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda _: None)
    monkeypatch.delenv("JAVA_HOME", raising=False)
    with pytest.raises(ReasonerUnavailableError) as caught:
        reason(ONTOLOGY_DIR, fixture_quads("inferences.ttl"))
    assert isinstance(caught.value, ExternalError)
    assert caught.value.exit_code == ExitCode.EXTERNAL
    assert "Java is missing" in caught.value.text.en and "apt-get install" in caught.value.text.en
    assert caught.value.hint and "JAVA_HOME" in caught.value.hint.en


def test_cli_missing_java_exits_4(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda _: None)
    monkeypatch.delenv("JAVA_HOME", raising=False)
    result = run_cli("reason", "--data", str(MINIMAL), "--no-cache")
    assert result.exit_code == ExitCode.EXTERNAL
    assert "Java is missing" in result.stderr and "apt-get install" in result.stderr


def test_tiny_time_limit_is_a_clear_error() -> None:
    with pytest.raises(ReasonerTimeoutError) as caught:
        reason(ONTOLOGY_DIR, fixture_quads("inferences.ttl"), timeout=0.001)
    assert caught.value.exit_code == ExitCode.EXTERNAL
    assert "did not finish within 0.001 s" in caught.value.text.en
    assert caught.value.hint and "--timeout" in caught.value.hint.en


def _group_alive(group: int) -> list[str]:
    """Processes of a process group that still run (zombies do not count); Linux only."""
    alive = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        state, pgrp = fields[0], int(fields[2])
        if pgrp == group and state != "Z":
            alive.append(stat.parent.name)
    return alive


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc (Linux)")
def test_time_limit_stops_java_mid_run(real: Built) -> None:
    """The real data take HermiT more than a second: a 0.5 s limit ends it while Java runs."""
    pending = start(ONTOLOGY_DIR, pipeline.reasoning_input(real), timeout=0.5)
    group = pending.pid
    assert group is not None
    with pytest.raises(ReasonerTimeoutError):
        pending.result()
    assert _group_alive(group) == []


def test_cli_time_limit_exits_4() -> None:
    result = run_cli(
        "reason",
        "--input",
        str(REASON_FIXTURES / "inferences.ttl"),
        "--timeout",
        "0.001",
        "--no-cache",
    )
    assert result.exit_code == ExitCode.EXTERNAL
    assert "time limit" in result.stderr and "MPSC_REASON_TIMEOUT" in result.stderr


def _java_major(java: str) -> int | None:
    try:
        text = subprocess.run(
            [java, "-version"], capture_output=True, text=True, timeout=60, check=False
        ).stderr
    except OSError:
        return None
    match = re.search(r'version "(\d+)', text)
    return int(match.group(1)) if match else None


def _java_homes() -> Iterator[Path]:
    if os.environ.get("JAVA_HOME"):
        yield Path(os.environ["JAVA_HOME"])
    yield from sorted(Path("/usr/lib/jvm").glob("*"))


def _java_25() -> Path | None:
    """A JAVA_HOME with Java 25 or newer: what the Pellet shipped with owlready2 0.51 needs."""
    for home in _java_homes():
        java = home / "bin" / "java"
        if java.is_file() and (_java_major(str(java)) or 0) >= 25:
            return home
    return None


@pytest.mark.slow
def test_pellet_runs_and_agrees_with_hermit(
    inferences: ReasoningOutcome, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = _java_25()
    if home is None:
        pytest.skip("the Pellet shipped with owlready2 0.51 needs Java 25 or newer")
    monkeypatch.setenv("JAVA_HOME", str(home))
    outcome = reason(ONTOLOGY_DIR, fixture_quads("inferences.ttl"), graph=GRAPH, reasoner="pellet")
    assert outcome.consistent and outcome.reasoner == "pellet"
    assert outcome.quads == inferences.quads
    clash = reason(ONTOLOGY_DIR, fixture_quads("inconsistent-range.ttl"), reasoner="pellet")
    assert not clash.consistent and clash.conflicts[0].individual == ID + "organisation/kts"


def test_pellet_on_an_old_java_says_which_java_it_needs(monkeypatch: pytest.MonkeyPatch) -> None:
    java = shutil.which("java")
    assert java is not None
    if (_java_major(java) or 0) >= 25:
        pytest.skip("the java on PATH is new enough for Pellet")
    monkeypatch.delenv("JAVA_HOME", raising=False)
    with pytest.raises(ReasonerUnavailableError) as caught:
        reason(ONTOLOGY_DIR, fixture_quads("inferences.ttl"), reasoner="pellet")
    assert "Pellet needs Java 25 or newer" in caught.value.text.en
    assert caught.value.hint and "--reasoner hermit" in caught.value.hint.en


# -- the cache ---------------------------------------------------------------------------------


def test_cache_never_changes_results(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = fixture_quads("inferences.ttl")
    fresh = reason(ONTOLOGY_DIR, data, graph=GRAPH)
    miss = reason(ONTOLOGY_DIR, data, graph=GRAPH, cache_dir=tmp_path)
    hit = reason(ONTOLOGY_DIR, list(reversed(data)), graph=GRAPH, cache_dir=tmp_path)
    assert (fresh.cached, miss.cached, hit.cached) == (False, False, True)
    assert fresh.quads == miss.quads == hit.quads
    assert len(list((tmp_path / "reason").glob("*.json"))) == 1
    # A hit does not start Java at all.
    monkeypatch.setattr(shutil, "which", lambda _: None)
    monkeypatch.delenv("JAVA_HOME", raising=False)
    assert reason(ONTOLOGY_DIR, data, graph=GRAPH, cache_dir=tmp_path).quads == fresh.quads
    # The graph is applied when reading: the same cached triples serve any graph IRI.
    other = NamedNode("https://example.org/other/graph/inferred")
    moved = reason(ONTOLOGY_DIR, data, graph=other, cache_dir=tmp_path)
    assert [q.triple for q in moved.quads] == [q.triple for q in fresh.quads]


def test_cache_key_follows_the_inputs(tmp_path: Path) -> None:
    data = fixture_quads("inferences.ttl")
    reason(ONTOLOGY_DIR, data, cache_dir=tmp_path)
    changed = [*data, Quad(entity("person/max"), RDF.type, FOAF.Person)]
    outcome = reason(ONTOLOGY_DIR, changed, cache_dir=tmp_path)
    assert not outcome.cached
    assert (entity("person/max"), RDF.type, FOAF.Agent) in triples(outcome)
    assert len(list((tmp_path / "reason").glob("*.json"))) == 2


def test_a_broken_cache_entry_is_a_miss(tmp_path: Path) -> None:
    data = fixture_quads("inconsistent-functional.ttl")
    reason(ONTOLOGY_DIR, data, cache_dir=tmp_path)
    (entry,) = (tmp_path / "reason").glob("*.json")
    entry.write_text("{not json")
    outcome = reason(ONTOLOGY_DIR, data, cache_dir=tmp_path)
    assert not outcome.cached and not outcome.consistent
    assert json.loads(entry.read_text())["consistent"] is False
