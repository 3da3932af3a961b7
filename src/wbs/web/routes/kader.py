"""Kader pages (``/kader``) and JSON API (``/api/kader``); same read models as the CLI."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, PlainTextResponse
from pydantic import BaseModel

from wbs.bronnen import bron_regels
from wbs.kader import laad_kader
from wbs.kader.models import KEUZE_NUMMERS, Keuze, Maatregel, Schil, Uitgangspunt
from wbs.kader.service import export_csv, export_dict, groep_naam, overzicht
from wbs.kader.zoek import zoek
from wbs.web.templating import templates

router = APIRouter()
api = APIRouter(tags=["kader"])  # the API routes: their tag stated once


# -- pages ----------------------------------------------------------------------------
@router.get("/kader", response_class=HTMLResponse, include_in_schema=False)
def kader_pagina(request: Request, q: str = "", thema: str = "") -> HTMLResponse:
    kader = laad_kader()
    treffers = zoek(kader, q, limiet=200) if q.strip() else []
    # A keuze matches a search when it, one of its measures or steps is a hit.
    gevonden = {t.keuze for t in treffers}
    groepen = [
        (g, [k for k in g.keuzes if (not q.strip() or k.nr in gevonden)])
        for g in overzicht(kader)
        if not thema or g.thema == thema
    ]
    context = {
        "actief": "kader",
        "groepen": groepen,
        "q": q,
        "thema": thema,
        "themas": sorted({k.thema for k in kader.keuzes}),
        "kader": kader,
        "aantal_keuzes": sum(len(ks) for _, ks in groepen),
    }
    template = "kader/_lijst.html" if request.headers.get("HX-Request") else "kader/index.html"
    return templates.TemplateResponse(request, template, context)


@router.get("/kader/keuze/{nr}", response_class=HTMLResponse, include_in_schema=False)
def keuze_pagina(request: Request, nr: int) -> HTMLResponse:
    kader = laad_kader()
    keuze = kader.keuze(nr)
    return templates.TemplateResponse(
        request,
        "kader/keuze.html",
        {
            "actief": "kader",
            "k": keuze,
            "groep": groep_naam(keuze),
            "vorige": nr - 1 if nr > 1 else None,
            "volgende": nr + 1 if nr < KEUZE_NUMMERS[-1] else None,
            "gekoppeld": {mid: m.keuze for mid in keuze.gekoppeld_aan for m in kader.maatregel(mid)[:1]},
            **doorwerking_in_wbs(nr),
        },
    )


def doorwerking_in_wbs(nr: int) -> dict:
    """Where the other capabilities use this keuze: location rules and the Plantoets vocabulary."""
    from wbs.locatie.models import AFWEGINGSKADER
    from wbs.locatie.regels import alle_regels
    from wbs.plan.termen import laad_termen

    regels = [(rs, r) for rs, r in alle_regels() if r.keuze == nr]
    termen = laad_termen().keuzes.get(nr)
    return {"locatieregels": regels, "afwegingskader": AFWEGINGSKADER, "plantermen": (termen.termen if termen else [])}


@router.get("/bronnen/{bestand}", response_class=HTMLResponse, include_in_schema=False)
def bron_pagina(request: Request, bestand: str, van: int = 0, tot: int = 0) -> HTMLResponse:
    """Show a seed document with line numbers, highlighting a cited range."""
    try:
        regels = bron_regels(bestand)
    except FileNotFoundError:
        raise HTTPException(404, f"Brondocument {bestand} bestaat niet.") from None
    return templates.TemplateResponse(
        request,
        "kader/bron.html",
        {"actief": "kader", "bestand": bestand, "regels": regels, "van": van, "tot": tot or van},
    )


# -- API ------------------------------------------------------------------------------
class Treffer(BaseModel):
    soort: str
    id: str
    keuze: int
    tekst: str
    score: float
    bron: str


class GroepTelling(BaseModel):
    thema: str
    groep: str
    keuzes: list[int]
    maatregelen: int
    stappen: int


@api.get("/api/kader", summary="Het hele kader (zelfde inhoud als `wbs kader export`)")
def api_kader() -> dict[str, Any]:
    return export_dict(laad_kader())


@api.get(
    "/api/kader/export.csv",
    response_class=PlainTextResponse,
    summary="Het kader als CSV, een rij per concrete stap",
)
def api_kader_csv() -> PlainTextResponse:
    return PlainTextResponse(export_csv(laad_kader()), media_type="text/csv; charset=utf-8")


@api.get("/api/kader/overzicht", summary="Aantallen keuzes, maatregelen en stappen per thema en gebied")
def api_overzicht() -> list[GroepTelling]:
    return [
        GroepTelling(
            thema=g.thema, groep=g.groep, keuzes=[k.nr for k in g.keuzes], maatregelen=g.maatregelen, stappen=g.stappen
        )
        for g in overzicht(laad_kader())
    ]


@api.get("/api/kader/keuzes", summary="Alle 33 keuzes")
def api_keuzes(thema: str | None = Query(None, description="Filter op thema")) -> list[Keuze]:
    return [k for k in laad_kader().keuzes if thema is None or k.thema == thema]


@api.get(
    "/api/kader/keuzes/{nr}",
    summary="Een structurerende keuze",
    responses={404: {"description": "Onbekende keuze"}},
)
def api_keuze(nr: int) -> Keuze:
    return laad_kader().keuze(nr)


@api.get(
    "/api/kader/maatregelen/{id}",
    summary="Maatregel(en) met dit id of deze alias",
    responses={404: {"description": "Onbekend id"}},
)
def api_maatregel(id: str) -> list[Maatregel]:
    gevonden = laad_kader().maatregel(id)
    if not gevonden:
        raise HTTPException(404, f"Maatregel {id!r} komt niet voor in de borgingskalender.")
    return gevonden


@api.get("/api/kader/zoek", summary="Zoeken op woordstam in keuzes, maatregelen en stappen")
def api_zoek(q: str = Query(..., min_length=1), limiet: int = Query(10, ge=1, le=100)) -> list[Treffer]:
    return [
        Treffer(soort=t.soort, id=t.id, keuze=t.keuze, tekst=t.tekst, score=round(t.score, 4), bron=t.bron.citeer())
        for t in zoek(laad_kader(), q, limiet)
    ]


@api.get("/api/kader/uitgangspunten")
def api_uitgangspunten() -> list[Uitgangspunt]:
    return laad_kader().uitgangspunten


@api.get(
    "/api/kader/schillen",
    summary="De schilbenadering: Omgevingswet, overige juridische en niet-juridische instrumenten",
)
def api_schillen() -> list[Schil]:
    return laad_kader().schillen
