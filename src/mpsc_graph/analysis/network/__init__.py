"""Network analysis stage: stored-query results to networkx graphs, metrics, tables and figures.

A pure projection in the spirit of kglab's ``networks.py``: the input is the result of three
stored queries (so it works the same for the embedded store and a remote endpoint), the
output is bytes and quads; nothing is read or written here.

Which facts become edges (named explicitly, as STYLE §3.2 asks):

* ``participation-edges`` gives the **conference–organisation bipartite graph**: one edge per
  (conference, organisation) pair, with the attribute ``relations`` (``host``, ``organiser``,
  ``commissioner``, ``participant``, ``presenter``, in that order, joined by ``;``) and
  ``weight`` = the number of those relations.
* Its **organisation projection** (``networkx.algorithms.bipartite.weighted_projected_graph``)
  links two organisations that took part in the same conference; ``weight`` = the number of
  conferences they share.
* ``topic-conferences`` gives the **topic–conference bipartite graph**.

Node keys are IRI strings. Organisations carry ``label``, ``kind``, ``category``, ``funded``,
``land`` (Länder joined by ``;``) and, where known, ``lat``/``long``; conferences ``label`` and
``date``; topics ``label``. Missing texts are empty strings, so GraphML and GEXF never see None.

Metrics, per organisation of the projection:

* **degree** (number of partner organisations), **weighted degree** (sum of shared
  conferences), **betweenness** (normalised, on hop distance: the weight is a strength, not a
  length) and **closeness** (hop distance, with networkx's Wasserman–Faust correction, so an
  organisation in a small component does not look central).
* **Eigenvector centrality** is computed per connected component with numpy's symmetric
  eigensolver (``numpy.linalg.eigh``) on the weighted adjacency matrix. On a disconnected
  graph the global principal eigenvector is zero outside the component with the largest
  eigenvalue, and power iteration (``nx.eigenvector_centrality``) may fail to converge;
  ``eigh`` always returns, needs no scipy, and by Perron–Frobenius the largest eigenvalue of
  a connected component is simple, so the vector is unique up to sign. Each component's
  vector has the Euclidean norm √(component size / all nodes), so for a connected graph the
  values equal networkx's; isolated organisations get 0.
* **Communities** by Louvain (``networkx.community.louvain_communities``, weighted, seed
  :data:`SEED`): it maximises modularity, needs no number of communities in advance, suits
  small weighted graphs and is built into networkx. Communities are numbered 1, 2, … by
  size (descending), ties by their smallest IRI.
* A **broker** is an organisation with betweenness > 0 whose neighbours in the projection lie
  in at least two Louvain communities: it sits on shortest paths *and* links communities.
  Brokers are ranked by betweenness (descending), then the number of communities reached
  (descending), then IRI.
* The **funded summary** compares the colour categories: funded model projects (``funded``
  true), non-funded local authorities (municipality, district, cooperation), ministries
  (federal or state), the KTS (transfer office) and other organisations (project agency,
  units, others). The KTS and ministry categories take precedence over ``funded``.

The **topic diffusion timeline** lists, per topic, the first date and conference, the last
date, the number of conferences and the Länder reached (the Länder of the conferences'
hosts), plus a step table with the cumulative counts after each conference.

Figures (PNG and SVG): ``network`` (the projection, seeded spring layout per connected
component, nodes coloured by category and sized by betweenness), ``topic-timeline`` (one row
per topic, first conference marked) and ``map`` (organisations placed by ``lat``/``long``, no
basemap; those without coordinates are left out and the caption says how many). Legends
and captions are in German and English.

Outputs are byte-identical on rebuilds: rows sorted, graphs built in sorted node and edge
order, Louvain and the spring layout seeded, numbers rounded to :data:`DECIMALS` places,
networkx's GEXF date stamp removed, and matplotlib run on Agg with fixed rcParams,
``svg.hashsalt`` and without date metadata. (Rendered pixels still depend on the
matplotlib and FreeType versions.)
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import hashlib
import importlib.util
import io
import logging
import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import matplotlib
import networkx as nx
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.typing import RcKeyType
from networkx.algorithms import bipartite as nx_bipartite
from pyoxigraph import Literal, NamedNode, Quad

from mpsc_graph.core.errors import InputError, Location, Problem, Text
from mpsc_graph.core.iris import Iris, slug
from mpsc_graph.core.vocab import PROV, RDF, RDFS, SCHEMA, XSD
from mpsc_graph.queries import QueryResult, Term

log = logging.getLogger(__name__)

NETWORK_QUERIES: dict[str, tuple[str, ...]] = {
    "participation-edges": ("conference", "conferenceLabel", "date", "organisation", "relation"),
    "organisations": ("organisation", "label", "kind", "funded", "land", "lat", "long"),
    "topic-conferences": ("topic", "topicLabel", "conference", "date"),
}
RELATIONS = ("host", "organiser", "commissioner", "participant", "presenter")
LOCAL_AUTHORITY_KINDS = ("municipality", "district", "cooperation")
MINISTRY_KINDS = ("federal-ministry", "state-ministry")
SEED = 42
DECIMALS = 6
# category -> (colour (Okabe–Ito, colour-blind safe), German, English)
CATEGORIES: dict[str, tuple[str, str, str]] = {
    "funded": ("#009E73", "gefördertes Modellprojekt", "funded model project"),
    "non-funded": ("#E69F00", "nicht geförderte Kommune", "non-funded local authority"),
    "ministry": ("#0072B2", "Ministerium", "ministry"),
    "kts": ("#D55E00", "KTS (Transferstelle)", "KTS (transfer office)"),
    "other": ("#999999", "andere", "other"),
}
_RC: dict[RcKeyType, Any] = {
    "backend": "Agg",
    "font.family": "DejaVu Sans",  # shipped with matplotlib: same glyphs everywhere
    "font.size": 8,
    "axes.unicode_minus": False,
    "figure.dpi": 100,
    "savefig.dpi": 100,  # PNG rasterising was the largest share of the network stage
    "svg.fonttype": "none",
    "svg.hashsalt": "mpsc-graph",
    "path.simplify": True,
}
_LABELLED_NODES = 12


# --- records read from the query results -------------------------------------------------


@dataclass(frozen=True)
class Organisation:
    iri: str
    label: str
    kind: str
    funded: bool
    lands: tuple[str, ...]
    lat: float | None
    long: float | None

    @property
    def category(self) -> str:
        if self.kind == "transfer-office":
            return "kts"
        if self.kind in MINISTRY_KINDS:
            return "ministry"
        if self.funded:
            return "funded"
        return "non-funded" if self.kind in LOCAL_AUTHORITY_KINDS else "other"


@dataclass(frozen=True)
class Conference:
    iri: str
    label: str
    date: str  # ISO date or ""


@dataclass(frozen=True)
class OrganisationMetrics:
    organisation: str
    conferences: int  # degree in the bipartite graph
    participations: int  # sum of relations over its conferences
    degree: int
    weighted_degree: int
    betweenness: float
    closeness: float
    eigenvector: float
    community: int
    broker: bool


@dataclass(frozen=True)
class Broker:
    rank: int
    organisation: str
    betweenness: float
    degree: int
    betweenness_per_degree: float
    communities_reached: int
    laender_reached: int


@dataclass(frozen=True)
class TopicSpread:
    topic: str
    label: str
    first_date: str
    first_conference: str
    last_date: str
    conferences: int
    laender: tuple[str, ...]


@dataclass(frozen=True)
class DiffusionStep:
    topic: str
    date: str
    conference: str
    cumulative_conferences: int
    cumulative_laender: int


# --- the result --------------------------------------------------------------------------


@dataclass
class NetworkAnalysis:
    """The graphs, metrics and timeline of one analysis; ``files`` and ``quads`` render it."""

    bipartite: Any  # nx.Graph: conference–organisation
    projection: Any  # nx.Graph: organisation–organisation, weight = shared conferences
    topic_graph: Any  # nx.Graph: topic–conference
    organisations: dict[str, Organisation]
    conferences: dict[str, Conference]
    metrics: dict[str, OrganisationMetrics]
    communities: tuple[tuple[str, ...], ...]  # community i + 1 -> sorted member IRIs
    brokers: tuple[Broker, ...]
    timeline: tuple[TopicSpread, ...]
    diffusion: tuple[DiffusionStep, ...]
    analysis_graph: NamedNode
    base: str
    generated_at: str

    def files(self, prefix: str = "reports/network/") -> dict[str, bytes]:
        """Every output, keyed by ``prefix`` + file name (default: relative to the out dir)."""
        out = {
            "organisations-metrics.csv": self._metrics_csv(),
            "communities.csv": self._communities_csv(),
            "brokers.csv": self._brokers_csv(),
            "funded-summary.csv": self._funded_csv(),
            "topic-timeline.csv": self._timeline_csv(),
            "topic-diffusion.csv": self._diffusion_csv(),
        }
        graphs = {
            "conference-organisation": self.bipartite,
            "organisation-projection": self.projection,
            "topic-conference": self.topic_graph,
        }
        for name, graph in graphs.items():
            out[f"{name}.graphml"] = _graphml(graph)
            out[f"{name}.gexf"] = _gexf(graph)
        for name, draw, size in (
            ("network", self._draw_network, (10.0, 8.0)),
            ("topic-timeline", self._draw_timeline, (10.0, 1.5 + 0.28 * len(self.timeline))),
            ("map", self._draw_map, (8.0, 9.0)),
        ):
            out[f"{name}.png"], out[f"{name}.svg"] = _render(draw, size)
        return {prefix + name: content for name, content in sorted(out.items())}

    def quads(self) -> list[Quad]:
        """The metrics as RDF in the analysis graph, with its PROV-O description."""
        return _analysis_quads(self)

    # tables

    def _label(self, iri: str) -> str:
        if iri in self.organisations:
            return self.organisations[iri].label
        if iri in self.conferences:
            return self.conferences[iri].label
        return _tail(iri)

    def _metrics_csv(self) -> bytes:
        header = (
            "organisation label kind category funded land conferences "
            "participations degree weighted_degree betweenness closeness "
            "eigenvector community broker"
        )
        rows = []
        for iri, m in sorted(self.metrics.items()):
            org = self.organisations[iri]
            rows.append(
                [
                    iri,
                    org.label,
                    org.kind,
                    org.category,
                    _bool(org.funded),
                    ";".join(org.lands),
                    m.conferences,
                    m.participations,
                    m.degree,
                    m.weighted_degree,
                    _decimal(m.betweenness),
                    _decimal(m.closeness),
                    _decimal(m.eigenvector),
                    m.community,
                    _bool(m.broker),
                ]
            )
        return _csv(header, rows)

    def _communities_csv(self) -> bytes:
        header = "community size organisation label category land"
        rows = []
        for number, members in enumerate(self.communities, start=1):
            for iri in members:
                org = self.organisations[iri]
                rows.append(
                    [number, len(members), iri, org.label, org.category, ";".join(org.lands)]
                )
        return _csv(header, rows)

    def _brokers_csv(self) -> bytes:
        header = (
            "rank organisation label category betweenness degree "
            "betweenness_per_degree communities_reached laender_reached"
        )
        rows = [
            [
                b.rank,
                b.organisation,
                self._label(b.organisation),
                self.organisations[b.organisation].category,
                _decimal(b.betweenness),
                b.degree,
                _decimal(b.betweenness_per_degree),
                b.communities_reached,
                b.laender_reached,
            ]
            for b in self.brokers
        ]
        return _csv(header, rows)

    def _funded_csv(self) -> bytes:
        header = (
            "category label_de label_en organisations conferences_attended "
            "conferences_hosted participations mean_degree mean_weighted_degree "
            "mean_betweenness mean_closeness mean_eigenvector brokers"
        )
        rows = [[key, de, en, *self._summary_of(key)] for key, (_, de, en) in CATEGORIES.items()]
        return _csv(header, rows)

    def _summary_of(self, category: str) -> list[object]:
        members = [
            m
            for iri, m in sorted(self.metrics.items())
            if self.organisations[iri].category == category
        ]
        attended: set[str] = set()
        hosted: set[str] = set()
        for m in members:
            for conference, data in self.bipartite[m.organisation].items():
                attended.add(conference)
                if "host" in data["relations"].split(";"):
                    hosted.add(conference)

        def mean(values: Iterable[float]) -> str:
            items = list(values)
            return _decimal(sum(items) / len(items)) if items else ""

        return [
            len(members),
            len(attended),
            len(hosted),
            sum(m.participations for m in members),
            mean(m.degree for m in members),
            mean(m.weighted_degree for m in members),
            mean(m.betweenness for m in members),
            mean(m.closeness for m in members),
            mean(m.eigenvector for m in members),
            sum(m.broker for m in members),
        ]

    def _timeline_csv(self) -> bytes:
        header = (
            "topic label first_date first_conference first_conference_label "
            "last_date conferences laender_reached laender"
        )
        rows = [
            [
                t.topic,
                t.label,
                t.first_date,
                t.first_conference,
                self._label(t.first_conference),
                t.last_date,
                t.conferences,
                len(t.laender),
                ";".join(t.laender),
            ]
            for t in self.timeline
        ]
        return _csv(header, rows)

    def _diffusion_csv(self) -> bytes:
        header = "topic date conference conference_label cumulative_conferences cumulative_laender"
        rows = [
            [
                s.topic,
                s.date,
                s.conference,
                self._label(s.conference),
                s.cumulative_conferences,
                s.cumulative_laender,
            ]
            for s in self.diffusion
        ]
        return _csv(header, rows)

    # figures

    def _draw_network(self, fig: Figure) -> None:
        ax = fig.add_subplot()
        positions = _layout(self.projection)
        _draw_graph(ax, self, positions)
        ax.set_axis_off()
        ax.set_title(
            "Organisationsnetz der Regionalkonferenzen\n"
            "Organisation network of the regional conferences"
        )
        _legend(
            fig,
            "Kante: gemeinsame Konferenzen (Breite = Anzahl); Größe: Betweenness\n"
            "Edge: shared conferences (width = number); size: betweenness",
        )

    def _draw_map(self, fig: Figure) -> None:
        ax = fig.add_subplot()
        positions = {
            iri: (org.long, org.lat)
            for iri, org in sorted(self.organisations.items())
            if org.lat is not None and org.long is not None
        }
        missing = self.projection.number_of_nodes() - len(positions)
        if positions:
            _draw_graph(ax, self, positions)
            mean_lat = sum(y for _, y in positions.values()) / len(positions)
            ax.set_aspect(1 / max(math.cos(math.radians(mean_lat)), 0.1))
        else:
            ax.text(0.5, 0.5, "keine Koordinaten / no coordinates", ha="center", va="center")
        ax.set_xlabel("Länge / longitude (°E)")
        ax.set_ylabel("Breite / latitude (°N)")
        ax.set_title("Organisationen nach Koordinaten\nOrganisations by coordinates")
        total = self.projection.number_of_nodes()
        _legend(
            fig,
            f"{missing} von {total} Organisationen ohne Koordinaten sind nicht dargestellt.\n"
            f"{missing} of {total} organisations have no coordinates and are not shown.",
        )

    def _draw_timeline(self, fig: Figure) -> None:
        fig.subplots_adjust(left=0.3, bottom=0.08)  # room for the topic labels
        ax = fig.add_subplot()
        ax.set_title("Verbreitung der Themen / Topic diffusion")
        steps: dict[str, list[DiffusionStep]] = defaultdict(list)
        for step in self.diffusion:
            steps[step.topic].append(step)
        dated = [t for t in self.timeline if t.first_date]
        if not dated:
            ax.text(0.5, 0.5, "keine datierten Themen / no dated topics", ha="center")
            ax.set_axis_off()
            return
        for y, spread in enumerate(reversed(dated)):
            days = [_day(s.date) for s in steps[spread.topic] if s.date]
            ax.plot(days, [y] * len(days), color="#999999", linewidth=0.8, zorder=1)
            ax.scatter(days[1:], [y] * (len(days) - 1), s=14, color="#0072B2", zorder=2)
            ax.scatter(days[:1], [y], s=40, color="#D55E00", marker="D", zorder=3)
        ax.set_yticks(range(len(dated)), [_short(t.label, 40) for t in reversed(dated)])
        every = [_day(s.date) for s in self.diffusion if s.date]
        ticks = _month_ticks(dt.date.fromordinal(min(every)), dt.date.fromordinal(max(every)))
        ax.set_xticks([t.toordinal() for t in ticks], [t.strftime("%Y-%m") for t in ticks])
        ax.set_xlabel("Datum / date")
        ax.grid(axis="x", color="#dddddd", linewidth=0.5)
        fig.legend(
            handles=[
                Line2D([], [], marker="D", color="#D55E00", linestyle="", label="erste / first"),
                Line2D([], [], marker="o", color="#0072B2", linestyle="", label="weitere / later"),
            ],
            loc="outside lower center",
            ncols=2,
            fontsize=7,
        )


# --- the entry point ---------------------------------------------------------------------


def analyse(
    results: Mapping[str, QueryResult],
    analysis_graph: NamedNode,
    base: str,
    generated_at: str,
) -> NetworkAnalysis:
    """Analyse the results of the queries in :data:`NETWORK_QUERIES` (keyed by query name)."""
    organisations = _read_organisations(_rows(results, "organisations"))
    conferences, participations = _read_participations(
        _rows(results, "participation-edges"), organisations
    )
    topic_rows = _rows(results, "topic-conferences")
    _add_topic_conferences(conferences, topic_rows)
    bipartite = _bipartite_graph(organisations, conferences, participations)
    participants = sorted({org for _, org, _ in participations})
    projection = _project(bipartite, participants)
    communities = _communities(projection)
    community_of = {iri: i for i, members in enumerate(communities, start=1) for iri in members}
    metrics = _metrics(bipartite, projection, community_of)
    brokers = _brokers(projection, metrics, community_of, organisations)
    broker_set = {b.organisation for b in brokers}
    metrics = {iri: dataclasses.replace(m, broker=iri in broker_set) for iri, m in metrics.items()}
    topic_graph, topic_labels = _topic_graph(topic_rows, conferences)
    timeline, diffusion = _diffusion(
        topic_graph, topic_labels, conferences, bipartite, organisations
    )
    log.debug(
        "network: %d organisations, %d conferences, %d communities, %d brokers, %d topics",
        projection.number_of_nodes(),
        len(conferences),
        len(communities),
        len(brokers),
        len(timeline),
    )
    return NetworkAnalysis(
        bipartite=bipartite,
        projection=projection,
        topic_graph=topic_graph,
        organisations={iri: organisations[iri] for iri in participants},
        conferences=conferences,
        metrics=metrics,
        communities=communities,
        brokers=brokers,
        timeline=timeline,
        diffusion=diffusion,
        analysis_graph=analysis_graph,
        base=base,
        generated_at=generated_at,
    )


# --- reading the query results -----------------------------------------------------------


Row = dict[str, Term | None]


def _query_error(name: str, de: str, en: str, field: str | None = None) -> InputError:
    return InputError(
        [Problem(Location(Path(f"queries/{name}.rq"), None, field), Text(de, en))],
        Text("in der Netzwerkanalyse", "in the network analysis"),
    )


def _rows(results: Mapping[str, QueryResult], name: str) -> list[Row]:
    if name not in results:
        raise _query_error(name, "Ergebnis der Abfrage fehlt", "query result missing")
    result = results[name]
    missing = [v for v in NETWORK_QUERIES[name] if v not in result.variables]
    if missing:
        wanted = " ".join("?" + v for v in NETWORK_QUERIES[name])
        raise _query_error(
            name,
            f"Variable ?{missing[0]} fehlt; erwartet: {wanted}",
            f"variable ?{missing[0]} missing; expected: {wanted}",
        )
    return [dict(zip(result.variables, row, strict=True)) for row in result.rows]


def _text(term: Term | None) -> str:
    return "" if term is None else term.value


def _tail(iri: str) -> str:
    return re.split(r"[/#]", iri.rstrip("/"))[-1]


def _name(term: Term | None) -> str:
    """A relation or kind given as a literal or as an IRI (its last path segment)."""
    return _tail(term.value) if isinstance(term, NamedNode) else _text(term)


def _best_label(labels: Iterable[Term | None]) -> str:
    """The German label if there is one, else the smallest: independent of row order."""
    candidates = [t for t in labels if isinstance(t, Literal)]
    if not candidates:
        return ""
    best = min(candidates, key=lambda t: (t.language != "de", t.language or "", t.value))
    return best.value


def _float(term: Term | None) -> float | None:
    try:
        return float(term.value) if isinstance(term, Literal) else None
    except ValueError:
        return None


def _read_organisations(rows: list[Row]) -> dict[str, Organisation]:
    grouped: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        if isinstance(row["organisation"], NamedNode):
            grouped[row["organisation"].value].append(row)
    organisations = {}
    for iri, group in sorted(grouped.items()):
        coordinates = sorted(
            (lat, long)
            for lat, long in ((_float(r["lat"]), _float(r["long"])) for r in group)
            if lat is not None and long is not None
        )
        organisations[iri] = Organisation(
            iri=iri,
            label=_best_label(r["label"] for r in group) or _tail(iri),
            kind=min((_name(r["kind"]) for r in group if r["kind"] is not None), default="other"),
            funded=any(_text(r["funded"]) in ("true", "1") for r in group),
            lands=tuple(sorted({_text(r["land"]) for r in group if r["land"] is not None})),
            lat=coordinates[0][0] if coordinates else None,
            long=coordinates[0][1] if coordinates else None,
        )
    return organisations


Participation = tuple[str, str, str]  # conference, organisation, relation


def _read_participations(
    rows: list[Row], organisations: dict[str, Organisation]
) -> tuple[dict[str, Conference], set[Participation]]:
    """Conferences and participations; organisations unknown to ``organisations`` are added."""
    labels: dict[str, list[Term | None]] = defaultdict(list)
    dates: dict[str, set[str]] = defaultdict(set)
    participations: set[Participation] = set()
    for row in rows:
        conference, organisation = row["conference"], row["organisation"]
        if not isinstance(conference, NamedNode) or not isinstance(organisation, NamedNode):
            continue
        relation = _name(row["relation"])
        if relation not in RELATIONS:
            allowed = ", ".join(RELATIONS)
            raise _query_error(
                "participation-edges",
                f"unbekannte Beziehung „{relation}“; erlaubt: {allowed}",
                f"unknown relation '{relation}'; allowed: {allowed}",
                "?relation",
            )
        labels[conference.value].append(row["conferenceLabel"])
        if row["date"] is not None:
            dates[conference.value].add(_text(row["date"]))
        participations.add((conference.value, organisation.value, relation))
        if organisation.value not in organisations:
            organisations[organisation.value] = Organisation(
                organisation.value, _tail(organisation.value), "other", False, (), None, None
            )
    conferences = {
        iri: Conference(iri, _best_label(labels[iri]) or _tail(iri), min(dates[iri], default=""))
        for iri in sorted(labels)
    }
    return conferences, participations


def _add_topic_conferences(conferences: dict[str, Conference], rows: list[Row]) -> None:
    """Add the conferences only the topic query knows, and dates the other query lacks."""
    dates: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        if isinstance(row["conference"], NamedNode):
            dates[row["conference"].value].add(_text(row["date"]))
    for iri, found in sorted(dates.items()):
        date = min(found - {""}, default="")
        known = conferences.get(iri, Conference(iri, _tail(iri), ""))
        conferences[iri] = Conference(iri, known.label, known.date or date)


# --- graphs ------------------------------------------------------------------------------


def _sorted_graph(graph: Any) -> Any:
    """A copy with nodes and edges in sorted order: stable files and stable algorithms."""
    out = nx.Graph()
    out.add_nodes_from((n, dict(graph.nodes[n])) for n in sorted(graph.nodes))
    edges = sorted((min(u, v), max(u, v), dict(d)) for u, v, d in graph.edges(data=True))
    out.add_edges_from(edges)
    return out


def _project(bipartite: Any, organisations: list[str]) -> Any:
    """The organisation projection; weight = number of shared conferences."""
    if not organisations:  # networkx refuses to project an empty graph
        return nx.Graph()
    return _sorted_graph(nx_bipartite.weighted_projected_graph(bipartite, organisations))


def _organisation_attributes(org: Organisation) -> dict[str, object]:
    attributes: dict[str, object] = {
        "bipartite": 1,
        "type": "organisation",
        "label": org.label,
        "kind": org.kind,
        "category": org.category,
        "funded": org.funded,
        "land": ";".join(org.lands),
    }
    if org.lat is not None and org.long is not None:
        attributes["lat"] = org.lat
        attributes["long"] = org.long
    return attributes


def _conference_attributes(conference: Conference) -> dict[str, object]:
    return {
        "bipartite": 0,
        "type": "conference",
        "label": conference.label,
        "date": conference.date,
    }


def _bipartite_graph(
    organisations: dict[str, Organisation],
    conferences: dict[str, Conference],
    participations: set[Participation],
) -> Any:
    relations: dict[tuple[str, str], set[str]] = defaultdict(set)
    for conference, organisation, relation in participations:
        relations[(conference, organisation)].add(relation)
    graph = nx.Graph()
    attending = sorted({c for c, _ in relations})
    graph.add_nodes_from((c, _conference_attributes(conferences[c])) for c in attending)
    graph.add_nodes_from(
        (o, _organisation_attributes(organisations[o])) for o in sorted({o for _, o in relations})
    )
    for (conference, organisation), names in sorted(relations.items()):
        ordered = [r for r in RELATIONS if r in names]
        graph.add_edge(conference, organisation, relations=";".join(ordered), weight=len(names))
    return _sorted_graph(graph)


def _topic_graph(rows: list[Row], conferences: dict[str, Conference]) -> tuple[Any, dict[str, str]]:
    labels: dict[str, list[Term | None]] = defaultdict(list)
    edges: set[tuple[str, str]] = set()
    for row in rows:
        topic, conference = row["topic"], row["conference"]
        if isinstance(topic, NamedNode) and isinstance(conference, NamedNode):
            labels[topic.value].append(row["topicLabel"])
            edges.add((topic.value, conference.value))
    topic_labels = {t: _best_label(ls) or _tail(t) for t, ls in sorted(labels.items())}
    graph = nx.Graph()
    graph.add_nodes_from(
        (t, {"bipartite": 0, "type": "topic", "label": label}) for t, label in topic_labels.items()
    )
    graph.add_nodes_from(
        (c, _conference_attributes(conferences[c])) for c in sorted({c for _, c in edges})
    )
    graph.add_edges_from(sorted(edges), weight=1)
    return _sorted_graph(graph), topic_labels


# --- metrics -----------------------------------------------------------------------------


def _round(value: float) -> float:
    return round(float(value), DECIMALS) + 0.0  # + 0.0 turns -0.0 into 0.0


def _communities(projection: Any) -> tuple[tuple[str, ...], ...]:
    if projection.number_of_nodes() == 0:
        return ()
    found = nx.community.louvain_communities(projection, weight="weight", seed=SEED)
    members = [tuple(sorted(c)) for c in found]
    return tuple(sorted(members, key=lambda c: (-len(c), c[0])))


def _eigenvector(projection: Any) -> dict[str, float]:
    """Per connected component, scaled to norm √(share of nodes); see the module docstring."""
    total = projection.number_of_nodes()
    values: dict[str, float] = {}
    for component in sorted(nx.connected_components(projection), key=min):
        nodes = sorted(component)
        if len(nodes) == 1:
            values[nodes[0]] = 0.0
            continue
        matrix = nx.to_numpy_array(projection, nodelist=nodes, weight="weight")
        _, vectors = np.linalg.eigh(matrix)
        principal = np.abs(vectors[:, -1])
        principal *= math.sqrt(len(nodes) / total) / float(np.linalg.norm(principal))
        values.update((n, float(v)) for n, v in zip(nodes, principal, strict=True))
    return values


def _metrics(
    bipartite: Any, projection: Any, community_of: Mapping[str, int]
) -> dict[str, OrganisationMetrics]:
    betweenness = nx.betweenness_centrality(projection, normalized=True)
    closeness = nx.closeness_centrality(projection)
    eigenvector = _eigenvector(projection)
    metrics = {}
    for iri in sorted(projection.nodes):
        metrics[iri] = OrganisationMetrics(
            organisation=iri,
            conferences=bipartite.degree(iri),
            participations=bipartite.degree(iri, weight="weight"),
            degree=projection.degree(iri),
            weighted_degree=projection.degree(iri, weight="weight"),
            betweenness=_round(betweenness[iri]),
            closeness=_round(closeness[iri]),
            eigenvector=_round(eigenvector[iri]),
            community=community_of[iri],
            broker=False,
        )
    return metrics


def _brokers(
    projection: Any,
    metrics: Mapping[str, OrganisationMetrics],
    community_of: Mapping[str, int],
    organisations: Mapping[str, Organisation],
) -> tuple[Broker, ...]:
    """Betweenness > 0 and neighbours in at least two communities; ranked."""
    found = []
    for iri, m in metrics.items():
        neighbours = sorted(projection[iri])
        reached = {community_of[n] for n in neighbours}
        if m.betweenness > 0 and len(reached) >= 2:
            laender = {land for n in neighbours for land in organisations[n].lands}
            found.append((iri, m, len(reached), len(laender)))
    found.sort(key=lambda f: (-f[1].betweenness, -f[2], f[0]))
    return tuple(
        Broker(
            rank=rank,
            organisation=iri,
            betweenness=m.betweenness,
            degree=m.degree,
            betweenness_per_degree=_round(m.betweenness / m.degree),
            communities_reached=communities,
            laender_reached=laender,
        )
        for rank, (iri, m, communities, laender) in enumerate(found, start=1)
    )


# --- topic diffusion ---------------------------------------------------------------------


def _conference_laender(
    bipartite: Any, organisations: Mapping[str, Organisation]
) -> dict[str, set[str]]:
    """The Länder of each conference: those of its hosts."""
    laender: dict[str, set[str]] = defaultdict(set)
    for u, v, data in bipartite.edges(data=True):
        conference, organisation = (u, v) if bipartite.nodes[u]["type"] == "conference" else (v, u)
        if "host" in data["relations"].split(";"):
            laender[conference].update(organisations[organisation].lands)
    return laender


def _diffusion(
    topic_graph: Any,
    topic_labels: Mapping[str, str],
    conferences: Mapping[str, Conference],
    bipartite: Any,
    organisations: Mapping[str, Organisation],
) -> tuple[tuple[TopicSpread, ...], tuple[DiffusionStep, ...]]:
    laender_of = _conference_laender(bipartite, organisations)
    spreads, steps = [], []
    for topic, label in topic_labels.items():
        used = sorted(
            topic_graph[topic], key=lambda c: (not conferences[c].date, conferences[c].date, c)
        )
        reached: set[str] = set()
        for count, conference in enumerate(used, start=1):
            reached |= laender_of.get(conference, set())
            steps.append(
                DiffusionStep(topic, conferences[conference].date, conference, count, len(reached))
            )
        dated = [conferences[c].date for c in used if conferences[c].date]
        spreads.append(
            TopicSpread(
                topic=topic,
                label=label,
                first_date=dated[0] if dated else "",
                first_conference=used[0],
                last_date=dated[-1] if dated else "",
                conferences=len(used),
                laender=tuple(sorted(reached)),
            )
        )
    spreads.sort(key=lambda s: (not s.first_date, s.first_date, s.topic))
    return tuple(spreads), tuple(steps)


# --- files -------------------------------------------------------------------------------


def _decimal(value: float) -> str:
    return f"{_round(value):.{DECIMALS}f}"


def _bool(value: bool) -> str:
    return "true" if value else "false"


def _csv(header: str, rows: Iterable[Sequence[object]]) -> bytes:
    """A CSV table; ``header`` names the columns, separated by spaces."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header.split())
    writer.writerows(rows)
    return buffer.getvalue().encode()


