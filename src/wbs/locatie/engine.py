"""Evaluate the rules for one plan geometry: pure logic over loaded layers."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from wbs.locatie.catalogus import Catalogus, Rasterlaag, Vectorlaag
from wbs.locatie.models import (
    AFWEGINGSKADER,
    STRENGHEID,
    Afstand,
    Altijd,
    RasterBoven,
    Regel,
    Regelset,
    RegelUitslag,
    Toetsuitslag,
)
from wbs.locatie.regels import controleer_functie, functies, regels_voor

_OPS = {"==": np.equal, "!=": np.not_equal, ">": np.greater, ">=": np.greater_equal, "<": np.less,
        "<=": np.less_equal}


def filter_masker(laag: Vectorlaag, filt: dict, idx: np.ndarray) -> np.ndarray:
    """Boolean mask over ``idx`` (feature indices) of features that pass the rule's attribute filter."""
    masker = np.ones(len(idx), dtype=bool)
    for veld, cond in filt.items():
        if veld not in laag.attributen:
            return np.zeros(len(idx), dtype=bool)  # a layer without the field cannot satisfy the filter
        waarden = laag.attributen[veld][idx]
        if isinstance(cond, dict):
            for op, ref in cond.items():
                if isinstance(ref, str):
                    masker &= _OPS[op](waarden.astype(str), ref)
                else:
                    num = np.asarray(waarden, dtype=float)
                    masker &= _OPS[op](num, float(ref))
        else:
            toegestaan = {str(v).lower() for v in cond}
            masker &= np.array([str(w).lower() in toegestaan for w in waarden], dtype=bool)
    return masker


def raster_max(laag: Rasterlaag, geom: BaseGeometry) -> float | None:
    """Highest raster value inside the geometry (cells whose centre lies inside; the cell under
    a point). None when the geometry lies outside the raster or only on nodata."""
    from rasterio.features import geometry_mask
    from rasterio.windows import Window, from_bounds

    minx, miny, maxx, maxy = geom.bounds
    bx0, by0, bx1, by1 = laag.bounds
    if maxx < bx0 or minx > bx1 or maxy < by0 or miny > by1:
        return None
    if geom.geom_type in ("Point", "MultiPoint"):
        waarden = []
        for p in getattr(geom, "geoms", [geom]):
            col, row = ~laag.transform * (p.x, p.y)
            r, c = int(row), int(col)
            if 0 <= r < laag.data.shape[0] and 0 <= c < laag.data.shape[1]:
                waarden.append(laag.data[r, c])
        vals = np.asarray(waarden, dtype=float)
    else:
        win = from_bounds(minx, miny, maxx, maxy, laag.transform).round_offsets().round_lengths()
        win = win.intersection(Window(0, 0, laag.data.shape[1], laag.data.shape[0]))
        r0, c0 = int(win.row_off), int(win.col_off)
        h, w = max(1, int(win.height)), max(1, int(win.width))
        blok = laag.data[r0:r0 + h, c0:c0 + w]
        from rasterio.windows import transform as win_transform

        masker = geometry_mask([geom], out_shape=blok.shape, transform=win_transform(win, laag.transform),
                               invert=True, all_touched=True)
        vals = blok[masker]
    vals = vals[~np.isnan(vals)]
    return float(vals.max()) if vals.size else None


def _provincie_van(catalogus: Catalogus, geom: BaseGeometry) -> set[str] | None:
    laag = catalogus.laag("provincie")
    if not isinstance(laag, Vectorlaag) or "naam" not in laag.attributen:
        return None
    idx = laag.boom.query(geom, predicate="intersects")
    return {str(n) for n in laag.attributen["naam"][idx]}


