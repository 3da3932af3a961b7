"""Outcomes in a real headless browser (issue 19): the dashboard shows all 33 keuzes with the outcome of
each next to its progress, indicator charts render and are labelled demo, the per-keuze and
per-organisation pages, and the annual monitor on screen and printed to PDF."""

from __future__ import annotations

from io import BytesIO

import pytest

pytestmark = pytest.mark.browser


def test_dashboard_all_keuzes_with_outcomes_and_charts(app_server, pagina):
    assert pagina.goto(app_server + "/monitor").status == 200
    rijen = pagina.locator("table.per-keuze tbody tr")
    assert rijen.count() == 33
    assert "geen eigen maatregel" in pagina.locator("#keuze-16").text_content()
    assert "op koers" in pagina.text_content("table.per-keuze") or "achter op koers" in pagina.text_content(
        "table.per-keuze"
    )
    grafieken = pagina.locator(".indicatoren svg.indicatorgrafiek")
    assert grafieken.count() == 8
    for i in range(grafieken.count()):
        box = grafieken.nth(i).bounding_box()
        assert box and box["width"] > 300 and box["height"] > 150  # drawn, not collapsed
    assert pagina.locator(".indicatoren svg[data-demo=true]").count() >= 7
    assert "demo-gegevens" in pagina.text_content(".demo-melding")
    assert pagina.locator("#plan-b + table tbody tr").count() > 0
    pagina.click("#keuze-4 a >> nth=0")
    pagina.wait_for_url("**/monitor/keuze/4")
    assert pagina.locator("h1").text_content().startswith("Structurerende keuze 4")
    assert pagina.locator("#indicator-drinkwatergebruik svg polyline.traject").count() == 1
    assert "wbs-borgingskalender.txt:708" in pagina.text_content("#indicator-drinkwatergebruik")
    assert pagina.fouten == []


def test_keuze_16_and_organisation_page(app_server, pagina):
    pagina.goto(app_server + "/monitor/keuze/16")
    assert "Geen eigen maatregel" in pagina.text_content("#geen-eigen-maatregel")
    assert "Zie maatregel 1.2.5" in pagina.text_content("#geen-eigen-maatregel")
    pagina.goto(app_server + "/monitor/organisatie/overijssel")
    assert "wat hebben we beloofd" in pagina.text_content("h1")
    te_laat = int(pagina.text_content("#aantal-te-laat"))
    assert te_laat > 0
    afspraak = pagina.locator("#beloofd + table a[href^='/monitor/afspraak/'] >> nth=0")
    # the citation: the document's title first, a link to the cited lines, the file and lines in its tooltip
    bron = pagina.locator("#beloofd + table a.bronlink >> nth=0")
    assert bron.text_content().startswith("Overijssel: acties water en bodem, regel")
    assert bron.get_attribute("title").startswith("overijssel-water-bodem-acties.txt:")
    assert bron.get_attribute("href").startswith("/bronnen/overijssel-water-bodem-acties.txt?van=")
    afspraak.click()
    pagina.wait_for_selector("#historie")
    assert "Demo" in pagina.text_content(".demo-melding")
    assert pagina.locator("table.stappen tbody tr").count() >= 1  # history of the import and status updates
    assert pagina.fouten == []


def test_annual_monitor_in_the_browser_and_as_pdf(app_server, pagina):
    from pypdf import PdfReader

    r = pagina.goto(app_server + "/api/monitor/rapport?jaar=2025")
    assert r.status == 200
    assert pagina.locator("h2#uitkomsten").count() == 1 and pagina.locator("h2#planwissels").count() == 1
    grafieken = pagina.locator("svg.indicatorgrafiek")
    assert grafieken.count() == 8 and grafieken.first.bounding_box()["width"] > 300
    assert "demo-gegevens" in pagina.text_content("body")
    pdf = pagina.pdf(format="A4")
    tekst = " ".join(p.extract_text() for p in PdfReader(BytesIO(pdf)).pages)
    assert "Drinkwatergebruik per persoon" in tekst and "DEMO" in tekst and "Plan A / plan B" in tekst
    # and the server's own PDF (WeasyPrint) has the same sections
    weasy = pagina.request.get(app_server + "/api/monitor/rapport?jaar=2025&formaat=pdf", timeout=240_000)
    assert weasy.status == 200 and weasy.body().startswith(b"%PDF")
    tekst = " ".join(p.extract_text() for p in PdfReader(BytesIO(weasy.body())).pages)
    assert "Uitkomsten" in tekst and "Grondwaterstand in de laagveengebieden" in tekst and "Afspraken" in tekst
