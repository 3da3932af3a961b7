"""Batch screening of many parcels: vectorised over shapely 2 STRtree queries and numpy.

Per parcel it yields the strictest verdict, the ids of the rules that fire and the ids of the rules
that could not be tested there (layer missing, parcel outside the layer's coverage, province
unknown); per rule it counts the parcels where it fired, was checked without conflict, did not
apply, or was not tested. Differences with the single-plan test, for speed (documented in the output):
- the province of a parcel is the one under the centre of its bounding box (else any it overlaps);
- overlap is "intersects" (no area computed) unless a rule sets ``min_pct``;
- raster rules use the highest value at five sample points per parcel (the centre of its bounding box
  and four points halfway to the corners) instead of every cell.
Parcels are processed in chunks so memory stays bounded.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import shapely

from wbs.locatie.catalogus import Catalogus, Rasterlaag, Vectorlaag
from wbs.locatie.fouten import LocatieFout
from wbs.locatie.geometrie import controleer_in_nederland
from wbs.locatie.kern import effectieve_dekking, filter_masker, ontbrekende_velden
from wbs.locatie.models import STRENGHEID, Afstand, Altijd, Overlap, RasterBoven
from wbs.locatie.regels import regels_voor

BLOK = 200_000
_CODE = {v: i for i, v in enumerate(STRENGHEID)}  # lower = stricter


@dataclass
class ScanResultaat:
    oordeel: np.ndarray  # str per parcel
    regels: np.ndarray  # "id;id" per parcel: rules that fire (a conflict, or a positive geen-bezwaar rule)
    niet_getoetst: np.ndarray  # "id;id" per parcel: rules not tested there (no layer, outside coverage, ...)
    telling: dict[str, int]  # parcels per verdict
    aantal: int
    seconden: float
    # per rule: parcels where it fired ("geraakt"), was checked without conflict ("geen-bezwaar"),
    # did not apply ("niet-van-toepassing") or was not tested ("niet-getoetst")
    regeltelling: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def percelen_niet_volledig_getoetst(self) -> int:
        return int(sum(1 for t in self.niet_getoetst if t))


def _raster_monsters(laag: Rasterlaag, grenzen: np.ndarray) -> np.ndarray:
    """Highest raster value at five points per parcel: the centre of its bounding box and four points
    halfway from there to the corners (``grenzen`` = shapely.bounds of the parcels)."""
    xmin, ymin, xmax, ymax = grenzen.T
    cx, cy = (xmin + xmax) / 2, (ymin + ymax) / 2
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


def _provincie_per_perceel(catalogus: Catalogus, geoms: np.ndarray, grenzen: np.ndarray) -> np.ndarray:
    """The province of each parcel (at the centre of its bounding box); '' where it cannot be decided.

    Point-in-polygon against each prepared province outline (12 vectorised calls); a parcel whose point
    lies outside every outline (e.g. on the coast) gets the province it overlaps, if any.
    """
    laag = catalogus.provincies()
    xs, ys = (grenzen[:, 0] + grenzen[:, 2]) / 2, (grenzen[:, 1] + grenzen[:, 3]) / 2
    uit = np.full(len(geoms), "", dtype=object)
    for vlak, naam in zip(laag.geometrie, laag.attributen["naam"], strict=True):
        shapely.prepare(vlak)
        x0, y0, x1, y1 = vlak.bounds
        kandidaat = np.flatnonzero((xs >= x0) & (xs <= x1) & (ys >= y0) & (ys <= y1) & (uit == ""))
        if kandidaat.size:
            binnen = shapely.contains_xy(vlak, xs[kandidaat], ys[kandidaat])
            uit[kandidaat[binnen]] = str(naam)
    # The centre missed every outline (a parcel on the coast, or an L-shaped one): any overlap decides.
    for vlak, naam in zip(laag.geometrie, laag.attributen["naam"], strict=True):
        x0, y0, x1, y1 = vlak.bounds
        kandidaat = np.flatnonzero(
            (grenzen[:, 2] >= x0) & (grenzen[:, 0] <= x1) & (grenzen[:, 3] >= y0) & (grenzen[:, 1] <= y1) & (uit == "")
        )
        if kandidaat.size:
            uit[kandidaat[shapely.intersects(vlak, geoms[kandidaat])]] = str(naam)
    return uit


@dataclass
class _Blok:
    """Per chunk caches, so rules that read the same layer query it once."""

    geoms: np.ndarray
    grenzen: np.ndarray
    treffers: dict = field(default_factory=dict)
    gedekt: dict = field(default_factory=dict)
    raster: dict = field(default_factory=dict)


def _raak(blok: _Blok, regel, laag, deel: np.ndarray | None, provincie: str | None) -> np.ndarray | None:
    """Parcels where the rule's condition holds (None: the layer cannot answer this rule).

    ``deel``: indices of the parcels the rule applies to (a provincial rule: those in its province);
    only those are queried, so a Drenthe rule costs nothing for parcels elsewhere.
    """
    cond, n = regel.conditie, len(blok.geoms)
    if isinstance(cond, RasterBoven):
        if not isinstance(laag, Rasterlaag):
            return None
        if laag.id not in blok.raster:
            blok.raster[laag.id] = _raster_monsters(laag, blok.grenzen)
        return blok.raster[laag.id] > cond.drempel
    if not isinstance(laag, Vectorlaag) or ontbrekende_velden(laag, cond.filter):
        return None
    meter = cond.meter if isinstance(cond, Afstand) else 0.0
    sleutel = (laag.id, meter, provincie)
    if sleutel not in blok.treffers:
        geoms = blok.geoms if deel is None else blok.geoms[deel]
        if isinstance(cond, Afstand):
            pi, fi = laag.boom.query(geoms, predicate="dwithin", distance=cond.meter)
        else:
            pi, fi = laag.boom.query(geoms, predicate="intersects")
        blok.treffers[sleutel] = (pi if deel is None else deel[pi], fi)
    pi, fi = blok.treffers[sleutel]
    geoms = blok.geoms
    if cond.filter:
        m = filter_masker(laag, cond.filter, fi)
        pi, fi = pi[m], fi[m]
    if isinstance(cond, Overlap) and cond.min_pct > 0 and pi.size:
        inter = shapely.area(shapely.intersection(geoms[pi], laag.geometrie[fi]))
        pct = np.bincount(pi, weights=inter, minlength=n) / np.maximum(shapely.area(geoms), 1e-9) * 100
        return pct >= cond.min_pct
    raak = np.zeros(n, dtype=bool)
    raak[pi] = True
    return raak


def _gedekt(blok: _Blok, catalogus: Catalogus, regel, laag) -> np.ndarray:
    """Parcels that lie wholly inside the layer's coverage (for distance rules: with their search zone)."""
    n = len(blok.geoms)
    meter = regel.conditie.meter if isinstance(regel.conditie, Afstand) else 0.0
    sleutel = (laag.id, meter)
    if sleutel not in blok.gedekt:
        dekking = effectieve_dekking(catalogus, laag.id, laag)
        if dekking is None:
            blok.gedekt[sleutel] = np.zeros(n, dtype=bool)
        elif dekking.overal:
            blok.gedekt[sleutel] = np.ones(n, dtype=bool)
        else:
            vlak = dekking.voorbereid()
            if meter:
                vlak = shapely.buffer(vlak, -meter)
                shapely.prepare(vlak)
            blok.gedekt[sleutel] = shapely.covers(vlak, blok.geoms)
    return blok.gedekt[sleutel]


