"""The locatieadvies: text table, standalone HTML with map, PDF."""

from __future__ import annotations

from datetime import date

from shapely.geometry.base import BaseGeometry

from wbs import rapport
from wbs.locatie.catalogus import Catalogus
from wbs.locatie.kaart import svg_kaart
from wbs.locatie.models import Toetsuitslag

OORDEEL_TEKST = {
    "verboden": "De functie past hier niet: minstens één regel verbiedt haar.",
    "nee-tenzij": "Nee, tenzij: alleen toegestaan als aan de genoemde voorwaarden wordt voldaan.",
    "voorwaarden": "Ja, mits aan de voorwaarden wordt voldaan.",
    "niet-getoetst": "Niet volledig getoetst: er ontbreken lagen. Vul de lagen aan voor een volledig oordeel.",
    "aandacht": "Geen bezwaar, met aandachtspunten.",
    "geen-bezwaar": "Geen bezwaar vanuit de getoetste regels.",
}


def relevante_lagen(uitslag: Toetsuitslag) -> list[str]:
    """Layers on which a rule fired: those are the ones the map shows."""
    gevuurd = [r.laag for r in uitslag.regels if r.laag and r.van_toepassing and r.verdict != "geen-bezwaar"]
    return list(dict.fromkeys(gevuurd))


def naar_html(uitslag: Toetsuitslag, geom: BaseGeometry, catalogus: Catalogus, titel: str = "Locatieadvies",
              extra_html: str | None = None) -> str:
    """``extra_html``: further sections (already rendered and escaped, e.g. the watertoets) after the rules."""
    kaart = svg_kaart(geom, catalogus, relevante_lagen(uitslag))
    return rapport.render("locatie/advies.html", u=uitslag, kaart=kaart, css=rapport.css(), titel=titel,
                          datum=date.today(), oordeel_tekst=OORDEEL_TEKST, extra_html=extra_html)


def naar_pdf(uitslag: Toetsuitslag, geom: BaseGeometry, catalogus: Catalogus, extra_html: str | None = None) -> bytes:
    return rapport.html_naar_pdf(naar_html(uitslag, geom, catalogus, extra_html=extra_html))
