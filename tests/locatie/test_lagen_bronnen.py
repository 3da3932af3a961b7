"""The shipped official sources (`bronnen.yaml`), `--gebied` parsing and coverage, `wbs lagen bronnen`."""

from __future__ import annotations

import json

import pytest
import shapely
import yaml
from shapely.geometry import box
from typer.testing import CliRunner

from wbs.cli.main import app
from wbs.locatie.catalogus import LAAG_IDS
from wbs.locatie.lagen.bronnen import EXTRA_LAAG_IDS, Bronnen, laad_bronnen
from wbs.locatie.lagen.fouten import LagenFout
from wbs.locatie.lagen.gebied import Gebied, bepaal_dekking, lees_gebied
from wbs.locatie.lagen.ophalen import haal_op
from wbs.locatie.regels import alle_regels

runner = CliRunner()


def test_every_layer_the_rules_read_has_a_source():
    bronnen = laad_bronnen()
    lagen = {b.laag for b in bronnen.bronnen}
    assert {r.laag for _, r in alle_regels() if r.laag} <= lagen
    assert lagen <= set(LAAG_IDS) | set(EXTRA_LAAG_IDS)
    assert set(EXTRA_LAAG_IDS) <= lagen


def test_sources_are_honest_about_what_is_confirmed():
    for b in laad_bronnen().bronnen:
        assert b.toelichting.strip(), b.id
        if b.status == "bevestigd":
            assert b.documentatie and b.documentatie.startswith("https://"), b.id
        if b.type == "handmatig":
            assert b.instructie, b.id
        else:
            assert b.dekking is not None and b.url.startswith("https://"), b.id
    automatisch = {b.laag for b in laad_bronnen().bronnen if b.automatisch}
    # the boundary layers and Natura 2000 come from the national services
    assert {"natura2000", "provincies", "provincie", "gemeenten", "percelen", "waterschappen"} <= automatisch


def test_layer_and_source_ids_resolve():
    b = laad_bronnen()
    assert [x.id for x in b.kies(["natura2000"])] == ["pdok-natura2000"]
    assert [x.id for x in b.kies(["waterbergingsgebied"])] == ["groningen-waterberging"]  # the automated one
    assert [x.id for x in b.kies(["overijssel-waterberging"])] == ["overijssel-waterberging"]
    standaard = [x.id for x in b.kies([])]
    assert "pdok-percelen" not in standaard  # millions of parcels: only when asked for
    assert "pdok-provincies" in standaard and "pdok-provincie" not in standaard  # boundaries once, as 'provincies'
    with pytest.raises(LagenFout, match="onbekende laag- of bron-id"):
        b.kies(["natura2000", "bestaat-niet"])


def test_invalid_sources_file(breed, tmp_path):
    pad = tmp_path / "b.yaml"
    pad.write_text(
        yaml.safe_dump(
            {
                "bronnen": [
                    {
                        "id": "x",
                        "laag": "onzin",
                        "titel": "t",
                        "beheerder": "b",
                        "type": "ogcapi-features",
                        "licentie": "l",
                        "status": "bevestigd",
                        "toelichting": "t",
                    }
                ]
            }
        ),
        encoding="utf-8",
    )
    with pytest.raises(LagenFout, match="onbekende laag-id 'onzin'"):
        laad_bronnen(pad)
    res = runner.invoke(app, ["lagen", "bronnen", "--bronnen", str(pad)])
    assert res.exit_code == 2 and "ongeldig" in res.output
    with pytest.raises(LagenFout, match="bestaat niet"):
        laad_bronnen(tmp_path / "weg.yaml")


@pytest.mark.parametrize(
    ("tekst", "verwacht"),
    [
        ("drenthe", Gebied(provincie="drenthe")),
        ("Noord Holland", Gebied(provincie="noord-holland")),
        ("Friesland", Gebied(provincie="fryslân")),
        ("200000,500000,210000,510000", Gebied(bbox=(200000.0, 500000.0, 210000.0, 510000.0))),
        ("200000 500000 210000 510000", Gebied(bbox=(200000.0, 500000.0, 210000.0, 510000.0))),
        (None, None),
    ],
)
def test_parse_gebied(tekst, verwacht):
    assert lees_gebied(tekst) == verwacht


@pytest.mark.parametrize(
    "tekst",
    ["Gelre", "1,2,3,4,5", "200000,500000,200000,510000", "a,b,c,d", "200000,500000,900000,510000", "nan,1,2,3"],
)
def test_parse_gebied_rejects(tekst):
    with pytest.raises(LagenFout):
        lees_gebied(tekst)


