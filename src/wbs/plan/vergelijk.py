"""Compare the coverage of two versions of a plan."""

from __future__ import annotations

from pydantic import BaseModel

from wbs.plan.dekking import STATUS_VOLGORDE
from wbs.plan.toets import Toetsresultaat

# Lower index = stronger coverage; niet-relevant ranks with ontbreekt for comparison.
_RANG = {s: i for i, s in enumerate(STATUS_VOLGORDE)} | {"niet-relevant": STATUS_VOLGORDE.index("ontbreekt")}


class Verschil(BaseModel):
    nr: int
    titel: str
    oud: str
    nieuw: str
    richting: str  # beter / slechter / gelijk
    passages_oud: int
    passages_nieuw: int


def _richting(oud: str, nieuw: str) -> str:
    delta = _RANG[nieuw] - _RANG[oud]
    return "beter" if delta < 0 else "slechter" if delta > 0 else "gelijk"


def vergelijk(oud: Toetsresultaat, nieuw: Toetsresultaat) -> list[Verschil]:
    nieuw_per = {d.nr: d for d in nieuw.dekking}
    return [
        Verschil(
            nr=d.nr,
            titel=d.titel,
            oud=d.status,
            nieuw=n.status,
            richting=_richting(d.status, n.status),
            passages_oud=len(d.passages),
            passages_nieuw=len(n.passages),
        )
        for d, n in ((d, nieuw_per[d.nr]) for d in oud.dekking)
    ]
