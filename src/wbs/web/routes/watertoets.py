"""Watertoets API (``/api/watertoets``), the section on ``/locatie`` and the pages for saved and compared results.

All endpoints are plain ``def``: FastAPI runs them in its thread pool, so layer lookups and PDF rendering stay
off the event loop. A failed request stores nothing: a result is saved only after it has been computed. Errors
are :class:`~wbs.watertoets.fouten.WatertoetsFout` (422) or ``WatertoetsNietGevonden`` (404), answered by the
one web error handler (JSON under ``/api``, a Dutch page, or a fragment for ``HX-Request``).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup
from pydantic import BaseModel, Field

from wbs.watertoets import opslag, rapport, service
from wbs.watertoets.fouten import WatertoetsFout
from wbs.watertoets.models import WatertoetsInvoer, Watertoetsuitslag
from wbs.watertoets.normen import kennis, waterschappen
from wbs.web.downloads import attachment
from wbs.web.templating import templates

router = APIRouter()
api = APIRouter(tags=["watertoets"])  # the API routes: their tag stated once


class WatertoetsVerzoek(WatertoetsInvoer):
    opslaan: bool = Field(False, description="Bewaar de uitslag (heropenen via /api/watertoets/opgeslagen/{id})")


class Vergelijking(BaseModel):
    a: Watertoetsuitslag
    b: Watertoetsuitslag
    rijen: list[opslag.Vergelijkregel]


def _run(verzoek: WatertoetsVerzoek) -> Watertoetsuitslag:
    invoer = WatertoetsInvoer.model_validate(verzoek.model_dump(exclude={"opslaan"}))
    uitslag, _geom = service.voer_uit(invoer)
    return opslag.bewaar(uitslag) if verzoek.opslaan else uitslag


@api.post(
    "/api/watertoets",
    summary="Watertoets voor een plangebied: procedure, berging, afvoernorm en advies",
    responses={
        422: {
            "description": "Ongeldige geometrie of functie, negatieve of onmogelijke oppervlakten, onbekend waterschap"
        }
    },
)
def api_watertoets(verzoek: WatertoetsVerzoek) -> Watertoetsuitslag:
    return _run(verzoek)


@api.post(
    "/api/watertoets/rapport.{formaat}",
    summary="Watertoets als HTML of PDF",
    responses={404: {"description": "Onbekend formaat"}, 422: {"description": "Ongeldige invoer"}},
)
def api_rapport(formaat: str, verzoek: WatertoetsVerzoek) -> Response:
    if formaat not in ("html", "pdf"):
        raise HTTPException(404, "Kies html of pdf.")
    return _report(_run(verzoek), formaat)


def _report(uitslag: Watertoetsuitslag, formaat: str) -> Response:
    if formaat == "html":
        return HTMLResponse(rapport.naar_html(uitslag))
    return attachment(rapport.naar_pdf(uitslag), "watertoets.pdf", "application/pdf")


@api.get("/api/watertoets/opgeslagen", summary="Bewaarde watertoetsen, nieuwste eerst")
def api_lijst() -> list[opslag.Samenvatting]:
    return opslag.lijst()


@api.get(
    "/api/watertoets/opgeslagen/{toets_id}",
    summary="Heropen een bewaarde watertoets",
    responses={404: {"description": "Onbekend id"}},
)
def api_toon(toets_id: str) -> Watertoetsuitslag:
    return opslag.laad(toets_id)


@api.get(
    "/api/watertoets/vergelijk",
    summary="Twee bewaarde varianten naast elkaar",
    responses={404: {"description": "Onbekend id"}},
)
def api_vergelijk(
    a: str = Query(..., description="Id van variant A"), b: str = Query(..., description="Id van variant B")
) -> Vergelijking:
    ua, ub = opslag.laad(a), opslag.laad(b)
    return Vergelijking(a=ua, b=ub, rijen=opslag.vergelijk(ua, ub))


@api.get("/api/watertoets/waterschappen", summary="Waterschappen met hun normen en bronnen")
def api_waterschappen() -> list[dict[str, Any]]:
    return [{**w.model_dump(mode="json"), "normen_bekend": w.normen_bekend} for w in waterschappen().values()]


# ---------------------------------------------------------------- pages and fragments


@router.post("/watertoets/fragment", response_class=HTMLResponse, include_in_schema=False)
def watertoets_fragment(request: Request, verzoek: WatertoetsVerzoek) -> HTMLResponse:
    """The result section for the /locatie page (JSON body as for POST /api/watertoets; errors come back as the
    Dutch fragment because the page sends ``HX-Request``)."""
    uitslag = _run(verzoek)
    return templates.TemplateResponse(
        request, "watertoets/_uitslag.html", {"sectie": Markup(rapport.sectie_html(uitslag)), "u": uitslag}
    )


@router.get("/watertoets", response_class=HTMLResponse, include_in_schema=False)
def watertoets_pagina(request: Request) -> HTMLResponse:
    return _overview(request)


def _overview(request: Request, fout: WatertoetsFout | None = None) -> HTMLResponse:
    """The page with the saved results; with ``fout`` a 404 that says which result is not known."""
    ctx = {"actief": "locatie", "lijst": opslag.lijst(), "waterschappen": waterschappen().values()}
    if fout is None:
        return templates.TemplateResponse(request, "watertoets/index.html", ctx)
    return templates.TemplateResponse(request, "watertoets/index.html", ctx | {"fout": str(fout)}, status_code=404)


@router.get("/watertoets/vergelijk", response_class=HTMLResponse, include_in_schema=False)
def vergelijk_pagina(request: Request, a: str = "", b: str = "") -> HTMLResponse:
    try:
        ua, ub = opslag.laad(a), opslag.laad(b)
    except WatertoetsFout as exc:
        return _overview(request, exc)
    return templates.TemplateResponse(
        request, "watertoets/vergelijk.html", {"actief": "locatie", "a": ua, "b": ub, "rijen": opslag.vergelijk(ua, ub)}
    )


@router.get("/watertoets/{toets_id}.pdf", include_in_schema=False)
def toon_pdf(toets_id: str) -> Response:
    return _report(opslag.laad(toets_id), "pdf")


@router.get("/watertoets/{toets_id}", response_class=HTMLResponse, include_in_schema=False)
def toon_pagina(request: Request, toets_id: str) -> HTMLResponse:
    try:
        uitslag = opslag.laad(toets_id)
    except WatertoetsFout as exc:
        return _overview(request, exc)
    return templates.TemplateResponse(
        request,
        "watertoets/toon.html",
        {"actief": "locatie", "u": uitslag, "sectie": Markup(rapport.sectie_html(uitslag))},
    )


def input_context() -> dict[str, Any]:
    """What the input partial on /locatie needs (water boards and land-use classes)."""
    return {"wt_waterschappen": waterschappen().values(), "wt_grondgebruik": kennis().grondgebruik}


templates.env.globals["watertoets_invoer"] = input_context
