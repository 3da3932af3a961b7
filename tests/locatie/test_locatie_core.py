"""Locatietoets: every shipped rule fires where it should, bad input, CRS, missing layers, API."""

from __future__ import annotations

import json

import numpy as np
import pytest
import shapely
from fastapi.testclient import TestClient
from pyproj import Transformer
from shapely.geometry import box, mapping
from typer.testing import CliRunner

from wbs.bronnen import bron_regels
from wbs.cli.main import app as cli
from wbs.locatie.catalogus import Catalogus
from wbs.locatie.demo_data import DEMO_PLANNEN, schrijf_demo
from wbs.locatie.fouten import LocatieFout
from wbs.locatie.geometrie import lees_geometrie
from wbs.locatie.kern import toets
from wbs.locatie.regels import alle_regels, functies_van, regels_voor
from wbs.locatie.scan import scan_array

# Where each rule must fire (demo plan, function) and a keyword its citation must contain.
WAAR_HET_AFGAAT = {
    "wbs-10-uiterwaarden": ("zwolle-uiterwaarden", "woningbouw", "uiterwaarden"),
    "wbs-10-uiterwaarden-infra": ("zwolle-uiterwaarden", "infrastructuur", "uiterwaarden"),
    "wbs-13-diepe-polder": ("flevoland-diepe-polder", "woningbouw", "diepe polders"),
    "wbs-11-reserveringszone": ("zwolle-uiterwaarden", "bedrijventerrein", "reserveringszones"),
    "wbs-11-reserveringszone-infra": ("zwolle-uiterwaarden", "infrastructuur", "dijk en kustversterkingen"),
    "wbs-22-waterberging": ("zuid-drenthe-waterberging", "woningbouw", "waterberging"),
    "wbs-9-landaanwinning": ("ketelmeer", "recreatie", "landaanwinning"),
    "wbs-9-landaanwinning-natuur": ("ketelmeer", "natuur", "overstroombare natuur"),
    "wbs-9-buitendijks": ("kampen-buitendijks", "woningbouw", "buitendijks"),
    "wbs-21-overstroming-diep": ("zwolle-uiterwaarden", "woningbouw", "overstromingen"),
    "wbs-21-overstroming": ("kampen-buitendijks", "woningbouw", "overstromingen"),
    "wbs-21-wateroverlast": ("zwolle-oost-wateroverlast", "woningbouw", "wateroverlast"),
    "wbs-21-bodemdaling": ("kop-van-overijssel-veen", "woningbouw", "bodemdaling"),
    "wbs-21-drinkwater": ("oost-overijssel", "woningbouw", "drinkwaterbeschikbaarheid"),
    "wbs-25-veenweide": ("kop-van-overijssel-veen", "bedrijventerrein", "20 cm tot 40 cm"),
    "wbs-25-veenweide-akkerbouw": ("kop-van-overijssel-veen", "akkerbouw", "20 cm tot 40 cm"),
    "wbs-25-veenweide-nat": ("kop-van-overijssel-veen", "natte-teelt", "natte teelten"),
    "wbs-27-veenweide-grasland": ("kop-van-overijssel-veen", "landbouw", "grasland"),
    "wbs-33-natura2000-onttrekking": ("weerribben-nabij", "grondwateronttrekking", "natura 2000"),
    "wbs-33-waterwingebied-onttrekking": (
        "assen-grondwaterbescherming",
        "grondwateronttrekking",
        "grondwaterwingebieden",
    ),
    "wbs-18-landbouwgrond": ("drenthe-landbouwgrond", "woningbouw", "landbouwgronden"),
    "wbs-16-24-afdekking": ("emmen-neutraal", "woningbouw", "afdekking"),
    "drenthe-beekdal-nee-tenzij": ("drentsche-aa-beekdal", "glastuinbouw", "nee-tenzijbeleid"),
    "drenthe-beekdal-verharding": ("drentsche-aa-beekdal", "infrastructuur", "verhard oppervlak"),
    "drenthe-inzijggebied-verharding": ("hondsrug-inzijggebied", "woningbouw", "verhard oppervlak"),
    "drenthe-waterwingebied": ("assen-grondwaterbescherming", "landbouw", "meest kwetsbare"),
    "drenthe-verbodzone-boringen": ("hoogeveen-verbodzone", "bodemenergie", "verbodzones diepe boringen"),
    "drenthe-gwb-verbieden": ("assen-grondwaterbescherming", "begraafplaats", "verbieden"),
    "drenthe-gwb-weren": ("assen-grondwaterbescherming", "woningbouw", "nee-tenzijbeleid"),
    "drenthe-gwb-voorwaarden": ("assen-grondwaterbescherming", "akkerbouw", "voorwaarden"),
    "drenthe-gwb-bevorderen": ("assen-grondwaterbescherming", "natuur", "bevorderen"),
    "overijssel-grote-watervraag": ("oost-overijssel", "datacenter", "watervraag"),
    "overijssel-grondwater-volgorde": ("oost-overijssel", "grondwateronttrekking", "onttrekkingen"),
    "overijssel-intrekgebied": ("salland-intrekgebied", "woningbouw", "intrekgebieden"),
    "overijssel-gwb-bodemenergie": ("zwolle-grondwaterbescherming", "bodemenergie", "bodemenergiesystemen"),
    "overijssel-gwb-bescherming": ("zwolle-grondwaterbescherming", "woningbouw", "grondwaterbeschermingszones"),
    "overijssel-gwb-harmonierend": ("zwolle-grondwaterbescherming", "natuur", "natuurbeheer"),
}
# Plans inside the demo coverage of a rule's layer (and in its province) where the layer has no
# feature that counts: there the rule was checked and found nothing (geen-bezwaar).
STIL_PLANNEN = {
    "zwolle-noordoost": box(209000, 510000, 209400, 510400),
    "flevoland-ondiep": box(178000, 505000, 178400, 505400),
    "ijsselmeer-kust": box(174000, 511200, 174400, 511600),
    "zwolle-klei": box(197000, 504000, 197400, 504400),
    "kop-oost": box(200500, 513000, 200900, 513400),
    "weerribben-ver": box(203500, 519500, 203900, 519900),
    "assen-oost": box(234500, 556000, 234900, 556400),
    "zwolle-zuidoost": box(205500, 498500, 205900, 498900),
    "drenthe-zuid": box(237000, 527000, 237400, 527400),
    "twente-west": box(236200, 468200, 236600, 468600),
    "veenkolonien-noord": box(256500, 552000, 256900, 552400),
    "salland-west": box(224500, 482500, 224900, 482900),
}
STIL = {
    "wbs-10-uiterwaarden": "zwolle-noordoost",
    "wbs-10-uiterwaarden-infra": "zwolle-noordoost",
    "wbs-11-reserveringszone": "zwolle-noordoost",
    "wbs-11-reserveringszone-infra": "zwolle-noordoost",
    "wbs-21-wateroverlast": "zwolle-noordoost",
    "wbs-21-overstroming-diep": "zwolle-noordoost",
    "wbs-21-overstroming": "zwolle-noordoost",
    "wbs-13-diepe-polder": "flevoland-ondiep",
    "wbs-9-landaanwinning": "ijsselmeer-kust",
    "wbs-9-landaanwinning-natuur": "ijsselmeer-kust",
    "wbs-9-buitendijks": "ijsselmeer-kust",
    "wbs-21-bodemdaling": "zwolle-klei",
    "wbs-25-veenweide": "kop-oost",
    "wbs-25-veenweide-akkerbouw": "kop-oost",
    "wbs-25-veenweide-nat": "kop-oost",
    "wbs-27-veenweide-grasland": "kop-oost",
    "wbs-33-natura2000-onttrekking": "weerribben-ver",
    "wbs-33-waterwingebied-onttrekking": "assen-oost",
    "wbs-22-waterberging": "drenthe-zuid",
    "wbs-21-drinkwater": "twente-west",
    "wbs-18-landbouwgrond": "veenkolonien-noord",
    "drenthe-beekdal-nee-tenzij": "assen-oost",
    "drenthe-beekdal-verharding": "assen-oost",
    "drenthe-inzijggebied-verharding": "assen-oost",
    "drenthe-waterwingebied": "assen-oost",
    "drenthe-verbodzone-boringen": "assen-oost",
    "drenthe-gwb-verbieden": "assen-oost",
    "drenthe-gwb-weren": "assen-oost",
    "drenthe-gwb-voorwaarden": "assen-oost",
    "drenthe-gwb-bevorderen": "assen-oost",
    "overijssel-grote-watervraag": "zwolle-zuidoost",
    "overijssel-intrekgebied": "salland-west",
    "overijssel-gwb-bodemenergie": "zwolle-zuidoost",
    "overijssel-gwb-bescherming": "zwolle-zuidoost",
    "overijssel-gwb-harmonierend": "zwolle-zuidoost",
}
NERGENS = "emmen-neutraal"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    config = schrijf_demo(tmp_path_factory.mktemp("lagen"), overschrijf=True)
    return Catalogus.uit_bestand(config)


