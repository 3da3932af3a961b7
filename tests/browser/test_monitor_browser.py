"""The Borgingsmonitor in a real headless browser: charts, htmx filters, roadmap, login, editing,
history, CSRF and the per-organisation permission rule."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def _eerste_stap(pg, basis: str, query: str) -> str:
    """Open the dashboard with a filter and follow the first step link; return the step page URL."""
    pg.goto(f"{basis}/monitor?{query}")
    pg.click("table.stappen a >> nth=0")
    pg.wait_for_selector("h1")
    return pg.url


def _post_zonder_formulier(pg, url: str, velden: dict) -> dict:
    """A form POST via fetch from the page (same origin, with the session cookie), as a forger would."""
    return pg.evaluate(
        """async ([url, velden]) => {
             const r = await fetch(url, {method: 'POST', body: new URLSearchParams(velden), redirect: 'manual'});
             return {status: r.status, tekst: await r.text()};
           }""",
        [url, velden],
    )


def test_dashboard_shows_svg_charts_and_htmx_filter_narrows(app_server, pagina):
    r = pagina.goto(app_server + "/monitor")
    assert r.status == 200
    grafieken = pagina.locator(".grafieken svg[role=img]")
    assert grafieken.count() >= 3
    assert pagina.locator("svg[role=img] rect title").count() > 0  # bars with tooltips
    totaal_voor = pagina.text_content(".tegel .getal")
    pagina.select_option("select[name=status]", "gereed")
    expect(pagina.locator(".tegel .getal").first).not_to_have_text(totaal_voor)
    assert int(pagina.text_content(".tegel .getal")) < int(totaal_voor)
    assert pagina.url.startswith(app_server + "/monitor")
    assert pagina.fouten == []


def test_roadmap_quarters_and_grouping_toggle(app_server, pagina):
    r = pagina.goto(app_server + "/monitor/roadmap")
    assert r.status == 200
    # the groups are folded (issue 20: the unfolded roadmap was 13,500 px); open them all
    assert not pagina.locator(".rm-rij .balk").first.is_visible()
    pagina.click("[data-details-alle=open]")
    groep = pagina.locator(".rm-groep").first
    jaren = [t.strip() for t in groep.locator(".rm-kop .rm-jaar").all_text_contents()]
    assert jaren == [str(j) for j in range(2023, 2031)]
    balken = groep.locator(".rm-rij .balk")
    assert balken.count() > 0
    # Each bar sits in the column of its planned quarter: same x as the quarter's share of the timeline.
    kop = groep.locator(".rm-kop .rm-jaar").first.bounding_box()
    eind = groep.locator(".rm-kop .rm-jaar").last.bounding_box()
    breedte = eind["x"] + eind["width"] - kop["x"]
    for i in range(min(balken.count(), 20)):
        b = balken.nth(i)
        jaar, q = b.get_attribute("data-kwartaal").split("-Q")
        index = (int(jaar) - 2023) * 4 + int(q) - 1
        assert b.bounding_box()["x"] == pytest.approx(kop["x"] + breedte * index / 32, abs=3)
    per_keuze = pagina.locator(".rm-groeplabel").first.text_content()
    pagina.click("a[href='/monitor/roadmap?groepeer=organisatie']")
    pagina.wait_for_url("**groepeer=organisatie")
    assert pagina.locator(".rm-groeplabel").first.text_content() != per_keuze
    assert pagina.fouten == []


def test_login_edit_step_and_see_history_then_logout(app_server, pagina, inloggen):
    inloggen(pagina, "demo-overijssel")
    assert "demo-overijssel" in pagina.text_content(".gebruikerbalk")
    _eerste_stap(pagina, app_server, "organisatie=overijssel&status=loopt")
    formulier = pagina.locator("form.wijzig:has(input[name=organisatie][value=overijssel])")
    formulier.locator("input[name=percentage]").fill("63")
    formulier.locator("textarea[name=toelichting]").fill("bijgewerkt in de browsertest")
    formulier.locator("button[type=submit]").click()
    pagina.wait_for_url("**#historie")
    eerste = pagina.locator("table.historie tbody tr").first
    assert "demo-overijssel" in eerste.text_content()
    assert "percentage: 63" in eerste.text_content()
    assert "bijgewerkt in de browsertest" in eerste.text_content()
    pagina.click(".gebruikerbalk button:has-text('Uitloggen')")
    pagina.wait_for_url(app_server + "/monitor")
    assert "Inloggen" in pagina.text_content(".gebruikerbalk")
    assert pagina.fouten == []


def test_post_without_csrf_token_is_rejected(app_server, pagina, inloggen):
    inloggen(pagina, "demo-overijssel")
    url = _eerste_stap(pagina, app_server, "organisatie=overijssel")
    versie = pagina.get_attribute("form.wijzig:has(input[value=overijssel]) input[name=versie]", "value")
    historie_voor = pagina.locator("table.historie tbody tr").count()
    velden = {"organisatie": "overijssel", "status": "loopt", "percentage": "12", "versie": versie}
    r = _post_zonder_formulier(pagina, url, velden)
    assert r["status"] == 403 and "CSRF-controle" in r["tekst"]
    r = _post_zonder_formulier(pagina, url, {**velden, "csrf": "vervalst"})
    assert r["status"] == 403
    pagina.reload()
    assert pagina.locator("table.historie tbody tr").count() == historie_voor


def test_drenthe_invoerder_cannot_edit_overijssel_step(app_server, pagina, inloggen):
    inloggen(pagina, "demo-drenthe")
    url = _eerste_stap(pagina, app_server, "organisatie=overijssel")
    assert pagina.locator("#org-overijssel").count() == 1
    assert pagina.locator("form.wijzig:has(input[name=organisatie][value=overijssel])").count() == 0
    rij_voor = pagina.text_content("#org-overijssel")
    # Forge the POST with a valid CSRF token (from the logout form): the permission check must still refuse.
    csrf = pagina.get_attribute(".gebruikerbalk input[name=csrf]", "value")
    r = _post_zonder_formulier(
        pagina, url, {"organisatie": "overijssel", "status": "gereed", "percentage": "100", "versie": "1", "csrf": csrf}
    )
    assert r["status"] == 403
    assert "is invoerder voor drenthe" in r["tekst"] and "niet wijzigen" in r["tekst"]
    pagina.reload()
    assert pagina.text_content("#org-overijssel") == rij_voor
