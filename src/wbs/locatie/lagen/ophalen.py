"""Fetch official layers into GeoPackage/GeoTIFF in EPSG:28992 and write a catalog for ``--lagen``.

OGC API Features collections are paged through their ``next`` links (``limit``, ``crs`` and
``bbox``/``bbox-crs`` in RD when the collection lists EPSG:28992, otherwise in CRS84 and reprojected
here); files (e.g. a GeoPackage behind a PDOK Atom feed) are downloaded with HTTP Range resume.

Resumable and never half-written: every page is stored under ``MAP/.wbs-lagen/<bron>/`` as it
arrives, so a rerun continues where the last one stopped; a finished layer is staged there and
recorded in ``klaar.json`` (a rerun with the same request reuses it); only when every requested
layer is complete are the files moved into ``MAP`` and the catalog ``MAP/lagen.yaml`` written
(to a temporary file, then renamed). A failed run leaves an earlier catalog and its files unchanged.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

import httpx
import yaml

from wbs.locatie.geometrie import tabel_naar_rd
from wbs.locatie.lagen.bronnen import Bron, Bronnen, laad_bronnen
from wbs.locatie.lagen.controleer import bestand_sha256
from wbs.locatie.lagen.fouten import LagenFout
from wbs.locatie.lagen.gebied import Gebied, bepaal_dekking, lees_gebied, provincie_namen
from wbs.locatie.lagen.http import Client

RD = "EPSG:28992"
RD_URI = "http://www.opengis.net/def/crs/EPSG/0/28992"
CRS84_URI = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
CATALOGUS = "lagen.yaml"
WERKMAP = ".wbs-lagen"

Voortgang = Callable[[str, int, int | None], None]  # (bron-id, done, total or None)
Melding = Callable[[str], None]


@dataclass
class Opties:
    timeout: float = 60.0
    pogingen: int = 5
    wacht: float = 1.0
    opnieuw: bool = False  # fetch again even when a finished download for the same request exists
    slaap: Callable[[float], None] | None = None  # how to wait between tries (tests record instead of sleeping)


@dataclass
class LaagResultaat:
    bron: Bron
    laag: str
    pad: Path  # final path in the output folder
    aantal: int
    herkomst: dict
    dekking: object
    hergebruikt: bool  # True when an earlier finished download was reused
    _staged: Path | None = None


@dataclass
class Resultaat:
    catalogus: Path
    lagen: list[LaagResultaat] = field(default_factory=list)
    handmatig: list[Bron] = field(default_factory=list)
    overgeslagen: list[tuple[Bron, str]] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------- helpers


def _schrijf_json(pad: Path, data: object) -> None:
    tmp = pad.with_name(pad.name + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, pad)


def _lees_json(pad: Path) -> dict | None:
    try:
        data = json.loads(pad.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _crs(tekst: str):
    from pyproj import CRS
    from pyproj.exceptions import CRSError

    try:
        return CRS.from_user_input(tekst.strip().strip("<>"))
    except CRSError:
        raise LagenFout(f"onbekend coördinatenstelsel in het antwoord van de dienst: {tekst!r}") from None


def _is_rd(tekst: str) -> bool:
    t = tekst.strip().strip("<>").lower().rstrip("/")
    return t.endswith("/epsg/0/28992") or t in ("epsg:28992", "urn:ogc:def:crs:epsg::28992")


def _bbox_naar_crs84(bbox: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    from pyproj import Transformer

    t = Transformer.from_crs(RD, "OGC:CRS84", always_xy=True)
    return tuple(float(v) for v in t.transform_bounds(*bbox, densify_pts=21))


def _handtekening(bron: Bron, bbox) -> str:
    kern = bron.model_dump(
        include={"type", "url", "collectie", "bestand_laag", "formaat", "attributen", "kleine_letters", "paginagrootte"}
    )
    kern["bbox"] = list(bbox) if bbox else None
    return hashlib.sha256(json.dumps(kern, sort_keys=True).encode()).hexdigest()


def _vertaal(gdf, bron: Bron):
    """Apply the source's attribute mapping and lower-casing; nested values become JSON text."""
    geom = gdf.geometry.name
    hernoem = {bron_veld: doel for bron_veld, doel in bron.attributen.items() if bron_veld in gdf.columns}
    botsend = [
        doel for bron_veld, doel in hernoem.items() if doel in gdf.columns and doel != bron_veld and doel not in hernoem
    ]
    gdf = gdf.drop(columns=botsend).rename(columns=hernoem)
    for kolom in list(gdf.columns):
        if kolom == geom:
            continue
        waarden = gdf[kolom]
        if waarden.dtype == object and waarden.map(lambda v: isinstance(v, dict | list)).any():
            gdf[kolom] = waarden.map(lambda v: json.dumps(v, ensure_ascii=False) if isinstance(v, dict | list) else v)
    for kolom in bron.kleine_letters:
        if kolom in gdf.columns:
            gdf[kolom] = gdf[kolom].map(lambda v: v.lower() if isinstance(v, str) else v)
    # GeoPackage reserves 'fid'; a service field of that name would clash with the primary key
    if "fid" in gdf.columns:
        gdf = gdf.rename(columns={"fid": "fid_bron"})
    return gdf


