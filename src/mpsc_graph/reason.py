"""Reason stage: HermiT (through owlready2) on the ontology plus the reconciled data.

owlready2 is kept inside this module: data goes in as N-Triples, into a fresh ``World``
per run, so no reasoner state leaks between runs.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph
from pyoxigraph import Quad, RdfFormat

from .errors import ExternalError, Text


@dataclass(frozen=True)
class Consistency:
    consistent: bool
    explanation: str | None = None  # HermiT's own words when inconsistent


def _require_java() -> None:
    if shutil.which("java") is None:
        raise ExternalError(
            Text(
                de="Java fehlt: HermiT braucht eine Java-Laufzeit (z. B. apt-get install "
                "default-jre-headless)",
                en="Java is missing: HermiT needs a Java runtime (e.g. apt-get install "
                "default-jre-headless)",
            )
        )


def check_consistency(ontology_dir: Path, data: Iterable[Quad]) -> Consistency:
    """Ask HermiT whether the ontology, its external axioms and ``data`` are consistent.

    Literals outside the OWL 2 datatype map (``xsd:date``) are ignored by the reasoner; the
    ontology declares no ranges with them.
    """
    _require_java()
    import owlready2  # deferred: slow to import and only needed here

    with tempfile.TemporaryDirectory(prefix="mpsc-reason-") as tmp:
        path = Path(tmp) / "input.nt"
        triples = [q.triple for q in data]
        for name in ("mpsc.ttl", "ext-closure.ttl"):
            triples += [
                q.triple
                for q in pyoxigraph.parse(path=str(ontology_dir / name), format=RdfFormat.TURTLE)
            ]
        pyoxigraph.serialize(triples, str(path), format=RdfFormat.N_TRIPLES)
        world = owlready2.World()
        try:
            world.get_ontology(path.as_uri()).load(format="ntriples")
            owlready2.sync_reasoner_hermit(
                world, infer_property_values=False, debug=0, ignore_unsupported_datatypes=True
            )
        except owlready2.OwlReadyInconsistentOntologyError as exc:
            return Consistency(False, str(exc) or "HermiT: ontology and data are inconsistent")
        finally:
            world.close()
    return Consistency(True)
