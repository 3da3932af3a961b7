"""Fixtures of the Plantoets tests."""

from __future__ import annotations

import pytest

from wbs.plan.koppeling import Koppelaar


@pytest.fixture(scope="module")
def koppelaar():
    return Koppelaar()
