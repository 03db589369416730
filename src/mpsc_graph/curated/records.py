"""Typed records of the curated data. Every fact keeps its sources and its location."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from mpsc_graph.core.errors import Location

T = TypeVar("T")


@dataclass(frozen=True)
class LangText:
    """A text with a German value and, optionally, an English one."""

    de: str
    en: str | None = None


@dataclass(frozen=True)
class Ref:
    """A reference to another record by id; resolved after all files are read."""

    id: str
    kinds: frozenset[str]


@dataclass(frozen=True)
class Fact(Generic[T]):
    """One curated statement.

    ``sources`` are the sources that state it, or, for a derived fact, the sources it was
    derived from. ``preferred`` is False for an alternative that lost to another source.
    """

    value: T
    sources: tuple[str, ...]
    location: Location
    derived: str | None = None
    preferred: bool = True
    note: str | None = None


Facts = tuple[Fact[T], ...]


@dataclass(frozen=True)
class Source:
    id: str
    kind: str  # article | register
    title: str
    extracted: dt.date
    location: Location
    url: str | None = None
    citation: str | None = None
    publisher: str | None = None
    published: dt.date | None = None
    retrieved: dt.date | None = None
    language: str = "de"
    note: str | None = None


@dataclass(frozen=True)
class State:
    id: str
    key: str
    name: Facts[str]
    location: Location


@dataclass(frozen=True)
class LocalAuthority:
    id: str
    type: str  # municipality | independent-city | district
    key: Facts[str]
    name: Facts[LangText]
    state: Facts[Ref]
    location: Location
    lat: Facts[str] = ()
    lon: Facts[str] = ()
    population: Facts[int] = ()
    wikidata: Facts[str] = ()


@dataclass(frozen=True)
class Organisation:
    id: str
    type: str
    name: Facts[LangText]
    location: Location
    sources: tuple[str, ...] = ()
    alternate_names: Facts[str] = ()
    state: Facts[Ref] = ()
    unit_of: Facts[Ref] = ()
    housed_by: Facts[Ref] = ()
    acts_on_behalf_of: Facts[Ref] = ()
    members: Facts[Ref] = ()
    lead_member: Facts[Ref] = ()
    successor_of: Facts[Ref] = ()


@dataclass(frozen=True)
class Position:
    organisation: Ref
    role: Ref
    title: Facts[LangText] = ()


@dataclass(frozen=True)
class Person:
    id: str
    name: Facts[str]
    location: Location
    sources: tuple[str, ...] = ()
    honorific: Facts[str] = ()
    positions: Facts[Position] = ()


@dataclass(frozen=True)
class Concept:
    id: str
    scheme: str
    label: LangText
    location: Location
    alt_labels: dict[str, tuple[str, ...]] = field(default_factory=dict)
    definition: LangText | None = None
    broader: Ref | None = None


@dataclass(frozen=True)
class Scheme:
    id: str  # topic | role | funding-category
    title: LangText
    location: Location
    definition: LangText | None = None
    concepts: tuple[Concept, ...] = ()


@dataclass(frozen=True)
class ModelProject:
    id: str
    name: Facts[LangText]
    location: Location
    recipient: Facts[Ref] = ()
    cohort: Facts[int] = ()
    category: Facts[Ref] = ()


@dataclass(frozen=True)
class Solution:
    id: str
    type: str  # solution | measure
    name: Facts[LangText]
    location: Location
    description: Facts[LangText] = ()
    developed_by: Facts[Ref] = ()
    based_on: Facts[Ref] = ()
    part_of_project: Facts[Ref] = ()


@dataclass(frozen=True)
class Venue:
    name: str
    address: str | None = None
    state: Ref | None = None


@dataclass(frozen=True)
class Attendance:
    count: int
    qualifier: str  # exact | approximately | more-than


@dataclass(frozen=True)
class Participant:
    agent: Ref  # a person, or an organisation
    is_person: bool
    role: Ref | None = None
    on_behalf_of: Ref | None = None


@dataclass(frozen=True)
class ProgrammeItem:
    id: str
    type: str
    location: Location
    title: Facts[LangText] = ()
    date: Facts[dt.date] = ()
    topics: Facts[Ref] = ()
    presents: Facts[Ref] = ()
    presents_projects: Facts[Ref] = ()
    participants: Facts[Participant] = ()


@dataclass(frozen=True)
class Conference:
    id: str
    location: Location
    date: Facts[dt.date]
    hosts: Facts[Ref]
    number: Facts[int] = ()
    end_date: Facts[dt.date] = ()
    status: Facts[str] = ()
    venue: Facts[Venue] = ()
    online: Facts[bool] = ()
    motto: Facts[LangText] = ()
    organisers: Facts[Ref] = ()
    commissioned_by: Facts[Ref] = ()
    attendance: Facts[Attendance] = ()
    topics: Facts[Ref] = ()
    sources: tuple[str, ...] = ()  # the record's own list: what its items default to
    programme: tuple[ProgrammeItem, ...] = ()


@dataclass(frozen=True)
class Dataset:
    """Everything read from a data directory."""

    sources: tuple[Source, ...]
    states: tuple[State, ...]
    local_authorities: tuple[LocalAuthority, ...]
    organisations: tuple[Organisation, ...]
    people: tuple[Person, ...]
    schemes: tuple[Scheme, ...]
    model_projects: tuple[ModelProject, ...]
    solutions: tuple[Solution, ...]
    conferences: tuple[Conference, ...]