def toets_regel(regel: Regel, regelset: Regelset, geom: BaseGeometry, catalogus: Catalogus,
                provincies: set[str] | None) -> RegelUitslag:
    basis = {"regel": regel.id, "naam": regel.naam, "regelset": regelset.naam, "keuze": regel.keuze,
             "bron": "; ".join(b.citeer() for b in [regel.bron, *regel.bronnen]), "laag": regel.laag}

    def uitslag(verdict: str, toelichting: str, **extra) -> RegelUitslag:
        return RegelUitslag(**basis, verdict=verdict, afwegingskader=AFWEGINGSKADER[verdict], toelichting=toelichting,
                            **extra)

    if regel.provincie and provincies is not None and regel.provincie not in provincies:
        return uitslag("geen-bezwaar", f"Het plangebied ligt buiten de provincie {regel.provincie}; "
                                       "deze provinciale regel is hier niet van toepassing.", van_toepassing=False)
    if isinstance(regel.conditie, Altijd):
        return uitslag(regel.verdict, regel.toelichting, voorwaarden=regel.voorwaarden)
    laag = catalogus.laag(regel.laag) if regel.laag else None
    if laag is None:
        return uitslag("niet-getoetst", f"Laag '{regel.laag}' ontbreekt in de lagenconfiguratie "
                                        f"({catalogus.bron}); deze regel is niet getoetst.")
    plan_m2 = float(geom.area)
    cond = regel.conditie
    if isinstance(cond, RasterBoven):
        if not isinstance(laag, Rasterlaag):
            return uitslag("niet-getoetst", f"Laag '{regel.laag}' is geen raster; deze regel vraagt rasterwaarden.")
        waarde = raster_max(laag, geom)
        if waarde is None:
            return uitslag("geen-bezwaar", f"Geen waarde van '{regel.laag}' binnen het plangebied.", waarde=None)
        eenheid = f" {cond.eenheid}" if cond.eenheid else ""
        if waarde > cond.drempel:
            return uitslag(regel.verdict, f"{regel.toelichting} Hoogste waarde in het plangebied: "
                                          f"{waarde:.2f}{eenheid} (drempel {cond.drempel}{eenheid}).",
                           waarde=round(waarde, 3), voorwaarden=regel.voorwaarden)
        return uitslag("geen-bezwaar", f"Hoogste waarde {waarde:.2f}{eenheid} blijft onder de drempel van "
                                       f"{cond.drempel}{eenheid}.", waarde=round(waarde, 3))
    if not isinstance(laag, Vectorlaag):
        return uitslag("niet-getoetst", f"Laag '{regel.laag}' is een raster; deze regel vraagt vlakken.")
    if isinstance(cond, Afstand):
        idx = laag.boom.query(geom, predicate="dwithin", distance=cond.meter)
    else:
        idx = laag.boom.query(geom, predicate="intersects")
    idx = np.sort(idx)[filter_masker(laag, cond.filter, np.sort(idx))]
    if idx.size == 0:
        wat = f"binnen {cond.meter:.0f} m van" if isinstance(cond, Afstand) else "overlap met"
        return uitslag("geen-bezwaar", f"Geen {wat} laag '{regel.laag}'.", overlap_m2=0.0, overlap_pct=0.0)
    feats = [str(f) for f in laag.feature_ids[idx][:10]]
    if isinstance(cond, Afstand):
        afstand = float(shapely.distance(geom, laag.geometrie[idx]).min())
        return uitslag(regel.verdict, f"{regel.toelichting} Afstand tot {regel.laag}: {afstand:.0f} m "
                                      f"(zone {cond.meter:.0f} m).", waarde=round(afstand, 1), features=feats,
                       voorwaarden=regel.voorwaarden)
    if plan_m2 > 0:
        overlap = float(shapely.union_all(shapely.intersection(geom, laag.geometrie[idx])).area)
        pct = 100.0 * overlap / plan_m2
    else:  # a point plan: inside or not
        overlap, pct = 0.0, 100.0
    if pct < cond.min_pct or (plan_m2 > 0 and overlap <= 0):
        return uitslag("geen-bezwaar", f"Overlap met '{regel.laag}' ({pct:.1f} %) is kleiner dan "
                                       f"{cond.min_pct} %.", overlap_m2=round(overlap, 1), overlap_pct=round(pct, 2))
    return uitslag(regel.verdict, regel.toelichting, overlap_m2=round(overlap, 1), overlap_pct=round(pct, 2),
                   features=feats, voorwaarden=regel.voorwaarden)


def strengste(verdicts: list[str]) -> str:
    return min(verdicts, key=STRENGHEID.index) if verdicts else "geen-bezwaar"


def toets(geom: BaseGeometry, functie: str, catalogus: Catalogus) -> Toetsuitslag:
    """Evaluate every rule that applies to ``functie`` for the (RD) plan geometry."""
    controleer_functie(functie)
    provincies = _provincie_van(catalogus, geom)
    uitslagen = [toets_regel(r, rs, geom, catalogus, provincies) for rs, r in regels_voor(functie)]
    uitslagen.sort(key=lambda u: (STRENGHEID.index(u.verdict), u.regel))
    oordeel = strengste([u.verdict for u in uitslagen])
    c = geom.centroid
    return Toetsuitslag(functie=functie, functie_naam=functies().functies[functie].naam,
                        oppervlakte_m2=round(float(geom.area), 1), oordeel=oordeel,
                        afwegingskader=AFWEGINGSKADER[oordeel], regels=uitslagen, lagen=Path(catalogus.bron).name,
                        centroide_rd=(round(c.x, 1), round(c.y, 1)))
