"""Nothing silent, nothing broken offline (issue 20): every form shows its Dutch error in the page, pages get
Dutch HTML error pages (the API keeps JSON), and /docs and /redoc render without the internet.

Fixtures (server with demo data, chromium, fresh page) live in ``conftest.py`` beside this file.
"""

from __future__ import annotations

import httpx
import pytest

pytestmark = pytest.mark.browser


def _fout(pg, doel: str) -> str:
    """The Dutch error shown in ``doel`` (waits for it); a whole page swapped into a panel fails the test."""
    melding = pg.wait_for_selector(f"{doel} .fout[role=alert]", timeout=30_000)
    assert pg.locator(f"{doel} header.topbar").count() == 0, "a whole page was put into the result panel"
    return melding.inner_text()


@pytest.fixture
def bestanden(tmp_path):
    csv = tmp_path / "percelen.csv"
    csv.write_text("a,b\n1,2\n", encoding="utf-8")
    pdf = tmp_path / "kapot.pdf"
    pdf.write_bytes(b"%PDF-1.4 dit is geen echte pdf")
    return {"csv": csv, "pdf": pdf}


def test_parcel_scan_without_file_or_with_a_csv_shows_why(app_server, pagina, bestanden):
    pagina.goto(app_server + "/locatie/scan")
    pagina.click("#screen")
    assert "kies een percelenbestand" in _fout(pagina, "#scanresultaat")
    pagina.set_input_files("#bestand", str(bestanden["csv"]))
    pagina.click("#screen")
    pagina.wait_for_function("() => document.querySelector('#scanresultaat').textContent.includes('.csv')")
    assert "wordt niet ondersteund" in _fout(pagina, "#scanresultaat")


def test_plan_upload_of_a_csv_or_a_broken_pdf_shows_why(app_server, pagina, bestanden):
    pagina.goto(app_server + "/plan")
    pagina.set_input_files("#bestand", str(bestanden["csv"]))
    pagina.click("#uploadform button[type=submit]")
    assert "Onbekend bestandsformaat .csv" in _fout(pagina, "#resultaat")
    pagina.set_input_files("#bestand", str(bestanden["pdf"]))
    pagina.click("#uploadform button[type=submit]")
    pagina.wait_for_function("() => document.querySelector('#resultaat').textContent.includes('kapot.pdf')")
    assert "geen geldige PDF" in _fout(pagina, "#resultaat")


def test_locatie_form_errors_are_shown_in_the_advice_panel(app_server, pagina):
    pagina.goto(app_server + "/locatie")
    pagina.click("#toets")
    assert "Teken of upload eerst een plangebied" in _fout(pagina, "#advies")
    # a plan the server refuses (outside the Netherlands): its Dutch 422 lands in the panel, not a whole page
    pagina.evaluate("wbsLocatie.zetPlan({type: 'Point', coordinates: [2.0, 40.0]})")
    pagina.click("#toets")
    pagina.wait_for_function("() => document.querySelector('#advies').textContent.includes('buiten Nederland')")
    assert "buiten Nederland" in _fout(pagina, "#advies")
    # text input that is not a geometry
    pagina.click("#tekstinvoer summary")
    pagina.fill("#plantekst", "201200 501400\nhier staat onzin")
    pagina.click("#tekst-gebruik")
    pagina.wait_for_function("() => document.querySelector('#advies').textContent.includes('onzin')")
    assert "geen paar coördinaten" in _fout(pagina, "#advies")
    pagina.fill("#plantekst", "POLYGON((1 2, 3")
    pagina.click("#tekst-gebruik")
    pagina.wait_for_function("() => !document.querySelector('#advies').textContent.includes('onzin')")
    assert _fout(pagina, "#advies").strip()
    # comparing needs two candidates
    pagina.click("#vergelijk")
    assert "minstens twee kandidaatlocaties" in _fout(pagina, "#advies")


def test_watertoets_form_errors_are_shown(app_server, pagina):
    pagina.goto(app_server + "/locatie")
    pagina.evaluate("wbsLocatie.zetPlan({type: 'Point', coordinates: [6.1, 52.5]})")
    pagina.click("#wt-toets")
    assert "Vul het verhard oppervlak na het plan in" in _fout(pagina, "#watertoets")
    pagina.fill("#wt-verhard-plan", "-5")
    pagina.click("#wt-toets")
    pagina.wait_for_function("() => document.querySelector('#watertoets').textContent.includes('negatief')")
    assert "mag niet negatief zijn" in _fout(pagina, "#watertoets")


