"""The CLI writes Dutch numbers and plurals (issue 20): 250.000 m², 3,19 m, 9,3 %, 100 (never 250,000 m², 3.19 m,
100.0) and "1 perceel", "1 passage" (never "1 percelen", "1 passages")."""

from __future__ import annotations

import re

import geopandas as gpd
import pytest
from shapely.geometry import box
from typer.testing import CliRunner

from wbs.cli.main import app

runner = CliRunner()
PLAN = "POLYGON((201200 501400, 201700 501400, 201700 501900, 201200 501900, 201200 501400))"  # README example
ENGELS = re.compile(r"\b\d{1,3},\d{3}\b|\b\d+\.\d{1,2}\s?(?:m²|m³|m\b|%|l/s|stappen|mm|per seconde)")


def _tekst(res) -> str:
    assert res.exit_code == 0, res.output
    return " ".join(res.output.replace("│", " ").split())


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("WBS_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.delenv("WBS_DATABASE_URL", raising=False)
    from wbs.monitor import db

    db.reset_engines()
    yield tmp_path
    db.reset_engines()


def test_locatie_toets_area_and_depth_in_dutch_format(data_dir):
    tekst = _tekst(runner.invoke(app, ["locatie", "toets", "--geometrie", PLAN, "--functie", "datacenter"]))
    assert "250.000 m²" in tekst and "250,000" not in tekst
    assert not ENGELS.search(tekst), ENGELS.search(tekst)
    diepte = re.search(r"Hoogste waarde in het plangebied: (\S+) m \(drempel (\S+) m\)", tekst)
    assert diepte and re.fullmatch(r"\d+,\d\d", diepte.group(1)) and diepte.group(2) == "2"
    assert "regel(s)" not in tekst


def test_locatie_scan_of_one_parcel_says_perceel(data_dir, tmp_path):
    bron = tmp_path / "een.gpkg"
    gpd.GeoDataFrame({"kenmerk": ["A1"]}, geometry=[box(201200, 501400, 201300, 501500)], crs="EPSG:28992").to_file(
        bron
    )
    tekst = _tekst(
        runner.invoke(
            app,
            ["locatie", "scan", "--percelen", str(bron), "--functie", "woningbouw", "--uit", str(tmp_path / "u.gpkg")],
        )
    )
    assert "1 perceel in" in tekst and "1 percelen" not in tekst
    assert not ENGELS.search(tekst), ENGELS.search(tekst)


def test_plan_toets_of_one_passage_says_passage(data_dir, tmp_path):
    doc = tmp_path / "kort.txt"
    doc.write_text("Wij beschermen de drinkwaterwinning in grondwaterbeschermingsgebieden.\n", encoding="utf-8")
    tekst = _tekst(runner.invoke(app, ["plan", "toets", str(doc)]))
    assert "1 passage," in tekst and "1 passages" not in tekst


def test_watertoets_numbers(data_dir):
    tekst = _tekst(
        runner.invoke(
            app,
            ["watertoets", "--geometrie", PLAN, "--functie", "woningbouw", "--verhard-nu", "0"]
            + ["--verhard-plan", "3000", "--waterschap", "aa-en-maas", "--gevoeligheidsfactor", "1"],
        )
    )
    assert "3.000 m²" in tekst and "180,0 m³" in tekst and not ENGELS.search(tekst)


def test_monitor_kpi_and_indicators_in_dutch_format(data_dir):
    from wbs.monitor.demo import seed_demo

    seed_demo(wachtwoord="cli-getallen-test")
    kpi = _tekst(runner.invoke(app, ["monitor", "kpi"]))
    assert not ENGELS.search(kpi), ENGELS.search(kpi)
    assert re.search(r"\b\d+,\d %", kpi) and "100.0" not in kpi  # e.g. 9,3 % beside a target of 100
    ind = _tekst(runner.invoke(app, ["monitor", "indicatoren"]))
    assert not re.search(r"\b\d+\.\d\b", re.sub(r"\d+-\d+|\.txt:\d+", "", ind)), ind
    roadmap = _tekst(runner.invoke(app, ["monitor", "roadmap"]))
    assert not re.search(r"\b1 stappen\b", roadmap)
    org = _tekst(runner.invoke(app, ["monitor", "afspraken", "organisatie", "overijssel"]))
    assert not re.search(r"\b1 (stappen|afspraken|open stappen)\b", org)
