"""Export stage: serialising the dataset and writing output files atomically."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pyoxigraph
from pyoxigraph import DefaultGraph, NamedNode, Quad, RdfFormat, Triple

from mpsc_graph.core.errors import OutputError, Text
from mpsc_graph.core.vocab import (
    CV,
    DCTERMS,
    FOAF,
    MPSC,
    ORG,
    OWL,
    PAV,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    SKOS,
    WGS,
    XSD,
)

QUAD_FORMATS = {"trig": RdfFormat.TRIG, "nq": RdfFormat.N_QUADS}
TRIPLE_FORMATS = {"ttl": RdfFormat.TURTLE, "nt": RdfFormat.N_TRIPLES, "xml": RdfFormat.RDF_XML}
FORMATS = ("ttl", "trig", "nq", "nt", "jsonld", "xml")
MEDIA_TYPES = {
    "ttl": "text/turtle",
    "trig": "application/trig",
    "nq": "application/n-quads",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
    "xml": "application/rdf+xml",
}

# Short JSON-LD keys for the reused terms; the mpsc terms are added from the ontology.
_REUSED_TERMS: dict[str, tuple[NamedNode, str | None]] = {
    "label": (RDFS.label, "@language"),
    "comment": (RDFS.comment, None),
    "prefLabel": (SKOS.prefLabel, "@language"),
    "altLabel": (SKOS.altLabel, "@language"),
    "definition": (SKOS.definition, "@language"),
    "inScheme": (SKOS.inScheme, "@id"),
    "broader": (SKOS.broader, "@id"),
    "topConceptOf": (SKOS.topConceptOf, "@id"),
    "hasTopConcept": (SKOS.hasTopConcept, "@id"),
    "startDate": (SCHEMA.startDate, str(XSD.date.value)),
    "endDate": (SCHEMA.endDate, str(XSD.date.value)),
    "location": (SCHEMA.location, "@id"),
    "superEvent": (SCHEMA.superEvent, "@id"),
    "organizer": (SCHEMA.organizer, "@id"),
    "eventAttendanceMode": (SCHEMA.eventAttendanceMode, "@id"),
    "eventStatus": (SCHEMA.eventStatus, "@id"),
    "url": (SCHEMA.url, "@id"),
    "address": (SCHEMA.address, None),
    "venueName": (SCHEMA.name, None),
    "alternateName": (SCHEMA.alternateName, None),
    "isBasedOn": (SCHEMA.isBasedOn, "@id"),
    "description": (SCHEMA.description, "@language"),
    "honorificPrefix": (SCHEMA.honorificPrefix, None),
    "name": (FOAF.name, None),
    "title": (DCTERMS.title, None),
    "publisher": (DCTERMS.publisher, None),
    "issued": (DCTERMS.issued, str(XSD.date.value)),
    "language": (DCTERMS.language, None),
    "subject": (DCTERMS.subject, "@id"),
    "bibliographicCitation": (DCTERMS.bibliographicCitation, None),
    "retrievedOn": (PAV.retrievedOn, str(XSD.date.value)),
    "hasParticipation": (CV.hasParticipation, "@id"),
    "hasParticipant": (CV.hasParticipant, "@id"),
    "participationRole": (CV.role, "@id"),
    "member": (ORG.member, "@id"),
    "organization": (ORG.organization, "@id"),
    "role": (ORG.role, "@id"),
    "hasMember": (ORG.hasMember, "@id"),
    "unitOf": (ORG.unitOf, "@id"),
    "resultedFrom": (ORG.resultedFrom, "@id"),
    "originalOrganization": (ORG.originalOrganization, "@id"),
    "actedOnBehalfOf": (PROV.actedOnBehalfOf, "@id"),
    "wasDerivedFrom": (PROV.wasDerivedFrom, "@id"),
    "wasGeneratedBy": (PROV.wasGeneratedBy, "@id"),
    "generatedAtTime": (PROV.generatedAtTime, str(XSD.dateTime.value)),
    "endedAtTime": (PROV.endedAtTime, str(XSD.dateTime.value)),
    "used": (PROV.used, "@id"),
    "lat": (WGS.lat, str(XSD.decimal.value)),
    "long": (WGS.long, str(XSD.decimal.value)),
}


def to_triples(quads: Iterable[Quad]) -> list[Triple]:
    """The union of the quads' graphs, without duplicates, in a stable order."""
    seen: dict[Triple, None] = {}
    for q in quads:
        seen.setdefault(q.triple, None)
    return sorted(seen, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


def serialize(
    quads: list[Quad],
    fmt: str,
    prefixes: Mapping[str, str],
    context: Mapping[str, Any] | None = None,
) -> bytes:
    """Serialise quads in one of :data:`FORMATS`; triple formats get the union of graphs."""
    if fmt in QUAD_FORMATS:
        out = pyoxigraph.serialize(quads, format=QUAD_FORMATS[fmt], prefixes=dict(prefixes))
    elif fmt in TRIPLE_FORMATS:
        triples = to_triples(quads)
        out = pyoxigraph.serialize(triples, format=TRIPLE_FORMATS[fmt], prefixes=dict(prefixes))
    elif fmt == "jsonld":
        return _jsonld(quads, context or {})
    else:  # the CLI only offers FORMATS
        raise ValueError(f"unknown format {fmt}")
    assert out is not None
    return out


def jsonld_context(ontology: Iterable[Quad], prefixes: Mapping[str, str]) -> dict[str, Any]:
    """Short keys for every ontology and reused term, with value types, as a JSON-LD context."""
    kinds: dict[str, str] = {}
    ranges: dict[str, str] = {}
    for q in ontology:
        subject = q.subject.value if isinstance(q.subject, NamedNode) else None
        if subject is None or not subject.startswith(MPSC.iri):
            continue
        if q.predicate == RDF.type and isinstance(q.object, NamedNode):
            kinds.setdefault(subject, q.object.value)
        elif q.predicate == RDFS.range and isinstance(q.object, NamedNode):
            ranges[subject] = q.object.value
    context: dict[str, Any] = {"id": "@id", "type": "@type"}
    context.update(dict(sorted(prefixes.items())))
    for iri, kind in sorted(kinds.items()):
        name = iri.removeprefix(MPSC.iri)
        if kind == OWL.Class.value:
            context[name] = f"mpsc:{name}"
        elif kind == OWL.ObjectProperty.value:
            context[name] = {"@id": f"mpsc:{name}", "@type": "@id"}
        elif kind == OWL.DatatypeProperty.value:
            value_range = ranges.get(iri)
            if value_range == RDF.langString.value:
                context[name] = {"@id": f"mpsc:{name}", "@container": "@language"}
            elif value_range and value_range != XSD.string.value:
                context[name] = {"@id": f"mpsc:{name}", "@type": value_range}
            else:
                context[name] = {"@id": f"mpsc:{name}"}
    for name, (term, coercion) in _REUSED_TERMS.items():
        if coercion == "@language":
            context[name] = {"@id": term.value, "@container": "@language"}
        elif coercion:
            context[name] = {"@id": term.value, "@type": coercion}
        else:
            context[name] = {"@id": term.value}
    return context


def _jsonld(quads: list[Quad], context: Mapping[str, Any]) -> bytes:
    # rdflib implements JSON-LD compaction with a context; pyoxigraph only writes prefixes.
    import rdflib

    dataset = rdflib.Dataset()
    graphs: dict[Any, Any] = {}
    triples: dict[Any, list[Any]] = {}
    for q in quads:  # terms converted one by one: keeps the canonical blank node labels
        name = q.graph_name
        if name not in graphs:
            graphs[name] = (
                dataset.graph(rdflib_term(name))
                if isinstance(name, NamedNode)
                else dataset.default_graph
            )
            triples[name] = []
        triples[name].append(
            (rdflib_term(q.subject), rdflib_term(q.predicate), rdflib_term(q.object), graphs[name])
        )
    for batch in triples.values():
        dataset.addN(batch)
    text = dataset.serialize(format="json-ld", context=dict(context), auto_compact=True)
    # rdflib's key and node order follows hash order; sort for byte-identical rebuilds.
    document = _sorted_json(json.loads(text))
    return (json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()


def rdflib_term(term: Any) -> Any:
    """The rdflib equivalent of a pyoxigraph term (for the libraries that need rdflib)."""
    import rdflib

    if isinstance(term, NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, pyoxigraph.Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        if term.datatype == XSD.string:  # rdflib tells plain and xsd:string literals apart
            return rdflib.Literal(term.value)
        return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))
    raise TypeError(f"unsupported term {term!r}")


def _sorted_json(value: Any, key: str | None = None) -> Any:
    if isinstance(value, dict):
        return {k: _sorted_json(v, k) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted_json(v) for v in value]
        if key == "@list":  # RDF lists are ordered
            return items
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def graph_quads(quads: Iterable[Quad], graphs: Iterable[NamedNode]) -> list[Quad]:
    wanted = set(graphs)
    return [q for q in quads if q.graph_name in wanted]


def in_default_graph(triples: Iterable[Triple]) -> list[Quad]:
    return [Quad(t.subject, t.predicate, t.object, DefaultGraph()) for t in triples]


def write_atomically(out_dir: Path, files: Mapping[str, bytes]) -> None:
    """Write every file or none: all are staged first, then each replaces its old version.

    A failure while staging leaves the earlier outputs untouched; the final step is one
    ``os.replace`` per file, which is atomic on POSIX file systems.
    """
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=out_dir))
    except OSError as exc:
        raise OutputError(
            Text(
                de=f"Ausgabeverzeichnis {out_dir} kann nicht angelegt werden: {exc.strerror}",
                en=f"cannot create output directory {out_dir}: {exc.strerror}",
            )
        ) from exc
    try:
        for name, content in files.items():
            target = staging / name
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "wb") as handle:
                handle.write(content)
                handle.flush()
                os.fsync(handle.fileno())
        for name in files:
            final = out_dir / name
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / name, final)
    except OSError as exc:
        raise OutputError(
            Text(
                de=f"Ausgabe nach {out_dir} fehlgeschlagen: {exc}",
                en=f"writing to {out_dir} failed: {exc}",
            )
        ) from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
