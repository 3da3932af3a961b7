"""Outcomes in the Borgingsmonitor: JSON API for indicators, measurements, agreements and plan switches,
and the pages per keuze and per organisation (a thin layer over ``wbs.monitor.uitkomsten``).

Reads are public; writes need ``Authorization: Bearer <token>`` and follow the rules for steps
(invoerder: own organisation / own regions; every write with history; stale ``versie``: 409).
Errors answer ``{"detail": "<Nederlandse melding>"}`` through the one WbsFout handler.
"""

from collections.abc import Callable
from typing import Literal, get_args

from fastapi import APIRouter, Body, Depends, File, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from wbs.fouten import OngeldigeInvoer
from wbs.monitor.afspraken import AfspraakInvoer, AfspraakStatus
from wbs.monitor.charts import indicator_chart
from wbs.monitor.indicatoren import Regio, load_regios, load_register
from wbs.monitor.uitkomsten import metingen, register, views
from wbs.monitor.uitkomsten.schemas import (
    AfspraakInfo,
    HistorieRegel,
    ImportResultaat,
    IndicatorStand,
    KeuzeOverzicht,
    MetingInfo,
    OrganisatieOverzicht,
    PlanWisselInfo,
)
from wbs.web.database import get_session
from wbs.web.routes.monitor_api import _FOUTEN, _ONGELDIG, MEDIA, Actor, actor, download

router = APIRouter(prefix="/api/monitor", tags=["monitor"])
pages = APIRouter(include_in_schema=False)

MAX_BESTAND = 20 * 1024 * 1024
FORMAAT_NAMEN = {"csv": "CSV", "xlsx": "xlsx", "json": "JSON", "yaml": "YAML"}  # as the summaries name them


def _read(bestand: UploadFile) -> tuple[bytes, str]:
    data = bestand.file.read(MAX_BESTAND + 1)
    if len(data) > MAX_BESTAND:
        raise OngeldigeInvoer(f"bestand is groter dan {MAX_BESTAND // (1024 * 1024)} MB")
    naam = (bestand.filename or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1] or "upload"
    return data, naam


def _route_name(pad: str) -> str:
    """``/metingen/import`` -> ``api_import_metingen``."""
    soort, actie = pad.strip("/").split("/")
    return f"api_{actie}_{soort}"


def _import_endpoint(pad: str, samenvatting: str, beschrijving: str, importeer: Callable[..., ImportResultaat]) -> None:
    """A POST endpoint that reads an uploaded file with ``importeer(session, user, data, naam)``."""

    def endpoint(bestand: UploadFile = File(..., description=beschrijving), a: Actor = Depends(actor)):
        data, naam = _read(bestand)
        return a.write(lambda s, u: importeer(s, u, data, naam))

    router.add_api_route(
        pad,
        endpoint,
        methods=["POST"],
        response_model=ImportResultaat,
        responses=_FOUTEN,
        summary=samenvatting,
        name=_route_name(pad),
    )


def _export_endpoint(pad: str, formaten: type, exporteer: Callable) -> None:
    """A GET endpoint that answers ``exporteer(session, formaat)`` as the download ``<naam>.<formaat>``
    (``naam``: the first part of the path); ``formaten`` is a ``Literal`` of the formats, CSV by default.

    (This module evaluates annotations when a function is defined, so FastAPI sees the Literal itself.)
    """
    naam = pad.split("/")[1]
    *eerste, laatste = (FORMAAT_NAMEN[f] for f in get_args(formaten))

    def endpoint(formaat: formaten = Query("csv"), session: Session = Depends(get_session)) -> Response:
        return download(exporteer(session, formaat), naam, formaat)

    router.add_api_route(
        pad,
        endpoint,
        methods=["GET"],
        responses={200: {"content": {m: {} for m in MEDIA.values()}}, **_ONGELDIG},
        summary=f"Alle {naam} als {', '.join(eerste)} of {laatste} (leest terug met import)",
        name=_route_name(pad),
    )


# -- indicators and measurements -------------------------------------------------------------


@router.get("/indicatoren", responses=_ONGELDIG, summary="Uitkomstindicatoren met doel, bron en oordeel per regio")
def api_indicatoren(
    keuze: int | None = Query(None, ge=1, le=33), session: Session = Depends(get_session)
) -> list[IndicatorStand]:
    return metingen.list_indicatoren(session, keuze)


class IndicatorDetail(BaseModel):
    indicator: IndicatorStand
    metingen: list[MetingInfo]


@router.get("/indicatoren/{indicator_id}", responses=_FOUTEN, summary="Een indicator met al zijn metingen")
def api_indicator(indicator_id: str, session: Session = Depends(get_session)) -> IndicatorDetail:
    stand, rows = metingen.get_indicator(session, indicator_id)
    return IndicatorDetail(indicator=stand, metingen=rows)