def _uitslag(demo, plan, functie, regel_id):
    geom = DEMO_PLANNEN[plan] if plan in DEMO_PLANNEN else STIL_PLANNEN[plan]
    u = toets(geom, functie, demo)
    return u, next(r for r in u.regels if r.regel == regel_id)


def test_every_shipped_rule_has_a_firing_location():
    assert {r.id for _, r in alle_regels()} == set(WAAR_HET_AFGAAT)
    altijd = {r.id for _, r in alle_regels() if r.conditie.type == "altijd"}
    assert set(STIL) == set(WAAR_HET_AFGAAT) - altijd


@pytest.mark.parametrize("regel_id", sorted(WAAR_HET_AFGAAT))
def test_rule_fires_where_it_should_and_cites_its_source(demo, regel_id):
    plan, functie, trefwoord = WAAR_HET_AFGAAT[regel_id]
    regel = next(r for _, r in alle_regels() if r.id == regel_id)
    assert functie in functies_van(regel)
    u, r = _uitslag(demo, plan, functie, regel_id)
    assert r.verdict == regel.verdict and r.van_toepassing
    assert r.toelichting and r.bron.startswith(regel.bron.bestand)
    geciteerd = " ".join(
        " ".join(bron_regels(b.bestand)[b.regels[0] - 1 : b.regels[1]]) for b in [regel.bron, *regel.bronnen]
    ).lower()
    assert trefwoord.lower() in geciteerd, f"{regel_id}: '{trefwoord}' niet in {regel.bron.citeer()}"
    if regel.laag and regel.conditie.type == "overlap":
        assert r.features, "a fired vector rule names the features it hit"
    assert regel.historie, "every rule records its history"


