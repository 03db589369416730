"""Query benchmark: every stored query on embedded Oxigraph and on plain rdflib, side by side.

Usage::

    python bench/bench_queries.py [--factors 1 100] [--repeat 5] [--repeat-for 100=3]
                                  [--rdflib-timeout 60] [--rdflib-timeout-for 1=600]
                                  [--oxigraph-timeout 60] [--out bench/out] [--data data]
                                  [--only NAME ...]
                                  [--queries queries]

For each scale the dataset is assembled once (``mpsc_graph.pipeline.assemble``; factor 1 is
the real ``data/``, factor N the synthetic data of ``bench/synth.py`` in
``OUT/data-xN``, regenerated only when ``data/`` or ``synth.py`` changed). Then every stored
query runs, with the header's example value for each required parameter, on

- **Oxigraph**: the project's path, ``mpsc_graph.queries.run`` on ``built.store`` with the
  default graph ``Iris.query_default_graphs`` (every graph stays reachable with ``GRAPH``);
- **rdflib**: an ``rdflib.Dataset`` with the same layout (the triples of the four default
  graphs in its default graph, every graph of the build as a named graph) and the same query
  text (``with_values(query.text, bound)``), run with ``dataset.query``. It runs in a forked
  worker process, so that a query slower than ``--rdflib-timeout`` can be abandoned (the
  worker is killed and restarted; that query is reported as ``> cap``).

Both answers are compared (SELECT: multisets of rows of N-Triples strings; CONSTRUCT:
isomorphic graphs; ASK: the boolean). The engines alternate per repetition and query, and the
reported time is the median per query; the suite time is the sum of the medians. Output: a
Markdown table on stdout and ``OUT/query-results.json``. See bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import hashlib
import json
import multiprocessing
import os
import platform
import re
import statistics
import subprocess
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

import pyoxigraph
import rdflib
import rdflib.plugins.sparql
import synth
from pyoxigraph import BlankNode, Literal, NamedNode, Quad, Triple
from rdflib.compare import isomorphic

from mpsc_graph.core.errors import MpscError
from mpsc_graph.core.settings import Settings
from mpsc_graph.export import rdflib_term
from mpsc_graph.pipeline import Built, assemble
from mpsc_graph.queries import QueryResult, StoredQuery, bind, load_queries, run, with_values
from mpsc_graph.store import GraphStore

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
TARGET_REAL_SUITE_S = 0.5
TARGET_RATIO = 10.0
TARGET_RATIO_FACTOR = 100
WARM_UP = "ASK { ?s ?p ?o }"  # pays one-time costs (imports, parser set-up) before timing
ENGINES = ("oxigraph", "rdflib")
EXAMPLES_SHOWN = 3  # rows or triples shown per side of a mismatch
PAIRED_ROWS = 50  # differing SELECT rows that are paired to find the differing columns

Term = NamedNode | BlankNode | Literal


# --- answers: engine-neutral, comparable -------------------------------------------------


@dataclass(frozen=True)
class Answer:
    """A query result as N-Triples strings, comparable across engines.

    SELECT rows are tuples of N-Triples terms ("" for unbound) in the order of the sorted
    variable names; CONSTRUCT triples are N-Triples lines; ASK is the boolean.
    """

    kind: str
    variables: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    triples: tuple[str, ...] = ()
    boolean: bool | None = None

    @property
    def size(self) -> int:
        if self.kind == "select":
            return len(self.rows)
        if self.kind == "construct":
            return len(set(self.triples))
        return 1


def select_answer(variables: Iterable[str], rows: Iterable[Iterable[Term | None]]) -> Answer:
    names = tuple(variables)
    order = sorted(range(len(names)), key=lambda i: names[i])
    cells = [tuple("" if t is None else str(t) for t in row) for row in rows]
    return Answer(
        "select",
        variables=tuple(names[i] for i in order),
        rows=tuple(tuple(row[i] for i in order) for row in cells),
    )


def construct_answer(triples: Iterable[Triple]) -> Answer:
    return Answer("construct", triples=tuple(f"{t} ." for t in triples))


def oxigraph_answer(result: QueryResult) -> Answer:
    if result.kind == "select":
        return select_answer(result.variables, result.rows)
    if result.kind == "construct":
        return construct_answer(result.triples)
    return Answer("ask", boolean=result.boolean)


def oxigraph_term(term: Any) -> Term:
    """An rdflib term as a pyoxigraph term, so both engines' terms print the same way."""
    if isinstance(term, rdflib.URIRef):
        return NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return BlankNode(str(term))
    if isinstance(term, rdflib.Literal):
        if term.language:
            return Literal(str(term), language=term.language)
        if term.datatype:
            return Literal(str(term), datatype=NamedNode(str(term.datatype)))
        return Literal(str(term))
    raise TypeError(f"unsupported rdflib term {term!r}")


