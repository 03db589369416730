"""Stored SPARQL queries: strict grlc-compatible headers, typed parameters, safe binding.

A query file is valid SPARQL with a YAML header on ``#+`` lines (grlc's decorator syntax).
Parameters follow grlc/BASIL naming in the query (``?_name`` required, ``?__name`` optional)
and are described under the header key ``mpsc: params:``.

Binding: a value is first parsed into an RDF term of the parameter's type (an IRI is checked,
a literal goes through the N-Triples parser); the term, never the raw text, is then bound by
a ``VALUES`` block that opens the query's WHERE group, written by Oxigraph's term serialiser
(which escapes quotes and backslashes). The same binding is used for the embedded store and
for remote endpoints, so both give the same answers. (Oxigraph's own substitution API would
only bind variables that the SELECT projects.) Parameters must therefore be used in the main
WHERE group, not only inside a sub-select.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyoxigraph
import yaml
from pyoxigraph import (
    BlankNode,
    Literal,
    NamedNode,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    QueryTriples,
    RdfFormat,
    Triple,
    Variable,
)

from mpsc_graph.core.errors import ExternalError, InputError, Location, Problem, Text
from mpsc_graph.core.vocab import XSD, prefixes
from mpsc_graph.store import GraphStore

Term = NamedNode | BlankNode | Literal

GRLC_KEYS = {
    "summary",
    "description",
    "endpoint",
    "pagination",
    "method",
    "tags",
    "defaults",
    "enumerate",
    "endpoint_in_url",
    "transform",
    "endpoint-method",
    "mpsc",
}
PROJECT_KEYS = {"kind", "params", "since"}
PARAM_KEYS = {"type", "description", "example", "default", "enum"}
PARAM_TYPES = (
    "iri",
    "string",
    "integer",
    "decimal",
    "date",
    "boolean",
    "langstring",
    "literal",
    "municipality",
)
KINDS = ("select", "construct", "ask")
_BASIL = re.compile(r"\?(__?)([A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*)")


@dataclass(frozen=True)
class Parameter:
    name: str
    variable: str  # the query variable without "?", e.g. "__year"
    type: str
    description: str
    example: str
    required: bool
    default: str | None = None
    enum: tuple[str, ...] = ()


@dataclass(frozen=True)
class StoredQuery:
    name: str
    path: Path
    summary: str
    description: str
    kind: str
    text: str  # the whole file, header included (it is SPARQL comments)
    tags: tuple[str, ...] = ()
    parameters: tuple[Parameter, ...] = ()
    header: Mapping[str, Any] = field(default_factory=dict)

    def parameter(self, name: str) -> Parameter:
        for p in self.parameters:
            if p.name == name:
                return p
        known = ", ".join(p.name for p in self.parameters) or "-"
        raise _param_error(
            self, name, f"unbekannter Parameter; bekannt: {known}", f"unknown; known: {known}"
        )


@dataclass(frozen=True)
class QueryResult:
    kind: str
    variables: tuple[str, ...] = ()
    rows: tuple[tuple[Term | None, ...], ...] = ()
    triples: tuple[Triple, ...] = ()
    boolean: bool | None = None


_IN_QUERY = Text("in der Abfrage", "in the query")


def _header_error(path: Path, line: int | None, de: str, en: str) -> InputError:
    return InputError([Problem(Location(path, line, "header"), Text(de, en))], _IN_QUERY)


def _param_error(query: StoredQuery, name: str, de: str, en: str) -> InputError:
    return InputError(
        [Problem(Location(query.path, None, f"param {name}"), Text(de, en))], _IN_QUERY
    )


def read_query(path: Path) -> StoredQuery:
    """Read and check a query file; a malformed header is an error naming file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise _header_error(path, None, f"nicht lesbar: {exc}", f"cannot read: {exc}") from exc
    lines = text.splitlines()
    header_lines = [(i + 1, ln[2:]) for i, ln in enumerate(lines) if ln.startswith("#+")]
    if not header_lines:
        raise _header_error(
            path,
            1,
            "Kopf fehlt: die Datei beginnt mit „#+ summary: …“",
            "header missing: start the file with '#+ summary: …'",
        )
    try:
        header = yaml.safe_load("\n".join(body for _, body in header_lines)) or {}
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = header_lines[min(mark.line, len(header_lines) - 1)][0] if mark else None
        raise _header_error(
            path,
            line,
            f"Kopf ist kein gültiges YAML: {exc.problem}",
            f"header is not valid YAML: {exc.problem}",
        ) from exc
    first = header_lines[0][0]
    if not isinstance(header, dict):
        raise _header_error(
            path, first, "Kopf muss eine Zuordnung sein", "header must be a mapping"
        )
    unknown = set(header) - GRLC_KEYS
    if unknown:
        key = sorted(unknown)[0]
        hint = difflib.get_close_matches(key, sorted(GRLC_KEYS), n=1)
        raise _header_error(
            path,
            _line_of(header_lines, key),
            f"unbekannter Schlüssel „{key}“" + (f" (meintest du „{hint[0]}“?)" if hint else ""),
            f"unknown key '{key}'" + (f" (did you mean '{hint[0]}'?)" if hint else ""),
        )
    if not isinstance(header.get("summary"), str) or not header["summary"].strip():
        raise _header_error(path, first, "„summary“ fehlt", "'summary' is missing")
    project = header.get("mpsc") or {}
    if not isinstance(project, dict) or set(project) - PROJECT_KEYS:
        raise _header_error(
            path,
            _line_of(header_lines, "mpsc"),
            f"„mpsc“ erlaubt nur {sorted(PROJECT_KEYS)}",
            f"'mpsc' allows only {sorted(PROJECT_KEYS)}",
        )
    kind = project.get("kind", "select")
    if kind not in KINDS:
        raise _header_error(
            path,
            _line_of(header_lines, "kind"),
            f"„kind“ muss eines von {KINDS} sein",
            f"'kind' must be one of {KINDS}",
        )
    tags = header.get("tags") or []
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise _header_error(
            path,
            _line_of(header_lines, "tags"),
            "„tags“ ist eine Liste von Texten",
            "'tags' is a list of strings",
        )
    body = "\n".join(ln for ln in lines if not ln.lstrip().startswith("#"))
    form = re.search(r"(?i)\b(SELECT|CONSTRUCT|ASK|DESCRIBE)\b", body)
    if form is None or form.group(1).lower() != kind:
        found = form.group(1).upper() if form else "-"
        raise _header_error(
            path,
            _line_of(header_lines, "kind"),
            f"„kind: {kind}“ passt nicht zur Abfrage ({found})",
            f"'kind: {kind}' does not match the query form ({found})",
        )
    parameters = _parameters(path, header_lines, project.get("params") or {}, header, body)
    if parameters:
        try:
            _where_brace(text)
        except ValueError:
            raise _header_error(
                path,
                None,
                "Abfragen mit Parametern brauchen das Schlüsselwort WHERE",
                "queries with parameters need the WHERE keyword",
            ) from None
    return StoredQuery(
        name=path.stem,
        path=path,
        summary=header["summary"].strip(),
        description=str(header.get("description") or "").strip(),
        kind=kind,
        text=text,
        tags=tuple(tags),
        parameters=parameters,
        header=header,
    )


