"""HydroMT-style layer catalog: a YAML that maps fixed layer ids to files.

```yaml
lagen:
  uiterwaarden: {pad: uiterwaarden.geojson}
  grondwaterbeschermingsgebied: {pad: gwb.gpkg, laag: zones, attributen: {ZONE: zone}}
  overstromingsdiepte: {pad: diepte.tif}
```
Paths are relative to the config file. Vector layers (GeoJSON, GeoPackage, Shapefile) are read
with pyogrio, rasters (GeoTIFF) with rasterio; everything is brought to EPSG:28992 (RD New).
Layers are read lazily and kept in memory, so repeated tests answer fast.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from shapely import STRtree

from wbs.locatie.fouten import LocatieFout

RD = "EPSG:28992"
RASTER_EXT = {".tif", ".tiff", ".vrt", ".asc"}
LAAG_IDS = (
    "uiterwaarden", "diepe-polder", "reserveringszone-waterkering", "ijsselmeergebied", "overstromingsdiepte",
    "bodemdaling", "veenweide", "natura2000", "grondwaterbeschermingsgebied", "beekdal", "waterbergingsgebied",
    "hoge-zandgronden", "provincie", "wateroverlast", "drinkwater-beschikbaarheid", "waardevolle-landbouwgrond",
    "oost-overijssel",
    "waterschappen",  # water board areas (attribute naam and/or code), used by the Watertoets
)


class LaagConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    pad: str
    laag: str | None = Field(None, description="Laagnaam binnen een GeoPackage")
    driver: str | None = Field(None, description="vector of raster; standaard afgeleid uit de extensie")
    crs: str | None = Field(None, description="CRS als het bestand er geen heeft, bijv. EPSG:4326")
    attributen: dict[str, str] = Field(default_factory=dict, description="bronveld -> veld in de regels")
    id_veld: str | None = Field(None, description="Veld met een leesbaar object-id voor citaten")
    omschrijving: str | None = None


class CatalogusConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

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


class Catalogus:
    def __init__(self, config: CatalogusConfig, basis: Path, bron: str) -> None:
        onbekend = set(config.lagen) - set(LAAG_IDS)
        if onbekend:
            raise LocatieFout(f"{bron}: onbekende laag-id(s) {sorted(onbekend)}; geldig zijn: {', '.join(LAAG_IDS)}")
        self.config = config
        self.basis = basis
        self.bron = bron
        self._cache: dict[str, Vectorlaag | Rasterlaag] = {}
        self._lock = threading.Lock()

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

    def heeft(self, laag_id: str) -> bool:
        return laag_id in self.config.lagen

    def laag(self, laag_id: str) -> Vectorlaag | Rasterlaag | None:
        """The loaded layer, or None when the catalog does not list it."""
        if laag_id not in self.config.lagen:
            return None
        with self._lock:
            if laag_id not in self._cache:
                self._cache[laag_id] = self._lees(laag_id, self.config.lagen[laag_id])
            return self._cache[laag_id]

    def laad_alles(self) -> None:
        for laag_id in self.config.lagen:
            self.laag(laag_id)

    def pad(self, laag_id: str) -> Path:
        return (self.basis / self.config.lagen[laag_id].pad).resolve()

    def _lees(self, laag_id: str, cfg: LaagConfig) -> Vectorlaag | Rasterlaag:
        pad = (self.basis / cfg.pad).resolve()
        if not pad.exists():
            raise LocatieFout(f"laag {laag_id}: bestand {pad} bestaat niet (zie {self.bron})")
        driver = cfg.driver or ("raster" if pad.suffix.lower() in RASTER_EXT else "vector")
        try:
            return _lees_raster(laag_id, pad, cfg) if driver == "raster" else _lees_vector(laag_id, pad, cfg)
        except LocatieFout:
            raise
        except Exception as exc:  # noqa: BLE001 - GDAL raises many types; the user needs the file name
            raise LocatieFout(f"laag {laag_id}: bestand {pad.name} is niet leesbaar ({exc})") from exc


def _lees_vector(laag_id: str, pad: Path, cfg: LaagConfig) -> Vectorlaag:
    import pyogrio

    gdf = pyogrio.read_dataframe(pad, layer=cfg.laag)
    if gdf.crs is None:
        if not cfg.crs:
            raise LocatieFout(f"laag {laag_id}: {pad.name} heeft geen CRS; geef 'crs' op in de lagenconfiguratie")
        gdf = gdf.set_crs(cfg.crs)
    if gdf.crs.to_epsg() != 28992:
        gdf = gdf.to_crs(RD)
    gdf = gdf[gdf.geometry.notna() & ~gdf.geometry.is_empty]
    gdf = gdf.rename(columns=cfg.attributen)
    import shapely

    geoms = shapely.make_valid(gdf.geometry.values.to_numpy() if hasattr(gdf.geometry.values, "to_numpy")
                               else np.asarray(gdf.geometry.values))
    attrs = {c: gdf[c].to_numpy() for c in gdf.columns if c != gdf.geometry.name}
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
