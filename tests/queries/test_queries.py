"""Stored queries (queries/*.rq): snapshots, headers, parameter binding and the CLI.

The snapshot of every query's result on the invented dataset tests/fixtures/data/queries/ is
in tests/queries/snapshots/: ``<name>.srj`` (SPARQL 1.1 results JSON) for SELECT and ASK,
``<name>.ttl`` for CONSTRUCT, and ``<name>.params.yaml`` with the parameter values where the
query needs some. The .srj files were captured from the program and reviewed: they guard
against regressions, they are not an independent oracle.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from pathlib import Path

import pyoxigraph
import pytest
import rdflib
import yaml
from pyoxigraph import Literal, NamedNode, QueryBoolean, QueryResultsFormat, RdfFormat, Variable
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.algebra import traverse
from rdflib.plugins.sparql.parserutils import CompValue

from mpsc_graph.core.errors import InputError
from mpsc_graph.core.iris import Iris
from mpsc_graph.core.settings import Settings
from mpsc_graph.core.vocab import DEFAULT_BASE
from mpsc_graph.pipeline import Built, assemble
from mpsc_graph.queries import (
    QueryResult,
    StoredQuery,
    bind,
    blank_non_code,
    load_queries,
    read_query,
    run,
    to_term,
    with_values,
)
from tests.support import FIXTURES, REAL_DATA, ROOT, run_cli

QUERY_DATA = FIXTURES / "data" / "queries"
EXPECTED = ROOT / "tests" / "queries" / "snapshots"
QUERIES = load_queries(Settings().queries_dir)
BY_NAME = {q.name: q for q in QUERIES}
NAMES = sorted(BY_NAME)


@pytest.fixture(scope="module")
def fixture_built() -> Built:
    return assemble(Settings(data_dir=QUERY_DATA))


@pytest.fixture(scope="module")
def real_built() -> Built:
    return assemble(Settings(data_dir=REAL_DATA))


# --- helpers -----------------------------------------------------------------------------


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def params_for(name: str) -> dict[str, str]:
    path = EXPECTED / f"{name}.params.yaml"
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    assert isinstance(data, dict), f"{path}: a mapping {{name: value}}"
    return {str(k): _text(v) for k, v in data.items()}


def execute(query: StoredQuery, built: Built, values: dict[str, str]) -> QueryResult:
    base = built.settings.base
    return run(query, built.store, bind(query, values, base), Iris(base).query_default_graphs)


def read_srj(path: Path) -> QueryResult:
    parsed = pyoxigraph.parse_query_results(path.read_bytes(), format=QueryResultsFormat.JSON)
    if isinstance(parsed, QueryBoolean):
        return QueryResult("ask", boolean=bool(parsed))
    variables = tuple(v.value for v in parsed.variables)
    rows = tuple(tuple(solution[v] for v in variables) for solution in parsed)
    return QueryResult("select", variables, rows)


def body_of(query: StoredQuery) -> str:
    """The query without its header and comment lines."""
    return "\n".join(ln for ln in query.text.splitlines() if not ln.lstrip().startswith("#"))


def is_ordered(query: StoredQuery) -> bool:
    """True when the outermost query has ORDER BY (after its last closing brace)."""
    body = body_of(query)
    return bool(re.search(r"\bORDER\s+BY\b", body[body.rindex("}") :], re.IGNORECASE))


def _show(row: tuple[object, ...]) -> str:
    return " | ".join("-" if t is None else str(t) for t in row)


def to_rdflib(triples: tuple[pyoxigraph.Triple, ...]) -> rdflib.Graph:
    data = pyoxigraph.serialize(list(triples), format=RdfFormat.N_TRIPLES) or b""
    return rdflib.Graph().parse(data=data.decode("utf-8"), format="nt")


def values_clauses(text: str) -> list[list[dict[rdflib.Variable, rdflib.term.Node]]]:
    """Every VALUES clause of a query, as parsed by rdflib's SPARQL parser."""
    found: list[list[dict[rdflib.Variable, rdflib.term.Node]]] = []

    def visit(node: object) -> None:
        if isinstance(node, CompValue) and node.name == "values":
            found.append(node.res)

    traverse(prepareQuery(text).algebra, visitPre=visit)
    return found