def _schrijf_gpkg(gdf, doel: Path, laag: str) -> None:
    import pyogrio

    tmp = doel.with_name(doel.stem + ".tmp.gpkg")
    if tmp.exists():
        tmp.unlink()
    try:
        pyogrio.write_dataframe(gdf, tmp, layer=laag, driver="GPKG")
    except Exception as exc:  # noqa: BLE001 - GDAL raises many types; the user needs the layer name
        raise LagenFout(f"laag {laag}: schrijven naar GeoPackage mislukt ({exc})") from exc
    os.replace(tmp, doel)


# ---------------------------------------------------------------------------------------------- OGC API Features


def _haal_ogcapi(bron: Bron, bbox, werk: Path, client: Client, voortgang: Voortgang | None) -> tuple[Path, dict]:
    """Page through the collection into ``werk/pagina-*.json`` (resumable), then build ``werk/resultaat.gpkg``."""
    basis = bron.url.rstrip("/")
    items = f"{basis}/collections/{bron.collectie}/items"
    staat_pad = werk / "staat.json"
    staat = _lees_json(staat_pad)
    if staat is None:
        meta, _, _ = client.haal_json(f"{basis}/collections/{bron.collectie}", {"f": "json"})
        if not isinstance(meta, dict) or not ("id" in meta or "links" in meta):
            raise LagenFout(
                f"onverwacht antwoord van {basis}/collections/{bron.collectie}: geen beschrijving van "
                "een OGC API Features-collectie"
            )
        ondersteund = [str(c) for c in meta.get("crs", []) or []]
        in_rd = any(_is_rd(c) for c in ondersteund)
        params: dict[str, object] = {"f": "json", "limit": bron.paginagrootte}
        if in_rd:
            params["crs"] = RD_URI
        if bbox:
            if in_rd:
                params["bbox"] = ",".join(f"{v:.3f}" for v in bbox)
                params["bbox-crs"] = RD_URI
            else:
                params["bbox"] = ",".join(f"{v:.7f}" for v in _bbox_naar_crs84(bbox))
        staat = {
            "items": items,
            "params": params,
            "volgende": None,
            "paginas": 0,
            "opgehaald": 0,
            "totaal": None,
            "klaar": False,
            "gevraagd_crs": RD_URI if in_rd else CRS84_URI,
            "url": str(httpx.URL(items, params=params)),
        }
        _schrijf_json(staat_pad, staat)
    while not staat["klaar"]:
        if staat["volgende"]:
            url, params = staat["volgende"], None
        else:
            url, params = staat["items"], staat["params"]
        data, headers, echt = client.haal_json(url, params)
        if (
            not isinstance(data, dict)
            or data.get("type") != "FeatureCollection"
            or not isinstance(data.get("features"), list)
        ):
            soort = f"type {data.get('type')!r}" if isinstance(data, dict) else type(data).__name__
            raise LagenFout(f"onverwacht antwoord van {echt}: geen GeoJSON FeatureCollection (de dienst gaf {soort})")
        # The CRS of the coordinates: the Content-Crs header, else what was asked for (the GeoJSON 'crs'
        # member is ignored: servers copy it from their source file even when they reproject).
        crs = headers.get("content-crs") or staat["gevraagd_crs"]
        _crs(crs)
        features = data["features"]
        n = staat["paginas"] + 1
        _schrijf_json(werk / f"pagina-{n:05d}.json", {"crs": crs.strip().strip("<>"), "features": features})
        volgende = next(
            (
                link.get("href")
                for link in data.get("links", []) or []
                if isinstance(link, dict) and link.get("rel") == "next" and link.get("href")
            ),
            None,
        )
        if volgende:
            volgende = urljoin(echt, volgende)
            if volgende == echt:
                raise LagenFout(f"de dienst {echt} verwijst met 'next' naar dezelfde pagina; ophalen afgebroken")
        totaal = data.get("numberMatched")
        staat.update(
            paginas=n,
            opgehaald=staat["opgehaald"] + len(features),
            totaal=totaal if isinstance(totaal, int) else staat["totaal"],
            volgende=volgende if features else None,
        )
        staat["klaar"] = staat["volgende"] is None
        _schrijf_json(staat_pad, staat)
        if voortgang:
            voortgang(bron.id, staat["opgehaald"], staat["totaal"])
    return _bouw_gpkg(bron, werk, staat["paginas"]), {"url": staat["url"]}


