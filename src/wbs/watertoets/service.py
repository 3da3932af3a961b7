"""Entry points shared by CLI, API and web: check the input, gather the context from the layers, run the engine.

Geometry parsing, the layer catalog and the layer checks come from :mod:`wbs.locatie`; keuze titles and
citations from :mod:`wbs.kader`. Nothing here writes files (see :mod:`wbs.watertoets.opslag`).
"""

from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from wbs.locatie import service as locatie_service
from wbs.locatie.catalogus import Catalogus, Vectorlaag, provincie_titel
from wbs.locatie.fouten import LocatieFout
from wbs.locatie.kern import toets_regel
from wbs.locatie.models import Overlap, RasterBoven, Regel, Regelset
from wbs.locatie.regels import controleer_functie, functies
from wbs.watertoets import kern
from wbs.watertoets.fouten import WatertoetsFout
from wbs.watertoets.models import Gebiedsbevinding, Gebiedscheck, Verharding, WatertoetsInvoer, Watertoetsuitslag
from wbs.watertoets.normen import controleer_waterschap, kennis, provincienormen, zoek_waterschap

WATERSCHAPPEN_LAAG = "waterschappen"
MAX_M2 = 1e9  # 100,000 ha: beyond any plan
_REGELSET = Regelset(naam="watertoets", omschrijving="Lagen die voor de watertoets tellen", regels=[])


@lru_cache(maxsize=1)
def _keuzes() -> tuple[dict[int, str], dict[int, str]]:
    from wbs.kader.laden import laad_kader

    k = laad_kader()
    return {kz.nr: kz.titel for kz in k.keuzes}, {kz.nr: kz.bron.citeer() for kz in k.keuzes}


def _getal(naam: str, waarde: float | None, plan_m2: float | None = None) -> float | None:
    if waarde is None:
        return None
    if isinstance(waarde, bool) or not isinstance(waarde, int | float) or not math.isfinite(waarde):
        raise WatertoetsFout(f"{naam} is geen geldig getal")
    if waarde < 0:
        raise WatertoetsFout(f"{naam} mag niet negatief zijn (opgegeven: {kern.getal(waarde, 1)} m²)")
    if waarde > MAX_M2:
        raise WatertoetsFout(f"{naam} is onmogelijk groot ({kern.getal(waarde)} m²)")
    if plan_m2 and waarde > plan_m2 * 1.0001:
        raise WatertoetsFout(
            f"{naam} ({kern.getal(waarde)} m²) is groter dan het plangebied ({kern.getal(plan_m2)} m²); dat kan niet"
        )
    return float(waarde)


def _verharding(naam: str, v: Verharding | None, totaal: float | None, plan_m2: float | None) -> float | None:
    if v is None:
        return totaal
    for soort in ("dak", "weg", "overig"):
        _getal(f"{naam} ({soort})", getattr(v, soort))
    som = v.totaal
    if totaal is not None and abs(som - totaal) > 0.5:
        raise WatertoetsFout(
            f"{naam}: dak + weg + overig ({kern.getal(som)} m²) wijkt af van het opgegeven totaal "
            f"({kern.getal(totaal)} m²)"
        )
    return _getal(naam, som, plan_m2)


