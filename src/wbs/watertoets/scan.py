"""Batch watertoets for a parcel file: per parcel the added paving, the procedure and the storage volume.

Vectorised with numpy per water board. Only the water-board paving norms are applied here (procedure band and
compensation); the layer checks and provincial rules of the single test are not, which the output says in
``watertoets_opmerking``. A paving value that is negative or larger than the parcel stops the whole run with a
Dutch error before anything is written.
"""

from __future__ import annotations

import numpy as np
import shapely

from wbs.locatie.catalogus import Catalogus, Vectorlaag
from wbs.watertoets.fouten import WatertoetsFout
from wbs.watertoets.models import Waterschap
from wbs.watertoets.normen import controleer_waterschap, zoek_waterschap
from wbs.watertoets.service import WATERSCHAPPEN_LAAG

KOLOMMEN = (
    "waterschap",
    "toename_verharding_m2",
    "procedure",
    "compensatie_m3",
    "compensatie_m2_water",
    "watertoets_opmerking",
)


def _kolom(gdf, naam: str, wat: str) -> np.ndarray:
    if naam not in gdf.columns:
        kolommen = ", ".join(c for c in gdf.columns if c != gdf.geometry.name)
        raise WatertoetsFout(f"kolom {naam!r} ({wat}) staat niet in het percelenbestand; kolommen: {kolommen}")
    import pandas as pd

    waarden = pd.to_numeric(gdf[naam], errors="coerce").to_numpy(dtype=float)
    tekst = gdf[naam].notna().to_numpy() & np.isnan(waarden)
    if tekst.any():
        i = int(np.flatnonzero(tekst)[0])
        raise WatertoetsFout(
            f"kolom {naam!r} bevat tekst waar een oppervlakte in m² hoort (rij {i + 1}: {gdf[naam].iloc[i]!r})"
        )
    return waarden


def _waterschap_per_perceel(geoms: np.ndarray, catalogus: Catalogus) -> np.ndarray:
    uit = np.full(len(geoms), "", dtype=object)
    laag = catalogus.laag(WATERSCHAPPEN_LAAG) if catalogus.heeft(WATERSCHAPPEN_LAAG) else None
    if not isinstance(laag, Vectorlaag):
        return uit
    punten = shapely.point_on_surface(geoms)
    pi, fi = laag.boom.query(punten, predicate="intersects")
    cache: dict[str, str] = {}
    for veld in ("naam", "code"):  # code wins when both match
        if veld not in laag.attributen:
            continue
        for p, f in zip(pi, fi, strict=True):
            waarde = str(laag.attributen[veld][f])
            if waarde not in cache:
                w = zoek_waterschap(waarde)
                cache[waarde] = w.id if w else ""
            if cache[waarde]:
                uit[p] = cache[waarde]
    return uit


def _per_waterschap(w: Waterschap, toename: np.ndarray, factor: float | None):
    n = len(toename)
    procedure = np.full(n, "normaal", dtype=object)
    m3 = np.full(n, np.nan)
    m2 = np.full(n, np.nan)
    opmerking = np.full(n, "", dtype=object)
    if not w.klassen:
        opmerking[:] = f"normen onbekend ({w.naam})"
        return procedure, m3, m2, opmerking
    rest = np.ones(n, dtype=bool)
    positief = np.maximum(toename, 0.0)
    for k in w.klassen:
        if k.tot_m2 is None:
            binnen = rest.copy()
        else:
            binnen = rest & ((positief < k.tot_m2) | (k.tot_inclusief & (positief == k.tot_m2)))
        rest &= ~binnen
        procedure[binnen] = k.procedure
        c = k.compensatie
        if c.soort == "geen":
            m3[binnen] = 0.0
        elif c.soort == "diepte":
            if c.gevoeligheidsfactor and factor is None:
                opmerking[binnen] = (
                    f"gevoeligheidsfactor niet opgegeven: berging = toename × F × {c.diepte_m:g} m".replace(".", ",")
                )
            else:
                m3[binnen] = np.round(positief[binnen] * c.diepte_m * (factor if c.gevoeligheidsfactor else 1.0), 1)
        elif c.soort == "percentage-oppervlak":
            m2[binnen] = np.round(positief[binnen] * c.percentage / 100.0, 1)
        elif c.soort == "maatwerk":
            opmerking[binnen] = "compensatie op maat (waterschap)"
        else:
            opmerking[binnen] = "normen onbekend voor deze klasse"
    m3[toename <= 0] = 0.0
    return procedure, m3, m2, opmerking


