"""Load stage: curated files in ``data/`` to typed records.

Every problem found is collected with its file, line and field, and raised together as one
:class:`InputError`, so that a curator sees all mistakes of a run at once.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from mpsc_graph.core.errors import InputError, Location, Problem, Text
from mpsc_graph.curated.nodes import Node, read_csv, read_yaml
from mpsc_graph.curated.records import (
    Attendance,
    Concept,
    Conference,
    Dataset,
    Fact,
    Facts,
    LangText,
    LocalAuthority,
    ModelProject,
    Organisation,
    Participant,
    Person,
    Position,
    ProgrammeItem,
    Ref,
    Scheme,
    Solution,
    Source,
    State,
    Venue,
)

T = TypeVar("T")

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
AGS_PATTERN = re.compile(r"^(0[1-9]|1[0-6])[0-9]{6}$")
DISTRICT_KEY_PATTERN = re.compile(r"^(0[1-9]|1[0-6])[0-9]{3}$")
STATE_KEY_PATTERN = re.compile(r"^(0[1-9]|1[0-6])$")
QID_PATTERN = re.compile(r"^Q[1-9][0-9]*$")
DECIMAL_PATTERN = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
URL_PATTERN = re.compile(r"^https?://\S+$")

# File names in data/, in the order they are read (sources first: facts refer to them).
SOURCES_FILE = "sources.yaml"
STATES_FILE = "states.csv"
AUTHORITIES_FILE = "local-authorities.csv"
ORGANISATIONS_FILE = "organisations.yaml"
PEOPLE_FILE = "people.yaml"
MODEL_PROJECTS_FILE = "model-projects.yaml"
SOLUTIONS_FILE = "solutions.yaml"
VOCAB_DIR = "vocab"
CONFERENCES_DIR = "conferences"
KNOWN_FILES = {
    SOURCES_FILE,
    STATES_FILE,
    AUTHORITIES_FILE,
    ORGANISATIONS_FILE,
    PEOPLE_FILE,
    MODEL_PROJECTS_FILE,
    SOLUTIONS_FILE,
}
SCHEMES = ("topic", "role", "funding-category")

ORGANISATION_TYPES = {
    "federal-ministry": {"organisation", "ministry"},
    "state-ministry": {"organisation", "ministry"},
    "unit": {"organisation"},
    "transfer-office": {"organisation"},
    "project-agency": {"organisation"},
    "cooperation": {"organisation", "cooperation", "authority-or-cooperation"},
    "organisation": {"organisation"},
}
AUTHORITY_TYPES = ("municipality", "independent-city", "district")
ITEM_TYPES = (
    "welcome",
    "keynote",
    "talk",
    "panel",
    "workshop",
    "marketplace",
    "excursion",
    "project-presentation",
    "networking",
    "consultation",
)
ATTENDANCE_QUALIFIERS = ("exact", "approximately", "more-than")

KIND_NAMES = {
    "source": ("Quelle", "source"),
    "state": ("Bundesland", "federal state"),
    "local-authority": ("Kommune", "local authority"),
    "authority-or-cooperation": (
        "Kommune oder Kooperation",
        "local authority or cooperation",
    ),
    "organisation": ("Organisation", "organisation"),
    "cooperation": ("Kooperation", "cooperation"),
    "ministry": ("Ministerium", "ministry"),
    "person": ("Person", "person"),
    "topic": ("Thema", "topic"),
    "role": ("Rolle", "role"),
    "funding-category": ("Förderkategorie", "funding category"),
    "model-project": ("Modellprojekt", "model project"),
    "solution": ("Lösung", "solution"),
    "conference": ("Konferenz", "conference"),
}


class _InvalidValueError(Exception):
    """Raised by a value parser; carries what is wrong and what would be valid."""

    def __init__(self, de: str, en: str) -> None:
        super().__init__(en)
        self.text = Text(de, en)


def _kinds_text(kinds: Iterable[str]) -> tuple[str, str]:
    names = [KIND_NAMES[k] for k in sorted(kinds)]
    return " / ".join(n[0] for n in names), " / ".join(n[1] for n in names)


# --- value parsers -----------------------------------------------------------------------


def parse_str(node: Node) -> str:
    if isinstance(node.value, (dict, list)) or node.value is None:
        raise _InvalidValueError("erwartet einen Text", "expected a text")
    text = str(node.value).strip()
    if not text:
        raise _InvalidValueError("darf nicht leer sein", "must not be empty")
    return text


def parse_text(node: Node) -> LangText:
    if isinstance(node.value, dict):
        unknown = set(node.value) - {"de", "en"}
        if unknown:
            raise _InvalidValueError(
                f"unbekannte Sprache(n) {sorted(unknown)}; erlaubt sind de und en",
                f"unknown language(s) {sorted(unknown)}; allowed are de and en",
            )
        if "de" not in node.value:
            raise _InvalidValueError(
                "der deutsche Text (de) fehlt; schreibe {de: „…“, en: „…“}",
                "the German text (de) is missing; write {de: '…', en: '…'}",
            )
        en = node.value.get("en")
        return LangText(parse_str(node.value["de"]), parse_str(en) if en else None)
    return LangText(parse_str(node))


def parse_date(node: Node) -> dt.date:
    raw = node.value
    if isinstance(raw, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw.strip()):
        try:
            return dt.date.fromisoformat(raw.strip())
        except ValueError as exc:
            raise _InvalidValueError(
                f"„{raw}“ ist kein gültiges Datum (diesen Tag gibt es nicht)",
                f"'{raw}' is not a valid date (no such day): {exc}",
            ) from exc
    raise _InvalidValueError(
        f"„{raw}“ ist kein Datum; erwartet JJJJ-MM-TT, z. B. 2023-09-14",
        f"'{raw}' is not a date; expected YYYY-MM-DD, e.g. 2023-09-14",
    )


def parse_int(node: Node) -> int:
    raw = node.value
    if isinstance(raw, bool):
        raise _InvalidValueError(f"„{raw}“ ist keine ganze Zahl", f"'{raw}' is not a whole number")
    if isinstance(raw, int):
        return raw
    if isinstance(raw, str) and re.fullmatch(r"-?\d+", raw.strip()):
        return int(raw)
    raise _InvalidValueError(f"„{raw}“ ist keine ganze Zahl", f"'{raw}' is not a whole number")


def parse_bool(node: Node) -> bool:
    if isinstance(node.value, bool):
        return node.value
    raise _InvalidValueError(
        f"„{node.value}“ ist kein Wahrheitswert; erwartet true oder false",
        f"'{node.value}' is not a boolean; expected true or false",
    )


def parse_decimal(node: Node) -> str:
    raw = str(node.value).strip().replace(",", ".")
    if not DECIMAL_PATTERN.fullmatch(raw):
        raise _InvalidValueError(
            f"„{node.value}“ ist keine Dezimalzahl (z. B. 50.927)",
            f"'{node.value}' is not a decimal number (e.g. 50.927)",
        )
    return raw


def parse_qid(node: Node) -> str:
    raw = str(node.value).strip()
    if not QID_PATTERN.fullmatch(raw):
        raise _InvalidValueError(
            f"„{raw}“ ist keine Wikidata-Kennung; erwartet Q gefolgt von Ziffern, z. B. Q3150",
            f"'{raw}' is not a Wikidata id; expected Q followed by digits, e.g. Q3150",
        )
    return raw


def parse_choice(choices: Iterable[str]) -> Callable[[Node], str]:
    allowed = tuple(choices)

    def parse(node: Node) -> str:
        raw = str(node.value).strip() if node.value is not None else ""
        if raw not in allowed:
            raise _InvalidValueError(
                f"„{raw}“ ist nicht erlaubt; erlaubt: {', '.join(allowed)}",
                f"'{raw}' is not allowed; allowed: {', '.join(allowed)}",
            )
        return raw

    return parse


def parse_id(node: Node) -> str:
    raw = str(node.value).strip() if node.value is not None else ""
    if not ID_PATTERN.fullmatch(raw):
        raise _InvalidValueError(
            f"„{raw}“ ist keine gültige Kennung; erlaubt sind Kleinbuchstaben, Ziffern und "
            "Bindestriche (z. B. rk-11, bad-belzig)",
            f"'{raw}' is not a valid id; use lowercase letters, digits and hyphens "
            "(e.g. rk-11, bad-belzig)",
        )
    return raw


# --- the reader --------------------------------------------------------------------------


class _Reader:
    """Collects problems, ids and references while records are built."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.source_ids: set[str] = set()
        self.ids: dict[str, tuple[frozenset[str], Location]] = {}
        self.refs: list[tuple[Ref, Location]] = []
        self.current: Node | None = None
        self.unsourced: dict[tuple[str, int], list[tuple[str, Node]]] = {}

    # problems and ids

    def problem(self, location: Location, de: str, en: str) -> None:
        self.problems.append(Problem(location, Text(de, en)))

    def register(self, ident: str, kinds: set[str], location: Location) -> None:
        if ident in self.ids:
            first = self.ids[ident][1]
            self.problem(
                location,
                f"die Kennung „{ident}“ ist schon vergeben ({first}); Kennungen müssen in "
                "ganz data/ eindeutig sein",
                f"duplicate id '{ident}' (already used at {first}); ids must be unique "
                "across data/",
            )
            return
        self.ids[ident] = (frozenset(kinds), location)

    def parse(self, node: Node, field: str, parser: Callable[[Node], T]) -> T | None:
        try:
            return parser(node)
        except _InvalidValueError as exc:
            self.problems.append(Problem(node.at(field), exc.text))
            return None

    def ref(self, node: Node, field: str, kinds: set[str]) -> Ref | None:
        ident = self.parse(node, field, parse_id)
        if ident is None:
            return None
        ref = Ref(ident, frozenset(kinds))
        self.refs.append((ref, node.at(field)))
        return ref

    def ref_parser(self, field: str, kinds: set[str]) -> Callable[[Node], Ref]:
        def parse(node: Node) -> Ref:
            ref = self.ref(node, field, kinds)
            if ref is None:
                raise _InvalidValueError("", "")  # already reported by self.ref
            return ref

        return parse

    # mappings

    def fields(
        self,
        node: Node,
        what: str,
        allowed: Iterable[str],
        required: Iterable[str] = (),
    ) -> dict[str, Node] | None:
        allowed_set = set(allowed)
        if not node.is_map:
            self.problem(
                node.at(),
                f"{what}: erwartet eine Zuordnung (Schlüssel: Wert)",
                f"{what}: expected a mapping (key: value)",
            )
            return None
        mapping: dict[str, Node] = node.value
        for key, value in mapping.items():
            if key not in allowed_set:
                close = difflib.get_close_matches(key, sorted(allowed_set), n=1)
                hint_de = f" Meintest du „{close[0]}“?" if close else ""
                hint_en = f" Did you mean '{close[0]}'?" if close else ""
                self.problem(
                    value.at(key),
                    f"unbekanntes Feld „{key}“ in {what}.{hint_de} Erlaubte Felder: "
                    f"{', '.join(sorted(allowed_set))}",
                    f"unknown field '{key}' in {what}.{hint_en} Allowed fields: "
                    f"{', '.join(sorted(allowed_set))}",
                )
        for key in required:
            if key not in mapping or mapping[key].value in (None, "", [], {}):
                self.problem(
                    node.at(key),
                    f"Pflichtfeld „{key}“ fehlt in {what}",
                    f"required field '{key}' is missing in {what}",
                )
        return mapping

    def source_list(self, node: Node | None, field: str) -> tuple[str, ...]:
        if node is None:
            return ()
        items = node.value if node.is_list else [node]
        if isinstance(node.value, str) and ";" in node.value:  # CSV cells
            items = [Node(s.strip(), node.file, node.line) for s in node.value.split(";")]
        result = []
        for item in items:
            ident = self.parse(item, field, parse_id)
            if ident is None:
                continue
            if ident not in self.source_ids:
                close = difflib.get_close_matches(ident, sorted(self.source_ids), n=3)
                known = ", ".join(close) if close else ", ".join(sorted(self.source_ids)[:8])
                self.problem(
                    item.at(field),
                    f"unbekannte Quelle „{ident}“; jede Quelle muss in {SOURCES_FILE} stehen "
                    f"(ähnlich: {known})",
                    f"unknown source '{ident}'; every source must be listed in {SOURCES_FILE} "
                    f"(similar: {known})",
                )
            # Kept even when unknown, so that its facts do not also report "no source".
            result.append(ident)
        return tuple(result)

    # facts

    def fact(
        self,
        container: dict[str, Node],
        field: str,
        parser: Callable[[Node], T],
        default_sources: tuple[str, ...],
        *,
        value_keys: tuple[str, ...] = (),
    ) -> Facts[T]:
        """Read a single-valued fact in any of the forms of docs/curation.md."""
        node = container.get(field)
        if node is None or node.value is None:
            return ()
        if node.is_map and "alternatives" in node.value:
            return self._alternatives(node, field, parser, value_keys)
        fact = self._one_fact(node, field, parser, default_sources, value_keys=value_keys)
        return (fact,) if fact else ()

    def fact_list(
        self,
        container: dict[str, Node],
        field: str,
        parser: Callable[[Node], T],
        default_sources: tuple[str, ...],
    ) -> Facts[T]:
        """Read a list field: every item is a fact of its own."""
        node = container.get(field)
        if node is None or node.value in (None, []):
            return ()
        if not node.is_list:
            self.problem(
                node.at(field),
                f"„{field}“ muss eine Liste sein, z. B. [{node.value}]",
                f"'{field}' must be a list, e.g. [{node.value}]",
            )
            return ()
        facts = [self._one_fact(item, field, parser, default_sources) for item in node.value]
        return tuple(f for f in facts if f)

    _WRAPPER_KEYS = ("value", "sources", "note", "derived", "from", "preferred")

    def _is_wrapper(self, node: Node) -> bool:
        return node.is_map and ("value" in node.value or "derived" in node.value)

    def _one_fact(
        self,
        node: Node,
        field: str,
        parser: Callable[[Node], T],
        default_sources: tuple[str, ...],
        *,
        allow_preferred: bool = False,
        value_keys: tuple[str, ...] = (),
    ) -> Fact[T] | None:
        if not self._is_wrapper(node):
            value = self.parse(node, field, parser)
            if value is None:
                return None
            sources = default_sources
            if node.is_map and "sources" in node.value:  # a record-like item with own sources
                sources = self.source_list(node.value["sources"], "sources")
                if not sources:
                    return None
            if not sources:
                self._no_source(node, field)
                return None
            return Fact(value, sources, node.at(field))
        allowed = set(self._WRAPPER_KEYS) - (set() if allow_preferred else {"preferred"})
        parts = self.fields(node, f"„{field}“", allowed | set(value_keys), required=("value",))
        if parts is None or "value" not in parts:
            return None
        value_node = parts["value"]
        if value_keys:  # e.g. attendance: {value: 135, qualifier: approximately}
            value_node = Node(
                {k: v for k, v in parts.items() if k == "value" or k in value_keys},
                node.file,
                node.line,
            )
        value = self.parse(value_node, field, parser)
        note = self.parse(parts["note"], "note", parse_str) if "note" in parts else None
        preferred = True
        if "preferred" in parts:
            preferred = bool(self.parse(parts["preferred"], "preferred", parse_bool))
        if "derived" in parts:
            how = self.parse(parts["derived"], "derived", parse_str)
            if "from" not in parts:
                self.problem(
                    node.at(field),
                    "ein abgeleiteter Wert braucht „from“: die Quellen, aus denen er folgt",
                    "a derived value needs 'from': the sources it was derived from",
                )
                return None
            sources = self.source_list(parts["from"], "from")
            if value is None or how is None or not sources:
                return None
            return Fact(value, sources, node.at(field), derived=how, preferred=preferred, note=note)
        if "from" in parts:
            self.problem(
                parts["from"].at("from"),
                "„from“ gehört zu abgeleiteten Werten; schreibe auch „derived: …“ oder "
                "nutze „sources“",
                "'from' belongs to derived values; add 'derived: …' or use 'sources'",
            )
        sources = (
            self.source_list(parts["sources"], "sources") if "sources" in parts else default_sources
        )
        if not sources:
            if "sources" not in parts:
                self._no_source(node, field)
            return None
        if value is None:
            return None
        return Fact(value, sources, node.at(field), preferred=preferred, note=note)

    def _alternatives(
        self, node: Node, field: str, parser: Callable[[Node], T], value_keys: tuple[str, ...]
    ) -> Facts[T]:
        parts = self.fields(node, f"„{field}“", {"alternatives"})
        if parts is None:
            return ()
        alternatives = parts["alternatives"]
        if not alternatives.is_list or len(alternatives.value) < 2:
            self.problem(
                alternatives.at(field),
                "„alternatives“ braucht eine Liste mit mindestens zwei Werten",
                "'alternatives' needs a list of at least two values",
            )
            return ()
        facts = []
        for item in alternatives.value:
            if not self._is_wrapper(item):
                self.problem(
                    item.at(field),
                    "jede Alternative braucht die Form {value: …, sources: […]}",
                    "each alternative needs the form {value: …, sources: […]}",
                )
                continue
            fact = self._one_fact(
                item, field, parser, (), allow_preferred=True, value_keys=value_keys
            )
            if fact:
                marked = "preferred" in item.value
                facts.append(
                    Fact(
                        fact.value,
                        fact.sources,
                        fact.location,
                        fact.derived,
                        marked and fact.preferred,
                        fact.note,
                    )
                )
        if len(facts) == len(alternatives.value):
            chosen = sum(f.preferred for f in facts)
            if chosen != 1:
                self.problem(
                    alternatives.at(field),
                    f"genau eine Alternative muss „preferred: true“ tragen (gefunden: {chosen})",
                    f"exactly one alternative must be marked 'preferred: true' (found {chosen})",
                )
        return tuple(facts)

    def begin(self, record: Node) -> None:
        """Start a record: facts without sources are reported once per record."""
        self.current = record

    def _no_source(self, node: Node, field: str) -> None:
        key = (str(self.current.file), self.current.line) if self.current else (str(node), 0)
        self.unsourced.setdefault(key, []).append((field, node))

    def report_unsourced(self) -> None:
        for missing in self.unsourced.values():
            fields = ", ".join(dict.fromkeys(f for f, _ in missing))
            first = missing[0][1]
            self.problem(
                first.at(missing[0][0]),
                f"keine Quelle für {fields}: nenne „sources“ am Datensatz oder am Wert",
                f"no source for {fields}: give 'sources' on the record or on the value",
            )

    # resolution

    def resolve_refs(self) -> None:
        for ref, location in self.refs:
            entry = self.ids.get(ref.id)
            if entry is not None and entry[0] & ref.kinds:
                continue
            want_de, want_en = _kinds_text(ref.kinds)
            if entry is None:
                candidates = sorted(i for i, (k, _) in self.ids.items() if k & ref.kinds)
                close = difflib.get_close_matches(ref.id, candidates, n=3)
                similar_de = f" Ähnlich: {', '.join(close)}." if close else ""
                similar_en = f" Similar: {', '.join(close)}." if close else ""
                self.problem(
                    location,
                    f"unbekannte Kennung „{ref.id}“; erwartet: {want_de}.{similar_de}",
                    f"unknown id '{ref.id}'; expected: {want_en}.{similar_en}",
                )
            else:
                have_de, have_en = _kinds_text(k for k in entry[0] if k in KIND_NAMES)
                self.problem(
                    location,
                    f"„{ref.id}“ ist {have_de} ({entry[1]}), erwartet: {want_de}",
                    f"'{ref.id}' is a {have_en} ({entry[1]}), expected: {want_en}",
                )


