"""Batch screening of many parcels: vectorised over shapely 2 STRtree queries and numpy.

Per parcel it yields the strictest verdict and the ids of the rules that fire. Differences with
the single-plan test, for speed (documented in the output):
- overlap is "intersects" (no area computed) unless a rule sets ``min_pct``;
- raster rules use the highest value at five sample points per parcel (centroid and four points
  halfway to the bounding-box corners) instead of every cell.
Parcels are processed in chunks so memory stays bounded.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import shapely

from wbs.locatie.catalogus import Catalogus, Rasterlaag, Vectorlaag
from wbs.locatie.engine import filter_masker
from wbs.locatie.fouten import LocatieFout
from wbs.locatie.geometrie import controleer_in_nederland
from wbs.locatie.models import STRENGHEID, Afstand, Altijd, Overlap, RasterBoven
from wbs.locatie.regels import regels_voor

BLOK = 200_000
_CODE = {v: i for i, v in enumerate(STRENGHEID)}  # lower = stricter


@dataclass
class ScanResultaat:
    oordeel: np.ndarray  # str per parcel
    regels: np.ndarray  # "id;id" per parcel
    telling: dict[str, int]
    aantal: int
    seconden: float


def _raster_monsters(laag: Rasterlaag, geoms: np.ndarray) -> np.ndarray:
    xmin, ymin, xmax, ymax = shapely.bounds(geoms).T
    c = shapely.centroid(geoms)
    cx, cy = shapely.get_x(c), shapely.get_y(c)
    xs = np.stack([cx, (cx + xmin) / 2, (cx + xmax) / 2, (cx + xmin) / 2, (cx + xmax) / 2], axis=1)
    ys = np.stack([cy, (cy + ymin) / 2, (cy + ymin) / 2, (cy + ymax) / 2, (cy + ymax) / 2], axis=1)
    inv = ~laag.transform
    cols = np.floor(inv.a * xs + inv.b * ys + inv.c).astype(np.int64)
    rows = np.floor(inv.d * xs + inv.e * ys + inv.f).astype(np.int64)
    h, w = laag.data.shape
    binnen = (rows >= 0) & (rows < h) & (cols >= 0) & (cols < w)
    waarden = np.full(xs.shape, np.nan, dtype=np.float32)
    waarden[binnen] = laag.data[rows[binnen], cols[binnen]]
    with np.errstate(all="ignore"):
        return np.nanmax(np.where(np.isnan(waarden), -np.inf, waarden), axis=1)


def _provincie_per_perceel(catalogus: Catalogus, geoms: np.ndarray) -> np.ndarray | None:
    laag = catalogus.laag("provincie")
    if not isinstance(laag, Vectorlaag) or "naam" not in laag.attributen:
        return None
    punten = shapely.point_on_surface(geoms)
    pi, fi = laag.boom.query(punten, predicate="intersects")
    uit = np.full(len(geoms), "", dtype=object)
    uit[pi] = laag.attributen["naam"][fi].astype(str)
    return uit


def scan_geometrieen(geoms: np.ndarray, functie: str, catalogus: Catalogus) -> tuple[np.ndarray, list[np.ndarray],
                                                                                         list[str]]:
    """Verdict codes per parcel and, per applicable rule, a boolean 'fires' array."""
    n = len(geoms)
    code = np.full(n, _CODE["geen-bezwaar"], dtype=np.int8)
    gevuurd: list[np.ndarray] = []
    ids: list[str] = []
    provincie = _provincie_per_perceel(catalogus, geoms)
    for _rs, regel in regels_voor(functie):
        cond = regel.conditie
        if isinstance(cond, Altijd):
            raak = np.ones(n, dtype=bool)
        else:
            laag = catalogus.laag(regel.laag) if regel.laag else None
            if laag is None:
                raak = np.ones(n, dtype=bool)
                verdict = "niet-getoetst"
                if regel.provincie and provincie is not None:
                    raak &= provincie == regel.provincie
                code = np.minimum(code, np.where(raak, _CODE[verdict], 127).astype(np.int8))
                gevuurd.append(raak)
                ids.append(f"{regel.id}(niet-getoetst)")
                continue
            if isinstance(cond, RasterBoven):
                raak = _raster_monsters(laag, geoms) > cond.drempel if isinstance(laag, Rasterlaag) else \
                    np.zeros(n, dtype=bool)
            elif isinstance(laag, Vectorlaag):
                if isinstance(cond, Afstand):
                    pi, fi = laag.boom.query(geoms, predicate="dwithin", distance=cond.meter)
                else:
                    pi, fi = laag.boom.query(geoms, predicate="intersects")
                if cond.filter:
                    m = filter_masker(laag, cond.filter, fi)
                    pi, fi = pi[m], fi[m]
                if isinstance(cond, Overlap) and cond.min_pct > 0 and pi.size:
                    inter = shapely.area(shapely.intersection(geoms[pi], laag.geometrie[fi]))
                    pct = np.bincount(pi, weights=inter, minlength=n) / np.maximum(shapely.area(geoms), 1e-9) * 100
                    raak = pct >= cond.min_pct
                else:
                    raak = np.zeros(n, dtype=bool)
                    raak[pi] = True
            else:
                raak = np.zeros(n, dtype=bool)
        if regel.provincie and provincie is not None:
            raak &= provincie == regel.provincie
        if regel.verdict != "geen-bezwaar":
            code = np.minimum(code, np.where(raak, _CODE[regel.verdict], 127).astype(np.int8))
            gevuurd.append(raak)
            ids.append(regel.id)
    return code, gevuurd, ids


def _regel_teksten(gevuurd: list[np.ndarray], ids: list[str], n: int) -> np.ndarray:
    teksten = np.full(n, "", dtype=object)
    for raak, rid in zip(gevuurd, ids, strict=True):
        idx = np.flatnonzero(raak)
        if idx.size:
            teksten[idx] = teksten[idx] + (rid + ";")
    return np.array([t[:-1] for t in teksten], dtype=object)


def scan_array(geoms: np.ndarray, functie: str, catalogus: Catalogus,
               voortgang: Callable[[int, int], None] | None = None) -> ScanResultaat:
    start = time.perf_counter()
    n = len(geoms)
    oordeel = np.empty(n, dtype=object)
    regels = np.empty(n, dtype=object)
    labels = np.array(STRENGHEID, dtype=object)
    for a in range(0, n, BLOK):
        deel = geoms[a:a + BLOK]
        code, gevuurd, ids = scan_geometrieen(deel, functie, catalogus)
        oordeel[a:a + len(deel)] = labels[code]
        regels[a:a + len(deel)] = _regel_teksten(gevuurd, ids, len(deel))
        if voortgang:
            voortgang(a + len(deel), n)
    telling = dict(Counter(oordeel.tolist()).most_common())
    return ScanResultaat(oordeel, regels, telling, n, time.perf_counter() - start)


def lees_percelen(pad: Path, laag: str | None = None):
    """Read a parcel file (GeoPackage, GeoJSON, Shapefile or a zipped Shapefile) in RD New, valid geometries."""
    import pyogrio

    pad = Path(pad)
    if not pad.exists():
        raise LocatieFout(f"percelenbestand {pad} bestaat niet")
    if pad.suffix.lower() == ".zip":
        from wbs.safety import check_zip

        with pad.open("rb") as f:
            check_zip(f, pad.name).close()
    bron = f"/vsizip/{pad}" if pad.suffix.lower() == ".zip" else str(pad)
    try:
        gdf = pyogrio.read_dataframe(bron, layer=laag)
    except Exception as exc:  # noqa: BLE001 - GDAL's text names (temporary) server paths: keep it out
        raise LocatieFout(f"percelenbestand {pad.name} is niet leesbaar als GeoPackage, GeoJSON of "
                          "Shapefile") from exc
    if gdf.geometry is None or len(gdf) == 0:
        raise LocatieFout(f"percelenbestand {pad.name} bevat geen percelen")
    if gdf.crs is None:
        raise LocatieFout(f"percelenbestand {pad.name} heeft geen coördinatenstelsel")
    if gdf.crs.to_epsg() != 28992:
        try:
            gdf = gdf.to_crs("EPSG:28992")
        except Exception as exc:  # noqa: BLE001 - pyproj's English text
            raise LocatieFout(f"percelenbestand {pad.name}: het coördinatenstelsel is niet om te zetten naar "
                              "RD New (EPSG:28992)") from exc
    geoms = np.asarray(gdf.geometry.values)
    leeg = shapely.is_empty(geoms) | shapely.is_missing(geoms)
    if leeg.all():
        raise LocatieFout(f"percelenbestand {pad.name} bevat alleen lege geometrieën")
    controleer_in_nederland(geoms[~leeg], f"percelenbestand {pad.name}")
    ongeldig = ~shapely.is_valid(geoms) & ~leeg
    if ongeldig.any():
        geoms = geoms.copy()
        geoms[ongeldig] = shapely.make_valid(geoms[ongeldig])
        gdf = gdf.set_geometry(geoms, crs="EPSG:28992")
    return gdf


def scan_gdf(gdf, functie: str, catalogus: Catalogus,
             voortgang: Callable[[int, int], None] | None = None) -> ScanResultaat:
    """Add ``oordeel``, ``regels`` and ``functie`` columns to ``gdf`` (in place) and return the summary."""
    from wbs.locatie.regels import controleer_functie

    controleer_functie(functie)
    res = scan_array(np.asarray(gdf.geometry.values), functie, catalogus, voortgang)
    gdf["oordeel"] = res.oordeel
    gdf["regels"] = res.regels
    gdf["functie"] = functie
    return res


def als_csv(gdf) -> str:
    """The screened parcels as CSV text: all attributes and the verdict columns, no geometry.

    Text cells that a spreadsheet would run as a formula are neutralised (see :mod:`wbs.csv_safety`)."""
    import pandas as pd

    from wbs.safety import safe_cell

    df = gdf.drop(columns=gdf.geometry.name)
    for kolom in df.columns:
        if not pd.api.types.is_numeric_dtype(df[kolom]) and not pd.api.types.is_bool_dtype(df[kolom]):
            df[kolom] = df[kolom].map(safe_cell)
    return df.to_csv(index=False)


def strengste_eerst(df):
    """Rows ordered by verdict, strictest first (stable within a verdict)."""
    return df.iloc[df["oordeel"].map(STRENGHEID.index).argsort(kind="stable")]


def schrijf_percelen(gdf, uit: Path) -> None:
    import pyogrio

    uit = Path(uit)
    if uit.suffix.lower() == ".csv":
        uit.write_text(als_csv(gdf), encoding="utf-8")
    elif uit.suffix.lower() == ".parquet":
        gdf.to_parquet(uit)
    else:
        pyogrio.write_dataframe(gdf, uit)


def scan_bestand(pad: Path, functie: str, catalogus: Catalogus, uit: Path, laag: str | None = None,
                 voortgang: Callable[[int, int], None] | None = None) -> ScanResultaat:
    from wbs.locatie.regels import controleer_functie

    controleer_functie(functie)  # before reading a possibly large file, not only in scan_gdf
    gdf = lees_percelen(pad, laag)
    res = scan_gdf(gdf, functie, catalogus, voortgang)
    schrijf_percelen(gdf, uit)
    return res
