"""HydroMT-style layer catalog: a YAML that maps fixed layer ids to files, with their coverage.

```yaml
naam: officiële lagen Drenthe
lagen:
  uiterwaarden:
    pad: uiterwaarden.gpkg          # relative to this file
    dekking: nederland              # or {provincie: drenthe} | {bestand: dekking.gpkg} | {bbox: [x0, y0, x1, y1]}
                                    #    | {wkt: "POLYGON(...)"}  (bbox and wkt in EPSG:28992)
    demo: false                     # true for generated demo layers
    herkomst: {url: https://..., datum: 2026-12-04, licentie: CC0, aantal: 123, sha256: ...}
  grondwaterbeschermingsgebied: {pad: gwb.gpkg, laag: zones, attributen: {ZONE: zone}, dekking: {provincie: drenthe}}
  overstromingsdiepte: {pad: diepte.tif, dekking: nederland}
```
Paths are relative to the config file. Vector layers (GeoJSON, GeoPackage, Shapefile) are read
with pyogrio, rasters (GeoTIFF) with rasterio; everything is brought to EPSG:28992 (RD New).
Layers are read lazily and kept in memory, so repeated tests answer fast.

Coverage (``dekking``) says where a layer is complete: only there may "no feature of this layer"
be read as "no conflict". A layer without ``dekking`` has an unknown coverage, and the engine then
reports ``niet-getoetst`` wherever the layer has no feature (it never guesses that a user's file
covers the country). Province boundaries come from the layer ``provincies`` (attribute ``naam``);
a catalog without it uses the simplified CBS outlines shipped in ``data/provincies.geojson``.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Literal

import numpy as np
import shapely
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from shapely import STRtree
from shapely.geometry.base import BaseGeometry

from wbs.locatie.fouten import LocatieFout
from wbs.locatie.geometrie import tabel_naar_rd

RD = "EPSG:28992"
RASTER_EXT = {".tif", ".tiff", ".vrt", ".asc"}
LAAG_IDS = (
    "uiterwaarden",
    "diepe-polder",
    "reserveringszone-waterkering",
    "ijsselmeergebied",
    "overstromingsdiepte",
    "bodemdaling",
    "veenweide",
    "natura2000",
    "grondwaterbeschermingsgebied",
    "beekdal",
    "waterbergingsgebied",
    "hoge-zandgronden",
    "provincies",
    "wateroverlast",
    "drinkwater-beschikbaarheid",
    "waardevolle-landbouwgrond",
    "oost-overijssel",
    "inzijggebied",
    "intrekgebied",
    "gemeenten",
    "waterschappen",  # water board areas (attribute naam and/or code), used by the Watertoets
    "percelen",  # cadastral parcels fetched by `wbs lagen ophalen percelen` (input of the scan, not read by rules)
    "provincie",  # old name of "provincies" (catalogs written before the coverage schema)
)
PROVINCIES = (
    "groningen",
    "fryslân",
    "drenthe",
    "overijssel",
    "flevoland",
    "gelderland",
    "utrecht",
    "noord-holland",
    "zuid-holland",
    "zeeland",
    "noord-brabant",
    "limburg",
)
_ALIAS = {
    "friesland": "fryslân",
    "fryslan": "fryslân",
    "noordholland": "noord-holland",
    "zuidholland": "zuid-holland",
    "noordbrabant": "noord-brabant",
    "brabant": "noord-brabant",
}


def provincie_titel(naam: str) -> str:
    """'noord-holland' -> 'Noord-Holland' (for Dutch text)."""
    return "-".join(deel[:1].upper() + deel[1:] for deel in naam.split("-"))


def provincie_naam(naam: object) -> str:
    """A province name as the rules write it: lower case, 'fryslân' for Friesland."""
    tekst = str(naam).strip().lower()
    return _ALIAS.get(tekst, tekst)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DekkingProvincie(_Strict):
    provincie: str | list[str]

    @field_validator("provincie")
    @classmethod
    def _bekend(cls, waarde: str | list[str]) -> str | list[str]:
        namen = [waarde] if isinstance(waarde, str) else waarde
        onbekend = [n for n in namen if provincie_naam(n) not in PROVINCIES]
        if onbekend or not namen:
            raise ValueError(f"onbekende provincie {onbekend or namen}; geldig zijn: {', '.join(PROVINCIES)}")
        return waarde

    @property
    def namen(self) -> list[str]:
        return [provincie_naam(n) for n in ([self.provincie] if isinstance(self.provincie, str) else self.provincie)]


class DekkingBestand(_Strict):
    bestand: str
    laag: str | None = None


class DekkingBbox(_Strict):
    bbox: tuple[float, float, float, float]

    @field_validator("bbox")
    @classmethod
    def _volgorde(cls, b: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
        if not (b[0] < b[2] and b[1] < b[3]):
            raise ValueError("bbox moet [xmin, ymin, xmax, ymax] zijn met xmin < xmax en ymin < ymax (EPSG:28992)")
        return b


class DekkingWkt(_Strict):
    wkt: str


Dekking = Literal["nederland"] | DekkingProvincie | DekkingBestand | DekkingBbox | DekkingWkt


class Herkomst(BaseModel):
    """Where a layer came from (written by ``wbs lagen``); shown instead of server paths."""

    model_config = ConfigDict(extra="allow")

    url: str | None = None
    titel: str | None = None
    datum: dt.date | str | None = None
    licentie: str | None = None
    aantal: int | None = None
    sha256: str | None = None


class LaagConfig(_Strict):
    pad: str
    laag: str | None = Field(None, description="Laagnaam binnen een GeoPackage")
    driver: str | None = Field(None, description="vector of raster; standaard afgeleid uit de extensie")
    crs: str | None = Field(None, description="CRS als het bestand er geen heeft, bijv. EPSG:4326")
    attributen: dict[str, str] = Field(default_factory=dict, description="bronveld -> veld in de regels")
    id_veld: str | None = Field(None, description="Veld met een leesbaar object-id voor citaten")
    omschrijving: str | None = None
    dekking: Dekking | None = Field(None, description="Waar de laag volledig is; zonder dekking: onbekend")
    demo: bool = Field(False, description="Gegenereerde demodata, geen officiële bron")
    herkomst: Herkomst | None = None


class CatalogusConfig(_Strict):
    naam: str | None = None
    lagen: dict[str, LaagConfig]


@dataclass
class Vectorlaag:
    id: str
    geometrie: np.ndarray  # shapely geometries in RD
    attributen: dict[str, np.ndarray]
    feature_ids: np.ndarray
    boom: STRtree


@dataclass
class Rasterlaag:
    id: str
    data: np.ndarray  # 2-D float, NaN for nodata
    transform: object  # affine.Affine
    bounds: tuple[float, float, float, float]


@dataclass
class Dekkingsvlak:
    """A layer's coverage in RD. ``geometrie`` None means the whole country (``nederland``)."""

    omschrijving: str
    geometrie: BaseGeometry | None = None
    _voorbereid: bool = field(default=False, repr=False)

    @property
    def overal(self) -> bool:
        return self.geometrie is None

    def voorbereid(self) -> BaseGeometry | None:
        if self.geometrie is not None and not self._voorbereid:
            shapely.prepare(self.geometrie)
            self._voorbereid = True
        return self.geometrie


