"""Evaluate the rules for one plan geometry: pure logic over loaded layers.

Per rule there are three ways to come out without a conflict, and they never look alike:
- ``geen-bezwaar``: checked inside the layer's coverage (``dekking``), no conflict;
- ``niet-van-toepassing``: the rule does not apply here (a provincial rule outside its province,
  decided by the ``provincies`` layer);
- ``niet-getoetst``: the layer is missing, its coverage is unknown, the plan lies (partly) outside
  the coverage, or the province cannot be decided. The part not checked is given in m² and %.
A conflict found is reported wherever it lies: a hit inside a layer is a hit, whatever the coverage.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from wbs.locatie.catalogus import Catalogus, Dekkingsvlak, Rasterlaag, Vectorlaag, provincie_titel
from wbs.locatie.models import (
    AFWEGINGSKADER,
    STRENGHEID,
    Afstand,
    Altijd,
    LaagHerkomst,
    RasterBoven,
    Regel,
    Regelset,
    RegelUitslag,
    Toetsuitslag,
)
from wbs.locatie.regels import controleer_functie, functies, regels_voor
from wbs.rapport.opmaak import getal, getal_kort

_OPS = {"==": np.equal, "!=": np.not_equal, ">": np.greater, ">=": np.greater_equal, "<": np.less, "<=": np.less_equal}
OPHALEN = (
    "Haal officiële lagen op met 'wbs lagen ophalen' of geef een eigen lagenconfiguratie met een "
    "'dekking' per laag (--lagen)."
)
DEMO_WAARSCHUWING = (
    "DEMODATA - geen officiële kaarten. Deze uitkomst steunt op illustratieve demolagen die "
    "alleen kleine voorbeeldgebieden beslaan (rond Zwolle en de IJssel, Flevoland, de Kop van "
    "Overijssel, Oost-Overijssel en Drenthe). Buiten die gebieden is niet getoetst. Gebruik "
    "officiële lagen ('wbs lagen ophalen', --lagen) voor een echt oordeel."
)


def filter_masker(laag: Vectorlaag, filt: dict, idx: np.ndarray) -> np.ndarray:
    """Boolean mask over ``idx`` (feature indices) of features that pass the rule's attribute filter."""
    masker = np.ones(len(idx), dtype=bool)
    for veld, cond in filt.items():
        if veld not in laag.attributen:
            return np.zeros(len(idx), dtype=bool)  # callers check ontbrekende_velden() first
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


def ontbrekende_velden(laag: Vectorlaag, filt: dict) -> list[str]:
    """Fields a rule's filter needs that the layer lacks: then the rule cannot be checked."""
    return [veld for veld in filt if veld not in laag.attributen]


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
        blok = laag.data[r0 : r0 + h, c0 : c0 + w]
        from rasterio.windows import transform as win_transform

        masker = geometry_mask(
            [geom], out_shape=blok.shape, transform=win_transform(win, laag.transform), invert=True, all_touched=True
        )
        vals = blok[masker]
    vals = vals[~np.isnan(vals)]
    return float(vals.max()) if vals.size else None


@dataclass
class Plaats:
    """Where the plan lies: the provinces it touches (by the catalog's province boundaries)."""

    provincies: list[str]
    bron: str
    demo: bool


def plaats_van(catalogus: Catalogus, geom: BaseGeometry) -> Plaats:
    laag = catalogus.provincies()
    idx = laag.boom.query(geom, predicate="intersects")
    namen = sorted({str(n) for n in laag.attributen["naam"][idx]})
    cfg = catalogus.config.lagen.get("provincies")
    return Plaats(namen, catalogus.provincies_bron, bool(cfg and cfg.demo))


def effectieve_dekking(catalogus: Catalogus, laag_id: str, laag: Vectorlaag | Rasterlaag) -> Dekkingsvlak | None:
    """The declared coverage; for a raster also cut to the raster's extent (it says nothing outside)."""
    dekking = catalogus.dekking(laag_id)
    if dekking is None or not isinstance(laag, Rasterlaag):
        return dekking
    rechthoek = shapely.box(*laag.bounds)
    vlak = rechthoek if dekking.overal else shapely.intersection(dekking.geometrie, rechthoek)
    return Dekkingsvlak(f"{dekking.omschrijving}, binnen de rasteromvang", vlak)


