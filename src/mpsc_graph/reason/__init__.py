"""Reason stage: HermiT (or Pellet) through owlready2 on the ontology plus the reconciled data.

One entry point, :func:`reason` (and :func:`start`, the same run in the background, which the
build overlaps with its other stages). It returns a :class:`ReasoningOutcome`: whether ontology
and data are consistent, an explanation naming individuals and axioms if they are not, and the
inferred class memberships and object property values as quads in their own named graph.

How a run goes:

- The ontology files and the data are written as one N-Triples file, and a child process loads
  it into a fresh owlready2 ``World`` and runs the reasoner (owlready2 starts Java). The child
  leads its own process group, so a run that exceeds the time limit is ended with everything it
  started (:class:`ReasonerTimeoutError`). Nothing of owlready2 leaks into the calling process.
- owlready2 keeps what the reasoner reports in its ontology ``http://inferrences/``: the most
  specific types of each individual, the class and property hierarchy, and the object property
  values it found for the most specific property. The child writes that ontology as N-Triples;
  :func:`_materialise` closes it over the class and property hierarchy, which gives every
  entailed named type and property value, and keeps what the input does not state.
- Inferred class memberships are kept to the classes the ontology files declare (its own and the
  reused anchor classes such as ``org:Organization``), never ``owl:Thing``; property values to
  the object properties they declare. Data property values are not inferred (owlready2 does not
  report them for HermiT).
- An inconsistency is explained by :func:`_explain`, from the input alone: individuals whose
  stated or implied types (rdf:type, domains, ranges, super classes) meet in a disjointness
  axiom, functional datatype properties with two values, and literals outside a datatype range.
- Results are cached on a hash of their inputs (ontology files, data, reasoner, owlready2
  version), so an unchanged build does not start Java again. The cache holds the same triples a
  fresh run gives; the explanation is always computed anew.

Everything returned is sorted, so rebuilds stay byte-identical.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import multiprocessing as mp
import os
import re
import shutil
import signal
import tempfile
import time
import traceback
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from importlib import metadata
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pyoxigraph
from pyoxigraph import BlankNode, Literal, NamedNode, Quad, RdfFormat, Triple

from mpsc_graph.core.errors import ExternalError, Location, Text
from mpsc_graph.core.vocab import OWL, RDF, RDFS, XSD, prefixes

logger = logging.getLogger(__name__)

REASONERS = ("hermit", "pellet")
REASONER_NAMES = {"hermit": "HermiT", "pellet": "Pellet"}
DEFAULT_TIMEOUT = 120.0  # seconds; the real data take about 2 s, ten times the data about 10 s
DEFAULT_GRAPH = NamedNode("https://w3id.org/mpsc/graph/inferred")
ONTOLOGY_FILES = ("mpsc.ttl", "ext-closure.ttl")
# Bump when what is cached, or how it is derived from the reasoner's answer, changes.
CACHE_FORMAT = 1
CACHE_KEEP = 32  # cached results kept; older ones are removed
# JVM options (MPSC_JAVA_OPTIONS replaces them). HermiT: only the C1 compiler, which halves its
# time here (1.5 s instead of 3 s on the real data, 8 s instead of 13 s on ten times the data):
# its runs are too short for C2 to pay off. Pellet runs long enough that C2 does (57 s with it,
# 101 s without, on ten times the data). See bench/README.md.
DEFAULT_JAVA_OPTIONS = {"hermit": "-XX:TieredStopAtLevel=1", "pellet": ""}
INSTALL_JAVA = Text(
    de="installiere eine Java-Laufzeit (z. B. apt-get install default-jre-headless) oder setze "
    "JAVA_HOME auf eine vorhandene",
    en="install a Java runtime (e.g. apt-get install default-jre-headless) or point JAVA_HOME "
    "at one",
)

_INFERENCES = "http://inferrences/"  # owlready2's ontology for what the reasoner reports
_OWL2_DATATYPES = frozenset(
    XSD[name].value
    for name in (
        *("decimal", "integer", "nonNegativeInteger", "nonPositiveInteger", "positiveInteger"),
        *("negativeInteger", "long", "int", "short", "byte", "unsignedLong", "unsignedInt"),
        *("unsignedShort", "unsignedByte", "double", "float", "string", "normalizedString"),
        *("token", "language", "Name", "NCName", "NMTOKEN", "boolean", "hexBinary"),
        *("base64Binary", "anyURI", "dateTime", "dateTimeStamp"),
    )
) | {RDF.PlainLiteral.value, RDFS.Literal.value, RDF.langString.value}
_INTEGER_TYPES = frozenset(
    XSD[name].value
    for name in (
        *("integer", "nonNegativeInteger", "nonPositiveInteger", "positiveInteger"),
        *("negativeInteger", "long", "int", "short", "byte", "unsignedLong", "unsignedInt"),
        *("unsignedShort", "unsignedByte"),
    )
)
_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)")
_LOCAL_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


# -- errors ------------------------------------------------------------------------------------


class ReasonerUnavailableError(ExternalError):
    """Java, or a Java recent enough for the chosen reasoner, is not there."""


class ReasonerTimeoutError(ExternalError):
    """The reasoner did not finish within the time limit and was stopped."""


class ReasonerFailedError(ExternalError):
    """The reasoner (Java) stopped with an error of its own, e.g. out of memory."""


# -- results -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Conflict:
    """One reason why ontology and data are inconsistent, in the words of both languages."""

    kind: str  # "disjoint-classes", "functional-property" or "datatype-range"
    individual: str
    axiom: str
    text: Text
    location: Location | None = None

    def to_json(self, lang: str) -> dict[str, Any]:
        where = self.location
        return {
            "kind": self.kind,
            "individual": self.individual,
            "axiom": self.axiom,
            "message": self.text.get(lang),
            "file": str(where.file) if where else None,
            "line": where.line if where else None,
        }


@dataclass(frozen=True)
class ReasoningOutcome:
    """What one reasoner run found. ``seconds`` and ``cached`` are for reports, never files."""

    reasoner: str
    graph: NamedNode
    consistent: bool
    quads: tuple[Quad, ...] = ()  # the inferred triples, in ``graph``, sorted
    conflicts: tuple[Conflict, ...] = ()
    message: str | None = None  # what the reasoner itself said about an inconsistency
    seconds: float = 0.0
    cached: bool = False

    @property
    def name(self) -> str:
        return REASONER_NAMES[self.reasoner]

    @property
    def class_memberships(self) -> int:
        return sum(1 for q in self.quads if q.predicate == RDF.type)

    @property
    def property_values(self) -> int:
        return len(self.quads) - self.class_memberships

    def per_class(self) -> dict[str, int]:
        counts = Counter(
            q.object.value
            for q in self.quads
            if q.predicate == RDF.type and isinstance(q.object, NamedNode)
        )
        return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))

    def per_property(self) -> dict[str, int]:
        counts = Counter(q.predicate.value for q in self.quads if q.predicate != RDF.type)
        return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))

    def summary(self, lang: str) -> str:
        """One line: consistent or not, what was inferred, how long it took."""
        if not self.consistent:
            return f"{self.name}: " + (
                f"Ontologie und Daten sind WIDERSPRÜCHLICH ({_conflicts(self.conflicts, 'de')})"
                if lang == "de"
                else f"ontology and data are INCONSISTENT ({_conflicts(self.conflicts, 'en')})"
            )
        cached = (", aus dem Cache" if lang == "de" else ", cached") if self.cached else ""
        if lang == "de":
            return (
                f"{self.name}: widerspruchsfrei; {self.class_memberships} Klassenzugehörigkeiten "
                f"und {self.property_values} Eigenschaftswerte gefolgert "
                f"({self.seconds:.2f} s{cached})"
            )
        return (
            f"{self.name}: consistent; inferred {self.class_memberships} class memberships and "
            f"{self.property_values} property values ({self.seconds:.2f} s{cached})"
        )

    def breakdown(self) -> list[str]:
        """Counts per inferred class and property, as short names, largest first."""
        rows = [(f"a {_short(NamedNode(c))}", n) for c, n in self.per_class().items()]
        rows += [(_short(NamedNode(p)), n) for p, n in self.per_property().items()]
        width = max((len(name) for name, _ in rows), default=0)
        return [f"{name.ljust(width)}  {n:>6}" for name, n in rows]

    def explanation(self, lang: str) -> str | None:
        """Why ontology and data are inconsistent, one numbered line per conflict; else None."""
        if self.consistent:
            return None
        if not self.conflicts:
            said = self.message or "-"
            if lang == "de":
                return (
                    f"{self.name}: Ontologie und Daten sind widersprüchlich, aber in den Daten "
                    "fand sich kein Verstoß gegen ein Disjunktheits-, Funktionalitäts- oder "
                    f"Wertebereichsaxiom; der Reasoner meldete: {said}"
                )
            return (
                f"{self.name}: ontology and data are inconsistent, but the data break no "
                "disjointness, functional-property or datatype-range axiom that the explainer "
                f"checks; the reasoner said: {said}"
            )
        if lang == "de":
            head = (
                f"{self.name}: Ontologie und Daten sind widersprüchlich, "
                f"{_conflicts(self.conflicts, 'de')}:"
            )
        else:
            head = (
                f"{self.name}: the ontology and the data are inconsistent, "
                f"{_conflicts(self.conflicts, 'en')}:"
            )
        lines = [head]
        for number, conflict in enumerate(self.conflicts, 1):
            lines.append(f"{number}. {conflict.text.get(lang)}")
        return "\n".join(lines)

    def to_json(self, lang: str) -> dict[str, Any]:
        return {
            "reasoner": self.reasoner,
            "consistent": self.consistent,
            "graph": self.graph.value,
            "class_memberships": self.class_memberships,
            "property_values": self.property_values,
            "per_class": self.per_class(),
            "per_property": self.per_property(),
            "conflicts": [c.to_json(lang) for c in self.conflicts],
            "message": self.message,
            "seconds": round(self.seconds, 3),
            "cached": self.cached,
        }


def _conflicts(conflicts: tuple[Conflict, ...], lang: str) -> str:
    n = len(conflicts)
    if lang == "de":
        return f"{n} Widerspruch" if n == 1 else f"{n} Widersprüche"
    return f"{n} conflict" if n == 1 else f"{n} conflicts"


@dataclass(frozen=True)
class Consistency:
    consistent: bool
    explanation: str | None = None


# -- entry points ------------------------------------------------------------------------------


def reason(
    ontology_dir: Path,
    data: Iterable[Quad],
    *,
    graph: NamedNode = DEFAULT_GRAPH,
    reasoner: str = "hermit",
    timeout: float = DEFAULT_TIMEOUT,
    cache_dir: Path | None = None,
    origins: Mapping[str, Location] | None = None,
    fact_origins: Mapping[tuple[str, str], Location] | None = None,
) -> ReasoningOutcome:
    """Reason over the ontology in ``ontology_dir`` plus ``data`` (the graphs of the quads are
    merged) with ``reasoner`` ("hermit" or "pellet"), at most ``timeout`` seconds.

    ``cache_dir`` (None: no cache) keeps results keyed by a hash of the inputs. ``origins``
    (entity IRI → curated record) and ``fact_origins`` ((subject, predicate) → record) let an
    explanation point at files and lines.

    Raises :class:`ReasonerUnavailableError` without Java, :class:`ReasonerTimeoutError` past
    the limit, :class:`ReasonerFailedError` if Java fails otherwise.
    """
    return start(
        ontology_dir,
        data,
        graph=graph,
        reasoner=reasoner,
        timeout=timeout,
        cache_dir=cache_dir,
        origins=origins,
        fact_origins=fact_origins,
    ).result()


def start(
    ontology_dir: Path,
    data: Iterable[Quad],
    *,
    graph: NamedNode = DEFAULT_GRAPH,
    reasoner: str = "hermit",
    timeout: float = DEFAULT_TIMEOUT,
    cache_dir: Path | None = None,
    origins: Mapping[str, Location] | None = None,
    fact_origins: Mapping[tuple[str, str], Location] | None = None,
) -> Reasoning:
    """Like :func:`reason`, but returns at once; ``.result()`` waits (within the time limit,
    counted from now). Call it before starting threads: the child process is forked."""
    if reasoner not in REASONERS:
        raise ValueError(f"unknown reasoner {reasoner!r}; expected one of {REASONERS}")
    if not timeout > 0:
        raise ValueError("the time limit must be positive")
    clock, started = time.perf_counter(), time.time()
    run = _Run(
        ontology=_read_ontology(ontology_dir),
        data=_unique_triples(data),
        graph=graph,
        reasoner=reasoner,
        origins=origins or {},
        fact_origins=fact_origins or {},
        started=started,
    )
    key = _cache_key(ontology_dir, run.data, reasoner)
    cache = cache_dir / "reason" / f"{key}.json" if cache_dir is not None else None
    if cache is not None and (entry := _cache_read(cache)) is not None:
        return Reasoning(run, ready=run.outcome(entry, cached=True))
    java = java_executable()
    if java is None:
        raise ReasonerUnavailableError(
            Text(
                de=f"Java fehlt: {run.name} braucht eine Java-Laufzeit (z. B. apt-get install "
                "default-jre-headless)",
                en=f"Java is missing: {run.name} needs a Java runtime (e.g. apt-get install "
                "default-jre-headless)",
            ),
            hint=INSTALL_JAVA,
        )
    workdir = Path(tempfile.mkdtemp(prefix="mpsc-reason-"))
    try:
        pyoxigraph.serialize(
            [*run.ontology, *run.data], str(workdir / "input.nt"), format=RdfFormat.N_TRIPLES
        )
        methods = mp.get_all_start_methods()
        context: Any = mp.get_context("fork" if "fork" in methods else "spawn")
        receiver, sender = context.Pipe(duplex=False)
        process = context.Process(
            target=_child,
            args=(
                sender,
                str(workdir),
                reasoner,
                java,
                int(os.environ.get("MPSC_JAVA_MEMORY", "2000")),
                os.environ.get("MPSC_JAVA_OPTIONS", DEFAULT_JAVA_OPTIONS[reasoner]),
            ),
            name=f"mpsc-reason-{reasoner}",
            daemon=True,
        )
        process.start()
        sender.close()
    except BaseException:
        shutil.rmtree(workdir, ignore_errors=True)
        raise
    return Reasoning(
        run,
        process=process,
        receiver=receiver,
        workdir=workdir,
        deadline=clock + timeout,
        timeout=timeout,
        cache=cache,
    )


def check_consistency(ontology_dir: Path, data: Iterable[Quad]) -> Consistency:
    """Whether the ontology, its external axioms and ``data`` are consistent (HermiT, no cache)."""
    outcome = reason(ontology_dir, data)
    return Consistency(outcome.consistent, outcome.explanation("en"))


def java_executable() -> str | None:
    """``$JAVA_HOME/bin/java`` if JAVA_HOME is set, else ``java`` on PATH; None if neither."""
    home = os.environ.get("JAVA_HOME")
    if home:
        candidate = Path(home) / "bin" / ("java.exe" if os.name == "nt" else "java")
        if candidate.is_file():
            return str(candidate)
    return shutil.which("java")


def default_cache_dir() -> Path:
    """``$MPSC_CACHE_DIR``, else ``$XDG_CACHE_HOME/mpsc-graph``, else ``~/.cache/mpsc-graph``."""
    configured = os.environ.get("MPSC_CACHE_DIR")
    if configured:
        return Path(configured)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "mpsc-graph"


# -- the run -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Run:
    """The inputs of one run, and how an answer of the reasoner becomes an outcome."""

    ontology: list[Triple]
    data: list[Triple]
    graph: NamedNode
    reasoner: str
    origins: Mapping[str, Location]
    fact_origins: Mapping[tuple[str, str], Location]
    started: float  # time.time() at the start: the child reports when it finished on that clock

    @property
    def name(self) -> str:
        return REASONER_NAMES[self.reasoner]

    def outcome(
        self, entry: Mapping[str, Any], *, cached: bool, finished: float | None = None
    ) -> ReasoningOutcome:
        """An outcome from a cache entry: ``consistent``, ``message`` and ``inferred``
        (N-Triples). Its ``seconds`` run from the start to ``finished`` (when the reasoner was
        done, if given) plus the time taken here, so that waiting for a caller does not count.
        """
        clock = time.perf_counter()
        consistent = bool(entry["consistent"])
        triples = pyoxigraph.parse(entry["inferred"].encode(), format=RdfFormat.N_TRIPLES)
        quads = tuple(Quad(t.subject, t.predicate, t.object, self.graph) for t in triples)
        conflicts: tuple[Conflict, ...] = ()
        if not consistent:
            conflicts = tuple(
                _explain(
                    self.ontology,
                    self.data,
                    self.origins,
                    self.fact_origins,
                    ignore_unsupported_datatypes=self.reasoner == "hermit",
                )
            )
        return ReasoningOutcome(
            reasoner=self.reasoner,
            graph=self.graph,
            consistent=consistent,
            quads=quads,
            conflicts=conflicts,
            message=entry.get("message") or None,
            seconds=(finished if finished is not None else time.time())
            - self.started
            + (time.perf_counter() - clock),
            cached=cached,
        )


class Reasoning:
    """A reasoner run under way (or already answered from the cache)."""

    def __init__(
        self,
        run: _Run,
        *,
        ready: ReasoningOutcome | None = None,
        process: Any = None,
        receiver: Connection | None = None,
        workdir: Path | None = None,
        deadline: float = 0.0,
        timeout: float = 0.0,
        cache: Path | None = None,
    ) -> None:
        self._run = run
        self._outcome = ready
        self._process = process
        self._receiver = receiver
        self._workdir = workdir
        self._deadline = deadline
        self._timeout = timeout
        self._cache = cache

    @property
    def pid(self) -> int | None:
        """The reasoner's process (and process group) id while it runs; None from the cache."""
        return self._process.pid if self._process is not None else None

    def result(self) -> ReasoningOutcome:
        """Wait for the answer, at most until the time limit; then stop the reasoner."""
        if self._outcome is not None:
            return self._outcome
        assert self._receiver is not None and self._workdir is not None
        try:
            remaining = max(0.0, self._deadline - time.perf_counter())
            if not self._receiver.poll(remaining):
                raise self._timed_out()
            try:
                status, detail, finished = self._receiver.recv()
            except EOFError:
                status, detail, finished = "crashed", "", time.time()
            self._process.join(10)
            if status == "crashed":
                detail = f"exit code {self._process.exitcode}"
            self._outcome = self._answer(status, detail, finished)
            return self._outcome
        finally:
            self.cancel()

    def cancel(self) -> None:
        """Stop the reasoner if it still runs, and remove its files. Safe to call twice."""
        if self._process is not None:
            if self._process.is_alive():
                _kill_group(self._process)
            self._process.join(10)
            self._process = None
        if self._receiver is not None:
            self._receiver.close()
            self._receiver = None
        if self._workdir is not None:
            shutil.rmtree(self._workdir, ignore_errors=True)
            self._workdir = None

    def _timed_out(self) -> ReasonerTimeoutError:
        name, limit = self._run.name, f"{self._timeout:g}"
        return ReasonerTimeoutError(
            Text(
                de=f"{name} wurde nach {limit} s ohne Ergebnis beendet (Zeitlimit)",
                en=f"{name} did not finish within {limit} s and was stopped (time limit)",
            ),
            hint=Text(
                de="das Limit mit --timeout oder MPSC_REASON_TIMEOUT erhöhen (die echten Daten "
                "brauchen etwa 2 s, zehnmal so viele etwa 10 s)",
                en="raise the limit with --timeout or MPSC_REASON_TIMEOUT (the real data take "
                "about 2 s, ten times as much data about 10 s)",
            ),
        )

    def _answer(self, status: str, detail: str, finished: float) -> ReasoningOutcome:
        run = self._run
        clock = time.perf_counter()
        assert self._workdir is not None
        if status == "ok":
            inferred = list(
                pyoxigraph.parse(
                    path=str(self._workdir / "inferred.nt"), format=RdfFormat.N_TRIPLES
                )
            )
            triples = _materialise(run.ontology, run.data, inferred)
            entry = {"consistent": True, "message": "", "inferred": _ntriples(triples).decode()}
        elif status == "inconsistent":
            entry = {"consistent": False, "message": detail, "inferred": ""}
        elif status == "java-error":
            raise _java_error(run.name, detail)
        elif status == "crashed":
            raise ReasonerFailedError(
                Text(
                    de=f"{run.name} ist unerwartet beendet worden ({detail})",
                    en=f"{run.name} ended unexpectedly ({detail})",
                ),
                hint=Text(
                    de="oft fehlender Arbeitsspeicher; MPSC_JAVA_MEMORY (MB) anpassen",
                    en="often a lack of memory; adjust MPSC_JAVA_MEMORY (MB)",
                ),
            )
        else:  # a bug in the child: report it as one
            raise RuntimeError(f"reasoner process failed:\n{detail}")
        if self._cache is not None:
            _cache_write(self._cache, entry)
        return run.outcome(entry, cached=False, finished=finished + time.perf_counter() - clock)