# --- files -------------------------------------------------------------------------------


def _items(reader: _Reader, root: Node, key: str) -> list[Node]:
    top = reader.fields(root, root.file.name, {key})
    if top is None or key not in top:
        return []
    node = top[key]
    if not node.is_list:
        reader.problem(node.at(key), f"„{key}“ muss eine Liste sein", f"'{key}' must be a list")
        return []
    items: list[Node] = node.value
    return items


def _yaml_records(
    reader: _Reader,
    path: Path,
    key: str,
    allowed: Iterable[str],
    required: Iterable[str],
    kinds: Callable[[dict[str, Node]], set[str]],
) -> Iterator[tuple[Node, dict[str, Node], str, tuple[str, ...]]]:
    """The records of a YAML list file, checked and registered: (node, fields, id, sources)."""
    for node in _items(reader, read_yaml(path), key):
        reader.begin(node)
        parts = reader.fields(node, key, allowed, required)
        if parts is None:
            continue
        ident = _record_id(reader, parts, node)
        if ident is None:
            continue
        reader.register(ident, kinds(parts), parts["id"].at("id"))
        yield node, parts, ident, reader.source_list(parts.get("sources"), "sources")


def _record_id(reader: _Reader, parts: dict[str, Node], node: Node) -> str | None:
    if "id" not in parts:
        return None
    return reader.parse(parts["id"], "id", parse_id)