@pytest.mark.parametrize("regel_id", sorted(STIL))
def test_rule_checked_inside_its_coverage_finds_nothing_where_the_layer_is_empty(demo, regel_id):
    _plan, functie, _ = WAAR_HET_AFGAAT[regel_id]
    _u, r = _uitslag(demo, STIL[regel_id], functie, regel_id)
    assert r.verdict == "geen-bezwaar", r.toelichting
    assert not r.features and "getoetst binnen de dekking" in r.toelichting
    assert r.buiten_dekking_pct == 0


def test_oordeel_is_the_strictest_and_every_applicable_rule_is_listed(demo):
    u = toets(DEMO_PLANNEN["zwolle-uiterwaarden"], "woningbouw", demo)
    assert u.oordeel == "verboden" and u.afwegingskader == "NEE"
    assert {r.regel for r in u.regels} == {r.id for _, r in regels_voor("woningbouw")}


def test_provincial_rules_are_narrowed_to_their_province(demo, tmp_path):
    # The Zwolle groundwater protection area lies in Overijssel: Drenthe's tiers do not apply there.
    u = toets(DEMO_PLANNEN["zwolle-grondwaterbescherming"], "begraafplaats", demo)
    r = next(r for r in u.regels if r.regel == "drenthe-gwb-verbieden")
    assert r.verdict == "niet-van-toepassing" and not r.van_toepassing and "Drenthe" in r.toelichting
    assert u.oordeel != "niet-van-toepassing"
    # Without a 'provincies' layer the shipped CBS outlines decide, with the same outcome.
    tekst = (demo.basis / "lagen.yaml").read_text()
    tekst = "\n".join(ln for ln in tekst.splitlines() if not ln.strip().startswith("provincies:"))
    tekst = tekst.replace("pad: demo.gpkg", f"pad: {demo.basis / 'demo.gpkg'}").replace(
        "pad: overstromingsdiepte.tif", f"pad: {demo.basis / 'overstromingsdiepte.tif'}"
    )
    (tmp_path / "zonder.yaml").write_text(tekst)
    catalogus = Catalogus.uit_bestand(tmp_path / "zonder.yaml")
    u = toets(DEMO_PLANNEN["zwolle-grondwaterbescherming"], "begraafplaats", catalogus)
    r = next(r for r in u.regels if r.regel == "drenthe-gwb-verbieden")
    assert r.verdict == "niet-van-toepassing" and "CBS" in r.toelichting
    u = toets(DEMO_PLANNEN["assen-grondwaterbescherming"], "begraafplaats", catalogus)
    assert next(r for r in u.regels if r.regel == "drenthe-gwb-verbieden").verdict == "verboden"


