"""Outcome indicators: the registry against the seed, trajectory and on-track logic, demo data, charts."""

from __future__ import annotations

import re
from xml.etree import ElementTree

import pytest
import yaml
from pydantic import ValidationError

from wbs.bronnen import bron_regels
from wbs.kader import laad_kader
from wbs.monitor import demo_metingen
from wbs.monitor.charts import indicator_chart
from wbs.monitor.indicatoren import (
    Meting,
    Register,
    assess,
    check_value,
    expected,
    load_regios,
    load_register,
    trajectory,
)


def _window(bron) -> str:
    a, b = bron.regels
    return re.sub(r"\s+", " ", " ".join(bron_regels(bron.bestand)[a - 1 : b]))


def _numbers(text: str) -> set[float]:
    return {float(x.replace(",", ".")) for x in re.findall(r"\d+(?:,\d+)?", text)}


@pytest.fixture(scope="module")
def register():
    return load_register()


def test_every_number_cites_the_line_that_prints_it(register):
    """Targets and baselines: the quoted phrase is on the cited seed lines and holds the number."""
    checked = 0
    for ind in register.indicatoren:
        for part in (ind.basis, ind.doel):
            if part is None:
                continue
            window = _window(part.bron)
            assert part.citaat in window, (ind.id, part.citaat, window[:200])
            for v in (getattr(part, "waarde", None), getattr(part, "min", None), getattr(part, "max", None)):
                if v is not None and not part.afgeleid:
                    assert abs(v) in _numbers(part.citaat), (ind.id, v, part.citaat)
                    checked += 1
                elif v is not None:
                    assert len(part.afgeleid) > 20  # a derived number says how it was derived
            jaar = getattr(part, "jaar", None)
            if jaar is not None and part is ind.doel:
                assert str(jaar) in part.citaat, (ind.id, jaar)
    assert checked >= 9


def test_the_targets_the_issue_names_are_there(register):
    drink = register.get("drinkwatergebruik")
    assert (drink.basis.waarde, drink.doel.waarde, drink.doel.jaar, drink.richting) == (125, 100, 2035, "omlaag")
    assert (register.get("grondwaterstand-veenweide").doel.min, register.get("grondwaterstand-veenweide").doel.max) == (
        20,
        40,
    )
    polders = register.get("waterberging-diepe-polders").doel
    assert (polders.min, polders.max) == (5, 10)
    assert register.get("rivierwatertemperatuur").doel.waarde == 25
    zand = register.get("grondwaterpeil-zandgronden").doel
    assert (zand.min, zand.max) == (10, 50)
    beek = register.get("herstel-beekdalen")
    assert beek.doel is None and "geen" in beek.toelichting and beek.doel_tekst == "geen doelwaarde in de bron"


def test_each_indicator_belongs_to_its_keuze(register):
    """The keuze cited is the one whose text is printed on the cited lines; the measures exist under it."""
    kader = laad_kader()
    starts = sorted(k.bron.regels[0] for k in kader.keuzes if k.bron.bestand == "wbs-borgingskalender.txt")
    for ind in register.indicatoren:
        k = kader.keuze(ind.keuze)
        section_end = next((s for s in starts if s > k.bron.regels[0]), 10**6) - 1
        a, b = ind.bron.regels
        assert k.bron.regels[0] <= a and b <= section_end, (ind.id, k.bron, ind.bron)
        ids = {m.id for m in k.maatregelen}
        assert set(ind.maatregelen) <= ids, (ind.id, ind.maatregelen, ids)


def test_missing_numbers_are_said_not_invented(register):
    for ind in register.indicatoren:
        if ind.doel is None or ind.doel.jaar is None or ind.basis is None:
            assert ind.toelichting, ind.id


def _reg(**change) -> dict:
    data = yaml.safe_load(open(__import__("wbs.monitor", fromlist=["x"]).__path__[0] + "/data/indicatoren.yaml"))
    data["indicatoren"][0].update(change)
    return data


def test_registry_schema_refuses_bad_data():
    with pytest.raises(ValidationError, match="toelichting"):
        Register.model_validate(_reg(doel=None, toelichting=None))
    with pytest.raises(ValidationError, match="richting"):
        Register.model_validate(_reg(richting="bandbreedte"))
    with pytest.raises(ValidationError):
        Register.model_validate(_reg(keuze=34))
    with pytest.raises(ValidationError, match="onbekend brondocument"):
        Register.model_validate(_reg(bron={"bestand": "elders.txt", "regels": [1, 2]}))