def _kill_group(process: Any) -> None:
    """End the child and everything it started (it leads its own process group)."""
    pid = process.pid
    if hasattr(os, "killpg"):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGKILL)
    with contextlib.suppress(Exception):
        process.kill()


def _java_error(name: str, output: str) -> ExternalError:
    tail = "\n".join(output.strip().splitlines()[-12:])
    version = re.search(r"class file version ([0-9]+)", output)
    if "UnsupportedClassVersionError" in output and version:
        needed = int(version.group(1)) - 44
        return ReasonerUnavailableError(
            Text(
                de=f"{name} braucht Java {needed} oder neuer: owlready2 liefert Klassen mit, die "
                f"für Java {needed} übersetzt sind (class file version {version.group(1)}); "
                "diese Java-Laufzeit ist älter",
                en=f"{name} needs Java {needed} or newer: owlready2 ships classes for it that are "
                f"compiled for Java {needed} (class file version {version.group(1)}); this Java "
                "runtime is older",
            ),
            hint=Text(
                de=f"Java {needed} oder neuer installieren und JAVA_HOME darauf setzen, oder "
                "--reasoner hermit verwenden",
                en=f"install Java {needed} or newer and set JAVA_HOME to it, or use "
                "--reasoner hermit",
            ),
        )
    if "OutOfMemoryError" in output:
        memory = os.environ.get("MPSC_JAVA_MEMORY", "2000")
        return ReasonerFailedError(
            Text(
                de=f"{name}: Java hatte nicht genug Arbeitsspeicher ({memory} MB)",
                en=f"{name}: Java ran out of memory ({memory} MB)",
            ),
            hint=Text(de="MPSC_JAVA_MEMORY (MB) erhöhen", en="raise MPSC_JAVA_MEMORY (in MB)"),
        )
    return ReasonerFailedError(
        Text(
            de=f"{name} (Java) ist mit einem Fehler beendet worden:\n{tail}",
            en=f"{name} (Java) stopped with an error:\n{tail}",
        )
    )


