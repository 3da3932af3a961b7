"""Dutch errors of ``wbs lagen``."""

from wbs.locatie.fouten import LocatieFout


class LagenFout(LocatieFout):
    """Bad input or an unusable service answer while fetching or checking layers; the message says what to do."""