def buiten_dekking(gebied: BaseGeometry, dekking: Dekkingsvlak) -> tuple[float, float]:
    """Area (m²) and share (%) of ``gebied`` outside the coverage; for points only the share."""
    if dekking.overal:
        return 0.0, 0.0
    vlak = dekking.voorbereid()
    if gebied.area <= 0:
        punten = list(getattr(gebied, "geoms", [gebied]))
        buiten = sum(1 for p in punten if not vlak.covers(p))
        return 0.0, 100.0 * buiten / max(len(punten), 1)
    if vlak.covers(gebied):
        return 0.0, 0.0
    rest = float(shapely.difference(gebied, vlak).area)
    if rest <= max(1.0, 1e-6 * gebied.area):  # slivers from generalised boundaries
        return 0.0, 0.0
    return rest, 100.0 * rest / gebied.area


def _m2(waarde: float) -> str:
    return getal(waarde)


def toets_regel(
    regel: Regel, regelset: Regelset, geom: BaseGeometry, catalogus: Catalogus, plaats: Plaats
) -> RegelUitslag:
    basis = {
        "regel": regel.id,
        "naam": regel.naam,
        "regelset": regelset.naam,
        "keuze": regel.keuze,
        "bron": "; ".join(b.citeer() for b in [regel.bron, *regel.bronnen]),
        "laag": regel.laag,
        "lezing": regel.lezing,
    }

    def uitslag(verdict: str, toelichting: str, **extra) -> RegelUitslag:
        return RegelUitslag(
            **basis, verdict=verdict, afwegingskader=AFWEGINGSKADER[verdict], toelichting=toelichting, **extra
        )

    gebied = geom
    if regel.provincie:
        prov = provincie_titel(regel.provincie)
        if not plaats.provincies:
            return uitslag(
                "niet-getoetst",
                f"Niet bepaald in welke provincie het plangebied ligt: het valt buiten "
                f"alle vlakken van de {plaats.bron}. Deze regel van de provincie {prov} "
                "is daarom niet getoetst. Voeg een laag 'provincies' toe die dit gebied "
                "dekt.",
                demo=plaats.demo,
            )
        if regel.provincie not in plaats.provincies:
            waar = ", ".join(provincie_titel(p) for p in plaats.provincies)
            return uitslag(
                "niet-van-toepassing",
                f"Het plangebied ligt buiten de provincie {prov} (het ligt in "
                f"{waar}, bepaald met de {plaats.bron}); deze provinciale regel "
                "geldt hier niet.",
                van_toepassing=False,
                demo=plaats.demo,
            )
        if geom.area > 0 and len(plaats.provincies) > 1:
            gebied = shapely.intersection(geom, catalogus.provincie_vlak([regel.provincie]))
    if isinstance(regel.conditie, Altijd):
        return uitslag(regel.verdict, regel.toelichting, voorwaarden=regel.voorwaarden)
    laag = catalogus.laag(regel.laag) if regel.laag else None
    if laag is None:
        return uitslag(
            "niet-getoetst",
            f"Laag '{regel.laag}' ontbreekt in de lagenconfiguratie ({catalogus.naam}); "
            f"deze regel is niet getoetst. {OPHALEN}",
        )
    cfg = catalogus.config.lagen[laag.id]
    demo = cfg.demo or (bool(regel.provincie) and plaats.demo)
    dekking = effectieve_dekking(catalogus, laag.id, laag)
    dekking_tekst = dekking.omschrijving if dekking else "onbekend"
    cond = regel.conditie
    zoekgebied = gebied.buffer(cond.meter) if isinstance(cond, Afstand) else gebied
    buiten_m2, buiten_pct = buiten_dekking(zoekgebied, dekking) if dekking else (None, None)
    extra = {
        "dekking": dekking_tekst,
        "demo": demo,
        "buiten_dekking_m2": None if buiten_m2 is None else round(buiten_m2, 1),
        "buiten_dekking_pct": None if buiten_pct is None else round(buiten_pct, 2),
    }

    def deels_buiten() -> str:
        if not buiten_pct:
            return ""
        return (
            f" Let op: {getal(buiten_pct, 1)} % van het {'zoekgebied' if zoekgebied is not gebied else 'plangebied'}"
            f"{f' ({_m2(buiten_m2)} m²)' if buiten_m2 else ''} ligt buiten de dekking van '{regel.laag}' "
            f"({dekking_tekst}) en is niet getoetst."
        )

    def geen_conflict(wat: str, **meer) -> RegelUitslag:
        if dekking is None:
            return uitslag(
                "niet-getoetst",
                f"{wat}, maar de lagenconfiguratie ({catalogus.naam}) zegt niet welk "
                f"gebied laag '{regel.laag}' dekt (geen 'dekking'): dat er geen object "
                f"ligt, bewijst niet dat er geen conflict is. {OPHALEN}",
                **extra,
                **meer,
            )
        if buiten_pct:
            hoeveel = "geheel" if buiten_pct >= 99.995 else f"voor {getal(buiten_pct, 1)} %"
            m2 = f" ({_m2(buiten_m2)} m²)" if buiten_m2 else ""
            waar = "zoekgebied" if zoekgebied is not gebied else "plangebied"
            binnen = "" if buiten_pct >= 99.995 else f" {wat} binnen de dekking."
            return uitslag(
                "niet-getoetst",
                f"Het {waar} ligt {hoeveel}{m2} buiten de dekking van laag "
                f"'{regel.laag}' ({dekking_tekst}); daar is niet getoetst.{binnen} "
                f"{OPHALEN}",
                **extra,
                **meer,
            )
        return uitslag(
            "geen-bezwaar", f"{wat}; getoetst binnen de dekking van '{regel.laag}' ({dekking_tekst}).", **extra, **meer
        )

    if isinstance(cond, RasterBoven):
        if not isinstance(laag, Rasterlaag):
            return uitslag(
                "niet-getoetst", f"Laag '{regel.laag}' is geen raster; deze regel vraagt rasterwaarden.", **extra
            )
        waarde = raster_max(laag, gebied)
        if waarde is None:
            return geen_conflict(f"Geen waarde van '{regel.laag}' binnen het plangebied", waarde=None)
        eenheid = f" {cond.eenheid}" if cond.eenheid else ""
        if waarde > cond.drempel:
            return uitslag(
                regel.verdict,
                f"{regel.toelichting} Hoogste waarde in het plangebied: "
                f"{getal(waarde, 2)}{eenheid} (drempel {getal_kort(cond.drempel)}{eenheid}).{deels_buiten()}",
                waarde=round(waarde, 3),
                voorwaarden=regel.voorwaarden,
                **extra,
            )
        return geen_conflict(
            f"Hoogste waarde {getal(waarde, 2)}{eenheid} blijft onder de drempel van "
            f"{getal_kort(cond.drempel)}{eenheid}",
            waarde=round(waarde, 3),
        )
    if not isinstance(laag, Vectorlaag):
        return uitslag("niet-getoetst", f"Laag '{regel.laag}' is een raster; deze regel vraagt vlakken.", **extra)
    ontbreekt = ontbrekende_velden(laag, cond.filter)
    if ontbreekt:
        return uitslag(
            "niet-getoetst",
            f"Laag '{regel.laag}' heeft geen veld {', '.join(map(repr, ontbreekt))}, "
            "dat deze regel nodig heeft; koppel het bronveld met 'attributen' in de "
            "lagenconfiguratie. Deze regel is niet getoetst.",
            **extra,
        )
    plan_m2 = float(gebied.area)
    if isinstance(cond, Afstand):
        idx = laag.boom.query(gebied, predicate="dwithin", distance=cond.meter)
    else:
        idx = laag.boom.query(gebied, predicate="intersects")
    idx = np.sort(idx)
    idx = idx[filter_masker(laag, cond.filter, idx)]
    if idx.size == 0:
        wat = f"binnen {getal(cond.meter)} m van" if isinstance(cond, Afstand) else "overlap met"
        meer = {} if isinstance(cond, Afstand) else {"overlap_m2": 0.0, "overlap_pct": 0.0}
        return geen_conflict(f"Geen {wat} laag '{regel.laag}'", **meer)
    feats = [str(f) for f in laag.feature_ids[idx][:10]]
    if isinstance(cond, Afstand):
        afstand = float(shapely.distance(gebied, laag.geometrie[idx]).min())
        return uitslag(
            regel.verdict,
            f"{regel.toelichting} Afstand tot {regel.laag}: {getal(afstand)} m "
            f"(zone {getal(cond.meter)} m).{deels_buiten()}",
            waarde=round(afstand, 1),
            features=feats,
            voorwaarden=regel.voorwaarden,
            **extra,
        )
    if plan_m2 > 0:
        overlap = float(shapely.union_all(shapely.intersection(gebied, laag.geometrie[idx])).area)
        pct = 100.0 * overlap / plan_m2
    else:  # a point plan: inside or not
        overlap, pct = 0.0, 100.0
    if pct < cond.min_pct or (plan_m2 > 0 and overlap <= 0):
        return geen_conflict(
            f"Overlap met '{regel.laag}' ({getal(pct, 1)} %) is kleiner dan {getal_kort(cond.min_pct)} %",
            overlap_m2=round(overlap, 1),
            overlap_pct=round(pct, 2),
        )
    return uitslag(
        regel.verdict,
        regel.toelichting + deels_buiten(),
        overlap_m2=round(overlap, 1),
        overlap_pct=round(pct, 2),
        features=feats,
        voorwaarden=regel.voorwaarden,
        **extra,
    )