def _child(
    sender: Connection, workdir: str, reasoner: str, java: str, memory: int, options: str
) -> None:
    """In the child process: load the input into a fresh World, reason, write what the reasoner
    reported to ``workdir/inferred.nt``, and send ``(status, detail)``."""
    try:
        if hasattr(os, "setsid"):
            os.setsid()  # lead a process group, so that a timeout ends Java too
        tempfile.tempdir = workdir  # owlready2's own temporary file goes where we clean up
        if options:
            os.environ["JDK_JAVA_OPTIONS"] = " ".join(
                filter(None, (os.environ.get("JDK_JAVA_OPTIONS"), options))
            )
        import owlready2  # deferred: slow to import, and only this process needs it

        owlready2.JAVA_EXE = java
        owlready2.JAVA_MEMORY = memory
        world = owlready2.World()
        try:
            world.get_ontology(Path(workdir, "input.nt").as_uri()).load(format="ntriples")
            if reasoner == "pellet":
                owlready2.sync_reasoner_pellet(
                    world, infer_property_values=True, infer_data_property_values=False, debug=0
                )
            else:
                owlready2.sync_reasoner_hermit(
                    world, infer_property_values=True, debug=0, ignore_unsupported_datatypes=True
                )
            world.get_ontology(_INFERENCES).save(
                file=str(Path(workdir, "inferred.nt")), format="ntriples"
            )
            sender.send(("ok", "", time.time()))
        except owlready2.OwlReadyInconsistentOntologyError as exc:
            sender.send(("inconsistent", str(exc).strip(), time.time()))
        except owlready2.OwlReadyJavaError as exc:
            sender.send(("java-error", str(exc), time.time()))
        finally:
            world.close()
    except BaseException:
        sender.send(("error", traceback.format_exc(), time.time()))
    finally:
        sender.close()