def subselect_spans(body: str) -> list[tuple[int, int]]:
    """(start, end) of every group that holds a sub-SELECT, in a stripped query body."""
    spans, stack = [], []
    for m in re.finditer(r"[{}]|\bSELECT\b", body, re.IGNORECASE):
        token = m.group(0)
        if token == "{":
            stack.append([m.start(), False])
        elif token == "}":
            start, has_select = stack.pop()
            if has_select:
                spans.append((start, m.end()))
        elif stack:
            stack[-1][1] = True
    return spans


# --- expected results on the fixture -----------------------------------------------------


OTHER_BASE = "https://example.org/kg/"


@pytest.fixture(scope="module")
def other_base_built() -> Built:
    return assemble(Settings(data_dir=QUERY_DATA, base=OTHER_BASE))


ONTOLOGY_NS = "https://w3id.org/mpsc/ontology#"  # fixed, not under the base


def _rebase(term: object, base: str) -> object:
    if (
        isinstance(term, NamedNode)
        and term.value.startswith(DEFAULT_BASE)
        and not term.value.startswith(ONTOLOGY_NS)
    ):
        return NamedNode(base + term.value.removeprefix(DEFAULT_BASE))
    return term


def check_expected(name: str, built: Built) -> None:
    """Run the query on the fixture and compare with tests/queries/snapshots/<name>.*; the expected
    files use the default base, which is swapped for the base of ``built``."""
    query, base = BY_NAME[name], built.settings.base
    result = execute(query, built, params_for(name))
    if query.kind == "construct":
        text = (EXPECTED / f"{name}.ttl").read_text(encoding="utf-8")
        text = re.sub(re.escape(DEFAULT_BASE) + r"(?!ontology#)", base, text)
        expected_graph = rdflib.Graph().parse(data=text, format="turtle")
        got = to_rdflib(result.triples)
        if not isomorphic(got, expected_graph):
            _, only_got, only_expected = graph_diff(
                to_isomorphic(got), to_isomorphic(expected_graph)
            )
            pytest.fail(
                "CONSTRUCT differs.\nunexpected:\n"
                + only_got.serialize(format="nt")
                + "\nmissing:\n"
                + only_expected.serialize(format="nt")
            )
        return
    expected = read_srj(EXPECTED / f"{name}.srj")
    assert result.kind == expected.kind
    if query.kind == "ask":
        assert result.boolean == expected.boolean
        return
    assert result.variables == expected.variables
    expected_rows = [tuple(_rebase(t, base) for t in row) for row in expected.rows]
    if is_ordered(query):
        if list(result.rows) != expected_rows:
            pytest.fail(
                "rows differ (ORDER BY: order counts)\ngot:\n"
                + "\n".join(map(_show, result.rows))
                + "\nexpected:\n"
                + "\n".join(map(_show, expected_rows))
            )
    else:
        got_count, expected_count = Counter(result.rows), Counter(expected_rows)
        if got_count != expected_count:
            pytest.fail(
                "rows differ\nunexpected:\n"
                + "\n".join(map(_show, (got_count - expected_count).elements()))
                + "\nmissing:\n"
                + "\n".join(map(_show, (expected_count - got_count).elements()))
            )


@pytest.mark.parametrize("name", NAMES)
def test_expected_result(name: str, fixture_built: Built) -> None:
    check_expected(name, fixture_built)


@pytest.mark.parametrize("name", NAMES)
def test_expected_result_under_another_base(name: str, other_base_built: Built) -> None:
    """No query hard-codes the base IRI: with --base the same answers, under the new base."""
    check_expected(name, other_base_built)


def _expected_names() -> dict[str, list[Path]]:
    found: dict[str, list[Path]] = {}
    for path in EXPECTED.iterdir():
        for suffix in (".params.yaml", ".srj", ".ttl"):
            if path.name.endswith(suffix):
                found.setdefault(path.name.removesuffix(suffix), []).append(path)
                break
        else:
            pytest.fail(f"{path}: not an expected result (.srj, .ttl) or parameters (.params.yaml)")
    return found


def test_every_query_has_an_expected_result_and_every_expected_file_a_query() -> None:
    found = _expected_names()
    orphans = sorted(set(found) - set(BY_NAME))
    assert not orphans, f"expected files without a query in queries/: {orphans}"
    for name, query in BY_NAME.items():
        results = [p for p in found.get(name, []) if p.suffix in (".srj", ".ttl")]
        wanted = ".ttl" if query.kind == "construct" else ".srj"
        assert [p.suffix for p in results] == [wanted], (
            f"{name}: needs exactly one expected result tests/queries/snapshots/{name}{wanted}, "
            f"found {[p.name for p in results]}"
        )