def _line_of(header_lines: list[tuple[int, str]], key: str) -> int | None:
    for line, body in header_lines:
        if re.match(rf"\s*-?\s*{re.escape(key)}\s*:", body):
            return line
    return header_lines[0][0] if header_lines else None


def _parameters(
    path: Path,
    header_lines: list[tuple[int, str]],
    declared: Any,
    header: Mapping[str, Any],
    body: str,
) -> tuple[Parameter, ...]:
    used = {m.group(2): m.group(1) + m.group(2) for m in _BASIL.finditer(body)}
    if not isinstance(declared, dict):
        raise _header_error(
            path,
            _line_of(header_lines, "params"),
            "„params“ muss eine Zuordnung sein",
            "'params' must be a mapping",
        )
    missing = sorted(set(used) - set(declared))
    if missing:
        raise _header_error(
            path,
            _line_of(header_lines, "params"),
            f"Parameter ?_{missing[0]} der Abfrage ist im Kopf nicht beschrieben (mpsc: params:)",
            f"query parameter ?_{missing[0]} is not described in the header (mpsc: params:)",
        )
    extra = sorted(set(declared) - set(used))
    if extra:
        raise _header_error(
            path,
            _line_of(header_lines, extra[0]),
            f"Parameter „{extra[0]}“ kommt in der Abfrage nicht als ?_{extra[0]} vor",
            f"parameter '{extra[0]}' does not occur in the query as ?_{extra[0]}",
        )
    defaults: dict[str, Any] = {}
    for entry in header.get("defaults") or []:
        if isinstance(entry, dict):
            defaults.update(entry)
    result = []
    for name, spec in sorted(declared.items()):
        line = _line_of(header_lines, name)
        if not isinstance(spec, dict) or set(spec) - PARAM_KEYS:
            raise _header_error(
                path,
                line,
                f"Parameter „{name}“: erlaubt sind {sorted(PARAM_KEYS)}",
                f"parameter '{name}': allowed keys are {sorted(PARAM_KEYS)}",
            )
        for key in ("type", "description", "example"):
            if key not in spec:
                raise _header_error(
                    path,
                    line,
                    f"Parameter „{name}“: „{key}“ fehlt",
                    f"parameter '{name}': '{key}' is missing",
                )
        if spec["type"] not in PARAM_TYPES:
            raise _header_error(
                path,
                line,
                f"Parameter „{name}“: Typ muss einer von {PARAM_TYPES} sein",
                f"parameter '{name}': type must be one of {PARAM_TYPES}",
            )
        default = spec.get("default", defaults.get(name))
        result.append(
            Parameter(
                name=name,
                variable=used[name],
                type=spec["type"],
                description=str(spec["description"]),
                example=str(spec["example"]),
                required=used[name].startswith("_") and not used[name].startswith("__"),
                default=None if default is None else str(default),
                enum=tuple(str(v) for v in spec.get("enum") or ()),
            )
        )
    return tuple(result)