def _read_sources(reader: _Reader, path: Path) -> tuple[Source, ...]:
    allowed = (
        "id",
        "kind",
        "url",
        "citation",
        "title",
        "publisher",
        "published",
        "retrieved",
        "language",
        "extracted",
        "note",
    )
    sources = []
    for node in _items(reader, read_yaml(path), "sources"):
        parts = reader.fields(node, "sources", allowed, ("id", "title", "extracted"))
        if parts is None:
            continue
        ident = _record_id(reader, parts, node)
        if ident is None:
            continue
        reader.register(ident, {"source"}, parts["id"].at("id"))
        reader.source_ids.add(ident)

        def opt(key: str, parser: Callable[[Node], Any], parts: dict[str, Node] = parts) -> Any:
            return reader.parse(parts[key], key, parser) if key in parts else None

        url = opt("url", parse_str)
        if url is not None and not URL_PATTERN.fullmatch(url):
            reader.problem(
                parts["url"].at("url"),
                f"„{url}“ ist keine http(s)-URL",
                f"'{url}' is not an http(s) URL",
            )
        citation = opt("citation", parse_str)
        if url is None and citation is None:
            reader.problem(
                node.at("url"),
                "eine Quelle braucht „url“ oder, wenn keine bekannt ist, „citation“",
                "a source needs 'url' or, where none is known, 'citation'",
            )
        title = opt("title", parse_str)
        extracted = opt("extracted", parse_date)
        if title is None or extracted is None:
            continue
        sources.append(
            Source(
                id=ident,
                kind=opt("kind", parse_choice(("article", "register"))) or "article",
                title=title,
                extracted=extracted,
                location=node.at(),
                url=url,
                citation=citation,
                publisher=opt("publisher", parse_str),
                published=opt("published", parse_date),
                retrieved=opt("retrieved", parse_date),
                language=opt("language", parse_choice(("de", "en"))) or "de",
                note=opt("note", parse_str),
            )
        )
    return tuple(sources)


