"""Coverage per keuze from the linked passages, aware of the document's region."""

from __future__ import annotations

import re
from collections import Counter
from typing import Literal

from wbs.plan.termen import laad_termen

Status = Literal["geborgd", "afgesproken", "benoemd", "ontbreekt", "niet-relevant"]
STATUS_VOLGORDE: tuple[Status, ...] = ("geborgd", "afgesproken", "benoemd", "ontbreekt", "niet-relevant")
STATUS_LABEL = {
    "geborgd": "Geborgd (bindende passage)",
    "afgesproken": "Afgesproken (concrete afspraak)",
    "benoemd": "Benoemd (alleen intenties)",
    "ontbreekt": "Geen passage gevonden",
    "niet-relevant": "Niet relevant voor de regio",
}
_STERKTE_STATUS = {"bindend": "geborgd", "afspraak": "afgesproken", "intentie": "benoemd"}


def detecteer_regio(tekst: str) -> str | None:
    """The province the document is about: the most mentioned province name (at least 3 times)."""
    regio = laad_termen().regio
    namen = {p: p for p in regio.provincies} | dict(regio.aliassen)
    telling: Counter[str] = Counter()
    for naam, provincie in namen.items():
        telling[provincie] += len(re.findall(rf"\b{re.escape(naam)}\b", tekst))
    if not telling:
        return None
    provincie, aantal = telling.most_common(1)[0]
    return provincie if aantal >= 3 else None


def relevante_keuzes(regio: str | None, alle: list[int]) -> set[int]:
    """Area-specific keuzes count only where the province has that area; unknown region: all."""
    if regio is None:
        return set(alle)
    data = laad_termen().regio
    gebied_keuzes = {nr for nrs in data.gebieden.values() for nr in nrs}
    eigen = {nr for g in data.provincies.get(regio, []) for nr in data.gebieden[g]}
    return {nr for nr in alle if nr not in gebied_keuzes or nr in eigen}


def status_voor(sterktes: list[str], relevant: bool) -> Status:
    if not sterktes:
        return "ontbreekt" if relevant else "niet-relevant"
    return min((_STERKTE_STATUS[s] for s in sterktes), key=STATUS_VOLGORDE.index)
