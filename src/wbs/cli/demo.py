"""``wbs demo``: one command that shows every capability on the built-in demo data."""

from __future__ import annotations

import importlib
from pathlib import Path

import typer
from rich.console import Console
from rich.rule import Rule

from wbs.config import data_dir

# Each capability exposes ``run_demo(console, werkmap)`` in ``wbs.<capability>.demo``.
DEMO_STAPPEN = (
    ("kader", "Kader: de 33 structurerende keuzes"),
    ("locatie", "Locatietoets op de demodata"),
    ("watertoets", "Watertoets: verharding, berging en afvoer"),
    ("plan", "Plantoets van een provinciale omgevingsvisie"),
    ("monitor", "Borgingsmonitor met demovoortgang"),
)


def demo(
    werkmap: Path = typer.Option(None, help="Map voor de demobestanden (standaard: WBS-datamap/demo)."),
) -> None:
    console = Console()
    werkmap = werkmap or data_dir() / "demo"
    werkmap.mkdir(parents=True, exist_ok=True)
    for capability, titel in DEMO_STAPPEN:
        console.print(Rule(f"[bold]{titel}"))
        module = importlib.import_module(f"wbs.{capability}.demo")
        module.run_demo(console, werkmap)
    console.print(Rule())
    console.print(f"Demobestanden staan in [bold]{werkmap}[/]. Start de webapplicatie met [bold]wbs serve[/] "
                  "en open http://127.0.0.1:8000/")
    console.print("Daar: /kader (de 33 keuzes), /locatie (teken een plan of vergelijk kandidaten), "
                  "/locatie/scan (demopercelen screenen), /plan (probeer de Omgevingsvisie Drenthe), "
                  "/monitor (dashboard, roadmap, inloggen als demo-drenthe).")
