"""Batch screening of many parcels in the browser (``/locatie/scan``) and as API (``POST /api/locatie/scan``).

The upload is read and screened in the worker pool (a child process with a time budget, see
:mod:`wbs.web.workers`) with the same vectorised scan as ``wbs locatie scan``, and stored by
:mod:`wbs.locatie.scans` so the result can be downloaded (GeoPackage, CSV, GeoJSON) and drawn on a map.
A failed upload stores nothing.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import FileResponse, HTMLResponse, Response

from wbs.config import settings
from wbs.fouten import NietGevonden
from wbs.locatie import scan, scans
from wbs.locatie.fouten import LocatieFout
from wbs.locatie.models import AFWEGINGSKADER
from wbs.locatie.regels import alle_regels, controleer_functie, functies
from wbs.locatie.scans import ScanSamenvatting
from wbs.web.downloads import attachment
from wbs.web.templating import templates
from wbs.web.workers import pool

router = APIRouter()
api = APIRouter(tags=["locatie"])  # the API routes: their tag stated once

KAART_MAX = 5000  # parcels drawn on the map; the downloads always hold all of them
EXTENSIES = (".gpkg", ".geojson", ".json", ".zip", ".shp")


def _aanvullingen(verharding_kolom: str | None) -> tuple:
    """The per-parcel watertoets when the form names a paving column."""
    if not verharding_kolom:
        return ()
    from functools import partial

    from wbs.watertoets.scan import scan_aanvulling

    return (("watertoets", partial(scan_aanvulling, kolom_plan=verharding_kolom)),)


def _screen_upload(bestand: UploadFile, functie: str, aanvullingen: tuple = ()) -> tuple[ScanSamenvatting, list[dict]]:
    """Copy the upload to a private temporary file (bounded), then read and screen it in the worker pool."""
    naam = Path(bestand.filename or "percelen").name[:200]
    ext = Path(naam).suffix.lower()
    if ext not in EXTENSIES:
        raise LocatieFout(
            f"bestandstype {ext[:10] or '(geen)'} wordt niet ondersteund: gebruik GeoPackage "
            "(.gpkg), GeoJSON (.geojson) of een gezipte Shapefile (.zip)"
        )
    if ext == ".shp":
        raise LocatieFout("een losse .shp mist zijn .dbf/.shx/.prj: upload de Shapefile als .zip")
    controleer_functie(functie)
    max_bytes = settings().max_upload_mb * 1024 * 1024
    with tempfile.TemporaryDirectory(prefix="wbs-scan-") as map_:
        # the user's own file name (made safe) so messages name the file they uploaded
        veilig = re.sub(r"[^A-Za-z0-9._-]", "_", Path(naam).stem)[:80] or "percelen"
        pad = Path(map_) / f"{veilig}{ext}"
        with pad.open("wb") as uit:
            geschreven = shutil.copyfileobj(bestand.file, uit, 1024 * 1024) or uit.tell()
        if geschreven == 0:
            raise LocatieFout(f"{naam} is leeg")
        if geschreven > max_bytes:
            raise LocatieFout(f"{naam} is groter dan {settings().max_upload_mb} MB")
        return pool().run(
            scans.scan_en_bewaar_bestand,
            pad,
            naam,
            functie,
            None,
            aanvullingen,
            budget_s=settings().plan_budget_s,
            too_slow=f"het screenen van {naam} duurde te lang",
        )


@router.get("/locatie/scan", response_class=HTMLResponse, include_in_schema=False)
def scan_pagina(request: Request) -> HTMLResponse:
    return templates.TemplateResponse(
        request, "locatie/scan.html", {"actief": "locatie", "functies": functies().functies}
    )


@router.post("/locatie/scan", response_class=HTMLResponse, include_in_schema=False)
def scan_fragment(
    request: Request,
    functie: str = Form(..., max_length=64),
    demo: bool = Form(False),
    bestand: UploadFile | None = File(None),
    verharding_kolom: str | None = Form(None, max_length=80),
) -> HTMLResponse:
    if demo:
        samenvatting, voorbeeld = pool().run(scans.scan_demo, functie, budget_s=settings().plan_budget_s)
    elif bestand is None or not bestand.filename:
        raise LocatieFout("kies een percelenbestand of gebruik de demopercelen")
    else:
        samenvatting, voorbeeld = _screen_upload(bestand, functie, _aanvullingen(verharding_kolom))
    return templates.TemplateResponse(
        request,
        "locatie/_scan.html",
        {
            "s": samenvatting,
            "afwegingskader": AFWEGINGSKADER,
            "voorbeeld": voorbeeld,
            "kaart_max": KAART_MAX,
            # rules by name: the ids are for maintainers (shown on hover)
            "regelnamen": {r.id: r.naam for _, r in alle_regels()},
        },
    )


@api.post(
    "/api/locatie/scan",
    summary="Screen een percelenbestand (GeoPackage, GeoJSON of gezipte Shapefile) op één functie",
    responses={422: {"description": "Onleesbaar bestand, onbekende functie of geen percelen"}},
)
def api_scan(
    functie: str = Form(..., max_length=64, examples=["woningbouw"]),
    bestand: UploadFile = File(..., description="Percelen in elk coördinatenstelsel"),
    verharding_kolom: str | None = Form(
        None,
        max_length=80,
        description="Kolom met het geplande verhard oppervlak (m²): voegt per perceel "
        "de watertoets toe (procedure, berging in m³)",
    ),
) -> ScanSamenvatting:
    return _screen_upload(bestand, functie, _aanvullingen(verharding_kolom))[0]


@router.get("/locatie/scan/{scan_id}/percelen.{formaat}", include_in_schema=False)
def scan_download(scan_id: str, formaat: str) -> Response:
    import pyogrio

    map_ = scans.scan_folder(scan_id)
    gpkg = map_ / "percelen.gpkg"
    if formaat == "gpkg":
        return FileResponse(gpkg, media_type="application/geopackage+sqlite3", filename="percelen-oordeel.gpkg")
    if formaat not in ("csv", "geojson"):
        raise NietGevonden("Kies gpkg, csv of geojson.")
    gdf = pyogrio.read_dataframe(gpkg)
    if formaat == "csv":
        return attachment(scan.als_csv(gdf), "percelen-oordeel.csv", "text/csv")
    return attachment(gdf.to_crs("EPSG:4326").to_json(drop_id=True), "percelen-oordeel.geojson", "application/geo+json")


@router.get("/locatie/scan/{scan_id}/kaart.geojson", include_in_schema=False)
def scan_kaart(scan_id: str) -> Response:
    """Parcels for the map in WGS84, strictest first, at most KAART_MAX, geometry simplified to 2 m."""
    import pyogrio

    gdf = pyogrio.read_dataframe(scans.scan_folder(scan_id) / "percelen.gpkg", columns=["oordeel", "regels"])
    gdf = scan.strengste_eerst(gdf).head(KAART_MAX)
    gdf = gdf.set_geometry(gdf.geometry.simplify(2.0))
    return Response(gdf.to_crs("EPSG:4326").to_json(drop_id=True), media_type="application/geo+json")
