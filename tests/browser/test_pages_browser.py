"""The main pages in a real headless browser (Playwright driving Debian's chromium).

Fixtures (server with demo data, chromium, fresh page) live in ``conftest.py`` beside this file.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("pad", ["/", "/kader", "/kader/keuze/10", "/locatie", "/locatie/scan", "/plan", "/monitor",
                                 "/monitor/roadmap"])
def test_pages_load_without_errors(app_server, pagina, pad):
    r = pagina.goto(app_server + pad)
    assert r.status == 200
    pagina.wait_for_load_state("networkidle")
    assert pagina.fouten == []


def test_kader_search_filters_live(app_server, pagina):
    pagina.goto(app_server + "/kader")
    pagina.fill("#q", "verzilting")
    expect(pagina.locator("#aantal")).not_to_have_text(re.compile(r"^33 van"))
    tekst = pagina.text_content("#aantal")
    assert "van 33" in tekst and not tekst.startswith("33 ")


def test_locatie_map_draw_and_advice(app_server, pagina):
    pagina.goto(app_server + "/locatie")
    pagina.wait_for_selector(".leaflet-container")
    pagina.wait_for_selector("path.leaflet-interactive")  # demo layers arrived as GeoJSON overlays
    # Draw a square in the IJssel floodplain near Zwolle by clicking on the map.
    kaart = pagina.locator("#kaart")
    pagina.evaluate("wbsLocatie.kaart.setView([52.513, 6.05], 14)")
    pagina.click("#teken")  # since issue 16 a plain click shows what lies there; drawing is a mode
    box = kaart.bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    for dx, dy in ((-20, -20), (20, -20), (20, 20), (-20, 20)):
        pagina.mouse.click(cx + dx, cy + dy)
    pagina.click("#sluit")
    pagina.wait_for_selector("#kaart[data-plan=klaar]")
    pagina.select_option("#functie", "woningbouw")
    pagina.click("#toets")
    pagina.wait_for_selector("#uitslag")
    assert pagina.text_content("#oordeel").strip() in {"verboden", "nee-tenzij", "voorwaarden"}
    assert pagina.fouten == []


def test_monitor_filter_login_and_edit(app_server, pagina, demo_wachtwoord):
    pagina.goto(app_server + "/monitor")
    voor = pagina.text_content("#aantal-achterstallig")
    pagina.select_option("select[name=organisatie]", "drenthe")
    expect(pagina.locator("#aantal-achterstallig")).not_to_have_text(voor)
    pagina.goto(app_server + "/monitor/login")
    pagina.fill("input[name=gebruikersnaam]", "demo-drenthe")
    pagina.fill("input[name=wachtwoord]", demo_wachtwoord)
    pagina.click("button[type=submit]")
    pagina.wait_for_url(app_server + "/monitor")
    assert "demo-drenthe" in pagina.text_content(".gebruikerbalk")
    pagina.goto(app_server + "/monitor?organisatie=drenthe&status=loopt")
    pagina.click("table.stappen a >> nth=0")
    formulier = pagina.locator("form.wijzig").first
    formulier.locator("input[name=percentage]").fill("77")
    formulier.locator("textarea[name=toelichting]").fill("via de browser")
    formulier.locator("button[type=submit]").click()
    pagina.wait_for_selector("#historie")
    assert "via de browser" in pagina.text_content("table.historie")


def test_batch_screening_draws_parcels_by_verdict(app_server, pagina):
    pagina.goto(app_server + "/locatie/scan")
    pagina.check("#demo")
    pagina.select_option("#functie", "woningbouw")
    pagina.click("#screen")
    pagina.wait_for_selector("#scankaart[data-getekend]")
    assert int(pagina.get_attribute("#scankaart", "data-getekend")) > 2000
    assert pagina.locator("#scankaart path.leaflet-interactive").count() > 2000
    assert "percelen gescreend op woningbouw" in pagina.text_content("section.scan h2")
    assert pagina.fouten == []


def test_compare_two_drawn_candidates(app_server, pagina):
    pagina.goto(app_server + "/locatie")
    pagina.wait_for_selector("path.leaflet-interactive")
    for midden in ([52.513, 6.05], [52.60, 6.40]):  # IJssel floodplain near Zwolle, then open country
        pagina.evaluate(f"wbsLocatie.kaart.setView({midden}, 14)")
        pagina.click("#teken")
        box = pagina.locator("#kaart").bounding_box()
        cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        for dx, dy in ((-20, -20), (20, -20), (20, 20), (-20, 20)):
            pagina.mouse.click(cx + dx, cy + dy)
        pagina.click("#kandidaat")
        expect(pagina.locator("#kandidaten li")).to_have_count(1 if midden[0] < 52.55 else 2)
    assert pagina.locator("#kandidaten li").count() == 2
    pagina.select_option("#functie", "woningbouw")
    pagina.click("#vergelijk")
    pagina.wait_for_selector("table.rangorde")
    namen = pagina.locator("table.rangorde tbody tr").evaluate_all("rs => rs.map(r => r.dataset.naam)")
    assert namen == ["Locatie B", "Locatie A"]  # the floodplain site ranks last
    assert pagina.fouten == []
