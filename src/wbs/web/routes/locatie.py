"""Locatietoets page (``/locatie``: draw or upload on a map) and API (``/api/locatie/...``)."""

from __future__ import annotations

import json
from typing import Any, Literal

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, Field
from shapely.geometry import mapping

from wbs.config import ACHTERGRONDKAART_BRON, achtergrondkaart_url, locatieserver_url
from wbs.locatie import rapport, service
from wbs.locatie.catalogus import LAAG_IDS, Rasterlaag, Vectorlaag
from wbs.locatie.geometrie import lees_geometrie_met_meldingen
from wbs.locatie.kaart import laagkleur
from wbs.locatie.kern import effectieve_dekking
from wbs.locatie.models import Toetsuitslag
from wbs.locatie.regels import alle_regels, functies
from wbs.watertoets.models import WatertoetsGegevens
from wbs.web.downloads import attachment
from wbs.web.templating import templates

router = APIRouter()
api = APIRouter(tags=["locatie"])  # the API routes: their tag stated once


class ToetsVerzoek(BaseModel):
    geometrie: dict[str, Any] | str = Field(..., description="GeoJSON (geometrie, Feature of FeatureCollection) of WKT")
    functie: str = Field(..., max_length=64, examples=["woningbouw"])
    crs: str | None = Field(
        None,
        max_length=64,
        description="CRS van de invoer; standaard EPSG:4326 voor lengte/breedte, anders EPSG:28992",
        examples=["EPSG:4326"],
    )
    watertoets: WatertoetsGegevens | None = Field(
        None, description="Verharding en grondgebruik: neemt de watertoets op in het locatieadvies"
    )


class Kandidaatinvoer(BaseModel):
    naam: str = Field(..., min_length=1, max_length=80, examples=["Locatie A"])
    geometrie: dict[str, Any] | str = Field(..., description="GeoJSON of WKT")


class VergelijkVerzoek(BaseModel):
    functie: str = Field(..., max_length=64, examples=["woningbouw"])
    plannen: list[Kandidaatinvoer] = Field(..., min_length=2, max_length=20)
    crs: str | None = Field(
        None, max_length=64, description="CRS van alle plannen; standaard als bij /api/locatie/toets"
    )


class Rangplaats(BaseModel):
    rang: int
    naam: str
    oordeel: str
    afwegingskader: str
    oppervlakte_m2: float
    regels: list[str] = Field(description="Regels die aanslaan (strenger dan geen-bezwaar), met hun oordeel")
    uitslag: Toetsuitslag


def _compare(verzoek: VergelijkVerzoek) -> list[Rangplaats]:
    ranglijst = service.vergelijk([(k.naam, k.geometrie) for k in verzoek.plannen], verzoek.functie, None, verzoek.crs)
    return [
        Rangplaats(
            rang=i,
            naam=k.naam,
            oordeel=k.uitslag.oordeel,
            afwegingskader=k.uitslag.afwegingskader,
            oppervlakte_m2=k.uitslag.oppervlakte_m2,
            uitslag=k.uitslag,
            regels=k.regels_die_aanslaan,
        )
        for i, k in enumerate(ranglijst, start=1)
    ]


def _toets(verzoek: ToetsVerzoek):
    return service.toets_plan(verzoek.geometrie, verzoek.functie, None, verzoek.crs)


@api.post(
    "/api/locatie/toets",
    summary="Toets een plangebied voor een functie",
    responses={422: {"description": "Ongeldige geometrie, buiten Nederland of onbekende functie"}},
)
def api_toets(verzoek: ToetsVerzoek) -> Toetsuitslag:
    return _toets(verzoek)[0]


@api.post(
    "/api/locatie/vergelijk",
    summary="Vergelijk alternatieve locaties voor één functie (meest geschikt eerst)",
    responses={
        422: {"description": "Ongeldige geometrie, buiten Nederland, onbekende functie of minder dan twee plannen"}
    },
)
def api_vergelijk(verzoek: VergelijkVerzoek) -> list[Rangplaats]:
    return _compare(verzoek)


@router.post("/locatie/vergelijk", response_class=HTMLResponse, include_in_schema=False)
def locatie_vergelijk_fragment(request: Request, verzoek: VergelijkVerzoek) -> HTMLResponse:
    """Fragment: the ranking of the candidate locations collected on the map."""
    ranglijst = _compare(verzoek)
    return templates.TemplateResponse(
        request, "locatie/_vergelijk.html", {"ranglijst": ranglijst, "functie": verzoek.functie}
    )


@api.post(
    "/api/locatie/vergelijk.pdf",
    summary="Locatievergelijking als PDF: rangorde, en per locatie oordeel, kaart en regels",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}, 422: {"description": "Als bij /api/locatie/vergelijk"}},
)
def api_vergelijk_pdf(verzoek: VergelijkVerzoek) -> Response:
    kandidaten = service.vergelijk([(k.naam, k.geometrie) for k in verzoek.plannen], verzoek.functie, None, verzoek.crs)
    return attachment(
        rapport.vergelijking_pdf(kandidaten, service.catalogus()), "locatievergelijking.pdf", "application/pdf"
    )


