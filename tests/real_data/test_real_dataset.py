"""The full curated dataset (issue 3): counts, conferences as the research notes list them,
one AGS per entity, and the register values where the Destatis register is at hand."""

from __future__ import annotations

import csv
import re
from collections import Counter

import pytest

from mpsc_graph.core.settings import Settings
from mpsc_graph.curated.records import Dataset, Fact
from mpsc_graph.pipeline import Built, assemble
from tests.support import REAL_DATA, ROOT

SHARED = ROOT.parent / "shared"
CONFERENCES_MD = SHARED / "sources" / "conferences.md"
GV_CSV = SHARED / "reference" / "gv.csv"

# From the overview table of the research notes (shared/sources/conferences.md): number,
# preferred date, host ids. 7, 18 and anything after 24 were not found and stay gaps.
EXPECTED = {
    1: ("2022-03-22", {"lk-mayen-koblenz"}),
    2: ("2022-03-31", {"lemgo-kalletal"}),
    3: ("2022-04-05", {"ulm"}),
    4: ("2022-07-06", {"wolfsburg"}),
    5: ("2022-11-22", {"smarte-grenzregion"}),
    8: ("2023-06-14", {"aalen-heidenheim"}),
    9: ("2023-07-04", {"rostock"}),
    10: ("2023-09-06", {"iserlohn", "fuenf-fuer-suedwestfalen"}),
    11: ("2023-09-14", {"jena"}),
    12: ("2023-12-06", {"regensburg"}),
    14: ("2024-05-15", {"kaiserslautern"}),
    15: ("2024-06-12", {"dresden"}),
    16: ("2024-09-05", {"bad-belzig-wiesenburg"}),
    17: ("2024-10-23", {"freiburg-im-breisgau"}),
    19: ("2025-02-05", {"osnabrueck"}),
    21: ("2025-04-03", {"lk-sankt-wendel"}),
    22: ("2025-06-03", {"halle-saale"}),
    24: ("2025-12-04", {"zwoenitz"}),
}
COHORTS = {2019: 13, 2020: 32, 2021: 28}
CATEGORIES = {  # per cohort: large, medium, small, intermunicipal (conferences.md "Prüfsumme")
    2019: (3, 3, 4, 3),
    2020: (13, 3, 4, 12),
    2021: (12, 6, 2, 8),
}
CATEGORY_IDS = (
    "large-cities",
    "medium-sized-cities",
    "small-towns-and-rural-municipalities",
    "intermunicipal-cooperations-and-districts",
)


@pytest.fixture(scope="module")
def built() -> Built:
    return assemble(Settings(data_dir=REAL_DATA))


@pytest.fixture(scope="module")
def data(built: Built) -> Dataset:
    return built.records


def preferred(facts: tuple[Fact, ...]):  # type: ignore[no-untyped-def,type-arg]
    values = [f.value for f in facts if f.preferred]
    assert len(values) <= 1
    return values[0] if values else None


def test_conferences_as_in_the_research_notes(data: Dataset) -> None:
    by_number = {preferred(c.number): c for c in data.conferences}
    assert sorted(n for n in by_number if n is not None) == sorted(EXPECTED)
    for number, (date, hosts) in EXPECTED.items():
        conference = by_number[number]
        assert preferred(conference.date).isoformat() == date, number
        assert {f.value.id for f in conference.hosts if f.preferred} == hosts, number


@pytest.mark.skipif(not CONFERENCES_MD.exists(), reason=f"{CONFERENCES_MD} not present")
def test_expected_table_matches_the_research_notes() -> None:
    """Guards the table above against drifting from the notes it was taken from."""
    overview = CONFERENCES_MD.read_text(encoding="utf-8").split("## 1.")[0]
    rows = re.findall(r"^\| (\d+) \| (\d{4}-\d{2}-\d{2})", overview, re.MULTILINE)
    assert {int(n): d for n, d in rows} == {n: d for n, (d, _) in EXPECTED.items()}


def test_gaps_stay_gaps(data: Dataset) -> None:
    numbers = {preferred(c.number) for c in data.conferences}
    assert not numbers & {6, 7, 13, 18, 20, 23}


def test_73_model_projects_by_cohort_and_category(data: Dataset) -> None:
    assert len(data.model_projects) == 73
    cohorts = Counter(preferred(p.cohort) for p in data.model_projects)
    assert dict(cohorts) == COHORTS
    for cohort, expected in CATEGORIES.items():
        counts = Counter(
            preferred(p.category).id for p in data.model_projects if preferred(p.cohort) == cohort
        )
        assert tuple(counts[c] for c in CATEGORY_IDS) == expected, cohort


def test_every_model_project_has_a_recipient_in_a_land(built: Built) -> None:
    query = f"""
        PREFIX mpsc: <https://w3id.org/mpsc/ontology#>
        PREFIX org: <http://www.w3.org/ns/org#>
        SELECT ?p WHERE {{ GRAPH <{built.iris.reconciled.value}> {{
          ?p a mpsc:ModelProject .
          FILTER NOT EXISTS {{ ?p mpsc:fundingRecipient ?r }}
        }} }}"""
    assert [s["p"].value for s in built.store.select(query)] == []


def test_no_two_entities_share_an_ags(data: Dataset) -> None:
    keys = Counter(preferred(a.key) for a in data.local_authorities)
    assert [k for k, n in keys.items() if n > 1] == []


def test_attendance_disagreements_are_kept(data: Dataset) -> None:
    disagreements = [
        c.id for c in data.conferences if len({f.value.count for f in c.attendance}) > 1
    ]
    assert disagreements, "at least one conference has differing attendance figures"


def _register() -> dict[str, dict[str, str]]:
    rows: dict[str, dict[str, str]] = {}
    with GV_CSV.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["satzart"] == "60":
                rows[row["land"] + row["rb"] + row["kreis"] + row["gemeinde"]] = row
            elif row["satzart"] == "40":
                rows[row["land"] + row["rb"] + row["kreis"]] = row
    return rows


@pytest.mark.skipif(not GV_CSV.exists(), reason=f"Destatis register {GV_CSV} not present")
def test_local_authorities_match_the_destatis_register(data: Dataset) -> None:
    register = _register()
    for authority in data.local_authorities:
        key = preferred(authority.key)
        assert key in register, f"{authority.id}: {key} not in the register"
        row = register[key]
        assert preferred(authority.name).de == row["gemeindename"], authority.id
        lat, lon = preferred(authority.lat), preferred(authority.lon)
        if lat is not None:
            assert float(lat) == pytest.approx(float(row["breitengrad"].replace(",", "."))), key
            assert float(lon) == pytest.approx(float(row["laengengrad"].replace(",", "."))), key
        population = preferred(authority.population)
        if population is not None:
            assert population == int(row["bevoelkerung"].replace(" ", "")), key