def lees_invoer(verzoek: WatertoetsInvoer, geom: BaseGeometry) -> kern.Invoer:
    """Check the numbers and names of a request (Dutch messages) and return the engine's input."""
    plan_m2 = float(geom.area) or None
    nu = _getal("Huidig verhard oppervlak", verzoek.verhard_nu_m2, plan_m2)
    plan = _getal("Gepland verhard oppervlak", verzoek.verhard_plan_m2, plan_m2)
    nu = _verharding("Huidig verhard oppervlak", verzoek.verharding_nu, nu, plan_m2)
    plan = _verharding("Gepland verhard oppervlak", verzoek.verharding_plan, plan, plan_m2)
    gg = kennis().grondgebruik
    for veld, waarde in (
        ("grondgebruik_nu", verzoek.grondgebruik_nu),
        ("grondgebruik_plan", verzoek.grondgebruik_plan),
    ):
        if waarde is not None and waarde not in gg:
            raise WatertoetsFout(f"onbekend grondgebruik {waarde!r} ({veld}); kies uit: {', '.join(gg)}")
    if (nu is None) != (plan is None):
        raise WatertoetsFout(
            "geef zowel het huidige als het geplande verhard oppervlak op (0 als er nu niets verhard is)"
        )
    if nu is None and not verzoek.grondgebruik_nu:
        raise WatertoetsFout(
            "geef het huidige en geplande verhard oppervlak op, of een wijziging van grondgebruik (grondgebruik_nu)"
        )
    f = verzoek.gevoeligheidsfactor
    if f is not None and (isinstance(f, bool) or not math.isfinite(f) or f <= 0 or f > 10):
        raise WatertoetsFout("de gevoeligheidsfactor moet een getal groter dan 0 en ten hoogste 10 zijn")
    if verzoek.naam is not None and len(verzoek.naam) > 80:
        raise WatertoetsFout("de naam mag hoogstens 80 tekens lang zijn")
    return kern.Invoer(
        verhard_nu_m2=nu or 0.0,
        verhard_plan_m2=plan or 0.0,
        verharding_nu=verzoek.verharding_nu,
        verharding_plan=verzoek.verharding_plan,
        grondgebruik_nu=verzoek.grondgebruik_nu,
        grondgebruik_plan=verzoek.grondgebruik_plan,
        afvoer=list(dict.fromkeys(verzoek.afvoer)),
        gevoeligheidsfactor=f,
        naam=(verzoek.naam or "").strip() or None,
    )


def waterschap_uit_laag(geom: BaseGeometry, catalogus: Catalogus) -> tuple[str | None, list[str]]:
    """The water board under the plan from the ``waterschappen`` layer (largest overlap), and notes."""
    laag = catalogus.laag(WATERSCHAPPEN_LAAG) if catalogus.heeft(WATERSCHAPPEN_LAAG) else None
    if not isinstance(laag, Vectorlaag):
        return None, []
    idx = np.sort(laag.boom.query(geom, predicate="intersects"))
    if idx.size == 0:
        return None, ["Het plangebied ligt buiten de laag 'waterschappen'."]
    if geom.area > 0 and idx.size > 1:
        delen = shapely.area(shapely.intersection(geom, laag.geometrie[idx]))
        idx = idx[np.argsort(-delen, kind="stable")]
    kandidaten = []
    for i in idx:
        for veld in ("code", "naam"):
            if veld in laag.attributen:
                kandidaten.append(str(laag.attributen[veld][i]))
    noten = []
    gevonden = None
    for k in kandidaten:
        w = zoek_waterschap(k)
        if w:
            gevonden = w.id
            break
    naam_veld = "naam" if "naam" in laag.attributen else ("code" if "code" in laag.attributen else None)
    if idx.size > 1 and naam_veld:
        namen = ", ".join(str(laag.attributen[naam_veld][i]) for i in idx)
        noten.append(
            f"Het plangebied ligt in meer dan één waterschap ({namen}); getoetst is het waterschap met de "
            "grootste overlap."
        )
    if gevonden is None:
        namen = ", ".join(dict.fromkeys(kandidaten)) or "?"
        noten.append(f"Waterschap uit de laag ({namen}) staat niet in de normbestanden: normen onbekend.")
    return gevonden, noten


def _provincie(geom: BaseGeometry, catalogus: Catalogus) -> tuple[str | None, bool]:
    """The province at the plan (title case, as the norm files write it), from the catalog's ``provincies``
    layer or else the province outlines shipped with the Locatietoets."""
    laag = catalogus.provincies()
    punt = geom.representative_point()
    idx = laag.boom.query(punt, predicate="intersects")
    return (provincie_titel(str(laag.attributen["naam"][idx[0]])) if idx.size else None), True


