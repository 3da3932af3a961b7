"""Shared test material of the Plantoets tests (imported as a module; the koppelaar fixture lives in conftest.py)."""

from __future__ import annotations

import io
from importlib import resources
from pathlib import Path

from typer.testing import CliRunner

BRONNEN = Path(str(resources.files("wbs.bronnen")))
SCRIPTS = Path(__file__).resolve().parents[2] / "scripts" / "plan"


def laad_script(naam: str, module_naam: str | None = None):
    """A script of scripts/plan as a module (not a package: the scripts import their siblings by name, so the
    folder is on sys.path while it loads)."""
    import importlib.util
    import sys

    sys.path.insert(0, str(SCRIPTS))
    try:
        spec = importlib.util.spec_from_file_location(module_naam or naam, SCRIPTS / f"{naam}.py")
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
    finally:
        sys.path.remove(str(SCRIPTS))
    return mod


ALINEAS = [
    "We staan in de uiterwaarden geen nieuwe bebouwing meer toe.",
    "In het veenweidegebied bewegen we toe naar een grondwaterstand van 20 tot 40 cm onder maaiveld.",
    "De provincie stimuleert cultuur en toerisme in de binnensteden.",
]


def _pdf(paginas: list[str]) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    for tekst in paginas:
        y = 800
        for regel in tekst.split("\n"):
            c.drawString(50, y, regel)
            y -= 14
        c.showPage()
    c.save()
    return buf.getvalue()


KOLOMKOP = "Concrete stappen Doorwerking (instrumenten) in de beleidscyclus Borging van de doorwerking Agendering"


MAATREGELTABEL = (
    "Maatregel 1.1.3.\nProvincies en drinkwaterbedrijven werken toe naar een landelijk drinkwaternetwerk.\n\n"
    f"{KOLOMKOP}\n\nOpstellen van het actieprogramma, samen met de provincies.\n\n"
    f"Maatregel 1.1.4.\nWe werken aan een plan van aanpak.\n\n{KOLOMKOP}\n\n"
    "Bestuurlijke afspraken worden gemaakt in het BO Water.\n\n"
)


MEER_MAATREGELEN = "".join(f"Maatregel 2.0.{i}.\nTekst.\n\n{KOLOMKOP}\n\n" for i in range(1, 4))

runner = CliRunner()