def load_queries(directory: Path) -> list[StoredQuery]:
    queries = [read_query(p) for p in sorted(directory.rglob("*.rq"))]
    names: dict[str, Path] = {}
    for q in queries:
        if q.name in names:
            raise _header_error(
                q.path,
                None,
                f"Name „{q.name}“ doppelt (auch {names[q.name]})",
                f"duplicate query name '{q.name}' (also {names[q.name]})",
            )
        names[q.name] = q.path
    return queries


def find_query(directory: Path, name_or_file: str) -> StoredQuery:
    candidate = Path(name_or_file)
    if candidate.suffix == ".rq" and candidate.is_file():
        return read_query(candidate)
    queries = {q.name: q for q in load_queries(directory)}
    if name_or_file in queries:
        return queries[name_or_file]
    close = difflib.get_close_matches(name_or_file, sorted(queries), n=3)
    raise InputError(
        [
            Problem(
                Location(directory, None, "query"),
                Text(
                    f"keine Abfrage „{name_or_file}“"
                    + (f"; ähnlich: {', '.join(close)}" if close else ""),
                    f"no query '{name_or_file}'"
                    + (f"; similar: {', '.join(close)}" if close else ""),
                ),
            )
        ]
    )


# --- parameter values -> RDF terms -------------------------------------------------------

_AGS = re.compile(r"^(0[1-9]|1[0-6])[0-9]{6}$")


def _literal(query: StoredQuery, name: str, text: str) -> Literal:
    """Parse N-Triples literal syntax ("Jena"@de, "5"^^xsd:integer) with a real parser."""
    expanded = re.sub(r"\^\^xsd:(\w+)$", rf"^^<{XSD.iri}\1>", text)
    try:
        quads = list(pyoxigraph.parse(f"<urn:s> <urn:p> {expanded} .", format=RdfFormat.N_TRIPLES))
    except SyntaxError as exc:
        raise _param_error(
            query,
            name,
            f'„{text}“ ist kein RDF-Literal (z. B. "Jena"@de): {exc}',
            f"'{text}' is not an RDF literal (e.g. \"Jena\"@de): {exc}",
        ) from exc
    if len(quads) != 1 or not isinstance(quads[0].object, Literal):
        raise _param_error(query, name, f"„{text}“ ist kein Literal", f"'{text}' is not a literal")
    return quads[0].object


