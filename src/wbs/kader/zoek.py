"""Dutch stemmed full-text search over keuzes, maatregelen and stappen (BM25)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import bm25s

from wbs.kader.models import Bron, Kader
from wbs.tekst import tokens


@dataclass(frozen=True)
class Treffer:
    soort: Literal["keuze", "maatregel", "stap"]
    id: str
    keuze: int
    tekst: str
    score: float
    bron: Bron


def _documenten(kader: Kader) -> list[tuple[str, str, int, str, Bron]]:
    docs = []
    for k in kader.keuzes:
        docs.append(("keuze", str(k.nr), k.nr, f"{k.titel}. {k.tekst}", k.bron))
        for m in k.maatregelen:
            docs.append(("maatregel", m.id, k.nr, " ".join(filter(None, [m.titel, m.tekst, m.toelichting])), m.bron))
            for s in m.stappen:
                docs.append(("stap", s.id, k.nr, " ".join(filter(None, [s.tekst, s.doorwerking, s.borging])), s.bron))
    return docs


class KaderIndex:
    """BM25 index; build once per Kader (the built-in one is cached by :func:`index_voor`)."""

    def __init__(self, kader: Kader) -> None:
        self._docs = _documenten(kader)
        self._bm25 = bm25s.BM25()
        self._bm25.index([tokens(d[3]) for d in self._docs], show_progress=False)

    def zoek(self, vraag: str, limiet: int = 10) -> list[Treffer]:
        q = tokens(vraag)
        if not q:
            return []
        ids, scores = self._bm25.retrieve([q], k=min(limiet, len(self._docs)), show_progress=False)
        treffers = []
        for i, score in zip(ids[0], scores[0], strict=True):
            if score <= 0:
                continue
            soort, ident, nr, tekst, bron = self._docs[int(i)]
            treffers.append(Treffer(soort, ident, nr, tekst, float(score), bron))
        return treffers


_INDEXEN: dict[int, tuple[Kader, KaderIndex]] = {}


def index_voor(kader: Kader) -> KaderIndex:
    """Cached per Kader object (models hold lists, so they are not hashable; key on identity
    and keep the Kader referenced so its id cannot be reused)."""
    hit = _INDEXEN.get(id(kader))
    if hit is None or hit[0] is not kader:
        hit = _INDEXEN[id(kader)] = (kader, KaderIndex(kader))
    return hit[1]


def zoek(kader: Kader, vraag: str, limiet: int = 10) -> list[Treffer]:
    return index_voor(kader).zoek(vraag, limiet)