def _csv_sources(reader: _Reader, row: dict[str, Node], column: str) -> tuple[str, ...]:
    own = row.get(f"{column}_sources")
    if own is not None:
        return reader.source_list(own, f"{column}_sources")
    return reader.source_list(row.get("sources"), "sources")


def _read_states(reader: _Reader, path: Path) -> tuple[State, ...]:
    states = []
    columns = ("id", "key", "name", "sources", "name_sources")
    for node in read_csv(path):
        reader.begin(node)
        row = reader.fields(node, path.name, columns, ("id", "key", "name", "sources"))
        if row is None or "id" not in row or "key" not in row:
            continue
        ident = _record_id(reader, row, node)
        key = row["key"].value
        if not STATE_KEY_PATTERN.fullmatch(key):
            reader.problem(
                row["key"].at("key"),
                f"„{key}“ ist kein Landesschlüssel; erwartet zwei Ziffern 01 bis 16",
                f"'{key}' is not a state key; expected two digits 01 to 16",
            )
            continue
        if ident is None:
            continue
        reader.register(ident, {"state"}, row["id"].at("id"))
        name = reader.fact(row, "name", parse_str, _csv_sources(reader, row, "name"))
        states.append(State(ident, key, name, node.at()))
    return tuple(states)


def _read_authorities(
    reader: _Reader, path: Path, state_keys: dict[str, str]
) -> tuple[LocalAuthority, ...]:
    columns = (
        "id",
        "type",
        "key",
        "name",
        "state",
        "lat",
        "lon",
        "population",
        "wikidata",
        "sources",
    )
    allowed = set(columns) | {f"{c}_sources" for c in columns[2:9]}
    result = []
    for node in read_csv(path):
        reader.begin(node)
        row = reader.fields(node, path.name, allowed, ("id", "type", "key", "name", "state"))
        if row is None or "id" not in row:
            continue
        ident = _record_id(reader, row, node)
        kind = (
            reader.parse(row["type"], "type", parse_choice(AUTHORITY_TYPES))
            if "type" in row
            else None
        )
        if ident is None:
            continue
        reader.register(
            ident,
            {"local-authority", "organisation", "authority-or-cooperation"},
            row["id"].at("id"),
        )
        if kind is None:
            continue

        def facts(column: str, parser: Callable[[Node], T], row: dict[str, Node] = row) -> Facts[T]:
            return reader.fact(row, column, parser, _csv_sources(reader, row, column))

        key = facts("key", _key_parser(kind))
        state = facts("state", reader.ref_parser("state", {"state"}))
        _check_key_state(reader, key, state, state_keys)
        result.append(
            LocalAuthority(
                id=ident,
                type=kind,
                key=key,
                name=facts("name", parse_text),
                state=state,
                location=node.at(),
                lat=facts("lat", parse_decimal),
                lon=facts("lon", parse_decimal),
                population=facts("population", parse_int),
                wikidata=facts("wikidata", parse_qid),
            )
        )
    return tuple(result)