def _iri(query: StoredQuery, name: str, text: str, base: str) -> NamedNode:
    known = (
        prefixes(base)
        | {"id": base + "id/", "vocab": base + "vocab/", "graph": base + "graph/"}
        | _query_prefixes(query.text)
    )
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    elif ":" in text and not re.match(r"^[a-z][a-z0-9+.-]*://", text):
        prefix, local = text.split(":", 1)
        if prefix in known:
            text = known[prefix] + local
    try:
        node = NamedNode(text)
    except ValueError as exc:
        raise _param_error(
            query, name, f"„{text}“ ist keine IRI", f"'{text}' is not an IRI: {exc}"
        ) from exc
    if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", text) or re.search(r'[\s<>"{}|\\^`]', text):
        raise _param_error(query, name, f"„{text}“ ist keine IRI", f"'{text}' is not an IRI")
    return node


def _query_prefixes(text: str) -> dict[str, str]:
    return dict(re.findall(r"(?im)^\s*PREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", text))


def to_term(query: StoredQuery, parameter: Parameter, value: str, base: str) -> Term:
    """Turn a user's value into an RDF term of the parameter's type (never into query text)."""
    name, kind = parameter.name, parameter.type
    if parameter.enum and value not in parameter.enum:
        raise _param_error(
            query,
            name,
            f"„{value}“ nicht erlaubt; erlaubt: {', '.join(parameter.enum)}",
            f"'{value}' is not allowed; allowed: {', '.join(parameter.enum)}",
        )
    if kind == "iri":
        return _iri(query, name, value, base)
    if kind == "municipality":
        if _AGS.fullmatch(value):
            return NamedNode(f"{base}id/municipality/{value}")
        return _iri(query, name, value, base)
    if kind in ("literal", "langstring"):
        literal = _literal(query, name, value)
        if kind == "langstring" and not literal.language:
            raise _param_error(
                query,
                name,
                f'„{value}“ braucht ein Sprachkennzeichen, z. B. "Jena"@de',
                f"'{value}' needs a language tag, e.g. \"Jena\"@de",
            )
        return literal
    checks: dict[str, tuple[str, NamedNode, Callable[[str], str]]] = {
        "integer": (r"^[+-]?\d+$", XSD.integer, lambda v: str(int(v))),
        "decimal": (r"^[+-]?\d+(\.\d+)?$", XSD.decimal, lambda v: str(Decimal(v))),
        "date": (r"^\d{4}-\d{2}-\d{2}$", XSD.date, lambda v: dt.date.fromisoformat(v).isoformat()),
        "boolean": (r"^(true|false)$", XSD.boolean, str),
    }
    if kind in checks:
        pattern, datatype, canonical = checks[kind]
        try:
            if not re.fullmatch(pattern, value):
                raise ValueError(value)
            return Literal(canonical(value), datatype=datatype)  # "+02" joins as "2"
        except ValueError:
            raise _param_error(
                query,
                name,
                f"„{value}“ ist kein Wert vom Typ {kind} (z. B. {parameter.example})",
                f"'{value}' is not a {kind} (e.g. {parameter.example})",
            ) from None
    return Literal(value)  # string


def bind(query: StoredQuery, values: Mapping[str, str], base: str) -> dict[Variable, Term]:
    """Terms for every given parameter, defaults for the rest; missing required ones fail."""
    bound: dict[Variable, Term] = {}
    for name in values:
        query.parameter(name)  # unknown names fail
    for p in query.parameters:
        value = values.get(p.name, p.default)
        if value is None:
            if p.required:
                raise _param_error(
                    query,
                    p.name,
                    f"Pflichtparameter fehlt: --param {p.name}=… (z. B. {p.example})",
                    f"required parameter missing: --param {p.name}=… (e.g. {p.example})",
                )
            continue
        bound[Variable(p.variable)] = to_term(query, p, value, base)
    return bound


# --- running -----------------------------------------------------------------------------


def run(
    query: StoredQuery,
    store: GraphStore,
    bound: Mapping[Variable, Term],
    default_graphs: list[NamedNode] | None = None,
) -> QueryResult:
    """Run on the embedded store, with the same VALUES binding as for an endpoint."""
    try:
        result = store.query(with_values(query.text, bound), default_graph=default_graphs)
    except SyntaxError as exc:
        raise _header_error(
            query.path, None, f"SPARQL-Fehler: {exc}", f"SPARQL error: {exc}"
        ) from exc
    return _collect(result)


def _collect(result: QuerySolutions | QueryTriples | QueryBoolean) -> QueryResult:
    if isinstance(result, QuerySolutions):
        variables = tuple(v.value for v in result.variables)
        rows = tuple(tuple(s[v] for v in variables) for s in result)
        return QueryResult("select", variables, rows)
    if isinstance(result, QueryBoolean):
        return QueryResult("ask", boolean=bool(result))
    return QueryResult("construct", triples=tuple(result))


def values_block(bound: Mapping[Variable, Term]) -> str:
    """A SPARQL VALUES block; the terms are written by Oxigraph's serialiser (escaped)."""
    if not bound:
        return ""
    names = " ".join(f"?{v.value}" for v in bound)
    terms = " ".join(str(t) for t in bound.values())
    return f"VALUES ({names}) {{ ({terms}) }}"


def with_values(text: str, bound: Mapping[Variable, Term]) -> str:
    """The query with a VALUES block as the first element of its WHERE group."""
    block = values_block(bound)
    if not block:
        return text
    position = _where_brace(text)
    return f"{text[: position + 1]}\n  {block}\n{text[position + 1 :]}"


def _where_brace(text: str) -> int:
    """Index of the '{' that opens the WHERE group, skipping comments, strings and IRIs."""
    code = blank_non_code(text)
    where = re.search(r"(?<![^\W_])WHERE", code, re.IGNORECASE)
    brace = code.find("{", where.end()) if where else -1
    if brace < 0:
        raise ValueError("no WHERE group")
    return brace


def blank_non_code(text: str) -> str:
    """The query text with comments, string literals and IRIs blanked out (same positions)."""
    out = list(text)
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "#":
            j = text.find("\n", i)
            j = n if j < 0 else j
        elif c in "\"'":
            quote = c * 3 if text.startswith(c * 3, i) else c
            j = i + len(quote)
            while j < n and not text.startswith(quote, j):
                j += 2 if text[j] == "\\" else 1
            j += len(quote)
        elif c == "<" and re.match(r"<[^\s<>\"{}|\\^`]*>", text[i:]):
            j = text.index(">", i) + 1
        else:
            i += 1
            continue
        out[i:j] = " " * (min(j, n) - i)
        i = j
    return "".join(out)


