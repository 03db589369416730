"""Statistics of a built dataset: counts per class, Bundesland, year and source.

The counts come from SPARQL on the embedded store, over the reconciled graph (per source:
over each source's own graph), so they describe the chosen values, not every alternative.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from pyoxigraph import Literal, NamedNode

from mpsc_graph.core.iris import Iris
from mpsc_graph.core.vocab import MPSC, XSD, prefixes
from mpsc_graph.store import GraphStore

_PREFIXES = f"""
PREFIX mpsc: <{MPSC.iri}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <https://schema.org/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""

_PER_CLASS = """
SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE {
  GRAPH <RECONCILED> { ?s a ?class }
} GROUP BY ?class ORDER BY DESC(?n) ?class
"""

# A conference or model project counts for every Land of its host/recipient; a cooperation
# counts for the Länder of its members.
_PER_STATE = """
SELECT ?key ?name
       (COUNT(DISTINCT ?conference) AS ?conferences)
       (COUNT(DISTINCT ?project) AS ?projects)
       (COUNT(DISTINCT ?authority) AS ?authorities)
WHERE {
  GRAPH <RECONCILED> {
    ?state a mpsc:FederalState ; mpsc:stateKey ?key ; rdfs:label ?name .
    FILTER (LANG(?name) = "de")
    OPTIONAL { ?authority mpsc:inFederalState ?state .
               FILTER EXISTS { ?authority a ?t . FILTER (?t IN (mpsc:Municipality,
                 mpsc:IndependentCity, mpsc:District)) } }
    OPTIONAL { ?conference mpsc:hostedBy ?h1 .
               { ?h1 mpsc:inFederalState ?state } UNION
               { ?h1 org:hasMember/mpsc:inFederalState ?state } }
    OPTIONAL { ?project mpsc:fundingRecipient ?h2 .
               { ?h2 mpsc:inFederalState ?state } UNION
               { ?h2 org:hasMember/mpsc:inFederalState ?state } }
  }
} GROUP BY ?key ?name ORDER BY ?key
"""

_PER_YEAR = """
SELECT ?year (COUNT(DISTINCT ?conference) AS ?conferences) (COUNT(DISTINCT ?project) AS ?projects)
WHERE {
  GRAPH <RECONCILED> {
    { ?conference a mpsc:RegionalConference ; schema:startDate ?date .
      BIND (YEAR(?date) AS ?year) }
    UNION
    { ?project a mpsc:ModelProject ; mpsc:cohort ?year }
  }
} GROUP BY ?year ORDER BY ?year
"""

_PER_SOURCE = """
SELECT ?source ?title (COUNT(*) AS ?statements) (COUNT(DISTINCT ?s) AS ?entities) WHERE {
  GRAPH <META> { ?g a mpsc:FactGraph ; prov:wasDerivedFrom ?source .
                 ?source dcterms:title ?title }
  GRAPH ?g { ?s ?p ?o }
} GROUP BY ?source ?title ORDER BY DESC(?statements) ?source
"""


@dataclass
class Stats:
    per_class: list[dict[str, Any]] = field(default_factory=list)
    per_state: list[dict[str, Any]] = field(default_factory=list)
    per_year: list[dict[str, Any]] = field(default_factory=list)
    per_source: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "per_class": self.per_class,
            "per_state": self.per_state,
            "per_year": self.per_year,
            "per_source": self.per_source,
        }

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), ensure_ascii=False, indent=2) + "\n"

    def to_table(self, lang: str) -> str:
        de = lang == "de"
        sections = [
            (
                "Entitäten je Klasse" if de else "Entities per class",
                ["class", "count"],
                self.per_class,
            ),
            (
                "Je Bundesland" if de else "Per federal state",
                ["key", "name", "conferences", "projects", "authorities"],
                self.per_state,
            ),
            ("Je Jahr" if de else "Per year", ["year", "conferences", "projects"], self.per_year),
            (
                "Je Quelle" if de else "Per source",
                ["source", "statements", "entities", "title"],
                self.per_source,
            ),
        ]
        return "\n".join(_table(title, columns, rows) for title, columns, rows in sections)


def _table(title: str, columns: list[str], rows: list[dict[str, Any]]) -> str:
    cells = [[str(row.get(c, "")) for c in columns] for row in rows]
    widths = [max([len(c), *(len(r[i]) for r in cells)]) for i, c in enumerate(columns)]
    numeric = [all(r[i].isdigit() for r in cells) and bool(cells) for i in range(len(columns))]

    def line(values: list[str]) -> str:
        parts = [
            v.rjust(w) if num else v.ljust(w)
            for v, w, num in zip(values, widths, numeric, strict=True)
        ]
        return "  ".join(parts).rstrip()

    out = [title, line(columns), line(["-" * w for w in widths])]
    out += [line(r) for r in cells]
    return "\n".join(out) + "\n"


def _value(term: object, base: str) -> Any:
    if isinstance(term, Literal):
        return int(term.value) if term.datatype == XSD.integer else term.value
    if isinstance(term, NamedNode):
        if term.value.startswith(base + "id/source/"):
            return term.value.removeprefix(base + "id/source/")
        for prefix, namespace in prefixes(base).items():
            if term.value.startswith(namespace):
                return f"{prefix}:{term.value.removeprefix(namespace)}"
        return term.value
    return None if term is None else str(term)


def compute(store: GraphStore, iris: Iris) -> Stats:
    """Run the statistics queries on a built dataset."""

    def rows(query: str, names: list[str]) -> list[dict[str, Any]]:
        text = _PREFIXES + query.replace("RECONCILED", iris.reconciled.value).replace(
            "META", iris.meta.value
        )
        return [
            {name: _value(solution[name], iris.base) for name in names}
            for solution in store.select(text)
        ]

    return Stats(
        per_class=[
            {"class": r["class"], "count": r["n"]} for r in rows(_PER_CLASS, ["class", "n"])
        ],
        per_state=rows(_PER_STATE, ["key", "name", "conferences", "projects", "authorities"]),
        per_year=rows(_PER_YEAR, ["year", "conferences", "projects"]),
        per_source=rows(_PER_SOURCE, ["source", "title", "statements", "entities"]),
    )
