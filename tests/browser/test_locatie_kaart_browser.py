"""The Locatietoets map as a planner uses it, in a real browser, without the internet.

Every request to another host is blocked by the ``pagina`` fixture (conftest.py); where a test needs
an outside service (PDOK tiles, PDOK Locatieserver) it answers the request itself with ``route``.
"""

from __future__ import annotations

import base64
import json

import pytest

pytestmark = pytest.mark.browser

# A 1x1 PNG standing in for a BRT tile.
TEGEL = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
RD_PLAN = [[201200, 501400], [201700, 501400], [201700, 501900], [201200, 501900], [201200, 501400]]


def _wacht(pagina, uitdrukking: str, seconden: float = 15) -> None:
    """Poll a JavaScript expression until it is true (wait_for_function evaluates strings, which the
    Content-Security-Policy forbids)."""
    for _ in range(int(seconden * 10)):
        if pagina.evaluate(uitdrukking):
            return
        pagina.wait_for_timeout(100)
    raise AssertionError(f"niet waar geworden: {uitdrukking}")


def _open(pagina, app_server):
    pagina.goto(app_server + "/locatie")
    pagina.wait_for_selector(".leaflet-container")
    pagina.wait_for_selector(".legenda-regel[data-laag=provincies][data-geladen=true]")


def test_offline_map_still_shows_where_you_are(app_server, pagina):
    _open(pagina, app_server)
    _wacht(pagina, "document.querySelector('#kaartstatus').textContent.includes('offline')")
    assert pagina.get_attribute("#kaart", "data-offline") == "true"
    # province outlines and place names are drawn without any tile server
    assert pagina.locator("#kaart path").count() > 12
    assert pagina.locator(".leaflet-tooltip.plaatsnaam", has_text="Zwolle").count() == 1
    assert "Demodata" in pagina.text_content("#demo-banner")
    assert pagina.fouten == []


def test_background_tiles_from_the_configured_server(app_server, pagina):
    pagina.context.route(
        "https://service.pdok.nl/brt/achtergrondkaart/**",
        lambda route: route.fulfill(status=200, content_type="image/png", body=TEGEL),
    )
    _open(pagina, app_server)
    pagina.wait_for_selector("#kaart[data-offline=false]")
    assert pagina.locator("img.leaflet-tile").count() > 0
    assert "Kadaster" in pagina.text_content(".leaflet-control-attribution")
    assert pagina.fouten == []


def test_legend_switches_layers_on_and_off(app_server, pagina):
    _open(pagina, app_server)
    regel = pagina.locator(".legenda-regel[data-laag=uiterwaarden]")
    regel.locator("input").wait_for()
    pagina.wait_for_selector(".legenda-regel[data-laag=uiterwaarden][data-geladen=true]")
    kleur = regel.locator(".legenda-kleur").evaluate("e => getComputedStyle(e).backgroundColor")
    assert kleur not in ("", "rgba(0, 0, 0, 0)")
    assert pagina.evaluate("wbsLocatie.kaart.hasLayer(wbsLocatie.overlays['uiterwaarden'])")
    regel.locator("input").uncheck()
    assert not pagina.evaluate("wbsLocatie.kaart.hasLayer(wbsLocatie.overlays['uiterwaarden'])")
    regel.locator("input").check()
    assert pagina.evaluate("wbsLocatie.kaart.hasLayer(wbsLocatie.overlays['uiterwaarden'])")


def test_click_shows_what_lies_there_and_double_click_zooms_without_a_sketch(app_server, pagina):
    _open(pagina, app_server)
    pagina.evaluate("wbsLocatie.kaart.setView([52.513, 6.05], 13)")
    box = pagina.locator("#kaart").bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    pagina.mouse.click(cx, cy)
    pagina.wait_for_selector(".plekinfo")
    info = pagina.text_content(".plekinfo")
    assert "provincie overijssel" in info and "uiterwaarden" in info and "binnen de dekking" in info
    pagina.keyboard.press("Escape")
    pagina.evaluate("wbsLocatie.kaart.closePopup()")
    zoom = pagina.evaluate("wbsLocatie.kaart.getZoom()")
    pagina.mouse.dblclick(cx + 40, cy + 40)
    _wacht(pagina, f"wbsLocatie.kaart.getZoom() > {zoom}")
    pagina.wait_for_timeout(500)
    assert pagina.evaluate("wbsLocatie.punten().length") == 0
    assert pagina.evaluate("wbsLocatie.plan()") is None
    assert pagina.locator(".plekinfo").count() == 0