def rdflib_answer(result: Any) -> Answer:
    if result.type == "SELECT":
        variables = [str(v) for v in result.vars]
        rows = [
            [None if row[v] is None else oxigraph_term(row[v]) for v in result.vars]
            for row in result
        ]
        return select_answer(variables, rows)
    if result.type == "CONSTRUCT":
        return construct_answer(
            Triple(oxigraph_term(s), oxigraph_term(p), oxigraph_term(o))  # type: ignore[arg-type]
            for s, p, o in result.graph
        )
    return Answer("ask", boolean=bool(result.askAnswer))


# GROUP_CONCAT(… ; separator="S") AS ?var: the order of the items is not specified
# (SPARQL 1.1, 18.5.1.7), so engines may differ in it and still both be right.
GROUP_CONCAT_COLUMN = re.compile(
    r'GROUP_CONCAT\s*\((?:[^;()]|\([^()]*\))*;\s*separator\s*=\s*"([^"\\]*)"\s*\)\s*AS\s+\?(\w+)',
    re.IGNORECASE,
)
NT_LITERAL = re.compile(r'"(.*)"((?:@[\w-]+|\^\^<[^>]*>)?)', re.DOTALL)


def concat_columns(text: str) -> dict[str, str]:
    """The GROUP_CONCAT columns of a query, each with its separator."""
    return {m.group(2): m.group(1) for m in GROUP_CONCAT_COLUMN.finditer(text)}


def sort_concatenations(answer: Answer, separators: dict[str, str]) -> Answer:
    """The answer with the items of every GROUP_CONCAT cell in sorted order."""
    columns = {answer.variables.index(v): s for v, s in separators.items() if v in answer.variables}
    if answer.kind != "select" or not columns:
        return answer

    def cell(index: int, value: str) -> str:
        literal = NT_LITERAL.fullmatch(value)
        if index not in columns or literal is None:
            return value
        items = sorted(literal.group(1).split(columns[index]))
        return f'"{columns[index].join(items)}"{literal.group(2)}'

    rows = tuple(tuple(cell(i, v) for i, v in enumerate(row)) for row in answer.rows)
    return Answer("select", variables=answer.variables, rows=rows)


def compare(oxigraph: Answer, other: Answer) -> str:
    """``same``, or what differs (``only Oxigraph`` and ``only rdflib`` name the sides)."""
    if oxigraph.kind != other.kind:
        return f"different kinds: {oxigraph.kind} vs {other.kind}"
    if oxigraph.kind == "ask":
        if oxigraph.boolean == other.boolean:
            return "same"
        return f"ASK: Oxigraph {oxigraph.boolean}, rdflib {other.boolean}"
    if oxigraph.kind == "construct":
        return _compare_graphs(oxigraph.triples, other.triples)
    if oxigraph.variables != other.variables:
        return f"variables: Oxigraph {oxigraph.variables}, rdflib {other.variables}"
    return _compare_rows(oxigraph.variables, Counter(oxigraph.rows), Counter(other.rows))