@pytest.mark.parametrize("name", NAMES)
def test_expected_results_are_not_trivial(name: str) -> None:
    query = BY_NAME[name]
    if query.kind == "construct":
        assert len(rdflib.Graph().parse(EXPECTED / f"{name}.ttl", format="turtle")) >= 10
        return
    expected = read_srj(EXPECTED / f"{name}.srj")
    if query.kind == "select":
        assert len(expected.rows) >= 2, f"{name}: give the fixture at least two rows to check"
        for column, variable in enumerate(expected.variables):
            assert any(row[column] is not None for row in expected.rows), (
                f"{name}: column ?{variable} is never bound in the expected result"
            )
    for key in params_for(name):
        query.parameter(key)  # an unknown name fails


def test_parameters_change_the_fixture_results(fixture_built: Built) -> None:
    """A second value for some parameters, checked by hand against the fixture."""
    workshops = execute(BY_NAME["topics-per-year"], fixture_built, {"itemType": "mpsc:Workshop"})
    assert [(r[0].value, r[1].value.rsplit("/", 1)[1], r[3].value) for r in workshops.rows] == [
        ("2023", "beteiligung", "1"),
        ("2023", "daten", "1"),
        ("2024", "mobilitaet", "1"),
    ]
    saxony = execute(BY_NAME["non-funded-participation"], fixture_built, {"land": '"Sachsen"@de'})
    assert [r[3].value.rsplit("/", 1)[1] for r in saxony.rows] == ["rk-2", "rk-3"]
    assert not execute(BY_NAME["is-funded"], fixture_built, {"municipality": "09998333"}).boolean
    near = execute(BY_NAME["nearby-non-funded"], fixture_built, {})  # default 50 km
    assert [(r[0].value[-8:], r[2].value[-4:]) for r in near.rows] == [
        ("09998333", "rk-2"),
        ("14998111", "rk-3"),
    ]
    contradicted = execute(
        BY_NAME["source-agreement"],
        fixture_built,
        {"verdict": "contradicted", "value": '"2023-11-08"^^xsd:date'},
    )
    assert [r[4].value.rsplit("/", 1)[1] for r in contradicted.rows] == ["rk2-ankuendigung"]
    network_2024 = execute(BY_NAME["transfer-network"], fixture_built, {"year": "2024"})
    conferences = {
        t.subject.value
        for t in network_2024.triples
        if t.object == NamedNode("https://w3id.org/mpsc/ontology#RegionalConference")
    }
    assert conferences == {"https://w3id.org/mpsc/id/conference/rk-3"}


KINDS = {
    "municipality",
    "district",
    "cooperation",
    "federal-ministry",
    "state-ministry",
    "transfer-office",
    "project-agency",
    "unit",
    "other",
}
RELATIONS = {"host", "organiser", "commissioner", "participant", "presenter"}


@pytest.mark.parametrize("data", ["fixture", "real"])
def test_network_interface(data: str, request: pytest.FixtureRequest) -> None:
    """participation-edges, organisations and topic-conferences fit together (network.py)."""
    built = request.getfixturevalue("fixture_built" if data == "fixture" else "real_built")
    edges = execute(BY_NAME["participation-edges"], built, {})
    organisations = execute(BY_NAME["organisations"], built, {})
    topics = execute(BY_NAME["topic-conferences"], built, {})
    assert edges.variables == ("conference", "conferenceLabel", "date", "organisation", "relation")
    assert organisations.variables == (
        "organisation",
        "label",
        "kind",
        "funded",
        "land",
        "lat",
        "long",
    )
    assert topics.variables == ("topic", "topicLabel", "conference", "date")
    assert len(set(edges.rows)) == len(edges.rows)
    assert {r[4].value for r in edges.rows} <= RELATIONS
    assert all(isinstance(r[3], NamedNode) for r in edges.rows)
    listed = [r[0] for r in organisations.rows]
    assert len(listed) == len(set(listed)), "one row per organisation"
    assert set(listed) == {r[3] for r in edges.rows}
    boolean = NamedNode("http://www.w3.org/2001/XMLSchema#boolean")
    for row in organisations.rows:
        assert row[1] is not None and row[1].language == "de"
        assert row[2].value in KINDS
        assert row[3].datatype == boolean and row[3].value in ("true", "false")
    conferences = {r[0] for r in edges.rows}
    assert {r[2] for r in topics.rows} <= conferences | {
        r[0] for r in execute(BY_NAME["conference-timeline"], built, {}).rows
    }