def _graphml(graph: Any) -> bytes:
    buffer = io.BytesIO()
    nx.write_graphml(graph, buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue()


def _gexf(graph: Any) -> bytes:
    buffer = io.BytesIO()
    nx.write_gexf(graph, buffer, encoding="utf-8", prettyprint=True)
    # networkx stamps today's date; drop it so rebuilds are byte-identical
    return re.sub(rb' lastmodifieddate="[0-9-]+"', b"", buffer.getvalue(), count=1)


# --- figures -----------------------------------------------------------------------------


def _render(draw: Callable[[Figure], None], size: tuple[float, float]) -> tuple[bytes, bytes]:
    """PNG and SVG of one figure, drawn on Agg with fixed rcParams and no date metadata."""
    with matplotlib.rc_context(_RC):
        fig = Figure(figsize=size)
        # Fixed margins: constrained layout doubled the rendering time of the build.
        fig.subplots_adjust(left=0.08, right=0.96, top=0.91, bottom=0.17)
        FigureCanvasAgg(fig)
        draw(fig)
        png, svg = io.BytesIO(), io.BytesIO()
        fig.savefig(png, format="png", metadata={"Software": None})
        fig.savefig(svg, format="svg", metadata={"Date": None, "Creator": None})
    return png.getvalue(), svg.getvalue()


def _layout(graph: Any) -> dict[str, tuple[float, float]]:
    """Seeded spring layout: the largest component in [-1, 1]², the others in rows below.

    (A spring layout of a disconnected graph pushes the small components to the edges.)
    """
    components = sorted(
        (sorted(c) for c in nx.connected_components(graph)), key=lambda c: (-len(c), c[0])
    )
    if not components:
        return {}
    positions = _spring(graph.subgraph(components[0]), 1.0, (0.0, 0.0))
    columns = max(4, math.ceil(math.sqrt(len(components) - 1)))
    cell = 2.0 / columns
    for index, component in enumerate(components[1:]):
        row, column = divmod(index, columns)
        centre = (-1.0 + cell * (column + 0.5), -1.2 - cell * (row + 0.5))
        positions.update(_spring(graph.subgraph(component), 0.35 * cell, centre))
    return dict(sorted(positions.items()))


def _spring(
    graph: Any, scale: float, centre: tuple[float, float]
) -> dict[str, tuple[float, float]]:
    """networkx's numpy spring layout (its scipy variant takes over from 500 nodes).

    The graph is copied with sorted nodes and edges first: projections and subgraphs keep
    set order, which differs between processes, and the layout depends on node order.
    """
    ordered = nx.Graph()
    ordered.add_nodes_from(sorted(graph.nodes()))
    ordered.add_edges_from(
        sorted(
            (min(u, v), max(u, v), dict(sorted(d.items()))) for u, v, d in graph.edges(data=True)
        )
    )
    graph = ordered
    if graph.number_of_nodes() >= 500 and importlib.util.find_spec("scipy") is None:
        found = nx.circular_layout(graph, scale=scale, center=centre)
    else:
        found = nx.spring_layout(graph, seed=SEED, weight="weight", scale=scale, center=centre)
    return {n: (float(x), float(y)) for n, (x, y) in found.items()}


def _draw_graph(
    ax: Any, analysis: NetworkAnalysis, positions: Mapping[str, tuple[float, float]]
) -> None:
    """Edges, nodes coloured by category and sized by betweenness, top nodes labelled."""
    graph = analysis.projection
    segments, widths = [], []
    for u, v, data in graph.edges(data=True):
        if u in positions and v in positions:
            segments.append([positions[u], positions[v]])
            widths.append(0.3 + 0.4 * min(data["weight"], 5))
    ax.add_collection(LineCollection(segments, linewidths=widths, colors="#bbbbbb", zorder=1))
    nodes = list(positions)
    metrics = analysis.metrics
    ax.scatter(
        [positions[n][0] for n in nodes],
        [positions[n][1] for n in nodes],
        s=[25 + 600 * metrics[n].betweenness for n in nodes],
        c=[CATEGORIES[analysis.organisations[n].category][0] for n in nodes],
        edgecolors="white",
        linewidths=0.5,
        zorder=2,
    )
    ranked = sorted(nodes, key=lambda n: (-metrics[n].betweenness, -metrics[n].degree, n))
    for n in ranked[:_LABELLED_NODES]:
        x, y = positions[n]
        ax.annotate(
            _short(analysis.organisations[n].label, 28),
            (x, y),
            xytext=(4, 4),
            textcoords="offset points",
            fontsize=6,
            zorder=3,
        )
    ax.autoscale_view()


def _legend(fig: Figure, caption: str) -> None:
    """The colour categories below the axes, with the figure's caption as the legend title."""
    handles = [
        Line2D([], [], marker="o", linestyle="", color=colour, label=f"{de} / {en}")
        for colour, de, en in CATEGORIES.values()
    ]
    fig.legend(
        handles=handles,
        loc="outside lower center",
        ncols=2,
        fontsize=7,
        title=caption,
        title_fontsize=7,
    )


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _day(value: str) -> int:
    """An ISO date as a day number (proleptic ordinal), the x axis of the timeline."""
    return dt.date.fromisoformat(value[:10]).toordinal()


def _month_ticks(first: dt.date, last: dt.date) -> list[dt.date]:
    """First days of months from ``first`` to after ``last``, at most about 12 of them."""
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    step = next(s for s in (1, 2, 3, 6, 12, 24, 60, 120) if months / s <= 12 or s == 120)
    start = (first.year * 12 + first.month - 1) // step * step
    ticks = []
    for index in range(start, last.year * 12 + last.month + step, step):
        ticks.append(dt.date(index // 12, index % 12 + 1, 1))
    return ticks


# --- RDF ---------------------------------------------------------------------------------


def _metrics_iris(base: str, organisations: Iterable[str]) -> dict[str, NamedNode]:
    """``{base}id/analysis/network/{slug}``; a slug clash gets a hash suffix."""
    prefix = base + "id/"
    slugs: dict[str, list[str]] = defaultdict(list)
    for iri in sorted(organisations):
        slugs[slug(iri.removeprefix(prefix)) or "organisation"].append(iri)
    iris = {}
    for name, owners in slugs.items():
        for iri in owners:
            unique = name if len(owners) == 1 else f"{name}-{_hash(iri)}"
            iris[iri] = NamedNode(f"{base}id/analysis/network/{unique}")
    return iris


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:8]


def _property_values(m: OrganisationMetrics) -> list[tuple[str, Literal]]:
    def integer(value: int) -> Literal:
        return Literal(str(value), datatype=XSD.integer)

    def decimal(value: float) -> Literal:
        return Literal(_decimal(value), datatype=XSD.decimal)

    return [
        ("conferences", integer(m.conferences)),
        ("participations", integer(m.participations)),
        ("degree", integer(m.degree)),
        ("weighted-degree", integer(m.weighted_degree)),
        ("betweenness", decimal(m.betweenness)),
        ("closeness", decimal(m.closeness)),
        ("eigenvector", decimal(m.eigenvector)),
        ("louvain-community", integer(m.community)),
        ("broker", Literal(_bool(m.broker), datatype=XSD.boolean)),
    ]


def _analysis_quads(analysis: NetworkAnalysis) -> list[Quad]:
    graph = analysis.analysis_graph
    iris = Iris(analysis.base)
    activity = iris.id("activity/network-analysis")
    time = Literal(analysis.generated_at, datatype=XSD.dateTime)
    queries = ", ".join(NETWORK_QUERIES)
    triples: list[tuple[NamedNode, NamedNode, NamedNode | Literal]] = [
        (graph, RDF.type, PROV.Entity),
        (graph, RDFS.label, Literal("Netzwerkanalyse der Regionalkonferenzen", language="de")),
        (graph, RDFS.label, Literal("Network analysis of the regional conferences", language="en")),
        (graph, PROV.wasGeneratedBy, activity),
        (graph, PROV.wasDerivedFrom, iris.reconciled),
        (graph, PROV.generatedAtTime, time),
        (activity, RDF.type, PROV.Activity),
        (activity, RDFS.label, Literal("Netzwerkanalyse", language="de")),
        (activity, RDFS.label, Literal("Network analysis", language="en")),
        (activity, PROV.used, iris.reconciled),
        (activity, PROV.endedAtTime, time),
        (
            activity,
            RDFS.comment,
            Literal(
                f"Gespeicherte Abfragen: {queries}. Zentralitäten mit networkx, "
                f"Louvain-Gemeinschaften (Seed {SEED}).",
                language="de",
            ),
        ),
        (
            activity,
            RDFS.comment,
            Literal(
                f"Stored queries: {queries}. Centralities with networkx, "
                f"Louvain communities (seed {SEED}).",
                language="en",
            ),
        ),
    ]
    metric_iris = _metrics_iris(analysis.base, analysis.metrics)
    for iri, m in sorted(analysis.metrics.items()):
        node = metric_iris[iri]
        label = analysis.organisations[iri].label
        triples += [
            (node, RDF.type, PROV.Entity),
            (node, RDFS.label, Literal(f"Netzwerkmaße: {label}", language="de")),
            (node, RDFS.label, Literal(f"Network metrics: {label}", language="en")),
            (node, SCHEMA.about, NamedNode(iri)),
            (node, PROV.wasGeneratedBy, activity),
        ]
        for name, value in _property_values(m):
            value_node = NamedNode(f"{node.value}/{name}")
            triples += [
                (node, SCHEMA.additionalProperty, value_node),
                (value_node, RDF.type, SCHEMA.PropertyValue),
                (value_node, SCHEMA.propertyID, Literal(name)),
                (value_node, SCHEMA.value, value),
            ]
    return [Quad(s, p, o, graph) for s, p, o in triples]
