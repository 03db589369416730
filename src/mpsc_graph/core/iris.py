"""Every IRI of the dataset, minted in one place from the base (docs/model.md, "IRIs").

Entity, vocabulary and graph IRIs depend only on the base and curated ids, so ``--base``
changes all of them and rebuilds give the same IRIs.
"""

from __future__ import annotations

import re
import unicodedata

from pyoxigraph import NamedNode


def slug(text: str) -> str:
    """An ASCII slug for IRIs: ``Kulturzentrum Bad Belzig`` -> ``kulturzentrum-bad-belzig``."""
    text = text.lower()
    for umlaut, ascii_ in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(umlaut, ascii_)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


class Iris:
    """Mints the deterministic IRIs of docs/model.md under one base."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.reconciled = NamedNode(base + "graph/reconciled")
        self.meta = NamedNode(base + "graph/meta")
        self.vocab_graph = NamedNode(base + "graph/vocab")
        self.ontology_graph = NamedNode(base + "graph/ontology")
        self.analysis_graph = NamedNode(base + "graph/analysis")
        self.inferred_graph = NamedNode(base + "graph/inferred")
        self.series = self.id("series/regionalkonferenzen")

    @property
    def query_default_graphs(self) -> list[NamedNode]:
        """What stored queries see without GRAPH: the chosen values, vocabulary, ontology and
        provenance; the per-source and derived graphs are reached with GRAPH."""
        return [self.reconciled, self.vocab_graph, self.ontology_graph, self.meta]

    @property
    def system_graphs(self) -> list[NamedNode]:
        """The graphs that are not one source's or one derived fact's."""
        return [
            self.reconciled,
            self.vocab_graph,
            self.ontology_graph,
            self.meta,
            self.analysis_graph,
            self.inferred_graph,
        ]

    def id(self, path: str) -> NamedNode:
        return NamedNode(f"{self.base}id/{path}")

    def municipality(self, ags: str) -> NamedNode:
        """A local authority by its Amtlicher Gemeindeschlüssel."""
        return self.id(f"municipality/{ags}")

    def activity(self, name: str) -> NamedNode:
        """A PROV activity of the build (``reasoning``, ``network-analysis``, …)."""
        return self.id(f"activity/{name}")

    def analysis_node(self, name: str) -> NamedNode:
        """A node of the transfer-network analysis (metrics are attached to it)."""
        return self.id(f"analysis/network/{name}")

    def source_graph(self, source_id: str) -> NamedNode:
        return NamedNode(f"{self.base}graph/source/{source_id}")

    def derived_graph(self, entity: str, field_name: str) -> NamedNode:
        return NamedNode(f"{self.base}graph/derived/{entity}/{field_name}")

    def scheme(self, scheme: str) -> NamedNode:
        return NamedNode(f"{self.base}vocab/{scheme}")

    def concept(self, scheme: str, concept: str) -> NamedNode:
        return NamedNode(f"{self.base}vocab/{scheme}/{concept}")
