"""Shared fixtures."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The seed documents as shipped in the package (identical copies of ../shared/seeds)."""
    return Path(str(resources.files("wbs.bronnen")))
