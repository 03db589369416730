"""The embedded store: an in-memory Oxigraph dataset behind one small interface."""

from __future__ import annotations

from collections.abc import Iterable

from pyoxigraph import NamedNode, Quad, QuerySolutions, QueryTriples, Store


class GraphStore:
    """The built dataset in Oxigraph; SPARQL sees the union of all graphs by default."""

    def __init__(self, quads: Iterable[Quad]) -> None:
        self._store = Store()
        self._store.bulk_extend(quads)

    def select(self, sparql: str) -> QuerySolutions:
        result = self._store.query(sparql, use_default_graph_as_union=True)
        assert isinstance(result, QuerySolutions)
        return result

    def construct(self, sparql: str) -> QueryTriples:
        result = self._store.query(sparql, use_default_graph_as_union=True)
        assert isinstance(result, QueryTriples)
        return result

    def graph_names(self) -> list[NamedNode]:
        return sorted(
            (g for g in self._store.named_graphs() if isinstance(g, NamedNode)),
            key=lambda g: g.value,
        )

    def __len__(self) -> int:
        return len(self._store)
