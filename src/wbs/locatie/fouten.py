"""Dutch domain errors of the Locatietoets."""

from wbs.fouten import OngeldigeInvoer


class LocatieFout(OngeldigeInvoer, ValueError):
    """Bad input (geometry, function, layer configuration): the message says what to fix."""
