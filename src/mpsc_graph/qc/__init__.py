"""Offline quality control of the ontology (``ontology/*.ttl``) and shapes (``shapes/*.ttl``).

``run_qc(ontology_dir, shapes_dir)`` runs every check of :data:`CHECKS` and returns a
:class:`QcReport` with one :class:`Finding` per problem: the check, a severity (``error``,
``warning`` or ``info``), the term, a message in German and English and, where the term can be
found, the file and line in the Turtle source. ``report.errors`` decides the exit code
(``report.exit_code``: 1 if there is any error). The report renders as text, JSON or Markdown.

The checks implement the QC checklist of ONTOLOGY-NOTES.md section 2.7 as far as it runs
offline (items 1-13, of item 11 only the declarations; items 14-21 concern the data, the
deployment or external services):
the automatable OOPS! pitfalls, FOOPS!-style header metadata checks, the ROBOT report checks that
fit a bilingual SKOS-annotated ontology, the annotation profile of section 2.3, and the
agreement of the shapes with the ontology. Most checks are SPARQL queries that pyoxigraph runs
in memory over the ontology (default graph) and the shapes (named graph ``SHAPES_GRAPH``); each
returns ``?entity`` and optionally ``?value``. A few run in Python: parsing, the SHACL-SHACL
meta-validation (pySHACL) and recursive definitions. Two need Java: the OWL 2 DL profile check
of the OWL API and the HermiT consistency check, both run from the ``HermiT.jar`` that
owlready2 ships, in one JVM (``java=False`` skips them; without Java each is reported as a
warning "skipped: Java missing").

Use::

    report = run_qc(Path("ontology"), Path("shapes"))  # java=False: skip the Java checks
    print(report.to_text(lang))  # or report.to_json(lang), report.to_markdown(lang)
    sys.exit(report.exit_code)  # 0, or 1 if any finding is an error

``run_qc`` raises :class:`~mpsc_graph.core.errors.InputError` (exit code 3) if a directory holds no
``*.ttl`` file; a file that does not parse is a finding of the check ``parse``.

OOPS! pitfalls automated here (check ids in :data:`CHECKS`):
P03 is-relationship, P04 unconnected-class, P05 wrong-inverse, P06 subclass-cycle,
P07 merged-concepts, P08 label-per-language/definition-per-language, P10 missing-disjointness
(siblings under an mpsc: class; OOPS! only asks for any disjointness at all), P11
domain-range-missing, P13 missing-inverse (info), P19 domain-range-multiple, P20
label-definition-swapped (definition not longer than the label), P21 misc-class, P22
naming-class/naming-property, P24 recursive-definition (a class inside its own
owl:equivalentClass expression), P25 self-inverse, P26 symmetric-inverse, P27 and P31
external-equivalence (no equivalence to external vocabularies at all, the project's rule), P28
symmetric-property, P29 transitive-property, P32 duplicate-label, P33 property-chain-single,
P34 undeclared-class, P35 undeclared-property, P36 iri-file-extension, P38
ontology-declaration, P39 ambiguous-namespace, P41 header-license.

OOPS! pitfalls NOT automated, and why (also in every report, see :data:`OOPS_NOT_AUTOMATED`):
P01 polysemous elements, P09 missing domain information, P14 misusing owl:allValuesFrom, P15
"some not" for "not some", P16 primitive instead of defined class, P17 over-specialised
hierarchy, P18 over-specialised domain or range: they judge meaning or intent, OOPS! itself has
no automatic checker for them; P23 duplicated datatype: no OOPS! checker either (datatype-range
keeps ranges inside the OWL 2 datatype map); P02 synonyms as classes, P12 and P30 equivalent
properties/classes not declared: need a synonym dictionary (OOPS! uses WordNet) or the external
vocabularies, and the project records such correspondences as SKOS/SSSOM mappings; identical
labels are caught by duplicate-label; P37 ontology not on the Web: needs the network (a
content-negotiation test after deployment); P40 namespace hijacking: needs local copies of every
reused vocabulary to check that each reused term exists there.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import pyoxigraph
import rdflib
from pyoxigraph import BlankNode, NamedNode, QuerySolutions, RdfFormat

from mpsc_graph.core.errors import ExitCode, InputError, Location, Problem, Text

__all__ = [
    "CHECKS",
    "OOPS_NOT_AUTOMATED",
    "OOPS_PITFALLS",
    "Check",
    "Finding",
    "QcReport",
    "Severity",
    "Skipped",
    "run_qc",
]

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")

MPSC_NS = "https://w3id.org/mpsc/ontology#"
SHAPES_GRAPH = NamedNode("urn:x-mpsc-qc:shapes")

# Prefixes for the queries and for short names in the report.
PREFIXES = {
    "mpsc": MPSC_NS,
    "mpscsh": "https://w3id.org/mpsc/shapes#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "sh": "http://www.w3.org/ns/shacl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "vann": "http://purl.org/vocab/vann/",
    "bibo": "http://purl.org/ontology/bibo/",
    "schema": "https://schema.org/",
    "org": "http://www.w3.org/ns/org#",
    "cv": "http://data.europa.eu/m8g/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "prov": "http://www.w3.org/ns/prov#",
    "pav": "http://purl.org/pav/",
    "wgs": "http://www.w3.org/2003/01/geo/wgs84_pos#",
}

# OWL 2 datatype map (OWL 2 Structural Specification, section 4.1-4.7).
OWL2_DATATYPES = frozenset(
    [f"{PREFIXES['rdfs']}Literal", f"{PREFIXES['rdf']}PlainLiteral", f"{PREFIXES['rdf']}XMLLiteral"]
    + [f"{PREFIXES['owl']}{name}" for name in ("real", "rational")]
    + [
        PREFIXES["xsd"] + name
        for name in (
            *("decimal", "integer", "nonNegativeInteger", "nonPositiveInteger"),
            *("positiveInteger", "negativeInteger", "long", "int", "short", "byte"),
            *("unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte"),
            *("double", "float", "string", "normalizedString", "token", "language"),
            *("Name", "NCName", "NMTOKEN", "boolean", "hexBinary", "base64Binary"),
            *("anyURI", "dateTime", "dateTimeStamp"),
        )
    ]
)

JAVA_TIMEOUT = 300  # seconds


# -- the registry --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    """One QC check: what it tests, how bad a hit is, and what it implements.

    ``implements`` names the sources: ``OOPS! Pnn``, ``FOOPS! XXn``, ``ROBOT <check>``,
    ``checklist n`` (ONTOLOGY-NOTES.md 2.7), ``profile 2.3`` (annotation profile) or ``policy``
    (ontology/README.md). ``message`` may use ``{value}``. ``query`` is a SPARQL SELECT
    returning ``?entity`` (and optionally ``?value``); ``None`` means the check runs in Python.
    ``scope`` says where the term is looked up for file:line first.
    """

    id: str
    title: Text
    severity: Severity
    implements: tuple[str, ...]
    message: Text
    query: str | None = None
    scope: Literal["ontology", "shapes"] = "ontology"
    needs_java: bool = False

    @property
    def oops(self) -> tuple[str, ...]:
        """The OOPS! pitfall codes this check implements, e.g. ``("P41",)``."""
        return tuple(s.split()[-1] for s in self.implements if s.startswith("OOPS!"))


# Query macros, expanded by _q(): TERM = a declared mpsc: class or property, CLASS, PROP (object
# or datatype), OBJPROP, ANYPROP (incl. annotation), OWN_ENTITY (any declared mpsc: entity),
# NOTBUILTIN = not in the rdf/rdfs/owl/xsd namespaces, SHAPES = the shapes graph.
_KINDS = {
    "TERM": "owl:Class owl:ObjectProperty owl:DatatypeProperty owl:AnnotationProperty",
    "CLASS": "owl:Class",
    "PROP": "owl:ObjectProperty owl:DatatypeProperty",
    "OBJPROP": "owl:ObjectProperty",
    "ANYPROP": "owl:ObjectProperty owl:DatatypeProperty owl:AnnotationProperty",
    "OWN_ENTITY": "owl:Class owl:ObjectProperty owl:DatatypeProperty owl:AnnotationProperty "
    "owl:NamedIndividual rdfs:Datatype",
}
_MACRO = re.compile(r"\b(TERM|CLASS|PROP|OBJPROP|ANYPROP|OWN_ENTITY|NOTBUILTIN)\((\?\w+)\)")
DEPRECATED = '(?d = true || STR(?d) = "true")'


def _expand(match: re.Match[str]) -> str:
    name, var = match.group(1), match.group(2)
    if name == "NOTBUILTIN":
        return (
            f"FILTER(isIRI({var}) && !STRSTARTS(STR({var}), STR(rdf:)) && "
            f"!STRSTARTS(STR({var}), STR(rdfs:)) && !STRSTARTS(STR({var}), STR(owl:)) && "
            f"!STRSTARTS(STR({var}), STR(xsd:)))"
        )
    kinds = _KINDS[name]
    return (
        f"{{ SELECT DISTINCT {var} WHERE {{ {var} a ?kind_ . VALUES ?kind_ {{ {kinds} }} "
        f"FILTER(isIRI({var}) && STRSTARTS(STR({var}), STR(mpsc:))) }} }}"
    )


def _q(query: str) -> str:
    return _MACRO.sub(_expand, query).replace("GRAPH SHAPES", f"GRAPH <{SHAPES_GRAPH.value}>")


def _header(predicate: str, *, languages: bool = False, iri: bool = False) -> str:
    """Ontology headers without ``predicate`` (per language, or with an IRI value)."""
    if languages:
        return _q(
            "SELECT ?entity ?value WHERE { ?entity a owl:Ontology . "
            'VALUES ?value { "de" "en" } '
            f"FILTER NOT EXISTS {{ ?entity {predicate} ?v FILTER(LANG(?v) = ?value) }} }}"
        )
    condition = " FILTER(isIRI(?v))" if iri else ""
    return _q(
        "SELECT ?entity WHERE { ?entity a owl:Ontology . "
        f"FILTER NOT EXISTS {{ ?entity {predicate} ?v{condition} }} }}"
    )


def _per_language(predicate: str) -> str:
    """mpsc: terms without exactly one ``predicate`` value in German and in English."""
    return _q(
        'SELECT ?entity (CONCAT("@", ?lang, ": ", STR(COUNT(DISTINCT ?v))) AS ?value) WHERE { '
        'TERM(?entity) VALUES ?lang { "de" "en" } '
        f"OPTIONAL {{ ?entity {predicate} ?v FILTER(LANG(?v) = ?lang) }} }} "
        "GROUP BY ?entity ?lang HAVING (COUNT(DISTINCT ?v) != 1)"
    )


def _duplicates(predicate: str) -> str:
    """mpsc: terms sharing a ``predicate`` text (same language, ignoring case) with another."""
    return _q(
        f"SELECT DISTINCT ?entity ?value WHERE {{ ?entity {predicate} ?l . ?other {predicate} ?m . "
        "FILTER(?entity != ?other && isLiteral(?l) && isLiteral(?m) && LANG(?l) = LANG(?m) "
        "&& LCASE(STR(?l)) = LCASE(STR(?m))) "
        "TERM(?entity) TERM(?other) "
        "BIND(CONCAT('\"', STR(?l), '\"@', LANG(?l)) AS ?value) }"
    )


def _same_domain_and_range(kind: str) -> str:
    """mpsc: properties of ``kind`` whose domain and range are not the same named class."""
    return _q(
        f"SELECT ?entity WHERE {{ ?entity a {kind} . "
        "FILTER(isIRI(?entity) && STRSTARTS(STR(?entity), STR(mpsc:))) "
        "FILTER NOT EXISTS { ?entity rdfs:domain ?c ; rdfs:range ?c . FILTER(isIRI(?c)) } }"
    )


_OWL2_MAP = ", ".join(f"<{iri}>" for iri in sorted(OWL2_DATATYPES))
_FILE_EXTENSIONS = "owl|rdf|ttl|nt|nq|n3|trig|jsonld|json|xml|owx|ofn|omn|obo"
_PERSISTENT_HOSTS = r"w3id\\.org|purl\\.org|doi\\.org|data\\.europa\\.eu|purl\\.archive\\.org"
_MISC_LOCAL = "(^|[a-z0-9])(Other|Misc|Miscellaneous|Various|Sonstige)([A-Z0-9]|$)"
_MISC_LABEL = (
    "^(other|misc|miscellaneous|various|sonstige|sonstiges|sonstiger|andere|anderes|anderer"
    "|weitere|weiteres|weiterer)([ .]|$)"
)
# Built-in annotation properties: triples with them are no logical axioms.
_ANNOTATION_PREDICATES = (
    "rdfs:label, rdfs:comment, rdfs:seeAlso, rdfs:isDefinedBy, owl:versionInfo, "
    "owl:deprecated, owl:priorVersion, owl:backwardCompatibleWith, owl:incompatibleWith"
)


def _t(de: str, en: str) -> Text:
    return Text(de=de, en=en)


CHECKS: tuple[Check, ...] = (
    # -- files and OWL 2 DL ----------------------------------------------------------------------
    Check(
        "parse",
        _t("Turtle-Dateien lesbar", "Turtle files parse"),
        "error",
        ("checklist 1", "FOOPS! RDF1"),
        _t(
            "Datei nicht lesbar oder in rdflib und pyoxigraph verschieden: {value}",
            "file does not parse, or parses differently in rdflib and pyoxigraph: {value}",
        ),
    ),
    Check(
        "owl2-dl-profile",
        _t("OWL-2-DL-Profil (OWL API)", "OWL 2 DL profile (OWL API)"),
        "error",
        ("checklist 2", "FOOPS! RDF1", "ROBOT validate-profile DL"),
        _t(
            "verletzt das OWL-2-DL-Profil (OWL API): {value}",
            "violates the OWL 2 DL profile (OWL API): {value}",
        ),
        needs_java=True,
    ),
    Check(
        "tbox-consistency",
        _t(
            "Konsistenz und erfüllbare Klassen (HermiT)",
            "consistency, satisfiable classes (HermiT)",
        ),
        "error",
        ("checklist 3", "ROBOT reason"),
        _t(
            "HermiT findet die Ontologie inkonsistent oder eine Klasse unerfüllbar, oder "
            "bricht ab: {value}",
            "HermiT finds the ontology inconsistent or a class unsatisfiable, or aborts: {value}",
        ),
        needs_java=True,
    ),
    # -- header ----------------------------------------------------------------------------------
    Check(
        "ontology-declaration",
        _t("genau eine owl:Ontology", "exactly one owl:Ontology"),
        "error",
        ("OOPS! P38", "FOOPS! URI2", "checklist 5"),
        _t(
            "die Ontologie-Dateien deklarieren {value}-mal owl:Ontology, erwartet genau einmal",
            "the ontology files declare owl:Ontology {value} time(s), expected exactly once",
        ),
        _q(
            "SELECT ?entity ?value WHERE { "
            "{ SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?o a owl:Ontology } } "
            "FILTER(?n != 1) OPTIONAL { ?entity a owl:Ontology } BIND(STR(?n) AS ?value) }"
        ),
    ),
    Check(
        "header-title",
        _t("Titel de und en", "title de and en"),
        "error",
        ("FOOPS! OM1", "ROBOT missing_ontology_title", "checklist 5"),
        _t(
            "im Ontologie-Kopf fehlt dcterms:title auf @{value}",
            "the ontology header lacks dcterms:title in @{value}",
        ),
        _header("dcterms:title", languages=True),
    ),
    Check(
        "header-description",
        _t("Beschreibung de und en", "description de and en"),
        "error",
        ("FOOPS! OM1", "ROBOT missing_ontology_description", "checklist 5"),
        _t(
            "im Ontologie-Kopf fehlt dcterms:description auf @{value}",
            "the ontology header lacks dcterms:description in @{value}",
        ),
        _header("dcterms:description", languages=True),
    ),
    Check(
        "header-license",
        _t("Lizenz", "licence"),
        "error",
        (
            "OOPS! P41",
            "FOOPS! OM1",
            "FOOPS! OM4.1",
            "ROBOT missing_ontology_license",
            "checklist 5",
        ),
        _t(
            "im Ontologie-Kopf fehlt dcterms:license mit der IRI einer Lizenz, z. B. "
            "<https://creativecommons.org/licenses/by/4.0/>",
            "the ontology header lacks dcterms:license with the IRI of a licence, e.g. "
            "<https://creativecommons.org/licenses/by/4.0/>",
        ),
        _header("dcterms:license", iri=True),
    ),
    Check(
        "header-creator",
        _t("Urheber", "creator"),
        "error",
        ("FOOPS! OM1", "FOOPS! OM5.1", "checklist 5"),
        _t("im Ontologie-Kopf fehlt dcterms:creator", "the ontology header lacks dcterms:creator"),
        _header("dcterms:creator"),
    ),
    Check(
        "header-publisher",
        _t("Herausgeber", "publisher"),
        "error",
        ("FOOPS! OM3", "FOOPS! OM5.2", "checklist 5"),
        _t(
            "im Ontologie-Kopf fehlt dcterms:publisher",
            "the ontology header lacks dcterms:publisher",
        ),
        _header("dcterms:publisher"),
    ),
    Check(
        "header-dates",
        _t("Erstellungs- und Veröffentlichungsdatum", "creation and issue date"),
        "error",
        ("FOOPS! OM2", "FOOPS! OM5.1", "FOOPS! OM5.2", "checklist 5"),
        _t("im Ontologie-Kopf fehlt {value}", "the ontology header lacks {value}"),
        _q(
            "SELECT ?entity ?value WHERE { ?entity a owl:Ontology . "
            "VALUES ?value { dcterms:created dcterms:issued } "
            "FILTER NOT EXISTS { ?entity ?value ?v } }"
        ),
    ),
    Check(
        "header-version-iri",
        _t("Versions-IRI", "version IRI"),
        "error",
        ("FOOPS! VER1", "FOOPS! OM1", "checklist 5"),
        _t(
            "owl:versionIRI fehlt oder ist gleich der Ontologie-IRI; sie muss eine eigene IRI "
            "sein, z. B. <…/ontology/0.1.0>",
            "owl:versionIRI is missing or equals the ontology IRI; it must be an IRI of its own, "
            "e.g. <…/ontology/0.1.0>",
        ),
        _q(
            "SELECT ?entity WHERE { ?entity a owl:Ontology . "
            "OPTIONAL { ?entity owl:versionIRI ?v } FILTER(!BOUND(?v) || ?v = ?entity) }"
        ),
    ),
    Check(
        "header-version-info",
        _t("Versionsangabe", "version info"),
        "error",
        ("FOOPS! OM2", "checklist 5"),
        _t(
            "owl:versionInfo fehlt oder ist keine semantische Version X.Y.Z (gefunden: {value})",
            "owl:versionInfo is missing or not a semantic version X.Y.Z (found: {value})",
        ),
        _q(
            "SELECT ?entity ?value WHERE { ?entity a owl:Ontology . "
            "OPTIONAL { ?entity owl:versionInfo ?value } "
            r'FILTER(!BOUND(?value) || !REGEX(STR(?value), "^[0-9]+\\.[0-9]+\\.[0-9]+$")) }'
        ),
    ),
    Check(
        "header-prefix",
        _t("bevorzugtes Präfix", "preferred prefix"),
        "error",
        ("FOOPS! FIND1", "FOOPS! OM2", "checklist 5"),
        _t(
            "im Ontologie-Kopf fehlt vann:preferredNamespacePrefix",
            "the ontology header lacks vann:preferredNamespacePrefix",
        ),
        _header("vann:preferredNamespacePrefix"),
    ),
    Check(
        "header-namespace",
        _t("bevorzugter Namensraum", "preferred namespace"),
        "error",
        ("FOOPS! OM1", "checklist 5"),
        _t(
            "im Ontologie-Kopf fehlt vann:preferredNamespaceUri",
            "the ontology header lacks vann:preferredNamespaceUri",
        ),
        _header("vann:preferredNamespaceUri"),
    ),
    Check(
        "header-citation",
        _t("Zitierweise", "citation"),
        "error",
        ("FOOPS! OM2", "checklist 5"),
        _t(
            "im Ontologie-Kopf fehlt dcterms:bibliographicCitation",
            "the ontology header lacks dcterms:bibliographicCitation",
        ),
        _header("dcterms:bibliographicCitation"),
    ),
    Check(
        "header-status",
        _t("Status", "status"),
        "warning",
        ("FOOPS! OM3",),
        _t(
            "im Ontologie-Kopf fehlt bibo:status (z. B. bibo:status/draft)",
            "the ontology header lacks bibo:status (e.g. bibo:status/draft)",
        ),
        _header("bibo:status"),
    ),
    Check(
        "persistent-iri",
        _t("persistente Ontologie-IRI", "persistent ontology IRI"),
        "warning",
        ("FOOPS! PURL1", "FOOPS! HTTP1"),
        _t(
            "die Ontologie- oder Versions-IRI {value} ist keine persistente HTTP(S)-IRI "
            "(w3id.org, purl.org, doi.org, data.europa.eu)",
            "the ontology or version IRI {value} is not a persistent HTTP(S) IRI (w3id.org, "
            "purl.org, doi.org, data.europa.eu)",
        ),
        _q(
            "SELECT ?entity ?value WHERE { "
            "{ ?entity a owl:Ontology . BIND(STR(?entity) AS ?value) } UNION "
            "{ ?entity a owl:Ontology ; owl:versionIRI ?v . BIND(STR(?v) AS ?value) } "
            f'FILTER(!REGEX(?value, "^https?://({_PERSISTENT_HOSTS})/")) }}'
        ),
    ),
    Check(
        "ambiguous-namespace",
        _t("eindeutiger Namensraum", "unambiguous namespace"),
        "error",
        ("OOPS! P39", "checklist 5"),
        _t(
            "passt nicht zu vann:preferredNamespaceUri {value}: der Namensraum ist die "
            "Ontologie-IRI mit '#' oder '/', und alle Terme der Ontologie liegen in ihm",
            "does not fit vann:preferredNamespaceUri {value}: the namespace is the ontology IRI "
            "plus '#' or '/', and every term of the ontology lies in it",
        ),
        _q(
            "SELECT DISTINCT ?entity ?value WHERE { "
            "{ ?entity a owl:Ontology ; vann:preferredNamespaceUri ?ns . "
            'FILTER(STR(?ns) != CONCAT(STR(?entity), "#") '
            '&& STR(?ns) != CONCAT(STR(?entity), "/")) } '
            "UNION { ?o a owl:Ontology ; vann:preferredNamespaceUri ?ns . ?entity a ?kind . "
            "VALUES ?kind { owl:Class owl:ObjectProperty owl:DatatypeProperty "
            "owl:AnnotationProperty owl:NamedIndividual rdfs:Datatype } "
            "FILTER(isIRI(?entity) && STRSTARTS(STR(?entity), STR(?o)) "
            "&& !STRSTARTS(STR(?entity), STR(?ns))) } "
            "BIND(STR(?ns) AS ?value) }"
        ),
    ),
    # -- labels and definitions ------------------------------------------------------------------
    Check(
        "label-per-language",
        _t("genau ein Label je Sprache", "exactly one label per language"),
        "error",
        ("OOPS! P08", "FOOPS! VOC3", "ROBOT missing_label", "ROBOT multiple_labels", "checklist 6"),
        _t(
            "braucht genau ein rdfs:label auf Deutsch (@de) und eines auf Englisch (@en); "
            "gefunden {value}",
            "needs exactly one rdfs:label in German (@de) and one in English (@en); found {value}",
        ),
        _per_language("rdfs:label"),
    ),
    Check(
        "definition-per-language",
        _t("genau eine Definition je Sprache", "exactly one definition per language"),
        "error",
        (
            "OOPS! P08",
            "FOOPS! VOC4",
            "ROBOT missing_definition",
            "ROBOT multiple_definitions",
            "checklist 7",
        ),
        _t(
            "braucht genau eine skos:definition auf Deutsch (@de) und eine auf Englisch (@en); "
            "gefunden {value}",
            "needs exactly one skos:definition in German (@de) and one in English (@en); "
            "found {value}",
        ),
        _per_language("skos:definition"),
    ),
    Check(
        "annotation-language",
        _t("Labels und Definitionen @de oder @en", "labels and definitions @de or @en"),
        "error",
        ("profile 2.3", "checklist 6"),
        _t(
            "rdfs:label und skos:definition brauchen den Sprach-Tag @de oder @en: {value}",
            "rdfs:label and skos:definition need the language tag @de or @en: {value}",
        ),
        _q(
            "SELECT DISTINCT ?entity ?value WHERE { TERM(?entity) ?entity ?p ?l . "
            "VALUES ?p { rdfs:label skos:definition } "
            'FILTER(!isLiteral(?l) || !(LANG(?l) IN ("de", "en"))) '
            "BIND(IF(isLiteral(?l) && LANG(?l) != \"\", CONCAT('\"', STR(?l), '\"@', LANG(?l)), "
            "CONCAT('\"', STR(?l), '\"')) AS ?value) }"
        ),
    ),
    Check(
        "label-whitespace",
        _t("Leerraum in Labels", "whitespace in labels"),
        "error",
        ("ROBOT label_whitespace", "ROBOT label_formatting", "checklist 9"),
        _t(
            "Label mit Leerraum am Anfang oder Ende, doppeltem Leerzeichen, Tab oder "
            "Zeilenumbruch: {value}",
            "label with leading or trailing whitespace, a double space, a tab or a line "
            "break: {value}",
        ),
        _q(
            "SELECT DISTINCT ?entity ?value WHERE { ?entity rdfs:label ?l . "
            r'FILTER(isLiteral(?l) && (STR(?l) = "" '
            r'|| REGEX(STR(?l), "^\\s|\\s$|\\s\\s|[\\t\\n\\r]"))) '
            "BIND(CONCAT('\"', STR(?l), '\"') AS ?value) }"
        ),
    ),
    Check(
        "annotation-whitespace",
        _t("Leerraum in Annotationen", "whitespace in annotations"),
        "warning",
        ("ROBOT annotation_whitespace", "checklist 9"),
        _t(
            "der Wert von {value} beginnt oder endet mit Leerraum",
            "the value of {value} begins or ends with whitespace",
        ),
        _q(
            "SELECT DISTINCT ?entity ?value WHERE { ?entity ?p ?l . "
            r'FILTER(?p != rdfs:label && isLiteral(?l) && REGEX(STR(?l), "^\\s|\\s$")) '
            "BIND(STR(?p) AS ?value) }"
        ),
    ),
    Check(
        "duplicate-label",
        _t("doppelte Labels", "duplicate labels"),
        "error",
        ("OOPS! P32", "ROBOT duplicate_label", "checklist 9"),
        _t(
            "ein anderer Term hat dasselbe rdfs:label {value}",
            "another term has the same rdfs:label {value}",
        ),
        _duplicates("rdfs:label"),
    ),
    Check(
        "duplicate-definition",
        _t("doppelte Definitionen", "duplicate definitions"),
        "error",
        ("ROBOT duplicate_definition", "checklist 9"),
        _t(
            "ein anderer Term hat dieselbe skos:definition {value}",
            "another term has the same skos:definition {value}",
        ),
        _duplicates("skos:definition"),
    ),
    Check(
        "label-definition-swapped",
        _t("Label und Definition vertauscht", "label and definition swapped"),
        "warning",
        ("OOPS! P20",),
        _t(
            "die skos:definition auf {value} ist nicht länger als das rdfs:label: vertauscht "
            "oder keine Definition",
            "the skos:definition in {value} is not longer than the rdfs:label: swapped, or not "
            "a definition",
        ),
        _q(
            "SELECT DISTINCT ?entity ?value WHERE { TERM(?entity) "
            "?entity rdfs:label ?l ; skos:definition ?d . "
            "FILTER(LANG(?l) = LANG(?d) && STRLEN(STR(?d)) <= STRLEN(STR(?l))) "
            'BIND(CONCAT("@", LANG(?l)) AS ?value) }'
        ),
    ),
    Check(
        "is-defined-by",
        _t("rdfs:isDefinedBy", "rdfs:isDefinedBy"),
        "error",
        ("profile 2.3", "checklist 8"),
        _t(
            "rdfs:isDefinedBy muss genau die Ontologie-IRI sein (gefunden: {value})",
            "rdfs:isDefinedBy must be exactly the ontology IRI (found: {value})",
        ),
        _q(
            "SELECT DISTINCT ?entity ?value WHERE { TERM(?entity) ?o a owl:Ontology . "
            "OPTIONAL { ?entity rdfs:isDefinedBy ?d } FILTER(!BOUND(?d) || ?d != ?o) "
            'BIND(COALESCE(STR(?d), "—") AS ?value) }'
        ),
    ),
    # -- names and IRIs --------------------------------------------------------------------------
    Check(
        "naming-class",
        _t("Klassen in UpperCamelCase", "classes in UpperCamelCase"),
        "error",
        ("OOPS! P22", "checklist 8"),
        _t(
            "Klassennamen sind englisches UpperCamelCase ([A-Z][A-Za-z0-9]*): {value}",
            "class names are English UpperCamelCase ([A-Z][A-Za-z0-9]*): {value}",
        ),
        _q(
            "SELECT ?entity ?value WHERE { CLASS(?entity) "
            "BIND(STRAFTER(STR(?entity), STR(mpsc:)) AS ?value) "
            'FILTER(!REGEX(?value, "^[A-Z][A-Za-z0-9]*$")) }'
        ),
    ),
    Check(
        "naming-property",
        _t("Properties in lowerCamelCase", "properties in lowerCamelCase"),
        "error",
        ("OOPS! P22", "checklist 8"),
        _t(
            "Property-Namen sind englisches lowerCamelCase ([a-z][A-Za-z0-9]*): {value}",
            "property names are English lowerCamelCase ([a-z][A-Za-z0-9]*): {value}",
        ),
        _q(
            "SELECT ?entity ?value WHERE { ANYPROP(?entity) "
            "BIND(STRAFTER(STR(?entity), STR(mpsc:)) AS ?value) "
            'FILTER(!REGEX(?value, "^[a-z][A-Za-z0-9]*$")) }'
        ),
    ),
    Check(
        "iri-file-extension",
        _t("keine Dateiendung in IRIs", "no file extension in IRIs"),
        "warning",
        ("OOPS! P36",),
        _t(
            "die IRI enthält eine Dateiendung (.owl, .ttl …); IRIs bleiben unabhängig vom Format",
            "the IRI contains a file extension (.owl, .ttl …); IRIs stay independent of the format",
        ),
        _q(
            "SELECT DISTINCT ?entity WHERE { "
            "{ ?entity a owl:Ontology } UNION { ?o a owl:Ontology ; owl:versionIRI ?entity } "
            "UNION { OWN_ENTITY(?entity) } "
            f'FILTER(isIRI(?entity) && REGEX(STR(?entity), "\\\\.({_FILE_EXTENSIONS})([#/?]|$)", '
            '"i")) }'
        ),
    ),
    Check(
        "is-relationship",
        _t("keine „is“-Property", 'no "is" property'),
        "error",
        ("OOPS! P03",),
        _t(
            "eine Property „is“/„isA“ statt rdfs:subClassOf, rdf:type oder owl:sameAs",
            'an "is"/"isA" property instead of rdfs:subClassOf, rdf:type or owl:sameAs',
        ),
        _q(
            "SELECT ?entity WHERE { ANYPROP(?entity) "
            'FILTER(REGEX(STRAFTER(STR(?entity), STR(mpsc:)), "^(is|isa|is_a|is-a|isan)$", "i")) }'
        ),
    ),
    Check(
        "merged-concepts",
        _t("keine zusammengelegten Begriffe", "no merged concepts"),
        "warning",
        ("OOPS! P07",),
        _t(
            "der Klassenname verbindet zwei Begriffe mit And/Or: {value}",
            "the class name joins two concepts with And/Or: {value}",
        ),
        _q(
            "SELECT ?entity ?value WHERE { CLASS(?entity) "
            "BIND(STRAFTER(STR(?entity), STR(mpsc:)) AS ?value) "
            'FILTER(REGEX(?value, "[a-z0-9](And|Or|Und|Oder)[A-Z]")) }'
        ),
    ),
    Check(
        "misc-class",
        _t("keine Sammelklasse „Sonstiges“", 'no "miscellaneous" class'),
        "warning",
        ("OOPS! P21",),
        _t(
            "eine Sammelklasse („Sonstige…“, „Other…“): {value}; besser SKOS-Begriffe",
            'a miscellaneous class ("Other…", "Misc…"): {value}; use SKOS concepts instead',
        ),
        _q(
            "SELECT DISTINCT ?entity ?value WHERE { CLASS(?entity) "
            "BIND(STRAFTER(STR(?entity), STR(mpsc:)) AS ?local) "
            f'OPTIONAL {{ ?entity rdfs:label ?l FILTER(REGEX(STR(?l), "{_MISC_LABEL}", "i")) }} '
            f'FILTER(REGEX(?local, "{_MISC_LOCAL}") || BOUND(?l)) '
            "BIND(COALESCE(CONCAT('\"', STR(?l), '\"@', LANG(?l)), ?local) AS ?value) }"
        ),
    ),
    # -- properties ------------------------------------------------------------------------------
    Check(
        "domain-range-missing",
        _t("Domain und Range vorhanden", "domain and range present"),
        "error",
        ("OOPS! P11", "checklist 8"),
        _t("{value} fehlt", "{value} is missing"),
        _q(
            "SELECT ?entity ?value WHERE { PROP(?entity) VALUES ?value { rdfs:domain rdfs:range } "
            "FILTER NOT EXISTS { ?entity ?value ?x } }"
        ),
    ),
    Check(
        "domain-range-multiple",
        _t("höchstens eine Domain und Range", "at most one domain and range"),
        "error",
        ("OOPS! P19", "checklist 8"),
        _t(
            "mehrere Werte für {value}; für mehrere Klassen eine owl:unionOf-Klasse verwenden",
            "several values of {value}; use one owl:unionOf class for several classes",
        ),
        _q(
            'SELECT ?entity (CONCAT(STR(?p), " (", STR(COUNT(DISTINCT ?x)), ")") AS ?value) '
            "WHERE { PROP(?entity) VALUES ?p { rdfs:domain rdfs:range } ?entity ?p ?x } "
            "GROUP BY ?entity ?p HAVING (COUNT(DISTINCT ?x) > 1)"
        ),
    ),
    Check(
        "datatype-range",
        _t("Ranges in der OWL-2-Datentypliste", "ranges in the OWL 2 datatype map"),
        "error",
        ("checklist 4",),
        _t(
            "rdfs:range {value} gehört nicht zur OWL-2-Datentypliste (HermiT bricht ab); "
            "xsd:integer statt xsd:gYear, kein Range für Datumsangaben",
            "rdfs:range {value} is not in the OWL 2 datatype map (HermiT aborts); use "
            "xsd:integer instead of xsd:gYear, and no range for dates",
        ),
        _q(
            "SELECT DISTINCT ?entity ?value WHERE { ?entity rdfs:range ?value . "
            "FILTER(isIRI(?value) && (STRSTARTS(STR(?value), STR(xsd:)) || ?value = rdf:langString)"
            f" && !(?value IN ({_OWL2_MAP}))) }}"
        ),
    ),
    Check(
        "wrong-inverse",
        _t("stimmige inverse Properties", "matching inverse properties"),
        "error",
        ("OOPS! P05",),
        _t(
            "owl:inverseOf {value}, aber Domain und Range passen nicht zueinander",
            "owl:inverseOf {value}, but their domains and ranges do not match",
        ),
        _q(
            "SELECT DISTINCT ?entity ?value WHERE { "
            "{ ?entity owl:inverseOf ?value } UNION { ?value owl:inverseOf ?entity } "
            "FILTER(?entity != ?value) "
            "{ ?entity rdfs:domain ?d . ?value rdfs:range ?r . "
            "FILTER(isIRI(?d) && isIRI(?r) && ?d != ?r) } UNION "
            "{ ?entity rdfs:range ?r . ?value rdfs:domain ?d . "
            "FILTER(isIRI(?d) && isIRI(?r) && ?d != ?r) } }"
        ),
    ),
    Check(
        "self-inverse",
        _t("keine zu sich selbst inverse Property", "no property inverse to itself"),
        "error",
        ("OOPS! P25",),
        _t(
            "ist zu sich selbst invers; gemeint ist wohl owl:SymmetricProperty",
            "is the inverse of itself; owl:SymmetricProperty is probably meant",
        ),
        _q("SELECT DISTINCT ?entity WHERE { ?entity owl:inverseOf ?entity }"),
    ),
    Check(
        "symmetric-inverse",
        _t("keine Inverse zu symmetrischen Properties", "no inverse of a symmetric property"),
        "error",
        ("OOPS! P26",),
        _t(
            "ist symmetrisch und hat trotzdem die Inverse {value}",
            "is symmetric and still has the inverse {value}",
        ),
        _q(
            "SELECT DISTINCT ?entity ?value WHERE { ?entity a owl:SymmetricProperty . "
            "{ ?entity owl:inverseOf ?value } UNION { ?value owl:inverseOf ?entity } "
            "FILTER(?value != ?entity) }"
        ),
    ),
    Check(
        "symmetric-property",
        _t("symmetrisch nur bei gleicher Domain und Range", "symmetric only if domain = range"),
        "error",
        ("OOPS! P28",),
        _t(
            "ist symmetrisch, aber Domain und Range sind nicht dieselbe Klasse",
            "is symmetric, but its domain and range are not the same class",
        ),
        _same_domain_and_range("owl:SymmetricProperty"),
    ),
    Check(
        "transitive-property",
        _t("transitiv nur bei gleicher Domain und Range", "transitive only if domain = range"),
        "error",
        ("OOPS! P29",),
        _t(
            "ist transitiv, aber Domain und Range sind nicht dieselbe Klasse; Ketten würden "
            "falsche Typen ableiten",
            "is transitive, but its domain and range are not the same class; chains would "
            "infer wrong types",
        ),
        _same_domain_and_range("owl:TransitiveProperty"),
    ),
    Check(
        "property-chain-single",
        _t("Property-Ketten mit mehr als einem Glied", "property chains of more than one link"),
        "warning",
        ("OOPS! P33",),
        _t(
            "owl:propertyChainAxiom mit nur einer Property; gemeint ist rdfs:subPropertyOf",
            "owl:propertyChainAxiom with a single property; rdfs:subPropertyOf is meant",
        ),
        _q(
            "SELECT DISTINCT ?entity WHERE { ?entity owl:propertyChainAxiom ?l . "
            "?l rdf:rest rdf:nil }"
        ),
    ),
    Check(
        "missing-inverse",
        _t("inverse Properties", "inverse properties"),
        "info",
        ("OOPS! P13",),
        _t(
            "Objekt-Property ohne owl:inverseOf; abfragen mit ^Property (gewollt, wo nur eine "
            "Richtung gespeichert wird)",
            "object property without owl:inverseOf; query it with ^property (intended where "
            "only one direction is stored)",
        ),
        _q(
            "SELECT ?entity WHERE { OBJPROP(?entity) "
            "FILTER NOT EXISTS { ?entity owl:inverseOf ?i } "
            "FILTER NOT EXISTS { ?j owl:inverseOf ?entity } "
            "FILTER NOT EXISTS { ?entity a owl:SymmetricProperty } }"
        ),
    ),
    # -- classes ---------------------------------------------------------------------------------
    Check(
        "subclass-cycle",
        _t("keine Zyklen in der Klassenhierarchie", "no cycles in the class hierarchy"),
        "error",
        ("OOPS! P06", "checklist 3"),
        _t(
            "ist über rdfs:subClassOf Unterklasse von sich selbst",
            "is a subclass of itself through rdfs:subClassOf",
        ),
        _q(
            "SELECT DISTINCT ?entity WHERE { ?entity rdfs:subClassOf+ ?entity "
            "FILTER(isIRI(?entity)) }"
        ),
    ),
    Check(
        "recursive-definition",
        _t("keine rekursiven Definitionen", "no recursive definitions"),
        "error",
        ("OOPS! P24",),
        _t(
            "kommt in seiner eigenen owl:equivalentClass-Definition vor",
            "occurs in its own owl:equivalentClass definition",
        ),
    ),
    Check(
        "external-equivalence",
        _t("keine Äquivalenz zu externen Vokabularen", "no equivalence to external vocabularies"),
        "error",
        ("OOPS! P27", "OOPS! P31", "policy"),
        _t(
            "Äquivalenz zu {value}; externe Begriffe werden mit rdfs:subClassOf/subPropertyOf "
            "oder SKOS-Mappings angebunden",
            "equivalence with {value}; external terms are linked with rdfs:subClassOf/"
            "subPropertyOf or SKOS mappings",
        ),
        _q(
            "SELECT DISTINCT ?entity ?value WHERE { "
            "{ ?entity ?p ?value } UNION { ?value ?p ?entity } "
            "VALUES ?p { owl:equivalentClass owl:equivalentProperty owl:sameAs } "
            "FILTER(isIRI(?entity) && isIRI(?value) && STRSTARTS(STR(?entity), STR(mpsc:)) "
            "&& !STRSTARTS(STR(?value), STR(mpsc:))) }"
        ),
    ),
    Check(
        "missing-disjointness",
        _t("disjunkte Geschwisterklassen", "disjoint sibling classes"),
        "warning",
        ("OOPS! P10",),
        _t(
            "ist nicht als disjunkt zur Geschwisterklasse {value} erklärt",
            "is not declared disjoint with its sibling class {value}",
        ),
        _q(
            "SELECT DISTINCT ?entity ?value WHERE { "
            "?entity rdfs:subClassOf ?parent . ?value rdfs:subClassOf ?parent . "
            "FILTER(isIRI(?entity) && isIRI(?value) && STR(?entity) < STR(?value) "
            "&& isIRI(?parent) && STRSTARTS(STR(?parent), STR(mpsc:))) "
            "FILTER NOT EXISTS { ?entity rdfs:subClassOf* ?x . ?value rdfs:subClassOf* ?y . "
            "FILTER(?x != ?y) "
            "{ ?x owl:disjointWith ?y } UNION { ?y owl:disjointWith ?x } UNION "
            "{ ?d owl:members/rdf:rest*/rdf:first ?x . ?d owl:members/rdf:rest*/rdf:first ?y } "
            "UNION { ?d owl:disjointUnionOf/rdf:rest*/rdf:first ?x . "
            "?d owl:disjointUnionOf/rdf:rest*/rdf:first ?y } } }"
        ),
    ),
    Check(
        "unconnected-class",
        _t("keine unverbundenen Klassen", "no unconnected classes"),
        "warning",
        ("OOPS! P04", "ROBOT missing_superclass"),
        _t(
            "die Klasse hängt an nichts: keine Oberklasse, keine Unterklasse, in keinem Axiom",
            "the class is connected to nothing: no super class, no subclass, in no axiom",
        ),
        _q(
            "SELECT ?entity WHERE { CLASS(?entity) "
            "FILTER NOT EXISTS { ?entity ?p ?o . VALUES ?p { rdfs:subClassOf owl:equivalentClass "
            "owl:disjointWith owl:disjointUnionOf owl:hasKey } } "
            "FILTER NOT EXISTS { ?s ?q ?entity . FILTER(?s != ?entity "
            "&& !(?q IN (rdfs:isDefinedBy, rdfs:seeAlso, dcterms:isReplacedBy))) } }"
        ),
    ),
    # -- declarations and use --------------------------------------------------------------------
    Check(
        "undeclared-class",
        _t("deklarierte Klassen", "declared classes"),
        "error",
        ("OOPS! P34", "checklist 2", "checklist 11"),
        _t(
            "wird als Klasse verwendet, ist aber nicht als owl:Class deklariert (OWL 2 DL "
            "braucht die Deklaration)",
            "is used as a class but not declared as owl:Class (OWL 2 DL needs the declaration)",
        ),
        _q(
            "SELECT DISTINCT ?entity WHERE { "
            "{ ?s rdf:type ?entity } "
            "UNION { ?s ?p ?entity . VALUES ?p { rdfs:subClassOf owl:equivalentClass "
            "owl:disjointWith owl:complementOf rdfs:domain owl:onClass } } "
            "UNION { ?entity ?p ?o . VALUES ?p { rdfs:subClassOf owl:equivalentClass "
            "owl:disjointWith owl:disjointUnionOf owl:hasKey } } "
            "UNION { ?s ?p ?l . VALUES ?p { owl:unionOf owl:intersectionOf owl:members "
            "owl:disjointUnionOf } ?l rdf:rest*/rdf:first ?entity . "
            "FILTER NOT EXISTS { ?s a owl:AllDifferent } } "
            "UNION { ?prop rdfs:range ?entity . FILTER NOT EXISTS { ?prop a ?pk . "
            "VALUES ?pk { owl:DatatypeProperty owl:AnnotationProperty } } } "
            "UNION { ?r owl:someValuesFrom|owl:allValuesFrom ?entity ; owl:onProperty ?prop . "
            "FILTER NOT EXISTS { ?prop a owl:DatatypeProperty } } "
            "NOTBUILTIN(?entity) "
            "FILTER NOT EXISTS { ?entity a ?k . VALUES ?k { owl:Class rdfs:Datatype } } }"
        ),
    ),
    Check(
        "undeclared-property",
        _t("deklarierte Properties", "declared properties"),
        "error",
        ("OOPS! P35", "checklist 2", "checklist 11"),
        _t(
            "wird als Property verwendet, ist aber nicht als owl:ObjectProperty, "
            "owl:DatatypeProperty oder owl:AnnotationProperty deklariert",
            "is used as a property but not declared as owl:ObjectProperty, "
            "owl:DatatypeProperty or owl:AnnotationProperty",
        ),
        _q(
            "SELECT DISTINCT ?entity WHERE { "
            "{ ?s ?entity ?o } "
            "UNION { ?s ?p ?entity . VALUES ?p { rdfs:subPropertyOf owl:inverseOf owl:onProperty "
            "owl:equivalentProperty owl:propertyDisjointWith } } "
            "UNION { ?entity ?p ?o . VALUES ?p { rdfs:subPropertyOf rdfs:domain rdfs:range "
            "owl:inverseOf owl:equivalentProperty owl:propertyDisjointWith "
            "owl:propertyChainAxiom } } "
            "UNION { ?s owl:propertyChainAxiom/rdf:rest*/rdf:first ?entity } "
            "NOTBUILTIN(?entity) "
            "FILTER NOT EXISTS { ?entity a ?k . VALUES ?k { owl:ObjectProperty "
            "owl:DatatypeProperty owl:AnnotationProperty } } }"
        ),
    ),
    Check(
        "unused-term",
        _t("ungenutzte Terme", "unused terms"),
        "info",
        ("policy",),
        _t(
            "deklariert, aber kein logisches Axiom der Ontologie und keine Shape verwendet den "
            "Term (nur Deklaration und Annotationen)",
            "declared, but no logical axiom of the ontology and no shape uses the term (only "
            "its declaration and annotations)",
        ),
        _q(
            "SELECT ?entity WHERE { TERM(?entity) "
            "FILTER NOT EXISTS { ?entity ?p ?o . "
            f"FILTER(?p != rdf:type && !(?p IN ({_ANNOTATION_PREDICATES}))) "
            "FILTER NOT EXISTS { ?p a owl:AnnotationProperty } } "
            "FILTER NOT EXISTS { ?s ?p ?entity . "
            f"FILTER(?s != ?entity && !(?p IN ({_ANNOTATION_PREDICATES}))) "
            "FILTER NOT EXISTS { ?p a owl:AnnotationProperty } } "
            "FILTER NOT EXISTS { ?s ?entity ?o } "
            "FILTER NOT EXISTS { GRAPH SHAPES { { ?s ?p ?entity } UNION { ?s ?entity ?o } "
            "UNION { ?entity ?p ?o } } } "
            "FILTER NOT EXISTS { GRAPH SHAPES { ?q ?sp ?text . "
            "VALUES ?sp { sh:select sh:ask sh:construct sh:update } "
            "FILTER(CONTAINS(STR(?text), STR(?entity)) || REGEX(STR(?text), "
            'CONCAT("mpsc:", STRAFTER(STR(?entity), STR(mpsc:)), "([^A-Za-z0-9_-]|$)"))) } } }'
        ),
    ),
    Check(
        "deprecated-replacement",
        _t("Ersatz für veraltete Terme", "replacement of deprecated terms"),
        "error",
        ("checklist 12",),
        _t(
            "ist owl:deprecated, nennt aber keinen Ersatz mit dcterms:isReplacedBy",
            "is owl:deprecated but names no replacement with dcterms:isReplacedBy",
        ),
        _q(
            f"SELECT DISTINCT ?entity WHERE {{ ?entity owl:deprecated ?d . FILTER{DEPRECATED} "
            "FILTER NOT EXISTS { ?entity dcterms:isReplacedBy ?r } }"
        ),
    ),
    Check(
        "deprecated-reference",
        _t("keine Verwendung veralteter Terme", "no use of deprecated terms"),
        "error",
        (
            "ROBOT deprecated_class_reference",
            "ROBOT deprecated_property_reference",
            "checklist 12",
        ),
        _t(
            "ist owl:deprecated, wird aber noch verwendet von {value}",
            "is owl:deprecated but still used by {value}",
        ),
        _q(
            f"SELECT DISTINCT ?entity ?value WHERE {{ ?entity owl:deprecated ?d . "
            f"FILTER{DEPRECATED} "
            "{ ?value ?p ?entity . FILTER(!(?p IN (dcterms:isReplacedBy, dcterms:replaces, "
            "rdfs:seeAlso))) } UNION { ?value ?entity ?o } "
            "UNION { GRAPH SHAPES { { ?value ?p ?entity } UNION { ?value ?entity ?o } } } "
            "FILTER(?value != ?entity) "
            "FILTER NOT EXISTS { ?value owl:deprecated true } }"
        ),
    ),
    # -- shapes ----------------------------------------------------------------------------------
    Check(
        "shape-target-class",
        _t("Shapes zielen auf deklarierte Klassen", "shapes target declared classes"),
        "error",
        ("shapes ↔ ontology",),
        _t(
            "steht in sh:targetClass oder sh:class (Shape {value}), ist in der Ontologie aber "
            "nicht als owl:Class deklariert",
            "is named by sh:targetClass or sh:class (shape {value}) but not declared as "
            "owl:Class in the ontology",
        ),
        _q(
            "SELECT DISTINCT ?entity ?value WHERE { GRAPH SHAPES { ?shape ?p ?entity . "
            "VALUES ?p { sh:targetClass sh:class } BIND(?shape AS ?value) } "
            "NOTBUILTIN(?entity) FILTER NOT EXISTS { ?entity a owl:Class } }"
        ),
        scope="shapes",
    ),
    Check(
        "shape-path-property",
        _t("Shape-Pfade über deklarierte Properties", "shape paths use declared properties"),
        "error",
        ("shapes ↔ ontology",),
        _t(
            "steht in sh:path oder sh:targetSubjectsOf/ObjectsOf (Shape {value}), ist in der "
            "Ontologie aber nicht als Property deklariert",
            "is named by sh:path or sh:targetSubjectsOf/ObjectsOf (shape {value}) but not "
            "declared as a property in the ontology",
        ),
        _q(
            "SELECT DISTINCT ?entity ?value WHERE { GRAPH SHAPES { "
            "{ ?shape sh:path ?path . ?path (rdf:rest|rdf:first|sh:inversePath|"
            "sh:alternativePath|sh:zeroOrMorePath|sh:oneOrMorePath|sh:zeroOrOnePath)* ?entity } "
            "UNION { ?shape sh:targetSubjectsOf|sh:targetObjectsOf ?entity } "
            "BIND(?shape AS ?value) } "
            "NOTBUILTIN(?entity) "
            "FILTER NOT EXISTS { ?entity a ?k . VALUES ?k { owl:ObjectProperty "
            "owl:DatatypeProperty owl:AnnotationProperty } } }"
        ),
        scope="shapes",
    ),
    Check(
        "shapes-meta-shacl",
        _t("Shapes sind gültiges SHACL", "shapes are valid SHACL"),
        "error",
        ("checklist 13",),
        _t(
            "die Shape ist kein gültiges SHACL (SHACL-SHACL): {value}",
            "the shape is not valid SHACL (SHACL-SHACL): {value}",
        ),
        scope="shapes",
    ),
)

CHECKS_BY_ID = {check.id: check for check in CHECKS}


Importance = Literal["critical", "important", "minor"]


@dataclass(frozen=True)
class OopsPitfall:
    code: str
    name: str
    importance: Importance | None  # as in the OOPS! source code; None: it has no checker


_OOPS_TABLE: tuple[tuple[str, str, Importance | None], ...] = (
    ("P01", "Creating polysemous elements", None),
    ("P02", "Creating synonyms as classes", "minor"),
    (
        "P03",
        'Creating the relationship "is" instead of using rdfs:subClassOf, rdf:type or owl:sameAs',
        "critical",
    ),
    ("P04", "Creating unconnected ontology elements", "minor"),
    ("P05", "Defining wrong inverse relationships", "critical"),
    ("P06", "Including cycles in a class hierarchy", "critical"),
    ("P07", "Merging different concepts in the same class", "minor"),
    ("P08", "Missing annotations", "minor"),
    ("P09", "Missing domain information", None),
    ("P10", "Missing disjointness", "important"),
    ("P11", "Missing domain or range in properties", "important"),
    ("P12", "Equivalent properties not explicitly declared", "important"),
    ("P13", "Inverse relationships not explicitly declared", "minor"),
    ("P14", "Misusing owl:allValuesFrom", None),
    ("P15", 'Using "some not" in place of "not some"', None),
    ("P16", "Using a primitive class in place of a defined one", None),
    ("P17", "Overspecializing a hierarchy", None),
    ("P18", "Overspecializing the domain or range", None),
    ("P19", "Defining multiple domains or ranges in properties", "critical"),
    ("P20", "Misusing ontology annotations", "minor"),
    ("P21", "Using a miscellaneous class", "minor"),
    ("P22", "Using different naming conventions in the ontology", "minor"),
    (
        "P23",
        "Duplicating a datatype already provided by the implementation language",
        None,
    ),
    ("P24", "Using recursive definitions", "important"),
    ("P25", "Defining a relationship as inverse to itself", "important"),
    ("P26", "Defining inverse relationships for a symmetric one", "important"),
    ("P27", "Defining wrong equivalent properties", "critical"),
    ("P28", "Defining wrong symmetric relationships", "critical"),
    ("P29", "Defining wrong transitive relationships", "critical"),
    ("P30", "Equivalent classes not explicitly declared", "important"),
    ("P31", "Defining wrong equivalent classes", "critical"),
    ("P32", "Several classes with the same label", "minor"),
    ("P33", "Creating a property chain with just one property", "minor"),
    ("P34", "Untyped class", "minor"),
    ("P35", "Untyped property", "important"),
    ("P36", "URI contains file extension", "minor"),
    ("P37", "Ontology not available on the Web", "critical"),
    ("P38", "No OWL ontology declaration", "important"),
    ("P39", "Ambiguous namespace", "critical"),
    ("P40", "Namespace hijacking", "critical"),
    ("P41", "No license declared", "important"),
)
OOPS_PITFALLS = tuple(OopsPitfall(*row) for row in _OOPS_TABLE)

_INTENT = _t(
    "beurteilt Bedeutung oder Absicht der Modellierung; OOPS! selbst hat dafür keine "
    "automatische Prüfung",
    "judges the meaning or intent of the model; OOPS! itself has no automatic checker for it",
)
_LEXICAL = _t(
    "braucht ein Synonymwörterbuch (OOPS! nutzt WordNet) oder die externen Vokabulare; das "
    "Projekt hält solche Entsprechungen als SKOS/SSSOM-Mappings fest; gleiche Labels findet "
    "duplicate-label",
    "needs a synonym dictionary (OOPS! uses WordNet) or the external vocabularies; the project "
    "records such correspondences as SKOS/SSSOM mappings; identical labels are caught by "
    "duplicate-label",
)
OOPS_NOT_AUTOMATED: dict[str, Text] = {
    "P01": _INTENT,
    "P02": _LEXICAL,
    "P09": _INTENT,
    "P12": _LEXICAL,
    "P14": _INTENT,
    "P15": _INTENT,
    "P16": _INTENT,
    "P17": _INTENT,
    "P18": _INTENT,
    "P23": _t(
        "OOPS! hat dafür keine automatische Prüfung; datatype-range hält Ranges in der "
        "OWL-2-Datentypliste",
        "OOPS! has no automatic checker for it; datatype-range keeps ranges inside the OWL 2 "
        "datatype map",
    ),
    "P30": _LEXICAL,
    "P37": _t(
        "braucht das Netz: ein Test der Inhaltsaushandlung nach der Veröffentlichung",
        "needs the network: a content-negotiation test after deployment",
    ),
    "P40": _t(
        "braucht lokale Kopien aller nachgenutzten Vokabulare, um zu prüfen, dass es jeden "
        "verwendeten Term dort gibt",
        "needs local copies of every reused vocabulary to check that each reused term exists there",
    ),
}


def oops_automated() -> dict[str, list[str]]:
    """OOPS! code -> ids of the checks that implement it."""
    result: dict[str, list[str]] = {}
    for check in CHECKS:
        for code in check.oops:
            result.setdefault(code, []).append(check.id)
    return dict(sorted(result.items()))


# -- findings and the report ---------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """One problem: which check, how bad, which term, what is wrong, and where."""

    check: str
    severity: Severity
    entity: str  # an IRI, a blank node "_:…" or, for files, a path
    message: Text
    value: str | None = None
    location: Location | None = None

    @property
    def name(self) -> str:
        """The entity as a short name, e.g. ``mpsc:Talk``."""
        return short(self.entity)

    def render(self, lang: str) -> str:
        where = f"{self.location}: " if self.location else ""
        return (
            f"{_SEVERITY_WORDS[lang][self.severity]:<8} {where}[{self.check}] {self.name}: "
            f"{self.message.get(lang)}"
        )

    def as_dict(self, lang: str) -> dict[str, Any]:
        return {
            "check": self.check,
            "severity": self.severity,
            "entity": self.entity,
            "name": self.name,
            "value": self.value,
            "message": self.message.get(lang),
            "file": str(self.location.file) if self.location else None,
            "line": self.location.line if self.location else None,
        }


@dataclass(frozen=True)
class Skipped:
    """A check that did not run, and why."""

    check: str
    reason: Text


_SEVERITY_WORDS = {
    "de": {"error": "FEHLER", "warning": "WARNUNG", "info": "HINWEIS"},
    "en": {"error": "ERROR", "warning": "WARNING", "info": "INFO"},
}
_RANK = {severity: rank for rank, severity in enumerate(SEVERITIES)}
_CHECK_ORDER = {check.id: index for index, check in enumerate(CHECKS)}


@dataclass
class QcReport:
    """All findings of one QC run; ``ok`` (and exit code 0) if there is no error."""

    findings: list[Finding] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.findings.sort(key=_sort_key)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    @property
    def infos(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "info"]

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def exit_code(self) -> ExitCode:
        return ExitCode.OK if self.ok else ExitCode.CHECKS_FAILED

    def by_check(self, check_id: str) -> list[Finding]:
        return [f for f in self.findings if f.check == check_id]

    def summary(self, lang: str) -> str:
        e, w, i = len(self.errors), len(self.warnings), len(self.infos)
        ran = len(CHECKS) - len(self.skipped)
        if lang == "de":
            head = "QC bestanden" if self.ok else "QC NICHT bestanden"
            return (
                f"{head}: {e} Fehler, {w} Warnungen, {i} Hinweise; {ran} von {len(CHECKS)} "
                "Prüfungen gelaufen"
            )
        head = "QC passed" if self.ok else "QC FAILED"
        return f"{head}: {e} error(s), {w} warning(s), {i} info; {ran} of {len(CHECKS)} checks ran"

    # -- text -----------------------------------------------------------------------------------

    def to_text(self, lang: str) -> str:
        lines = [f.render(lang) for f in self.findings]
        for skipped in self.skipped:
            word = "übersprungen" if lang == "de" else "skipped"
            lines.append(f"{word}: [{skipped.check}] {skipped.reason.get(lang)}")
        lines.append(self.summary(lang))
        automated = ", ".join(oops_automated())
        if lang == "de":
            lines.append(f"OOPS!-Fallstricke automatisch geprüft: {automated}")
            lines.append("nicht automatisch geprüft:")
        else:
            lines.append(f"OOPS! pitfalls checked automatically: {automated}")
            lines.append("not checked automatically:")
        for code, reason in OOPS_NOT_AUTOMATED.items():
            lines.append(f"  {code} {_pitfall(code).name}: {reason.get(lang)}")
        return "\n".join(lines) + "\n"

    # -- JSON -----------------------------------------------------------------------------------

    def as_dict(self, lang: str) -> dict[str, Any]:
        counts = self._counts()
        skipped = {s.check for s in self.skipped}
        return {
            "ok": self.ok,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "infos": len(self.infos),
            "summary": self.summary(lang),
            "files": [str(path) for path in self.files],
            "findings": [f.as_dict(lang) for f in self.findings],
            "skipped": [{"check": s.check, "reason": s.reason.get(lang)} for s in self.skipped],
            "checks": [
                {
                    "id": check.id,
                    "title": check.title.get(lang),
                    "severity": check.severity,
                    "implements": list(check.implements),
                    "findings": counts[check.id],
                    "ran": check.id not in skipped,
                }
                for check in CHECKS
            ],
            "oops": {
                "automated": oops_automated(),
                "not_automated": {
                    code: reason.get(lang) for code, reason in OOPS_NOT_AUTOMATED.items()
                },
            },
        }

    def to_json(self, lang: str) -> str:
        return json.dumps(self.as_dict(lang), ensure_ascii=False, indent=2) + "\n"

    # -- Markdown -------------------------------------------------------------------------------

    def to_markdown(self, lang: str) -> str:
        de = lang == "de"
        words = _SEVERITY_WORDS[lang]
        counts = self._counts()
        skipped = {s.check for s in self.skipped}
        out = [
            "# " + ("Qualitätskontrolle der Ontologie" if de else "Ontology quality control"),
            "",
            f"**{self.summary(lang)}**",
            "",
        ]
        if self.files:
            files = ", ".join(f"`{p}`" for p in self.files)
            out += [("Dateien: " if de else "Files: ") + files, ""]
        out += ["## " + ("Befunde" if de else "Findings"), ""]
        if self.findings:
            out += _table(
                ["Schwere", "Prüfung", "Term", "Ort", "Meldung"]
                if de
                else ["severity", "check", "term", "where", "message"],
                (
                    [
                        words[f.severity],
                        f"`{f.check}`",
                        f"`{f.name}`",
                        f"`{f.location}`" if f.location else "",
                        f.message.get(lang),
                    ]
                    for f in self.findings
                ),
            )
        else:
            out.append("Keine." if de else "None.")
        out.append("")
        if self.skipped:
            out += ["## " + ("Übersprungen" if de else "Skipped"), ""]
            out += [f"* `{s.check}`: {s.reason.get(lang)}" for s in self.skipped]
            out.append("")
        out += ["## " + ("Prüfungen" if de else "Checks"), ""]
        out += _table(
            ["Prüfung", "Titel", "Schwere", "setzt um", "Befunde"]
            if de
            else ["check", "title", "severity", "implements", "findings"],
            (
                [
                    f"`{check.id}`",
                    check.title.get(lang),
                    words[check.severity],
                    ", ".join(check.implements),
                    "–" if check.id in skipped else str(counts[check.id]),
                ]
                for check in CHECKS
            ),
        )
        out += ["", "## " + ("OOPS!-Fallstricke" if de else "OOPS! pitfalls"), ""]
        automated = oops_automated()
        rows = []
        for pitfall in OOPS_PITFALLS:
            if pitfall.code in automated:
                how = ", ".join(f"`{c}`" for c in automated[pitfall.code])
            else:
                reason = OOPS_NOT_AUTOMATED[pitfall.code].get(lang)
                how = ("nicht automatisiert: " if de else "not automated: ") + reason
            rows.append([pitfall.code, pitfall.name, pitfall.importance or "–", how])
        out += _table(
            ["Code", "Fallstrick", "OOPS!-Gewicht", "geprüft von / Grund"]
            if de
            else ["code", "pitfall", "OOPS! importance", "checked by / reason"],
            rows,
        )
        return "\n".join(out) + "\n"

    def _counts(self) -> dict[str, int]:
        counts = {check.id: 0 for check in CHECKS}
        for f in self.findings:
            counts[f.check] += 1
        return counts


def _table(header: list[str], rows: Iterable[list[str]]) -> list[str]:
    return [_row(header), _row(["---"] * len(header)), *(_row(r) for r in rows)]


def _row(cells: Iterable[str]) -> str:
    return "| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in cells) + " |"


def _pitfall(code: str) -> OopsPitfall:
    return next(p for p in OOPS_PITFALLS if p.code == code)


def _sort_key(f: Finding) -> tuple[int, str, int, int, str, str]:
    loc = f.location
    return (
        _RANK[f.severity],
        str(loc.file) if loc else "~",
        (loc.line or 0) if loc else 0,
        _CHECK_ORDER.get(f.check, 0),
        f.entity,
        f.value or "",
    )


_IRI_TOKEN = re.compile(r"(?:https?|urn):[^\s<>\"'(),]+")


def short(iri: str) -> str:
    """A prefixed name for an IRI in a known namespace; anything else unchanged."""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and re.fullmatch(r"[\w.-]+", iri[len(namespace) :]):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def _short_text(text: str) -> str:
    """Shorten every IRI in a text, and make line breaks and tabs visible."""
    text = _IRI_TOKEN.sub(lambda m: short(m.group(0)), text)
    return text.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")


# -- locating terms in the Turtle files ----------------------------------------------------------

_PREFIX_LINE = re.compile(r"^\s*(?:@prefix|PREFIX)\s+([\w.-]*):\s*<([^>]*)>", re.IGNORECASE)


@dataclass
class _Source:
    path: Path
    lines: list[str]
    prefixes: dict[str, str]


class _Locator:
    """Finds the line of a term: where it starts a line as a subject, else its first mention."""

    def __init__(self, ontology: list[Path], shapes: list[Path]) -> None:
        self.ontology = [self._read(p) for p in ontology]
        self.shapes = [self._read(p) for p in shapes]
        self._cache: dict[tuple[str, str], Location | None] = {}

    @staticmethod
    def _read(path: Path) -> _Source:
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            lines = []
        prefixes = {}
        for line in lines:
            if match := _PREFIX_LINE.match(line):
                prefixes[match.group(1)] = match.group(2)
        return _Source(path, lines, prefixes)

    def find(self, iri: str, scope: str) -> Location | None:
        key = (iri, scope)
        if key not in self._cache:
            sources = (
                self.shapes + self.ontology if scope == "shapes" else (self.ontology + self.shapes)
            )
            self._cache[key] = self._find(iri, sources)
        return self._cache[key]

    @staticmethod
    def _patterns(iri: str, source: _Source) -> list[str]:
        names = [re.escape(f"<{iri}>")]
        for prefix, namespace in source.prefixes.items():
            local = iri[len(namespace) :]
            if iri.startswith(namespace) and re.fullmatch(r"[\w-]*(?:\.[\w-]+)*", local):
                names.append(re.escape(f"{prefix}:{local}"))
        return names

    def _find(self, iri: str, sources: list[_Source]) -> Location | None:
        if not iri.startswith(("http://", "https://", "urn:")):
            return None
        end = r"(?![\w-]|\.[\w-])"
        for anywhere in (False, True):
            for source in sources:
                names = "|".join(self._patterns(iri, source))
                pattern = re.compile(
                    rf"(?:^|[\s(\[,;^/|])(?:{names}){end}" if anywhere else rf"^(?:{names}){end}"
                )
                for number, line in enumerate(source.lines, start=1):
                    if line.lstrip().startswith("#"):
                        continue
                    if pattern.search(line):
                        return Location(source.path, number)
        return None


# -- running -------------------------------------------------------------------------------------


@dataclass
class _Context:
    ontology_files: list[Path]
    shape_files: list[Path]
    store: pyoxigraph.Store
    shapes: rdflib.Graph
    locator: _Locator
    parse_findings: list[Finding]
    java_result: _JavaResult | None = None

    def ontology_iri(self) -> str | None:
        for quad in self.store.quads_for_pattern(
            None,
            NamedNode(PREFIXES["rdf"] + "type"),
            NamedNode(PREFIXES["owl"] + "Ontology"),
            pyoxigraph.DefaultGraph(),
        ):
            if isinstance(quad.subject, NamedNode):
                return quad.subject.value
        return None


def _term_text(term: object) -> str | None:
    if term is None:
        return None
    value = getattr(term, "value", None)
    return str(value) if value is not None else str(term)


def _finding(
    check: Check,
    entity: str,
    value: str | None,
    locator: _Locator,
    *,
    message: Text | None = None,
    location: Location | None = None,
) -> Finding:
    shown = _short_text(value) if value is not None else "—"
    template = message or check.message
    text = Text(de=template.de.replace("{value}", shown), en=template.en.replace("{value}", shown))
    return Finding(
        check=check.id,
        severity=check.severity,
        entity=entity,
        message=text,
        value=value,
        location=location or locator.find(entity, check.scope),
    )


def _run_query(check: Check, ctx: _Context, fallback_entity: str) -> list[Finding]:
    assert check.query is not None
    results = ctx.store.query(check.query, prefixes=PREFIXES)
    assert isinstance(results, QuerySolutions)
    findings = []
    for solution in results:
        entity_term = solution["entity"]
        entity = (
            _owner(ctx.store, entity_term)
            if isinstance(entity_term, BlankNode)
            else _term_text(entity_term) or fallback_entity
        )
        value_term = solution["value"]
        value = (
            _owner(ctx.store, value_term)
            if isinstance(value_term, BlankNode)
            else _term_text(value_term)
        )
        findings.append(_finding(check, entity, value, ctx.locator))
    return findings


def _owner(store: pyoxigraph.Store, node: BlankNode) -> str:
    """The nearest IRI that holds a blank node (e.g. the shape of a property shape), or "[]"."""
    todo: list[BlankNode] = [node]
    seen: set[str] = set()
    while todo:
        current = todo.pop(0)
        if current.value in seen:
            continue
        seen.add(current.value)
        for quad in store.quads_for_pattern(None, None, current, None):
            if isinstance(quad.subject, NamedNode):
                return quad.subject.value
            if isinstance(quad.subject, BlankNode):
                todo.append(quad.subject)
    return "[]"


def _check_parse(ctx: _Context) -> list[Finding]:
    return ctx.parse_findings


def _check_recursive_definition(ctx: _Context) -> list[Finding]:
    check = CHECKS_BY_ID["recursive-definition"]
    equivalent = NamedNode(PREFIXES["owl"] + "equivalentClass")
    findings = []
    for quad in ctx.store.quads_for_pattern(None, equivalent, None, pyoxigraph.DefaultGraph()):
        cls, expression = quad.subject, quad.object
        if not isinstance(cls, NamedNode) or not isinstance(expression, BlankNode):
            continue
        seen: set[str] = set()
        todo: list[BlankNode] = [expression]
        found = False
        while todo and not found:
            node = todo.pop()
            if node.value in seen:
                continue
            seen.add(node.value)
            for inner in ctx.store.quads_for_pattern(node, None, None, pyoxigraph.DefaultGraph()):
                if inner.object == cls:
                    found = True
                elif isinstance(inner.object, BlankNode):
                    todo.append(inner.object)
        if found:
            findings.append(_finding(check, cls.value, None, ctx.locator))
    return findings


def _check_meta_shacl(ctx: _Context) -> list[Finding]:
    from pyshacl.entrypoints import meta_validate  # deferred: pySHACL is slow to import

    check = CHECKS_BY_ID["shapes-meta-shacl"]
    if len(ctx.shapes) == 0:
        return []
    conforms, report, _ = meta_validate(ctx.shapes, inference="none")
    if conforms:
        return []
    assert isinstance(report, rdflib.Graph)
    sh = rdflib.Namespace(PREFIXES["sh"])
    findings = []
    for result in report.subjects(rdflib.RDF.type, sh.ValidationResult):
        focus = report.value(result, sh.focusNode)
        owner = _named_owner(ctx.shapes, focus)
        path = report.value(result, sh.resultPath)
        value = report.value(result, sh.value)
        text = str(report.value(result, sh.resultMessage) or "")
        detail = f"{short(str(path)) if path is not None else ''} {value or ''} ({text})"
        findings.append(_finding(check, owner, re.sub(r"\s+", " ", detail).strip(), ctx.locator))
    return findings


def _named_owner(graph: rdflib.Graph, node: rdflib.term.Node | None) -> str:
    """The nearest IRI that (through blank nodes) holds ``node``, e.g. the shape of a property."""
    todo = [node]
    seen = set()
    while todo:
        current = todo.pop(0)
        if isinstance(current, rdflib.URIRef):
            return str(current)
        if current is None or current in seen:
            continue
        seen.add(current)
        todo.extend(graph.subjects(None, current))
    return f"_:{node}"


# -- Java: the OWL API profile check and HermiT, in one JVM ---------------------------------------

# Runs inside the HermiT.jar of owlready2 (OWL API 3.4.3) in java's single-file source mode.
JAVA_SOURCE = """
import java.io.File;
import org.semanticweb.HermiT.Configuration;
import org.semanticweb.HermiT.Reasoner;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.OWLClass;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.profiles.OWL2DLProfile;
import org.semanticweb.owlapi.profiles.OWLProfileReport;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;

