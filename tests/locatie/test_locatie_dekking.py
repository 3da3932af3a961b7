"""Coverage (dekking): checked, not applicable, not checked - and demo data that say so everywhere.

The issue: a plan in Amsterdam or on the real IJssel floodplain at Deventer got "geen bezwaar"
because the demo layers do not reach there. Each test here pins one of the outcomes.
"""

from __future__ import annotations

import io
import json

import numpy as np
import pytest
import shapely
from fastapi.testclient import TestClient
from pyproj import Transformer
from shapely.geometry import box, mapping
from typer.testing import CliRunner

from wbs.cli.main import app as cli
from wbs.locatie.catalogus import Catalogus, ingebouwde_provincies
from wbs.locatie.demo_data import DEMO_PLANNEN, schrijf_demo
from wbs.locatie.fouten import LocatieFout
from wbs.locatie.geometrie import lees_geometrie_met_meldingen
from wbs.locatie.kern import toets
from wbs.locatie.models import STRENGHEID
from wbs.locatie.regels import functies
from wbs.locatie.scan import scan_array

ZWOLLE_RAND = box(211000, 505000, 213000, 506000)  # half inside the Zwolle demo extent (x <= 212000)
IJSSELMEER = box(160000, 530000, 160400, 530400)  # open water: outside every (land) province outline


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    return Catalogus.uit_bestand(schrijf_demo(tmp_path_factory.mktemp("lagen"), overschrijf=True))


def _regel(u, regel_id):
    return next(r for r in u.regels if r.regel == regel_id)


def test_outside_the_demo_extent_is_niet_getoetst_never_geen_bezwaar(demo):
    for plan in ("amsterdam", "deventer-ijssel"):
        u = toets(DEMO_PLANNEN[plan], "woningbouw", demo)
        assert u.oordeel == "niet-getoetst", plan
        r = _regel(u, "wbs-10-uiterwaarden")
        assert r.verdict == "niet-getoetst" and r.buiten_dekking_pct == 100
        assert r.buiten_dekking_m2 == pytest.approx(DEMO_PLANNEN[plan].area)
        assert "buiten de dekking" in r.toelichting and "wbs lagen ophalen" in r.toelichting
        assert u.niet_getoetst and any(t.startswith("wbs-10-uiterwaarden:") for t in u.niet_getoetst)
        assert u.demodata and "DEMODATA" in u.waarschuwing


def test_partly_outside_says_which_part_was_not_checked(demo):
    u = toets(ZWOLLE_RAND, "woningbouw", demo)
    r = _regel(u, "wbs-10-uiterwaarden")
    assert r.verdict == "niet-getoetst"
    assert r.buiten_dekking_m2 == pytest.approx(1_000_000, rel=1e-6) and r.buiten_dekking_pct == pytest.approx(50)
    assert "50,0 %" in r.toelichting and "1.000.000 m²" in r.toelichting


def test_inside_the_coverage_no_conflict_is_geen_bezwaar(demo):
    u = toets(box(209000, 510000, 209400, 510400), "woningbouw", demo)
    r = _regel(u, "wbs-10-uiterwaarden")
    assert r.verdict == "geen-bezwaar" and r.buiten_dekking_m2 == 0 and "getoetst binnen de dekking" in r.toelichting


def test_a_hit_counts_even_where_coverage_ends(demo):
    # The plan touches the demo floodplain and sticks out of the demo extent: the hit is reported,
    # with the unchecked part named.
    plan = box(187500, 511500, 188500, 512500).union(box(185000, 511500, 186500, 512500))
    r = _regel(toets(plan, "woningbouw", demo), "wbs-10-uiterwaarden")
    assert r.verdict == "verboden" and r.buiten_dekking_pct > 0 and "niet getoetst" in r.toelichting


def test_outside_the_province_is_niet_van_toepassing_and_unknown_province_is_niet_getoetst(demo):
    u = toets(DEMO_PLANNEN["zwolle-uiterwaarden"], "woningbouw", demo)
    r = _regel(u, "drenthe-gwb-weren")
    assert r.verdict == "niet-van-toepassing" and r.afwegingskader == "n.v.t." and u.provincies == ["overijssel"]
    u = toets(IJSSELMEER, "woningbouw", demo)
    r = _regel(u, "drenthe-gwb-weren")
    assert r.verdict == "niet-getoetst" and "provincie" in r.toelichting and u.provincies == []


