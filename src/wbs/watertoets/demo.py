"""Watertoets part of ``wbs demo``: two paving variants of one plan in the demo area of Aa en Maas, saved and
compared, plus a stream-valley plan in Drenthe (water board without confirmed norms)."""

from __future__ import annotations

from pathlib import Path

from shapely.geometry import box

from wbs.locatie.demo_data import DEMO_PLANNEN
from wbs.watertoets import opslag, rapport, service
from wbs.watertoets.engine import getal
from wbs.watertoets.models import WatertoetsInvoer

DEMO_WOONWIJK = box(150000, 410000, 150300, 410200)  # 6 ha in the illustrative Aa en Maas area near Den Bosch


def _regel(u) -> str:
    if u.compensatie_m3 is not None:
        comp = f"{getal(u.compensatie_m3, 1)} m³ berging"
        if u.gevoeligheidsfactor is not None:
            comp += f" (gevoeligheidsfactor {getal(u.gevoeligheidsfactor, 1)} als voorbeeldwaarde)"
    elif u.compensatie_m2_water is not None:
        comp = f"{getal(u.compensatie_m2_water, 1)} m² open water"
    else:
        comp = f"compensatie: {u.compensatie_soort}"
    return (
        f"{u.naam}: {u.waterschap_naam or 'waterschap onbekend'} · toename {getal(u.toename_verharding_m2)} m² · "
        f"procedure {u.procedure} · {comp}"
    )


def run_demo(console, werkmap: Path) -> None:
    varianten = []
    for naam, plan in (("Woonwijk variant A (veel verharding)", 3_000), ("Woonwijk variant B (groen)", 2_000)):
        u, _ = service.voer_uit(
            WatertoetsInvoer(
                geometrie=DEMO_WOONWIJK.wkt,
                functie="woningbouw",
                verhard_nu_m2=0,
                verhard_plan_m2=plan,
                gevoeligheidsfactor=1.0,
                grondgebruik_nu="grasland",
                afvoer=["infiltratie", "afvoer"],
                naam=naam,
            )
        )
        u = opslag.bewaar(u)
        varianten.append(u)
        console.print(_regel(u), highlight=False)
    a, b = varianten
    verschil = next(r for r in opslag.vergelijk(a, b) if r.kenmerk == "Compensatie (berging)")
    console.print(
        f"Vergelijking B ten opzichte van A: berging {verschil.verschil} (wbs watertoets vergelijk {a.id} {b.id})",
        highlight=False,
    )
    drenthe, _ = service.voer_uit(
        WatertoetsInvoer(
            geometrie=DEMO_PLANNEN["drentsche-aa-beekdal"].wkt,
            functie="bedrijventerrein",
            verhard_nu_m2=0,
            verhard_plan_m2=8_000,
            grondgebruik_nu="grasland",
            naam="Bedrijventerrein beekdal",
        )
    )
    console.print(_regel(drenthe), highlight=False)
    for m in drenthe.meldingen:
        console.print(f"  ! {m}", highlight=False)
    pad = werkmap / "watertoets-woonwijk-a.html"
    pad.write_text(rapport.naar_html(a), encoding="utf-8")
    console.print(f"Watertoets met berekening, normen en advies: {pad}")
    console.print(
        "Zelf proberen: [bold]wbs watertoets --geometrie PLAN.geojson --functie woningbouw --verhard-nu 0 "
        "--verhard-plan 3000[/] (bewaarde toetsen: wbs watertoets lijst; web: /locatie en /watertoets)"
    )