@lru_cache(maxsize=1)
def ingebouwde_provincies() -> Vectorlaag:
    """The 12 provinces shipped with WBS: CBS 'provincie_gegeneraliseerd' 2024 (land only), simplified."""
    import json

    from shapely.geometry import shape

    tekst = resources.files("wbs.locatie.data").joinpath("provincies.geojson").read_text(encoding="utf-8")
    feats = json.loads(tekst)["features"]
    geoms = np.array([shape(f["geometry"]) for f in feats], dtype=object)
    namen = np.array([provincie_naam(f["properties"]["naam"]) for f in feats], dtype=object)
    return Vectorlaag(
        "provincies", geoms, {"naam": namen}, np.array([f["properties"]["statnaam"] for f in feats]), STRtree(geoms)
    )


PROVINCIES_INGEBOUWD = "ingebouwde provinciegrenzen (CBS gebiedsindelingen 2024, vereenvoudigd, alleen land)"


class Catalogus:
    def __init__(self, config: CatalogusConfig, basis: Path, bron: str) -> None:
        onbekend = set(config.lagen) - set(LAAG_IDS)
        if onbekend:
            raise LocatieFout(
                f"{Path(bron).name}: onbekende laag-id(s) {sorted(onbekend)}; geldig zijn: {', '.join(LAAG_IDS)}"
            )
        if "provincie" in config.lagen and "provincies" in config.lagen:
            raise LocatieFout(f"{Path(bron).name}: geef de provinciegrenzen één keer op, als 'provincies'")
        if "provincie" in config.lagen:  # old name
            config.lagen["provincies"] = config.lagen.pop("provincie")
        self.config = config
        self.basis = basis
        self.bron = bron
        self._cache: dict[str, Vectorlaag | Rasterlaag] = {}
        self._dekking: dict[str, Dekkingsvlak | None] = {}
        self._lock = threading.RLock()

    @classmethod
    def uit_bestand(cls, pad: str | Path) -> Catalogus:
        pad = Path(pad)
        try:
            data = yaml.safe_load(pad.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise LocatieFout(f"lagenconfiguratie {pad} bestaat niet") from None
        except yaml.YAMLError as exc:
            raise LocatieFout(f"lagenconfiguratie {pad} is geen geldige YAML: {exc}") from exc
        try:
            config = CatalogusConfig.model_validate(data)
        except ValidationError as exc:
            fouten = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
            raise LocatieFout(f"lagenconfiguratie {pad} is ongeldig: {fouten}") from exc
        return cls(config, pad.resolve().parent, str(pad))

    @property
    def naam(self) -> str:
        """A name for reports and API answers: the catalog's ``naam``, else its file name (never a full path)."""
        return self.config.naam or Path(self.bron).name

    @property
    def demo(self) -> bool:
        return any(c.demo for c in self.config.lagen.values())

    def heeft(self, laag_id: str) -> bool:
        return laag_id in self.config.lagen

    def laag(self, laag_id: str) -> Vectorlaag | Rasterlaag | None:
        """The loaded layer, or None when the catalog does not list it."""
        if laag_id == "provincie":
            laag_id = "provincies"
        if laag_id not in self.config.lagen:
            return None
        with self._lock:
            if laag_id not in self._cache:
                self._cache[laag_id] = self._lees(laag_id, self.config.lagen[laag_id])
            return self._cache[laag_id]

    def laad_alles(self) -> None:
        for laag_id in self.config.lagen:
            self.laag(laag_id)
            self.dekking(laag_id)

    def pad(self, laag_id: str) -> Path:
        return (self.basis / self.config.lagen[laag_id].pad).resolve()

    # -- provinces and coverage -------------------------------------------------------------------
    def provincies(self) -> Vectorlaag:
        """The province boundaries: the catalog's ``provincies`` layer, else the shipped outlines."""
        laag = self.laag("provincies")
        if laag is None:
            return ingebouwde_provincies()
        if not isinstance(laag, Vectorlaag) or "naam" not in laag.attributen:
            raise LocatieFout("laag provincies moet een vectorlaag zijn met een veld 'naam' (de provincienaam)")
        return laag

    @property
    def provincies_bron(self) -> str:
        cfg = self.config.lagen.get("provincies")
        if cfg is None:
            return PROVINCIES_INGEBOUWD
        return f"laag provincies ({cfg.omschrijving or self.naam})"

    def provincie_vlak(self, namen: list[str]) -> BaseGeometry:
        laag = self.provincies()
        if not hasattr(laag, "_vlakken"):
            laag._vlakken = {}  # type: ignore[attr-defined]
        sleutel = tuple(sorted(namen))
        cache = laag._vlakken  # type: ignore[attr-defined]
        if sleutel not in cache:
            alle = np.array([provincie_naam(n) for n in laag.attributen["naam"]], dtype=object)
            gekozen = laag.geometrie[np.isin(alle, list(sleutel))]
            vlak = shapely.union_all(gekozen) if len(gekozen) else shapely.Polygon()
            shapely.prepare(vlak)
            cache[sleutel] = vlak
        return cache[sleutel]

    def dekking(self, laag_id: str) -> Dekkingsvlak | None:
        """The layer's declared coverage in RD, or None when the catalog does not say (unknown)."""
        if laag_id == "provincie":
            laag_id = "provincies"
        cfg = self.config.lagen.get(laag_id)
        if cfg is None or cfg.dekking is None:
            return None
        with self._lock:
            if laag_id not in self._dekking:
                self._dekking[laag_id] = self._lees_dekking(laag_id, cfg.dekking)
            return self._dekking[laag_id]

    def _lees_dekking(self, laag_id: str, d: Dekking) -> Dekkingsvlak:
        if d == "nederland":
            return Dekkingsvlak("heel Nederland")
        if isinstance(d, DekkingProvincie):
            namen = d.namen
            return Dekkingsvlak(f"provincie {', '.join(namen)}", self.provincie_vlak(namen))
        if isinstance(d, DekkingBbox):
            x0, y0, x1, y1 = d.bbox
            return Dekkingsvlak(f"rechthoek RD ({x0:.0f}, {y0:.0f}) - ({x1:.0f}, {y1:.0f})", shapely.box(*d.bbox))
        if isinstance(d, DekkingWkt):
            try:
                geom = shapely.from_wkt(d.wkt)
            except shapely.errors.GEOSException as exc:
                raise LocatieFout(f"laag {laag_id}: dekking is geen geldige WKT") from exc
            if geom.is_empty or geom.geom_type not in ("Polygon", "MultiPolygon"):
                raise LocatieFout(f"laag {laag_id}: dekking moet een (multi)polygoon in EPSG:28992 zijn")
            return Dekkingsvlak("opgegeven vlak (WKT)", shapely.make_valid(geom))
        assert isinstance(d, DekkingBestand)
        import pyogrio

        pad = (self.basis / d.bestand).resolve()
        if not pad.exists():
            raise LocatieFout(
                f"laag {laag_id}: dekkingsbestand {Path(d.bestand).name} bestaat niet (zie {Path(self.bron).name})"
            )
        try:
            gdf = pyogrio.read_dataframe(pad, layer=d.laag)
        except Exception as exc:  # noqa: BLE001 - GDAL raises many types
            raise LocatieFout(f"laag {laag_id}: dekkingsbestand {pad.name} is niet leesbaar") from exc
        if gdf.crs is None:
            raise LocatieFout(f"laag {laag_id}: dekkingsbestand {pad.name} heeft geen coördinatenstelsel")
        gdf = tabel_naar_rd(gdf)
        geom = shapely.make_valid(shapely.union_all(np.asarray(gdf.geometry.values)))
        if geom.is_empty:
            raise LocatieFout(f"laag {laag_id}: dekkingsbestand {pad.name} bevat geen vlak")
        return Dekkingsvlak(f"vlak uit {pad.name}", geom)

    def _lees(self, laag_id: str, cfg: LaagConfig) -> Vectorlaag | Rasterlaag:
        pad = (self.basis / cfg.pad).resolve()
        if not pad.exists():
            raise LocatieFout(f"laag {laag_id}: bestand {Path(cfg.pad).name} bestaat niet (zie {Path(self.bron).name})")
        driver = cfg.driver or ("raster" if pad.suffix.lower() in RASTER_EXT else "vector")
        try:
            return _lees_raster(laag_id, pad, cfg) if driver == "raster" else _lees_vector(laag_id, pad, cfg)
        except LocatieFout:
            raise
        except Exception as exc:  # noqa: BLE001 - GDAL raises many types; the user needs the file name
            raise LocatieFout(
                f"laag {laag_id}: bestand {pad.name} is niet leesbaar ({str(exc).replace(str(pad), pad.name)})"
            ) from exc


def _lees_vector(laag_id: str, pad: Path, cfg: LaagConfig) -> Vectorlaag:
    import pyogrio

    gdf = pyogrio.read_dataframe(pad, layer=cfg.laag)
    if gdf.crs is None:
        if not cfg.crs:
            raise LocatieFout(f"laag {laag_id}: {pad.name} heeft geen CRS; geef 'crs' op in de lagenconfiguratie")
        gdf = gdf.set_crs(cfg.crs)
    gdf = tabel_naar_rd(gdf)
    gdf = gdf[gdf.geometry.notna() & ~gdf.geometry.is_empty]
    gdf = gdf.rename(columns=cfg.attributen)
    geoms = shapely.make_valid(np.asarray(gdf.geometry.values))
    attrs = {c: gdf[c].to_numpy() for c in gdf.columns if c != gdf.geometry.name}
    if laag_id == "provincies" and "naam" in attrs:
        attrs["naam"] = np.array([provincie_naam(n) for n in attrs["naam"]], dtype=object)
    if cfg.id_veld and cfg.id_veld in gdf.columns:
        ids = gdf[cfg.id_veld].astype(str).to_numpy()
    elif "naam" in gdf.columns:
        ids = np.array([f"{n} (#{i})" for i, n in enumerate(gdf["naam"].astype(str))])
    else:
        ids = np.array([f"#{i}" for i in range(len(gdf))])
    return Vectorlaag(laag_id, np.asarray(geoms), attrs, ids, STRtree(geoms))


def _lees_raster(laag_id: str, pad: Path, cfg: LaagConfig) -> Rasterlaag:
    import rasterio
    from rasterio.crs import CRS
    from rasterio.vrt import WarpedVRT

    with rasterio.open(pad) as src:
        crs = src.crs or (CRS.from_user_input(cfg.crs) if cfg.crs else None)
        if crs is None:
            raise LocatieFout(f"laag {laag_id}: {pad.name} heeft geen CRS; geef 'crs' op in de lagenconfiguratie")
        if crs.to_epsg() != 28992:
            with WarpedVRT(src, crs=RD, src_crs=crs, resampling=rasterio.enums.Resampling.nearest) as vrt:
                data = vrt.read(1, masked=True)
                transform, bounds = vrt.transform, tuple(vrt.bounds)
        else:
            data = src.read(1, masked=True)
            transform, bounds = src.transform, tuple(src.bounds)
    arr = np.asarray(data.filled(np.nan), dtype=np.float32)
    return Rasterlaag(laag_id, arr, transform, bounds)