def run_remote(
    query: StoredQuery,
    endpoint: str,
    bound: Mapping[Variable, Term],
    default_graphs: list[NamedNode] | None = None,
    timeout: float = 60,
) -> QueryResult:
    """Run against a SPARQL 1.1 Protocol endpoint (the same default graphs as embedded)."""
    accept = (
        "application/n-triples" if query.kind == "construct" else "application/sparql-results+json"
    )
    fields = [("query", with_values(query.text, bound))]
    if default_graphs is not None:
        # Naming the default graphs hides the named graphs unless they are named too.
        fields += [("default-graph-uri", g.value) for g in default_graphs]
        fields += [("named-graph-uri", g) for g in _graph_names(endpoint, timeout)]
    body = _post(endpoint, fields, accept, timeout)
    if query.kind == "construct":
        triples = [q.triple for q in pyoxigraph.parse(body, format=RdfFormat.N_TRIPLES)]
        return QueryResult("construct", triples=tuple(triples))
    parsed = pyoxigraph.parse_query_results(body, format=QueryResultsFormat.JSON)
    return _collect(parsed)


def _graph_names(endpoint: str, timeout: float) -> list[str]:
    """Every named graph the endpoint holds."""
    body = _post(
        endpoint,
        [("query", "SELECT DISTINCT ?g WHERE { GRAPH ?g { } }")],
        "application/sparql-results+json",
        timeout,
    )
    solutions = pyoxigraph.parse_query_results(body, format=QueryResultsFormat.JSON)
    assert isinstance(solutions, QuerySolutions)
    return sorted(s["g"].value for s in solutions if isinstance(s["g"], NamedNode))


