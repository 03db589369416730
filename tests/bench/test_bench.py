"""The query benchmark's answer comparison (bench/bench_queries.py): what counts as the same."""

from __future__ import annotations

import importlib
import sys
from types import ModuleType

import pytest

from tests.support import ROOT


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        return importlib.import_module("bench_queries")
    finally:
        sys.path.remove(str(ROOT / "bench"))


QUERY = """
SELECT ?c (GROUP_CONCAT(DISTINCT STR(?name); separator=", ") AS ?hosts)
       (group_concat(?n ; SEPARATOR = "|") AS ?numbers) (COUNT(?x) AS ?count)
WHERE { ?c ?p ?name } GROUP BY ?c
"""


def test_finds_the_group_concat_columns_and_separators(bench: ModuleType) -> None:
    assert bench.concat_columns(QUERY) == {"hosts": ", ", "numbers": "|"}


def test_concatenations_in_another_order_are_the_same(bench: ModuleType) -> None:
    ours = bench.Answer("select", ("count", "hosts"), (('"2"', '"Jena, Gera"@de'),))
    theirs = bench.Answer("select", ("count", "hosts"), (('"2"', '"Gera, Jena"@de'),))
    separators = bench.concat_columns(QUERY)
    sort = bench.sort_concatenations
    assert bench.compare(ours, theirs) != "same"
    assert bench.compare(sort(ours, separators), sort(theirs, separators)) == "same"


@pytest.mark.parametrize(
    "theirs",
    [
        ('"2"', '"Gera, Suhl"@de'),  # another item
        ('"2"', '"Gera, Jena"'),  # another language tag
        ('"3"', '"Gera, Jena"@de'),  # another value in a column that is not concatenated
        ('"2"', '"Gera,Jena"@de'),  # another separator
    ],
)
def test_other_differences_stay_differences(bench: ModuleType, theirs: tuple[str, str]) -> None:
    separators = bench.concat_columns(QUERY)
    ours = bench.Answer("select", ("count", "hosts"), (('"2"', '"Jena, Gera"@de'),))
    other = bench.Answer("select", ("count", "hosts"), (theirs,))
    sort = bench.sort_concatenations
    assert bench.compare(sort(ours, separators), sort(other, separators)) != "same"


@pytest.mark.parametrize(
    ("comparison", "differs"),
    [
        ("same", False),
        ("not compared (rdflib over the cap)", False),
        ("error: rdflib: ParseException: …", False),
        ("18 vs 18 rows: 1 only Oxigraph, 1 only rdflib", True),
        ("ASK: Oxigraph True, rdflib False", True),
    ],
)
def test_only_real_differences_count_as_mismatches(
    bench: ModuleType, comparison: str, differs: bool
) -> None:
    assert bench.differs(comparison) is differs