def test_trajectory_runs_straight_from_baseline_to_target(register):
    ind = register.get("drinkwatergebruik")
    points = trajectory(ind)
    assert points[0] == (2022, 125) and points[-1] == (2035, 100)
    assert expected(ind, 2028) == pytest.approx(125 - 25 * 6 / 13)
    assert expected(ind, 2040) == 100 and expected(ind, 2010) == 125
    assert trajectory(register.get("grondwaterstand-veenweide")) == []  # no baseline, no year
    assert trajectory(register.get("rivierwatertemperatuur")) == []  # a limit, not a course


def _m(ind, jaar, waarde, regio="drenthe"):
    return Meting(indicator=ind, regio=regio, jaar=jaar, waarde=waarde)


def test_on_track_and_behind_against_the_trajectory(register):
    ind = register.get("drinkwatergebruik")
    on = assess(ind, "drenthe", [_m(ind.id, 2023, 124), _m(ind.id, 2024, 120)])
    assert on.oordeel == "op-koers" and on.trend == "naar-doel" and on.verwacht == pytest.approx(121.15, abs=0.01)
    assert "wbs-borgingskalender.txt:708" in on.reden
    behind = assess(ind, "drenthe", [_m(ind.id, 2024, 123)])
    assert behind.oordeel == "achter-op-koers" and "achter" in behind.reden
    done = assess(ind, "drenthe", [_m(ind.id, 2030, 99)])
    assert done.oordeel == "doel-bereikt"
    # other regions' measurements do not count
    assert assess(ind, "overijssel", [_m(ind.id, 2024, 90)]).oordeel == "geen-meting"


def test_no_target_or_no_course_is_never_a_good_verdict(register):
    beek = register.get("herstel-beekdalen")
    res = assess(beek, "drenthe", [_m(beek.id, 2024, 500)])
    assert res.oordeel == "niet-te-beoordelen" and "geen doelwaarde" in res.reden
    veen = register.get("grondwaterstand-veenweide")
    res = assess(veen, "drenthe", [_m(veen.id, 2023, 60), _m(veen.id, 2024, 55)])
    assert res.oordeel == "nog-niet-bereikt" and "basiswaarde en doeljaar" in res.reden and res.trend == "naar-doel"
    assert assess(veen, "drenthe", [_m(veen.id, 2024, 30)]).oordeel == "doel-bereikt"
    temp = register.get("rivierwatertemperatuur")
    assert assess(temp, "nederland", [_m(temp.id, 2024, 26.1, "nederland")]).oordeel == "grens-overschreden"
    assert assess(temp, "nederland", [_m(temp.id, 2024, 24.0, "nederland")]).oordeel == "doel-bereikt"


def test_measurement_validation_in_dutch(register):
    regios = load_regios()
    ind = register.get("rivierwatertemperatuur")
    fouten = check_value(ind, regios.get("drenthe"), 2031, 80.0, 2025)
    assert any("provincie niveau" in f for f in fouten)
    assert any("toekomst" in f for f in fouten)
    assert any("plausibele bereik" in f for f in fouten)
    assert check_value(ind, regios.get("nederland"), 2024, 24.5, 2025) == []
    assert any("geen getal" in f for f in check_value(ind, regios.get("nederland"), 2024, float("nan"), 2025))


def test_regions_and_their_organisations():
    from wbs.monitor.seed import organisatie_data

    codes = {o.code for o in organisatie_data().organisaties}
    regios = load_regios().regios
    assert len([r for r in regios if r.niveau == "provincie"]) == 12
    assert len([r for r in regios if r.niveau == "waterschap"]) == 21
    assert all(set(r.organisaties) <= codes for r in regios)


def test_demo_measurements_are_deterministic_and_marked():
    a, b = demo_metingen.generate(2024), demo_metingen.generate(2024)
    assert a == b and len(a) > 100 and all(m.demo for m in a)
    register = load_register()
    for m in a:
        ind = register.get(m.indicator)
        assert ind.bereik[0] <= m.waarde <= ind.bereik[1] and m.jaar <= 2024
        assert load_regios().get(m.regio).niveau in ind.niveaus


def test_chart_is_valid_svg_with_target_trajectory_and_demo_label(register):
    ind = register.get("drinkwatergebruik")
    svg = indicator_chart(ind, demo_metingen.generate(2024), {"nederland": "Nederland"})
    root = ElementTree.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.tag == f"{ns}svg" and root.get("data-demo") == "true"
    classes = {e.get("class") for e in root.iter()}
    assert {"doellijn", "traject"} <= classes
    assert "DEMO" in svg and "Nederland" in svg
    band = indicator_chart(register.get("waterberging-diepe-polders"), [])
    assert 'class="doelband"' in band and "nog geen metingen" in band and 'data-demo="false"' in band
    ElementTree.fromstring(band)