def test_a_plan_across_a_province_border_is_tested_on_its_part_in_the_province(demo):
    # The demo groundwater protection area near Zwolle lies in Overijssel; a plan that also reaches into
    # Drenthe is tested by the Drenthe rule only on its Drenthe part.
    drenthe = ingebouwde_provincies().geometrie[list(ingebouwde_provincies().attributen["naam"]).index("drenthe")]
    x, y = drenthe.exterior.coords[0] if drenthe.geom_type == "Polygon" else drenthe.geoms[0].exterior.coords[0]
    plan = box(x - 500, y - 500, x + 500, y + 500)
    u = toets(plan, "woningbouw", demo)
    assert "drenthe" in u.provincies and len(u.provincies) >= 2
    assert _regel(u, "drenthe-gwb-weren").verdict in ("niet-getoetst", "geen-bezwaar")


def test_overall_verdict_never_reads_geen_bezwaar_while_a_rule_is_niet_getoetst(demo):
    plannen = [*DEMO_PLANNEN.values(), ZWOLLE_RAND, IJSSELMEER]
    for functie in functies().functies:
        for plan in plannen:
            u = toets(plan, functie, demo)
            if any(r.verdict == "niet-getoetst" for r in u.regels):
                assert STRENGHEID.index(u.oordeel) <= STRENGHEID.index("niet-getoetst"), (functie, u.oordeel)
                assert u.niet_getoetst


def test_unknown_coverage_missing_field_and_old_layer_name(demo, tmp_path):
    gpkg = demo.basis / "demo.gpkg"
    (tmp_path / "l.yaml").write_text(
        "naam: eigen lagen\nlagen:\n"
        f"  uiterwaarden: {{pad: {gpkg}, laag: uiterwaarden}}\n"
        f"  grondwaterbeschermingsgebied: {{pad: {gpkg}, laag: grondwaterbeschermingsgebied, dekking: nederland,"
        " attributen: {zone: zone_bron}}\n"
        f"  provincie: {{pad: {gpkg}, laag: provincies, dekking: nederland}}\n"
    )
    cat = Catalogus.uit_bestand(tmp_path / "l.yaml")
    # no 'dekking': nothing found means nothing known
    r = _regel(toets(box(209000, 510000, 209400, 510400), "woningbouw", cat), "wbs-10-uiterwaarden")
    assert r.verdict == "niet-getoetst" and "geen 'dekking'" in r.toelichting and r.dekking == "onbekend"
    # ... but a hit stays a hit
    assert (
        _regel(toets(DEMO_PLANNEN["zwolle-uiterwaarden"], "woningbouw", cat), "wbs-10-uiterwaarden").verdict
        == "verboden"
    )
    # the filter field 'zone' was renamed away: the rule cannot be checked, and says why
    r = _regel(toets(DEMO_PLANNEN["assen-grondwaterbescherming"], "woningbouw", cat), "drenthe-gwb-weren")
    assert r.verdict == "niet-getoetst" and "'zone'" in r.toelichting
    # the old layer id 'provincie' still works as 'provincies'
    assert cat.heeft("provincies") and not cat.heeft("provincie")
    # every layer id that `wbs lagen ophalen` writes is accepted
    from wbs.locatie.lagen.bronnen import BEKENDE_LAAG_IDS

    regels = "".join(
        f"  {laag_id}: {{pad: x.gpkg, dekking: nederland}}\n" for laag_id in BEKENDE_LAAG_IDS if laag_id != "provincie"
    )
    (tmp_path / "alle.yaml").write_text("lagen:\n" + regels)
    assert set(Catalogus.uit_bestand(tmp_path / "alle.yaml").config.lagen) == set(BEKENDE_LAAG_IDS) - {"provincie"}


@pytest.mark.parametrize(
    ("dekking", "fragment"),
    [
        ("{provincie: atlantis}", "onbekende provincie"),
        ("{bbox: [5, 4, 3, 2]}", "xmin < xmax"),
        ("wereldwijd", "dekking"),
    ],
)
def test_bad_coverage_gets_a_dutch_error(tmp_path, dekking, fragment):
    (tmp_path / "l.yaml").write_text(f"lagen:\n  beekdal: {{pad: b.gpkg, dekking: {dekking}}}\n")
    with pytest.raises(LocatieFout, match=fragment):
        Catalogus.uit_bestand(tmp_path / "l.yaml")


