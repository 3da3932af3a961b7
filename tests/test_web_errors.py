"""One error path for the web (issue 21) and what a visitor sees (issue 20): Dutch error pages for pages,
Dutch JSON under /api, htmx fragments for htmx requests, API docs that work offline."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from wbs.web.app import create_app


@pytest.fixture
def client(tmp_path, monkeypatch):
    monkeypatch.setenv("WBS_DATA_DIR", str(tmp_path))
    return TestClient(create_app())


def test_pages_get_dutch_html_error_pages(client):
    r = client.get("/nietbestaand")
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    assert "Niet gevonden" in r.text and "Not Found" not in r.text and '<nav aria-label="Hoofdnavigatie">' in r.text
    r = client.get("/kader/keuze/abc")
    assert r.status_code == 422 and "moet een geheel getal zijn" in r.text and "Input should" not in r.text
    r = client.get("/kader/keuze/34")
    assert r.status_code == 404 and "bestaat niet" in r.text


def test_api_keeps_dutch_json(client):
    r = client.get("/api/nietbestaand")
    assert r.status_code == 404 and r.json() == {"detail": "Deze pagina bestaat niet."}
    r = client.get("/api/kader/keuzes/34")
    assert r.status_code == 404 and "bestaat niet" in r.json()["detail"]
    r = client.post("/api/locatie/toets", json={"functie": "woningbouw"})
    assert r.status_code == 422 and r.json()["detail"] == "ongeldige invoer: geometrie is verplicht"


def test_htmx_requests_get_an_error_fragment(client):
    r = client.post("/locatie/advies", json={"functie": "woningbouw"}, headers={"HX-Request": "true"})
    assert r.status_code == 422 and "<html" not in r.text and 'role="alert"' in r.text
    assert "geometrie is verplicht" in r.text


def test_literal_choices_are_listed_in_dutch():
    from wbs.fouten import dutch_validation_error

    tekst = dutch_validation_error({"loc": ("body", "status"), "type": "literal_error",
                                    "ctx": {"expected": "'vertraagd' or 'afgevallen'"}})
    assert tekst == "status moet een van deze waarden zijn: 'vertraagd' of 'afgevallen'"


def test_api_docs_load_nothing_from_elsewhere(client):
    for pad, script in (("/docs", "/static/vendor/swagger-ui/swagger-ui-bundle.js"),
                        ("/redoc", "/static/vendor/redoc/redoc.standalone.js")):
        r = client.get(pad)
        assert r.status_code == 200 and script in r.text
        assert "cdn." not in r.text and "fonts.googleapis" not in r.text
        assert client.get(script).status_code == 200