def _compare_rows(
    variables: tuple[str, ...], ours: Counter[tuple[str, ...]], theirs: Counter[tuple[str, ...]]
) -> str:
    """Row counts, and the columns in which the differing rows differ, with an example.

    Each row only Oxigraph has (the first ``PAIRED_ROWS``) is paired with the row only rdflib
    has that agrees with it in the most columns.
    """
    if ours == theirs:
        return "same"
    only_ours, only_theirs = list((ours - theirs).elements()), list((theirs - ours).elements())
    parts = [
        f"{ours.total()} vs {theirs.total()} rows: {len(only_ours)} only Oxigraph, "
        f"{len(only_theirs)} only rdflib"
    ]
    examples: dict[str, str] = {}
    unpaired = []
    for row in only_ours[:PAIRED_ROWS]:
        best = max(only_theirs, key=lambda other: _agreement(row, other), default=None)
        if best is None or _agreement(row, best) == 0:
            unpaired.append(row)
            continue
        for i, (mine, other) in enumerate(zip(row, best, strict=True)):
            if mine != other:
                examples.setdefault(
                    variables[i], f"Oxigraph {mine or '(unbound)'}, rdflib {other or '(unbound)'}"
                )
    parts += [f"?{name}: e.g. {example}" for name, example in sorted(examples.items())]
    parts += [f"e.g. only Oxigraph: {_show(row)}" for row in unpaired[:EXAMPLES_SHOWN]]
    if not only_ours:
        parts.append(f"e.g. only rdflib: {_show(only_theirs[0])}")
    return "; ".join(parts)


def _agreement(row: tuple[str, ...], other: tuple[str, ...]) -> int:
    return sum(a == b for a, b in zip(row, other, strict=True))


def _compare_bags(ours: Counter[Any], theirs: Counter[Any], what: str) -> str:
    if ours == theirs:
        return "same"
    only_ours, only_theirs = ours - theirs, theirs - ours
    parts = [f"{sum(ours.values())} vs {sum(theirs.values())} {what}"]
    for label, extra in (("only Oxigraph", only_ours), ("only rdflib", only_theirs)):
        if extra:
            shown = "; ".join(_show(item) for item in sorted(extra)[:EXAMPLES_SHOWN])
            more = " …" if len(extra) > EXAMPLES_SHOWN else ""
            parts.append(f"{label} ({sum(extra.values())}): {shown}{more}")
    return "; ".join(parts)


def _show(item: Any) -> str:
    return " | ".join(item) if isinstance(item, tuple) else str(item)


def _compare_graphs(ours: tuple[str, ...], theirs: tuple[str, ...]) -> str:
    mine, other = set(ours), set(theirs)
    if mine == other:
        return "same"
    has_blank_nodes = any("_:" in line for line in mine | other)  # their labels may differ
    if has_blank_nodes and isomorphic(_rdflib_graph(mine), _rdflib_graph(other)):
        return "same"
    return _compare_bags(Counter(mine), Counter(other), "triples")


def _rdflib_graph(lines: Iterable[str]) -> rdflib.Graph:
    return rdflib.Graph().parse(data="\n".join(lines), format="nt")


# --- the two engines, each in a worker process that can be abandoned --------------------


@dataclass
class Outcome:
    """One run of one query on one engine."""

    seconds: float
    answer: Answer | None = None
    error: str | None = None


Runner = Callable[[int, bool], Outcome]  # (query index, want the answer) -> outcome
Setup = Callable[[], tuple[Runner, dict[str, Any]]]  # runs in the worker: runner, facts


def run_oxigraph(
    query: StoredQuery, built: Built, bound: dict[Any, Any], want_answer: bool
) -> Outcome:
    """The project's path; ``run`` materialises the whole result."""
    clock = time.perf_counter()
    try:
        result = run(query, built.store, bound, built.iris.query_default_graphs)
    except Exception as exc:  # an engine error is a finding to report, not a crash
        return Outcome(time.perf_counter() - clock, error=f"{type(exc).__name__}: {exc}")
    seconds = time.perf_counter() - clock
    return Outcome(seconds, oxigraph_answer(result) if want_answer else None)


