"""The seed documents (public Dutch policy texts) that every citation points into.

They are shipped with the package so a citation such as ``wbs-borgingskalender.txt:552-553``
can always be resolved and shown, offline.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=8)
def bron_regels(bestand: str) -> tuple[str, ...]:
    """All lines (without newline) of a seed document; raises FileNotFoundError for unknown names."""
    path = resources.files(__name__).joinpath(bestand)
    if not bestand.endswith(".txt") or "/" in bestand or not path.is_file():
        raise FileNotFoundError(f"onbekend brondocument: {bestand}")
    return tuple(path.read_text(encoding="utf-8").splitlines())


def citaat(bestand: str, van: int, tot: int) -> str:
    """The text of lines ``van``..``tot`` (1-based, inclusive)."""
    regels = bron_regels(bestand)
    return "\n".join(regels[van - 1 : tot])
