"""Dutch domain errors of the Locatietoets."""


class LocatieFout(ValueError):
    """Bad input (geometry, function, layer configuration): the message says what to fix."""