def _key_parser(kind: str) -> Callable[[Node], str]:
    district = kind == "district"

    def parse(node: Node) -> str:
        raw = str(node.value).strip()
        if district and not DISTRICT_KEY_PATTERN.fullmatch(raw):
            raise _InvalidValueError(
                f"„{raw}“ ist kein Kreisschlüssel; erwartet 5 Ziffern, beginnend mit dem "
                "Landesschlüssel 01–16 (z. B. 07137)",
                f"'{raw}' is not a district key; expected 5 digits starting with the state "
                "key 01-16 (e.g. 07137)",
            )
        if not district and not AGS_PATTERN.fullmatch(raw):
            raise _InvalidValueError(
                f"„{raw}“ ist kein AGS; erwartet 8 Ziffern, beginnend mit dem "
                "Landesschlüssel 01–16 (z. B. 16053000)",
                f"'{raw}' is not an AGS; expected 8 digits starting with the state key "
                "01-16 (e.g. 16053000)",
            )
        return raw

    return parse


def _check_key_state(
    reader: _Reader, key: Facts[str], state: Facts[Ref], state_keys: dict[str, str]
) -> None:
    for k in key:
        for s in state:
            expected = state_keys.get(s.value.id)
            if expected is not None and not k.value.startswith(expected):
                reader.problem(
                    k.location,
                    f"Schlüssel {k.value} beginnt nicht mit dem Landesschlüssel {expected} "
                    f"von „{s.value.id}“",
                    f"key {k.value} does not start with the state key {expected} of '{s.value.id}'",
                )


def _read_organisations(reader: _Reader, path: Path) -> tuple[Organisation, ...]:
    allowed = (
        "id",
        "type",
        "name",
        "alternate_names",
        "state",
        "unit_of",
        "housed_by",
        "acts_on_behalf_of",
        "members",
        "lead_member",
        "successor_of",
        "sources",
    )

    def kinds(parts: dict[str, Node]) -> set[str]:
        # Registered even with a bad type, so that references to it do not fail as well.
        kind = parts.get("type")
        return ORGANISATION_TYPES.get(str(kind.value) if kind else "", {"organisation"})

    result = []
    for node, parts, ident, src in _yaml_records(
        reader, path, "organisations", allowed, ("id", "type", "name"), kinds
    ):
        if "type" not in parts:
            continue
        kind = reader.parse(parts["type"], "type", parse_choice(ORGANISATION_TYPES))
        if kind is None:
            continue
        org_ref = reader.ref_parser
        result.append(
            Organisation(
                id=ident,
                type=kind,
                name=reader.fact(parts, "name", parse_text, src),
                location=node.at(),
                sources=src,
                alternate_names=reader.fact_list(parts, "alternate_names", parse_str, src),
                state=reader.fact(parts, "state", org_ref("state", {"state"}), src),
                unit_of=reader.fact(parts, "unit_of", org_ref("unit_of", {"organisation"}), src),
                housed_by=reader.fact(
                    parts, "housed_by", org_ref("housed_by", {"organisation"}), src
                ),
                acts_on_behalf_of=reader.fact(
                    parts,
                    "acts_on_behalf_of",
                    org_ref("acts_on_behalf_of", {"organisation"}),
                    src,
                ),
                members=reader.fact_list(
                    parts, "members", org_ref("members", {"local-authority"}), src
                ),
                lead_member=reader.fact(
                    parts, "lead_member", org_ref("lead_member", {"local-authority"}), src
                ),
                successor_of=reader.fact_list(
                    parts, "successor_of", org_ref("successor_of", {"organisation"}), src
                ),
            )
        )
    return tuple(result)