def strengste(verdicts: list[str]) -> str:
    """The strictest verdict; rules that do not apply never decide it (nothing applies: geen-bezwaar)."""
    relevant = [v for v in verdicts if v != "niet-van-toepassing"]
    return min(relevant, key=STRENGHEID.index) if relevant else "geen-bezwaar"


def lagen_herkomst(catalogus: Catalogus, laag_ids: list[str]) -> list[LaagHerkomst]:
    uit = []
    for laag_id in dict.fromkeys(laag_ids):
        cfg = catalogus.config.lagen.get(laag_id)
        if cfg is None:
            if laag_id == "provincies":
                uit.append(
                    LaagHerkomst(
                        id="provincies",
                        omschrijving=catalogus.provincies_bron,
                        dekking="heel Nederland (alleen land)",
                        herkomst={"titel": "CBS gebiedsindelingen 2024", "licentie": "CC BY 4.0"},
                    )
                )
            continue
        dekking = catalogus.dekking(laag_id)
        uit.append(
            LaagHerkomst(
                id=laag_id,
                omschrijving=cfg.omschrijving,
                demo=cfg.demo,
                dekking=dekking.omschrijving if dekking else "onbekend",
                herkomst=cfg.herkomst.model_dump(mode="json", exclude_none=True) if cfg.herkomst else None,
            )
        )
    return uit


