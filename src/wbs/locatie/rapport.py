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
    "niet-getoetst": (
        "Niet volledig getoetst: voor minstens één regel ontbreekt een laag, is de dekking van de laag "
        "onbekend of ligt het plangebied (deels) buiten die dekking. Dit is geen 'geen bezwaar'; "
        "hieronder staat wat ontbreekt en waar u het haalt."
    ),
    "aandacht": "Geen bezwaar binnen de dekking van de getoetste lagen, met aandachtspunten.",
    "geen-bezwaar": "Geen bezwaar: elke regel is getoetst binnen de dekking van zijn laag.",
    "niet-van-toepassing": "Geen van de regels is hier van toepassing.",
}


def relevante_lagen(uitslag: Toetsuitslag) -> list[str]:
    """Layers on which a rule fired: those are the ones the map shows."""
    gevuurd = [
        r.laag
        for r in uitslag.regels
        if r.laag and r.verdict not in ("geen-bezwaar", "niet-getoetst", "niet-van-toepassing")
    ]
    return list(dict.fromkeys(gevuurd))


def naar_html(
    uitslag: Toetsuitslag,
    geom: BaseGeometry,
    catalogus: Catalogus,
    titel: str = "Locatieadvies",
    extra_html: str | None = None,
) -> str:
    """``extra_html``: further sections (already rendered and escaped, e.g. the watertoets) after the rules."""
    kaart = svg_kaart(geom, catalogus, relevante_lagen(uitslag))
    return rapport.vul_sjabloon(
        "locatie/advies.html",
        u=uitslag,
        kaart=kaart,
        css=rapport.css(),
        titel=titel,
        datum=date.today(),
        oordeel_tekst=OORDEEL_TEKST,
        extra_html=extra_html,
    )


def vergelijking_html(kandidaten: list, catalogus: Catalogus) -> str:
    """The site comparison as one standalone report: the ranking, then per location its verdict, map and rules.
    ``kandidaten`` are :class:`wbs.locatie.service.Kandidaat` objects, most suitable first."""
    return rapport.vul_sjabloon(
        "locatie/vergelijking.html",
        kandidaten=kandidaten,
        functie_naam=kandidaten[0].uitslag.functie_naam if kandidaten else "",
        kaarten=[svg_kaart(k.geometrie, catalogus, relevante_lagen(k.uitslag)) for k in kandidaten],
        css=rapport.css(),
        datum=date.today(),
        oordeel_tekst=OORDEEL_TEKST,
    )


def vergelijking_pdf(kandidaten: list, catalogus: Catalogus) -> bytes:
    return rapport.html_naar_pdf(vergelijking_html(kandidaten, catalogus))


def naar_pdf(uitslag: Toetsuitslag, geom: BaseGeometry, catalogus: Catalogus, extra_html: str | None = None) -> bytes:
    return rapport.html_naar_pdf(naar_html(uitslag, geom, catalogus, extra_html=extra_html))