# -- inputs, cache -----------------------------------------------------------------------------


def _read_ontology(ontology_dir: Path) -> list[Triple]:
    triples: list[Triple] = []
    for name in ONTOLOGY_FILES:
        path = ontology_dir / name
        if path.exists():
            triples += [q.triple for q in pyoxigraph.parse(path=str(path), format=RdfFormat.TURTLE)]
    return triples


def _unique_triples(data: Iterable[Quad]) -> list[Triple]:
    seen: dict[Triple, None] = {}
    for quad in data:
        seen.setdefault(quad.triple, None)
    return sorted(seen, key=_triple_key)


def _triple_key(t: Triple) -> tuple[str, str, str]:
    return (str(t.subject), str(t.predicate), str(t.object))


def _ntriples(triples: Iterable[Triple]) -> bytes:
    """Canonical N-Triples: one line per triple, sorted."""
    text = pyoxigraph.serialize(list(triples), format=RdfFormat.N_TRIPLES)
    assert text is not None
    lines = sorted(set(text.splitlines()))
    return b"".join(line + b"\n" for line in lines)


def _cache_key(ontology_dir: Path, data: list[Triple], reasoner: str) -> str:
    digest = hashlib.sha256()
    try:
        owlready2_version = metadata.version("owlready2")
    except metadata.PackageNotFoundError:
        owlready2_version = "?"
    digest.update(f"mpsc-graph reason {CACHE_FORMAT} {reasoner} {owlready2_version}\n".encode())
    for name in ONTOLOGY_FILES:
        path = ontology_dir / name
        content = path.read_bytes() if path.exists() else b""
        digest.update(f"{name} {len(content)}\n".encode() + content)
    digest.update(_ntriples(data))
    return digest.hexdigest()