def _bouw_gpkg(bron: Bron, werk: Path, paginas: int) -> Path:
    import geopandas as gpd
    import pandas as pd

    delen = []
    for n in range(1, paginas + 1):
        pagina = _lees_json(werk / f"pagina-{n:05d}.json")
        if pagina is None:
            raise LagenFout(
                f"bron {bron.id}: tussenbestand pagina {n} ontbreekt of is beschadigd; haal opnieuw op met --opnieuw"
            )
        if not pagina["features"]:
            continue
        try:
            gdf = gpd.GeoDataFrame.from_features(pagina["features"], crs=_crs(pagina["crs"]))
        except Exception as exc:  # noqa: BLE001 - malformed features raise many types
            raise LagenFout(f"bron {bron.id}: pagina {n} bevat geen geldige GeoJSON-objecten ({exc})") from exc
        gdf = tabel_naar_rd(gdf)
        delen.append(gdf)
    if delen:
        gdf = gpd.GeoDataFrame(pd.concat(delen, ignore_index=True), geometry="geometry", crs=RD)
    else:
        gdf = gpd.GeoDataFrame({"geometry": gpd.GeoSeries([], crs=RD)}, geometry="geometry", crs=RD)
    gdf = gdf[gdf.geometry.notna()]
    gdf = _vertaal(gdf, bron)
    doel = werk / "resultaat.gpkg"
    _schrijf_gpkg(gdf, doel, bron.laag)
    return doel


# ---------------------------------------------------------------------------------------------- files


def _haal_bestand(bron: Bron, bbox, werk: Path, client: Client, voortgang: Voortgang | None) -> tuple[Path, dict]:
    naam = Path(httpx.URL(bron.url).path).name or "download"
    download = werk / naam
    if not download.exists():
        client.download(bron.url, download, voortgang=(lambda n, t: voortgang(bron.id, n, t)) if voortgang else None)
    if bron.formaat == "raster":
        return _bouw_raster(bron, download, bbox, werk), {"url": bron.url}
    return _bouw_uit_vector(bron, download, bbox, werk), {"url": bron.url}


