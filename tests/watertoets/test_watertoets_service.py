"""The service on the demo layers, saved results, the parcel scan and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
from shapely.geometry import box
from typer.testing import CliRunner

from wbs.cli.main import app
from wbs.locatie.demo_data import DEMO_PLANNEN, schrijf_demo
from wbs.locatie.service import catalogus
from wbs.watertoets import opslag, service
from wbs.watertoets.fouten import WatertoetsFout, WatertoetsNietGevonden
from wbs.watertoets.models import WatertoetsInvoer
from wbs.watertoets.scan import watertoets_percelen

DEN_BOSCH = box(150000, 410000, 150300, 410200)  # 6 ha in the demo area of Aa en Maas
ALKMAAR = box(111000, 516000, 111200, 516100)  # 2 ha in the demo area of Hollands Noorderkwartier


@pytest.fixture(scope="module")
def lagen(tmp_path_factory) -> Path:
    return schrijf_demo(tmp_path_factory.mktemp("demo-lagen"))


@pytest.fixture
def data(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("WBS_DATA_DIR", str(tmp_path))
    return tmp_path


def toets(lagen, geom=DEN_BOSCH, **kw):
    kw.setdefault("functie", "woningbouw")
    return service.voer_uit(WatertoetsInvoer(geometrie=geom.wkt, **kw), lagen)[0]


def test_water_board_derived_from_the_demo_layer(lagen):
    u = toets(lagen, verhard_nu_m2=0, verhard_plan_m2=3_000, gevoeligheidsfactor=1.0)
    assert (u.waterschap, u.waterschap_herkomst) == ("aa-en-maas", "afgeleid")
    assert u.compensatie_m3 == pytest.approx(180.0) and u.procedure == "kort"
    assert any("illustratieve grenzen" in m for m in u.meldingen)
    h = toets(lagen, ALKMAAR, verhard_nu_m2=200, verhard_plan_m2=1_700)
    assert h.waterschap == "hollands-noorderkwartier" and h.compensatie_m2_water == pytest.approx(150.0)


def test_given_water_board_wins_over_the_layer(lagen):
    u = toets(lagen, verhard_nu_m2=0, verhard_plan_m2=1_500, waterschap="hollands-noorderkwartier")
    assert (u.waterschap, u.waterschap_herkomst, u.compensatie_m2_water) == (
        "hollands-noorderkwartier",
        "opgegeven",
        150.0,
    )


def test_stream_valley_in_drenthe(lagen):
    u = toets(
        lagen, DEMO_PLANNEN["drentsche-aa-beekdal"], verhard_nu_m2=0, verhard_plan_m2=300, grondgebruik_nu="grasland"
    )
    assert u.provincie == "Drenthe" and u.waterschap == "hunze-en-aas" and not u.normen_bekend
    assert u.procedure == "normaal"
    beekdal = next(g for g in u.gebieden if g.id == "beekdal")
    assert beekdal.uitkomst == "ligt-in" and beekdal.bron == "omgevingsvisie-drenthe.txt:1682-1684"
    assert u.afvoernorm_l_s_ha == 1.2 and u.beschermingsniveau.stijgt is True


def test_groundwater_protection_and_infiltration(lagen):
    u = toets(
        lagen,
        DEMO_PLANNEN["assen-grondwaterbescherming"],
        verhard_nu_m2=0,
        verhard_plan_m2=2_000,
        afvoer=["infiltratie"],
    )
    assert next(g for g in u.gebieden if g.id == "grondwaterbescherming").uitkomst == "ligt-in"
    assert "infiltratie-grondwater" in {a.id for a in u.adviezen}


def test_flood_depth_raster_is_reported(lagen):
    u = toets(lagen, DEMO_PLANNEN["zwolle-uiterwaarden"], verhard_nu_m2=0, verhard_plan_m2=1_000)
    diepte = next(g for g in u.gebieden if g.id == "overstromingsdiepte")
    assert diepte.uitkomst == "ligt-in" and diepte.waarde > 0.5
    assert "wateroverlast-locatie" in {a.id for a in u.adviezen}


def test_catalog_without_water_boards_says_unknown(tmp_path, lagen):
    config = tmp_path / "lagen.yaml"
    config.write_text(
        # the demo set names the province layer 'provincies' since issue 16 (coverage)
        f"lagen:\n  provincies: {{pad: {lagen.parent / 'demo.gpkg'}, laag: provincies}}\n",
        encoding="utf-8",
    )
    u = toets(config, verhard_nu_m2=0, verhard_plan_m2=3_000)
    assert u.waterschap is None and u.compensatie_m3 is None and u.procedure == "normaal"
    assert any("Waterschap onbekend" in m for m in u.meldingen)
    assert {g.uitkomst for g in u.gebieden} == {"niet-getoetst"}


@pytest.mark.parametrize(
    "kw, fout",
    [
        ({"verhard_nu_m2": -1, "verhard_plan_m2": 100}, "mag niet negatief"),
        ({"verhard_nu_m2": 0, "verhard_plan_m2": 70_000}, "groter dan het plangebied"),
        ({"verhard_nu_m2": 0}, "zowel het huidige als het geplande"),
        ({}, "grondgebruik"),
        ({"verhard_nu_m2": 0, "verhard_plan_m2": float("nan")}, "geen geldig getal"),
        ({"verhard_nu_m2": 0, "verhard_plan_m2": 100, "grondgebruik_nu": "moeras"}, "onbekend grondgebruik"),
        ({"verhard_nu_m2": 0, "verhard_plan_m2": 100, "waterschap": "nergens"}, "onbekend waterschap"),
        ({"verhard_nu_m2": 0, "verhard_plan_m2": 100, "gevoeligheidsfactor": 0}, "gevoeligheidsfactor"),
        ({"verhard_nu_m2": 0, "verhard_plan_m2": 100, "functie": "kerncentrale"}, "onbekende functie"),
        ({"verhard_nu_m2": 0, "verharding_plan": {"dak": 100, "weg": -5}}, "mag niet negatief"),
        ({"verhard_nu_m2": 0, "verhard_plan_m2": 200, "verharding_plan": {"dak": 100, "weg": 50}}, "wijkt af"),
    ],
)
def test_bad_input_gets_a_dutch_message(lagen, kw, fout):
    with pytest.raises(WatertoetsFout, match=fout):
        toets(lagen, **kw)


def test_bad_geometry_becomes_a_watertoets_error(lagen):
    with pytest.raises(WatertoetsFout, match="buiten Nederland"):
        service.voer_uit(
            WatertoetsInvoer(geometrie="POINT (5 80)", functie="woningbouw", verhard_nu_m2=0, verhard_plan_m2=1), lagen
        )


def test_split_paving_adds_up(lagen):
    u = toets(
        lagen,
        verharding_nu={"dak": 0},
        verharding_plan={"dak": 1_200, "weg": 600, "overig": 200},
        gevoeligheidsfactor=1.0,
    )
    assert u.verhard_plan_m2 == 2_000 and u.compensatie_m3 == pytest.approx(120.0)
    assert any("dak 1.200 m² + weg 600 m² + overig 200 m²" in s for s in u.berekening)


def test_land_use_change_without_paving(lagen):
    u = toets(lagen, DEMO_PLANNEN["emmen-neutraal"], functie="glastuinbouw", grondgebruik_nu="akkerbouw")
    assert u.toename_verharding_m2 == 0 and u.beschermingsniveau.stijgt is True
    assert u.beschermingsniveau.norm_plan == "1:50" and u.procedure == "normaal"


# ---------------------------------------------------------------- saved results


def test_save_reopen_list_and_history(lagen, data):
    a = opslag.bewaar(toets(lagen, verhard_nu_m2=0, verhard_plan_m2=3_000, gevoeligheidsfactor=1.0, naam="A"))
    b = opslag.bewaar(toets(lagen, verhard_nu_m2=0, verhard_plan_m2=2_000, gevoeligheidsfactor=1.0, naam="B"))
    assert opslag.ID.match(a.id) and a.id != b.id and a.aangemaakt
    terug = opslag.laad(a.id)
    assert terug == a and terug.compensatie_m3 == 180.0
    assert {s.id for s in opslag.lijst()} == {a.id, b.id}
    assert not list((data / "watertoetsen").glob(".bezig-*"))  # no temporary files left behind
    historie = [json.loads(r) for r in (data / "watertoetsen" / "historie.jsonl").read_text().splitlines()]
    assert [h["id"] for h in historie] == [a.id, b.id]
    rijen = {r.kenmerk: r for r in opslag.vergelijk(a, b)}
    assert rijen["Compensatie (berging)"].verschil == "−60,0 m³" and rijen["Compensatie (berging)"].anders
    assert not rijen["Waterschap"].anders


@pytest.mark.parametrize("kwaad", ["../../etc/passwd", "0123456789abcdeg", "", "A" * 16, "0123456789abcdef/.."])
def test_ids_are_checked_before_any_path_is_built(data, kwaad):
    with pytest.raises(WatertoetsNietGevonden):
        opslag.laad(kwaad)


def test_unknown_id_and_a_broken_file(data):
    with pytest.raises(WatertoetsNietGevonden, match="niet .meer. bekend"):
        opslag.laad("0123456789abcdef")
    (opslag.map_() / "0123456789abcdef.json").write_text("{kapot", encoding="utf-8")
    with pytest.raises(WatertoetsNietGevonden, match="onleesbaar"):
        opslag.laad("0123456789abcdef")
    assert opslag.lijst() == []


# ---------------------------------------------------------------- parcel scan


def _percelen():
    return gpd.GeoDataFrame(
        {
            "perceel": ["a", "b", "c", "d"],
            "verhard": [300.0, 3_000.0, np.nan, 20_000.0],
            "nu": [0.0, 1_000.0, 0.0, 0.0],
        },
        geometry=[
            box(150000, 410000, 150100, 410100),
            box(150200, 410000, 150400, 410100),
            box(150500, 410000, 150600, 410100),
            box(150000, 411000, 150200, 411200),
        ],
        crs="EPSG:28992",
    )


def test_scan_reports_volume_per_parcel(lagen):
    gdf = _percelen()
    som = watertoets_percelen(gdf, "verhard", catalogus(lagen), "nu", gevoeligheidsfactor=0.5)
    assert list(gdf["waterschap"]) == ["aa-en-maas"] * 4
    assert list(gdf["procedure"]) == ["geen", "kort", "", "normaal"]
    # b: (3.000 - 1.000) × 0,5 × 0,06 = 60 m³ ; a: exempt ; c: no paving given ; d: above 10.000 m², tailored
    assert gdf["compensatie_m3"].tolist()[:2] == [0.0, 60.0]
    assert np.isnan(gdf["compensatie_m3"].iloc[2]) and np.isnan(gdf["compensatie_m3"].iloc[3])
    assert "verharding niet opgegeven" in gdf["watertoets_opmerking"].iloc[2]
    assert som["compensatie_m3_totaal"] == 60.0 and som["procedure"] == {"geen": 1, "kort": 1, "normaal": 1}


@pytest.mark.parametrize(
    "wijzig, fout",
    [
        ({"verhard": [-1.0, 0.0, 0.0, 0.0]}, "negatieve"),
        ({"verhard": [20_000.0, 0.0, 0.0, 0.0]}, "dat kan niet"),
        ({"verhard": ["veel", 0, 0, 0]}, "tekst"),
    ],
)
def test_scan_rejects_impossible_paving(lagen, wijzig, fout):
    gdf = _percelen()
    for k, v in wijzig.items():
        gdf[k] = v
    with pytest.raises(WatertoetsFout, match=fout):
        watertoets_percelen(gdf, "verhard", catalogus(lagen))
    assert "procedure" not in gdf.columns


def test_scan_missing_column(lagen):
    with pytest.raises(WatertoetsFout, match="staat niet in het percelenbestand"):
        watertoets_percelen(_percelen(), "bestaat_niet", catalogus(lagen))


# ---------------------------------------------------------------- CLI


def _cli(lagen, *extra: str, plan: str = "3000", factor: str | None = "1", geometrie_optie: str = "--geometrie"):
    """``wbs watertoets`` on the Den Bosch plan with 3000 m² new paving (the factor left out when None)."""
    args = ["watertoets", geometrie_optie, DEN_BOSCH.wkt, "--functie", "woningbouw"]
    args += ["--verhard-nu", "0", "--verhard-plan", plan, "--lagen", str(lagen)]
    args += ["--gevoeligheidsfactor", factor] if factor else []
    return CliRunner().invoke(app, [*args, *extra])


def test_cli_json_has_the_promised_keys(lagen, data):
    r = _cli(lagen, "--format", "json")
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    for sleutel in (
        "procedure",
        "toename_verharding_m2",
        "compensatie_m3",
        "afvoernorm_l_s_ha",
        "waterschap",
        "normen",
        "adviezen",
    ):
        assert sleutel in d
    assert {"id", "waarde", "eenheid", "bron"} <= set(d["normen"][0])
    assert {"tekst", "keuze", "bron"} <= set(d["adviezen"][0])
    assert (d["procedure"], d["compensatie_m3"], d["waterschap"]) == ("kort", 180.0, "aa-en-maas")


def test_cli_save_list_show_compare(lagen, data):
    runner = CliRunner()
    ids = []
    for naam, plan in (("Variant A", "3000"), ("Variant B", "2000")):
        r = _cli(lagen, "--naam", naam, "--opslaan", plan=plan, geometrie_optie="-g")
        assert r.exit_code == 0, r.output
        ids.append(r.output.split("Bewaard als ")[1].split()[0])
    r = runner.invoke(app, ["watertoets", "lijst"])
    assert r.exit_code == 0 and all(i in r.output for i in ids)
    r = runner.invoke(app, ["watertoets", "toon", ids[0], "--format", "json"])
    assert json.loads(r.stdout)["compensatie_m3"] == 180.0
    r = runner.invoke(app, ["watertoets", "vergelijk", ids[0], ids[1], "--format", "json"])
    rijen = {x["kenmerk"]: x for x in json.loads(r.stdout)["rijen"]}
    assert rijen["Compensatie (berging)"]["verschil"] == "−60,0 m³"
    r = _cli(lagen, "--format", "tekst", factor=None)
    assert "180,0 × F m³" in r.output and "procedure" in r.output


def test_cli_bad_input_exits_2_and_stores_nothing(lagen, data):
    runner = CliRunner()
    r = runner.invoke(
        app,
        [
            "watertoets",
            "-g",
            DEN_BOSCH.wkt,
            "--functie",
            "woningbouw",
            "--verhard-nu",
            "-5",
            "--verhard-plan",
            "100",
            "--lagen",
            str(lagen),
            "--opslaan",
        ],
    )
    assert r.exit_code == 2 and "mag niet negatief" in r.output
    assert not list(data.glob("watertoetsen/*.json"))
    r = runner.invoke(app, ["watertoets", "toon", "../../etc/passwd"])
    assert r.exit_code == 2 and "ongeldig watertoets-id" in r.output
    r = runner.invoke(app, ["watertoets"])
    assert r.exit_code == 2 and "--geometrie" in r.output


def test_cli_pdf(lagen, data, tmp_path):
    import pypdf

    uit = tmp_path / "wt.pdf"
    r = _cli(lagen, "-f", "pdf", "-o", str(uit), geometrie_optie="-g")
    assert r.exit_code == 0, r.output
    assert uit.read_bytes().startswith(b"%PDF")
    tekst = " ".join(p.extract_text() for p in pypdf.PdfReader(uit).pages)
    assert "180,0 m³" in tekst and "Waterschap Aa en Maas" in tekst


def test_cli_scan_with_paving_column(lagen, tmp_path):
    bron = tmp_path / "kavels.gpkg"
    _percelen().to_file(bron, driver="GPKG")
    uit = tmp_path / "uit.gpkg"

    def scan(uit, kolom: str, *extra: str):
        args = ["locatie", "scan", "--percelen", str(bron), "--functie", "woningbouw", "--uit", str(uit)]
        return CliRunner().invoke(app, [*args, "--lagen", str(lagen), "--verharding-kolom", kolom, *extra])

    r = scan(uit, "verhard", "--verharding-nu-kolom", "nu", "--gevoeligheidsfactor", "0.5")
    assert r.exit_code == 0, r.output
    assert "berging samen 60,0 m³" in r.output
    terug = gpd.read_file(uit)
    assert terug["compensatie_m3"].iloc[1] == 60.0 and "oordeel" in terug.columns
    r = scan(tmp_path / "x.gpkg", "nope")
    assert r.exit_code == 2 and not (tmp_path / "x.gpkg").exists()