def rdflib_dataset(quads: Iterable[Quad], default_graphs: list[NamedNode]) -> rdflib.Dataset:
    """The default graphs' triples in the default graph; every graph also as a named graph.

    That is the layout Oxigraph's ``GraphStore.query`` gives the stored queries: the default
    graph is the merge of ``default_graphs``, and ``GRAPH`` reaches every graph of the build.
    Quads in the store's own default graph (none in a build) are left out, as there.
    """
    dataset = rdflib.Dataset(default_union=False)
    in_default = set(default_graphs)
    terms: dict[Any, Any] = {}
    contexts: dict[NamedNode, Any] = {}
    batch: list[tuple[Any, Any, Any, Any]] = []

    def term(node: Any) -> Any:
        if node not in terms:
            terms[node] = rdflib_term(node)
        return terms[node]

    for quad in quads:
        name = quad.graph_name
        if not isinstance(name, NamedNode):
            continue
        if name not in contexts:
            contexts[name] = dataset.graph(term(name))
        triple = (term(quad.subject), term(quad.predicate), term(quad.object))
        batch.append((*triple, contexts[name]))
        if name in in_default:
            batch.append((*triple, dataset.default_graph))
    dataset.addN(batch)
    return dataset


def run_rdflib(dataset: rdflib.Dataset, text: str, want_answer: bool) -> Outcome:
    """Query and materialise the whole result (as ``mpsc_graph.queries.run`` does)."""
    clock = time.perf_counter()
    try:
        result = dataset.query(text)
        if result.type == "SELECT":
            list(result)
        elif result.type == "CONSTRUCT":
            len(result)
        else:
            bool(result.askAnswer)
    except Exception as exc:  # an engine error is a finding to report, not a crash
        return Outcome(time.perf_counter() - clock, error=f"{type(exc).__name__}: {exc}")
    seconds = time.perf_counter() - clock
    return Outcome(seconds, rdflib_answer(result) if want_answer else None)


def oxigraph_setup(built: Built, benches: list[QueryBench]) -> Setup:
    def setup() -> tuple[Runner, dict[str, Any]]:
        built.store.query(WARM_UP, built.iris.query_default_graphs)

        def runner(index: int, want_answer: bool) -> Outcome:
            bench = benches[index]
            return run_oxigraph(bench.query, built, bench.bound, want_answer)

        return runner, {}

    return setup


def rdflib_setup(built: Built, benches: list[QueryBench]) -> Setup:
    """The dataset is built once, here in the parent: a worker killed at the cap is forked
    again from it (copy-on-write) instead of loading it anew (70 s at 100x)."""
    # rdflib's SPARQL otherwise takes the union of all graphs as the default graph.
    rdflib.plugins.sparql.SPARQL_DEFAULT_GRAPH_UNION = False
    clock = time.perf_counter()
    dataset = rdflib_dataset(built.quads, built.iris.query_default_graphs)
    facts = {
        "load_s": time.perf_counter() - clock,
        "default_graph_triples": len(dataset.default_graph),
        "named_graphs": sum(1 for g in dataset.graphs() if g != dataset.default_graph),
    }

    def setup() -> tuple[Runner, dict[str, Any]]:
        run_rdflib(dataset, WARM_UP, want_answer=False)

        def runner(index: int, want_answer: bool) -> Outcome:
            return run_rdflib(dataset, benches[index].text, want_answer)

        return runner, facts

    return setup


def serve(conn: Connection, setup: Setup) -> None:
    """The worker: set up, report the facts, then run queries until told to stop."""
    runner, facts = setup()
    # The dataset's millions of Python objects (quads, rdflib's graph) live as long as the
    # worker: left to the cyclic garbage collector, its full passes over them landed on
    # whichever query happened to allocate (seconds at 100x, for either engine).
    gc.freeze()
    conn.send(facts)
    while (job := conn.recv()) is not None:
        conn.send(runner(*job))


@dataclass
class Worker:
    """An engine in a forked process (it inherits the built dataset); a run slower than
    ``cap`` seconds is abandoned: the process is killed and started again for the next run."""

    setup: Setup
    cap: float
    facts: dict[str, Any] = field(default_factory=dict)
    restarts: int = 0
    _process: BaseProcess | None = None
    _conn: Connection | None = None

    def start(self) -> Connection:
        context = multiprocessing.get_context("fork")
        parent, child = context.Pipe()
        process = context.Process(target=serve, args=(child, self.setup), daemon=True)
        process.start()
        child.close()
        facts = parent.recv()
        if not self.facts:  # the first start is the one reported
            self.facts = facts
        self._process, self._conn = process, parent
        return parent

    def run(self, index: int, want_answer: bool) -> Outcome | None:
        """The outcome, or None when the run took longer than the cap."""
        conn = self._conn or self.start()
        conn.send((index, want_answer))
        try:
            if conn.poll(self.cap):
                outcome: Outcome = conn.recv()
                return outcome
        except EOFError:
            self.stop(kill=True)
            return Outcome(self.cap, error="the worker process died")
        self.stop(kill=True)
        self.restarts += 1
        return None

    def stop(self, kill: bool = False) -> None:
        if self._process is None or self._conn is None:
            return
        if kill:
            self._process.kill()
        else:
            self._conn.send(None)
        self._process.join()
        self._conn.close()
        self._process, self._conn = None, None


