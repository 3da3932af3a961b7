"""Batch screening of many parcels in the browser (``/locatie/scan``) and as API (``POST /api/locatie/scan``).

The upload is read, screened with the same vectorised scan as ``wbs locatie scan`` and stored under
``WBS_DATA_DIR/scans/<id>/`` so the result can be downloaded (GeoPackage, CSV, GeoJSON) and drawn
on a map. A failed upload stores nothing.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import uuid
from pathlib import Path

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import FileResponse, HTMLResponse, Response
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from wbs.config import data_dir
from wbs.locatie import scan, service
from wbs.locatie.fouten import LocatieFout
from wbs.locatie.models import AFWEGINGSKADER, STRENGHEID
from wbs.locatie.regels import functies
from wbs.web.routes.locatie import fout_fragment
from wbs.web.templating import templates

router = APIRouter()

MAX_BYTES = 100 * 1024 * 1024
MAX_SCANS = 20  # older results are removed
KAART_MAX = 5000  # parcels drawn on the map; the downloads always hold all of them
EXTENSIES = (".gpkg", ".geojson", ".json", ".zip", ".shp")
_ID = re.compile(r"^[0-9a-f]{12}$")


class ScanSamenvatting(BaseModel):
    id: str
    naam: str
    functie: str
    aantal: int
    seconden: float
    telling: dict[str, int]
    downloads: dict[str, str]
    niet_volledig_getoetst: int = 0
    regeltelling: dict[str, dict[str, int]] = {}
    demodata: bool = False


def _scanmap() -> Path:
    map_ = data_dir() / "scans"
    map_.mkdir(parents=True, exist_ok=True)
    return map_


def _opruimen() -> None:
    oud = sorted((p for p in _scanmap().iterdir() if p.is_dir()), key=lambda p: p.stat().st_mtime)
    for p in oud[:-MAX_SCANS]:
        shutil.rmtree(p, ignore_errors=True)


def _voer_uit(gdf, naam: str, functie: str) -> ScanSamenvatting:
    cat = service.catalogus()
    res = scan.scan_gdf(gdf, functie, cat)
    scan_id = uuid.uuid4().hex[:12]
    tijdelijk = Path(tempfile.mkdtemp(dir=_scanmap(), prefix=".bezig-"))
    try:
        scan.schrijf_percelen(gdf, tijdelijk / "percelen.gpkg")
        telling = {v: res.telling[v] for v in STRENGHEID if v in res.telling}
        samenvatting = ScanSamenvatting(
            id=scan_id, naam=naam, functie=functie, aantal=res.aantal, seconden=round(res.seconden, 3),
            telling=telling, downloads={f: f"/locatie/scan/{scan_id}/percelen.{f}" for f in ("gpkg", "csv", "geojson")},
            niet_volledig_getoetst=res.percelen_niet_volledig_getoetst, regeltelling=res.regeltelling,
            demodata=cat.demo)
        (tijdelijk / "samenvatting.json").write_text(samenvatting.model_dump_json(), encoding="utf-8")
        tijdelijk.rename(_scanmap() / scan_id)  # appears complete or not at all
    except BaseException:
        shutil.rmtree(tijdelijk, ignore_errors=True)
        raise
    _opruimen()
    return samenvatting


async def _lees_upload(bestand: UploadFile):
    naam = Path(bestand.filename or "percelen").name
    ext = Path(naam).suffix.lower()
    if ext not in EXTENSIES:
        raise LocatieFout(f"bestandstype {ext or '(geen)'} wordt niet ondersteund: gebruik GeoPackage (.gpkg), "
                          "GeoJSON (.geojson) of een gezipte Shapefile (.zip)")
    if ext == ".shp":
        raise LocatieFout("een losse .shp mist zijn .dbf/.shx/.prj: upload de Shapefile als .zip")
    data = await bestand.read(MAX_BYTES + 1)
    if not data:
        raise LocatieFout(f"{naam} is leeg")
    if len(data) > MAX_BYTES:
        raise LocatieFout(f"{naam} is groter dan {MAX_BYTES // (1024 * 1024)} MB")
    with tempfile.TemporaryDirectory() as map_:
        pad = Path(map_) / f"upload{ext}"
        pad.write_bytes(data)
        return naam, scan.lees_percelen(pad)


async def _percelen(demo: bool, bestand: UploadFile | None):
    """The parcels of the web form: the demo set when ticked, otherwise the uploaded file."""
    if demo:
        from wbs.locatie.demo_data import demo_percelen

        return "demopercelen Zwolle/IJssel (illustratief)", demo_percelen()
    if bestand is None or not bestand.filename:
        raise LocatieFout("kies een percelenbestand of gebruik de demopercelen")
    return await _lees_upload(bestand)


@router.get("/locatie/scan", response_class=HTMLResponse, include_in_schema=False)
def scan_pagina(request: Request) -> HTMLResponse:
    return templates.TemplateResponse(request, "locatie/scan.html", {"actief": "locatie",
                                                                      "functies": functies().functies})


@router.post("/locatie/scan", response_class=HTMLResponse, include_in_schema=False)
async def scan_fragment(request: Request, functie: str = Form(...), demo: bool = Form(False),
                        bestand: UploadFile | None = File(None)) -> HTMLResponse:
    try:
        naam, gdf = await _percelen(demo, bestand)
        samenvatting = await run_in_threadpool(_voer_uit, gdf, naam, functie)
    except LocatieFout as exc:
        return fout_fragment(request, str(exc))
    return templates.TemplateResponse(request, "locatie/_scan.html", {
        "s": samenvatting, "afwegingskader": AFWEGINGSKADER, "voorbeeld": _voorbeeld(gdf),
        "kaart_max": KAART_MAX})


@router.post("/api/locatie/scan", tags=["locatie"], response_model=ScanSamenvatting,
             summary="Screen een percelenbestand (GeoPackage, GeoJSON of gezipte Shapefile) op één functie",
             responses={422: {"description": "Onleesbaar bestand, onbekende functie of geen percelen"}})
async def api_scan(
    functie: str = Form(..., examples=["woningbouw"]),
    bestand: UploadFile = File(..., description="Percelen in elk coördinatenstelsel"),
) -> ScanSamenvatting:
    try:
        naam, gdf = await _lees_upload(bestand)
        return await run_in_threadpool(_voer_uit, gdf, naam, functie)
    except LocatieFout as exc:
        raise HTTPException(422, str(exc)) from exc


def _map(scan_id: str) -> Path:
    map_ = _scanmap() / scan_id
    if not _ID.match(scan_id) or not (map_ / "samenvatting.json").exists():
        raise HTTPException(404, "Deze screening is niet (meer) bekend; voer hem opnieuw uit.")
    return map_


def _voorbeeld(gdf, n: int = 25) -> list[dict]:
    """The first parcels of the screened (in-memory) set, strictest verdicts first, for the table under the map."""
    eerste = scan.strengste_eerst(gdf).head(n)
    kolommen = [k for k in gdf.columns if k not in ("oordeel", "regels", "niet_getoetst", "functie",
                                                   gdf.geometry.name)][:2]
    return [{"kenmerk": " · ".join(str(rij[k]) for k in kolommen) or str(i), "oordeel": rij["oordeel"],
             "regels": rij["regels"], "niet_getoetst": rij["niet_getoetst"]} for i, rij in eerste.iterrows()]


@router.get("/locatie/scan/{scan_id}/percelen.{formaat}", include_in_schema=False)
def scan_download(scan_id: str, formaat: str) -> Response:
    import pyogrio

    map_ = _map(scan_id)
    gpkg = map_ / "percelen.gpkg"
    if formaat == "gpkg":
        return FileResponse(gpkg, media_type="application/geopackage+sqlite3", filename="percelen-oordeel.gpkg")
    if formaat not in ("csv", "geojson"):
        raise HTTPException(404, "Kies gpkg, csv of geojson.")
    gdf = pyogrio.read_dataframe(gpkg)
    if formaat == "csv":
        return Response(scan.als_csv(gdf), media_type="text/csv",
                        headers={"Content-Disposition": 'attachment; filename="percelen-oordeel.csv"'})
    return Response(gdf.to_crs("EPSG:4326").to_json(drop_id=True), media_type="application/geo+json",
                    headers={"Content-Disposition": 'attachment; filename="percelen-oordeel.geojson"'})


@router.get("/locatie/scan/{scan_id}/kaart.geojson", include_in_schema=False)
def scan_kaart(scan_id: str) -> Response:
    """Parcels for the map in WGS84, strictest first, at most KAART_MAX, geometry simplified to 2 m."""
    import pyogrio

    gdf = pyogrio.read_dataframe(_map(scan_id) / "percelen.gpkg", columns=["oordeel", "regels"])
    gdf = scan.strengste_eerst(gdf).head(KAART_MAX)
    gdf = gdf.set_geometry(gdf.geometry.simplify(2.0))
    return Response(gdf.to_crs("EPSG:4326").to_json(drop_id=True), media_type="application/geo+json")