def test_dekking_never_claims_more_than_source_and_area():
    overijssel = box(186000, 460000, 270000, 530000)
    grens = {"overijssel": overijssel}.__getitem__
    bbox = Gebied(bbox=(250000.0, 500000.0, 300000.0, 520000.0))
    assert bepaal_dekking("nederland", None, grens) == "nederland"
    assert bepaal_dekking("nederland", bbox, grens) == {"bbox": [250000.0, 500000.0, 300000.0, 520000.0]}
    assert bepaal_dekking("nederland", Gebied(provincie="drenthe"), grens) == {"provincie": "drenthe"}
    assert bepaal_dekking({"provincie": "overijssel"}, None, grens) == {"provincie": "overijssel"}
    assert bepaal_dekking({"provincie": "overijssel"}, Gebied(provincie="overijssel"), grens) == {
        "provincie": "overijssel"
    }
    assert bepaal_dekking({"provincie": "overijssel"}, Gebied(provincie="drenthe"), grens) is None
    # a provincial source in a bbox: the part of the province inside the bbox
    d = bepaal_dekking({"provincie": "overijssel"}, bbox, grens)
    assert d == {"bbox": [250000.0, 500000.0, 270000.0, 520000.0]}
    driehoek = shapely.Polygon([(186000, 460000), (270000, 460000), (270000, 530000)])
    d = bepaal_dekking({"provincie": "overijssel"}, bbox, {"overijssel": driehoek}.__getitem__)
    verwacht = shapely.intersection(driehoek, box(*bbox.bbox))
    assert "wkt" in d and shapely.symmetric_difference(shapely.from_wkt(d["wkt"]), verwacht).area < 5
    assert bepaal_dekking({"provincie": "overijssel"}, Gebied(bbox=(0.0, 300000.0, 10000.0, 310000.0)), grens) is None


def test_area_required_and_one_source_per_layer(tmp_path):
    b = laad_bronnen()
    with pytest.raises(LagenFout, match="landelijk te groot"):
        haal_op(["percelen"], None, tmp_path, b)
    with pytest.raises(LagenFout, match="twee bronnen voor laag natura2000"):
        extra = b.bron("pdok-natura2000").model_copy(update={"id": "kopie"})
        haal_op(["pdok-natura2000", "kopie"], None, tmp_path, Bronnen(bronnen=[*b.bronnen, extra]))
    assert list(tmp_path.iterdir()) == []


def test_bad_output_folder_or_catalog(tmp_path):
    b = laad_bronnen()
    (tmp_path / "bestand").write_text("x", encoding="utf-8")
    with pytest.raises(LagenFout, match="is een bestand"):
        haal_op(["natura2000"], None, tmp_path / "bestand", b)
    (tmp_path / "map").mkdir()
    (tmp_path / "map" / "lagen.yaml").write_text("lagen: [niet: {goed", encoding="utf-8")
    with pytest.raises(LagenFout, match="bestaande catalogus .* is niet leesbaar"):
        haal_op(["natura2000"], None, tmp_path / "map", b)
    assert (tmp_path / "map" / "lagen.yaml").read_text(encoding="utf-8") == "lagen: [niet: {goed"


def test_manual_sources_print_instructions_and_write_nothing(breed, tmp_path):
    res = runner.invoke(
        app,
        ["lagen", "ophalen", "overstromingsdiepte", "uiterwaarden", "--uit", str(tmp_path / "u")],
    )
    assert res.exit_code == 0, res.output
    assert "niet automatisch op te halen (liwo-overstromingsdiepte)" in res.output and "LIWO" in res.output
    assert "Geen catalogus geschreven" in res.output and not (tmp_path / "u").exists()


def test_cli_bronnen(breed):
    res = runner.invoke(app, ["lagen", "bronnen"])
    assert res.exit_code == 0 and "pdok-natura2000" in res.output and "handmatig" in res.output
    assert "onbevestigd" in res.output
    data = json.loads(runner.invoke(app, ["lagen", "bronnen", "--format", "json"]).stdout)
    n2k = next(b for b in data if b["id"] == "pdok-natura2000")
    assert n2k["url"] == "https://api.pdok.nl/rvo/natura2000/ogc/v1" and n2k["collectie"] == "natura2000"
    assert n2k["attributen"] == {"naamN2K": "naam"} and n2k["status"] == "bevestigd"