def _bouw_uit_vector(bron: Bron, download: Path, bbox, werk: Path) -> Path:
    import pyogrio
    from pyproj import Transformer

    bron_pad = f"/vsizip/{download}" if download.suffix.lower() == ".zip" else str(download)
    try:
        lagen = [str(r[0]) for r in pyogrio.list_layers(bron_pad)]
        laag = bron.bestand_laag or (lagen[0] if lagen else None)
        if laag not in lagen:
            raise LagenFout(f"bron {bron.id}: laag {laag!r} staat niet in {download.name} (wel: {', '.join(lagen)})")
        info = pyogrio.read_info(bron_pad, layer=laag)
        lees_bbox = None
        if bbox and info.get("crs"):
            t = Transformer.from_crs(RD, info["crs"], always_xy=True)
            lees_bbox = tuple(t.transform_bounds(*bbox, densify_pts=21))
        gdf = pyogrio.read_dataframe(bron_pad, layer=laag, bbox=lees_bbox)
    except LagenFout:
        raise
    except Exception as exc:  # noqa: BLE001 - GDAL raises many types
        raise LagenFout(f"bron {bron.id}: {download.name} is geen leesbaar vectorbestand ({exc})") from exc
    if gdf.crs is None:
        raise LagenFout(f"bron {bron.id}: {download.name} heeft geen coördinatenstelsel")
    gdf = tabel_naar_rd(gdf)
    if bbox:
        from shapely.geometry import box

        gdf = gdf[gdf.geometry.intersects(box(*bbox))]
    gdf = _vertaal(gdf[gdf.geometry.notna()], bron)
    doel = werk / "resultaat.gpkg"
    _schrijf_gpkg(gdf, doel, bron.laag)
    return doel


def _bouw_raster(bron: Bron, download: Path, bbox, werk: Path) -> Path:
    import rasterio
    from rasterio.vrt import WarpedVRT
    from rasterio.windows import from_bounds

    doel = werk / "resultaat.tif"
    tmp = werk / "resultaat.tmp.tif"
    try:
        with rasterio.open(download) as src:
            if src.crs is None:
                raise LagenFout(f"bron {bron.id}: {download.name} heeft geen coördinatenstelsel")
            bron_r = WarpedVRT(src, crs=RD) if src.crs.to_epsg() != 28992 else src
            try:
                venster = None
                if bbox:
                    venster = from_bounds(*bbox, transform=bron_r.transform).round_offsets().round_lengths()
                    venster = venster.intersection(rasterio.windows.Window(0, 0, bron_r.width, bron_r.height))
                data = bron_r.read(1, window=venster, masked=True)
                transform = bron_r.window_transform(venster) if venster is not None else bron_r.transform
                profiel = {
                    "driver": "GTiff",
                    "height": data.shape[0],
                    "width": data.shape[1],
                    "count": 1,
                    "dtype": data.dtype,
                    "crs": RD,
                    "transform": transform,
                    "compress": "deflate",
                    "nodata": bron_r.nodata,
                }
                with rasterio.open(tmp, "w", **profiel) as dst:
                    dst.write(data.filled(bron_r.nodata) if bron_r.nodata is not None else data.data, 1)
            finally:
                if bron_r is not src:
                    bron_r.close()
    except LagenFout:
        raise
    except Exception as exc:  # noqa: BLE001 - rasterio raises many types
        raise LagenFout(f"bron {bron.id}: {download.name} is geen leesbaar raster ({exc})") from exc
    os.replace(tmp, doel)
    return doel


# ---------------------------------------------------------------------------------------------- one source


def _aantal(pad: Path) -> int:
    if pad.suffix.lower() == ".tif":
        import rasterio

        with rasterio.open(pad) as r:
            return int(r.width * r.height)
    import pyogrio

    return int(pyogrio.read_info(pad)["features"])