def test_coverage_from_a_file_a_wkt_and_a_province(demo, tmp_path):
    import geopandas as gpd

    gpd.GeoDataFrame(geometry=[box(200000, 500000, 212000, 514000)], crs="EPSG:28992").to_crs(4326).to_file(
        tmp_path / "dekking.geojson"
    )
    gpkg = demo.basis / "demo.gpkg"
    (tmp_path / "l.yaml").write_text(
        "lagen:\n"
        f"  uiterwaarden: {{pad: {gpkg}, laag: uiterwaarden, dekking: {{bestand: dekking.geojson}}}}\n"
        f"  wateroverlast: {{pad: {gpkg}, laag: wateroverlast,"
        " dekking: {wkt: 'POLYGON((200000 500000, 212000 500000, 212000 514000, 200000 514000, 200000 500000))'}}\n"
        f"  reserveringszone-waterkering: {{pad: {gpkg}, laag: reserveringszone-waterkering,"
        " dekking: {provincie: drenthe}}\n"
    )
    cat = Catalogus.uit_bestand(tmp_path / "l.yaml")
    u = toets(box(209000, 510000, 209400, 510400), "woningbouw", cat)
    assert _regel(u, "wbs-10-uiterwaarden").verdict == "geen-bezwaar"  # file coverage, reprojected from WGS84
    assert _regel(u, "wbs-21-wateroverlast").verdict == "geen-bezwaar"
    r = _regel(u, "wbs-11-reserveringszone")  # declared to cover Drenthe only; the plan lies in Overijssel
    assert r.verdict == "niet-getoetst" and r.dekking == "provincie drenthe"


def test_scan_counts_the_three_outcomes_separately(demo):
    plannen = np.array(
        [
            DEMO_PLANNEN["zwolle-uiterwaarden"],
            DEMO_PLANNEN["amsterdam"],
            box(209000, 510000, 209400, 510400),
            DEMO_PLANNEN["assen-grondwaterbescherming"],
        ]
    )
    res = scan_array(plannen, "woningbouw", demo)
    assert list(res.oordeel) == ["verboden", "niet-getoetst", "niet-getoetst", "verboden"]
    t = res.regeltelling["wbs-10-uiterwaarden"]
    assert t == {"geraakt": 1, "geen-bezwaar": 1, "niet-van-toepassing": 0, "niet-getoetst": 2}
    t = res.regeltelling["drenthe-gwb-weren"]
    assert t["niet-van-toepassing"] == 3 and t["geraakt"] == 1
    assert "wbs-10-uiterwaarden" in res.niet_getoetst[1].split(";")
    assert res.percelen_niet_volledig_getoetst == 4


def test_a_bow_tie_is_repaired_with_a_dutch_note_and_no_geos_text():
    geom, meldingen = lees_geometrie_met_meldingen(
        "POLYGON((200000 500000, 201000 501000, 201000 500000, 200000 501000, 200000 500000))"
    )
    assert geom.is_valid and geom.area == pytest.approx(500_000)
    assert len(meldingen) == 1 and "snijdt zichzelf" in meldingen[0] and "hersteld" in meldingen[0]
    assert "Self-intersection" not in meldingen[0] and "[" not in meldingen[0]


def test_rd_geojson_is_read_with_and_without_a_crs_member():
    ring = [[201200, 501400], [201700, 501400], [201700, 501900], [201200, 501900], [201200, 501400]]
    zonder = {"type": "Polygon", "coordinates": [ring]}
    met = {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}},
        "features": [{"type": "Feature", "properties": {}, "geometry": zonder}],
    }
    for gj in (zonder, met):
        geom, _ = lees_geometrie_met_meldingen(gj)
        assert geom.bounds == (201200, 501400, 201700, 501900)


def test_web_strings_are_never_read_as_server_paths(tmp_path):
    pad = tmp_path / "geheim.geojson"
    pad.write_text(json.dumps({"type": "Point", "coordinates": [200000, 500000]}))
    with pytest.raises(LocatieFout):
        lees_geometrie_met_meldingen(str(pad))


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    import os

    map_ = tmp_path_factory.mktemp("wbsdata")
    os.environ["WBS_DATA_DIR"] = str(map_)
    from wbs.web.app import create_app

    yield TestClient(create_app()), map_
    os.environ.pop("WBS_DATA_DIR", None)


def _wgs(geom):
    t = Transformer.from_crs("EPSG:28992", "EPSG:4326", always_xy=True)
    return mapping(shapely.transform(geom, lambda xy: np.column_stack(t.transform(xy[:, 0], xy[:, 1]))))