def _cache_read(path: Path) -> dict[str, Any] | None:
    try:
        entry = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(entry, dict) or entry.get("format") != CACHE_FORMAT:
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # recently used: pruned last
    return entry


def _cache_write(path: Path, entry: Mapping[str, Any]) -> None:
    """Store atomically; a cache that cannot be written is only a slower next run."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=path.parent, prefix=".tmp-", suffix=".json", delete=False
        ) as handle:
            json.dump({"format": CACHE_FORMAT, **entry}, handle, ensure_ascii=False)
        os.replace(handle.name, path)
        entries = sorted(path.parent.glob("*.json"), key=lambda p: p.stat().st_mtime)
        for old in entries[:-CACHE_KEEP]:
            old.unlink(missing_ok=True)
    except OSError as exc:
        logger.warning("reasoning cache not written (%s): %s", path, exc)


# -- from the reasoner's answer to the inferred graph ------------------------------------------


def _materialise(
    ontology: list[Triple], data: list[Triple], reported: list[Triple]
) -> list[Triple]:
    """Every named type and object property value that follows from what the reasoner reported
    (direct types, class and property hierarchy, values of the most specific property), within
    the ontology's declared classes and object properties, minus what the input states."""
    declared_classes = {
        t.subject for t in ontology if t.predicate == RDF.type and t.object == OWL.Class
    }
    declared_classes -= {OWL.Thing}
    object_properties = {
        t.subject for t in ontology if t.predicate == RDF.type and t.object == OWL.ObjectProperty
    }
    ontology_subjects = {t.subject for t in ontology}
    everything = [*ontology, *data, *reported]

    super_classes: dict[Any, set[Any]] = defaultdict(set)
    super_properties: dict[Any, set[Any]] = defaultdict(set)
    inverses: dict[Any, set[Any]] = defaultdict(set)
    for t in everything:
        s, p, o = t.subject, t.predicate, t.object
        if not (isinstance(s, NamedNode) and isinstance(o, NamedNode)):
            continue
        if p == RDFS.subClassOf:
            super_classes[s].add(o)
        elif p == OWL.equivalentClass:
            super_classes[s].add(o)
            super_classes[o].add(s)
        elif p == RDFS.subPropertyOf:
            super_properties[s].add(o)
        elif p == OWL.equivalentProperty:
            super_properties[s].add(o)
            super_properties[o].add(s)
        elif p == OWL.inverseOf:
            inverses[s].add(o)
            inverses[o].add(s)

    asserted = set(ontology) | set(data)
    inferred: set[Triple] = set()
    for t in [*data, *reported]:
        s = t.subject
        if not isinstance(s, NamedNode) or s in ontology_subjects:
            continue
        if t.predicate == RDF.type:
            for cls in _closure(t.object, super_classes):
                if cls in declared_classes:
                    inferred.add(Triple(s, RDF.type, cls))
    # Property values: close over super properties and inverses until nothing new appears.
    pending = [
        t
        for t in [*data, *reported]
        if t.predicate != RDF.type and isinstance(t.object, NamedNode | BlankNode)
    ]
    seen_values: set[Triple] = set(pending)
    while pending:
        t = pending.pop()
        derived = [Triple(t.subject, q, t.object) for q in super_properties.get(t.predicate, ())]
        derived += [Triple(t.object, q, t.subject) for q in inverses.get(t.predicate, ())]  # type: ignore[arg-type]
        for new in derived:
            if new not in seen_values:
                seen_values.add(new)
                pending.append(new)
    for t in seen_values:
        if (
            t.predicate in object_properties
            and isinstance(t.subject, NamedNode)
            and isinstance(t.object, NamedNode)
            and t.subject not in ontology_subjects
        ):
            inferred.add(t)
    return sorted(inferred - asserted, key=_triple_key)