def test_missing_layer_is_never_a_silent_pass(demo, tmp_path):
    tekst = (demo.basis / "lagen.yaml").read_text()
    weg = ("uiterwaarden:", "reserveringszone")
    tekst = "\n".join(ln for ln in tekst.splitlines() if not ln.strip().startswith(weg))
    tekst = tekst.replace("pad: demo.gpkg", f"pad: {demo.basis / 'demo.gpkg'}").replace(
        "pad: overstromingsdiepte.tif", f"pad: {demo.basis / 'overstromingsdiepte.tif'}"
    )
    (tmp_path / "half.yaml").write_text(tekst)
    half = Catalogus.uit_bestand(tmp_path / "half.yaml")
    u = toets(STIL_PLANNEN["zwolle-noordoost"], "infrastructuur", half)
    r = next(r for r in u.regels if r.regel == "wbs-10-uiterwaarden-infra")
    assert r.verdict == "niet-getoetst" and "ontbreekt" in r.toelichting and "wbs lagen ophalen" in r.toelichting
    assert u.oordeel == "niet-getoetst"
    assert str(tmp_path) not in r.toelichting  # a catalog name, never a server path


def test_same_result_in_wgs84_and_rd(demo, tmp_path):
    plan = DEMO_PLANNEN["kop-van-overijssel-veen"]
    t = Transformer.from_crs("EPSG:28992", "EPSG:4326", always_xy=True)
    wgs = shapely.transform(plan, lambda xy: np.column_stack(t.transform(xy[:, 0], xy[:, 1])))
    rd = toets(lees_geometrie(plan.wkt), "woningbouw", demo)
    via_wgs = toets(lees_geometrie(json.dumps(mapping(wgs))), "woningbouw", demo)
    assert [(r.regel, r.verdict) for r in rd.regels] == [(r.regel, r.verdict) for r in via_wgs.regels]
    assert via_wgs.oppervlakte_m2 == pytest.approx(rd.oppervlakte_m2, rel=0.01)
    # Layers stored in EPSG:4326 give the same verdicts after reprojection.
    import geopandas as gpd

    gdf = gpd.read_file(demo.basis / "demo.gpkg", layer="veenweide").to_crs(4326)
    gdf.to_file(tmp_path / "veen.geojson", driver="GeoJSON")
    (tmp_path / "w.yaml").write_text("lagen:\n  veenweide: {pad: veen.geojson}\n")
    u = toets(plan, "woningbouw", Catalogus.uit_bestand(tmp_path / "w.yaml"))
    r = next(r for r in u.regels if r.regel == "wbs-25-veenweide")
    r_rd = next(r for r in rd.regels if r.regel == "wbs-25-veenweide")
    assert r.verdict == "voorwaarden" and r.overlap_m2 == pytest.approx(r_rd.overlap_m2, rel=0.01)