def _as_geojson(uitslag: Toetsuitslag, geom) -> str:
    """One Locatietoets as a GeoJSON Feature (WGS84): the plan area with its verdict and every rule's outcome."""
    eigenschappen = {
        "functie": uitslag.functie,
        "functie_naam": uitslag.functie_naam,
        "oordeel": uitslag.oordeel,
        "afwegingskader": uitslag.afwegingskader,
        "oppervlakte_m2": round(uitslag.oppervlakte_m2, 1),
        "provincies": uitslag.provincies,
        "lagen": uitslag.lagen,
        "demodata": uitslag.demodata,
        "waarschuwing": uitslag.waarschuwing,
        "niet_getoetst": uitslag.niet_getoetst,
        "regels": [
            {
                "regel": r.regel,
                "naam": r.naam,
                "keuze": r.keuze,
                "oordeel": r.verdict,
                "afwegingskader": r.afwegingskader,
                "toelichting": r.toelichting,
                "voorwaarden": r.voorwaarden,
                "bron": r.bron,
            }
            for r in uitslag.regels
        ],
    }
    feature = {"type": "Feature", "properties": eigenschappen, "geometry": mapping(_to_wgs84(geom))}
    return json.dumps({"type": "FeatureCollection", "features": [feature]}, ensure_ascii=False)


@api.post(
    "/api/locatie/advies.{formaat}",
    summary="Locatieadvies als HTML of PDF, of het plangebied met oordeel en regels als GeoJSON (WGS84)",
)
def api_advies(formaat: Literal["html", "pdf", "geojson"], verzoek: ToetsVerzoek) -> Response:
    uitslag, geom = _toets(verzoek)
    if formaat == "geojson":
        return attachment(_as_geojson(uitslag, geom), "locatietoets.geojson", "application/geo+json")
    cat = service.catalogus()
    extra = _watertoets_section(verzoek)
    if formaat == "html":
        return HTMLResponse(rapport.naar_html(uitslag, geom, cat, extra_html=extra))
    return attachment(rapport.naar_pdf(uitslag, geom, cat, extra_html=extra), "locatieadvies.pdf", "application/pdf")


def _watertoets_section(verzoek: ToetsVerzoek) -> str | None:
    """The watertoets section of the locatieadvies when paving numbers were sent (422 on bad numbers)."""
    if verzoek.watertoets is None:
        return None
    from wbs.watertoets import rapport as wt_rapport
    from wbs.watertoets import service as wt_service
    from wbs.watertoets.models import WatertoetsInvoer

    invoer = WatertoetsInvoer(
        geometrie=verzoek.geometrie, functie=verzoek.functie, crs=verzoek.crs, **verzoek.watertoets.model_dump()
    )
    return wt_rapport.sectie_html(wt_service.voer_uit(invoer)[0], met_stijl=True)


@api.get("/api/locatie/functies", summary="Functies en functieklassen")
def api_functies() -> dict[str, Any]:
    return functies().model_dump()


@api.get("/api/locatie/regels", summary="Alle regels van de locatietoets")
def api_regels() -> list[dict[str, Any]]:
    return [{"regelset": rs.naam, **r.model_dump(mode="json")} for rs, r in alle_regels()]


@api.get(
    "/api/locatie/lagen/{laag_id}.geojson",
    summary="Een vectorlaag van de lagenconfiguratie in WGS84 voor de kaart",
    responses={404: {"description": "Onbekende laag"}},
)
def api_laag(laag_id: str) -> Response:
    if laag_id not in LAAG_IDS:
        raise HTTPException(404, f"Onbekende laag {laag_id!r}.")
    cat = service.catalogus()
    laag = cat.provincies() if laag_id in ("provincies", "provincie") else cat.laag(laag_id)
    if not isinstance(laag, Vectorlaag):
        raise HTTPException(404, f"Laag {laag_id!r} is geen vectorlaag in de lagenconfiguratie.")
    return Response(_as_wgs84(cat.naam, laag), media_type="application/geo+json")


_GEOJSON_CACHE: dict[tuple[str, str], str] = {}


def _to_wgs84(geoms):
    import numpy as np
    import shapely
    from pyproj import Transformer

    t = Transformer.from_crs("EPSG:28992", "EPSG:4326", always_xy=True)
    return shapely.transform(geoms, lambda xy: np.column_stack(t.transform(xy[:, 0], xy[:, 1])))


def _as_wgs84(catalogus_naam: str, laag: Vectorlaag) -> str:
    sleutel = (catalogus_naam, laag.id)
    if sleutel not in _GEOJSON_CACHE:
        import shapely

        wgs = _to_wgs84(shapely.simplify(laag.geometrie, 20))
        namen = laag.attributen.get("naam")
        feats = [
            {
                "type": "Feature",
                "properties": {
                    "id": str(fid),
                    "laag": laag.id,
                    **({"naam": str(namen[i])} if namen is not None else {}),
                },
                "geometry": mapping(g),
            }
            for i, (fid, g) in enumerate(zip(laag.feature_ids, wgs, strict=True))
        ]
        _GEOJSON_CACHE[sleutel] = json.dumps({"type": "FeatureCollection", "features": feats})
    return _GEOJSON_CACHE[sleutel]


