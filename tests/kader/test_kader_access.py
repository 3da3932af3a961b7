"""Kader access: CLI commands, web pages and API agree and handle bad input in Dutch."""

from __future__ import annotations

import csv
import io
import json

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from wbs.cli.main import app as cli
from wbs.kader import laad_kader
from wbs.web.app import create_app

runner = CliRunner()


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app())


def test_overzicht_lists_every_thema_with_counts():
    res = runner.invoke(cli, ["kader", "overzicht"], env={"COLUMNS": "200"})
    assert res.exit_code == 0, res.output
    for thema in ("Water en Bodem", "Bebouwd gebied", "Gebieden"):
        assert thema in res.output
    assert "Totaal" in res.output
    kader = laad_kader()
    assert str(len(kader.keuzes)) in res.output


def test_keuze_shows_text_measures_and_source():
    kader = laad_kader()
    keuze = next(k for k in kader.keuzes if k.maatregelen)
    res = runner.invoke(cli, ["kader", "keuze", str(keuze.nr)], env={"COLUMNS": "250"})
    assert res.exit_code == 0, res.output
    assert keuze.bron.bestand in res.output
    for m in keuze.maatregelen:
        assert f"Maatregel {m.id}" in res.output


@pytest.mark.parametrize("nr", ["0", "34"])
def test_unknown_keuze_is_a_dutch_error(nr):
    res = runner.invoke(cli, ["kader", "keuze", nr])
    assert res.exit_code == 2
    assert "bestaat niet" in res.output


def test_maatregel_by_printed_id_and_unknown_id():
    res = runner.invoke(cli, ["kader", "maatregel", "1.1.1b"], env={"COLUMNS": "250"})
    assert res.exit_code == 0, res.output
    assert "Maatregel 1.1.1b" in res.output
    res = runner.invoke(cli, ["kader", "maatregel", "9.9.9"])
    assert res.exit_code == 2
    assert "komt niet voor" in res.output


def test_zoek_uses_dutch_stemming():
    # "grondwateronttrekkingen" (plural) must find texts that say "grondwateronttrekking".
    res = runner.invoke(cli, ["kader", "zoek", "grondwateronttrekkingen"], env={"COLUMNS": "250"})
    assert res.exit_code == 0, res.output
    assert "1.1.1" in res.output
    res = runner.invoke(cli, ["kader", "zoek", "xyzzyqwerty"])
    assert res.exit_code == 1
    assert "Geen treffers" in res.output


def test_export_json_shape_and_csv_rows():
    res = runner.invoke(cli, ["kader", "export", "--format", "json"])
    assert res.exit_code == 0
    data = json.loads(res.stdout)
    assert [k["nr"] for k in data["keuzes"]] == list(range(1, 34))
    for k in data["keuzes"]:
        assert {"nr", "tekst", "thema", "gebied", "bron", "maatregelen"} <= set(k)
        for m in k["maatregelen"]:
            assert {"id", "tekst", "stappen", "bron"} <= set(m)
    res = runner.invoke(cli, ["kader", "export", "--format", "csv"])
    assert res.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    kader = laad_kader()
    assert len(rows) == sum(max(1, len(m.stappen)) for m in kader.maatregelen())
    assert all(r["bron"].startswith("wbs-") for r in rows)


def test_api_returns_same_data_as_cli(client):
    cli_json = json.loads(runner.invoke(cli, ["kader", "export", "--format", "json"]).stdout)
    assert client.get("/api/kader").json() == cli_json
    keuze10 = client.get("/api/kader/keuzes/10").json()
    assert keuze10 == next(k for k in cli_json["keuzes"] if k["nr"] == 10)
    assert client.get("/api/kader/keuzes/34").status_code == 404
    assert client.get("/api/kader/maatregelen/M1.1.1b").json()[0]["id"] == "1.1.1b"
    csv_text = runner.invoke(cli, ["kader", "export", "--format", "csv"]).stdout
    assert client.get("/api/kader/export.csv").text == csv_text


def test_api_zoek_and_openapi(client):
    hits = client.get("/api/kader/zoek", params={"q": "uiterwaarden bouwen"}).json()
    assert hits and any(h["keuze"] == 10 for h in hits[:5])
    schema = client.get("/openapi.json").json()
    assert "/api/kader/keuzes/{nr}" in schema["paths"]


def test_pages_render(client):
    page = client.get("/kader")
    assert page.status_code == 200
    assert "33 structurerende keuzes" in page.text
    assert page.text.count('href="/kader/keuze/') >= 33
    filtered = client.get("/kader", params={"q": "verzilting"})
    assert filtered.status_code == 200
    assert filtered.text.count('<tr><td><a href="/kader/keuze/') < 33
    detail = client.get("/kader/keuze/10")
    assert detail.status_code == 200 and "Structurerende keuze 10" in detail.text
    assert client.get("/kader/keuze/99").status_code == 404
    bron = client.get("/bronnen/wbs-borgingskalender.txt", params={"van": 508, "tot": 510})
    assert bron.status_code == 200 and 'class="citaat"' in bron.text
    assert client.get("/bronnen/geheim.txt").status_code == 404
    assert client.get("/").status_code == 200


def test_keuze_page_links_to_the_other_capabilities(client):
    from wbs.locatie.regels import alle_regels

    met_regels = {r.keuze for _, r in alle_regels() if r.keuze}
    assert 10 in met_regels  # no building in the floodplains is a location rule
    html = client.get("/kader/keuze/10").text
    for _, r in alle_regels():
        if r.keuze == 10:
            assert f"<code>{r.id}</code>" in html and r.bron.citeer() in html
    assert 'href="/monitor?keuze=10"' in html and 'href="/monitor/roadmap?keuze=10"' in html
    zonder = next(nr for nr in range(1, 34) if nr not in met_regels)
    assert "geen ruimtelijke regel" in client.get(f"/kader/keuze/{zonder}").text


def test_dutch_number_format_filter():
    from wbs.rapport.opmaak import getal

    assert getal(2080) == "2.080" and getal(1234567.891, 2) == "1.234.567,89" and getal(12.5, 1) == "12,5"
    assert getal(None) == "–"