public class MpscQc {
    static String flat(Object o) {
        return String.valueOf(o).replace('\\t', ' ').replace('\\n', ' ').replace('\\r', ' ');
    }

    public static void main(String[] args) throws Exception {
        OWLOntology ontology = OWLManager.createOWLOntologyManager()
            .loadOntologyFromOntologyDocument(new File(args[0]));
        OWLProfileReport report = new OWL2DLProfile().checkOntology(ontology);
        for (OWLProfileViolation v : report.getViolations()) {
            System.out.println("PROFILE\\t" + v.getClass().getSimpleName() + "\\t" + flat(v));
        }
        try {
            Configuration configuration = new Configuration();
            configuration.ignoreUnsupportedDatatypes = false;
            Reasoner reasoner = new Reasoner(configuration, ontology);
            boolean consistent = reasoner.isConsistent();
            System.out.println("CONSISTENT\\t" + consistent);
            if (consistent) {
                for (OWLClass c : reasoner.getUnsatisfiableClasses().getEntitiesMinusBottom()) {
                    System.out.println("UNSATISFIABLE\\t" + c.getIRI());
                }
            }
        } catch (Throwable e) {
            System.out.println("REASONER_ERROR\\t" + flat(e));
        }
        System.out.println("DONE");
    }
}
"""


@dataclass(frozen=True)
class _JavaResult:
    lines: list[tuple[str, ...]]
    failure: Text | None = None  # why the JVM run gave no result


_JAVA_MISSING = _t(
    "übersprungen: Java fehlt (z. B. apt-get install default-jdk-headless)",
    "skipped: Java missing (e.g. apt-get install default-jdk-headless)",
)
_JAVA_OFF = _t("abgeschaltet (java=False)", "switched off (java=False)")


def _hermit_jar() -> Path | None:
    spec = importlib.util.find_spec("owlready2")
    if spec is None or spec.origin is None:
        return None
    jar = Path(spec.origin).parent / "hermit" / "HermiT.jar"
    return jar if jar.exists() else None


def _run_java(ctx: _Context) -> _JavaResult:
    if ctx.java_result is not None:
        return ctx.java_result
    java, jar = shutil.which("java"), _hermit_jar()
    if java is None or jar is None:
        what = (
            _JAVA_MISSING
            if java is None
            else _t(
                "übersprungen: HermiT.jar von owlready2 nicht gefunden",
                "skipped: owlready2's HermiT.jar not found",
            )
        )
        ctx.java_result = _JavaResult([], what)
        return ctx.java_result
    with tempfile.TemporaryDirectory(prefix="mpsc-qc-") as tmp:
        source = Path(tmp) / "MpscQc.java"
        source.write_text(JAVA_SOURCE, encoding="utf-8")
        ntriples = Path(tmp) / "ontology.nt"
        triples = [
            q.triple
            for q in ctx.store.quads_for_pattern(None, None, None, pyoxigraph.DefaultGraph())
        ]
        pyoxigraph.serialize(triples, str(ntriples), format=RdfFormat.N_TRIPLES)
        try:
            run = subprocess.run(
                [java, "-cp", str(jar), str(source), str(ntriples)],
                capture_output=True,
                text=True,
                timeout=JAVA_TIMEOUT,
                check=False,
            )
            stdout, stderr = run.stdout, run.stderr
        except (OSError, subprocess.TimeoutExpired) as exc:
            stdout, stderr = "", str(exc)
    lines = [tuple(line.split("\t")) for line in stdout.splitlines() if line]
    if ("DONE",) not in lines:
        detail = " ".join(stderr.strip().splitlines()[-3:])[:500] or "no output"
        ctx.java_result = _JavaResult(
            [],
            _t(
                f"übersprungen: OWL API/HermiT lief nicht (ein JDK mit javac ist nötig): {detail}",
                f"skipped: OWL API/HermiT did not run (it needs a JDK with javac): {detail}",
            ),
        )
    else:
        ctx.java_result = _JavaResult(lines)
    return ctx.java_result


_FIRST_IRI = re.compile(r"<([^>\s]+)>")


def _check_owl2_dl(ctx: _Context) -> list[Finding]:
    check = CHECKS_BY_ID["owl2-dl-profile"]
    result = _run_java(ctx)
    fallback = ctx.ontology_iri() or str(ctx.ontology_files[0].parent)
    if result.failure:
        return [_skipped_warning(check, fallback, result.failure)]
    seen: dict[tuple[str, str], str] = {}
    for line in result.lines:
        if line[0] != "PROFILE" or len(line) < 3:
            continue
        kind, text = line[1], line[2]
        iris = [i for i in _FIRST_IRI.findall(text) if not i.startswith(_BUILTIN)]
        entity = iris[0] if iris else fallback
        seen.setdefault((kind, entity), f"{kind}: {text}")
    return [
        _finding(check, entity, seen[(kind, entity)][:400], ctx.locator)
        for kind, entity in sorted(seen)
    ]


_BUILTIN = tuple(PREFIXES[p] for p in ("rdf", "rdfs", "owl", "xsd"))


def _check_tbox_consistency(ctx: _Context) -> list[Finding]:
    check = CHECKS_BY_ID["tbox-consistency"]
    result = _run_java(ctx)
    ontology = ctx.ontology_iri() or str(ctx.ontology_files[0].parent)
    if result.failure:
        return [_skipped_warning(check, ontology, result.failure)]
    findings = []
    for line in result.lines:
        if line[0] == "CONSISTENT" and line[1:] == ("false",):
            findings.append(
                _finding(
                    check,
                    ontology,
                    None,
                    ctx.locator,
                    message=_t("die Ontologie ist inkonsistent", "the ontology is inconsistent"),
                )
            )
        elif line[0] == "UNSATISFIABLE" and len(line) > 1:
            findings.append(
                _finding(
                    check,
                    line[1],
                    None,
                    ctx.locator,
                    message=_t(
                        "HermiT: unerfüllbare Klasse (kein Individuum kann zu ihr gehören)",
                        "HermiT: unsatisfiable class (no individual can belong to it)",
                    ),
                )
            )
        elif line[0] == "REASONER_ERROR":
            detail = line[1][:400] if len(line) > 1 else ""
            findings.append(
                _finding(
                    check,
                    ontology,
                    detail,
                    ctx.locator,
                    message=_t("HermiT bricht ab: {value}", "HermiT aborts: {value}"),
                )
            )
    return findings


def _skipped_warning(check: Check, entity: str, reason: Text) -> Finding:
    return Finding(check.id, "warning", entity, reason)


_RUNNERS: dict[str, Callable[[_Context], list[Finding]]] = {
    "parse": _check_parse,
    "recursive-definition": _check_recursive_definition,
    "shapes-meta-shacl": _check_meta_shacl,
    "owl2-dl-profile": _check_owl2_dl,
    "tbox-consistency": _check_tbox_consistency,
}


# -- loading -------------------------------------------------------------------------------------


def _turtle_files(directory: Path, what: Text) -> list[Path]:
    files = sorted(directory.glob("*.ttl")) if directory.is_dir() else []
    if not files:
        raise InputError(
            [
                Problem(
                    Location(directory),
                    _t(
                        f"keine Turtle-Dateien (*.ttl) für {what.de}",
                        f"no Turtle files (*.ttl) for {what.en}",
                    ),
                )
            ],
            subject=_t("in den QC-Eingaben", "in the QC inputs"),
        )
    return files


def _load(
    path: Path,
    store: pyoxigraph.Store,
    graph: rdflib.Graph | None,
    to_graph: NamedNode | None,
    locator: _Locator,
) -> list[Finding]:
    """Parse one file in pyoxigraph (into ``store``) and in rdflib; findings for failures."""
    check = CHECKS_BY_ID["parse"]
    findings = []
    oxigraph_count: int | None = None
    try:
        triples = [q.triple for q in pyoxigraph.parse(path=str(path), format=RdfFormat.TURTLE)]
        oxigraph_count = len(set(triples))
        if to_graph is None:
            store.extend(pyoxigraph.Quad(t.subject, t.predicate, t.object) for t in triples)
        else:
            store.extend(
                pyoxigraph.Quad(t.subject, t.predicate, t.object, to_graph) for t in triples
            )
    except SyntaxError as exc:
        findings.append(
            _finding(
                check,
                str(path),
                f"pyoxigraph: {exc.msg}",
                locator,
                location=Location(path, exc.lineno),
            )
        )
    rdflib_graph = rdflib.Graph()
    try:
        rdflib_graph.parse(path, format="turtle")
    except Exception as exc:  # rdflib raises many kinds of parse errors
        line = getattr(exc, "lines", None)
        findings.append(
            _finding(
                check,
                str(path),
                "rdflib: " + _rdflib_reason(exc),
                locator,
                location=Location(path, line + 1 if isinstance(line, int) else None),
            )
        )
    else:
        if graph is not None:
            graph += rdflib_graph
        if oxigraph_count is not None and oxigraph_count != len(rdflib_graph):
            findings.append(
                _finding(
                    check,
                    str(path),
                    f"pyoxigraph {oxigraph_count} / rdflib {len(rdflib_graph)} triples",
                    locator,
                    location=Location(path),
                )
            )
    return findings


def _rdflib_reason(exc: Exception) -> str:
    """The reason in an rdflib parse error, without its position and the quoted input."""
    why = getattr(exc, "_why", None)  # notation3.BadSyntax
    text = str(why) if why else (str(exc).splitlines() or [type(exc).__name__])[0]
    return text[:300]


def run_qc(ontology_dir: Path, shapes_dir: Path, *, java: bool = True) -> QcReport:
    """Run every check of :data:`CHECKS` on ``ontology_dir/*.ttl`` and ``shapes_dir/*.ttl``.

    ``java=False`` skips the two Java checks (OWL 2 DL profile, HermiT); without a ``java``
    on PATH they are reported as warnings. Raises :class:`InputError` if a directory holds no
    Turtle file.
    """
    ontology_files = _turtle_files(ontology_dir, _t("die Ontologie", "the ontology"))
    shape_files = _turtle_files(shapes_dir, _t("die Shapes", "the shapes"))
    locator = _Locator(ontology_files, shape_files)
    store = pyoxigraph.Store()
    shapes = rdflib.Graph()
    parse_findings: list[Finding] = []
    for path in ontology_files:
        parse_findings += _load(path, store, None, None, locator)
    for path in shape_files:
        parse_findings += _load(path, store, shapes, SHAPES_GRAPH, locator)
    ctx = _Context(ontology_files, shape_files, store, shapes, locator, parse_findings)
    fallback = ctx.ontology_iri() or str(ontology_dir)

    findings: list[Finding] = []
    skipped: list[Skipped] = []
    for check in CHECKS:
        if check.needs_java and not java:
            skipped.append(Skipped(check.id, _JAVA_OFF))
            continue
        if check.query is not None:
            found = _run_query(check, ctx, fallback)
        else:
            found = _RUNNERS[check.id](ctx)
        if check.needs_java and ctx.java_result and ctx.java_result.failure:
            skipped.append(Skipped(check.id, ctx.java_result.failure))
        findings += found
    unique = list({(f.check, f.entity, f.value, f.message): f for f in findings}.values())
    return QcReport(unique, skipped, [*ontology_files, *shape_files])