def oxigraph_load_s(built: Built) -> float:
    """Loading the quads into a fresh embedded store, as ``assemble`` does."""
    clock = time.perf_counter()
    GraphStore(built.quads)
    return time.perf_counter() - clock


# --- one query, one scale ------------------------------------------------------------------


@dataclass
class QueryBench:
    query: StoredQuery
    params: dict[str, str]
    bound: dict[Any, Any] = field(default_factory=dict)
    text: str = ""
    times: dict[str, list[float]] = field(default_factory=lambda: {e: [] for e in ENGINES})
    answers: dict[str, Answer] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    capped: set[str] = field(default_factory=set)

    def record(self, engine: str, outcome: Outcome | None) -> None:
        if outcome is None:
            self.capped.add(engine)
        elif outcome.error is not None:
            self.errors.setdefault(engine, outcome.error)
        else:
            self.times[engine].append(outcome.seconds)
            if outcome.answer is not None:
                self.answers[engine] = outcome.answer

    def seconds(self, engine: str, cap: float) -> float | None:
        """The median; the cap (a lower bound) once a run was abandoned."""
        if engine in self.capped:
            return cap
        runs = self.times[engine]
        return statistics.median(runs) if runs else None

    def comparison(self) -> str:
        if "bind" in self.errors:
            return f"not run: {self.errors['bind']}"
        if self.errors:
            return "error: " + "; ".join(f"{k}: {v}" for k, v in self.errors.items())
        missing = [e for e in ENGINES if e not in self.answers]
        if missing:
            return f"not compared ({', '.join(missing)} over the cap)"
        separators = concat_columns(self.query.text)
        ours, theirs = (sort_concatenations(self.answers[e], separators) for e in ENGINES)
        return compare(ours, theirs)


def prepare(query: StoredQuery, base: str) -> QueryBench:
    """Bind the example value of every required parameter (defaults fill the rest)."""
    bench = QueryBench(query, {p.name: p.example for p in query.parameters if p.required})
    try:
        bench.bound = bind(query, bench.params, base)
        bench.text = with_values(query.text, bench.bound)
    except (MpscError, ValueError) as exc:
        bench.errors["bind"] = f"{type(exc).__name__}: {exc}"
    return bench


def measure(benches: list[QueryBench], workers: dict[str, Worker], repeat: int) -> None:
    """Every query ``repeat`` times; the engines alternate, Oxigraph first on even rounds."""
    for rep in range(repeat):
        order = list(ENGINES) if rep % 2 == 0 else list(reversed(ENGINES))
        for index, bench in enumerate(benches):
            for engine in order:
                if not bench.errors and engine not in bench.capped:
                    bench.record(engine, workers[engine].run(index, rep == 0))
        print(f"  round {rep + 1}/{repeat} done", flush=True)


# --- data ----------------------------------------------------------------------------------


def fingerprint(data_dir: Path, factor: int) -> str:
    """What the synthetic data depends on: every file of the real data, synth.py, N."""
    digest = hashlib.sha256(f"factor {factor}\n".encode())
    for path in sorted(p for p in data_dir.rglob("*") if p.is_file()):
        digest.update(f"{path.relative_to(data_dir)}\n".encode())
        digest.update(path.read_bytes())
    digest.update(Path(synth.__file__).read_bytes())
    return digest.hexdigest()


