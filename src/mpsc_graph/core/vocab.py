"""Namespaces and the project vocabulary as pyoxigraph terms.

``MPSC`` is closed: a misspelt term raises ``AttributeError`` instead of minting a new IRI.
A test keeps its term list in step with ``ontology/mpsc.ttl``.
"""

from __future__ import annotations

from pyoxigraph import NamedNode

ONTOLOGY_IRI = "https://w3id.org/mpsc/ontology"
DEFAULT_BASE = "https://w3id.org/mpsc/"


class Namespace:
    """Makes ``NamedNode``s for the terms of one namespace."""

    def __init__(self, iri: str, terms: frozenset[str] | None = None) -> None:
        self.iri = iri
        self._terms = terms
        self._cache: dict[str, NamedNode] = {}

    def __getattr__(self, name: str) -> NamedNode:
        if name.startswith("_"):
            raise AttributeError(name)
        if self._terms is not None and name not in self._terms:
            raise AttributeError(f"{name} is not a term of {self.iri}")
        return self[name]

    def __getitem__(self, local: str) -> NamedNode:
        node = self._cache.get(local)
        if node is None:
            node = self._cache[local] = NamedNode(self.iri + local)
        return node


MPSC_TERMS = frozenset(
    [
        "RegionalConference",
        "ConferenceSeries",
        "ProgrammeItem",
        "WelcomeAddress",
        "Keynote",
        "Talk",
        "PanelDiscussion",
        "Workshop",
        "SolutionsMarketplace",
        "Excursion",
        "ProjectPresentation",
        "NetworkingSession",
        "Consultation",
        "LocalAuthority",
        "Municipality",
        "IndependentCity",
        "District",
        "IntermunicipalCooperation",
        "FederalState",
        "Ministry",
        "FederalMinistry",
        "StateMinistry",
        "TransferOffice",
        "ProjectManagementAgency",
        "ModelProject",
        "TransferObject",
        "Solution",
        "Measure",
        "FundedOrganisation",
        "Participation",
        "Venue",
        "Source",
        "SourceArticle",
        "ReferenceDataset",
        "FactGraph",
        "DerivedFactGraph",
        "CurationActivity",
        "conferenceNumber",
        "motto",
        "attendeeCount",
        "attendeeCountQualifier",
        "hostedBy",
        "commissionedBy",
        "inFederalState",
        "ags",
        "districtKey",
        "stateKey",
        "population",
        "wikidata",
        "fundingRecipient",
        "fundingCategory",
        "cohort",
        "presents",
        "presentsProject",
        "developedBy",
        "partOfProject",
        "onBehalfOf",
        "participant",
        "leadMember",
        "housedBy",
        "positionTitle",
    ]
)

MPSC = Namespace(ONTOLOGY_IRI + "#", MPSC_TERMS)
SCHEMA = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
CV = Namespace("http://data.europa.eu/m8g/")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
PROV = Namespace("http://www.w3.org/ns/prov#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
PAV = Namespace("http://purl.org/pav/")
WGS = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
OWL = Namespace("http://www.w3.org/2002/07/owl#")
VANN = Namespace("http://purl.org/vocab/vann/")
SH = Namespace("http://www.w3.org/ns/shacl#")
WIKIDATA = Namespace("http://www.wikidata.org/entity/")


def prefixes(base: str) -> dict[str, str]:
    """The prefixes used in every serialisation (``base`` is kept for later data prefixes)."""
    del base
    return {
        # No prefixes for {base}id/ and friends: their local parts contain slashes, which
        # Turtle would have to escape (id:conference\/rk-11); full IRIs read better.
        "mpsc": MPSC.iri,
        "schema": SCHEMA.iri,
        "org": ORG.iri,
        "cv": CV.iri,
        "skos": SKOS.iri,
        "prov": PROV.iri,
        "dcterms": DCTERMS.iri,
        "foaf": FOAF.iri,
        "pav": PAV.iri,
        "wgs": WGS.iri,
        "rdf": RDF.iri,
        "rdfs": RDFS.iri,
        "xsd": XSD.iri,
        "owl": OWL.iri,
        "vann": VANN.iri,
        "wd": WIKIDATA.iri,
    }