def _read_people(reader: _Reader, path: Path) -> tuple[Person, ...]:
    result = []
    allowed = ("id", "name", "honorific", "positions", "sources")
    for node, parts, ident, src in _yaml_records(
        reader, path, "people", allowed, ("id", "name"), lambda _: {"person"}
    ):
        result.append(
            Person(
                id=ident,
                name=reader.fact(parts, "name", parse_str, src),
                location=node.at(),
                sources=src,
                honorific=reader.fact(parts, "honorific", parse_str, src),
                positions=reader.fact_list(parts, "positions", _position_parser(reader, src), src),
            )
        )
    return tuple(result)


def _position_parser(
    reader: _Reader, person_sources: tuple[str, ...]
) -> Callable[[Node], Position]:
    def parse(node: Node) -> Position:
        parts = reader.fields(
            node,
            "positions",
            ("organisation", "role", "title", "sources"),
            ("organisation", "role"),
        )
        if parts is None or "organisation" not in parts or "role" not in parts:
            raise _InvalidValueError("", "")
        org = reader.ref(parts["organisation"], "organisation", {"organisation"})
        role = reader.ref(parts["role"], "role", {"role"})
        own = reader.source_list(parts["sources"], "sources") if "sources" in parts else ()
        title = reader.fact(parts, "title", parse_text, own or person_sources)
        if org is None or role is None:
            raise _InvalidValueError("", "")
        return Position(org, role, title)

    return parse


def _read_schemes(reader: _Reader, directory: Path) -> tuple[Scheme, ...]:
    schemes = []
    for path in sorted(directory.glob("*.yaml")):
        root = read_yaml(path)
        top = reader.fields(root, path.name, ("scheme", "concepts"), ("scheme",))
        if top is None or "scheme" not in top:
            continue
        head = reader.fields(
            top["scheme"], "scheme", ("id", "title", "definition"), ("id", "title")
        )
        if head is None or "id" not in head or "title" not in head:
            continue
        scheme_id = reader.parse(head["id"], "id", parse_choice(SCHEMES))
        title = reader.parse(head["title"], "title", parse_text)
        if scheme_id is None or title is None:
            continue
        definition = (
            reader.parse(head["definition"], "definition", parse_text)
            if "definition" in head
            else None
        )
        concepts = []
        concept_nodes = top.get("concepts")
        for node in concept_nodes.value if concept_nodes and concept_nodes.is_list else []:
            concept = _read_concept(reader, node, scheme_id)
            if concept is not None:
                concepts.append(concept)
        schemes.append(Scheme(scheme_id, title, root.at(), definition, tuple(concepts)))
    return tuple(schemes)


def _read_concept(reader: _Reader, node: Node, scheme: str) -> Concept | None:
    parts = reader.fields(
        node, "concepts", ("id", "label", "alt_labels", "definition", "broader"), ("id", "label")
    )
    if parts is None or "id" not in parts or "label" not in parts:
        return None
    ident = _record_id(reader, parts, node)
    label = reader.parse(parts["label"], "label", parse_text)
    if ident is None or label is None:
        return None
    reader.register(ident, {scheme}, parts["id"].at("id"))
    alt_labels: dict[str, tuple[str, ...]] = {}
    if "alt_labels" in parts:
        alt = reader.fields(parts["alt_labels"], "alt_labels", ("de", "en"))
        for lang, values in (alt or {}).items():
            items = values.value if values.is_list else [values]
            parsed = [reader.parse(v, f"alt_labels.{lang}", parse_str) for v in items]
            alt_labels[lang] = tuple(p for p in parsed if p)
    definition = (
        reader.parse(parts["definition"], "definition", parse_text)
        if "definition" in parts
        else None
    )
    broader = reader.ref(parts["broader"], "broader", {scheme}) if "broader" in parts else None
    return Concept(ident, scheme, label, node.at(), alt_labels, definition, broader)


def _read_model_projects(reader: _Reader, path: Path) -> tuple[ModelProject, ...]:
    allowed = ("id", "name", "recipient", "cohort", "category", "sources")
    result = []
    for node, parts, ident, src in _yaml_records(
        reader,
        path,
        "model_projects",
        allowed,
        ("id", "name", "recipient"),
        lambda _: {"model-project"},
    ):
        result.append(
            ModelProject(
                id=ident,
                name=reader.fact(parts, "name", parse_text, src),
                location=node.at(),
                recipient=reader.fact(
                    parts,
                    "recipient",
                    reader.ref_parser("recipient", {"organisation"}),
                    src,
                ),
                cohort=reader.fact(parts, "cohort", _cohort, src),
                category=reader.fact(
                    parts, "category", reader.ref_parser("category", {"funding-category"}), src
                ),
            )
        )
    return tuple(result)


def _cohort(node: Node) -> int:
    year = parse_int(node)
    if year not in (2019, 2020, 2021):
        raise _InvalidValueError(
            f"{year} ist keine Staffel; erlaubt: 2019, 2020, 2021",
            f"{year} is not a cohort; allowed: 2019, 2020, 2021",
        )
    return year


def _read_solutions(reader: _Reader, path: Path) -> tuple[Solution, ...]:
    allowed = (
        "id",
        "type",
        "name",
        "description",
        "developed_by",
        "based_on",
        "part_of_project",
        "sources",
    )
    result = []
    for node, parts, ident, src in _yaml_records(
        reader, path, "solutions", allowed, ("id", "name"), lambda _: {"solution"}
    ):
        kind = (
            reader.parse(parts["type"], "type", parse_choice(("solution", "measure")))
            if "type" in parts
            else "solution"
        )
        ref = reader.ref_parser
        result.append(
            Solution(
                id=ident,
                type=kind or "solution",
                name=reader.fact(parts, "name", parse_text, src),
                location=node.at(),
                description=reader.fact(parts, "description", parse_text, src),
                developed_by=reader.fact_list(
                    parts, "developed_by", ref("developed_by", {"organisation"}), src
                ),
                based_on=reader.fact_list(parts, "based_on", ref("based_on", {"solution"}), src),
                part_of_project=reader.fact(
                    parts, "part_of_project", ref("part_of_project", {"model-project"}), src
                ),
            )
        )
    return tuple(result)