def toets(geom: BaseGeometry, functie: str, catalogus: Catalogus) -> Toetsuitslag:
    """Evaluate every rule that applies to ``functie`` for the (RD) plan geometry."""
    controleer_functie(functie)
    plaats = plaats_van(catalogus, geom)
    uitslagen = [toets_regel(r, rs, geom, catalogus, plaats) for rs, r in regels_voor(functie)]
    uitslagen.sort(key=lambda u: (STRENGHEID.index(u.verdict), u.regel))
    oordeel = strengste([u.verdict for u in uitslagen])
    demodata = any(u.demo for u in uitslagen) or catalogus.demo
    niet_getoetst = [f"{u.regel}: {u.toelichting}" for u in uitslagen if u.verdict == "niet-getoetst"]
    gebruikt = ["provincies"] if any(r.provincie for _rs, r in regels_voor(functie)) else []
    gebruikt += [u.laag for u in uitslagen if u.laag]
    c = geom.centroid
    return Toetsuitslag(
        functie=functie,
        functie_naam=functies().functies[functie].naam,
        oppervlakte_m2=round(float(geom.area), 1),
        oordeel=oordeel,
        afwegingskader=AFWEGINGSKADER[oordeel],
        regels=uitslagen,
        lagen=catalogus.naam,
        centroide_rd=(round(c.x, 1), round(c.y, 1)),
        demodata=demodata,
        waarschuwing=DEMO_WAARSCHUWING if demodata else None,
        niet_getoetst=niet_getoetst,
        telling=dict(Counter(u.verdict for u in uitslagen)),
        lagen_herkomst=lagen_herkomst(catalogus, gebruikt),
        provincies=plaats.provincies,
    )
