"""Batch screening in the browser and over the API: /locatie/scan and POST /api/locatie/scan."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile

import geopandas as gpd
import pytest
from fastapi.testclient import TestClient
from shapely.geometry import box

from wbs.locatie.demo_data import DEMO_PLANNEN, demo_percelen
from wbs.locatie.kern import toets
from wbs.locatie.service import catalogus


@pytest.fixture
def client(tmp_path, monkeypatch):
    monkeypatch.setenv("WBS_DATA_DIR", str(tmp_path))
    from wbs.web.app import create_app

    return TestClient(create_app())


def _percelen_wgs84() -> gpd.GeoDataFrame:
    """Three parcels in WGS84: in the floodplain, in Zwolle's waterlogging area, and far from every layer."""
    plannen = [("uiterwaard", DEMO_PLANNEN["zwolle-uiterwaarden"]), ("ver-weg", box(120000, 480000, 120200, 480200))]
    return gpd.GeoDataFrame(
        {"perceel": [n for n, _ in plannen]}, geometry=[g for _, g in plannen], crs="EPSG:28992"
    ).to_crs("EPSG:4326")


def test_upload_geojson_in_wgs84_gives_the_same_verdict_as_the_single_test(client):
    gdf = _percelen_wgs84()
    r = client.post(
        "/api/locatie/scan",
        data={"functie": "woningbouw"},
        files={"bestand": ("kavels.geojson", gdf.to_json().encode(), "application/geo+json")},
    )
    assert r.status_code == 200, r.text
    s = r.json()
    assert s["aantal"] == 2 and sum(s["telling"].values()) == 2
    rijen = list(csv.DictReader(io.StringIO(client.get(s["downloads"]["csv"]).text)))
    per = {rij["perceel"]: rij for rij in rijen}
    enkel = toets(DEMO_PLANNEN["zwolle-uiterwaarden"], "woningbouw", catalogus())
    assert per["uiterwaard"]["oordeel"] == enkel.oordeel == "verboden"
    assert "wbs-10-uiterwaarden" in per["uiterwaard"]["regels"].split(";")
    ver = toets(box(120000, 480000, 120200, 480200), "woningbouw", catalogus())
    assert per["ver-weg"]["oordeel"] == ver.oordeel not in ("verboden", "nee-tenzij")
    assert "wbs-10-uiterwaarden" not in per["ver-weg"]["regels"]
    gj = client.get(s["downloads"]["geojson"]).json()
    assert len(gj["features"]) == 2 and -180 < gj["features"][0]["geometry"]["coordinates"][0][0][0] < 180


def test_zipped_shapefile_and_geopackage_are_read(client, tmp_path):
    gdf = _percelen_wgs84().to_crs("EPSG:28992")
    gdf.to_file(tmp_path / "kavels.shp")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for ext in ("shp", "shx", "dbf", "prj", "cpg"):
            if (tmp_path / f"kavels.{ext}").exists():
                z.write(tmp_path / f"kavels.{ext}", f"kavels.{ext}")
    r = client.post(
        "/api/locatie/scan", data={"functie": "datacenter"}, files={"bestand": ("kavels.zip", buf.getvalue())}
    )
    assert r.status_code == 200, r.text
    assert r.json()["aantal"] == 2
    gdf.to_file(tmp_path / "kavels.gpkg", driver="GPKG")
    r = client.post(
        "/api/locatie/scan",
        data={"functie": "datacenter"},
        files={"bestand": ("kavels.gpkg", (tmp_path / "kavels.gpkg").read_bytes())},
    )
    assert r.status_code == 200 and r.json()["aantal"] == 2


def test_demo_parcels_page_fragment_map_and_downloads(client):
    assert 'href="/locatie/scan"' in client.get("/locatie").text
    assert client.get("/locatie/scan").status_code == 200
    r = client.post("/locatie/scan", data={"functie": "woningbouw", "demo": "true"})
    assert r.status_code == 200
    n = len(demo_percelen())
    assert f"{n:,} percelen gescreend".replace(",", ".") in r.text  # Dutch thousands separator
    telling = {m: int(v) for m, v in re.findall(r'data-oordeel="([a-z-]+)" data-aantal="(\d+)"', r.text)}
    assert sum(telling.values()) == n and {"verboden", "nee-tenzij", "voorwaarden"} <= set(telling)
    kaart = r.text.split('data-kaart="')[1].split('"')[0]
    gj = client.get(kaart).json()
    assert len(gj["features"]) == n
    assert gj["features"][0]["properties"]["oordeel"] == "verboden"  # strictest first
    scan_id = kaart.split("/")[3]
    assert client.get(f"/locatie/scan/{scan_id}/percelen.gpkg").content[:15] == b"SQLite format 3"


