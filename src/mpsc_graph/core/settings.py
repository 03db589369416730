"""Settings shared by the commands: where the inputs are and which base IRI to mint under."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mpsc_graph.core.errors import ExternalError, Text
from mpsc_graph.core.vocab import DEFAULT_BASE

# In a checkout (and an editable install) the ontology and shapes sit next to src/.
_CHECKOUT_ROOT = Path(__file__).resolve().parents[3]


def _resource_dir(name: str) -> Path:
    for root in (_CHECKOUT_ROOT, Path.cwd()):
        candidate = root / name
        if candidate.is_dir():
            return candidate
    raise ExternalError(
        Text(
            de=f"Verzeichnis {name}/ nicht gefunden; installiere mpsc-graph aus dem "
            "Quellbaum (pip install -e .) oder starte im Projektverzeichnis",
            en=f"directory {name}/ not found; install mpsc-graph from its source tree "
            "(pip install -e .) or run it from the project directory",
        )
    )


@dataclass(frozen=True)
class Settings:
    data_dir: Path = Path("data")
    out_dir: Path = Path("dist")
    base: str = DEFAULT_BASE

    @property
    def ontology_dir(self) -> Path:
        return _resource_dir("ontology")

    @property
    def shapes_dir(self) -> Path:
        return _resource_dir("shapes")

    @property
    def queries_dir(self) -> Path:
        return _resource_dir("queries")