@pytest.mark.parametrize(
    ("invoer", "fragment"),
    [
        ("POLYGON((200000 500000, 201000 501000, 200000 500000, 200000 500000))", "ongeldige geometrie"),
        ("POLYGON EMPTY", "leeg"),
        (
            '{"type": "Polygon", "coordinates": [[[2.3, 48.8], [2.4, 48.8], [2.4, 48.9], [2.3, 48.8]]]}',
            "buiten Nederland",
        ),
        ('{"type": "Polygon", "coordinates": ', "ongeldige GeoJSON"),
        ("LINESTRING(200000 500000, 201000 501000)", "niet ondersteund"),
        ("dit is geen geometrie", "ongeldige WKT"),
    ],
)
def test_bad_geometry_gives_dutch_error(invoer, fragment):
    with pytest.raises(LocatieFout, match=fragment):
        lees_geometrie(invoer)


def test_unknown_function_and_bad_layer_files(demo, tmp_path):
    with pytest.raises(LocatieFout, match="onbekende functie"):
        toets(DEMO_PLANNEN["emmen-neutraal"], "kasteel", demo)
    (tmp_path / "kapot.gpkg").write_bytes(b"geen geopackage")
    (tmp_path / "k.yaml").write_text("lagen:\n  beekdal: {pad: kapot.gpkg}\n")
    with pytest.raises(LocatieFout, match="niet leesbaar"):
        toets(DEMO_PLANNEN["drentsche-aa-beekdal"], "woningbouw", Catalogus.uit_bestand(tmp_path / "k.yaml"))
    (tmp_path / "o.yaml").write_text("lagen:\n  vulkanen: {pad: x.gpkg}\n")
    with pytest.raises(LocatieFout, match="onbekende laag-id"):
        Catalogus.uit_bestand(tmp_path / "o.yaml")
    with pytest.raises(LocatieFout, match="bestaat niet"):
        Catalogus.uit_bestand(tmp_path / "nergens.yaml")


@pytest.mark.parametrize("functie", ["woningbouw", "grondwateronttrekking", "natuur", "akkerbouw", "bodemenergie"])
def test_scan_agrees_with_single_tests(demo, functie):
    plannen = {**DEMO_PLANNEN, **STIL_PLANNEN}
    namen = list(plannen)
    res = scan_array(np.array([plannen[n] for n in namen]), functie, demo)
    for naam, oordeel, regels, niet_getoetst in zip(namen, res.oordeel, res.regels, res.niet_getoetst, strict=True):
        u = toets(plannen[naam], functie, demo)
        assert oordeel == u.oordeel, naam
        gevuurd = {
            r.regel
            for r in u.regels
            if r.verdict not in ("geen-bezwaar", "niet-getoetst", "niet-van-toepassing")
            or (r.verdict == "geen-bezwaar" and (r.features or r.laag is None))
        }
        assert set(filter(None, regels.split(";"))) == gevuurd, naam
        assert set(filter(None, niet_getoetst.split(";"))) == {
            r.regel for r in u.regels if r.verdict == "niet-getoetst"
        }, naam
    # the three outcomes are counted separately per rule
    for regel_id, telling in res.regeltelling.items():
        assert sum(telling.values()) == len(namen), regel_id


runner = CliRunner()


def test_cli_json_schema_and_errors(demo, tmp_path):
    plan = tmp_path / "plan.geojson"
    plan.write_text(
        json.dumps(
            {
                "type": "Feature",
                "properties": {},
                "geometry": mapping(DEMO_PLANNEN["drentsche-aa-beekdal"]),
                "crs": {"type": "name", "properties": {"name": "EPSG:28992"}},
            }
        )
    )
    config = str(demo.basis / "lagen.yaml")
    res = runner.invoke(
        cli,
        [
            "locatie",
            "toets",
            "--geometrie",
            str(plan),
            "--functie",
            "glastuinbouw",
            "--lagen",
            config,
            "--format",
            "json",
        ],
    )
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert {"functie", "oppervlakte_m2", "oordeel", "regels"} <= set(data)
    for r in data["regels"]:
        assert {
            "regel",
            "keuze",
            "bron",
            "verdict",
            "laag",
            "overlap_m2",
            "overlap_pct",
            "waarde",
            "voorwaarden",
            "toelichting",
        } <= set(r)
    assert data["oordeel"] == "nee-tenzij"
    beekdal = next(r for r in data["regels"] if r["regel"] == "drenthe-beekdal-nee-tenzij")
    assert len(beekdal["voorwaarden"]) == 4  # the four conditions of section 6.2.2
    bad = runner.invoke(
        cli, ["locatie", "toets", "--geometrie", "POLYGON EMPTY", "--functie", "woningbouw", "--lagen", config]
    )
    assert bad.exit_code == 2 and "leeg" in bad.output
    bad = runner.invoke(cli, ["locatie", "toets", "--geometrie", str(plan), "--functie", "kasteel", "--lagen", config])
    assert bad.exit_code == 2 and "onbekende functie" in bad.output


