"""The seed documents (public Dutch policy texts) that every citation points into.

They are shipped with the package so a citation such as ``wbs-borgingskalender.txt:552-553``
can always be resolved and shown, offline.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import resources

# Short Dutch titles of the seed documents, shown instead of file names to readers of the web pages.
TITELS = {
    "wbs-borgingskalender.txt": "Borgingskalender WBS",
    "wbs-strategie-uitvoeringsagenda.txt": "Landelijke Strategie en Uitvoeringsagenda WBS",
    "omgevingsvisie-drenthe.txt": "Omgevingsvisie Drenthe",
    "overijssel-water-bodem-acties.txt": "Overijssel: acties water en bodem",
}


def bron_titel(bestand: str) -> str:
    """The readable title of a seed document (the file name itself for anything else)."""
    return TITELS.get(bestand, bestand)


def _bron(bestand: str):
    """The shipped seed file of that name, or None (only plain ``*.txt`` names, no paths)."""
    path = resources.files(__name__).joinpath(bestand)
    return path if bestand.endswith(".txt") and "/" not in bestand and path.is_file() else None


@lru_cache(maxsize=8)
def bron_regels(bestand: str) -> tuple[str, ...]:
    """All lines (without newline) of a seed document; raises FileNotFoundError for unknown names."""
    path = _bron(bestand)
    if path is None:
        raise FileNotFoundError(f"onbekend brondocument: {bestand}")
    return tuple(path.read_text(encoding="utf-8").splitlines())


@lru_cache(maxsize=8)
def bron_sha256(bestand: str) -> str | None:
    """SHA-256 of a shipped seed document's bytes, or None when no such seed exists."""
    path = _bron(bestand)
    return None if path is None else hashlib.sha256(path.read_bytes()).hexdigest()


def citaat(bestand: str, van: int, tot: int) -> str:
    """The text of lines ``van``..``tot`` (1-based, inclusive)."""
    regels = bron_regels(bestand)
    return "\n".join(regels[van - 1 : tot])