def _haal_bron(
    bron: Bron,
    bbox,
    uit: Path,
    client: Client,
    opties: Opties,
    voortgang: Voortgang | None,
    werk_naam: str | None = None,
) -> LaagResultaat:
    werk = uit / WERKMAP / (werk_naam or bron.id)
    ext = ".tif" if bron.formaat == "raster" else ".gpkg"
    eind = uit / f"{bron.laag}{ext}"
    handtekening = _handtekening(bron, bbox)
    klaar = _lees_json(werk / "klaar.json")
    if klaar and klaar.get("handtekening") == handtekening and not opties.opnieuw:
        for kandidaat in (werk / f"resultaat{ext}", eind):
            if kandidaat.exists() and bestand_sha256(kandidaat) == klaar["herkomst"]["sha256"]:
                if voortgang:
                    voortgang(bron.id, klaar["herkomst"]["aantal"], klaar["herkomst"]["aantal"])
                return LaagResultaat(
                    bron,
                    bron.laag,
                    eind,
                    klaar["herkomst"]["aantal"],
                    klaar["herkomst"],
                    None,
                    hergebruikt=True,
                    _staged=kandidaat if kandidaat != eind else None,
                )
    # A different request (or --opnieuw) starts from scratch; the same request resumes its pages/part file.
    hpad = werk / "handtekening"
    if opties.opnieuw or klaar or (hpad.exists() and hpad.read_text(encoding="utf-8") != handtekening):
        shutil.rmtree(werk, ignore_errors=True)
    werk.mkdir(parents=True, exist_ok=True)
    hpad.write_text(handtekening, encoding="utf-8")
    if bron.type == "ogcapi-features":
        resultaat, extra = _haal_ogcapi(bron, bbox, werk, client, voortgang)
    else:
        resultaat, extra = _haal_bestand(bron, bbox, werk, client, voortgang)
    herkomst = {
        "url": extra["url"],
        "datum": dt.date.today().isoformat(),
        "licentie": bron.licentie,
        "aantal": _aantal(resultaat),
        "sha256": bestand_sha256(resultaat),
    }
    _schrijf_json(werk / "klaar.json", {"handtekening": handtekening, "bron": bron.id, "herkomst": herkomst})
    for p in list(werk.iterdir()):  # pages, state and downloads are no longer needed
        if p.name not in ("klaar.json", "handtekening", resultaat.name):
            p.unlink()
    if voortgang:
        voortgang(bron.id, herkomst["aantal"], herkomst["aantal"])
    return LaagResultaat(
        bron, bron.laag, eind, herkomst["aantal"], herkomst, None, hergebruikt=False, _staged=resultaat
    )


# ---------------------------------------------------------------------------------------------- provinces


class _Provinciegrenzen:
    """Province boundaries from the ``provincies`` source, fetched once (and kept for the catalog)."""

    def __init__(
        self, bronnen: Bronnen, uit: Path, client: Client, opties: Opties, voortgang: Voortgang | None
    ) -> None:
        self.bronnen, self.uit, self.client, self.opties, self.voortgang = bronnen, uit, client, opties, voortgang
        self.resultaat: LaagResultaat | None = None
        self._gdf = None

    def haal(self) -> LaagResultaat:
        if self.resultaat is None:
            bron = next((b for b in self.bronnen.voor_laag("provincies") if b.automatisch), None)
            if bron is None:
                raise LagenFout(
                    "geen automatische bron voor laag 'provincies' in het bronnenbestand; geef --gebied "
                    "als bbox xmin,ymin,xmax,ymax in EPSG:28992"
                )
            # its own work folder: a --gebied bbox run may fetch the same source limited to the bbox as a layer
            self.resultaat = _haal_bron(
                bron, None, self.uit, self.client, self.opties, self.voortgang, werk_naam=f"{bron.id}-grenzen"
            )
            self.resultaat.dekking = bron.dekking or "nederland"
        return self.resultaat

    def geef(self, naam: str):
        import pyogrio
        import shapely

        if self._gdf is None:
            r = self.haal()
            self._gdf = pyogrio.read_dataframe(r._staged or r.pad)
        if "naam" not in self._gdf.columns:
            raise LagenFout(
                "de laag 'provincies' heeft geen veld 'naam'; controleer 'attributen' in het bronnenbestand"
            )
        namen = provincie_namen(naam)
        rijen = self._gdf[self._gdf["naam"].astype(str).str.lower().isin(namen)]
        if rijen.empty:
            bekend = ", ".join(sorted(self._gdf["naam"].astype(str).str.lower().unique()))
            raise LagenFout(f"provincie {naam!r} staat niet in de laag 'provincies' (wel: {bekend})")
        return shapely.make_valid(shapely.union_all(rijen.geometry.values))


