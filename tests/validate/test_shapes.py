"""Tests for the SHACL shapes in shapes/.

What is checked, and why:

* fixtures (tests/fixtures/shapes/<shape-file-stem>/): a ``valid-*.ttl`` gives no result at
  all (not even a warning); an ``invalid-*.ttl`` gives exactly the results listed in its
  ``invalid-*.expected.txt`` and no others. Validation runs as the build runs it: all shapes
  merged, the ontology and ext-closure.ttl as pySHACL's ont_graph, no inference, advanced
  (SHACL-AF) features on, warnings allowed. A ``context.ttl`` in a fixture directory holds the
  neighbours every fixture of the directory refers to and is loaded with each of them;
* coverage: every NodeShape has a valid fixture holding a node it inspects and an invalid fixture
  whose expected results name it; every property shape, SPARQL constraint and node-level
  constraint fires in some invalid fixture; fixtures sit in the directory of the shape file
  that defines what they test;
* messages: every constraint carries exactly one sh:message in German and one in English. Core
  constraints use no placeholders (pySHACL substitutes them only in SPARQL-based messages);
  SPARQL messages use only variables their query selects, and since pySHACL returns them
  without language tag, each must be traceable to the template of exactly one language;
* the documentation profile of every shape file (comment block, header resource, labels);
* the shapes graph is valid SHACL (pySHACL's meta-SHACL check against shacl-shacl);
* guarded shapes: the SPARQL target of a guarded shape selects exactly the nodes its SPARQL
  constraint reports, on every fixture;
* a generated dataset of a few thousand triples conforms and validates quickly.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import pyshacl
import pytest
from pyshacl.errors import ReportableRuntimeError
from rdflib import OWL, RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, FOAF, PROV, SKOS
from rdflib.plugins.sparql import prepareQuery
from rdflib.term import Node

ROOT = Path(__file__).resolve().parents[2]
SHAPES_DIR = ROOT / "shapes"
FIXTURES_DIR = ROOT / "tests" / "fixtures" / "shapes"
ONTOLOGY_FILES = (ROOT / "ontology" / "mpsc.ttl", ROOT / "ontology" / "ext-closure.ttl")

BASE = "https://w3id.org/mpsc/"
SH = Namespace("http://www.w3.org/ns/shacl#")
# A plain Namespace: pytest probes module attributes, and rdflib's closed XSD warns on that.
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
DASH = Namespace("http://datashapes.org/dash#")
MPSC = Namespace("https://w3id.org/mpsc/ontology#")
MPSCSH = Namespace("https://w3id.org/mpsc/shapes#")
SCHEMA = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
CV = Namespace("http://data.europa.eu/m8g/")
WGS = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
SHAPES_HEADER = BASE + "shapes/"

# Prefixes of the expected files. IRIs under the data base are written <id/…>, <vocab/…>.
PREFIXES = {
    "mpscsh": str(MPSCSH),
    "mpsc": str(MPSC),
    "sh": str(SH),
    "schema": str(SCHEMA),
    "org": str(ORG),
    "cv": str(CV),
    "skos": str(SKOS),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "foaf": str(FOAF),
    "wgs": str(WGS),
    "rdfs": str(RDFS),
    "rdf": str(RDF),
}

# Parameters that make a node shape itself a constraint (not just a holder of sh:property).
_NODE_LEVEL = """class datatype nodeKind minExclusive minInclusive maxExclusive maxInclusive
    minLength maxLength pattern languageIn in hasValue closed not and or xone node equals
    disjoint lessThan lessThanOrEquals"""
NODE_LEVEL_PARAMETERS = {SH[name] for name in _NODE_LEVEL.split()}
PLACEHOLDER = re.compile(r"\{[?$](\w+)\}")


# -- loading ------------------------------------------------------------------------------


@functools.cache
def shape_files() -> tuple[Path, ...]:
    return tuple(sorted(SHAPES_DIR.glob("*.ttl")))


@functools.cache
def shapes_graph() -> Graph:
    graph = Graph()
    for path in shape_files():
        graph.parse(path, format="turtle")
    return graph


@functools.cache
def shapes_of_file() -> dict[str, Graph]:
    return {path.stem: Graph().parse(path, format="turtle") for path in shape_files()}


@functools.cache
def ontology_graph() -> Graph:
    missing = [str(p.relative_to(ROOT)) for p in ONTOLOGY_FILES if not p.exists()]
    if missing:
        pytest.fail(f"the shapes need the ontology as ont_graph; missing: {', '.join(missing)}")
    graph = Graph()
    for path in ONTOLOGY_FILES:
        graph.parse(path, format="turtle")
    return graph


def fixture_files(prefix: str) -> list[Path]:
    return sorted(FIXTURES_DIR.glob(f"*/{prefix}-*.ttl"))


def fixture_id(path: Path) -> str:
    return str(path.relative_to(FIXTURES_DIR))


def load_fixture(path: Path) -> Graph:
    """The fixture with the context of its directory."""
    graph = Graph()
    context = path.parent / "context.ttl"
    if context.exists():
        graph.parse(context, format="turtle")
    graph.parse(path, format="turtle")
    return graph


def validate(data: Graph) -> tuple[bool, Graph]:
    """Validate as src/mpsc_graph/validate.py does."""
    conforms, report, _ = pyshacl.validate(
        data,
        shacl_graph=shapes_graph(),
        ont_graph=ontology_graph(),
        inference="none",
        advanced=True,
        allow_warnings=True,
    )
    assert isinstance(report, Graph)
    return bool(conforms), report


# -- the shapes graph ---------------------------------------------------------------------


def node_shapes() -> list[URIRef]:
    sg = shapes_graph()
    return sorted(s for s in sg.subjects(RDF.type, SH.NodeShape) if isinstance(s, URIRef))


def property_shapes() -> list[Node]:
    sg = shapes_graph()
    return sorted({o for s in node_shapes() for o in sg.objects(s, SH.property)}, key=str)


def sparql_constraints() -> list[Node]:
    sg = shapes_graph()
    return sorted({o for s in node_shapes() for o in sg.objects(s, SH.sparql)}, key=str)


def node_level_constraint_shapes() -> list[URIRef]:
    sg = shapes_graph()
    return [s for s in node_shapes() if set(sg.predicates(s)) & NODE_LEVEL_PARAMETERS]


def constraint_carriers() -> list[Node]:
    """Everything whose sh:message ends up in a result: property shapes, SPARQL constraints,
    node shapes that are constraints themselves."""
    return [*property_shapes(), *sparql_constraints(), *node_level_constraint_shapes()]


def owner(source: Node) -> URIRef:
    """The NodeShape a result source (property shape, SPARQL constraint, node shape) belongs to."""
    sg = shapes_graph()
    if (source, RDF.type, SH.NodeShape) in sg and isinstance(source, URIRef):
        return source
    for predicate in (SH.property, SH.sparql):
        for shape in sg.subjects(predicate, source):
            if isinstance(shape, URIRef):
                return shape
    raise AssertionError(f"{source} belongs to no NodeShape")


def defining_file(shape: Node) -> str:
    for stem, graph in shapes_of_file().items():
        if (shape, RDF.type, SH.NodeShape) in graph:
            return stem
    raise AssertionError(f"{shape} is defined in no shapes file")


def is_guarded(shape: URIRef) -> bool:
    return (shape, SH.target, None) in shapes_graph()


# -- results ------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Row:
    """One validation result as the expected files write it."""

    focus: str
    path: str
    component: str
    source: str
    severity: str = "Violation"

    def __str__(self) -> str:
        return f"{self.focus}  {self.path}  {self.component}  {self.source}  {self.severity}"


def render(term: Node) -> str:
    text = str(term)
    for prefix, namespace in PREFIXES.items():
        if text.startswith(namespace):
            return f"{prefix}:{text[len(namespace) :]}"
    if text.startswith(BASE):
        return f"<{text[len(BASE) :]}>"
    return f"<{text}>"


def render_path(graph: Graph, path: Node) -> str:
    if isinstance(path, URIRef):
        return render(path)
    if (path, RDF.first, None) in graph:
        return "/".join(render_path(graph, p) for p in Collection(graph, path))
    if (inverse := graph.value(path, SH.inversePath)) is not None:
        return "^" + render_path(graph, inverse)
    if (alternatives := graph.value(path, SH.alternativePath)) is not None:
        return "(" + "|".join(render_path(graph, p) for p in Collection(graph, alternatives)) + ")"
    raise AssertionError(f"cannot render path {path!r}")


def results(report: Graph) -> list[Row]:
    rows = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        path = report.value(result, SH.resultPath)
        source = report.value(result, SH.sourceConstraint) or report.value(result, SH.sourceShape)
        severity = report.value(result, SH.resultSeverity)
        focus = report.value(result, SH.focusNode)
        component = report.value(result, SH.sourceConstraintComponent)
        assert isinstance(severity, URIRef) and source is not None
        assert focus is not None and component is not None
        rows.append(
            Row(
                focus=render(focus),
                path=render_path(report, path) if path is not None else "-",
                component=render(component),
                source=render(source),
                severity=severity.removeprefix(str(SH)),
            )
        )
    return sorted(rows)


def expected_file(fixture: Path) -> Path:
    return fixture.with_name(fixture.stem + ".expected.txt")


def read_expected(path: Path) -> list[Row]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        fields = line.split()
        assert len(fields) in (4, 5), f"{path.name}:{number}: want 4 or 5 fields, got {line!r}"
        rows.append(Row(*fields))
    return sorted(rows)


def expand(rendered: str) -> URIRef:
    if rendered.startswith("<"):
        text = rendered[1:-1]
        return URIRef(text if "://" in text else BASE + text)
    prefix, local = rendered.split(":", 1)
    return URIRef(PREFIXES[prefix] + local)


# -- fixtures -----------------------------------------------------------------------------


@pytest.mark.parametrize("fixture", fixture_files("valid"), ids=fixture_id)
def test_valid_fixture_gives_no_result(fixture: Path) -> None:
    conforms, report = validate(load_fixture(fixture))
    found = results(report)
    assert found == [], "unexpected results:\n" + "\n".join(map(str, found))
    assert conforms


@pytest.mark.parametrize("fixture", fixture_files("invalid"), ids=fixture_id)
def test_invalid_fixture_gives_exactly_the_expected_results(fixture: Path) -> None:
    expected = read_expected(expected_file(fixture))
    assert expected, f"{expected_file(fixture).name} lists no result"
    conforms, report = validate(load_fixture(fixture))
    found = results(report)
    assert found == expected, (
        "results differ.\nexpected:\n"
        + "\n".join(map(str, expected))
        + "\nfound:\n"
        + "\n".join(map(str, found))
    )
    assert conforms == all(row.severity != "Violation" for row in expected)


@pytest.mark.parametrize("context", sorted(FIXTURES_DIR.glob("*/context.ttl")), ids=fixture_id)
def test_context_alone_gives_no_result(context: Path) -> None:
    _, report = validate(Graph().parse(context, format="turtle"))
    assert results(report) == []


def test_fixture_layout() -> None:
    stems = {path.stem for path in shape_files()}
    for directory in sorted(p for p in FIXTURES_DIR.iterdir() if p.is_dir()):
        assert directory.name in stems, (
            f"tests/fixtures/shapes/{directory.name}/ has no shapes file"
        )
        for path in directory.iterdir():
            name = path.name
            ok = (
                name == "context.ttl"
                or re.fullmatch(r"valid-[a-z0-9-]+\.ttl", name)
                or re.fullmatch(r"invalid-[a-z0-9-]+(\.expected\.txt|\.ttl)", name)
            )
            assert ok, f"unexpected file {fixture_id(path)}"
            if name.endswith(".expected.txt"):
                fixture = path.with_name(name.removesuffix(".expected.txt") + ".ttl")
                assert fixture.exists(), f"{fixture_id(path)} has no fixture"
    for fixture in fixture_files("invalid"):
        assert expected_file(fixture).exists(), f"{fixture_id(fixture)} has no expected file"
    assert {p.parent.name for p in fixture_files("valid")} == stems
    assert {p.parent.name for p in fixture_files("invalid")} == stems


def test_expected_results_name_shapes_of_their_directory() -> None:
    """An invalid fixture tests the shape file it is filed under, and only that one."""
    for fixture in fixture_files("invalid"):
        for row in read_expected(expected_file(fixture)):
            shape = owner(expand(row.source))
            assert defining_file(shape) == fixture.parent.name, (
                f"{fixture_id(fixture)} expects {row.source} of shapes/{defining_file(shape)}.ttl"
            )


# -- coverage -----------------------------------------------------------------------------


@functools.cache
def subclasses(cls: URIRef) -> frozenset[Node]:
    """``cls`` and its subclasses by the ontology (fixtures state no class axioms)."""
    return frozenset(
        n for n in ontology_graph().transitive_subjects(RDFS.subClassOf, cls) if n is not None
    )


def inspected_nodes(shape: URIRef, fixture: Graph) -> set[Node]:
    """The nodes of ``fixture`` that ``shape`` looks at: its focus nodes, or for a guarded shape
    the instances of the class it is applicable to."""
    sg = shapes_graph()
    found: set[Node] = set()
    classes = [*sg.objects(shape, SH.targetClass), *sg.objects(shape, DASH.applicableToClass)]
    for cls in classes:
        assert isinstance(cls, URIRef)
        for sub in subclasses(cls):
            found |= set(fixture.subjects(RDF.type, sub))
    for prop in sg.objects(shape, SH.targetSubjectsOf):
        found |= set(fixture.subjects(prop, None))
    for prop in sg.objects(shape, SH.targetObjectsOf):
        found |= set(fixture.objects(None, prop))
    found |= {n for n in sg.objects(shape, SH.targetNode) if (n, None, None) in fixture}
    return found


def test_guarded_shapes_say_what_they_apply_to() -> None:
    sg = shapes_graph()
    for shape in node_shapes():
        if is_guarded(shape):
            assert sg.value(shape, DASH.applicableToClass) is not None, shape
            assert sg.value(shape, SH.sparql) is not None, shape


def test_every_node_shape_has_a_valid_fixture() -> None:
    exercised: set[URIRef] = set()
    for fixture in fixture_files("valid"):
        data = Graph().parse(fixture, format="turtle")
        exercised |= {s for s in node_shapes() if inspected_nodes(s, data)}
    missing = sorted(render(s) for s in set(node_shapes()) - exercised)
    assert not missing, f"no valid fixture holds a node these shapes inspect: {missing}"


def expected_sources() -> set[URIRef]:
    return {
        expand(row.source)
        for fixture in fixture_files("invalid")
        for row in read_expected(expected_file(fixture))
    }


def test_every_node_shape_has_an_invalid_fixture() -> None:
    covered = {owner(source) for source in expected_sources()}
    missing = sorted(render(s) for s in set(node_shapes()) - covered)
    assert not missing, f"no invalid fixture expects a result of: {missing}"


def test_every_constraint_fires_in_some_invalid_fixture() -> None:
    missing = sorted(render(c) for c in set(constraint_carriers()) - expected_sources())
    assert not missing, f"no invalid fixture expects a result from: {missing}"


# -- messages -----------------------------------------------------------------------------


def messages(node: Node) -> list[Literal]:
    found = list(shapes_graph().objects(node, SH.message))
    assert all(isinstance(m, Literal) for m in found)
    return found  # type: ignore[return-value]


@pytest.mark.parametrize("carrier", constraint_carriers(), ids=render)
def test_constraint_has_one_message_in_german_and_english(carrier: Node) -> None:
    found = messages(carrier)
    languages = sorted(m.language or "-" for m in found)
    assert languages == ["de", "en"], f"{render(carrier)}: messages in {languages}"
    for message in found:
        assert len(str(message)) > 20, f"{render(carrier)}: message too short: {message!r}"


def test_core_messages_have_no_placeholders() -> None:
    """pySHACL substitutes {$this}, {?value} … only in results of SPARQL constraints."""
    sparql = set(sparql_constraints())
    for carrier in constraint_carriers():
        if carrier not in sparql:
            for message in messages(carrier):
                assert not PLACEHOLDER.search(message), f"{render(carrier)}: {message}"


def selected_variables(query: str) -> set[str]:
    head = re.search(r"SELECT\s+(?:DISTINCT\s+)?(.*?)\s+WHERE", query, re.S | re.I)
    assert head, query
    return {v[1:] for v in head.group(1).split()}


@pytest.mark.parametrize("constraint", sparql_constraints(), ids=render)
def test_sparql_message_placeholders_are_selected(constraint: Node) -> None:
    select = str(shapes_graph().value(constraint, SH.select))
    variables = selected_variables(select) | {"this"}
    for message in messages(constraint):
        unknown = set(PLACEHOLDER.findall(message)) - variables
        assert not unknown, f"{render(constraint)}: {message} uses {unknown}"


def test_node_shapes_with_sparql_have_no_message() -> None:
    """pySHACL adds a node shape's own sh:message to every result of its SPARQL constraints."""
    for shape in node_shapes():
        if (shape, SH.sparql, None) in shapes_graph():
            assert not messages(shape), render(shape)


