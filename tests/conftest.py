"""Shared fixtures: the invented minimal dataset and the real data."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.support import MINIMAL


@pytest.fixture
def minimal_data(tmp_path: Path) -> Path:
    """A private copy of the invented minimal dataset that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(MINIMAL, target, ignore=shutil.ignore_patterns("README.md"))
    return target
