"""Read models of the Kader shared by CLI, web pages and API (so they always agree)."""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass

from wbs.kader.models import Kader, Keuze, Maatregel, Stap
from wbs.safety import safe_cell

CSV_KOLOMMEN = (
    "keuze", "keuze_titel", "thema", "subthema", "gebied", "maatregel", "maatregel_tekst", "telt_mee",
    "stap", "stap_tekst", "doorwerking", "borging", "plan", "agendering", "perioden", "mijlpalen", "actoren", "bron",
)


@dataclass(frozen=True)
class Groep:
    """Counts for one thema/subthema (or gebied) group, as in the borgingskalender summary table."""

    thema: str
    groep: str
    keuzes: list[Keuze]
    maatregelen: int
    stappen: int


def groep_naam(k: Keuze) -> str:
    return k.groep or k.gebied or k.subthema or k.thema


def overzicht(kader: Kader) -> list[Groep]:
    """Groups of the summary table in document order.

    Measures are counted the way the borgingskalender counts them: by ``telgroep`` (their
    number), only where ``telt_mee``; steps are counted under the keuze they are listed with.
    """
    groepen: dict[tuple[str, str], list[Keuze]] = {}
    for k in sorted(kader.keuzes, key=lambda k: k.nr):
        groepen.setdefault((k.thema, groep_naam(k)), []).append(k)
    geteld = Counter(m.telgroep for m in kader.maatregelen() if m.telt_mee)
    return [
        Groep(thema, naam, ks, maatregelen=geteld.get(naam, 0),
              stappen=sum(len(m.stappen) for k in ks for m in k.maatregelen))
        for (thema, naam), ks in groepen.items()
    ]


def thema_telling(kader: Kader) -> Counter[str]:
    return Counter(k.thema for k in kader.keuzes)


def export_dict(kader: Kader) -> dict:
    """The full Kader as JSON-ready dict: ``{"keuzes": [{"nr", "tekst", ..., "maatregelen": [...]}], ...}``."""
    return kader.model_dump(mode="json")


def csv_rijen(kader: Kader) -> list[dict[str, str]]:
    """One row per concrete step; a measure without steps still gets one row."""
    rijen = []
    for k in kader.keuzes:
        for m in k.maatregelen:
            basis = {
                "keuze": str(k.nr), "keuze_titel": k.titel, "thema": k.thema, "subthema": k.subthema or "",
                "gebied": k.gebied or "", "maatregel": m.id, "maatregel_tekst": m.tekst,
                "telt_mee": "ja" if m.telt_mee else "nee",
            }
            for s in m.stappen or [None]:
                rijen.append(basis | {
                    "stap": s.id if s else "",
                    "stap_tekst": s.tekst if s else "",
                    "doorwerking": (s.doorwerking or "") if s else "",
                    "borging": (s.borging or "") if s else "",
                    "plan": "/".join(s.plan) if s else "",
                    "agendering": s.agendering.ruw if s and s.agendering else "",
                    "perioden": ";".join(s.agendering.perioden) if s and s.agendering else "",
                    "mijlpalen": mijlpalen_tekst(s) if s else "",
                    "actoren": ";".join(s.actoren) if s else "",
                    "bron": (s.bron if s else m.bron).citeer(),
                })
    return rijen


def mijlpalen_tekst(s: Stap) -> str:
    """``2024-Q4 plan A; 2026-Q4 plan B``: every dated milestone, with its plan where the kalender pairs them."""
    if not s.agendering:
        return ""
    return "; ".join(mp.periode + (f" plan {mp.plan}" if mp.plan else "") for mp in s.agendering.mijlpalen)


def export_csv(kader: Kader) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_KOLOMMEN, lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: safe_cell(v) for k, v in rij.items()} for rij in csv_rijen(kader))
    return buf.getvalue()


def zoek_maatregel(kader: Kader, mid: str) -> list[Maatregel]:
    return kader.maatregel(mid)