def test_sparql_results_carry_substituted_messages() -> None:
    _, report = validate(load_fixture(FIXTURES_DIR / "conference" / "invalid-duplicate-number.ttl"))
    found = [str(m) for m in report.objects(None, SH.resultMessage)]
    assert found
    assert all("{" not in m and "901" in m for m in found), found


def template_regex(template: str) -> re.Pattern[str]:
    chunks = re.split(r"\{[?$]\w+\}", template)
    return re.compile("(.+?)".join(re.escape(chunk) for chunk in chunks), re.S)


def test_sparql_messages_can_be_told_apart_by_language() -> None:
    """pySHACL returns the messages of SPARQL constraints without their language tag. A report
    reader recovers it by matching the tagged templates of the result's sh:sourceConstraint:
    each message must match the template of exactly one language."""
    checked = 0
    for fixture in fixture_files("invalid"):
        rows = read_expected(expected_file(fixture))
        if not any(row.component == "sh:SPARQLConstraintComponent" for row in rows):
            continue
        _, report = validate(load_fixture(fixture))
        for result in report.subjects(RDF.type, SH.ValidationResult):
            constraint = report.value(result, SH.sourceConstraint)
            if constraint is None:
                continue
            found: list[str] = []
            for message in report.objects(result, SH.resultMessage):
                assert isinstance(message, Literal) and message.language is None
                found += [
                    template.language or "-"
                    for template in messages(constraint)
                    if template_regex(str(template)).fullmatch(str(message))
                ]
            assert sorted(found) == ["de", "en"], (fixture_id(fixture), found)
            checked += 1
    assert checked