def test_monitor_forms_show_their_errors(app_server, pagina, inloggen):
    pagina.goto(app_server + "/monitor/login")
    pagina.fill("input[name=gebruikersnaam]", "niemand")
    pagina.fill("input[name=wachtwoord]", "verkeerd-wachtwoord")
    pagina.click("button[type=submit]")
    assert "Onbekende combinatie" in pagina.locator(".fout[role=alert]").inner_text()
    inloggen(pagina, "demo-drenthe")
    pagina.goto(app_server + "/monitor?organisatie=drenthe&status=loopt")
    pagina.click("table.stappen a >> nth=0")
    formulier = pagina.locator("form.wijzig").first
    formulier.locator("input[name=percentage]").fill("veel")
    formulier.locator("button[type=submit]").click()
    assert "Percentage moet een geheel getal" in pagina.locator("#fout").inner_text()
    # the filter form of the dashboard and the annual monitor's year choice: Dutch, no Python text
    r = pagina.goto(app_server + "/monitor?keuze=abc")
    assert r.status == 422
    tekst = pagina.locator(".fout[role=alert]").inner_text()
    assert "keuze moet een nummer van 1 tot en met 33" in tekst and "invalid literal" not in tekst
    r = pagina.goto(app_server + "/monitor/jaarmonitor?jaar=1999")
    assert r.status == 422 and "Kies een jaar van 2023" in pagina.locator(".fout[role=alert]").inner_text()


@pytest.mark.parametrize(
    ("pad", "status", "kop", "tekst"),
    [
        ("/nietbestaand", 404, "Niet gevonden", "Deze pagina bestaat niet."),
        ("/kader/keuze/abc", 422, "Dat lukte niet", "nr moet een geheel getal zijn"),
        ("/kader/keuze/99", 404, "Niet gevonden", "99"),
        ("/monitor/stap/geen-stap", 404, "Niet gevonden", "geen-stap"),
    ],
)
def test_pages_get_dutch_html_error_pages(app_server, pagina, pad, status, kop, tekst):
    r = pagina.goto(app_server + pad)
    assert r.status == status and r.headers["content-type"].startswith("text/html")
    assert pagina.locator("h1").inner_text() == kop
    melding = pagina.locator(".fout[role=alert]").inner_text()
    assert tekst in melding
    for engels in ("Not Found", "Field required", "Input should", "detail"):
        assert engels not in pagina.content()
    assert pagina.locator("nav a[href='/kader']").count() == 1  # the site navigation is there


def test_the_api_keeps_json_errors(app_server):
    r = httpx.get(app_server + "/api/nietbestaand")
    assert r.status_code == 404 and r.json() == {"detail": "Deze pagina bestaat niet."}
    r = httpx.get(app_server + "/api/kader/keuzes/abc")
    assert r.status_code in (404, 422) and isinstance(r.json()["detail"], str)


@pytest.mark.parametrize(("pad", "klaar"), [("/docs", ".swagger-ui .info .title"), ("/redoc", "h1")])
def test_api_documentation_renders_offline(app_server, pagina, pad, klaar):
    buiten = []  # what the page would need from elsewhere: scripts, styles, fonts, data
    pagina.on(
        "request",
        lambda req: (
            None
            if req.url.startswith((app_server, "data:", "blob:")) or req.resource_type == "image"
            else buiten.append(req.url)
        ),
    )
    pagina.goto(app_server + pad)
    kop = pagina.wait_for_selector(klaar, timeout=30_000)
    assert "WBS" in kop.inner_text()
    # the operations are listed (Swagger UI: tag sections; ReDoc: the menu)
    pagina.wait_for_function("() => document.body.innerText.includes('/api/locatie/toets')", timeout=30_000)
    assert buiten == []
    # ReDoc's sidebar shows its maker's logo from their server; the Content-Security-Policy blocks it (and the
    # browser logs that), so it is simply absent, online and offline
    assert [f for f in pagina.fouten if "cdn.redoc.ly" not in f] == []
