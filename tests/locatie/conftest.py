"""Fixtures shared by the Locatietoets tests."""

from __future__ import annotations

import pytest


@pytest.fixture()
def breed():
    """A wide CLI console: under pytest-xdist COLUMNS is fixed at 80 when the console is created, so the
    env passed to CliRunner cannot widen it and table cells would wrap in the middle of ids."""
    from wbs.cli.common import console, err_console

    oud = console._width, err_console._width
    console.width = err_console.width = 250
    yield
    console._width, err_console._width = oud