# -- documentation profile ----------------------------------------------------------------


def languages(graph: Graph, subject: Node, predicate: URIRef) -> list[str]:
    return sorted(getattr(o, "language", None) or "-" for o in graph.objects(subject, predicate))


@pytest.mark.parametrize("path", shape_files(), ids=lambda p: p.name)
def test_shape_file_profile(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    head = text.split("@prefix", 1)[0]
    assert head.startswith("#"), f"{path.name} must open with a comment block"
    for word in ("Purpose", "Classes"):
        assert word in head, f"{path.name}: the opening comment names no {word}"
    graph = shapes_of_file()[path.stem]
    headers = list(graph.subjects(RDF.type, OWL.Ontology))
    assert headers == [URIRef(SHAPES_HEADER + path.stem)], headers
    header = headers[0]
    assert languages(graph, header, RDFS.label) == ["de", "en"]
    assert languages(graph, header, RDFS.comment) == ["de", "en"]
    assert graph.value(header, OWL.versionInfo) is not None
    assert ("mpscsh", URIRef(str(MPSCSH))) in set(graph.namespaces())
    for shape in graph.subjects(RDF.type, SH.NodeShape):
        assert isinstance(shape, URIRef) and shape.startswith(str(MPSCSH)), shape
        assert languages(graph, shape, RDFS.label) == ["de", "en"], shape
        assert languages(graph, shape, SH.description) == ["de", "en"], shape
    for shape in graph.subjects(RDF.type, SH.PropertyShape):
        assert languages(graph, shape, SH.name) == ["de", "en"], shape
    for prop in {o for o in graph.objects(None, SH.property)}:
        assert isinstance(prop, URIRef), f"{path.name}: name the property shape {prop}"
        assert (prop, RDF.type, SH.PropertyShape) in graph, prop
    for constraint in {o for o in graph.objects(None, SH.sparql)}:
        assert isinstance(constraint, URIRef), constraint
        assert (constraint, RDF.type, SH.SPARQLConstraint) in graph, constraint
    for node in {o for o in graph.objects(None, SH.prefixes)}:
        assert node == header, f"{path.name}: sh:prefixes must point to its own header"


def test_shape_names_follow_the_convention() -> None:
    for shape in node_shapes():
        assert re.fullmatch(r"[A-Z][A-Za-z]*Shape", shape.removeprefix(str(MPSCSH))), shape
    for node in [*property_shapes(), *sparql_constraints()]:
        assert isinstance(node, URIRef)
        assert re.fullmatch(r"[A-Z][A-Za-z]*-[a-z][A-Za-z]*", node.removeprefix(str(MPSCSH))), node


# -- the shapes graph is SHACL ------------------------------------------------------------


def test_shapes_graph_passes_meta_shacl() -> None:
    conforms, _, text = pyshacl.validate(
        Graph(), shacl_graph=shapes_graph(), meta_shacl=True, advanced=True
    )
    assert conforms, text


def test_meta_shacl_catches_a_broken_shape() -> None:
    """Proof that the meta-SHACL check runs: a shape with a non-integer sh:minCount fails it."""
    broken = Graph()
    for triple in shapes_graph():
        broken.add(triple)
    shape = URIRef(str(MPSCSH) + "BrokenShape")
    prop = BNode()
    broken.add((shape, RDF.type, SH.NodeShape))
    broken.add((shape, SH.targetClass, MPSC.Venue))
    broken.add((shape, SH.property, prop))
    broken.add((prop, SH.path, RDFS.label))
    broken.add((prop, SH.minCount, Literal("eins")))
    with pytest.raises(ReportableRuntimeError, match="MetaSHACL"):
        pyshacl.validate(Graph(), shacl_graph=broken, meta_shacl=True, advanced=True)


# -- guarded shapes -----------------------------------------------------------------------


def prefix_block(node: Node) -> str:
    sg = shapes_graph()
    lines = []
    for declaration in sg.objects(node, SH.declare):
        lines.append(
            f"PREFIX {sg.value(declaration, SH.prefix)}: <{sg.value(declaration, SH.namespace)}>"
        )
    return "\n".join(sorted(lines)) + "\n"


def guarded_shapes() -> list[URIRef]:
    return [s for s in node_shapes() if is_guarded(s)]


@functools.cache
def fixture_with_ontology(path: Path) -> Graph:
    graph = load_fixture(path)
    for triple in ontology_graph():
        graph.add(triple)
    return graph


@pytest.mark.parametrize("shape", guarded_shapes(), ids=render)
def test_guard_selects_exactly_what_its_constraint_reports(shape: URIRef) -> None:
    """A guarded shape must not hide a violation: on every fixture, the nodes its SPARQL target
    selects are the nodes its SPARQL constraint would report if it ran on every node."""
    sg = shapes_graph()
    target = sg.value(shape, SH.target)
    constraint = sg.value(shape, SH.sparql)
    target_prefixes = sg.value(target, SH.prefixes)
    check_prefixes = sg.value(constraint, SH.prefixes)
    assert target_prefixes is not None and check_prefixes is not None
    target_query = prepareQuery(prefix_block(target_prefixes) + str(sg.value(target, SH.select)))
    check_query = prepareQuery(
        prefix_block(check_prefixes)
        + str(sg.value(constraint, SH.select)).replace("$this", "?this")
    )
    checked = 0
    for fixture in [*fixture_files("valid"), *fixture_files("invalid")]:
        data = fixture_with_ontology(fixture)
        selected = {row[0] for row in data.query(target_query)}  # type: ignore[index]
        reported = {row.this for row in data.query(check_query)}  # type: ignore[union-attr]
        assert selected == reported, fixture_id(fixture)
        checked += bool(selected)
    assert checked, f"no fixture makes {render(shape)} fire"


# -- a realistic dataset --------------------------------------------------------------------


def generated_dataset(conferences: int = 8) -> Graph:
    """A valid dataset shaped like the real one: ~4,000 triples for 8 conferences."""
    g = Graph()
    add = g.add
    id_, vocab = Namespace(BASE + "id/"), Namespace(BASE + "vocab/")

    def label(node: Node, text: str) -> None:
        add((node, RDFS.label, Literal(text, lang="de")))
        add((node, RDFS.label, Literal(text, lang="en")))

    for scheme in ("topic", "role", "funding-category"):
        s = vocab[scheme]
        add((s, RDF.type, SKOS.ConceptScheme))
        add((s, SKOS.prefLabel, Literal(scheme, lang="de")))
        for i in range(15):
            c = vocab[f"{scheme}/c{i}"]
            add((c, RDF.type, SKOS.Concept))
            add((c, SKOS.inScheme, s))
            add((c, SKOS.prefLabel, Literal(f"Begriff {i}", lang="de")))
            add((c, SKOS.prefLabel, Literal(f"Concept {i}", lang="en")))
            add((c, SKOS.definition, Literal("Definition", lang="de")))
    states = []
    for key in range(1, 17):
        state = id_[f"state/{key:02d}"]
        states.append(state)
        add((state, RDF.type, MPSC.FederalState))
        add((state, MPSC.stateKey, Literal(f"{key:02d}")))
        add((state, RDFS.label, Literal(f"Land {key}", lang="de")))
    towns = []
    for i in range(60):
        key, ags = i % 16 + 1, f"{i % 16 + 1:02d}9{i:05d}"
        town = id_[f"municipality/{ags}"]
        towns.append(town)
        add((town, RDF.type, MPSC.IndependentCity if i % 3 else MPSC.Municipality))
        add((town, MPSC.ags, Literal(ags)))
        add((town, MPSC.inFederalState, states[key - 1]))
        label(town, f"Beispielstadt {i}")
        add((town, WGS.lat, Literal("50.5", datatype=XSD.decimal)))
        add((town, WGS.long, Literal("10.5", datatype=XSD.decimal)))
        add((town, MPSC.population, Literal(10000 + i)))
        add((town, MPSC.wikidata, URIRef(f"http://www.wikidata.org/entity/Q{i + 1}")))
    orgs = []
    for i in range(10):
        org = id_[f"organisation/org-{i}"]
        orgs.append(org)
        add((org, RDF.type, MPSC.StateMinistry if i % 2 else ORG.FormalOrganization))
        label(org, f"Beispielorganisation {i}")
        if i % 2:
            add((org, MPSC.inFederalState, states[i]))
    people = []
    for i in range(60):
        person = id_[f"person/p{i}"]
        people.append(person)
        add((person, RDF.type, FOAF.Person))
        add((person, FOAF.name, Literal(f"Erika Beispiel {i}")))
        add((person, RDFS.label, Literal(f"Erika Beispiel {i}", lang="de")))
        position = id_[f"person/p{i}/position/org-{i % 10}/c1"]
        add((position, RDF.type, ORG.Membership))
        add((position, ORG.member, person))
        add((position, ORG.organization, orgs[i % 10]))
        add((position, ORG.role, vocab["role/c1"]))
        label(position, f"Position {i}")
    projects, solutions = [], []
    for i in range(30):
        project = id_[f"model-project/mp-{i}"]
        projects.append(project)
        add((project, RDF.type, MPSC.ModelProject))
        label(project, f"Modellprojekt {i}")
        add((project, MPSC.fundingRecipient, towns[i]))
        add((project, MPSC.cohort, Literal(2019 + i % 3)))
        add((project, MPSC.fundingCategory, vocab["funding-category/c1"]))
        solution = id_[f"solution/s-{i}"]
        solutions.append(solution)
        add((solution, RDF.type, MPSC.Solution))
        label(solution, f"Lösung {i}")
        add((solution, MPSC.developedBy, towns[i]))
        add((solution, MPSC.partOfProject, project))
    series = id_["series/regionalkonferenzen"]
    add((series, RDF.type, MPSC.ConferenceSeries))
    label(series, "Regionalkonferenzen")
    for n in range(1, conferences + 1):
        conference, day = id_[f"conference/rk-{n}"], f"2024-{n % 12 + 1:02d}-1"
        add((conference, RDF.type, MPSC.RegionalConference))
        label(conference, f"{n}. Regionalkonferenz")
        add((conference, MPSC.conferenceNumber, Literal(n)))
        add((conference, SCHEMA.startDate, Literal(day + "4", datatype=XSD.date)))
        add((conference, SCHEMA.endDate, Literal(day + "5", datatype=XSD.date)))
        add((conference, MPSC.hostedBy, towns[n]))
        add((conference, SCHEMA.superEvent, series))
        add((conference, SCHEMA.organizer, orgs[0]))
        add((conference, SCHEMA.eventAttendanceMode, SCHEMA.OnlineEventAttendanceMode))
        for i in range(10):
            item = id_[f"conference/rk-{n}/item/i{i}"]
            add((item, RDF.type, MPSC.Workshop))
            add((item, SCHEMA.superEvent, conference))
            label(item, f"Workshop {i}")
            add((item, SCHEMA.startDate, Literal(day + "5", datatype=XSD.date)))
            add((item, DCTERMS.subject, vocab[f"topic/c{i}"]))
            add((item, MPSC.presents, solutions[i]))
            for j in range(3):
                participation = id_[f"conference/rk-{n}/item/i{i}/participant/p{j}"]
                add((item, CV.hasParticipation, participation))
                add((participation, RDF.type, MPSC.Participation))
                add((participation, CV.hasParticipant, people[(n * 30 + i * 3 + j) % 60]))
                add((participation, CV.role, vocab["role/c2"]))
                label(participation, "Mitwirkung")
    for i in range(40):
        source, graph = id_[f"source/s-{i}"], URIRef(f"{BASE}graph/source/s-{i}")
        add((source, RDF.type, MPSC.SourceArticle))
        add((source, DCTERMS.title, Literal(f"Artikel {i}", lang="de")))
        add((source, SCHEMA.url, URIRef(f"https://example.org/artikel-{i}")))
        add((source, DCTERMS.issued, Literal("2023-09-18", datatype=XSD.date)))
        add((graph, RDF.type, MPSC.FactGraph))
        add((graph, PROV.wasDerivedFrom, source))
        add((graph, PROV.wasGeneratedBy, id_[f"activity/curation/s-{i}"]))
        add((graph, PROV.generatedAtTime, Literal("2026-11-22T00:00:00Z", datatype=XSD.dateTime)))
    return g


def test_generated_dataset_conforms() -> None:
    """A realistic, larger dataset raises no false positives (speed is measured in bench/)."""
    data = generated_dataset()
    assert 3000 < len(data) < 6000
    conforms, report = validate(data)
    assert results(report) == [] and conforms
