"""mpsc-graph stats: counts per class, Land, year and source on the invented fixture."""

from __future__ import annotations

import json

from tests.support import MINIMAL, run_cli


def _stats() -> dict:  # type: ignore[type-arg]
    result = run_cli("stats", "--data", str(MINIMAL), "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)  # type: ignore[no-any-return]


def test_counts_per_class() -> None:
    per_class = {row["class"]: row["count"] for row in _stats()["per_class"]}
    assert per_class["mpsc:RegionalConference"] == 2
    assert per_class["mpsc:FederalMinistry"] == 2
    assert per_class["mpsc:Municipality"] == 1 and per_class["mpsc:IndependentCity"] == 1


def test_counts_per_state_and_year() -> None:
    stats = _stats()
    assert stats["per_state"] == [
        {"key": "09", "name": "Bayern", "conferences": 2, "projects": 0, "authorities": 2}
    ]
    assert stats["per_year"] == [{"year": 2024, "conferences": 2, "projects": 0}]


def test_counts_per_source() -> None:
    per_source = {row["source"]: row for row in _stats()["per_source"]}
    assert set(per_source) == {"beispiel-news", "beispiel-amtsblatt", "beispiel-register"}
    # the register states 2 local authorities and 1 state: 3 entities
    assert per_source["beispiel-register"]["entities"] == 3
    assert per_source["beispiel-amtsblatt"]["title"] == "Amtsblatt Beispielstadt 42"


def test_table_output_in_german() -> None:
    result = run_cli("stats", "--data", str(MINIMAL), lang="de")
    assert result.exit_code == 0
    assert "Je Bundesland" in result.output and "Bayern" in result.output
