"""Dutch domain errors of the Watertoets (subclasses of the one WBS error base)."""

from wbs.fouten import NietGevonden, OngeldigeInvoer


class WatertoetsFout(OngeldigeInvoer, ValueError):
    """Bad input (areas, water board, drainage, geometry): the message says what to fix (HTTP 422, CLI exit 2)."""


class WatertoetsNietGevonden(NietGevonden, WatertoetsFout):
    """A saved watertoets id that is malformed or does not exist (HTTP 404)."""