def _closure(start: Any, parents: Mapping[Any, set[Any]]) -> set[Any]:
    """``start`` and everything above it."""
    found = {start}
    stack = [start]
    while stack:
        for parent in parents.get(stack.pop(), ()):
            if parent not in found:
                found.add(parent)
                stack.append(parent)
    return found


# -- explaining an inconsistency ---------------------------------------------------------------


@dataclass(frozen=True)
class _Step:
    """One step of why an individual has a type: stated, implied by a domain or range, or by a
    super class."""

    kind: str  # "stated", "domain", "range", "subclass"
    cls: Any
    prop: Any = None
    triple: Triple | None = None
    sub: Any = None

    def text(self, lang: str) -> str:
        de = lang == "de"
        if self.kind == "stated":
            return f"rdf:type {_short(self.cls)} ({'angegeben' if de else 'stated'})"
        if self.kind == "subclass":
            return f"{_short(self.sub)} rdfs:subClassOf {_short(self.cls)}"
        assert self.triple is not None
        statement = " ".join(_short(term) for term in self.triple)
        if self.kind == "domain":
            word = "Domäne" if de else "domain"
        else:
            word = "Wertebereich" if de else "range"
        return f"{word} {_short(self.cls)} {'von' if de else 'of'} {_short(self.prop)}: {statement}"


def _explain(
    ontology: list[Triple],
    data: list[Triple],
    origins: Mapping[str, Location],
    fact_origins: Mapping[tuple[str, str], Location],
    *,
    ignore_unsupported_datatypes: bool,
) -> list[Conflict]:
    """The individuals and axioms behind an inconsistency, found in the input: disjoint types,
    functional datatype properties with several values, literals outside a datatype range."""
    index = _Index(ontology, data, origins, fact_origins)
    conflicts = index.disjoint_types()
    conflicts += index.functional_values()
    conflicts += index.datatype_ranges(ignore_unsupported_datatypes)
    return conflicts


