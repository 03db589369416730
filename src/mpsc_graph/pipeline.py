"""The order of the stages. ``build`` is the main job: load, build, reason, validate, queries,
network analysis, export.

This is the only module that knows the order; the CLI calls these functions.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing as mp
import os
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import pyoxigraph
from pyoxigraph import Literal, NamedNode, Quad, RdfFormat

from mpsc_graph import __version__
from mpsc_graph.core.errors import InputError, Location, Problem, Text
from mpsc_graph.core.iris import Iris
from mpsc_graph.core.settings import Settings
from mpsc_graph.core.vocab import PROV, RDF, RDFS, prefixes
from mpsc_graph.curated.load import load
from mpsc_graph.curated.records import Dataset
from mpsc_graph.export import graph_quads, jsonld_context, serialize, write_atomically
from mpsc_graph.mapping import BuildResult, build
from mpsc_graph.queries import QueryResult, StoredQuery, bind, load_queries, render, run
from mpsc_graph.reason import DEFAULT_TIMEOUT, Reasoning, ReasoningOutcome, default_cache_dir
from mpsc_graph.reason import start as start_reasoner
from mpsc_graph.store import GraphStore
from mpsc_graph.validate import ValidationReport, load_ontology, load_shapes, validate

GRAPH_SELECTIONS = ("reconciled", "all", "ontology")


@dataclass
class Built:
    """The dataset of one build: records, quads of every graph, and the store holding them."""

    settings: Settings
    records: Dataset
    result: BuildResult
    quads: list[Quad]
    store: GraphStore
    iris: Iris

    @property
    def prefixes(self) -> dict[str, str]:
        return prefixes(self.settings.base)

    def select(self, selection: str) -> list[Quad]:
        """The quads of ``reconciled`` (with the SKOS vocabulary), ``ontology`` or ``all``."""
        if selection == "all":
            return self.quads
        if selection == "ontology":
            return graph_quads(self.quads, [self.iris.ontology_graph])
        return graph_quads(self.quads, [self.iris.reconciled, self.iris.vocab_graph])

    def context(self) -> dict[str, Any]:
        return jsonld_context(self.select("ontology"), self.prefixes)


def _quad_key(q: Quad) -> tuple[str, str, str, str]:
    return (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object))


def read_ontology(settings: Settings, graph: NamedNode) -> list[Quad]:
    path = settings.ontology_dir / "mpsc.ttl"
    try:
        parsed = pyoxigraph.Dataset(
            Quad(q.subject, q.predicate, q.object, graph)
            for q in pyoxigraph.parse(path=str(path), format=RdfFormat.TURTLE)
        )
        # Blank nodes (owl:unionOf lists) get fresh ids on every parse; canonical labels
        # (RDFC-1.0) keep rebuilds byte-identical.
        parsed.canonicalize(pyoxigraph.CanonicalizationAlgorithm.RDFC_1_0)
        return list(parsed)
    except (SyntaxError, OSError) as exc:
        raise InputError(
            [Problem(Location(path), Text(f"Ontologie nicht lesbar: {exc}", f"cannot read: {exc}"))]
        ) from exc


def assemble(settings: Settings) -> Built:
    """Load the curated data and build the dataset in the embedded store."""
    records = load(settings.data_dir)
    result = build(records, settings.base)
    iris = Iris(settings.base)
    ontology = read_ontology(settings, iris.ontology_graph)
    quads = sorted(set(result.quads) | set(ontology), key=_quad_key)
    return Built(settings, records, result, quads, GraphStore(quads), iris)


def check(built: Built) -> ValidationReport:
    """Validate the reconciled data, the vocabulary and the provenance graph."""
    iris = built.iris
    data = graph_quads(built.quads, [iris.reconciled, iris.vocab_graph, iris.meta])
    return validate(
        data,
        built.store,
        shapes=load_shapes(built.settings.shapes_dir),
        ontology=load_ontology(built.settings.ontology_dir),
        origins=built.result.origins,
        fact_origins=built.result.fact_origins,
        system_graphs=[
            iris.reconciled,
            iris.vocab_graph,
            iris.ontology_graph,
            iris.meta,
            iris.analysis_graph,
        ],
        meta_graph=iris.meta,
    )


def inferred_graph(iris: Iris) -> NamedNode:
    """The named graph of what the reasoner infers (docs/model.md, "Named graphs")."""
    return NamedNode(iris.base + "graph/inferred")


def reasoning_input(built: Built) -> list[Quad]:
    """What the reasoner sees besides the ontology: the graphs that validation checks."""
    iris = built.iris
    return graph_quads(built.quads, [iris.reconciled, iris.vocab_graph, iris.meta])


def start_reasoning(
    built: Built,
    *,
    reasoner: str = "hermit",
    timeout: float = DEFAULT_TIMEOUT,
    cache: bool = True,
) -> Reasoning:
    """Start the reasoner on the built dataset (or answer from the cache); ``.result()`` waits."""
    return start_reasoner(
        built.settings.ontology_dir,
        reasoning_input(built),
        graph=inferred_graph(built.iris),
        reasoner=reasoner,
        timeout=timeout,
        cache_dir=default_cache_dir() if cache else None,
        origins=built.result.origins,
        fact_origins=built.result.fact_origins,
    )


def read_rdf(paths: list[Path]) -> list[Quad]:
    """Quads of RDF files in any format pyoxigraph reads, chosen by the file suffix."""
    quads: list[Quad] = []
    for path in paths:
        fmt = RdfFormat.from_extension(path.suffix.lstrip(".")) if path.suffix else None
        if fmt is None:
            raise InputError(
                [
                    Problem(
                        Location(path),
                        Text(
                            "unbekanntes RDF-Format; erwartet .ttl, .trig, .nt, .nq, .jsonld, .rdf",
                            "unknown RDF format; expected .ttl, .trig, .nt, .nq, .jsonld, .rdf",
                        ),
                    )
                ]
            )
        try:
            quads += pyoxigraph.parse(path=str(path), format=fmt, base_iri=path.resolve().as_uri())
        except (SyntaxError, OSError) as exc:
            raise InputError(
                [Problem(Location(path), Text(f"nicht lesbar: {exc}", f"cannot read: {exc}"))]
            ) from exc
    return quads


def inferred_dataset(
    iris: Iris, outcome: ReasoningOutcome, used: list[NamedNode] | None = None
) -> list[Quad]:
    """The inferred graph: the reasoner's inferences and their PROV-O description (no time, so
    that rebuilds stay byte-identical). Empty if the data are inconsistent."""
    if not outcome.consistent:
        return []
    graph = outcome.graph
    activity = iris.id("activity/reasoning")
    used = (
        [iris.reconciled, iris.vocab_graph, iris.meta, iris.ontology_graph]
        if used is None
        else used
    )
    try:
        version = metadata.version("owlready2")
    except metadata.PackageNotFoundError:  # pragma: no cover - owlready2 is a dependency
        version = "?"
    name = outcome.name
    triples: list[tuple[NamedNode, NamedNode, NamedNode | Literal]] = [
        (graph, RDF.type, PROV.Entity),
        (graph, RDFS.label, Literal("Vom Reasoner gefolgerte Aussagen", language="de")),
        (graph, RDFS.label, Literal("Statements inferred by the reasoner", language="en")),
        (graph, PROV.wasGeneratedBy, activity),
        (activity, RDF.type, PROV.Activity),
        (activity, RDFS.label, Literal(f"Schlussfolgern mit {name}", language="de")),
        (activity, RDFS.label, Literal(f"Reasoning with {name}", language="en")),
        (
            activity,
            RDFS.comment,
            Literal(
                f"{name} über owlready2 {version}: Klassenzugehörigkeiten und "
                "Objekteigenschaftswerte, die aus Ontologie und Daten folgen, ohne das schon "
                "Angegebene.",
                language="de",
            ),
        ),
        (
            activity,
            RDFS.comment,
            Literal(
                f"{name} through owlready2 {version}: the class memberships and object "
                "property values that follow from the ontology and the data, without what "
                "they state already.",
                language="en",
            ),
        ),
    ]
    for source in used:
        triples += [(graph, PROV.wasDerivedFrom, source), (activity, PROV.used, source)]
    return [*outcome.quads, *(Quad(s, p, o, graph) for s, p, o in triples)]


def reasoning_summary(outcome: ReasoningOutcome, quads: int) -> dict[str, Any]:
    """The reasoning section of build-report.json (no times: rebuilds stay byte-identical)."""
    return {
        "reasoner": outcome.reasoner,
        "consistent": outcome.consistent,
        "graph": outcome.graph.value,
        "quads": quads,
        "class_memberships": outcome.class_memberships,
        "property_values": outcome.property_values,
        "per_class": outcome.per_class(),
        "per_property": outcome.per_property(),
        "conflicts": [
            {
                "kind": c.kind,
                "individual": c.individual,
                "axiom": c.axiom,
                "message": {"de": c.text.de, "en": c.text.en},
                "file": str(c.location.file) if c.location else None,
                "line": c.location.line if c.location else None,
            }
            for c in outcome.conflicts
        ],
    }


NETWORK_QUERIES = ("participation-edges", "organisations", "topic-conferences")


def run_stored_queries(
    built: Built, names: tuple[str, ...] | None = None
) -> dict[str, tuple[StoredQuery, QueryResult]]:
    """Run stored queries on the built dataset; required parameters take their examples."""
    stored = load_queries(built.settings.queries_dir)
    results = {}
    for query in stored:
        if names is not None and query.name not in names:
            continue
        examples = {p.name: p.example for p in query.parameters if p.required}
        bound = bind(query, examples, built.settings.base)
        results[query.name] = (
            query,
            run(query, built.store, bound, built.iris.query_default_graphs),
        )
    return results


def query_reports(
    results: dict[str, tuple[StoredQuery, QueryResult]], base: str
) -> dict[str, bytes]:
    """reports/queries/: every result as CSV (SELECT) or Turtle (CONSTRUCT), with an index."""
    files: dict[str, bytes] = {}
    index = []
    for name, (query, result) in sorted(results.items()):
        suffix = "ttl" if result.kind == "construct" else "csv"
        files[f"reports/queries/{name}.{suffix}"] = render(result, suffix, base)
        index.append(
            {
                "name": name,
                "summary": query.summary,
                "file": f"{name}.{suffix}",
                "rows": len(result.triples) if result.kind == "construct" else len(result.rows),
                "parameters": {p.name: p.example for p in query.parameters if p.required},
            }
        )
    files["reports/queries/index.json"] = _json(index)
    return files


def analysis_time(built: Built) -> str:
    """A fixed time for the analysis provenance: the latest curation date (rebuilds stay equal)."""
    latest = max((s.extracted for s in built.records.sources), default=None)
    return f"{latest.isoformat() if latest else '1970-01-01'}T00:00:00Z"


def network_analysis(
    built: Built, results: dict[str, QueryResult]
) -> tuple[dict[str, bytes], list[Quad]]:
    """The transfer-network analysis of docs: files under reports/network/ and RDF quads."""
    from mpsc_graph.analysis.network import (
        analyse,  # deferred: networkx and matplotlib are slow to import
    )

    analysis = analyse(
        results, built.iris.analysis_graph, built.settings.base, analysis_time(built)
    )
    return analysis.files(), analysis.quads()


@dataclass
class BuildOutcome:
    built: Built
    report: ValidationReport
    reasoning: ReasoningOutcome
    files: dict[str, int]  # file name -> size in bytes
    summary: dict[str, Any]
    seconds: dict[str, float]  # wall time per stage; reported, never written to files


_PENDING: Built | None = None  # what a forked validation worker checks


def _check_pending() -> tuple[ValidationReport, float]:
    assert _PENDING is not None
    clock = time.perf_counter()
    report = check(_PENDING)
    return report, time.perf_counter() - clock


def _validate_alongside(built: Built) -> Callable[[], tuple[ValidationReport, float]]:
    """Start validation in a forked worker, so that it runs on the second core while the
    queries, the network analysis and the export run here; return a function that waits.

    pySHACL is pure Python, so threads would not help. Where fork is unavailable (or with
    MPSC_PARALLEL=0) validation simply runs now.
    """
    global _PENDING
    if os.environ.get("MPSC_PARALLEL", "1") == "0" or "fork" not in mp.get_all_start_methods():
        result = _check_pending_for(built)
        return lambda: result
    _PENDING = built
    pool = ProcessPoolExecutor(max_workers=1, mp_context=mp.get_context("fork"))
    future = pool.submit(_check_pending)
    _PENDING = None

    def wait() -> tuple[ValidationReport, float]:
        try:
            return future.result()
        finally:
            pool.shutdown()

    return wait


def _check_pending_for(built: Built) -> tuple[ValidationReport, float]:
    clock = time.perf_counter()
    report = check(built)
    return report, time.perf_counter() - clock


def run_build(
    settings: Settings, *, reasoner: str = "hermit", reason_timeout: float = DEFAULT_TIMEOUT
) -> BuildOutcome:
    """The main job: everything under ``settings.out_dir``, written atomically.

    The reasoner (a Java process) and validation (a forked worker) run while the queries and
    the network analysis run here; the export waits for the inferred graph.
    """
    clock = time.perf_counter()
    built = assemble(settings)
    seconds = {"load+build": time.perf_counter() - clock}
    # First the reasoner: its process is forked before the validation pool starts a thread.
    reasoning = start_reasoning(built, reasoner=reasoner, timeout=reason_timeout)
    try:
        validation = _validate_alongside(built)
    except BaseException:
        reasoning.cancel()
        raise
    try:
        clock = time.perf_counter()
        results = run_stored_queries(built)
        reports = query_reports(results, settings.base)
        seconds["queries"] = time.perf_counter() - clock
        clock = time.perf_counter()
        network_files, analysis_quads = network_analysis(
            built,
            {name: result for name, (_, result) in results.items() if name in NETWORK_QUERIES},
        )
        seconds["network"] = time.perf_counter() - clock
        inference = reasoning.result()
        seconds["reason (parallel)"] = inference.seconds
    except BaseException:
        reasoning.cancel()
        with contextlib.suppress(Exception):
            validation()  # let the worker finish, so that no process is left behind
        raise
    inferred = inferred_dataset(built.iris, inference)
    dataset = sorted(set(built.quads) | set(analysis_quads) | set(inferred), key=_quad_key)
    clock = time.perf_counter()
    context = built.context()
    reconciled_view = built.select("reconciled") + built.select("ontology")
    serialised = {
        "mpsc.trig": serialize(dataset, "trig", built.prefixes),
        "mpsc.nq": serialize(dataset, "nq", built.prefixes),
        "mpsc.ttl": serialize(reconciled_view, "ttl", built.prefixes),
        "mpsc.jsonld": serialize(dataset, "jsonld", built.prefixes, context),
    }
    seconds["export"] = time.perf_counter() - clock
    report, seconds["validate (parallel)"] = validation()
    summary = build_summary(built, report, inference, len(inferred))
    files = {
        **reports,
        **network_files,
        **serialised,
        "context.jsonld": _json({"@context": context}),
        "build-report.json": _json(summary),
        "validation.txt": report.to_text("de").encode() + b"\n" + report.to_text("en").encode(),
        "validation.json": report.to_json("en").encode(),
    }
    write_atomically(settings.out_dir, files)
    return BuildOutcome(
        built, report, inference, {k: len(v) for k, v in files.items()}, summary, seconds
    )


def build_summary(
    built: Built,
    report: ValidationReport,
    reasoning: ReasoningOutcome | None = None,
    inferred_quads: int = 0,
) -> dict[str, Any]:
    """Counts that describe the build; deterministic, so rebuilds stay byte-identical."""
    per_graph = Counter(
        q.graph_name.value for q in built.quads if isinstance(q.graph_name, NamedNode)
    )
    per_class = Counter(
        q.object.value
        for q in built.select("reconciled")
        if q.predicate == RDF.type and isinstance(q.object, NamedNode)
    )
    data = built.records
    return {
        "generator": f"mpsc-graph {__version__}",
        "base": built.settings.base,
        "records": {
            "sources": len(data.sources),
            "conferences": len(data.conferences),
            "programme_items": sum(len(c.programme) for c in data.conferences),
            "local_authorities": len(data.local_authorities),
            "organisations": len(data.organisations),
            "people": len(data.people),
            "model_projects": len(data.model_projects),
            "solutions": len(data.solutions),
            "concepts": sum(len(s.concepts) for s in data.schemes),
        },
        "quads": len(built.quads),
        "graphs": dict(sorted(per_graph.items())),
        "entities_per_class": dict(sorted(per_class.items())),
        "unused_sources": built.result.unused_sources,
        "validation": {
            "conforms": report.conforms,
            "violations": report.count("violation"),
            "warnings": report.count("warning"),
        },
        **(
            {"reasoning": reasoning_summary(reasoning, inferred_quads)}
            if reasoning is not None
            else {}
        ),
    }


def _json(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode()