@router.get(
    "/indicatoren/{indicator_id}/grafiek.svg",
    responses={200: {"content": {"image/svg+xml": {}}}, **_FOUTEN},
    summary="Grafiek (SVG) van de metingen, het doel en het traject",
)
def api_indicator_grafiek(
    indicator_id: str, regio: list[str] | None = Query(None, max_length=40), session: Session = Depends(get_session)
) -> Response:
    metingen.get_indicator(session, indicator_id)  # 404 for an unknown indicator
    ms = metingen.metingen_for(session, indicator_id)
    if regio:
        ms = [m for m in ms if m.regio in regio]
    return Response(indicator_chart(load_register().get(indicator_id), ms, _names()), media_type="image/svg+xml")


@router.get("/regios", summary="Regio's waarvoor metingen bestaan kunnen")
def api_regios() -> list[Regio]:
    return list(load_regios().regios)


@router.get("/metingen", responses=_FOUTEN, summary="Metingen (filters combineren)")
def api_metingen(
    indicator: str | None = Query(None, max_length=64),
    regio: str | None = Query(None, max_length=64),
    session: Session = Depends(get_session),
) -> list[MetingInfo]:
    return metingen.list_metingen(session, indicator, regio)


class MetingInvoer(BaseModel):
    model_config = ConfigDict(extra="forbid")
    waarde: float = Field(description="De gemeten waarde, in de eenheid van de indicator")
    bron: str = Field(min_length=1, max_length=500, description="Waar het getal vandaan komt")
    toelichting: str | None = Field(None, max_length=2000, description="Verplicht bij het corrigeren van een waarde")
    versie: int | None = Field(None, ge=0, le=2**31 - 1, description="De versie die u las (0 of leeg: nieuw)")


@router.put(
    "/metingen/{indicator}/{regio}/{jaar}",
    responses=_FOUTEN,
    summary="Voer een meting in of corrigeer hem (met historie; versie-controle)",
)
def api_zet_meting(
    indicator: str, regio: str, jaar: int, invoer: MetingInvoer, a: Actor = Depends(actor)
) -> MetingInfo:
    velden = invoer.model_dump(exclude={"versie"})
    return a.write(
        lambda s, u: metingen.record_meting(s, u, indicator, regio, jaar, **velden, expected_version=invoer.versie)
    )


@router.get(
    "/metingen/{indicator}/{regio}/{jaar}/historie", responses=_FOUTEN, summary="Alle wijzigingen van een meting"
)
def api_meting_historie(
    indicator: str, regio: str, jaar: int, session: Session = Depends(get_session)
) -> list[HistorieRegel]:
    return metingen.meting_history(session, indicator, regio, jaar)


_import_endpoint(
    "/metingen/import",
    "Metingen uit CSV, xlsx of JSON; een fout = niets ingelezen",
    "CSV, xlsx of JSON met de exportkolommen",
    metingen.import_metingen,
)
_export_endpoint("/metingen/export", Literal["csv", "xlsx", "json"], metingen.export_metingen)


# -- agreements ----------------------------------------------------------------------------------


@router.get("/afspraken", responses=_ONGELDIG, summary="Het afsprakenregister (filters combineren)")
def api_afspraken(
    eigenaar: str | None = Query(None, max_length=64, description="Organisatie die de afspraak nakomt"),
    partij: str | None = Query(None, max_length=64, description="Eigenaar of betrokken partij"),
    keuze: int | None = Query(None, ge=1, le=33),
    status: AfspraakStatus | None = Query(None),
    achterstallig: bool | None = Query(None),
    session: Session = Depends(get_session),
) -> list[AfspraakInfo]:
    return register.list_afspraken(session, eigenaar, keuze, status, achterstallig, partij)


_export_endpoint("/afspraken/export", Literal["yaml", "csv", "xlsx"], register.export_afspraken)


@router.get("/afspraken/{afspraak_id}", responses=_FOUTEN, summary="Een afspraak")
def api_afspraak(afspraak_id: str, session: Session = Depends(get_session)) -> AfspraakInfo:
    return register.get_afspraak(session, afspraak_id)


@router.post(
    "/afspraken", responses=_FOUTEN, summary="Voeg een afspraak toe (of werk hem bij op kenmerk), met historie"
)
def api_nieuwe_afspraak(invoer: AfspraakInvoer, a: Actor = Depends(actor)) -> ImportResultaat:
    return a.write(lambda s, u: register.save_afspraken(s, u, [invoer]))


class AfspraakWijziging(BaseModel):
    model_config = ConfigDict(extra="forbid")
    status: AfspraakStatus | None = None
    bewijs: str | None = Field(None, max_length=2000)
    toelichting: str | None = Field(None, max_length=2000)
    periode: str | None = Field(None, max_length=16, description="Nieuwe deadline als JJJJ of JJJJ-Qn; leeg: geen")
    versie: int = Field(ge=0, le=2**31 - 1, description="De versie die u las")


@router.patch(
    "/afspraken/{afspraak_id}",
    responses=_FOUTEN,
    summary="Wijzig status, bewijs, deadline of toelichting (pas toe of leg uit; versie-controle)",
)
def api_wijzig_afspraak(afspraak_id: str, wijziging: AfspraakWijziging, a: Actor = Depends(actor)) -> AfspraakInfo:
    velden = wijziging.model_dump(exclude={"versie"})
    return a.write(
        lambda s, u: register.update_afspraak(s, u, afspraak_id, **velden, expected_version=wijziging.versie)
    )


