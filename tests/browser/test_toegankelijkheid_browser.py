"""Accessible and usable on a phone (issue 20): every main page at 390 px wide without sideways scrolling, and
axe-core (vendored) finding no serious or critical violation, on the pages as they load and with results shown.

Fixtures (server with demo data, chromium, ``telefoon`` page, ``axe``) live in ``conftest.py`` beside this file.
"""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PAGINAS = [
    "/",
    "/kader",
    "/kader/keuze/10",
    "/locatie",
    "/locatie/scan",
    "/watertoets",
    "/plan",
    "/plan/documenten",
    "/monitor",
    "/monitor/roadmap",
    "/monitor/stap/1.1.2-s1",
    "/monitor/keuze/4",
    "/monitor/organisatie/drenthe",
    "/monitor/indicatoren",
    "/monitor/afspraken",
    "/monitor/afspraak/overijssel-r150",
    "/monitor/jaarmonitor",
    "/monitor/login",
    "/bronnen/wbs-borgingskalender.txt?van=552&tot=553",
    "/nietbestaand",
]


def _breedte(pg) -> int:
    return pg.evaluate("document.documentElement.scrollWidth")


@pytest.mark.parametrize("pad", PAGINAS)
def test_page_fits_a_phone_and_has_no_serious_accessibility_violations(app_server, telefoon, axe, pad):
    r = telefoon.goto(app_server + pad)
    assert r.status == (404 if pad == "/nietbestaand" else 200)
    telefoon.wait_for_load_state("networkidle")
    assert _breedte(telefoon) <= 390, f"{pad} is {_breedte(telefoon)} px breed op een telefoon van 390 px"
    assert axe(telefoon) == [], pad
    if pad != "/nietbestaand":  # the browser logs the 404 of the page itself
        assert telefoon.fouten == []


def test_results_on_a_phone_fit_and_pass_axe(app_server, telefoon, axe):
    """The pages with their results in them: the Locatietoets verdict, a parcel screening, a Plantoets matrix."""
    telefoon.goto(app_server + "/locatie")
    telefoon.click("#tekstinvoer summary")
    telefoon.fill("#plantekst", "201200 501400\n201700 501400\n201700 501900\n201200 501900")
    telefoon.click("#tekst-gebruik")
    telefoon.wait_for_selector("#kaart[data-plan=klaar]")
    telefoon.click("#toets")
    telefoon.wait_for_selector("#uitslag")
    telefoon.click("#geen-bezwaar-regels summary")
    assert _breedte(telefoon) <= 390
    assert axe(telefoon) == []

    telefoon.goto(app_server + "/locatie/scan")
    telefoon.check("#demo")
    telefoon.click("#screen")
    telefoon.wait_for_selector("#scankaart[data-getekend]", timeout=60_000)
    assert _breedte(telefoon) <= 390
    assert axe(telefoon) == []

    telefoon.goto(app_server + "/plan")
    telefoon.click("#voorbeeldform button[type=submit]")
    telefoon.wait_for_selector("#planresultaat", timeout=120_000)
    telefoon.locator(".matrix .cel").first.click()
    assert _breedte(telefoon) <= 390
    assert axe(telefoon) == []
    assert telefoon.fouten == []


def test_review_controls_pass_axe(app_server, pagina, axe, inloggen, tmp_path):
    """The Plantoets review interface (logged in as an invoerder) on a desktop screen, with a review started."""
    bestand = tmp_path / f"axe-{uuid.uuid4().hex[:8]}.txt"  # a document version no other test uses
    bestand.write_text(
        "De provincie legt in de omgevingsverordening vast dat in grondwaterbeschermingsgebieden geen nieuwe "
        "bebouwing is toegestaan.\n\nWij stimuleren waterbesparing en verminderen het drinkwatergebruik.\n",
        encoding="utf-8",
    )
    inloggen(pagina, "demo-drenthe")
    pagina.goto(app_server + "/plan")
    pagina.set_input_files("#bestand", str(bestand))
    pagina.click("#uploadform button[type=submit]")
    pagina.wait_for_selector("#planresultaat button.start-beoordeling", timeout=60_000)
    pagina.click("button.start-beoordeling")
    pagina.wait_for_selector("#planresultaat .melding")
    pagina.locator(".matrix .cel[data-review=voorstel]").first.click()
    assert axe(pagina) == []
    assert pagina.fouten == []


def test_skip_link_is_the_first_keyboard_stop(app_server, pagina):
    pagina.goto(app_server + "/kader")
    pagina.keyboard.press("Tab")
    assert pagina.evaluate("document.activeElement.textContent.trim()") == "Naar de inhoud"
    expect(pagina.locator(".skiplink")).to_be_visible()
    pagina.keyboard.press("Enter")
    assert pagina.evaluate("document.activeElement.id") == "inhoud"


def test_a_plan_area_can_be_entered_and_tested_without_a_mouse(app_server, pagina):
    """The keyboard path beside drawing: coordinates typed in the text field, everything by Tab and Enter."""
    pagina.goto(app_server + "/locatie")
    pagina.focus("#tekstinvoer summary")
    pagina.keyboard.press("Enter")
    pagina.focus("#plantekst")
    pagina.keyboard.type("POLYGON((201200 501400, 201700 501400, 201700 501900, 201200 501900, 201200 501400))")
    pagina.keyboard.press("Tab")
    assert pagina.evaluate("document.activeElement.id") == "tekst-gebruik"
    pagina.keyboard.press("Enter")
    pagina.wait_for_selector("#kaart[data-plan=klaar]")
    pagina.focus("#functie")
    pagina.select_option("#functie", "datacenter")
    pagina.keyboard.press("Tab")
    assert pagina.evaluate("document.activeElement.id") == "toets"
    pagina.keyboard.press("Enter")
    pagina.wait_for_selector("#uitslag")
    assert pagina.get_attribute("#uitslag", "data-oordeel") == "verboden"
    # the GeoJSON upload is reachable by keyboard too (a focusable file input inside its label)
    assert pagina.evaluate("getComputedStyle(document.getElementById('upload')).display") != "none"
    assert pagina.fouten == []


def test_badge_colours_reach_wcag_aa(app_server, pagina):
    """White (or dark) text on every verdict, status and coverage colour: at least 4.5:1."""
    pagina.goto(app_server + "/kader")
    verhoudingen = pagina.evaluate(
        """() => {
        const lum = (rgb) => { const c = rgb.match(/\\d+/g).slice(0, 3).map(Number).map(v => v / 255)
            .map(v => v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4));
            return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]; };
        const uit = {};
        const klassen = ["badge v-verboden", "badge v-nee-tenzij", "badge v-voorwaarden", "badge v-aandacht",
            "badge v-geen-bezwaar", "badge v-niet-getoetst", "badge v-niet-van-toepassing"];
        for (const k of klassen) {
            const el = document.createElement("span"); el.className = k; el.textContent = "x";
            document.body.appendChild(el);
            const s = getComputedStyle(el);
            const a = lum(s.color), b = lum(s.backgroundColor);
            uit[k] = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
            el.remove();
        }
        return uit; }"""
    )
    for klasse, verhouding in verhoudingen.items():
        assert verhouding >= 4.5, f"{klasse}: contrast {verhouding:.2f}:1"
