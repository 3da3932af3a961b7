"""The watertoets API and pages, the section in the locatieadvies PDF, and the scan with a paving column."""

from __future__ import annotations

import io
import re

import geopandas as gpd
import pypdf
import pytest
from fastapi.testclient import TestClient
from shapely.geometry import box, mapping

DEN_BOSCH = box(150000, 410000, 150300, 410200)
VERZOEK = {
    "geometrie": DEN_BOSCH.wkt,
    "functie": "woningbouw",
    "verhard_nu_m2": 0,
    "verhard_plan_m2": 3000,
    "gevoeligheidsfactor": 1.0,
}


@pytest.fixture(scope="module")
def omgeving(tmp_path_factory):
    data = tmp_path_factory.mktemp("wbs-watertoets")
    mp = pytest.MonkeyPatch()
    mp.setenv("WBS_DATA_DIR", str(data))
    from wbs.web.app import create_app

    yield TestClient(create_app()), data
    mp.undo()


@pytest.fixture
def client(omgeving):
    return omgeving[0]


def _pdf_tekst(inhoud: bytes) -> str:
    """All text of a PDF with whitespace collapsed (lines wrap wherever the layout breaks them)."""
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(inhoud)).pages))


def _opgeslagen(data) -> set[str]:
    return {p.name for p in (data / "watertoetsen").glob("*.json")} if (data / "watertoetsen").exists() else set()


def test_api_returns_the_promised_json(client):
    r = client.post("/api/watertoets", json=VERZOEK)
    assert r.status_code == 200, r.text
    d = r.json()
    assert (d["procedure"], d["toename_verharding_m2"], d["compensatie_m3"], d["waterschap"]) == (
        "kort",
        3000.0,
        180.0,
        "aa-en-maas",
    )
    assert "afvoernorm_l_s_ha" in d and d["id"] is None
    assert all({"id", "waarde", "eenheid", "bron"} <= set(n) for n in d["normen"])
    assert all({"tekst", "keuze", "bron"} <= set(a) for a in d["adviezen"])


def test_geojson_in_wgs84_gives_the_same_result(client):
    import shapely
    from pyproj import Transformer

    t = Transformer.from_crs("EPSG:28992", "EPSG:4326", always_xy=True)
    wgs = shapely.ops.transform(t.transform, DEN_BOSCH)
    r = client.post("/api/watertoets", json={**VERZOEK, "geometrie": mapping(wgs)})
    assert r.status_code == 200 and r.json()["compensatie_m3"] == pytest.approx(180.0, abs=0.5)


@pytest.mark.parametrize(
    "wijziging, fout",
    [
        ({"verhard_nu_m2": -10}, "mag niet negatief"),
        ({"verhard_plan_m2": 1e12}, "onmogelijk groot"),
        ({"verhard_plan_m2": 80_000}, "groter dan het plangebied"),
        ({"waterschap": "nergens"}, "onbekend waterschap"),
        ({"functie": "kerncentrale"}, "onbekende functie"),
        # a bow tie is repaired since issue 16; a polygon without area cannot be
        ({"geometrie": "POLYGON((200000 500000, 201000 501000, 200000 500000, 200000 500000))"}, "ongeldige geometrie"),
    ],
)
def test_bad_input_is_a_dutch_422_and_nothing_is_stored(omgeving, wijziging, fout):
    client, data = omgeving
    voor = _opgeslagen(data)
    r = client.post("/api/watertoets", json={**VERZOEK, **wijziging, "opslaan": True})
    assert r.status_code == 422 and fout in r.json()["detail"]
    assert _opgeslagen(data) == voor


def test_save_reopen_compare_over_the_api(omgeving):
    client, data = omgeving
    a = client.post("/api/watertoets", json={**VERZOEK, "naam": "Variant A", "opslaan": True}).json()
    b = client.post(
        "/api/watertoets", json={**VERZOEK, "verhard_plan_m2": 2000, "naam": "Variant B", "opslaan": True}
    ).json()
    assert a["id"] and b["id"] and {f"{a['id']}.json", f"{b['id']}.json"} <= _opgeslagen(data)
    assert client.get(f"/api/watertoets/opgeslagen/{a['id']}").json()["compensatie_m3"] == 180.0
    assert {s["id"] for s in client.get("/api/watertoets/opgeslagen").json()} >= {a["id"], b["id"]}
    v = client.get("/api/watertoets/vergelijk", params={"a": a["id"], "b": b["id"]}).json()
    rij = next(r for r in v["rijen"] if r["kenmerk"] == "Compensatie (berging)")
    assert (rij["a"], rij["b"], rij["verschil"]) == ("180,0 m³", "120,0 m³", "−60,0 m³")
    pagina = client.get("/watertoets/vergelijk", params={"a": a["id"], "b": b["id"]})
    assert pagina.status_code == 200 and "Variant A" in pagina.text and "−60,0 m³" in pagina.text
    toon = client.get(f"/watertoets/{a['id']}")
    assert toon.status_code == 200 and "180,0 m³" in toon.text
    lijst = client.get("/watertoets")
    assert lijst.status_code == 200 and a["id"] in lijst.text and "normen onbekend" in lijst.text
    pdf = client.get(f"/watertoets/{a['id']}.pdf")
    assert pdf.content.startswith(b"%PDF")