def scale_data(data_dir: Path, factor: int, out: Path) -> Path:
    """The real data for factor 1; otherwise synthetic data, regenerated only if stale."""
    if factor == 1:
        return data_dir
    target, stamp = out / f"data-x{factor}", out / f"data-x{factor}.sha256"
    wanted = fingerprint(data_dir, factor)
    fresh = (target / synth.MARKER).is_file() and stamp.is_file()
    if fresh and stamp.read_text(encoding="utf-8").strip() == wanted:
        print(f"reusing {target} (up to date)")
        return target
    clock = time.perf_counter()
    synth.synthesize(data_dir, factor, target)
    stamp.write_text(wanted + "\n", encoding="utf-8")
    print(f"generated x{factor} in {time.perf_counter() - clock:.1f}s → {target}")
    return target


# --- a whole scale -------------------------------------------------------------------------


def bench_scale(
    factor: int, data_dir: Path, queries: list[StoredQuery], repeat: int, caps: dict[str, float]
) -> dict[str, Any]:
    clock = time.perf_counter()
    built = assemble(Settings(data_dir=data_dir))
    assemble_s = time.perf_counter() - clock
    print(f"x{factor}: assembled {len(built.quads)} quads in {assemble_s:.1f}s", flush=True)
    benches = [prepare(q, built.settings.base) for q in queries]
    setups = {"oxigraph": oxigraph_setup(built, benches), "rdflib": rdflib_setup(built, benches)}
    workers = {engine: Worker(setups[engine], caps[engine]) for engine in ENGINES}
    try:
        for worker in workers.values():
            worker.start()
        rdflib_facts = workers["rdflib"].facts
        print(f"x{factor}: rdflib dataset loaded in {rdflib_facts['load_s']:.1f}s", flush=True)
        measure(benches, workers, repeat)
    finally:
        for worker in workers.values():
            worker.stop()
    rows = [summarise_query(b, caps) for b in benches]
    return {
        "factor": factor,
        "data_dir": str(data_dir),
        "quads": len(built.quads),
        "default_graph_triples": rdflib_facts["default_graph_triples"],
        "named_graphs": rdflib_facts["named_graphs"],
        "repeat": repeat,
        "timeout_s": caps,
        "restarts": {engine: w.restarts for engine, w in workers.items()},
        "assemble_s": assemble_s,
        "load_s": {"oxigraph": oxigraph_load_s(built), "rdflib": rdflib_facts["load_s"]},
        "queries": rows,
        "suite": summarise_suite(rows),
    }


def bound_kind(capped: set[str]) -> str:
    """How to read rdflib/Oxigraph when runs were abandoned at the cap."""
    if not capped:
        return "exact"
    if capped == {"rdflib"}:
        return "lower"
    if capped == {"oxigraph"}:
        return "upper"
    return "undetermined"


def summarise_query(bench: QueryBench, caps: dict[str, float]) -> dict[str, Any]:
    seconds = {engine: bench.seconds(engine, caps[engine]) for engine in ENGINES}
    ox, rd = seconds["oxigraph"], seconds["rdflib"]
    return {
        "name": bench.query.name,
        "kind": bench.query.kind,
        "params": bench.params,
        "size": {engine: a.size for engine, a in bench.answers.items()},
        "seconds": seconds,
        "capped": sorted(bench.capped),
        "ratio": rd / ox if ox and rd is not None else None,
        "ratio_bound": bound_kind(bench.capped),
        "comparison": bench.comparison(),
        "runs_s": bench.times,
    }


def differs(comparison: str) -> bool:
    """A real difference: not "same", and not a comparison left out (a run over the cap, an
    error, a parameter that did not bind: those are reported on their own)."""
    return comparison != "same" and not comparison.startswith(("not compared", "not run", "error"))


