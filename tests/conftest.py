"""Shared fixtures."""

from __future__ import annotations

import os
import tempfile
from importlib import resources
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def pytest_configure(config):
    """Every test run (and every xdist worker) gets its own data folder, never the user's ~/.local/share/wbs
    (demo layers or a database left there by another version would leak into the results)."""
    os.environ["WBS_DATA_DIR"] = tempfile.mkdtemp(prefix="wbs-test-data-")
    os.environ.pop("WBS_DATABASE_URL", None)
    # argon2 at its production cost takes ~0.15 s a hash and the tests create hundreds of accounts: in the test
    # process the hashes stay argon2 (tests check that), only cheap. A server the tests start in a subprocess
    # (browser tests, benchmarks) keeps the production cost.
    from argon2 import PasswordHasher

    from wbs.monitor import accounts

    accounts._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The seed documents as shipped in the package (identical copies of ../shared/seeds)."""
    return Path(str(resources.files("wbs.bronnen")))