# --- headers and query text --------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_header_is_complete_and_bilingual(name: str) -> None:
    query = BY_NAME[name]
    assert " / " in query.summary, "summary: „Deutsch / English“"
    assert "\n/\n" in query.description, "description: German, a line '/', English"
    assert query.tags, "tags: at least one"
    assert query.header["mpsc"]["kind"] == query.kind
    for p in query.parameters:
        assert " / " in p.description, f"parameter {p.name}: „Deutsch / English“"


@pytest.mark.parametrize("name", NAMES)
def test_header_examples_and_defaults_bind(name: str) -> None:
    query = BY_NAME[name]
    bound = bind(query, {p.name: p.example for p in query.parameters}, DEFAULT_BASE)
    assert set(bound) == {Variable(p.variable) for p in query.parameters}
    for p in query.parameters:
        if p.default is not None:
            to_term(query, p, p.default, DEFAULT_BASE)


@pytest.mark.parametrize("name", NAMES)
def test_query_text_rules(name: str) -> None:
    query = BY_NAME[name]
    body = body_of(query)
    # No entity IRIs under the configurable base; the ontology namespace is fixed.
    assert not re.search(r"w3id\.org/mpsc/(?!ontology#)", body), "hard-coded base IRI"
    declared = set(re.findall(r"(?im)^\s*PREFIX\s+([A-Za-z][\w.-]*)?:", body))
    stripped = blank_non_code(body)
    stripped = re.sub(r"(?im)^\s*PREFIX\s+\S*:", " ", stripped)
    used = set(re.findall(r"(?<![\w?$.-])([A-Za-z][\w-]*):(?=[A-Za-z_])", stripped))
    assert used <= declared, f"prefixes used but not declared: {sorted(used - declared)}"
    # Parameters are bound by a VALUES block at the top of the WHERE group: each must occur
    # there, not only inside a sub-select.
    spans = subselect_spans(stripped)
    for p in query.parameters:
        places = [m.start() for m in re.finditer(rf"\?{p.variable}\b", stripped)]
        assert places, p.name
        outside = [i for i in places if not any(a <= i < b for a, b in spans)]
        assert outside, f"?{p.variable} is used only inside a sub-select"


def exists_bodies(body: str) -> list[str]:
    """The group of every EXISTS / NOT EXISTS in a stripped query body."""
    found = []
    for m in re.finditer(r"\bEXISTS\s*\{", body, re.IGNORECASE):
        depth, i = 0, m.end() - 1
        for i in range(m.end() - 1, len(body)):
            depth += {"{": 1, "}": -1}.get(body[i], 0)
            if depth == 0:
                break
        found.append(body[m.end() : i])
    return found


def is_single_pattern(group: str) -> bool:
    """One triple pattern, its predicate a plain IRI or ``a/rdfs:subClassOf*``."""
    text = " ".join(group.split()).rstrip(" .")
    if any(mark in text for mark in ("{", ";", ",", " . ")) or re.search(r"(?i)\bUNION\b", text):
        return False
    return not re.search(r"[/|^*+]", re.sub(r"\ba/rdfs:subClassOf\*", "", text))


@pytest.mark.parametrize("name", NAMES)
def test_exists_holds_a_single_pattern(name: str) -> None:
    # Oxigraph plans an EXISTS without the outer row's bindings: anything bigger than one
    # pattern is re-scanned on every row (queries/README.md, "Writing a query that scales").
    body = blank_non_code(body_of(BY_NAME[name]))
    for group in exists_bodies(body):
        assert is_single_pattern(group), (
            f"EXISTS {{{' '.join(group.split())}}}: use MINUS or a joined sub-select"
        )


def test_the_exists_check_itself() -> None:
    body = blank_non_code(
        "SELECT * WHERE { ?a ?b ?c FILTER NOT EXISTS { ?a mpsc:p ?x } "
        "BIND (EXISTS { ?a a/rdfs:subClassOf* mpsc:C . } AS ?k) "
        "FILTER EXISTS { ?a mpsc:p/mpsc:q ?y } FILTER NOT EXISTS { ?a mpsc:p ?z . ?z mpsc:q 1 } "
        "FILTER EXISTS { { ?a mpsc:p ?v } UNION { ?a mpsc:q ?v } } }"
    )
    assert [is_single_pattern(g) for g in exists_bodies(body)] == [True, True, False, False, False]