# --- conferences -------------------------------------------------------------------------

CONFERENCE_FIELDS = (
    "id",
    "number",
    "date",
    "end_date",
    "status",
    "hosts",
    "venue",
    "online",
    "motto",
    "organisers",
    "commissioned_by",
    "attendance",
    "topics",
    "sources",
    "programme",
)
ITEM_FIELDS = (
    "id",
    "type",
    "title",
    "date",
    "topics",
    "presents",
    "presents_projects",
    "participants",
    "sources",
)


def _read_conference(reader: _Reader, path: Path) -> Conference | None:
    root = read_yaml(path)
    reader.begin(root)
    parts = reader.fields(root, path.name, CONFERENCE_FIELDS, ("id", "date", "hosts"))
    if parts is None or "id" not in parts:
        return None
    ident = _record_id(reader, parts, root)
    if ident is None:
        return None
    reader.register(ident, {"conference"}, parts["id"].at("id"))
    if path.stem != ident:
        reader.problem(
            parts["id"].at("id"),
            f"die Datei muss wie die Kennung heißen: {ident}.yaml",
            f"the file must be named after the id: {ident}.yaml",
        )
    src = reader.source_list(parts.get("sources"), "sources")
    ref = reader.ref_parser
    items = []
    seen_items: dict[str, Location] = {}
    programme = parts.get("programme")
    for node in programme.value if programme and programme.is_list else []:
        item = _read_item(reader, node, src)
        if item is None:
            continue
        if item.id in seen_items:
            reader.problem(
                item.location,
                f"Programmpunkt „{item.id}“ gibt es schon ({seen_items[item.id]})",
                f"duplicate programme item id '{item.id}' (already at {seen_items[item.id]})",
            )
            continue
        seen_items[item.id] = item.location
        items.append(item)
    return Conference(
        id=ident,
        location=root.at(),
        date=reader.fact(parts, "date", parse_date, src),
        hosts=reader.fact_list(
            parts,
            "hosts",
            ref("hosts", {"authority-or-cooperation"}),
            src,
        ),
        number=reader.fact(parts, "number", _positive_int, src),
        end_date=reader.fact(parts, "end_date", parse_date, src),
        status=reader.fact(parts, "status", parse_choice(("scheduled", "held")), src),
        venue=reader.fact(parts, "venue", _venue_parser(reader), src),
        online=reader.fact(parts, "online", parse_bool, src),
        motto=reader.fact(parts, "motto", parse_text, src),
        organisers=reader.fact_list(parts, "organisers", ref("organisers", {"organisation"}), src),
        commissioned_by=reader.fact_list(
            parts, "commissioned_by", ref("commissioned_by", {"organisation"}), src
        ),
        attendance=reader.fact(parts, "attendance", _attendance, src, value_keys=("qualifier",)),
        topics=reader.fact_list(parts, "topics", ref("topics", {"topic"}), src),
        sources=src,
        programme=tuple(items),
    )


def _positive_int(node: Node) -> int:
    number = parse_int(node)
    if number < 1:
        raise _InvalidValueError(f"{number} ist keine Ordnungszahl (ab 1)", f"{number} is not >= 1")
    return number


def _venue_parser(reader: _Reader) -> Callable[[Node], Venue]:
    def parse(node: Node) -> Venue:
        if not node.is_map:
            return Venue(parse_str(node))
        parts = reader.fields(node, "venue", ("name", "address", "state"), ("name",))
        if parts is None or "name" not in parts:
            raise _InvalidValueError("", "")
        state = reader.ref(parts["state"], "venue.state", {"state"}) if "state" in parts else None
        address = parse_str(parts["address"]) if "address" in parts else None
        return Venue(parse_str(parts["name"]), address, state)

    return parse


def _attendance(node: Node) -> Attendance:
    if node.is_map:  # {value: 135, qualifier: approximately}
        count = parse_int(node.value["value"])
        qualifier_node = node.value.get("qualifier")
        qualifier = (
            parse_choice(ATTENDANCE_QUALIFIERS)(qualifier_node) if qualifier_node else "exact"
        )
    else:
        count, qualifier = parse_int(node), "exact"
    if count < 0:
        raise _InvalidValueError(f"{count} ist keine Anzahl", f"{count} is not a count")
    return Attendance(count, qualifier)


def _read_item(
    reader: _Reader, node: Node, conference_sources: tuple[str, ...]
) -> ProgrammeItem | None:
    parts = reader.fields(node, "programme", ITEM_FIELDS, ("id", "type"))
    if parts is None or "id" not in parts or "type" not in parts:
        return None
    ident = reader.parse(parts["id"], "id", parse_id)
    kind = reader.parse(parts["type"], "type", parse_choice(ITEM_TYPES))
    if ident is None or kind is None:
        return None
    src = (
        reader.source_list(parts["sources"], "sources")
        if "sources" in parts
        else conference_sources
    )
    ref = reader.ref_parser
    return ProgrammeItem(
        id=ident,
        type=kind,
        location=node.at(),
        title=reader.fact(parts, "title", parse_text, src),
        date=reader.fact(parts, "date", parse_date, src),
        topics=reader.fact_list(parts, "topics", ref("topics", {"topic"}), src),
        presents=reader.fact_list(parts, "presents", ref("presents", {"solution"}), src),
        presents_projects=reader.fact_list(
            parts, "presents_projects", ref("presents_projects", {"model-project"}), src
        ),
        participants=reader.fact_list(parts, "participants", _participant_parser(reader), src),
    )


