"""The project's own ontology, shapes, stored queries and curated data.

In a wheel they are package data under ``mpsc_graph/resources/`` (mapped from the top-level
folders of the repository at build time, see pyproject.toml); in an editable install they are
the top-level folders of the checkout this package was installed from. Never the current
directory: a user's own files come only through explicit options.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from mpsc_graph.core.errors import ExternalError, Text

RESOURCE_NAMES = ("ontology", "shapes", "queries", "data")

# src/mpsc_graph/core/resources.py -> the checkout root of an editable install
_CHECKOUT_ROOT = Path(__file__).resolve().parents[3]


def packaged(name: str) -> Path:
    """The directory of the packaged resource ``name`` (one of RESOURCE_NAMES)."""
    if name not in RESOURCE_NAMES:
        raise ValueError(f"unknown resource {name!r}")
    in_wheel = Path(str(resources.files("mpsc_graph") / "resources" / name))
    if in_wheel.is_dir():
        return in_wheel
    in_checkout = _CHECKOUT_ROOT / name
    if (_CHECKOUT_ROOT / "pyproject.toml").is_file() and in_checkout.is_dir():
        return in_checkout
    raise ExternalError(
        Text(
            de=f"Das installierte Paket enthält {name}/ nicht; installiere mpsc-graph neu "
            "(pip install mpsc-graph, oder pip install -e . im Quellbaum)",
            en=f"the installed package lacks {name}/; reinstall mpsc-graph "
            "(pip install mpsc-graph, or pip install -e . in its source tree)",
        )
    )
