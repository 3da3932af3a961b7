"""Dutch domain errors of the Watertoets."""


class WatertoetsFout(ValueError):
    """Bad input (areas, water board, drainage, geometry): the message says what to fix (HTTP 422)."""


class WatertoetsNietGevonden(WatertoetsFout):
    """A saved watertoets id that does not exist (HTTP 404)."""