def summarise_suite(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Sums of the per-query medians (caps count as lower bounds); the ratio over the queries
    that ran on both engines."""
    both = [r for r in rows if None not in r["seconds"].values()]
    sums = {
        engine: sum(r["seconds"][engine] for r in rows if r["seconds"][engine] is not None)
        for engine in ENGINES
    }
    capped = {engine for r in rows for engine in r["capped"]}
    ox_both = sum(r["seconds"]["oxigraph"] for r in both)
    rd_both = sum(r["seconds"]["rdflib"] for r in both)
    return {
        "queries": len(rows),
        "timed_on_both": len(both),
        "seconds": sums,
        "capped": sorted(capped),
        "ratio": rd_both / ox_both if ox_both else None,
        "ratio_bound": bound_kind({e for r in both for e in r["capped"]}),
        "mismatches": [r["name"] for r in rows if differs(r["comparison"])],
        "not_compared": [
            r["name"] for r in rows if not differs(r["comparison"]) and r["comparison"] != "same"
        ],
    }


# --- report --------------------------------------------------------------------------------


def _seconds(value: float | None, capped: bool = False) -> str:
    if value is None:
        return "–"
    text = f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"
    return f"> {text}" if capped else text


def _ratio(value: float | None, bound: str = "exact") -> str:
    if value is None or bound == "undetermined":
        return "?"
    digits = 1 if value >= 1 else 2
    return {"lower": "> ", "upper": "< "}.get(bound, "") + f"{value:.{digits}f}×"


def _cells(item: dict[str, Any]) -> str:
    return " | ".join(
        _seconds(item["seconds"][engine], engine in item["capped"]) for engine in ENGINES
    )


def markdown(scales: list[dict[str, Any]]) -> str:
    lines = [
        "| scale | query | kind | rows | Oxigraph | rdflib | rdflib/Oxigraph | same answer |",
        "|---|---|---|---:|---:|---:|---:|---|",
    ]
    for scale in scales:
        label = f"{scale['factor']}x"
        for r in scale["queries"]:
            size = "/".join(str(v) for v in dict.fromkeys(r["size"].values())) or "–"
            same = "yes" if r["comparison"] == "same" else "NO"
            if r["comparison"].startswith("not compared"):
                same = "–"
            lines.append(
                f"| {label} | {r['name']} | {r['kind']} | {size} | {_cells(r)} "
                f"| {_ratio(r['ratio'], r['ratio_bound'])} | {same} |"
            )
        s = scale["suite"]
        lines.append(
            f"| {label} | **suite** ({s['queries']} queries) | | | {_cells(s)} "
            f"| **{_ratio(s['ratio'], s['ratio_bound'])}** | {len(s['mismatches'])} differ, "
            f"{len(s['not_compared'])} not compared |"
        )
    lines += [
        "",
        "| scale | quads | default-graph triples | named graphs | assemble "
        "| load Oxigraph | load rdflib | runs per query |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for scale in scales:
        load = scale["load_s"]
        lines.append(
            f"| {scale['factor']}x | {scale['quads']} | {scale['default_graph_triples']} "
            f"| {scale['named_graphs']} | {_seconds(scale['assemble_s'])} "
            f"| {_seconds(load['oxigraph'])} | {_seconds(load['rdflib'])} | {scale['repeat']} |"
        )
    return "\n".join(lines)


def mismatch_lines(scales: list[dict[str, Any]]) -> list[str]:
    """Every comparison that is not "same": real differences and those left out."""
    return [
        f"- {scale['factor']}x {r['name']}: {r['comparison']}"
        for scale in scales
        for r in scale["queries"]
        if r["comparison"] != "same"
    ]


def targets(scales: list[dict[str, Any]]) -> dict[str, Any]:
    """met / NOT met / undetermined (when runs abandoned at a cap leave it open)."""
    by_factor = {s["factor"]: s["suite"] for s in scales}
    verdict: dict[str, Any] = {}
    real = by_factor.get(1)
    if real is not None:
        seconds, capped = real["seconds"]["oxigraph"], "oxigraph" in real["capped"]
        verdict["real_suite"] = {
            "oxigraph_s": seconds,
            "capped": capped,
            "state": "NOT met" if capped or seconds >= TARGET_REAL_SUITE_S else "met",
        }
    big = by_factor.get(TARGET_RATIO_FACTOR)
    if big is not None:
        ratio, bound = big["ratio"], big["ratio_bound"]
        if ratio is None or bound == "undetermined":
            state = "undetermined"
        elif ratio >= TARGET_RATIO:
            state = "met" if bound in ("exact", "lower") else "undetermined"
        else:
            state = "NOT met" if bound in ("exact", "upper") else "undetermined"
        verdict["ratio"] = {"ratio": ratio, "bound": bound, "state": state}
    return verdict


def target_lines(verdict: dict[str, Any]) -> list[str]:
    lines = []
    if "real_suite" in verdict:
        real = verdict["real_suite"]
        lines.append(
            f"- suite on the real data, Oxigraph: {_seconds(real['oxigraph_s'], real['capped'])} "
            f"(target < {TARGET_REAL_SUITE_S} s): {real['state']}"
        )
    if "ratio" in verdict:
        ratio = verdict["ratio"]
        lines.append(
            f"- suite rdflib/Oxigraph at {TARGET_RATIO_FACTOR}x: "
            f"{_ratio(ratio['ratio'], ratio['bound'])} (target ≥ {TARGET_RATIO:.0f}×): "
            f"{ratio['state']}"
        )
    return lines


def environment() -> dict[str, Any]:
    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
        return done.stdout.strip()

    return {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "commit": git("rev-parse", "--short", "HEAD"),
        "dirty": bool(git("status", "--porcelain", "--untracked-files=no")),
        "python": platform.python_version(),
        "pyoxigraph": pyoxigraph.__version__,
        "rdflib": rdflib.__version__,
        "cpus": os.cpu_count(),
        "load_average_at_end": os.getloadavg(),
        "platform": platform.platform(),
    }


# --- entry point ---------------------------------------------------------------------------


def parse_per_scale(items: list[str], kind: type[float] | type[int]) -> dict[int, Any]:
    """``["100=3", …]`` as ``{100: 3, …}``."""
    pairs = (item.split("=", 1) for item in items)
    return {int(factor): kind(value) for factor, value in pairs}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factors", type=int, nargs="+", default=[1, 100])
    parser.add_argument("--repeat", type=int, default=5, help="runs per query and engine")
    parser.add_argument(
        "--repeat-for", nargs="*", default=["100=3"], metavar="N=R", help="runs at scale N"
    )
    parser.add_argument(
        "--rdflib-timeout", type=float, default=60.0, metavar="S", help="cap per rdflib run"
    )
    parser.add_argument(
        "--rdflib-timeout-for", nargs="*", default=[], metavar="N=S", help="rdflib cap at scale N"
    )
    parser.add_argument(
        "--oxigraph-timeout", type=float, default=60.0, metavar="S", help="cap per Oxigraph run"
    )
    parser.add_argument("--out", type=Path, default=BENCH_DIR / "out")
    parser.add_argument("--data", type=Path, default=ROOT / "data")
    parser.add_argument("--queries", type=Path, default=None, help="default: queries/")
    parser.add_argument("--only", nargs="+", default=None, metavar="NAME", help="these queries")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    load_at_start = os.getloadavg()
    queries = load_queries(args.queries or Settings().queries_dir)
    if args.only:
        unknown = set(args.only) - {q.name for q in queries}
        if unknown:
            raise SystemExit(f"no such stored query: {', '.join(sorted(unknown))}")
        queries = [q for q in queries if q.name in args.only]
    print(f"{len(queries)} stored queries: {', '.join(q.name for q in queries)}")
    repeat_for = parse_per_scale(args.repeat_for, int)
    rdflib_cap_for = parse_per_scale(args.rdflib_timeout_for, float)
    data_dirs = {f: scale_data(args.data, f, args.out) for f in sorted(set(args.factors))}
    scales = [
        bench_scale(
            f,
            data_dir,
            queries,
            repeat_for.get(f, args.repeat),
            {
                "oxigraph": args.oxigraph_timeout,
                "rdflib": rdflib_cap_for.get(f, args.rdflib_timeout),
            },
        )
        for f, data_dir in data_dirs.items()
    ]
    verdict = targets(scales)
    summary = {
        "environment": environment() | {"load_average_at_start": load_at_start},
        "scales": scales,
        "targets": verdict,
    }
    path = args.out / "query-results.json"
    path.write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print()
    print(markdown(scales))
    print("\nAnswers not the same (differences, and comparisons left out):")
    print("\n".join(mismatch_lines(scales)) or "- none")
    print("\nTargets:")
    print("\n".join(target_lines(verdict)))
    print(f"\nwritten: {path}")


if __name__ == "__main__":
    main()