class _Index:
    """The ontology axioms and data the explainer needs, looked up once."""

    def __init__(
        self,
        ontology: list[Triple],
        data: list[Triple],
        origins: Mapping[str, Location],
        fact_origins: Mapping[tuple[str, str], Location],
    ) -> None:
        self.data = data
        self.origins = origins
        self.fact_origins = fact_origins
        by_subject: dict[Any, list[Triple]] = defaultdict(list)
        for t in ontology:
            by_subject[t.subject].append(t)
        self.by_subject = by_subject
        self.supers: dict[Any, list[Any]] = defaultdict(list)
        self.super_properties: dict[Any, list[Any]] = defaultdict(list)
        self.domains: dict[Any, list[Any]] = defaultdict(list)
        self.ranges: dict[Any, list[Any]] = defaultdict(list)
        self.kinds: dict[Any, set[Any]] = defaultdict(set)
        for t in ontology:
            s, p, o = t.subject, t.predicate, t.object
            if p == RDF.type:
                self.kinds[s].add(o)
            if not isinstance(s, NamedNode) or not isinstance(o, NamedNode):
                continue
            if p == RDFS.subClassOf:
                self.supers[s].append(o)
            elif p == RDFS.subPropertyOf:
                self.super_properties[s].append(o)
            elif p == RDFS.domain:
                self.domains[s].append(o)
            elif p == RDFS.range:
                self.ranges[s].append(o)
        self.labels: dict[Any, str] = {}
        for t in data:
            if (
                t.predicate == RDFS.label
                and isinstance(t.object, Literal)
                and (t.object.language in (None, "de") or t.subject not in self.labels)
            ):
                self.labels[t.subject] = t.object.value

    def _list(self, node: Any) -> list[Any]:
        items = []
        while isinstance(node, BlankNode | NamedNode) and node != RDF.nil:
            first = [t.object for t in self.by_subject.get(node, []) if t.predicate == RDF.first]
            rest = [t.object for t in self.by_subject.get(node, []) if t.predicate == RDF.rest]
            if not first or not rest:
                break
            items.append(first[0])
            node = rest[0]
        return items

    def disjoint_axioms(self) -> list[tuple[Any, Any, str]]:
        """Pairs of disjoint classes with the axiom that makes them so, in file order."""
        pairs = []
        for subject, triples in self.by_subject.items():
            for t in triples:
                if t.predicate == OWL.disjointWith:
                    axiom = f"{_short(subject)} owl:disjointWith {_short(t.object)}"
                    pairs.append((subject, t.object, axiom))
                elif t.predicate == RDF.type and t.object == OWL.AllDisjointClasses:
                    members = [
                        m
                        for x in triples
                        if x.predicate == OWL.members
                        for m in self._list(x.object)
                    ]
                    axiom = "owl:AllDisjointClasses (" + " ".join(_short(m) for m in members) + ")"
                    pairs += [
                        (a, b, axiom) for i, a in enumerate(members) for b in members[i + 1 :]
                    ]
        return pairs

    def types(self) -> dict[Any, dict[Any, list[_Step]]]:
        """For each individual, its stated and implied named types with one derivation each."""
        start: dict[Any, list[tuple[Any, list[_Step]]]] = defaultdict(list)
        for t in self.data:
            if t.predicate == RDF.type and isinstance(t.object, NamedNode):
                start[t.subject].append((t.object, [_Step("stated", t.object)]))
        for t in self.data:
            if t.predicate == RDF.type:
                continue
            for prop in _closure(t.predicate, _sets(self.super_properties)):
                for cls in self.domains.get(prop, []):
                    start[t.subject].append((cls, [_Step("domain", cls, prop, t)]))
                if isinstance(t.object, NamedNode | BlankNode):
                    for cls in self.ranges.get(prop, []):
                        start[t.object].append((cls, [_Step("range", cls, prop, t)]))
        types: dict[Any, dict[Any, list[_Step]]] = {}
        for individual, origins in start.items():
            found: dict[Any, list[_Step]] = {}
            queue = list(origins)
            while queue:  # breadth first: the shortest derivation of each type wins
                cls, steps = queue.pop(0)
                if cls in found:
                    continue
                found[cls] = steps
                for parent in self.supers.get(cls, []):
                    queue.append((parent, [*steps, _Step("subclass", parent, sub=cls)]))
            types[individual] = found
        return types

    def _who(self, individual: Any, prop: Any = None) -> tuple[str, str, Location | None]:
        """The individual's name in a message (German, English) and its curated origin."""
        key = individual.value if isinstance(individual, NamedNode) else str(individual)
        location = None
        if prop is not None:
            location = self.fact_origins.get((key, prop.value))
        location = location or self.origins.get(key)
        extra = []
        if individual in self.labels:
            extra.append(f"'{self.labels[individual]}'")
        if location is not None:
            extra.append(str(location))
        suffix = f" ({', '.join(extra)})" if extra else ""
        return f"{_short(individual)}{suffix}", key, location

    def disjoint_types(self) -> list[Conflict]:
        axioms = self.disjoint_axioms()
        conflicts = []
        for individual, found in sorted(self.types().items(), key=lambda item: str(item[0])):
            for a, b, axiom in axioms:
                if a not in found or b not in found:
                    continue
                who, key, location = self._who(individual)

                def why(cls: Any, lang: str, found: dict[Any, list[_Step]] = found) -> str:
                    return ", ".join(step.text(lang) for step in found[cls])

                conflicts.append(
                    Conflict(
                        "disjoint-classes",
                        key,
                        axiom,
                        Text(
                            de=f"{who} ist zugleich {_short(a)} und {_short(b)}, die laut "
                            f"Ontologie disjunkt sind (Axiom: {axiom}); {_short(a)} wegen "
                            f"{why(a, 'de')}; {_short(b)} wegen {why(b, 'de')}",
                            en=f"{who} is both {_short(a)} and {_short(b)}, which the ontology "
                            f"declares disjoint (axiom: {axiom}); {_short(a)} because of "
                            f"{why(a, 'en')}; {_short(b)} because of {why(b, 'en')}",
                        ),
                        location,
                    )
                )
        return conflicts

    def functional_values(self) -> list[Conflict]:
        functional = {
            s
            for s, kinds in self.kinds.items()
            if OWL.FunctionalProperty in kinds and OWL.DatatypeProperty in kinds
        }
        values: dict[tuple[Any, Any], dict[Any, Literal]] = defaultdict(dict)
        for t in self.data:
            if t.predicate in functional and isinstance(t.object, Literal):
                values[(t.subject, t.predicate)].setdefault(_value(t.object), t.object)
        conflicts = []
        for (individual, prop), distinct in sorted(values.items(), key=lambda i: str(i[0])):
            if len(distinct) < 2:
                continue
            who, key, location = self._who(individual, prop)
            shown = ", ".join(sorted(_short(v) for v in distinct.values()))
            axiom = f"{_short(prop)} a owl:FunctionalProperty"
            conflicts.append(
                Conflict(
                    "functional-property",
                    key,
                    axiom,
                    Text(
                        de=f"{who} hat {len(distinct)} verschiedene Werte für {_short(prop)} "
                        f"({shown}), aber {_short(prop)} ist funktional (Axiom: {axiom})",
                        en=f"{who} has {len(distinct)} different values for {_short(prop)} "
                        f"({shown}), but {_short(prop)} is functional (axiom: {axiom})",
                    ),
                    location,
                )
            )
        return conflicts

    def datatype_ranges(self, ignore_unsupported: bool) -> list[Conflict]:
        conflicts = []
        for t in self.data:
            if not isinstance(t.object, Literal):
                continue
            if OWL.DatatypeProperty not in self.kinds.get(t.predicate, set()):
                continue
            datatype = t.object.datatype.value
            if ignore_unsupported and datatype not in _OWL2_DATATYPES:
                continue  # HermiT ignores literals of datatypes outside the OWL 2 map
            for range_ in self.ranges.get(t.predicate, []):
                if _fits(t.object, range_):
                    continue
                who, key, location = self._who(t.subject, t.predicate)
                axiom = f"{_short(t.predicate)} rdfs:range {_short(range_)}"
                value = _short(t.object)
                conflicts.append(
                    Conflict(
                        "datatype-range",
                        key,
                        axiom,
                        Text(
                            de=f"{who} hat {_short(t.predicate)} {value}, ein Wert außerhalb "
                            f"des Wertebereichs {_short(range_)} (Axiom: {axiom})",
                            en=f"{who} has {_short(t.predicate)} {value}, a value outside the "
                            f"range {_short(range_)} (axiom: {axiom})",
                        ),
                        location,
                    )
                )
        return sorted(conflicts, key=lambda c: (c.individual, c.axiom, c.text.en))