# ---------------------------------------------------------------------------------------------- catalog


def lees_bestaande_catalogus(pad: Path) -> dict | None:
    if not pad.exists():
        return None
    try:
        data = yaml.safe_load(pad.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise LagenFout(
            f"bestaande catalogus {pad} is niet leesbaar ({exc}); kies een andere --uit of verwijder het bestand"
        ) from exc
    if data is None:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("lagen", {}), dict):
        raise LagenFout(f"bestaande catalogus {pad} heeft niet de vorm 'lagen: {{...}}'; kies een andere --uit")
    return data


def catalogus_regel(r: LaagResultaat) -> dict:
    regel: dict[str, object] = {"pad": r.pad.name}
    if r.pad.suffix == ".gpkg":
        regel["laag"] = r.laag
    regel["dekking"] = r.dekking
    regel["demo"] = False
    herkomst = dict(r.herkomst)
    herkomst["datum"] = dt.date.fromisoformat(str(herkomst["datum"]))
    regel["herkomst"] = herkomst
    regel["omschrijving"] = f"{r.bron.titel} (bron {r.bron.id}, {r.bron.status})"
    return regel


def schrijf_catalogus(pad: Path, resultaten: list[LaagResultaat], bestaand: dict | None) -> None:
    data = dict(bestaand or {})
    data.setdefault("naam", "officiële lagen (wbs lagen ophalen)")
    lagen = dict(data.get("lagen") or {})
    for r in resultaten:
        lagen[r.laag] = catalogus_regel(r)
    data["lagen"] = dict(sorted(lagen.items()))
    tekst = (
        "# Written by `wbs lagen ophalen`; paths are relative to this file, all layers in EPSG:28992.\n"
        "# Check with `wbs lagen controleer` and use with `wbs locatie toets --lagen`.\n"
        + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120)
    )
    tmp = pad.with_name(pad.name + ".tmp")
    tmp.write_text(tekst, encoding="utf-8")
    os.replace(tmp, pad)


# ---------------------------------------------------------------------------------------------- entry point


def haal_op(
    ids: list[str] | None,
    gebied: str | None,
    uit: str | Path,
    bronnen: Bronnen | None = None,
    opties: Opties | None = None,
    voortgang: Voortgang | None = None,
    melding: Melding | None = None,
    transport: httpx.BaseTransport | None = None,
) -> Resultaat:
    """Fetch the sources for ``ids`` (layer or source ids; none: every default automated source) limited to
    ``gebied`` into ``uit`` and write ``uit/lagen.yaml``. Raises LagenFout with a Dutch message on bad input,
    an unusable service or a file that cannot be written; then no catalog is written or changed."""
    try:
        return _haal_op(ids, gebied, uit, bronnen, opties, voortgang, melding, transport)
    except LagenFout as exc:
        raise LagenFout(f"{exc.bericht.rstrip('.')}. Er is geen catalogus geschreven of gewijzigd.") from exc
    except OSError as exc:
        raise LagenFout(f"schrijven in {uit} mislukt ({exc}). Er is geen catalogus geschreven of gewijzigd.") from exc


