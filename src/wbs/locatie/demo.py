"""Locatietoets part of ``wbs demo``: generate the demo layers and test two demo plans."""

from __future__ import annotations

import json
from pathlib import Path

from rich.console import Console
from shapely.geometry import mapping

from wbs.locatie import rapport, service
from wbs.locatie.demo_data import DEMO_PLANNEN


def run_demo(console: Console, werkmap: Path) -> None:
    from wbs.cli.locatie import toon_uitslag

    config = service.demo_config()
    console.print(f"Demolagen (illustratief, geen officiële data): {config}")
    cat = service.catalogus(config)
    for naam, functie in (("zwolle-uiterwaarden", "woningbouw"), ("drentsche-aa-beekdal", "bedrijventerrein")):
        plan = werkmap / f"plan-{naam}.geojson"
        plan.write_text(json.dumps({"type": "Feature", "properties": {"naam": naam},
                                    "geometry": mapping(DEMO_PLANNEN[naam]),
                                    "crs": {"type": "name", "properties": {"name": "EPSG:28992"}}}),
                        encoding="utf-8")
        uitslag, geom = service.toets_plan(str(plan), functie, allow_files=True)
        console.print(f"\n[bold]{naam}[/] ({plan.name}):")
        toon_uitslag(uitslag)
        advies = werkmap / f"locatieadvies-{naam}.html"
        advies.write_text(rapport.naar_html(uitslag, geom, cat), encoding="utf-8")
        console.print(f"Locatieadvies met kaart: {advies}")
    console.print("Zelf proberen: [bold]wbs locatie toets --geometrie PLAN.geojson --functie woningbouw[/]")