def test_api_says_demodata_and_contains_no_server_path(client):
    c, map_ = client
    r = c.post("/api/locatie/toets", json={"geometrie": _wgs(DEMO_PLANNEN["amsterdam"]), "functie": "woningbouw"})
    assert r.status_code == 200
    data = r.json()
    assert data["demodata"] is True and "DEMODATA" in data["waarschuwing"]
    assert data["oordeel"] == "niet-getoetst" and data["niet_getoetst"]
    assert str(map_) not in r.text and "/tmp" not in r.text and ".gpkg" not in r.text
    assert data["lagen"] == "demo (illustratief, geen officiële data)"
    herkomst = {h["id"]: h for h in data["lagen_herkomst"]}
    assert herkomst["uiterwaarden"]["demo"] is True and herkomst["uiterwaarden"]["dekking"].startswith("rechthoek")
    assert herkomst["provincies"]["demo"] is False
    # a bad layer file is reported by file name only
    html = c.post("/locatie/advies", json={"geometrie": _wgs(DEMO_PLANNEN["amsterdam"]), "functie": "woningbouw"})
    assert 'data-demodata="true"' in html.text and "demo-banner" in html.text and str(map_) not in html.text


def test_pdf_and_html_advice_say_demodata_at_the_top(client):
    from pypdf import PdfReader

    c, map_ = client
    body = {"geometrie": _wgs(DEMO_PLANNEN["zwolle-uiterwaarden"]), "functie": "woningbouw"}
    html = c.post("/api/locatie/advies.html", json=body).text
    assert html.index("DEMODATA") < html.index("<h1>") and str(map_) not in html
    pdf = c.post("/api/locatie/advies.pdf", json=body)
    tekst = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert "DEMODATA" in tekst[:400] and str(map_) not in tekst


def test_geometry_endpoint_reads_rd_and_repairs(client):
    c, _ = client
    ring = [[201200, 501400], [201700, 501400], [201700, 501900], [201200, 501900], [201200, 501400]]
    r = c.post("/api/locatie/geometrie", json={"geometrie": {"type": "Polygon", "coordinates": [ring]}})
    assert r.status_code == 200
    lon, lat = r.json()["geometrie"]["coordinates"][0][0]
    assert 6.0 < lon < 6.2 and 52.4 < lat < 52.6 and r.json()["oppervlakte_m2"] == 250000
    strik = {"type": "Polygon", "coordinates": [[[6.0, 52.5], [6.01, 52.51], [6.01, 52.5], [6.0, 52.51], [6.0, 52.5]]]}
    r = c.post("/api/locatie/geometrie", json={"geometrie": strik})
    assert r.status_code == 200 and "snijdt zichzelf" in r.json()["meldingen"][0]
    r = c.post("/api/locatie/geometrie", json={"geometrie": "/etc/passwd.geojson"})
    assert r.status_code == 422 and "passwd" not in r.json()["detail"].replace("/etc/passwd.geojson", "")


def test_what_lies_here(client):
    c, _ = client
    t = Transformer.from_crs("EPSG:28992", "EPSG:4326", always_xy=True)
    lon, lat = t.transform(201450, 501650)  # in the demo floodplain near Zwolle
    d = c.get(f"/api/locatie/plek?lon={lon}&lat={lat}").json()
    assert d["provincie"] == ["overijssel"] and d["demodata"] is True
    lagen = {laag["id"]: laag for laag in d["lagen"]}
    assert lagen["uiterwaarden"]["objecten"] and lagen["uiterwaarden"]["dekking"] == "binnen de dekking"
    assert lagen["beekdal"]["dekking"].startswith("buiten de dekking")
    assert "waarde" in lagen["overstromingsdiepte"]
    assert c.get("/api/locatie/plek?lon=0&lat=0").status_code == 422
    prov = c.get("/api/locatie/lagen/provincies.geojson").json()
    assert len(prov["features"]) == 12


def test_cli_prints_the_demo_warning_first(tmp_path, monkeypatch):
    monkeypatch.setenv("WBS_DATA_DIR", str(tmp_path))
    res = CliRunner().invoke(
        cli, ["locatie", "toets", "--geometrie", DEMO_PLANNEN["amsterdam"].wkt, "--functie", "woningbouw"]
    )
    assert res.exit_code == 0, res.output
    assert res.output.lstrip().startswith("DEMODATA")
    assert "niet-getoetst" in res.output