@pytest.mark.parametrize(
    "pad",
    [
        "/api/watertoets/opgeslagen/..%2F..%2Fetc%2Fpasswd",
        "/api/watertoets/opgeslagen/....etc....passwd",
        "/api/watertoets/opgeslagen/0123456789abcdef",
        "/api/watertoets/vergelijk?a=0123456789abcdef&b=xyz",
        "/watertoets/0123456789abcdef",
        "/watertoets/0123456789abcdef.pdf",
    ],
)
def test_unknown_or_malicious_ids_are_404(client, pad):
    r = client.get(pad)
    assert r.status_code == 404
    if pad.startswith("/api") and "%2F" not in pad:  # an encoded slash never reaches the route at all
        assert "watertoets" in r.json()["detail"]


def test_report_pdf_contains_the_calculation(client):
    r = client.post("/api/watertoets/rapport.pdf", json=VERZOEK)
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    tekst = _pdf_tekst(r.content)
    assert "procedure kort" in tekst and "3.000 m² × 1,00 × 0,06 m = 180,0 m³" in tekst
    assert client.post("/api/watertoets/rapport.docx", json=VERZOEK).status_code == 404


def test_locatieadvies_pdf_includes_the_watertoets_when_numbers_are_given(client):
    basis = {"geometrie": DEN_BOSCH.wkt, "functie": "woningbouw"}
    zonder = client.post("/api/locatie/advies.pdf", json=basis)
    met = client.post(
        "/api/locatie/advies.pdf",
        json={**basis, "watertoets": {"verhard_nu_m2": 0, "verhard_plan_m2": 3000, "gevoeligheidsfactor": 1.0}},
    )
    assert zonder.status_code == 200 and met.status_code == 200 and met.content.startswith(b"%PDF")
    tekst = _pdf_tekst(met.content)
    assert "Locatieadvies" in tekst and "Watertoets" in tekst and "180,0 m³" in tekst
    assert "Watertoets" not in _pdf_tekst(zonder.content)
    fout = client.post(
        "/api/locatie/advies.html", json={**basis, "watertoets": {"verhard_nu_m2": -1, "verhard_plan_m2": 3}}
    )
    assert fout.status_code == 422 and "negatief" in fout.json()["detail"]


def test_locatie_page_has_the_watertoets_section_and_the_fragment_works(client):
    pagina = client.get("/locatie")
    assert pagina.status_code == 200 and 'id="wt-form"' in pagina.text and "Aa en Maas" in pagina.text
    r = client.post("/watertoets/fragment", json={**VERZOEK, "afvoer": ["afvoer"]})
    assert r.status_code == 200 and 'id="watertoets-uitslag"' in r.text and "180,0 m³" in r.text
    assert 'data-keuze="30"' in r.text
    htmx = {"HX-Request": "true"}  # as the page sends it: errors come back as the Dutch fragment, not a page
    r = client.post("/watertoets/fragment", json={**VERZOEK, "verhard_plan_m2": "veel"}, headers=htmx)
    assert r.status_code == 422 and "verhard_plan_m2 moet een getal zijn" in r.text and "<html" not in r.text
    r = client.post("/watertoets/fragment", json={**VERZOEK, "verhard_nu_m2": -3}, headers=htmx)
    assert r.status_code == 422 and "negatief" in r.text and 'class="fout"' in r.text


def test_water_boards_api(client):
    ws = {w["id"]: w for w in client.get("/api/watertoets/waterschappen").json()}
    assert ws["aa-en-maas"]["normen_bekend"] and not ws["vechtstromen"]["normen_bekend"]


def test_scan_api_with_paving_column(client):
    gdf = gpd.GeoDataFrame(
        {"kavel": ["a", "b"], "verhard_m2": [300.0, 3000.0]},
        geometry=[box(150000, 410000, 150100, 410100), box(150200, 410000, 150400, 410100)],
        crs="EPSG:28992",
    )
    r = client.post(
        "/api/locatie/scan",
        data={"functie": "woningbouw", "verharding_kolom": "verhard_m2"},
        files={"bestand": ("kavels.geojson", gdf.to_json().encode(), "application/geo+json")},
    )
    assert r.status_code == 200, r.text
    w = r.json()["aanvullingen"]["watertoets"]
    assert w["procedure"] == {"geen": 1, "kort": 1} and w["percelen_met_verharding"] == 2
    csv = client.get(r.json()["downloads"]["csv"]).text
    assert "compensatie_m3" in csv.splitlines()[0]
    gdf["verhard_m2"] = [-1.0, 3.0]
    r = client.post(
        "/api/locatie/scan",
        data={"functie": "woningbouw", "verharding_kolom": "verhard_m2"},
        files={"bestand": ("kavels.geojson", gdf.to_json().encode(), "application/geo+json")},
    )
    assert r.status_code == 422 and "negatieve" in r.json()["detail"]