@router.get("/afspraken/{afspraak_id}/historie", responses=_FOUTEN, summary="Alle wijzigingen van een afspraak")
def api_afspraak_historie(afspraak_id: str, session: Session = Depends(get_session)) -> list[HistorieRegel]:
    return register.afspraak_history(session, afspraak_id)


_import_endpoint(
    "/afspraken/import",
    "Afspraken uit YAML, CSV of xlsx; een fout = niets opgeslagen",
    "YAML, CSV of xlsx met de exportkolommen",
    register.import_afspraken,
)


@router.post(
    "/afspraken/plantoets",
    responses=_FOUTEN,
    summary="Concept-afspraken uit een Plantoets-resultaat (passages met sterkte 'afspraak')",
)
def api_plantoets_afspraken(
    resultaat: dict = Body(..., description="De JSON van 'wbs plan toets --format json'"),
    eigenaar: str | None = Query(None, max_length=64, description="Organisatie; leeg: de herkende provincie"),
    a: Actor = Depends(actor),
) -> ImportResultaat:
    return a.write(lambda s, u: register.import_plantoets(s, u, resultaat, eigenaar))


# -- overviews ---------------------------------------------------------------------------------


@router.get("/planwissels", summary="Stappen waar plan B aan de orde is")
def api_planwissels(session: Session = Depends(get_session)) -> list[PlanWisselInfo]:
    return views.plan_switches(session)


@router.get("/keuzes/{nr}", responses=_FOUTEN, summary="Een keuze: stappen, indicatoren en afspraken samen")
def api_keuze(nr: int, session: Session = Depends(get_session)) -> KeuzeOverzicht:
    return views.keuze_overview(session, nr)


@router.get(
    "/organisaties/{code}/overzicht",
    responses=_FOUTEN,
    summary="Wat heeft een organisatie beloofd, wat moet binnenkort, wat is te laat",
)
def api_organisatie_overzicht(code: str, session: Session = Depends(get_session)) -> OrganisatieOverzicht:
    return views.organisatie_overview(session, code)


# -- pages ---------------------------------------------------------------------------------------


def _page(request: Request, session: Session, template: str, **ctx) -> HTMLResponse:
    from wbs.web.routes.monitor import _context
    from wbs.web.templating import templates

    return templates.TemplateResponse(request, template, _context(request, session, **ctx))


def _names() -> dict[str, str]:
    return {r.code: r.naam for r in load_regios().regios}


def _indicator_page(request: Request, session: Session, template: str, stands: list, **ctx) -> HTMLResponse:
    """A page with a chart (SVG) for each of these indicators, keyed by indicator id."""
    namen = _names()
    grafieken = {
        i.id: indicator_chart(load_register().get(i.id), metingen.metingen_for(session, i.id), namen) for i in stands
    }
    return _page(request, session, template, grafieken=grafieken, regio_namen=namen, **ctx)


@pages.get("/monitor/keuze/{nr}", response_class=HTMLResponse)
def keuze_pagina(request: Request, nr: int, session: Session = Depends(get_session)) -> HTMLResponse:
    k = views.keuze_overview(session, nr)
    return _indicator_page(request, session, "monitor/keuze.html", k.indicatoren, k=k)


@pages.get("/monitor/organisatie/{code}", response_class=HTMLResponse)
def organisatie_pagina(request: Request, code: str, session: Session = Depends(get_session)) -> HTMLResponse:
    return _page(request, session, "monitor/organisatie.html", o=views.organisatie_overview(session, code))


@pages.get("/monitor/indicatoren", response_class=HTMLResponse)
def indicatoren_pagina(request: Request, session: Session = Depends(get_session)) -> HTMLResponse:
    stands = metingen.list_indicatoren(session)
    return _indicator_page(request, session, "monitor/indicatoren.html", stands, indicatoren=stands)


@pages.get("/monitor/afspraken", response_class=HTMLResponse)
def afspraken_pagina(
    request: Request, eigenaar: str | None = None, keuze: str | None = None, session: Session = Depends(get_session)
) -> HTMLResponse:
    try:
        nr = int(keuze) if keuze else None
    except ValueError as exc:
        raise OngeldigeInvoer("keuze moet een nummer van 1 tot en met 33 zijn") from exc
    rows = register.list_afspraken(session, eigenaar or None, nr)
    return _page(request, session, "monitor/afspraken.html", afspraken=rows, eigenaar=eigenaar or "", keuze=nr)


@pages.get("/monitor/afspraak/{afspraak_id}", response_class=HTMLResponse)
def afspraak_pagina(request: Request, afspraak_id: str, session: Session = Depends(get_session)) -> HTMLResponse:
    a = register.get_afspraak(session, afspraak_id)
    return _page(
        request,
        session,
        "monitor/afspraak.html",
        a=a,
        historie=list(reversed(register.afspraak_history(session, afspraak_id))),
    )
