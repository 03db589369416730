"""Tests for the OWL ontology: ontology/mpsc.ttl and ontology/ext-closure.ttl.

What is checked, and why:

* both files (and the reasoner fixtures) parse in rdflib and in pyoxigraph;
* every mpsc: term carries the annotation profile (one label and one definition in German and
  in English, rdfs:isDefinedBy), follows the naming convention, and every mpsc: property has
  exactly one domain and one range;
* docs/model.md is the contract: every class and property named there is declared with the kinds,
  super classes/properties, domains, ranges, functional flags and disjointness it gives, every
  reused term it lists is declared, and every mpsc: term of the ontology is named there;
* the ontology header (title, description, licence, creator, version IRI, preferred prefix);
* OWL 2 DL hygiene: ranges inside the OWL 2 datatype map, a declaration for every entity used,
  no illegal punning, no imports, no equivalence to external vocabularies;
* HermiT (owlready2, needs Java) finds a small ABox consistent and clashes inconsistent, and
  the OWL API bundled with it finds ontology and ABox inside the OWL 2 DL profile.
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph
import pytest
from rdflib import OWL, RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, SKOS
from rdflib.term import Node

ROOT = Path(__file__).resolve().parents[2]
ONTOLOGY_DIR = ROOT / "ontology"
MPSC_TTL = ONTOLOGY_DIR / "mpsc.ttl"
EXT_CLOSURE_TTL = ONTOLOGY_DIR / "ext-closure.ttl"
ONTOLOGY_FILES = (MPSC_TTL, EXT_CLOSURE_TTL)
MODEL_MD = ROOT / "docs" / "model.md"
ABOX_DIR = ROOT / "tests" / "fixtures" / "abox"
CONSISTENT_ABOX = ABOX_DIR / "consistent.ttl"
INCONSISTENT_ABOX = ABOX_DIR / "inconsistent.ttl"

MPSC = Namespace("https://w3id.org/mpsc/ontology#")
ONTOLOGY_IRI = URIRef("https://w3id.org/mpsc/ontology")
VANN = Namespace("http://purl.org/vocab/vann/")
# A plain Namespace: pytest probes module attributes, and rdflib's closed XSD warns on that.
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
BIBO = Namespace("http://purl.org/ontology/bibo/")
CC_BY_4 = URIRef("https://creativecommons.org/licenses/by/4.0/")

# Prefixes as used in docs/model.md (test_model_md_namespaces checks the ones it spells out).
PREFIXES = {
    "mpsc": str(MPSC),
    "schema": "https://schema.org/",
    "org": "http://www.w3.org/ns/org#",
    "cv": "http://data.europa.eu/m8g/",
    "skos": str(SKOS),
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": str(DCTERMS),
    "foaf": "http://xmlns.com/foaf/0.1/",
    "pav": "http://purl.org/pav/",
    "wgs": "http://www.w3.org/2003/01/geo/wgs84_pos#",
    "vann": str(VANN),
    "bibo": str(BIBO),
    "owl": str(OWL),
    "rdfs": str(RDFS),
    "rdf": str(RDF),
    "xsd": str(XSD),
    "sh": "http://www.w3.org/ns/shacl#",
}

# The OWL 2 built-in vocabulary needs no declaration.
BUILTIN_NAMESPACES = (str(RDF), str(RDFS), str(OWL), str(XSD))

# Entity declarations (OWL 2 RDF mapping, table 7).
DECLARATION_TYPES = frozenset(
    {
        OWL.Class,
        OWL.ObjectProperty,
        OWL.DatatypeProperty,
        OWL.AnnotationProperty,
        OWL.NamedIndividual,
        RDFS.Datatype,
    }
)
PROPERTY_KINDS = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)

# Triples whose object is an annotation value (any IRI or literal), not an entity.
BUILTIN_ANNOTATION_PROPERTIES = frozenset(
    {
        RDFS.label,
        RDFS.comment,
        RDFS.seeAlso,
        RDFS.isDefinedBy,
        OWL.versionInfo,
        OWL.deprecated,
        OWL.priorVersion,
        OWL.backwardCompatibleWith,
        OWL.incompatibleWith,
        OWL.versionIRI,
        OWL.imports,
    }
)

# OWL 2 datatype map (OWL 2 Structural Specification, section 4). Not rdf:langString: the OWL API
# inside HermiT reads it as a class, so language-tagged text has the range rdf:PlainLiteral.
OWL2_DATATYPE_MAP = frozenset(
    {RDFS.Literal, RDF.PlainLiteral, RDF.XMLLiteral, OWL.real, OWL.rational}
    | {
        XSD[name]
        for name in (
            *("decimal", "integer", "nonNegativeInteger", "nonPositiveInteger"),
            *("positiveInteger", "negativeInteger", "long", "int", "short", "byte"),
            *("unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte"),
            *("double", "float", "string", "normalizedString", "token", "language"),
            *("Name", "NCName", "NMTOKEN", "boolean", "hexBinary", "base64Binary"),
            *("anyURI", "dateTime", "dateTimeStamp"),
        )
    }
)
# Never a range: not in the map (HermiT aborts), or, for xsd:dateTimeStamp, kept out by project
# rule so that only xsd:dateTime is used for points in time.
FORBIDDEN_RANGES = (XSD.date, XSD.gYear, XSD.gYearMonth, XSD.dateTimeStamp)

LANGUAGES = ("de", "en")

# Where the TBox deliberately renders a datatype of docs/model.md differently (see the comment in
# section 6 of mpsc.ttl): docs/model.md datatype -> rdfs:range in mpsc.ttl.
CONTRACT_RANGE_IN_TBOX = {RDF.langString: RDF.PlainLiteral}


# -- helpers -----------------------------------------------------------------------------------


def curie(iri: Node) -> str:
    """Short form of an IRI for test ids and messages, e.g. ``mpsc:Municipality``."""
    text = str(iri)
    for prefix, namespace in PREFIXES.items():
        if text.startswith(namespace) and len(text) > len(namespace):
            return f"{prefix}:{text[len(namespace) :]}"
    return text


def expand(name: str) -> URIRef:
    """IRI of a prefixed name such as ``schema:Event``; unknown prefixes are an error."""
    prefix, local = name.split(":", 1)
    if prefix not in PREFIXES:
        raise KeyError(f"unknown prefix {prefix!r} in {name!r}: add it to PREFIXES")
    return URIRef(PREFIXES[prefix] + local)


def is_builtin(iri: Node) -> bool:
    return isinstance(iri, URIRef) and str(iri).startswith(BUILTIN_NAMESPACES)


def is_mpsc(iri: Node) -> bool:
    return isinstance(iri, URIRef) and str(iri).startswith(str(MPSC))


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


@functools.cache
def load(*paths: Path) -> Graph:
    """Parsed union of Turtle files (cached: tests must not modify it)."""
    graph = Graph()
    for path in paths:
        graph.parse(path, format="turtle")
    return graph


def mpsc_graph() -> Graph:
    return load(MPSC_TTL)


def try_load(*paths: Path) -> Graph:
    """Like load(), but an empty graph if a file is broken, so collection never crashes.

    The broken file then shows up as a failure of test_parses_in_rdflib instead.
    """
    try:
        return load(*paths)
    except Exception:  # any parse error is reported by the parse tests
        return Graph()


def declared(graph: Graph, *kinds: URIRef) -> list[URIRef]:
    """IRIs typed with one of ``kinds``, sorted."""
    found = {s for kind in kinds for s in graph.subjects(RDF.type, kind) if isinstance(s, URIRef)}
    return sorted(found)


def mpsc_terms(graph: Graph) -> list[URIRef]:
    """Every declared class and property in the mpsc namespace."""
    terms = declared(graph, OWL.Class, *PROPERTY_KINDS)
    return [t for t in terms if is_mpsc(t)]


def class_expression(graph: Graph, node: Node) -> Node | frozenset[Node] | None:
    """A named class, or the set of members of an owl:unionOf; None for anything else."""
    if isinstance(node, BNode):
        union = graph.value(node, OWL.unionOf)
        return None if union is None else frozenset(Collection(graph, union))
    return node


def ancestors(graph: Graph, cls: Node) -> set[Node]:
    """The class and all its asserted super classes."""
    return set(graph.transitive_objects(cls, RDFS.subClassOf))


def asserted_disjoint_pairs(graph: Graph) -> set[frozenset[Node]]:
    pairs = {frozenset(pair) for pair in graph.subject_objects(OWL.disjointWith)}
    for axiom in graph.subjects(RDF.type, OWL.AllDisjointClasses):
        members = list(Collection(graph, graph.value(axiom, OWL.members)))
        pairs |= {frozenset((a, b)) for a in members for b in members if a != b}
    return pairs


def are_disjoint(graph: Graph, a: Node, b: Node) -> bool:
    """True if an asserted disjointness covers a and b, directly or through super classes."""
    pairs = asserted_disjoint_pairs(graph)
    return any(frozenset((x, y)) in pairs for x in ancestors(graph, a) for y in ancestors(graph, b))


def undeclared(graph: Graph, *, abox: bool = False) -> set[URIRef]:
    """Non-built-in IRIs used as entities without an OWL 2 declaration.

    Checked positions: every predicate, and every IRI object unless the predicate is an
    annotation property (its values are plain IRIs, such as a licence). With ``abox=True``
    only predicates and the objects of rdf:type are checked, since individuals need no
    declaration in practice.
    """
    entities = {s for s, o in graph.subject_objects(RDF.type) if o in DECLARATION_TYPES}
    annotation_properties = BUILTIN_ANNOTATION_PROPERTIES | set(
        graph.subjects(RDF.type, OWL.AnnotationProperty)
    )
    missing: set[URIRef] = set()
    for _, predicate, obj in graph:
        if not is_builtin(predicate) and predicate not in entities:
            missing.add(predicate)  # type: ignore[arg-type]
        if predicate in annotation_properties or (abox and predicate != RDF.type):
            continue
        if isinstance(obj, URIRef) and not is_builtin(obj) and obj not in entities:
            missing.add(obj)
    return missing


# -- docs/model.md, the contract ---------------------------------------------------------------

Expression = URIRef | frozenset[URIRef]
CURIE = re.compile(r"`([a-z]+:[A-Za-z][A-Za-z0-9]*)`")


@functools.cache
def model_md() -> str:
    return MODEL_MD.read_text(encoding="utf-8")


def md_section(markdown: str, heading: str) -> str:
    match = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", markdown, re.S | re.M)
    if match is None:
        raise LookupError(f"docs/model.md has no section '## {heading}'")
    return match.group(1)


def md_table(section: str) -> list[list[str]]:
    """Body rows of the first table in a section, as stripped cells (escaped pipes kept)."""
    lines = [line for line in section.splitlines() if line.startswith("|")]
    return [[c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]] for line in lines[2:]]


def md_paragraph(section: str, start: str) -> str:
    """The paragraph of a section that begins with ``start``."""
    match = re.search(rf"^{re.escape(start)}.*?(?=\n\n|\Z)", section, re.S | re.M)
    if match is None:
        raise LookupError(f"docs/model.md has no paragraph starting {start!r}")
    return match.group(0)


def md_curies(text: str) -> list[str]:
    return CURIE.findall(text)


def md_expression(text: str) -> Expression | None:
    """A domain or range cell side: `prefix:Name`, a bare mpsc name, or ``(A ⊔ B)``.

    Free text (e.g. "Wikidata entity IRI") and an empty side give None: not checked.
    """
    text = text.strip()
    if text.startswith("(") and text.endswith(")") and "⊔" in text:
        items = [md_expression(item) for item in text[1:-1].split("⊔")]
        if any(not isinstance(item, URIRef) for item in items):
            return None
        return frozenset(items)  # type: ignore[arg-type]
    if match := re.fullmatch(CURIE, text):
        return expand(match.group(1))
    if re.fullmatch(r"[A-Z][A-Za-z0-9]*", text):
        return MPSC[text]
    return None


@dataclass(frozen=True)
class ContractClass:
    iri: URIRef
    supers: frozenset[URIRef]
    disjoint_with: frozenset[URIRef]


@dataclass(frozen=True)
class ContractProperty:
    iri: URIRef
    kind: URIRef
    functional: bool
    supers: frozenset[URIRef]
    domain: Expression | None
    range: Expression | None


def contract_classes() -> list[ContractClass]:
    classes = []
    for cells in md_table(md_section(model_md(), "Classes")):
        names = [expand(c) for c in md_curies(cells[0])]
        supers_text, _, disjoint_text = cells[1].partition(";")
        supers = frozenset(expand(c) for c in md_curies(supers_text))
        for name in names:
            if "disjoint with" in disjoint_text:
                disjoint = frozenset(expand(c) for c in md_curies(disjoint_text))
            elif "disjoint" in disjoint_text:  # "pairwise disjoint" / "disjoint": the row's classes
                disjoint = frozenset(n for n in names if n != name)
            else:
                disjoint = frozenset()
            classes.append(ContractClass(name, supers, disjoint))
    return classes


def contract_properties() -> list[ContractProperty]:
    properties = []
    for cells in md_table(md_section(model_md(), "Properties")):
        (name,) = md_curies(cells[0])
        kind_text = cells[1]
        if kind_text.startswith("datatype"):
            kind = OWL.DatatypeProperty
        elif kind_text.startswith("object"):
            kind = OWL.ObjectProperty
        else:
            raise ValueError(f"docs/model.md: unknown kind {kind_text!r} for {name}")
        domain_text, range_text = cells[2].split("→")
        properties.append(
            ContractProperty(
                iri=expand(name),
                kind=kind,
                functional="functional" in kind_text,
                supers=frozenset(expand(c) for c in md_curies(kind_text)),
                domain=md_expression(domain_text),
                range=md_expression(range_text),
            )
        )
    return properties


@functools.cache
def contract_mpsc_names() -> tuple[URIRef, ...]:
    """Every backticked mpsc: name anywhere in docs/model.md."""
    return tuple(sorted({expand(c) for c in md_curies(model_md()) if c.startswith("mpsc:")}))


def contract_reused_terms() -> list[tuple[URIRef, str]]:
    """External terms docs/model.md lists as reused directly: (IRI, "class" or "property")."""
    markdown = model_md()
    sources = (
        ("class", md_paragraph(md_section(markdown, "Classes"), "Reused directly:")),
        ("property", md_paragraph(md_section(markdown, "Properties"), "Reused properties:")),
    )
    terms = {(expand(c), role) for role, text in sources for c in md_curies(text)}
    return sorted((iri, role) for iri, role in terms if not is_builtin(iri))


# Collected once, at import time, for parametrisation.
ONTOLOGY = try_load(MPSC_TTL)
TERMS = mpsc_terms(ONTOLOGY)
PROPERTIES = sorted(set(TERMS) & set(declared(ONTOLOGY, *PROPERTY_KINDS)))
DATATYPE_PROPERTIES = [t for t in TERMS if (t, RDF.type, OWL.DatatypeProperty) in ONTOLOGY]
OBJECT_PROPERTIES = [t for t in TERMS if (t, RDF.type, OWL.ObjectProperty) in ONTOLOGY]
CLASSES = [t for t in TERMS if (t, RDF.type, OWL.Class) in ONTOLOGY]
RDF_FILES = (*ONTOLOGY_FILES, *sorted(ABOX_DIR.glob("*.ttl")))


# -- parsing -----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", RDF_FILES, ids=rel)
def test_parses_in_rdflib(path: Path) -> None:
    graph = Graph().parse(path, format="turtle")
    assert len(graph) > 0


@pytest.mark.parametrize("path", RDF_FILES, ids=rel)
def test_parses_in_pyoxigraph_with_the_same_triples(path: Path) -> None:
    store = pyoxigraph.Store()
    store.load(path=path, format=pyoxigraph.RdfFormat.TURTLE)
    assert len(store) == len(Graph().parse(path, format="turtle"))


# -- per-term annotation profile ---------------------------------------------------------------


@pytest.mark.parametrize("term", TERMS, ids=curie)
def test_term_has_labels_definitions_and_is_defined_by(term: URIRef) -> None:
    graph = mpsc_graph()
    problems = []
    for predicate in (RDFS.label, SKOS.definition):
        values = list(graph.objects(term, predicate))
        for language in LANGUAGES:
            count = sum(1 for v in values if isinstance(v, Literal) and v.language == language)
            if count != 1:
                problems.append(f"{curie(predicate)}@{language}: {count} values, expected 1")
        for value in values:
            if not isinstance(value, Literal) or value.language not in LANGUAGES:
                problems.append(f"{curie(predicate)}: {value!r} is not tagged @de or @en")
            elif (text := str(value)) != text.strip() or "  " in text or not text:
                problems.append(f"{curie(predicate)}: stray whitespace in {value!r}")
    defined_by = set(graph.objects(term, RDFS.isDefinedBy))
    if defined_by != {ONTOLOGY_IRI}:
        problems.append(f"rdfs:isDefinedBy is {sorted(defined_by)}, expected <{ONTOLOGY_IRI}>")
    assert not problems, f"{curie(term)}:\n" + "\n".join(problems)


@pytest.mark.parametrize("term", TERMS, ids=curie)
def test_term_follows_naming_convention(term: URIRef) -> None:
    local = str(term)[len(str(MPSC)) :]
    if term in CLASSES:
        assert re.fullmatch(r"[A-Z][A-Za-z0-9]*", local), "classes are UpperCamelCase"
    else:
        assert re.fullmatch(r"[a-z][A-Za-z0-9]*", local), "properties are lowerCamelCase"


@pytest.mark.parametrize("language", LANGUAGES)
def test_labels_are_unique_per_language(language: str) -> None:
    graph = mpsc_graph()
    seen: dict[str, list[str]] = {}
    for term in TERMS:
        for label in graph.objects(term, RDFS.label):
            if isinstance(label, Literal) and label.language == language:
                seen.setdefault(str(label), []).append(curie(term))
    duplicates = {label: terms for label, terms in seen.items() if len(terms) > 1}
    assert not duplicates


@pytest.mark.parametrize("prop", PROPERTIES, ids=curie)
def test_property_has_exactly_one_domain_and_one_range(prop: URIRef) -> None:
    graph = mpsc_graph()
    domains = list(graph.objects(prop, RDFS.domain))
    ranges = list(graph.objects(prop, RDFS.range))
    assert len(domains) == 1, f"rdfs:domain: {domains} (use one owl:unionOf class for several)"
    assert len(ranges) == 1, f"rdfs:range: {ranges}"
    assert class_expression(graph, domains[0]) is not None, "domain is not a class or union"


@pytest.mark.parametrize("prop", PROPERTIES, ids=curie)
def test_super_properties_are_of_the_same_kind(prop: URIRef) -> None:
    # e.g. mpsc:ags needs dcterms:identifier to be a datatype property, not an annotation one.
    graph = mpsc_graph()
    kinds = set(graph.objects(prop, RDF.type)) & set(PROPERTY_KINDS)
    for parent in graph.objects(prop, RDFS.subPropertyOf):
        parent_kinds = set(graph.objects(parent, RDF.type)) & set(PROPERTY_KINDS)
        assert parent_kinds == kinds, f"{curie(parent)} is {sorted(map(curie, parent_kinds))}"


@pytest.mark.parametrize("prop", DATATYPE_PROPERTIES, ids=curie)
def test_datatype_property_range_is_in_owl2_datatype_map(prop: URIRef) -> None:
    ranges = set(mpsc_graph().objects(prop, RDFS.range))
    assert ranges <= OWL2_DATATYPE_MAP, f"{[curie(r) for r in ranges]} outside the map"


@pytest.mark.parametrize("prop", OBJECT_PROPERTIES, ids=curie)
def test_object_property_range_is_a_class(prop: URIRef) -> None:
    graph = mpsc_graph()
    classes = set(declared(graph, OWL.Class)) | {OWL.Thing}
    for range_ in graph.objects(prop, RDFS.range):
        expression = class_expression(graph, range_)
        members = expression if isinstance(expression, frozenset) else {expression}
        assert members <= classes, f"range {range_} is not a declared class"


@pytest.mark.parametrize("datatype", FORBIDDEN_RANGES, ids=curie)
@pytest.mark.parametrize("path", ONTOLOGY_FILES, ids=rel)
def test_no_range_outside_owl2_datatype_map(path: Path, datatype: URIRef) -> None:
    users = sorted(curie(s) for s in load(path).subjects(RDFS.range, datatype))
    assert not users, f"rdfs:range {curie(datatype)} on {users}: HermiT aborts on it"


# -- docs/model.md is the contract ---------------------------------------------------------------


@pytest.mark.parametrize("term", contract_mpsc_names(), ids=curie)
def test_model_md_term_is_declared(term: URIRef) -> None:
    kinds = set(mpsc_graph().objects(term, RDF.type))
    assert kinds & {OWL.Class, *PROPERTY_KINDS}, "named in docs/model.md, missing in mpsc.ttl"


@pytest.mark.parametrize("term", TERMS, ids=curie)
def test_declared_term_is_in_model_md(term: URIRef) -> None:
    assert term in contract_mpsc_names(), "declared in mpsc.ttl, missing in docs/model.md"


@pytest.mark.parametrize("expected", contract_classes(), ids=lambda c: curie(c.iri))
def test_model_md_class(expected: ContractClass) -> None:
    graph = mpsc_graph()
    assert (expected.iri, RDF.type, OWL.Class) in graph
    supers = set(graph.objects(expected.iri, RDFS.subClassOf))
    assert supers == expected.supers, "super classes differ from docs/model.md"
    for other in sorted(expected.disjoint_with):
        assert are_disjoint(graph, expected.iri, other), f"not disjoint with {curie(other)}"


@pytest.mark.parametrize("expected", contract_properties(), ids=lambda p: curie(p.iri))
def test_model_md_property(expected: ContractProperty) -> None:
    graph = mpsc_graph()
    kinds = set(graph.objects(expected.iri, RDF.type))
    assert expected.kind in kinds, f"not declared as {curie(expected.kind)}"
    assert (OWL.FunctionalProperty in kinds) == expected.functional, "functional flag differs"
    supers = set(graph.objects(expected.iri, RDFS.subPropertyOf))
    assert supers == expected.supers, "super properties differ from docs/model.md"
    if expected.domain is not None:
        (domain,) = graph.objects(expected.iri, RDFS.domain)
        assert class_expression(graph, domain) == expected.domain, "domain differs"
    if expected.range is not None:
        (range_,) = graph.objects(expected.iri, RDFS.range)
        wanted = CONTRACT_RANGE_IN_TBOX.get(expected.range, expected.range)  # type: ignore[arg-type]
        assert class_expression(graph, range_) == wanted, "range differs"


@pytest.mark.parametrize(
    ("term", "role"),
    contract_reused_terms(),
    ids=lambda v: curie(v) if isinstance(v, URIRef) else v,
)
def test_model_md_reused_term_is_declared(term: URIRef, role: str) -> None:
    kinds = set(mpsc_graph().objects(term, RDF.type))
    if role == "class":  # classes and the schema.org enumeration members
        assert kinds & {OWL.Class, OWL.NamedIndividual}, "reused but not declared"
    else:
        assert kinds & set(PROPERTY_KINDS), "reused property not declared"


def test_model_md_namespaces() -> None:
    section = md_section(model_md(), "Namespaces")
    stated = dict(re.findall(r"`(\w+)`(?: \||\s*\()\s*`(https?://[^`]+)`", section))
    assert stated, "no namespaces found in docs/model.md"
    for prefix, namespace in stated.items():
        assert PREFIXES[prefix] == namespace, prefix


# -- ontology header ---------------------------------------------------------------------------


def test_mpsc_ttl_has_exactly_one_ontology_header() -> None:
    assert list(mpsc_graph().subjects(RDF.type, OWL.Ontology)) == [ONTOLOGY_IRI]


def test_ext_closure_has_no_ontology_header() -> None:
    # It shares a graph with mpsc.ttl in the build; two headers in one graph are ambiguous.
    assert not list(load(EXT_CLOSURE_TTL).subjects(RDF.type, OWL.Ontology))


@pytest.mark.parametrize(
    ("predicate", "language"),
    [
        (DCTERMS.title, "de"),
        (DCTERMS.title, "en"),
        (DCTERMS.description, "de"),
        (DCTERMS.description, "en"),
        (DCTERMS.creator, None),
        (DCTERMS.publisher, None),
        (DCTERMS.created, None),
        (DCTERMS.issued, None),
        (DCTERMS.bibliographicCitation, None),
        (BIBO.status, None),
    ],
    ids=lambda v: curie(v) if isinstance(v, URIRef) else (v or "any"),
)
def test_header_annotation(predicate: URIRef, language: str | None) -> None:
    values = list(mpsc_graph().objects(ONTOLOGY_IRI, predicate))
    if language is not None:
        values = [v for v in values if isinstance(v, Literal) and v.language == language]
    assert values, f"ontology header lacks {curie(predicate)}" + (f"@{language}" * bool(language))


def test_header_license_is_cc_by_4() -> None:
    assert list(mpsc_graph().objects(ONTOLOGY_IRI, DCTERMS.license)) == [CC_BY_4]


def test_header_version() -> None:
    graph = mpsc_graph()
    (version_info,) = graph.objects(ONTOLOGY_IRI, OWL.versionInfo)
    (version_iri,) = graph.objects(ONTOLOGY_IRI, OWL.versionIRI)
    assert re.fullmatch(r"\d+\.\d+\.\d+", str(version_info)), "versionInfo is not semver"
    assert version_iri != ONTOLOGY_IRI
    assert version_iri == URIRef(f"{ONTOLOGY_IRI}/{version_info}")


def test_header_preferred_namespace() -> None:
    graph = mpsc_graph()
    assert [str(v) for v in graph.objects(ONTOLOGY_IRI, VANN.preferredNamespacePrefix)] == ["mpsc"]
    assert [str(v) for v in graph.objects(ONTOLOGY_IRI, VANN.preferredNamespaceUri)] == [str(MPSC)]


# -- OWL 2 DL hygiene and alignment policy --------------------------------------------------------

DECLARATION_CASES = {
    "ontology/mpsc.ttl": ((MPSC_TTL,), False),
    "ontology/ext-closure.ttl": ((EXT_CLOSURE_TTL,), False),
    # The data patterns (as in the fixture) use only declared classes and properties.
    "ontology+abox/consistent.ttl": ((*ONTOLOGY_FILES, CONSISTENT_ABOX), True),
}


@pytest.mark.parametrize("case", DECLARATION_CASES)
def test_every_used_entity_is_declared(case: str) -> None:
    paths, abox = DECLARATION_CASES[case]
    missing = sorted(curie(iri) for iri in undeclared(load(*paths), abox=abox))
    assert not missing, f"undeclared (OWL 2 DL needs a declaration): {missing}"


@pytest.mark.parametrize("path", ONTOLOGY_FILES, ids=rel)
def test_no_illegal_punning(path: Path) -> None:
    graph = load(path)
    clashes = []
    for iri in declared(graph, *PROPERTY_KINDS, OWL.Class, RDFS.Datatype):
        kinds = set(graph.objects(iri, RDF.type))
        if len(kinds & set(PROPERTY_KINDS)) > 1 or {OWL.Class, RDFS.Datatype} <= kinds:
            clashes.append(f"{curie(iri)}: {sorted(curie(k) for k in kinds)}")
    assert not clashes


@pytest.mark.parametrize(
    "predicate",
    [OWL.imports, OWL.equivalentClass, OWL.equivalentProperty, OWL.sameAs],
    ids=curie,
)
@pytest.mark.parametrize("path", ONTOLOGY_FILES, ids=rel)
def test_no_imports_and_no_equivalence(path: Path, predicate: URIRef) -> None:
    assert not list(load(path).subject_objects(predicate))


def _external_statements(graph: Graph) -> Iterable[tuple[Node, Node, Node]]:
    for s, p, o in graph:
        if isinstance(s, URIRef) and not is_mpsc(s) and s != ONTOLOGY_IRI:
            yield s, p, o


def test_mpsc_ttl_only_declares_external_terms() -> None:
    # Alignment goes from mpsc: terms outwards; an external term is never changed here.
    axioms = sorted(
        f"{curie(s)} {curie(p)} {curie(o)}"
        for s, p, o in _external_statements(mpsc_graph())
        if p != RDF.type
    )
    assert not axioms, "axioms on external terms belong in ext-closure.ttl (or nowhere)"


def test_ext_closure_only_holds_external_subclass_axioms() -> None:
    graph = load(EXT_CLOSURE_TTL)
    classes = set(declared(graph, OWL.Class))
    unexpected = []
    for s, p, o in graph:
        ok = isinstance(s, URIRef) and not is_mpsc(s) and not is_mpsc(o)
        if p == RDF.type:
            ok = ok and o == OWL.Class
        elif p == RDFS.subClassOf:
            ok = ok and s in classes and o in classes
        else:
            ok = False
        if not ok:
            unexpected.append(f"{curie(s)} {curie(p)} {curie(o)}")
    assert not unexpected


# -- reasoning (HermiT via owlready2) and the OWL 2 DL profile (OWL API) ---------------------------

requires_java = pytest.mark.skipif(
    shutil.which("java") is None,
    reason="`java` is not on PATH: HermiT (owlready2) needs a Java runtime, e.g. default-jre",
)


def write_ntriples(path: Path, *sources: Path, turtle: str = "") -> Path:
    """Merge Turtle files (and a Turtle snippet) into one N-Triples file, the form HermiT reads."""
    graph = Graph()
    for source in sources:
        graph.parse(source, format="turtle")
    if turtle:
        graph.parse(data=turtle, format="turtle")
    graph.serialize(path, format="nt", encoding="utf-8")
    return path


def run_hermit(tmp_path: Path, abox: Path | None = None, turtle: str = "") -> Any:
    """Reason over the ontology plus an ABox in a fresh owlready2 World; return the World.

    Strict datatype handling (no ignore_unsupported_datatypes), so an xsd:date range in the
    TBox would make HermiT abort with an OwlReadyJavaError.
    """
    owlready2 = pytest.importorskip("owlready2")
    sources = (*ONTOLOGY_FILES, abox) if abox else ONTOLOGY_FILES
    ntriples = write_ntriples(tmp_path / "input.nt", *sources, turtle=turtle)
    world = owlready2.World()
    world.get_ontology(ntriples.as_uri()).load(format="ntriples")
    owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    return world


@pytest.mark.reasoner
@requires_java
def test_hermit_finds_the_consistent_abox_consistent(tmp_path: Path) -> None:
    world = run_hermit(tmp_path, CONSISTENT_ABOX)
    try:
        unsatisfiable = sorted(cls.iri for cls in world.inconsistent_classes())
    finally:
        world.close()
    assert not unsatisfiable, f"unsatisfiable classes: {unsatisfiable}"


@pytest.mark.reasoner
@requires_java
def test_hermit_finds_municipality_and_district_inconsistent(tmp_path: Path) -> None:
    owlready2 = pytest.importorskip("owlready2")
    with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
        run_hermit(tmp_path, INCONSISTENT_ABOX)


CLASH_PREFIXES = "@prefix mpsc: <https://w3id.org/mpsc/ontology#> .\n"
# More clashes HermiT must see; each proves that one kind of axiom reaches the reasoner intact.
CLASHES = {
    "programme-item-of-two-disjoint-kinds": "<urn:x:item> a mpsc:Keynote , mpsc:Workshop .",
    "two-conference-numbers": "<urn:x:rk> a mpsc:RegionalConference ; mpsc:conferenceNumber 1, 2 .",
    "motto-not-text": "<urn:x:rk> a mpsc:RegionalConference ; mpsc:motto 5 .",
}


@pytest.mark.reasoner
@requires_java
@pytest.mark.parametrize("clash", CLASHES)
def test_hermit_finds_clash_inconsistent(tmp_path: Path, clash: str) -> None:
    owlready2 = pytest.importorskip("owlready2")
    with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
        run_hermit(tmp_path, turtle=CLASH_PREFIXES + CLASHES[clash])


# Runs the OWL 2 DL profile checker of the OWL API that ships inside owlready2's HermiT.jar
# (java single-file source mode). Exit status 1 and one line per violation if not in OWL 2 DL.
OWL2_DL_CHECK_JAVA = """
import java.io.File;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.profiles.OWL2DLProfile;
import org.semanticweb.owlapi.profiles.OWLProfileReport;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;