def test_the_sub_select_check_itself() -> None:
    body = blank_non_code(
        'SELECT ?x WHERE { { SELECT ?x WHERE { ?x ?p ?_a } } ?x ?q "?_b" . FILTER (?x != ?_c) }'
    )
    spans = subselect_spans(body)
    inside = [m.start() for m in re.finditer(r"\?_a\b", body)]
    outside = [m.start() for m in re.finditer(r"\?_c\b", body)]
    assert inside and outside
    assert all(any(a <= i < b for a, b in spans) for i in inside)
    assert not any(any(a <= i < b for a, b in spans) for i in outside)
    assert "?_b" not in body  # inside a string: blanked out


def test_readme_lists_every_query() -> None:
    readme = (ROOT / "queries" / "README.md").read_text(encoding="utf-8")
    listed = re.findall(r"^\| \[`([\w-]+)`\]\(([\w-]+)\.rq\) \|", readme, re.MULTILINE)
    assert [name for name, _ in listed] == NAMES
    assert all(name == file for name, file in listed)
    for name, query in BY_NAME.items():
        row = next(ln for ln in readme.splitlines() if ln.startswith(f"| [`{name}`]"))
        assert query.summary in row
        for p in query.parameters:
            assert f"`{p.name}` ({p.type}" in row


# --- the real data -----------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_runs_on_the_real_data(name: str, real_built: Built) -> None:
    query = BY_NAME[name]
    required = {p.name: p.example for p in query.parameters if p.required}
    every = {p.name: p.example for p in query.parameters}
    for values in (required, every):
        assert execute(query, real_built, values).kind == query.kind


# --- malformed headers -------------------------------------------------------------------

_BODY = """PREFIX schema: <https://schema.org/>
SELECT ?s WHERE { ?s schema:name ?_name }
"""
_PARAM = """#+ mpsc:
#+   params:
#+     name:
#+       type: string
#+       description: Name / name
#+       example: Jena
"""