@dataclass
class Regeluitkomst:
    """Per rule, per parcel of a chunk: fires (conflict), not tested, not applicable."""

    regel: str
    verdict: str
    raak: np.ndarray
    ongetoetst: np.ndarray
    nvt: np.ndarray


def scan_geometrieen(geoms: np.ndarray, functie: str, catalogus: Catalogus) -> tuple[np.ndarray, list[Regeluitkomst]]:
    """Verdict codes per parcel and, per applicable rule, what came out for each parcel."""
    n = len(geoms)
    code = np.full(n, _CODE["geen-bezwaar"], dtype=np.int8)
    uitkomsten: list[Regeluitkomst] = []
    grenzen = shapely.bounds(geoms)
    provincie = _provincie_per_perceel(catalogus, geoms, grenzen)
    onbekend = provincie == ""
    blok = _Blok(geoms, grenzen)
    deel_per_provincie: dict[str, np.ndarray] = {}
    geen = np.zeros(n, dtype=bool)
    for _rs, regel in regels_voor(functie):
        if regel.provincie:
            van_toepassing = provincie == regel.provincie
            nvt, ongetoetst = ~van_toepassing & ~onbekend, onbekend.copy()
        else:
            van_toepassing, nvt, ongetoetst = np.ones(n, dtype=bool), geen, geen.copy()
        laag = catalogus.laag(regel.laag) if regel.laag else None
        if isinstance(regel.conditie, Altijd):
            raak = van_toepassing
        elif laag is None:
            raak, ongetoetst = geen, ongetoetst | van_toepassing
        else:
            if regel.provincie and regel.provincie not in deel_per_provincie:
                deel_per_provincie[regel.provincie] = np.flatnonzero(van_toepassing)
            raak = _raak(blok, regel, laag, deel_per_provincie.get(regel.provincie), regel.provincie)
            if raak is None:
                raak, ongetoetst = geen, ongetoetst | van_toepassing
            else:
                raak = raak & van_toepassing
                ongetoetst |= van_toepassing & ~raak & ~_gedekt(blok, catalogus, regel, laag)
        if regel.verdict != "geen-bezwaar":
            code = np.minimum(code, np.where(raak, _CODE[regel.verdict], 127).astype(np.int8))
        code = np.minimum(code, np.where(ongetoetst, _CODE["niet-getoetst"], 127).astype(np.int8))
        uitkomsten.append(Regeluitkomst(regel.id, regel.verdict, raak, ongetoetst, nvt))
    return code, uitkomsten