public class Owl2DlCheck {
    public static void main(String[] args) throws Exception {
        OWLOntology ontology = OWLManager.createOWLOntologyManager()
            .loadOntologyFromOntologyDocument(new File(args[0]));
        OWLProfileReport report = new OWL2DLProfile().checkOntology(ontology);
        for (OWLProfileViolation violation : report.getViolations()) {
            System.out.println(violation);
        }
        System.exit(report.isInProfile() ? 0 : 1);
    }
}
"""

DL_PROFILE_CASES = {
    "ontology": (),
    "ontology+abox/consistent.ttl": (CONSISTENT_ABOX,),
}


@pytest.mark.reasoner
@requires_java
@pytest.mark.skipif(
    shutil.which("javac") is None, reason="the OWL API profile check needs a JDK (javac)"
)
@pytest.mark.parametrize("case", DL_PROFILE_CASES)
def test_owl_api_finds_owl2_dl_profile(tmp_path: Path, case: str) -> None:
    owlready2 = pytest.importorskip("owlready2")
    hermit_jar = Path(owlready2.__file__).parent / "hermit" / "HermiT.jar"
    source = tmp_path / "Owl2DlCheck.java"
    source.write_text(OWL2_DL_CHECK_JAVA, encoding="utf-8")
    ntriples = write_ntriples(tmp_path / "input.nt", *ONTOLOGY_FILES, *DL_PROFILE_CASES[case])
    result = subprocess.run(
        ["java", "-cp", str(hermit_jar), str(source), str(ntriples)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, f"not OWL 2 DL:\n{result.stdout}{result.stderr}"