class GeometrieVerzoek(BaseModel):
    geometrie: dict[str, Any] | str = Field(..., description="GeoJSON (met of zonder crs-lid) of WKT")
    crs: str | None = Field(None, description="CRS van de invoer; standaard afgeleid (lengte/breedte of RD)")


@api.post(
    "/api/locatie/geometrie",
    summary="Lees een plangebied (elk CRS), herstel het zo nodig en geef het in WGS84 terug voor de kaart",
    responses={422: {"description": "Ongeldige of lege geometrie, buiten Nederland"}},
)
def api_geometrie(verzoek: GeometrieVerzoek) -> dict[str, Any]:
    geom, meldingen = lees_geometrie_met_meldingen(verzoek.geometrie, verzoek.crs)
    wgs = _to_wgs84(geom)
    return {
        "geometrie": mapping(wgs),
        "oppervlakte_m2": round(float(geom.area), 1),
        "meldingen": meldingen,
        "bbox": list(wgs.bounds),
    }


@api.get("/api/locatie/plek", summary="Wat ligt hier? Lagen, objecten en dekking op één punt")
def api_plek(
    lon: float = Query(..., ge=2.5, le=7.6, description="Lengtegraad (WGS84)"),
    lat: float = Query(..., ge=50.6, le=53.8, description="Breedtegraad (WGS84)"),
) -> dict[str, Any]:
    import shapely
    from pyproj import Transformer

    x, y = Transformer.from_crs("EPSG:4326", "EPSG:28992", always_xy=True).transform(lon, lat)
    punt = shapely.Point(x, y)
    cat = service.catalogus()
    provs = cat.provincies()
    provincie = [str(n) for n in provs.attributen["naam"][provs.boom.query(punt, predicate="intersects")]]
    lagen = []
    # a broken layer file raises LocatieFout: the error handler answers a Dutch 422
    for laag_id, cfg in cat.config.lagen.items():
        laag = cat.laag(laag_id)
        dekking = effectieve_dekking(cat, laag_id, laag)
        if dekking is None:
            status = "dekking onbekend"
        elif dekking.overal or dekking.voorbereid().covers(punt):
            status = "binnen de dekking"
        else:
            status = "buiten de dekking: hier niet getoetst"
        item: dict[str, Any] = {"id": laag_id, "demo": cfg.demo, "dekking": status, "objecten": []}
        if isinstance(laag, Vectorlaag):
            for i in laag.boom.query(punt, predicate="intersects")[:5]:
                velden = {k: str(v[i]) for k, v in list(laag.attributen.items())[:6]}
                item["objecten"].append({"id": str(laag.feature_ids[i]), "velden": velden})
        elif isinstance(laag, Rasterlaag):
            col, row = ~laag.transform * (x, y)
            r, c = int(row), int(col)
            if 0 <= r < laag.data.shape[0] and 0 <= c < laag.data.shape[1] and laag.data[r, c] == laag.data[r, c]:
                item["waarde"] = round(float(laag.data[r, c]), 3)
        lagen.append(item)
    return {"rd": [round(x, 1), round(y, 1)], "provincie": provincie, "demodata": cat.demo, "lagen": lagen}


@router.get("/locatie", response_class=HTMLResponse, include_in_schema=False)
def locatie_pagina(request: Request) -> HTMLResponse:
    cat = service.catalogus()
    vectorlagen = [lid for lid in cat.config.lagen if not str(cat.config.lagen[lid].pad).endswith(".tif")]
    if "provincies" not in vectorlagen:
        vectorlagen.append("provincies")  # the shipped outlines: the offline map always shows where you are
    kaart = {
        "lagen": [
            {
                "id": lid,
                "kleur": laagkleur(lid, i),
                "demo": bool(cat.config.lagen[lid].demo) if lid in cat.config.lagen else False,
            }
            for i, lid in enumerate(vectorlagen)
        ],
        "achtergrond": achtergrondkaart_url(),
        "achtergrond_bron": ACHTERGRONDKAART_BRON,
        "zoeken": locatieserver_url(),
    }
    return templates.TemplateResponse(
        request,
        "locatie/index.html",
        {
            "actief": "locatie",
            "functies": functies().functies,
            "kaart": kaart,
            "demo": cat.demo,
            "lagen_naam": cat.naam,
        },
    )


@router.post("/locatie/advies", response_class=HTMLResponse, include_in_schema=False)
def locatie_advies_fragment(request: Request, verzoek: ToetsVerzoek) -> HTMLResponse:
    """htmx fragment: the verdict table for the drawn/uploaded plan."""
    uitslag, _geom = _toets(verzoek)
    return templates.TemplateResponse(
        request, "locatie/_uitslag.html", {"u": uitslag, "oordeel_tekst": rapport.OORDEEL_TEKST}
    )