MALFORMED = {
    # name: (file text, line the error must name)
    "invalid-yaml": ("#+ description: x\n#+ tags: [t]\n#+ summary: a: b\n" + _BODY, 3),
    "unknown-key": ("#+ summary: S / S\n#+ sumary_en: S\n" + _PARAM + _BODY, 2),
    "missing-summary": ("# a query\n#+ description: D / D\n" + _PARAM + _BODY, 2),
    "undeclared-parameter": (
        "#+ summary: S / S\n"
        + _PARAM
        + "PREFIX schema: <https://schema.org/>\n"
        + "SELECT ?s WHERE { ?s schema:name ?_name ; schema:url ?_url }\n",
        3,
    ),
    "unused-parameter": (
        "#+ summary: S / S\n"
        + _PARAM
        + "#+     unused:\n#+       type: iri\n#+       description: U / U\n"
        + "#+       example: https://example.org/\n"
        + _BODY,
        8,
    ),
    "bad-type": ("#+ summary: S / S\n" + _PARAM.replace("type: string", "type: text") + _BODY, 4),
    "missing-example": (
        "#+ summary: S / S\n" + _PARAM.replace("#+       example: Jena\n", "") + _BODY,
        4,
    ),
    "bad-kind": (
        "#+ summary: S / S\n"
        + _PARAM.replace("#+ mpsc:\n", "#+ mpsc:\n#+   kind: describe\n")
        + _BODY,
        3,
    ),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_malformed_header_names_file_and_line(case: str, tmp_path: Path) -> None:
    text, line = MALFORMED[case]
    path = tmp_path / f"{case}.rq"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as raised:
        read_query(path)
    problem = raised.value.problems[0]
    assert problem.location.file == path
    assert problem.location.line == line, problem.render("en")
    result = run_cli("query", str(path), "--data", str(QUERY_DATA))
    assert result.exit_code == 3, result.output
    assert f"{path}:{line}" in result.output


def test_a_good_header_reads(tmp_path: Path) -> None:
    path = tmp_path / "good.rq"
    path.write_text("#+ summary: S / S\n" + _PARAM + _BODY, encoding="utf-8")
    query = read_query(path)
    assert [(p.name, p.type, p.required) for p in query.parameters] == [("name", "string", True)]


# --- injection ---------------------------------------------------------------------------

NASTY = [
    'x" } ; DROP ALL ; { "',
    "<http://a> } UNION { ?s ?p ?o",
    "} SELECT * WHERE {",
    "x' } # \n SELECT * WHERE { ?s ?p ?o",
    '\\" } UNION { ?s ?p ?o } #',
]


def _nasty_langstrings() -> list[str]:
    """The same texts wrapped as valid language-tagged literals (escaped N-Triples)."""
    escaped = [v.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") for v in NASTY]
    return [f'"{v}"@de' for v in escaped] + NASTY


# (query, parameter, harmless non-matching value, values to try)
INJECTION = [
    ("find-entity", "text", "no such name zzz", NASTY),
    ("project-topics", "modelProject", "https://example.org/no-such-project", NASTY),
    ("topics-per-year", "itemType", "https://example.org/NoSuchClass", NASTY),
    ("non-funded-participation", "land", '"Atlantis"@de', _nasty_langstrings()),
    (
        "source-agreement",
        "value",
        '"no such value"',
        _nasty_langstrings() + ['"x\\" } DROP ALL"^^xsd:string'],
    ),
    ("conference-timeline", "year", "1900", [*NASTY, "2023 } UNION { ?s ?p ?o }", "1e3"]),
    ("solutions-presented", "since", "2999-01-01", [*NASTY, "2023-01-01 } #"]),
    ("nearby-non-funded", "km", "0", [*NASTY, "50) || true || (1"]),
    ("organisations-across-conferences", "funded", "true", [*NASTY, "false || true"]),
    ("is-funded", "municipality", "16999999", [*NASTY, "09998222> } UNION { <x"]),
]


def _cases() -> list[tuple[str, str, str, str]]:
    return [
        (name, param, harmless, value)
        for name, param, harmless, values in INJECTION
        for value in values
    ]


@pytest.mark.parametrize(
    ("name", "param", "harmless", "value"),
    _cases(),
    ids=[f"{c[0]}-{c[1]}-{i}" for i, c in enumerate(_cases())],
)
def test_injection_fails_or_binds_one_term(
    name: str, param: str, harmless: str, value: str, fixture_built: Built
) -> None:
    query = BY_NAME[name]
    base = fixture_built.settings.base
    variable = Variable(query.parameter(param).variable)
    try:
        bound = bind(query, {param: value}, base)
    except InputError as exc:
        assert exc.problems[0].location.file == query.path
        result = run_cli("query", name, "--data", str(QUERY_DATA), "-p", f"{param}={value}")
        assert result.exit_code == 3, result.output
        return
    # Bound: one term, which the query text holds only inside the VALUES block, escaped.
    assert list(bound) == [variable]
    term = bound[variable]
    if isinstance(term, Literal) and query.parameter(param).type == "string":
        assert term.value == value
    text = with_values(query.text, bound)
    added = [ln for ln in text.splitlines() if ln not in query.text.splitlines()]
    assert added == [f"  VALUES (?{variable.value}) {{ ({term}) }}"]
    assert text.replace("\n" + added[0] + "\n", "", 1) == query.text
    clauses = values_clauses(text)
    assert len(clauses) == 1 and len(clauses[0]) == 1
    (binding,) = clauses[0]
    assert list(binding) == [rdflib.Variable(variable.value)]
    assert str(binding[rdflib.Variable(variable.value)]) == term.value
    # ... and cannot change the query: the same result as for a harmless value.
    graphs = Iris(base).query_default_graphs
    attacked = run(query, fixture_built.store, bound, graphs)
    reference = run(query, fixture_built.store, bind(query, {param: harmless}, base), graphs)
    assert reference.kind != "select" or not reference.rows, "pick a non-matching harmless value"
    assert attacked.variables == reference.variables
    assert Counter(attacked.rows) == Counter(reference.rows)
    assert attacked.boolean == reference.boolean
    assert Counter(map(str, attacked.triples)) == Counter(map(str, reference.triples))


# --- the CLI -----------------------------------------------------------------------------


def test_cli_lists_every_query() -> None:
    result = run_cli("queries")
    assert result.exit_code == 0, result.output
    listed = [line.split()[0] for line in result.output.splitlines() if line.strip()]
    assert sorted(listed) == NAMES
    assert "find-entity" in result.output and "text=<string>" in result.output
    assert "[year=<integer>]" in result.output


def test_cli_lists_queries_as_json() -> None:
    result = run_cli("queries", "--format", "json")
    assert result.exit_code == 0, result.output
    entries = {e["name"]: e for e in json.loads(result.output)}
    assert sorted(entries) == NAMES
    assert entries["transfer-network"]["kind"] == "construct"
    assert entries["is-funded"]["kind"] == "ask"
    (param,) = entries["is-funded"]["parameters"]
    assert (param["name"], param["type"], param["required"]) == (
        "municipality",
        "municipality",
        True,
    )
    people = entries["people-across-conferences"]["parameters"][0]
    assert (people["required"], people["default"]) == (False, "2")


TIMELINE_COLUMNS = ["conference", "number", "date", "label", "hosts", "land", "venue", "attendance"]


def _timeline(fmt: str) -> str:
    args = ("conference-timeline", "--data", str(QUERY_DATA), "-p", "year=2023")
    result = run_cli("query", *args, "--format", fmt)
    assert result.exit_code == 0, result.output
    return result.output


def test_cli_query_table() -> None:
    out = _timeline("table")
    assert out.splitlines()[0].split() == TIMELINE_COLUMNS
    assert "conference/rk-1" in out and "conference/rk-2" in out and "rk-3" not in out
    assert out.rstrip().endswith("(2 rows)")


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_cli_query_csv_and_tsv(fmt: str) -> None:
    out = _timeline(fmt)
    rows = list(csv.reader(io.StringIO(out), delimiter="," if fmt == "csv" else "\t"))
    assert rows[0] == TIMELINE_COLUMNS
    assert rows[1] == [
        "https://w3id.org/mpsc/id/conference/rk-1",
        "1",
        "2023-05-10",
        "1. Regionalkonferenz (Beispielstadt)",
        "Beispielstadt, Stadt",
        "Bayern",
        "Rathaus Beispielstadt",
        "80",
    ]
    assert len(rows) == 3


def test_cli_query_json() -> None:
    data = json.loads(_timeline("json"))
    assert [d["number"] for d in data] == [1, 2]
    assert data[1]["hosts"] == "Musterhausen und Fantasiedorf"
    assert data[0]["attendance"] == 80
    assert "attendance" not in data[1]  # unbound: left out


def test_cli_query_srj_equals_the_expected_result() -> None:
    got = json.loads(_timeline("srj"))
    assert got == json.loads((EXPECTED / "conference-timeline.srj").read_text(encoding="utf-8"))


def test_cli_construct_as_turtle() -> None:
    result = run_cli("query", "transfer-network", "--data", str(QUERY_DATA), "--format", "ttl")
    assert result.exit_code == 0, result.output
    got = rdflib.Graph().parse(data=result.output, format="turtle")
    assert isomorphic(got, rdflib.Graph().parse(EXPECTED / "transfer-network.ttl"))


def test_cli_ask() -> None:
    args = ("query", "is-funded", "--data", str(QUERY_DATA), "-p", "municipality=09998222")
    assert run_cli(*args).output == "true\n"
    assert json.loads(run_cli(*args, "--format", "srj").output) == {"head": {}, "boolean": True}
    not_funded = run_cli(
        "query", "is-funded", "--data", str(QUERY_DATA), "-p", "municipality=09998333"
    )
    assert not_funded.output == "false\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("query", "find-entity"), "required parameter missing"),
        (("query", "find-entity", "-p", "text=x", "-p", "colour=red"), "unknown"),
        (("query", "conference-timeline", "-p", "year=last"), "is not a integer"),
        (("query", "source-agreement", "-p", "verdict=maybe"), "not allowed"),
        (("query", "non-funded-participation", "-p", "land=Bayern"), "not an RDF literal"),
        (("query", "no-such-query"), "no query"),
    ],
)
def test_cli_bad_parameters_are_exit_3(args: tuple[str, ...], message: str) -> None:
    result = run_cli(*args, "--data", str(QUERY_DATA))
    assert result.exit_code == 3, result.output
    assert message in result.output


def test_cli_parameter_without_value_is_a_usage_error() -> None:
    result = run_cli("query", "find-entity", "--data", str(QUERY_DATA), "-p", "text")
    assert result.exit_code == 2