def _sets(mapping: Mapping[Any, list[Any]]) -> dict[Any, set[Any]]:
    return {k: set(v) for k, v in mapping.items()}


def _value(literal: Literal) -> Any:
    """A literal's value for comparison: numbers by value, everything else as written."""
    datatype = literal.datatype.value
    if datatype in _INTEGER_TYPES or datatype == XSD.decimal.value:
        with contextlib.suppress(InvalidOperation):
            return Decimal(literal.value)
    return (literal.value, literal.language, datatype)


def _fits(literal: Literal, range_: NamedNode) -> bool:
    """Whether a literal lies in a datatype range (the datatypes the ontology uses)."""
    datatype, text = literal.datatype.value, literal.value
    wanted = range_.value
    if wanted == RDFS.Literal.value:
        return True
    if wanted == RDF.PlainLiteral.value:
        return literal.language is not None or datatype == XSD.string.value
    if wanted == XSD.integer.value:
        return datatype in _INTEGER_TYPES and _INTEGER.fullmatch(text) is not None
    if wanted == XSD.decimal.value:
        numeric = datatype in _INTEGER_TYPES or datatype == XSD.decimal.value
        return numeric and _DECIMAL.fullmatch(text) is not None
    return datatype == wanted


_PREFIXES = sorted(prefixes("").items(), key=lambda item: -len(item[1]))


def _short(term: Any) -> str:
    """``mpsc:Municipality`` for terms in a known namespace, ``<iri>`` otherwise."""
    if isinstance(term, NamedNode):
        for prefix, namespace in _PREFIXES:
            local = term.value[len(namespace) :]
            if term.value.startswith(namespace) and _LOCAL_NAME.fullmatch(local):
                return f"{prefix}:{local}"
        return f"<{term.value}>"
    if isinstance(term, Literal):
        text = '"' + term.value.replace("\\", "\\\\").replace('"', '\\"') + '"'
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype != XSD.string:
            return f"{text}^^{_short(term.datatype)}"
        return text
    return str(term)