def _haal_op(ids, gebied, uit, bronnen, opties, voortgang, melding, transport) -> Resultaat:
    bronnen = bronnen or laad_bronnen()
    opties = opties or Opties()
    melding = melding or (lambda _t: None)
    gekozen = bronnen.kies(list(ids or []))
    gebied_obj: Gebied | None = lees_gebied(gebied)
    automatisch = [b for b in gekozen if b.automatisch]
    handmatig = [b for b in gekozen if not b.automatisch]
    for b in automatisch:
        if b.gebied_verplicht and gebied_obj is None:
            raise LagenFout(f"bron {b.id} ({b.laag}) is landelijk te groot: geef --gebied (provincie of bbox)")
    per_laag: dict[str, Bron] = {}
    for b in automatisch:
        if b.laag in per_laag:
            raise LagenFout(f"twee bronnen voor laag {b.laag}: {per_laag[b.laag].id} en {b.id}; kies er één")
        per_laag[b.laag] = b
    uit = Path(uit)
    if uit.exists() and not uit.is_dir():
        raise LagenFout(f"--uit {uit} is een bestand; geef een map")
    catalogus = uit / CATALOGUS
    bestaand = lees_bestaande_catalogus(catalogus)
    resultaat = Resultaat(catalogus=catalogus, handmatig=handmatig)
    if not automatisch:
        for b in handmatig:
            melding(f"{b.laag}: niet automatisch op te halen ({b.id}) - {b.instructie}")
        return resultaat
    uit.mkdir(parents=True, exist_ok=True)

    with Client(
        timeout=opties.timeout, pogingen=opties.pogingen, wacht=opties.wacht, transport=transport, slaap=opties.slaap
    ) as client:
        grenzen = _Provinciegrenzen(bronnen, uit, client, opties, voortgang)
        if gebied_obj is not None and gebied_obj.provincie:
            geom = grenzen.geef(gebied_obj.provincie)
            gebied_obj = Gebied(
                provincie=gebied_obj.provincie, bbox=tuple(float(v) for v in geom.bounds), geometrie=geom
            )
            melding(
                f"gebied: provincie {gebied_obj.provincie}, bbox "
                + ",".join(f"{v:.0f}" for v in gebied_obj.bbox)
                + " (EPSG:28992)"
            )
        for b in automatisch:
            dekking = bepaal_dekking(b.dekking, gebied_obj, grenzen.geef)
            if dekking is None:
                resultaat.overgeslagen.append(
                    (b, f"de bron dekt {b.dekking} en reikt niet in {gebied_obj.omschrijving}")
                )
                melding(f"{b.laag}: overgeslagen - bron {b.id} dekt {b.dekking}, niet {gebied_obj.omschrijving}")
                continue
            if (
                b.laag == "provincies"
                and gebied_obj is not None
                and gebied_obj.provincie
                and grenzen.resultaat is not None
                and grenzen.resultaat.bron.id == b.id
            ):
                r = grenzen.resultaat  # fetched whole for the boundary; covers the Netherlands
            else:
                bbox = gebied_obj.bbox if gebied_obj is not None else None
                r = _haal_bron(b, bbox, uit, client, opties, voortgang)
                r.dekking = dekking
            resultaat.lagen.append(r)
        if grenzen.resultaat is not None and all(r.laag != "provincies" for r in resultaat.lagen):
            resultaat.lagen.insert(0, grenzen.resultaat)  # the boundary layer the --gebied province came from

    nieuw = {r.laag for r in resultaat.lagen} | set((bestaand or {}).get("lagen") or {})
    if {"provincie", "provincies"} <= nieuw:
        raise LagenFout(
            "de catalogus zou de provinciegrenzen twee keer bevatten ('provincie' en 'provincies'); "
            "gebruik alleen 'provincies' (de oude laag-id 'provincie' is voor oudere catalogi)"
        )
    # Every layer is complete: move the staged files into place, then write the catalog once.
    for r in resultaat.lagen:
        if r._staged is not None and r._staged != r.pad:
            os.replace(r._staged, r.pad)
            r._staged = None
    for b in handmatig:
        melding(f"{b.laag}: niet automatisch op te halen ({b.id}) - {b.instructie}")
    schrijf_catalogus(catalogus, resultaat.lagen, bestaand)
    return resultaat