def watertoets_percelen(
    gdf,
    kolom_plan: str,
    catalogus: Catalogus,
    kolom_nu: str | None = None,
    waterschap: str | None = None,
    gevoeligheidsfactor: float | None = None,
) -> dict:
    """Add the watertoets columns to ``gdf`` (in place) and return a summary. Raises WatertoetsFout on bad data."""
    plan = _kolom(gdf, kolom_plan, "gepland verhard oppervlak")
    nu = _kolom(gdf, kolom_nu, "huidig verhard oppervlak") if kolom_nu else np.zeros(len(gdf))
    nu = np.where(np.isnan(nu), 0.0, nu)
    geoms = np.asarray(gdf.geometry.values)
    oppervlak = shapely.area(geoms)
    for naam, waarden in ((kolom_plan, plan), (kolom_nu, nu)):
        if naam is None:
            continue
        negatief = np.flatnonzero(waarden < 0)
        if negatief.size:
            raise WatertoetsFout(
                f"kolom {naam!r} bevat negatieve oppervlakten (eerste: rij {negatief[0] + 1}, "
                f"{waarden[negatief[0]]:g} m²); niets opgeslagen"
            )
        te_groot = np.flatnonzero((waarden > oppervlak * 1.0001) & (oppervlak > 0))
        if te_groot.size:
            i = int(te_groot[0])
            raise WatertoetsFout(
                f"kolom {naam!r}: rij {i + 1} heeft {waarden[i]:,.0f} m² verharding op een perceel "
                f"van {oppervlak[i]:,.0f} m²; dat kan niet (niets opgeslagen)".replace(",", ".")
            )
    if gevoeligheidsfactor is not None and not (0 < gevoeligheidsfactor <= 10):
        raise WatertoetsFout("de gevoeligheidsfactor moet groter dan 0 en ten hoogste 10 zijn")
    if waterschap:
        ws_ids = np.full(len(gdf), controleer_waterschap(waterschap).id, dtype=object)
    else:
        ws_ids = _waterschap_per_perceel(geoms, catalogus)
    toename = np.round(plan - nu, 1)
    procedure = np.full(len(gdf), "normaal", dtype=object)
    m3 = np.full(len(gdf), np.nan)
    m2 = np.full(len(gdf), np.nan)
    opmerking = np.full(len(gdf), "waterschap onbekend", dtype=object)
    for ws_id in sorted(set(ws_ids.tolist()) - {""}):
        sel = ws_ids == ws_id
        p, a, b, o = _per_waterschap(controleer_waterschap(ws_id), toename[sel], gevoeligheidsfactor)
        procedure[sel], m3[sel], m2[sel], opmerking[sel] = p, a, b, o
    ontbreekt = np.isnan(plan)
    procedure[ontbreekt] = ""
    m3[ontbreekt] = np.nan
    m2[ontbreekt] = np.nan
    opmerking[ontbreekt] = "verharding niet opgegeven"
    basis = "alleen waterschapsnormen voor verharding; lagen en provinciale regels: zie de enkele watertoets"
    opmerking = np.array([f"{o}; {basis}" if o else basis for o in opmerking], dtype=object)
    gdf["waterschap"] = ws_ids
    gdf["toename_verharding_m2"] = np.where(ontbreekt, np.nan, toename)
    gdf["procedure"] = procedure
    gdf["compensatie_m3"] = m3
    gdf["compensatie_m2_water"] = m2
    gdf["watertoets_opmerking"] = opmerking
    telling = {p: int((procedure == p).sum()) for p in ("geen", "kort", "normaal") if (procedure == p).any()}
    return {
        "percelen_met_verharding": int((~ontbreekt).sum()),
        "procedure": telling,
        "compensatie_m3_totaal": round(float(np.nansum(m3)), 1),
        "compensatie_m2_water_totaal": round(float(np.nansum(m2)), 1),
        "waterschap_onbekend": int(((ws_ids == "") & ~ontbreekt).sum()),
    }


def scan_aanvulling(gdf, catalogus: Catalogus, kolom_plan: str, kolom_nu: str | None = None) -> dict:
    """The per-parcel watertoets as an enrichment of the Locatietoets parcel scan (see ``wbs.locatie.scans``)."""
    return watertoets_percelen(gdf, kolom_plan, catalogus, kolom_nu)