def _regel_teksten(maskers: list[np.ndarray], ids: list[str], n: int) -> np.ndarray:
    """'id;id' per parcel for the masks that hold there. Parcels share few combinations, so each
    combination is encoded as a bit pattern and its text built once."""
    teksten = np.full(n, "", dtype=object)
    for begin in range(0, len(ids), 62):  # 62 rules per int64 pattern
        patroon = np.zeros(n, dtype=np.int64)
        for bit, raak in enumerate(maskers[begin : begin + 62]):
            patroon |= raak.astype(np.int64) << bit
        uniek, terug = np.unique(patroon, return_inverse=True)
        delen = np.array(
            [";".join(ids[begin + b] for b in range(62) if (int(p) >> b) & 1) for p in uniek], dtype=object
        )
        stuk = delen[terug]
        teksten = np.where(teksten == "", stuk, np.where(stuk == "", teksten, teksten + ";" + stuk))
    return teksten


def scan_array(
    geoms: np.ndarray, functie: str, catalogus: Catalogus, voortgang: Callable[[int, int], None] | None = None
) -> ScanResultaat:
    start = time.perf_counter()
    n = len(geoms)
    oordeel = np.empty(n, dtype=object)
    regels = np.empty(n, dtype=object)
    niet_getoetst = np.empty(n, dtype=object)
    labels = np.array(STRENGHEID, dtype=object)
    regeltelling: dict[str, dict[str, int]] = {}
    for a in range(0, n, BLOK):
        deel = geoms[a : a + BLOK]
        code, uitkomsten = scan_geometrieen(deel, functie, catalogus)
        oordeel[a : a + len(deel)] = labels[code]
        regels[a : a + len(deel)] = _regel_teksten(
            [u.raak for u in uitkomsten], [u.regel for u in uitkomsten], len(deel)
        )
        niet_getoetst[a : a + len(deel)] = _regel_teksten(
            [u.ongetoetst for u in uitkomsten], [u.regel for u in uitkomsten], len(deel)
        )
        for u in uitkomsten:
            t = regeltelling.setdefault(
                u.regel, {"geraakt": 0, "geen-bezwaar": 0, "niet-van-toepassing": 0, "niet-getoetst": 0}
            )
            geraakt = int(u.raak.sum())
            ongetoetst, nvt = int(u.ongetoetst.sum()), int(u.nvt.sum())
            if u.verdict == "geen-bezwaar":
                t["geen-bezwaar"] += geraakt
            else:
                t["geraakt"] += geraakt
            t["niet-getoetst"] += ongetoetst
            t["niet-van-toepassing"] += nvt
            t["geen-bezwaar"] += len(deel) - geraakt - ongetoetst - nvt
        if voortgang:
            voortgang(a + len(deel), n)
    telling = dict(Counter(oordeel.tolist()).most_common())
    return ScanResultaat(oordeel, regels, niet_getoetst, telling, n, time.perf_counter() - start, regeltelling)


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
        raise LocatieFout(f"percelenbestand {pad.name} is niet leesbaar als GeoPackage, GeoJSON of Shapefile") from exc
    if gdf.geometry is None or len(gdf) == 0:
        raise LocatieFout(f"percelenbestand {pad.name} bevat geen percelen")
    if gdf.crs is None:
        raise LocatieFout(f"percelenbestand {pad.name} heeft geen coördinatenstelsel")
    if gdf.crs.to_epsg() != 28992:
        try:
            gdf = gdf.to_crs("EPSG:28992")
        except Exception as exc:  # noqa: BLE001 - pyproj's English text
            raise LocatieFout(
                f"percelenbestand {pad.name}: het coördinatenstelsel is niet om te zetten naar RD New (EPSG:28992)"
            ) from exc
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


def scan_gdf(
    gdf, functie: str, catalogus: Catalogus, voortgang: Callable[[int, int], None] | None = None
) -> ScanResultaat:
    """Add ``oordeel``, ``regels`` and ``functie`` columns to ``gdf`` (in place) and return the summary."""
    from wbs.locatie.regels import controleer_functie

    controleer_functie(functie)
    res = scan_array(np.asarray(gdf.geometry.values), functie, catalogus, voortgang)
    gdf["oordeel"] = res.oordeel
    gdf["regels"] = res.regels
    gdf["niet_getoetst"] = res.niet_getoetst
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


def scan_bestand(
    pad: Path,
    functie: str,
    catalogus: Catalogus,
    uit: Path,
    laag: str | None = None,
    voortgang: Callable[[int, int], None] | None = None,
) -> ScanResultaat:
    from wbs.locatie.regels import controleer_functie

    controleer_functie(functie)  # before reading a possibly large file, not only in scan_gdf
    gdf = lees_percelen(pad, laag)
    res = scan_gdf(gdf, functie, catalogus, voortgang)
    schrijf_percelen(gdf, uit)
    return res