@pytest.mark.parametrize(
    ("naam", "inhoud", "functie", "fragment"),
    [
        ("kavels.geojson", b"dit is geen json", "woningbouw", "niet leesbaar"),
        ("kavels.geojson", b"", "woningbouw", "is leeg"),
        ("kavels.txt", b"x", "woningbouw", "wordt niet ondersteund"),
        ("kavels.shp", b"x", "woningbouw", "als .zip"),
        (
            "kavels.geojson",
            json.dumps({"type": "FeatureCollection", "features": []}).encode(),
            "woningbouw",
            "geen percelen",
        ),
        ("kavels.geojson", _percelen_wgs84().to_json().encode(), "kerncentrale", "onbekende functie"),
    ],
)
def test_bad_uploads_get_a_dutch_message_and_store_nothing(client, tmp_path, naam, inhoud, functie, fragment):
    r = client.post("/api/locatie/scan", data={"functie": functie}, files={"bestand": (naam, inhoud)})
    assert r.status_code == 422 and fragment in r.json()["detail"]
    r = client.post("/locatie/scan", data={"functie": functie}, files={"bestand": (naam, inhoud)})
    assert r.status_code == 422 and fragment in r.text and 'role="alert"' in r.text
    scans = tmp_path / "scans"
    assert not scans.exists() or not any(scans.iterdir())


def test_web_form_without_file_or_demo_asks_for_one(client, tmp_path):
    r = client.post("/locatie/scan", data={"functie": "woningbouw"})
    assert r.status_code == 422 and "kies een percelenbestand of gebruik de demopercelen" in r.text
    assert not (tmp_path / "scans").exists() or not any((tmp_path / "scans").iterdir())


def test_unknown_or_malformed_scan_id_is_404(client):
    assert client.get("/locatie/scan/0123456789ab/percelen.csv").status_code == 404
    assert client.get("/locatie/scan/..%2F..%2Fetc/percelen.csv").status_code == 404


def _verzoek(namen, functie="woningbouw"):
    from shapely.geometry import mapping

    return {
        "functie": functie,
        "crs": "EPSG:28992",
        "plannen": [{"naam": n, "geometrie": mapping(DEMO_PLANNEN[n])} for n in namen],
    }


def test_compare_ranks_candidates_like_the_service(client):
    from wbs.locatie.service import vergelijk

    namen = ["zwolle-uiterwaarden", "drentsche-aa-beekdal", "zwolle-grondwaterbescherming"]
    r = client.post("/api/locatie/vergelijk", json=_verzoek(namen))
    assert r.status_code == 200, r.text
    api = r.json()
    verwacht = vergelijk([(n, DEMO_PLANNEN[n]) for n in namen], "woningbouw")
    assert [k["naam"] for k in api] == [k.naam for k in verwacht]
    assert [k["rang"] for k in api] == [1, 2, 3]
    assert api[-1]["naam"] == "zwolle-uiterwaarden" and api[-1]["oordeel"] == "verboden"
    assert "wbs-10-uiterwaarden (verboden)" in api[-1]["regels"]
    html = client.post("/locatie/vergelijk", json=_verzoek(namen)).text
    assert re.findall(r'data-naam="([^"]+)"', html) == [k["naam"] for k in api]


def test_compare_needs_two_plans_and_a_known_function(client):
    r = client.post("/api/locatie/vergelijk", json=_verzoek(["zwolle-uiterwaarden"]))
    assert r.status_code == 422
    twee = ["zwolle-uiterwaarden", "drentsche-aa-beekdal"]
    r = client.post("/api/locatie/vergelijk", json=_verzoek(twee, "kerncentrale"))
    assert r.status_code == 422 and "onbekende functie" in r.json()["detail"]
    r = client.post("/locatie/vergelijk", json=_verzoek(["zwolle-uiterwaarden"]))
    assert r.status_code == 422 and "minstens twee" in r.text