def test_vergelijk_ranks_the_forbidden_location_last(demo, tmp_path):
    paden = []
    for naam in ("zwolle-uiterwaarden", "emmen-neutraal", "flevoland-diepe-polder"):
        p = tmp_path / f"{naam}.geojson"
        p.write_text(
            json.dumps(
                {
                    "type": "Feature",
                    "properties": {},
                    "geometry": mapping(DEMO_PLANNEN[naam]),
                    "crs": {"type": "name", "properties": {"name": "EPSG:28992"}},
                }
            )
        )
        paden.append(str(p))
    res = runner.invoke(
        cli,
        [
            "locatie",
            "vergelijk",
            *paden,
            "--functie",
            "woningbouw",
            "--lagen",
            str(demo.basis / "lagen.yaml"),
            "--format",
            "json",
        ],
    )
    assert res.exit_code == 0, res.output
    volgorde = [k["naam"] for k in json.loads(res.stdout)]
    assert volgorde == ["emmen-neutraal", "flevoland-diepe-polder", "zwolle-uiterwaarden"]


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    import os

    os.environ["WBS_DATA_DIR"] = str(tmp_path_factory.mktemp("wbsdata"))
    from wbs.web.app import create_app

    yield TestClient(create_app())
    os.environ.pop("WBS_DATA_DIR", None)


def test_api_and_page(client):
    t = Transformer.from_crs("EPSG:28992", "EPSG:4326", always_xy=True)
    wgs = shapely.transform(
        DEMO_PLANNEN["zwolle-uiterwaarden"], lambda xy: np.column_stack(t.transform(xy[:, 0], xy[:, 1]))
    )
    r = client.post("/api/locatie/toets", json={"geometrie": mapping(wgs), "functie": "woningbouw"})
    assert r.status_code == 200 and r.json()["oordeel"] == "verboden"
    r = client.post("/api/locatie/toets", json={"geometrie": "POLYGON EMPTY", "functie": "woningbouw"})
    assert r.status_code == 422 and "leeg" in r.json()["detail"]
    r = client.post("/api/locatie/toets", json={"geometrie": mapping(wgs), "functie": "kasteel"})
    assert r.status_code == 422 and "onbekende functie" in r.json()["detail"]
    r = client.post("/locatie/advies", json={"geometrie": mapping(wgs), "functie": "woningbouw"})
    assert r.status_code == 200 and 'id="oordeel"' in r.text and "wbs-10-uiterwaarden" in r.text
    pdf = client.post("/api/locatie/advies.pdf", json={"geometrie": mapping(wgs), "functie": "woningbouw"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    html = client.post("/api/locatie/advies.html", json={"geometrie": mapping(wgs), "functie": "woningbouw"})
    assert "<svg" in html.text and "wbs-borgingskalender.txt:1153-1156" in html.text
    laag = client.get("/api/locatie/lagen/beekdal.geojson").json()
    x, y = laag["features"][0]["geometry"]["coordinates"][0][0]
    assert 6 < x < 7.5 and 52 < y < 53.6
    assert client.get("/api/locatie/lagen/vulkanen.geojson").status_code == 404
    page = client.get("/locatie")
    assert page.status_code == 200 and 'id="kaart"' in page.text and 'value="woningbouw"' in page.text
