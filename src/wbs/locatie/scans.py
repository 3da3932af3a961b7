"""Stored parcel screenings: ``WBS_DATA_DIR/scans/<id>/`` with the screened parcels and a summary.

Shared by the web (upload, map, downloads) and anything else that keeps screenings. A screening appears
complete or not at all (written to a temporary folder, then renamed); only the newest ``MAX_SCANS`` are
kept. Ids are random hex, checked by pattern before any path is built from them.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path

from pydantic import BaseModel, Field

from wbs.config import data_dir
from wbs.fouten import NietGevonden
from wbs.locatie import scan
from wbs.locatie.catalogus import Catalogus
from wbs.locatie.models import STRENGHEID

MAX_SCANS = 20  # older results are removed
_ID = re.compile(r"^[0-9a-f]{12}$")


class ScanSamenvatting(BaseModel):
    id: str
    naam: str
    functie: str
    aantal: int
    seconden: float
    telling: dict[str, int]
    downloads: dict[str, str]
    niet_volledig_getoetst: int = 0  # parcels with at least one rule not tested (see column niet_getoetst)
    regeltelling: dict[str, dict[str, int]] = {}  # per rule: geraakt / geen-bezwaar / niet-van-toepassing / ...
    demodata: bool = False
    aanvullingen: dict[str, dict] = Field(
        default_factory=dict,
        description="Extra per-perceelberekeningen (bijv. 'watertoets': procedure en berging), met hun samenvatting",
    )


# An enrichment adds columns to the screened parcels before they are stored: (name, fn(gdf, catalogus) -> summary).
# It is a plain picklable pair so the worker pool can carry it; the Locatietoets itself knows none of them.
Aanvulling = tuple[str, Callable]


def scans_dir() -> Path:
    map_ = data_dir() / "scans"
    map_.mkdir(parents=True, exist_ok=True)
    return map_


def ruim_op() -> None:
    oud = sorted(
        (p for p in scans_dir().iterdir() if p.is_dir() and not p.name.startswith(".")), key=lambda p: p.stat().st_mtime
    )
    for p in oud[:-MAX_SCANS]:
        shutil.rmtree(p, ignore_errors=True)


def voorvertoning(gdf, n: int = 25) -> list[dict]:
    """The first parcels of a screened set, strictest verdicts first, for the table under the map."""
    eerste = scan.strengste_eerst(gdf).head(n)
    kolommen = [
        k for k in gdf.columns if k not in ("oordeel", "regels", "niet_getoetst", "functie", gdf.geometry.name)
    ][:2]
    return [
        {
            "kenmerk": " · ".join(str(rij[k]) for k in kolommen) or str(i),
            "oordeel": rij["oordeel"],
            "regels": rij["regels"],
            "niet_getoetst": rij["niet_getoetst"],
        }
        for i, rij in eerste.iterrows()
    ]


def scan_en_bewaar(
    gdf, naam: str, functie: str, catalogus: Catalogus, aanvullingen: tuple[Aanvulling, ...] = ()
) -> tuple[ScanSamenvatting, list[dict]]:
    """Screen ``gdf`` for ``functie`` and store the result; returns the summary and a preview of the parcels.
    ``aanvullingen`` add their columns before anything is written (an error in one stores nothing)."""
    res = scan.scan_gdf(gdf, functie, catalogus)
    extra = {naam_a: fn(gdf, catalogus) for naam_a, fn in aanvullingen}
    scan_id = uuid.uuid4().hex[:12]
    tijdelijk = Path(tempfile.mkdtemp(dir=scans_dir(), prefix=".bezig-"))
    try:
        scan.schrijf_percelen(gdf, tijdelijk / "percelen.gpkg")
        telling = {v: res.telling[v] for v in STRENGHEID if v in res.telling}
        samenvatting = ScanSamenvatting(
            id=scan_id,
            naam=naam,
            functie=functie,
            aantal=res.aantal,
            seconden=round(res.seconden, 3),
            telling=telling,
            downloads={f: f"/locatie/scan/{scan_id}/percelen.{f}" for f in ("gpkg", "csv", "geojson")},
            niet_volledig_getoetst=res.percelen_niet_volledig_getoetst,
            regeltelling=res.regeltelling,
            demodata=catalogus.demo,
            aanvullingen=extra,
        )
        (tijdelijk / "samenvatting.json").write_text(samenvatting.model_dump_json(), encoding="utf-8")
        tijdelijk.rename(scans_dir() / scan_id)  # appears complete or not at all
    except BaseException:
        shutil.rmtree(tijdelijk, ignore_errors=True)
        raise
    ruim_op()
    return samenvatting, voorvertoning(gdf)


def scan_folder(scan_id: str) -> Path:
    """The folder of a stored screening; a malformed or unknown id is 'not found', never a path."""
    if not _ID.match(scan_id or ""):
        raise NietGevonden("Deze screening is niet (meer) bekend; voer hem opnieuw uit.")
    map_ = scans_dir() / scan_id
    if not (map_ / "samenvatting.json").exists():
        raise NietGevonden("Deze screening is niet (meer) bekend; voer hem opnieuw uit.")
    return map_


def scan_en_bewaar_bestand(
    pad: Path, naam: str, functie: str, config: str | Path | None = None, aanvullingen: tuple[Aanvulling, ...] = ()
):
    """Read a parcel file and screen it (used by the web's worker pool, so it takes plain arguments)."""
    from wbs.locatie import service
    from wbs.locatie.regels import controleer_functie

    controleer_functie(functie)  # before reading a possibly large file
    gdf = scan.lees_percelen(pad)
    return scan_en_bewaar(gdf, naam, functie, service.catalogus(config), aanvullingen)


def scan_demo(functie: str):
    from wbs.locatie import service
    from wbs.locatie.demo_data import demo_percelen
    from wbs.locatie.regels import controleer_functie

    controleer_functie(functie)
    return scan_en_bewaar(demo_percelen(), "demopercelen Zwolle/IJssel (illustratief)", functie, service.catalogus())
