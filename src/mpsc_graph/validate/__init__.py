"""Validate stage: SHACL on the reconciled data, plus checks on the named graphs.

Non-conformance is a result, never an exception. Each result is traced back to the curated
file and line that produced its focus node and property.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph
import rdflib
from pyoxigraph import NamedNode, Quad, RdfFormat
from rdflib.namespace import SH

from mpsc_graph.core.errors import Location
from mpsc_graph.core.vocab import MPSC
from mpsc_graph.store import GraphStore

SEVERITIES = {str(SH.Violation): "violation", str(SH.Warning): "warning", str(SH.Info): "info"}


@dataclass(frozen=True)
class Result:
    """One finding: what is wrong with which entity, and where that entity was curated."""

    focus: str
    severity: str
    message: Mapping[str, str]  # language -> text
    label: str | None = None
    path: str | None = None
    value: str | None = None
    shape: str | None = None
    location: Location | None = None

    def text(self, lang: str) -> str:
        return self.message.get(lang) or self.message.get("en") or next(iter(self.message.values()))


@dataclass
class ValidationReport:
    results: list[Result] = field(default_factory=list)

    @property
    def conforms(self) -> bool:
        return not any(r.severity == "violation" for r in self.results)

    def count(self, severity: str) -> int:
        return sum(r.severity == severity for r in self.results)

    def by_entity(self) -> list[tuple[str, list[Result]]]:
        groups: dict[str, list[Result]] = {}
        for r in self.results:
            groups.setdefault(r.focus, []).append(r)

        def where(item: tuple[str, list[Result]]) -> tuple[str, int, str]:
            loc = item[1][0].location
            return (str(loc.file) if loc else "~", (loc.line or 0) if loc else 0, item[0])

        return sorted(groups.items(), key=where)

    def to_text(self, lang: str) -> str:
        lines = []
        for focus, results in self.by_entity():
            first = results[0]
            name = f" „{first.label}“" if first.label and lang == "de" else ""
            name = f" '{first.label}'" if first.label and lang != "de" else name
            lines.append(f"{focus}{name}")
            for r in sorted(results, key=lambda r: (r.location.line or 0) if r.location else 0):
                where = f"{r.location}: " if r.location else ""
                path = f" [{_short(r.path)}]" if r.path else ""
                lines.append(f"  {r.severity.upper()} {where}{r.text(lang)}{path}")
        lines.append(self.summary(lang))
        return "\n".join(lines) + "\n"

    def summary(self, lang: str) -> str:
        v, w = self.count("violation"), self.count("warning")
        entities = len({r.focus for r in self.results})
        if lang == "de":
            head = "Daten sind gültig" if self.conforms else "Daten sind NICHT gültig"
            return f"{head}: {v} Verstöße, {w} Warnungen bei {entities} Entitäten"
        head = "data conforms" if self.conforms else "data does NOT conform"
        return f"{head}: {v} violation(s), {w} warning(s) on {entities} entit(y/ies)"

    def to_json(self, lang: str) -> str:
        return json.dumps(self.as_dict(lang), ensure_ascii=False, indent=2) + "\n"

    def as_dict(self, lang: str) -> dict[str, Any]:
        return {
            "conforms": self.conforms,
            "violations": self.count("violation"),
            "warnings": self.count("warning"),
            "entities": [
                {
                    "focus": focus,
                    "label": results[0].label,
                    "results": [
                        {
                            "severity": r.severity,
                            "message": r.text(lang),
                            "path": r.path,
                            "value": r.value,
                            "shape": r.shape,
                            "file": str(r.location.file) if r.location else None,
                            "line": r.location.line if r.location else None,
                            "field": r.location.field if r.location else None,
                        }
                        for r in results
                    ],
                }
                for focus, results in self.by_entity()
            ],
        }


def _short(iri: str) -> str:
    for prefix, ns in (("mpsc:", MPSC.iri), ("schema:", "https://schema.org/")):
        if iri.startswith(ns):
            return prefix + iri[len(ns) :]
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _rdflib_graph(quads: Iterable[Quad]) -> rdflib.Graph:
    """Hand quads to rdflib (pySHACL's input) through N-Triples, the fastest common format."""
    triples = [q.triple for q in quads]
    graph = rdflib.Graph()
    data = pyoxigraph.serialize(triples, format=RdfFormat.N_TRIPLES)
    assert data is not None
    graph.parse(data=data.decode(), format="nt")
    return graph


def load_shapes(shapes_dir: Path) -> rdflib.Graph:
    shapes = rdflib.Graph()
    for path in sorted(shapes_dir.glob("*.ttl")):
        shapes.parse(path, format="turtle")
    return shapes


def load_ontology(ontology_dir: Path) -> rdflib.Graph:
    ontology = rdflib.Graph()
    for name in ("mpsc.ttl", "ext-closure.ttl"):
        path = ontology_dir / name
        if path.exists():
            ontology.parse(path, format="turtle")
    return ontology


def validate(
    data: Iterable[Quad],
    store: GraphStore,
    *,
    shapes: rdflib.Graph,
    ontology: rdflib.Graph,
    origins: Mapping[str, Location],
    fact_origins: Mapping[tuple[str, str], Location],
    system_graphs: Iterable[NamedNode],
    meta_graph: NamedNode,
) -> ValidationReport:
    """Run SHACL on ``data`` (reconciled, vocab and meta quads) and the graph checks."""
    import pyshacl  # deferred: only validation needs it

    data_graph = _rdflib_graph(data)
    _conforms, report_graph, _ = pyshacl.validate(
        data_graph,
        shacl_graph=shapes,
        ont_graph=ontology,
        inference="none",
        advanced=True,
        allow_warnings=True,
        abort_on_first=False,
    )
    assert isinstance(report_graph, rdflib.Graph)
    labels = {
        str(s): str(o)
        for s, o in data_graph.subject_objects(rdflib.RDFS.label)
        if getattr(o, "language", None) in (None, "de")
    }
    results = [
        _result(report_graph, shapes, node, labels, origins, fact_origins)
        for node in report_graph.subjects(rdflib.RDF.type, SH.ValidationResult)
    ]
    results += _graph_checks(store, system_graphs, meta_graph, origins)
    return ValidationReport(results)


_PLACEHOLDER = re.compile(r"\{[$?]\w+\}")


def _language_of(message: str, templates: Iterable[rdflib.term.Node]) -> str | None:
    """pySHACL drops the language tag of SPARQL constraint messages when it fills in their
    placeholders; find the language by matching the message against the tagged templates."""
    for template in templates:
        language = getattr(template, "language", None)
        parts = _PLACEHOLDER.split(str(template))
        pattern = "(.+?)".join(re.escape(part) for part in parts)
        if language and re.fullmatch(pattern, message, re.DOTALL):
            return str(language)
    return None


def _result(
    report: rdflib.Graph,
    shapes: rdflib.Graph,
    node: rdflib.term.Node,
    labels: Mapping[str, str],
    origins: Mapping[str, Location],
    fact_origins: Mapping[tuple[str, str], Location],
) -> Result:
    focus = str(report.value(node, SH.focusNode))
    path_node = report.value(node, SH.resultPath)
    path = str(path_node) if isinstance(path_node, rdflib.URIRef) else None
    value = report.value(node, SH.value)
    messages: dict[str, str] = {}
    templates = [
        t
        for source in (report.value(node, SH.sourceConstraint), report.value(node, SH.sourceShape))
        if source is not None
        for t in shapes.objects(source, SH.message)
    ]
    for message in report.objects(node, SH.resultMessage):
        lang = getattr(message, "language", None) or _language_of(str(message), templates)
        messages.setdefault(lang or "en", str(message))
    if not messages:
        messages["en"] = str(report.value(node, SH.sourceConstraintComponent))
    location = (fact_origins.get((focus, path)) if path else None) or origins.get(focus)
    return Result(
        focus=focus,
        severity=SEVERITIES.get(str(report.value(node, SH.resultSeverity)), "violation"),
        message=messages,
        label=labels.get(focus),
        path=path,
        value=str(value) if value is not None else None,
        shape=str(report.value(node, SH.sourceShape) or "") or None,
        location=location,
    )


def _graph_checks(
    store: GraphStore,
    system_graphs: Iterable[NamedNode],
    meta_graph: NamedNode,
    origins: Mapping[str, Location],
) -> list[Result]:
    """Every named graph but the system graphs must be described in the meta graph."""
    system = ", ".join(str(g) for g in system_graphs)
    query = f"""
        PREFIX mpsc: <{MPSC.iri}>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT DISTINCT ?g WHERE {{
          GRAPH ?g {{ ?s ?p ?o }}
          FILTER (?g NOT IN ({system}))
          FILTER NOT EXISTS {{
            GRAPH {meta_graph} {{
              ?g a ?kind ; prov:wasDerivedFrom ?source .
              FILTER (?kind IN (mpsc:FactGraph, mpsc:DerivedFactGraph))
            }}
          }}
        }}
    """
    results = []
    for solution in store.select(query):
        graph = solution["g"]
        assert isinstance(graph, NamedNode)
        results.append(
            Result(
                focus=graph.value,
                severity="violation",
                message={
                    "de": "Benannter Graph ohne Provenienz: im Metadaten-Graphen fehlt seine "
                    "Beschreibung als mpsc:FactGraph oder mpsc:DerivedFactGraph mit "
                    "prov:wasDerivedFrom",
                    "en": "named graph without provenance: the meta graph lacks its "
                    "description as mpsc:FactGraph or mpsc:DerivedFactGraph with "
                    "prov:wasDerivedFrom",
                },
                location=origins.get(graph.value),
            )
        )
    return results
