"""Build stage: typed records to RDF quads in named graphs.

Each fact goes into the graph of every source that states it (or, if derived, into its own
derived-fact graph), and, when it is the preferred value, into the reconciled graph.
IRIs depend only on the curated ids and the base IRI, so rebuilding gives the same quads.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pyoxigraph import BlankNode, Literal, NamedNode, Quad

from mpsc_graph.core.errors import Location
from mpsc_graph.core.iris import Iris, slug
from mpsc_graph.core.vocab import (
    CV,
    DCTERMS,
    FOAF,
    MPSC,
    ORG,
    PAV,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    SKOS,
    WGS,
    WIKIDATA,
    XSD,
)
from mpsc_graph.curated.records import (
    Attendance,
    Conference,
    Dataset,
    Fact,
    Facts,
    LangText,
    LocalAuthority,
    ModelProject,
    Organisation,
    Participant,
    Person,
    Position,
    ProgrammeItem,
    Ref,
    Scheme,
    Solution,
    Source,
    State,
    Venue,
)

T = TypeVar("T")
Object = NamedNode | Literal | BlankNode
Triple3 = tuple[NamedNode, NamedNode, Object]

ITEM_CLASSES = {
    "welcome": (MPSC.WelcomeAddress, "Begrüßung", "Welcome address"),
    "keynote": (MPSC.Keynote, "Keynote", "Keynote"),
    "talk": (MPSC.Talk, "Impulsvortrag", "Talk"),
    "panel": (MPSC.PanelDiscussion, "Podiumsdiskussion", "Panel discussion"),
    "workshop": (MPSC.Workshop, "Workshop", "Workshop"),
    "marketplace": (MPSC.SolutionsMarketplace, "Markt der Möglichkeiten", "Solutions marketplace"),
    "excursion": (MPSC.Excursion, "Exkursion", "Excursion"),
    "project-presentation": (
        MPSC.ProjectPresentation,
        "Projektvorstellung",
        "Project presentation",
    ),
    "networking": (MPSC.NetworkingSession, "Networking", "Networking session"),
    "consultation": (MPSC.Consultation, "Beratung", "Consultation"),
}
AUTHORITY_CLASSES = {
    "municipality": MPSC.Municipality,
    "independent-city": MPSC.IndependentCity,
    "district": MPSC.District,
}
ORGANISATION_CLASSES = {
    "federal-ministry": MPSC.FederalMinistry,
    "state-ministry": MPSC.StateMinistry,
    "unit": ORG.OrganizationalUnit,
    "transfer-office": MPSC.TransferOffice,
    "project-agency": MPSC.ProjectManagementAgency,
    "cooperation": MPSC.IntermunicipalCooperation,
    "organisation": ORG.FormalOrganization,
}
SCHEME_TITLES = {"topic": "topic", "role": "role", "funding-category": "funding-category"}


@dataclass
class BuildResult:
    """The quads of the dataset and where their subjects and facts came from."""

    quads: list[Quad]
    origins: dict[str, Location] = field(default_factory=dict)  # subject IRI -> record
    fact_origins: dict[tuple[str, str], Location] = field(default_factory=dict)
    unused_sources: list[str] = field(default_factory=list)


def text_literals(text: LangText) -> list[Literal]:
    literals = [Literal(text.de, language="de")]
    if text.en:
        literals.append(Literal(text.en, language="en"))
    return literals


def date_literal(value: dt.date) -> Literal:
    return Literal(value.isoformat(), datatype=XSD.date)


def int_literal(value: int) -> Literal:
    return Literal(str(value), datatype=XSD.integer)


def preferred(facts: Facts[T]) -> T | None:
    for fact in facts:
        if fact.preferred:
            return fact.value
    return None


class _Builder:
    def __init__(self, dataset: Dataset, base: str) -> None:
        self.data = dataset
        self.iris = Iris(base)
        self.quads: list[Quad] = []
        self.origins: dict[str, Location] = {}
        self.fact_origins: dict[tuple[str, str], Location] = {}
        self.used_sources: set[str] = set()
        self.derivations: dict[NamedNode, Fact[Any]] = {}
        self.derived_count: dict[str, int] = {}
        self.node_of: dict[str, NamedNode] = {}  # record id -> IRI
        self.names: dict[str, LangText] = {}  # record id -> preferred name

    # --- emitting ------------------------------------------------------------------------

    def graphs_for(self, fact: Fact[T], entity: str, field_name: str) -> list[NamedNode]:
        if fact.derived:
            # One graph per derived fact: a list field may hold several, each with its own
            # explanation and sources (the 2nd, 3rd … get a counter).
            key = f"{entity}/{field_name}"
            count = self.derived_count[key] = self.derived_count.get(key, 0) + 1
            name = field_name if count == 1 else f"{field_name}-{count}"
            graph = self.iris.derived_graph(entity, name)
            self.derivations[graph] = fact
            graphs = [graph]
        else:
            self.used_sources.update(fact.sources)
            graphs = [self.iris.source_graph(s) for s in fact.sources]
        if fact.preferred:
            graphs.append(self.iris.reconciled)
        return graphs

    def emit(self, fact: Fact[T], triples: Iterable[Triple3], entity: str, field_name: str) -> None:
        graphs = self.graphs_for(fact, entity, field_name)
        for s, p, o in triples:
            self.fact_origins.setdefault((s.value, p.value), fact.location)
            for g in graphs:
                self.quads.append(Quad(s, p, o, g))

    def values(
        self,
        subject: NamedNode,
        predicate: NamedNode,
        facts: Facts[T],
        convert: Callable[[T], Iterable[Object] | Object],
        entity: str,
        field_name: str,
    ) -> None:
        for fact in facts:
            objects = convert(fact.value)
            if isinstance(objects, (NamedNode, Literal, BlankNode)):
                objects = [objects]
            self.emit(fact, ((subject, predicate, o) for o in objects), entity, field_name)

    def entity(
        self,
        subject: NamedNode,
        types: Iterable[NamedNode],
        sources: Iterable[str],
        location: Location,
    ) -> None:
        """Type an entity in the graphs of the sources that describe it, and reconciled."""
        self.origins.setdefault(subject.value, location)
        graphs = [self.iris.source_graph(s) for s in sorted(set(sources))]
        self.used_sources.update(sources)
        graphs.append(self.iris.reconciled)
        for cls in types:
            for g in graphs:
                self.quads.append(Quad(subject, RDF.type, cls, g))

    def reconciled(self, subject: NamedNode, predicate: NamedNode, obj: Object) -> None:
        """A generated statement (e.g. a display label) that no single source makes."""
        self.quads.append(Quad(subject, predicate, obj, self.iris.reconciled))

    def ref(self, ref: Ref) -> NamedNode:
        return self.node_of[ref.id]

    @staticmethod
    def sources_of(*fact_groups: Facts[Any], extra: Iterable[str] = ()) -> set[str]:
        found = set(extra)
        for facts in fact_groups:
            for fact in facts:
                if not fact.derived:
                    found.update(fact.sources)
        return found

    # --- records -------------------------------------------------------------------------

    def run(self) -> BuildResult:
        self.assign_iris()
        for scheme in self.data.schemes:
            self.scheme(scheme)
        for state in self.data.states:
            self.state(state)
        for authority in self.data.local_authorities:
            self.local_authority(authority)
        for org in self.data.organisations:
            self.organisation(org)
        for person in self.data.people:
            self.person(person)
        for project in self.data.model_projects:
            self.model_project(project)
        for solution in self.data.solutions:
            self.solution(solution)
        self.series()
        for conference in self.data.conferences:
            self.conference(conference)
        self.meta()
        unused = sorted({s.id for s in self.data.sources} - self.used_sources)
        return BuildResult(self.quads, self.origins, self.fact_origins, unused)

    def assign_iris(self) -> None:
        iris, data = self.iris, self.data
        for state in data.states:
            self.node_of[state.id] = iris.id(f"state/{state.key}")
            if name := preferred(state.name):
                self.names[state.id] = LangText(name)
        for a in data.local_authorities:
            key = preferred(a.key) or a.id
            kind = "district" if a.type == "district" else "municipality"
            self.node_of[a.id] = iris.id(f"{kind}/{key}")
            self.names[a.id] = preferred(a.name) or LangText(a.id)
        for o in data.organisations:
            self.node_of[o.id] = iris.id(f"organisation/{o.id}")
            self.names[o.id] = preferred(o.name) or LangText(o.id)
        for p in data.people:
            self.node_of[p.id] = iris.id(f"person/{p.id}")
            self.names[p.id] = LangText(preferred(p.name) or p.id)
        for scheme in data.schemes:
            for c in scheme.concepts:
                self.node_of[c.id] = iris.concept(scheme.id, c.id)
                self.names[c.id] = c.label
        for m in data.model_projects:
            self.node_of[m.id] = iris.id(f"model-project/{m.id}")
            self.names[m.id] = preferred(m.name) or LangText(m.id)
        for s in data.solutions:
            self.node_of[s.id] = iris.id(f"solution/{s.id}")
            self.names[s.id] = preferred(s.name) or LangText(s.id)
        for conference in data.conferences:
            self.node_of[conference.id] = iris.id(f"conference/{conference.id}")

    def labels(self, subject: NamedNode, facts: Facts[LangText], entity: str) -> None:
        self.values(subject, RDFS.label, facts, text_literals, entity, "name")

    def scheme(self, scheme: Scheme) -> None:
        g = self.iris.vocab_graph
        node = self.iris.scheme(scheme.id)
        self.origins.setdefault(node.value, scheme.location)
        quads = [Quad(node, RDF.type, SKOS.ConceptScheme, g)]
        quads += [Quad(node, SKOS.prefLabel, lit, g) for lit in text_literals(scheme.title)]
        quads += [Quad(node, RDFS.label, lit, g) for lit in text_literals(scheme.title)]
        if scheme.definition:
            quads += [
                Quad(node, SKOS.definition, lit, g) for lit in text_literals(scheme.definition)
            ]
        for c in scheme.concepts:
            concept = self.node_of[c.id]
            self.origins.setdefault(concept.value, c.location)
            quads.append(Quad(concept, RDF.type, SKOS.Concept, g))
            if scheme.id == "role":
                quads.append(Quad(concept, RDF.type, ORG.Role, g))
            quads.append(Quad(concept, SKOS.inScheme, node, g))
            quads += [Quad(concept, SKOS.prefLabel, lit, g) for lit in text_literals(c.label)]
            for lang, labels in sorted(c.alt_labels.items()):
                quads += [
                    Quad(concept, SKOS.altLabel, Literal(label, language=lang), g)
                    for label in labels
                ]
            if c.definition:
                quads += [
                    Quad(concept, SKOS.definition, lit, g) for lit in text_literals(c.definition)
                ]
            if c.broader:
                quads.append(Quad(concept, SKOS.broader, self.ref(c.broader), g))
            else:
                quads.append(Quad(concept, SKOS.topConceptOf, node, g))
                quads.append(Quad(node, SKOS.hasTopConcept, concept, g))
        self.quads += quads

    def state(self, state: State) -> None:
        node = self.node_of[state.id]
        entity = f"state/{state.key}"
        self.entity(node, [MPSC.FederalState], self.sources_of(state.name), state.location)
        self.values(
            node, RDFS.label, state.name, lambda n: Literal(n, language="de"), entity, "name"
        )
        self.values(node, MPSC.stateKey, state.name, lambda _: Literal(state.key), entity, "key")

    def local_authority(self, a: LocalAuthority) -> None:
        node = self.node_of[a.id]
        entity = node.value.removeprefix(self.iris.base + "id/")
        self.entity(node, [AUTHORITY_CLASSES[a.type]], self.sources_of(a.key, a.name), a.location)
        key_property = MPSC.districtKey if a.type == "district" else MPSC.ags
        self.values(node, key_property, a.key, Literal, entity, "key")
        self.labels(node, a.name, entity)
        self.values(node, MPSC.inFederalState, a.state, self.ref, entity, "state")
        decimal = lambda v: Literal(v, datatype=XSD.decimal)  # noqa: E731
        self.values(node, WGS.lat, a.lat, decimal, entity, "lat")
        self.values(node, WGS.long, a.lon, decimal, entity, "lon")
        self.values(node, MPSC.population, a.population, int_literal, entity, "population")
        self.values(node, MPSC.wikidata, a.wikidata, lambda q: WIKIDATA[q], entity, "wikidata")

    def organisation(self, o: Organisation) -> None:
        node = self.node_of[o.id]
        entity = f"organisation/{o.id}"
        sources = self.sources_of(o.name, extra=o.sources)
        self.entity(node, [ORGANISATION_CLASSES[o.type]], sources, o.location)
        self.labels(node, o.name, entity)
        self.values(
            node, SCHEMA.alternateName, o.alternate_names, Literal, entity, "alternate_names"
        )
        self.values(node, MPSC.inFederalState, o.state, self.ref, entity, "state")
        self.values(node, ORG.unitOf, o.unit_of, self.ref, entity, "unit_of")
        self.values(node, MPSC.housedBy, o.housed_by, self.ref, entity, "housed_by")
        self.values(
            node, PROV.actedOnBehalfOf, o.acts_on_behalf_of, self.ref, entity, "acts_on_behalf_of"
        )
        self.values(node, ORG.hasMember, o.members, self.ref, entity, "members")
        self.values(node, MPSC.leadMember, o.lead_member, self.ref, entity, "lead_member")
        for fact in o.successor_of:
            self.emit(fact, self.change_triples(o, fact.value), entity, "successor_of")

    def change_triples(self, successor: Organisation, original: Ref) -> Iterator[Triple3]:
        event = self.iris.id(f"change/{original.id}/{successor.id}")
        yield event, RDF.type, ORG.ChangeEvent
        yield event, ORG.originalOrganization, self.ref(original)
        yield self.node_of[successor.id], ORG.resultedFrom, event
        before, after = self.names[original.id], self.names[successor.id]
        yield event, RDFS.label, Literal(f"{before.de} → {after.de}", language="de")
        yield (
            event,
            RDFS.label,
            Literal(f"{before.en or before.de} → {after.en or after.de}", language="en"),
        )

    def person(self, p: Person) -> None:
        node = self.node_of[p.id]
        entity = f"person/{p.id}"
        self.entity(node, [FOAF.Person], self.sources_of(p.name, extra=p.sources), p.location)
        self.values(node, FOAF.name, p.name, Literal, entity, "name")
        self.values(node, RDFS.label, p.name, lambda n: Literal(n, language="de"), entity, "name")
        self.values(node, SCHEMA.honorificPrefix, p.honorific, Literal, entity, "honorific")
        for fact in p.positions:
            self.emit(fact, self.position_triples(node, p, fact.value), entity, "positions")
            membership = self.membership_iri(p, fact.value)
            self.origins.setdefault(membership.value, fact.location)
            self.values(
                membership, MPSC.positionTitle, fact.value.title, text_literals, entity, "title"
            )

    def membership_iri(self, p: Person, position: Position) -> NamedNode:
        return self.iris.id(f"person/{p.id}/position/{position.organisation.id}/{position.role.id}")

    def position_triples(self, node: NamedNode, p: Person, pos: Position) -> Iterator[Triple3]:
        membership = self.membership_iri(p, pos)
        yield membership, RDF.type, ORG.Membership
        yield membership, ORG.member, node
        yield membership, ORG.organization, self.ref(pos.organisation)
        yield membership, ORG.role, self.ref(pos.role)
        person = self.names[p.id].de
        org = self.names[pos.organisation.id]
        role = self.names[pos.role.id]
        yield membership, RDFS.label, Literal(f"{person}: {role.de} ({org.de})", language="de")
        yield (
            membership,
            RDFS.label,
            Literal(f"{person}: {role.en or role.de} ({org.en or org.de})", language="en"),
        )

    def model_project(self, m: ModelProject) -> None:
        node = self.node_of[m.id]
        entity = f"model-project/{m.id}"
        self.entity(node, [MPSC.ModelProject], self.sources_of(m.name), m.location)
        self.labels(node, m.name, entity)
        self.values(node, MPSC.fundingRecipient, m.recipient, self.ref, entity, "recipient")
        self.values(node, MPSC.cohort, m.cohort, int_literal, entity, "cohort")
        self.values(node, MPSC.fundingCategory, m.category, self.ref, entity, "category")

    def solution(self, s: Solution) -> None:
        node = self.node_of[s.id]
        entity = f"solution/{s.id}"
        cls = MPSC.Measure if s.type == "measure" else MPSC.Solution
        self.entity(node, [cls], self.sources_of(s.name), s.location)
        self.labels(node, s.name, entity)
        self.values(node, SCHEMA.description, s.description, text_literals, entity, "description")
        self.values(node, MPSC.developedBy, s.developed_by, self.ref, entity, "developed_by")
        self.values(node, SCHEMA.isBasedOn, s.based_on, self.ref, entity, "based_on")
        self.values(
            node, MPSC.partOfProject, s.part_of_project, self.ref, entity, "part_of_project"
        )

    def series(self) -> None:
        node = self.iris.series
        self.reconciled(node, RDF.type, MPSC.ConferenceSeries)
        self.reconciled(
            node,
            RDFS.label,
            Literal("Regionalkonferenzen der Modellprojekte Smart Cities", language="de"),
        )
        self.reconciled(
            node,
            RDFS.label,
            Literal("Regional conferences of the Smart Cities model projects", language="en"),
        )

    # --- conferences ---------------------------------------------------------------------

    def conference(self, c: Conference) -> None:
        node = self.node_of[c.id]
        entity = f"conference/{c.id}"
        sources = self.sources_of(c.date, c.hosts, extra=c.sources)
        self.entity(node, [MPSC.RegionalConference], sources, c.location)
        # Every source that reports a Regionalkonferenz places it in the series.
        for graph in [*(self.iris.source_graph(s) for s in sorted(sources)), self.iris.reconciled]:
            self.quads.append(Quad(node, SCHEMA.superEvent, self.iris.series, graph))
        self.fact_origins.setdefault((node.value, SCHEMA.superEvent.value), c.location)
        self.values(node, MPSC.conferenceNumber, c.number, int_literal, entity, "number")
        self.values(node, SCHEMA.startDate, c.date, date_literal, entity, "date")
        self.values(node, SCHEMA.endDate, c.end_date, date_literal, entity, "end_date")
        self.values(node, MPSC.hostedBy, c.hosts, self.ref, entity, "hosts")
        for fact in c.venue:
            self.emit(fact, self.venue_triples(node, fact.value), entity, "venue")
        self.values(
            node,
            SCHEMA.eventAttendanceMode,
            c.online,
            lambda online: (
                SCHEMA.OnlineEventAttendanceMode if online else SCHEMA.OfflineEventAttendanceMode
            ),
            entity,
            "online",
        )
        # schema.org has no "held" status: EventScheduled covers "took place as scheduled".
        self.values(
            node, SCHEMA.eventStatus, c.status, lambda _: SCHEMA.EventScheduled, entity, "status"
        )
        self.values(node, MPSC.motto, c.motto, text_literals, entity, "motto")
        self.values(node, DCTERMS.subject, c.topics, self.ref, entity, "topics")
        self.values(node, SCHEMA.organizer, c.organisers, self.ref, entity, "organisers")
        self.values(
            node, MPSC.commissionedBy, c.commissioned_by, self.ref, entity, "commissioned_by"
        )
        for count in c.attendance:
            self.emit(count, self.attendance_triples(node, count.value), entity, "attendance")
        label_de, label_en = self.conference_labels(c)
        self.reconciled(node, RDFS.label, Literal(label_de, language="de"))
        self.reconciled(node, RDFS.label, Literal(label_en, language="en"))
        for item in c.programme:
            self.item(c, node, item, (label_de, label_en))

    def conference_labels(self, c: Conference) -> tuple[str, str]:
        # Official names read "Jena, Stadt"; labels use the part before the comma.
        hosts = ", ".join(self.names[f.value.id].de.split(", ")[0] for f in c.hosts if f.preferred)
        number = preferred(c.number)
        if number is not None:
            suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10 if number // 10 != 1 else 0, "th")
            return (
                f"{number}. Regionalkonferenz ({hosts})",
                f"{number}{suffix} Regional Conference ({hosts})",
            )
        when = preferred(c.date)
        day = when.isoformat() if when else c.id
        return f"Regionalkonferenz {day} ({hosts})", f"Regional Conference {day} ({hosts})"

    def venue_triples(self, conference: NamedNode, venue: Venue) -> Iterator[Triple3]:
        node = self.iris.id(f"venue/{slug(venue.name)}")
        yield conference, SCHEMA.location, node
        yield node, RDF.type, MPSC.Venue
        yield node, RDFS.label, Literal(venue.name, language="de")
        yield node, SCHEMA.name, Literal(venue.name)
        if venue.address:
            yield node, SCHEMA.address, Literal(venue.address)
        if venue.state:
            yield node, MPSC.inFederalState, self.ref(venue.state)

    @staticmethod
    def attendance_triples(node: NamedNode, attendance: Attendance) -> Iterator[Triple3]:
        yield node, MPSC.attendeeCount, int_literal(attendance.count)
        yield node, MPSC.attendeeCountQualifier, Literal(attendance.qualifier)

    def item(
        self,
        c: Conference,
        conference: NamedNode,
        item: ProgrammeItem,
        conference_label: tuple[str, str],
    ) -> None:
        node = self.iris.id(f"conference/{c.id}/item/{item.id}")
        entity = f"conference/{c.id}/item/{item.id}"
        cls, type_de, type_en = ITEM_CLASSES[item.type]
        sources = self.sources_of(
            item.title, item.topics, item.participants, item.presents, item.presents_projects
        )
        if not sources:  # an item with no facts of its own rests on the conference's sources
            sources = set(c.sources)
        self.entity(node, [cls], sources, item.location)
        for g in sorted(sources):
            self.quads.append(Quad(node, SCHEMA.superEvent, conference, self.iris.source_graph(g)))
        self.reconciled(node, SCHEMA.superEvent, conference)
        self.fact_origins.setdefault((node.value, SCHEMA.superEvent.value), item.location)
        self.values(node, RDFS.label, item.title, text_literals, entity, "title")
        if not item.title:
            self.reconciled(
                node, RDFS.label, Literal(f"{type_de} – {conference_label[0]}", language="de")
            )
            self.reconciled(
                node, RDFS.label, Literal(f"{type_en} – {conference_label[1]}", language="en")
            )
        self.values(node, SCHEMA.startDate, item.date, date_literal, entity, "date")
        self.values(node, DCTERMS.subject, item.topics, self.ref, entity, "topics")
        self.values(node, MPSC.presents, item.presents, self.ref, entity, "presents")
        self.values(
            node,
            MPSC.presentsProject,
            item.presents_projects,
            self.ref,
            entity,
            "presents_projects",
        )
        item_label = preferred(item.title) or LangText(
            f"{type_de} – {conference_label[0]}", f"{type_en} – {conference_label[1]}"
        )
        for fact in item.participants:
            participation = self.iris.id(f"{entity}/participant/{fact.value.agent.id}")
            self.origins.setdefault(participation.value, fact.location)
            self.emit(
                fact,
                self.participation_triples(node, participation, fact.value, item_label),
                entity,
                "participants",
            )

    def participation_triples(
        self,
        item: NamedNode,
        node: NamedNode,
        participant: Participant,
        item_label: LangText,
    ) -> Iterator[Triple3]:
        yield item, CV.hasParticipation, node
        yield node, RDF.type, MPSC.Participation
        yield node, CV.hasParticipant, self.ref(participant.agent)
        if participant.role:
            yield node, CV.role, self.ref(participant.role)
        if participant.on_behalf_of:
            yield node, MPSC.onBehalfOf, self.ref(participant.on_behalf_of)
        name = self.names[participant.agent.id]
        yield node, RDFS.label, Literal(f"{name.de} – {item_label.de}", language="de")
        yield (
            node,
            RDFS.label,
            Literal(f"{name.en or name.de} – {item_label.en or item_label.de}", language="en"),
        )

    # --- provenance ----------------------------------------------------------------------

    def meta(self) -> None:
        g = self.iris.meta
        add = self.quads.append
        reconciled = self.iris.reconciled
        add(Quad(reconciled, RDF.type, PROV.Entity, g))
        add(Quad(reconciled, RDFS.label, Literal("Abgeglichener Graph", language="de"), g))
        add(Quad(reconciled, RDFS.label, Literal("Reconciled graph", language="en"), g))
        for source in self.data.sources:
            node = self.iris.id(f"source/{source.id}")
            self.origins.setdefault(node.value, source.location)
            for s, p, o in self.source_triples(node, source):
                add(Quad(s, p, o, g))
            if source.id not in self.used_sources:
                continue
            graph = self.iris.source_graph(source.id)
            activity = self.iris.id(f"activity/curation/{source.id}")
            when = Literal(f"{source.extracted.isoformat()}T00:00:00Z", datatype=XSD.dateTime)
            self.origins.setdefault(graph.value, source.location)
            add(Quad(graph, RDF.type, MPSC.FactGraph, g))
            add(Quad(graph, PROV.wasDerivedFrom, node, g))
            add(Quad(graph, PROV.wasGeneratedBy, activity, g))
            add(Quad(graph, PROV.generatedAtTime, when, g))
            add(Quad(activity, RDF.type, MPSC.CurationActivity, g))
            add(Quad(activity, PROV.used, node, g))
            add(Quad(activity, PROV.endedAtTime, when, g))
            add(Quad(reconciled, PROV.wasDerivedFrom, graph, g))
        for graph, fact in sorted(self.derivations.items(), key=lambda kv: kv[0].value):
            self.origins.setdefault(graph.value, fact.location)
            add(Quad(graph, RDF.type, MPSC.DerivedFactGraph, g))
            add(Quad(graph, RDFS.comment, Literal(fact.derived or "", language="de"), g))
            for source_id in fact.sources:
                add(Quad(graph, PROV.wasDerivedFrom, self.iris.id(f"source/{source_id}"), g))
            add(Quad(reconciled, PROV.wasDerivedFrom, graph, g))

    @staticmethod
    def source_triples(node: NamedNode, s: Source) -> Iterator[Triple3]:
        yield node, RDF.type, MPSC.ReferenceDataset if s.kind == "register" else MPSC.SourceArticle
        yield node, DCTERMS.title, Literal(s.title, language=s.language)
        yield node, RDFS.label, Literal(s.title, language=s.language)
        if s.url:
            yield node, SCHEMA.url, NamedNode(s.url)
        if s.citation:
            yield node, DCTERMS.bibliographicCitation, Literal(s.citation, language="de")
        if s.publisher:
            yield node, DCTERMS.publisher, Literal(s.publisher)
        if s.published:
            yield node, DCTERMS.issued, date_literal(s.published)
        if s.retrieved:
            yield node, PAV.retrievedOn, date_literal(s.retrieved)
        yield node, DCTERMS.language, Literal(s.language)
        if s.note:
            yield node, RDFS.comment, Literal(s.note, language="de")


def build(dataset: Dataset, base: str) -> BuildResult:
    """Turn curated records into quads (without duplicates; the pipeline sorts them)."""
    result = _Builder(dataset, base).run()
    result.quads = list(dict.fromkeys(result.quads))
    return result