def test_address_search_degrades_to_the_offline_list(app_server, pagina):
    _open(pagina, app_server)
    pagina.fill("#zoek", "Deventer")
    pagina.click("#zoekform button")
    pagina.wait_for_selector("#zoekresultaten[data-klaar=true]")
    assert "niet bereikbaar" in pagina.text_content("#zoekresultaten")
    pagina.click("#zoekresultaten button:has-text('Deventer')")
    _wacht(
        pagina,
        "Math.abs(wbsLocatie.kaart.getCenter().lat - 52.255) < 0.01 && "
        "Math.abs(wbsLocatie.kaart.getCenter().lng - 6.16) < 0.01",
    )
    pagina.fill("#zoek", "drenthe")
    pagina.click("#zoekform button")
    pagina.wait_for_selector("#zoekresultaten button:has-text('Provincie Drenthe')")


def test_address_search_uses_the_locatieserver_when_it_answers(app_server, pagina):
    antwoord = {
        "response": {
            "docs": [
                {"weergavenaam": "Stationsplein 1, Assen", "type": "adres", "centroide_ll": "POINT(6.5694 52.9931)"}
            ]
        }
    }
    pagina.context.route(
        "https://api.pdok.nl/bzk/locatieserver/**",
        lambda route: route.fulfill(status=200, content_type="application/json", body=json.dumps(antwoord)),
    )
    _open(pagina, app_server)
    pagina.fill("#zoek", "stationsplein assen")
    pagina.click("#zoekform button")
    pagina.click("#zoekresultaten button:has-text('Stationsplein 1, Assen')")
    _wacht(
        pagina,
        "Math.abs(wbsLocatie.kaart.getCenter().lat - 52.9931) < 0.001 && "
        "Math.abs(wbsLocatie.kaart.getCenter().lng - 6.5694) < 0.001",
    )


@pytest.mark.parametrize("met_crs", [False, True])
def test_rd_geojson_upload_lands_in_the_right_place(app_server, pagina, tmp_path, met_crs):
    gj = {
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [RD_PLAN]}}],
    }
    if met_crs:
        gj["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}}
    bestand = tmp_path / "plan-rd.geojson"
    bestand.write_text(json.dumps(gj))
    _open(pagina, app_server)
    pagina.set_input_files("#upload", str(bestand))
    pagina.wait_for_selector("#kaart[data-plan=klaar]")
    lon, lat = pagina.evaluate("wbsLocatie.plan().coordinates[0][0]")
    assert 6.0 < lon < 6.2 and 52.45 < lat < 52.6  # Zwolle, not a line across the map
    midden = pagina.evaluate("(() => { const c = wbsLocatie.kaart.getCenter(); return [c.lat, c.lng]; })()")
    assert abs(midden[0] - 52.51) < 0.05 and abs(midden[1] - 6.05) < 0.05
    pagina.select_option("#functie", "woningbouw")
    pagina.click("#toets")
    pagina.wait_for_selector("#uitslag")
    assert pagina.text_content("#oordeel").strip() == "verboden"
    assert pagina.get_attribute("#uitslag", "data-demodata") == "true"
    assert pagina.fouten == []


def test_a_self_intersecting_sketch_is_repaired_and_explained_in_dutch(app_server, pagina):
    _open(pagina, app_server)
    pagina.evaluate("wbsLocatie.kaart.setView([52.513, 6.05], 14)")
    pagina.click("#teken")  # (scrolls the page: measure the map afterwards)
    box = pagina.locator("#kaart").bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    for dx, dy in ((-30, -30), (30, 30), (30, -30), (-30, 30)):  # a bow tie
        pagina.mouse.click(cx + dx, cy + dy)
    pagina.click("#sluit")
    pagina.wait_for_selector("#meldingen .melding")
    tekst = pagina.text_content("#meldingen")
    assert "snijdt zichzelf" in tekst and "hersteld" in tekst and "Self-intersection" not in tekst
    assert pagina.evaluate("wbsLocatie.plan().type") == "MultiPolygon"
    pagina.select_option("#functie", "woningbouw")
    pagina.click("#toets")
    pagina.wait_for_selector("#uitslag")  # the repaired area is what gets tested
    assert pagina.text_content("#oordeel").strip() in {"verboden", "nee-tenzij", "voorwaarden"}
    assert pagina.fouten == []


def test_drawing_by_double_click_closes_the_area(app_server, pagina):
    _open(pagina, app_server)
    pagina.evaluate("wbsLocatie.kaart.setView([52.513, 6.05], 14)")
    zoom = pagina.evaluate("wbsLocatie.kaart.getZoom()")
    pagina.click("#teken")
    box = pagina.locator("#kaart").bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    pagina.mouse.click(cx - 20, cy - 20)
    pagina.mouse.click(cx + 20, cy - 20)
    pagina.mouse.dblclick(cx + 20, cy + 20)
    pagina.wait_for_selector("#kaart[data-plan=klaar]")
    assert pagina.evaluate("wbsLocatie.plan().coordinates[0].length") == 4  # three corners, closed
    assert pagina.evaluate("wbsLocatie.kaart.getZoom()") == zoom  # no zoom while drawing
    assert pagina.evaluate("wbsLocatie.modus()") == "info"