def _post(endpoint: str, fields: list[tuple[str, str]], accept: str, timeout: float) -> bytes:
    request = urllib.request.Request(
        endpoint,
        data=urllib.parse.urlencode(fields).encode(),
        headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            body: bytes = response.read()
            return body
    except urllib.error.HTTPError as exc:
        detail = exc.read().decode(errors="replace")[:300]
        raise ExternalError(
            Text(
                f"SPARQL-Endpunkt {endpoint} antwortet mit {exc.code}: {detail}",
                f"SPARQL endpoint {endpoint} answered {exc.code}: {detail}",
            )
        ) from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise ExternalError(
            Text(
                f"SPARQL-Endpunkt {endpoint} nicht erreichbar: {exc}",
                f"SPARQL endpoint {endpoint} not reachable: {exc}",
            )
        ) from exc


# --- rendering ---------------------------------------------------------------------------


def render(result: QueryResult, fmt: str, base: str) -> bytes:
    if result.kind == "construct":
        if fmt not in ("ttl", "nt", "json"):
            fmt = "ttl"
        if fmt == "json":
            return _json(
                [
                    {"s": str(t.subject), "p": str(t.predicate), "o": str(t.object)}
                    for t in result.triples
                ]
            )
        out = pyoxigraph.serialize(
            sorted(result.triples, key=str),  # CONSTRUCT order is not defined; files must be
            format=RdfFormat.TURTLE if fmt == "ttl" else RdfFormat.N_TRIPLES,
            prefixes=prefixes(base),
        )
        return out or b""
    if result.kind == "ask":
        return (
            _json({"head": {}, "boolean": result.boolean})
            if fmt == "srj"
            else (b"true\n" if result.boolean else b"false\n")
        )
    if fmt == "srj":
        return _json(_srj(result))
    if fmt == "json":
        return _json(
            [
                {v: _plain(t) for v, t in zip(result.variables, row, strict=True) if t is not None}
                for row in result.rows
            ]
        )
    if fmt in ("csv", "tsv"):
        import csv
        import io

        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(result.variables)
        for row in result.rows:
            writer.writerow(["" if t is None else t.value for t in row])
        return buffer.getvalue().encode()
    return _table(result, base).encode()


def _plain(term: Term) -> Any:
    if isinstance(term, Literal):
        if term.datatype == XSD.integer:
            return int(term.value)
        if term.datatype == XSD.decimal:
            return float(term.value)
        if term.datatype == XSD.boolean:
            return term.value in ("true", "1")
        return term.value
    return term.value if isinstance(term, NamedNode) else str(term)


def _srj(result: QueryResult) -> dict[str, Any]:
    def binding(term: Term) -> dict[str, str]:
        if isinstance(term, NamedNode):
            return {"type": "uri", "value": term.value}
        if isinstance(term, BlankNode):
            return {"type": "bnode", "value": term.value}
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype != XSD.string:
            out["datatype"] = term.datatype.value
        return out

    return {
        "head": {"vars": list(result.variables)},
        "results": {
            "bindings": [
                {v: binding(t) for v, t in zip(result.variables, row, strict=True) if t is not None}
                for row in result.rows
            ]
        },
    }


def _table(result: QueryResult, base: str) -> str:
    short = sorted(prefixes(base).items(), key=lambda kv: -len(kv[1]))
    entity = base + "id/"

    def cell(term: Term | None) -> str:
        if term is None:
            return ""
        if isinstance(term, NamedNode):
            if term.value.startswith(entity):
                return term.value[len(entity) :]
            if term.value.startswith(base):  # vocab/role/speaker, graph/source/seed-000
                return term.value[len(base) :]
            for prefix, ns in short:
                if term.value.startswith(ns):
                    return f"{prefix}:{term.value[len(ns) :]}"
            return term.value
        return str(_plain(term))

    cells = [[cell(t) for t in row] for row in result.rows]
    widths = [max([len(v), *(len(r[i]) for r in cells)]) for i, v in enumerate(result.variables)]
    lines = ["  ".join(v.ljust(w) for v, w in zip(result.variables, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    lines.append(f"({len(cells)} rows)")
    return "\n".join(lines) + "\n"


def _json(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode()