def _participant_parser(reader: _Reader) -> Callable[[Node], Participant]:
    def parse(node: Node) -> Participant:
        parts = reader.fields(
            node, "participants", ("person", "organisation", "role", "on_behalf_of", "sources")
        )
        if parts is None:
            raise _InvalidValueError("", "")
        if ("person" in parts) == ("organisation" in parts):
            raise _InvalidValueError(
                "ein Teilnehmender braucht genau eines von „person“ oder „organisation“",
                "a participant needs exactly one of 'person' or 'organisation'",
            )
        is_person = "person" in parts
        key = "person" if is_person else "organisation"
        agent = reader.ref(parts[key], key, {"person"} if is_person else {"organisation"})
        role = reader.ref(parts["role"], "role", {"role"}) if "role" in parts else None
        on_behalf = (
            reader.ref(parts["on_behalf_of"], "on_behalf_of", {"organisation"})
            if "on_behalf_of" in parts
            else None
        )
        if agent is None:
            raise _InvalidValueError("", "")
        return Participant(agent, is_person, role, on_behalf)

    return parse


# --- entry point -------------------------------------------------------------------------


def load(data_dir: Path) -> Dataset:
    """Read every curated file below ``data_dir`` into a :class:`Dataset`.

    Raises :class:`InputError` with every problem found (file, line, field, what is valid).
    """
    reader = _Reader()
    if not data_dir.is_dir():
        raise InputError(
            [
                Problem(
                    Location(data_dir),
                    Text(
                        "Datenverzeichnis nicht gefunden; gib es mit --data an",
                        "data directory not found; name it with --data",
                    ),
                )
            ]
        )
    _check_files(reader, data_dir)
    sources_path = data_dir / SOURCES_FILE
    if not kind_files(data_dir, SOURCES_FILE):
        reader.problem(
            Location(sources_path),
            f"{SOURCES_FILE} fehlt: jede Tatsache braucht eine Quelle aus dieser Datei "
            "(siehe docs/curation.md)",
            f"{SOURCES_FILE} is missing: every fact needs a source listed there "
            "(see docs/curation.md)",
        )
        raise InputError(reader.problems)

    def every(name: str, read: Callable[[Path], tuple[T, ...]]) -> tuple[T, ...]:
        return tuple(record for path in kind_files(data_dir, name) for record in read(path))

    sources = every(SOURCES_FILE, lambda p: _read_sources(reader, p))
    schemes = _read_schemes(reader, data_dir / VOCAB_DIR)
    states = every(STATES_FILE, lambda p: _read_states(reader, p))
    state_keys = {s.id: s.key for s in states}
    authorities = every(AUTHORITIES_FILE, lambda p: _read_authorities(reader, p, state_keys))
    organisations = every(ORGANISATIONS_FILE, lambda p: _read_organisations(reader, p))
    people = every(PEOPLE_FILE, lambda p: _read_people(reader, p))
    projects = every(MODEL_PROJECTS_FILE, lambda p: _read_model_projects(reader, p))
    solutions = every(SOLUTIONS_FILE, lambda p: _read_solutions(reader, p))
    conferences = tuple(
        c
        for c in (
            _read_conference(reader, path)
            for path in sorted((data_dir / CONFERENCES_DIR).glob("*.yaml"))
        )
        if c is not None
    )
    reader.resolve_refs()
    reader.report_unsourced()
    if reader.problems:
        raise InputError(_sorted(reader.problems))
    return Dataset(
        sources,
        states,
        authorities,
        organisations,
        people,
        schemes,
        projects,
        solutions,
        conferences,
    )


def kind_files(data_dir: Path, name: str) -> list[Path]:
    """``people.yaml`` and, for long lists split by the curator, ``people/*.yaml``."""
    single = data_dir / name
    stem, suffix = name.rsplit(".", 1)
    return ([single] if single.exists() else []) + sorted((data_dir / stem).glob(f"*.{suffix}"))


def _check_files(reader: _Reader, data_dir: Path) -> None:
    found = [
        p for p in data_dir.rglob("*") if p.is_file() and p.suffix in {".yaml", ".yml", ".csv"}
    ]
    if not found:
        reader.problem(
            Location(data_dir),
            "keine kuratierten Dateien gefunden (erwartet u. a. sources.yaml, "
            "conferences/*.yaml; siehe docs/curation.md)",
            "no curated files found (expected sources.yaml, conferences/*.yaml and others; "
            "see docs/curation.md)",
        )
        raise InputError(reader.problems)
    for path in found:
        relative = path.relative_to(data_dir)
        parent = relative.parts[0] if len(relative.parts) > 1 else None
        split = {name.rsplit(".", 1)[0]: "." + name.rsplit(".", 1)[1] for name in KNOWN_FILES}
        ok = (parent is None and relative.name in KNOWN_FILES) or (
            len(relative.parts) == 2
            and (
                (parent in (VOCAB_DIR, CONFERENCES_DIR) and path.suffix == ".yaml")
                or (parent in split and path.suffix == split[parent])
            )
        )
        if not ok:
            reader.problem(
                Location(path),
                "unerwartete Datei; erlaubt sind "
                + ", ".join(sorted(KNOWN_FILES))
                + f", {VOCAB_DIR}/*.yaml, {CONFERENCES_DIR}/*.yaml und z. B. people/*.yaml",
                "unexpected file; allowed are "
                + ", ".join(sorted(KNOWN_FILES))
                + f", {VOCAB_DIR}/*.yaml, {CONFERENCES_DIR}/*.yaml and e.g. people/*.yaml",
            )


def _sorted(problems: list[Problem]) -> list[Problem]:
    seen = set()
    unique = []
    for p in problems:
        if not p.text.en:  # placeholder from a parser whose detail was already reported
            continue
        key = (str(p.location), p.text)
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return sorted(unique, key=lambda p: (str(p.location.file), p.location.line or 0))