def _regel(check: Gebiedscheck) -> Regel:
    if check.drempel is not None:
        conditie = RasterBoven(type="raster", drempel=check.drempel, eenheid=check.eenheid)
    else:
        conditie = Overlap(filter=dict(check.filter))
    return Regel(
        id=check.id,
        naam=check.naam,
        keuze=check.keuze,
        bron={"bestand": check.bron.bestand, "regels": check.bron.regels},
        laag=check.laag,
        conditie=conditie,
        functies=["alle"],
        verdict="aandacht",
        toelichting=check.tekst,
    )


def gebieden(geom: BaseGeometry, catalogus: Catalogus) -> list[Gebiedsbevinding]:
    """Which water-relevant layers the plan lies in (reusing the Locatietoets rule evaluation)."""
    uit = []
    for check in kennis().gebieden:
        r = toets_regel(_regel(check), _REGELSET, geom, catalogus, None)
        uitkomst = {"aandacht": "ligt-in", "niet-getoetst": "niet-getoetst"}.get(r.verdict, "buiten")
        toelichting = check.tekst if uitkomst == "ligt-in" else r.toelichting
        if uitkomst == "ligt-in" and r.waarde is not None:
            toelichting += f" Hoogste waarde in het plangebied: {kern.getal(r.waarde, 2)} {check.eenheid}."
        uit.append(
            Gebiedsbevinding(
                **check.model_dump(include={"id", "laag", "naam", "procedure_minimaal", "keuze"}),
                uitkomst=uitkomst,
                toelichting=toelichting,
                bron=check.bron.citeer(),
                waarde=r.waarde,
                features=r.features,
            )
        )
    return uit


def context(geom: BaseGeometry, functie: str, catalogus: Catalogus, waterschap: str | None) -> kern.Context:
    controleer_functie(functie)
    meldingen: list[str] = []
    if waterschap:
        ws, herkomst = controleer_waterschap(waterschap), "opgegeven"
    else:
        gevonden, meldingen = waterschap_uit_laag(geom, catalogus)
        ws = controleer_waterschap(gevonden) if gevonden else None
        herkomst = "afgeleid" if ws else "onbekend"
        if ws and "demo" in (catalogus.config.naam or "").lower():
            meldingen.append(
                f"{ws.naam} afgeleid uit de demolaag 'waterschappen' (illustratieve grenzen, geen officiële data)."
            )
    provincie, bekend = _provincie(geom, catalogus)
    titels, bronnen = _keuzes()
    c = geom.centroid
    return kern.Context(
        functie=functie,
        functie_naam=functies().functies[functie].naam,
        oppervlakte_m2=round(float(geom.area), 1),
        centroide_rd=(round(c.x, 1), round(c.y, 1)),
        geometrie_wkt=shapely.to_wkt(geom, rounding_precision=2),
        lagen=catalogus.bron,
        waterschap=ws,
        waterschap_herkomst=herkomst,
        provincie=provincie,
        provincie_bekend=bekend,
        gebieden=gebieden(geom, catalogus),
        keuze_titels=titels,
        keuze_bronnen=bronnen,
        meldingen=meldingen,
    )


def voer_uit(
    verzoek: WatertoetsInvoer, lagen: str | Path | None = None, *, allow_files: bool = False
) -> tuple[Watertoetsuitslag, BaseGeometry]:
    """Run a watertoets for a request. ``allow_files`` lets the geometry be a file path (CLI only, never over
    HTTP). Raises WatertoetsFout (a LocatieFout from the geometry or layers is re-raised as one)."""
    try:
        from wbs.locatie.geometrie import lees_geometrie

        geom = lees_geometrie(verzoek.geometrie, verzoek.crs, allow_files=allow_files)
        controleer_functie(verzoek.functie)
        invoer = lees_invoer(verzoek, geom)
        cat = locatie_service.catalogus(lagen)
        ctx = context(geom, verzoek.functie, cat, verzoek.waterschap)
    except LocatieFout as exc:
        raise WatertoetsFout(str(exc)) from exc
    return kern.toets(invoer, ctx, kennis(), provincienormen()), geom
