"""The pure engine: thresholds just below/above, exemptions, unknown norms, and hand-worked examples.

Hand-worked examples (computed by hand from the cited rules, not by the code):
- Brabantse waterschappen, rekenregel m³ = toename × gevoeligheidsfactor × 0,06 m:
  3.000 m² × 0,8 × 0,06 m = 144 m³; 10.000 m² × 1,0 × 0,06 m = 600 m³.
- Hollands Noorderkwartier, 10 % of the new paving as open water: 1.500 m² × 10 % = 150 m².
- Drenthe, at most 1,2 l/s/ha for new urban area: a plan of 45.000 m² = 4,5 ha may discharge 1,2 × 4,5 = 5,4 l/s.
- Drenthe table 6.1: grasland 1:10 → bebouwd gebied 1:100 raises the protection level; akkerbouw 1:25 →
  glastuinbouw 1:50 raises it; glastuinbouw 1:50 → akkerbouw 1:25 lowers it.
"""

from __future__ import annotations

import pytest

from wbs.watertoets import kern
from wbs.watertoets.models import Gebiedsbevinding
from wbs.watertoets.normen import kennis, provincienormen, waterschappen

TITELS = {n: f"keuze {n}" for n in range(1, 34)}
BRONNEN = {n: f"wbs-borgingskalender.txt:{n}" for n in range(1, 34)}


def ctx(
    waterschap: str | None = "aa-en-maas",
    provincie: str | None = None,
    m2: float = 45_000.0,
    functie: str = "woningbouw",
    gebieden: list[Gebiedsbevinding] | None = None,
) -> kern.Context:
    return kern.Context(
        functie=functie,
        functie_naam=functie,
        oppervlakte_m2=m2,
        centroide_rd=(0.0, 0.0),
        geometrie_wkt="POINT (0 0)",
        lagen="test",
        waterschap=waterschappen()[waterschap] if waterschap else None,
        waterschap_herkomst="opgegeven",
        provincie=provincie,
        provincie_bekend=True,
        gebieden=gebieden or [],
        keuze_titels=TITELS,
        keuze_bronnen=BRONNEN,
    )


def run(toename: float, c: kern.Context | None = None, **kw):
    invoer = kern.Invoer(verhard_nu_m2=kw.pop("nu", 0.0), verhard_plan_m2=kw.pop("nu_plus", 0.0) + toename, **kw)
    return kern.toets(invoer, c or ctx(), kennis(), provincienormen())


@pytest.mark.parametrize(
    "waterschap, toename, procedure",
    [
        ("aa-en-maas", 499.9, "geen"),
        ("aa-en-maas", 500.0, "geen"),
        ("aa-en-maas", 500.1, "kort"),
        ("aa-en-maas", 10_000.0, "kort"),
        ("aa-en-maas", 10_000.1, "normaal"),
        ("hollands-noorderkwartier", 799.9, "geen"),
        ("hollands-noorderkwartier", 800.0, "kort"),
        ("hollands-noorderkwartier", 2_000.0, "kort"),
        ("hollands-noorderkwartier", 2_000.1, "normaal"),
        ("schieland-en-de-krimpenerwaard", 500.0, "geen"),
        ("schieland-en-de-krimpenerwaard", 500.1, "normaal"),
        ("hollandse-delta", 500.0, "geen"),
        ("hollandse-delta", 501.0, "normaal"),
    ],
)
def test_threshold_just_below_and_above(waterschap, toename, procedure):
    u = run(toename, ctx(waterschap), gevoeligheidsfactor=1.0)
    assert u.procedure == procedure
    assert u.toename_verharding_m2 == pytest.approx(toename)


def test_small_addition_is_exempt_without_compensation():
    u = run(300.0, ctx("aa-en-maas"), gevoeligheidsfactor=1.0)
    assert (u.procedure, u.compensatie_m3, u.compensatie_soort) == ("geen", 0.0, "geen")
    assert "geen compensatie-eis" in u.berekening[-1]
    h = run(799.0, ctx("hollands-noorderkwartier"))
    assert (h.procedure, h.compensatie_m2_water, h.compensatie_m3) == ("geen", None, 0.0)


def test_brabant_hand_worked_examples():
    u = run(3_000.0, ctx("aa-en-maas"), gevoeligheidsfactor=0.8)
    assert u.compensatie_m3 == pytest.approx(144.0)
    assert "3.000 m² × 0,80 × 0,06 m = 144,0 m³" in u.berekening[-1]
    u = run(10_000.0, ctx("de-dommel"), gevoeligheidsfactor=1.0)
    assert u.compensatie_m3 == pytest.approx(600.0) and u.procedure == "kort"
    # the same area in Brabantse Delta: the same harmonised rule
    assert run(10_000.0, ctx("brabantse-delta"), gevoeligheidsfactor=1.0).compensatie_m3 == pytest.approx(600.0)


def test_brabant_without_factor_gives_the_formula_not_a_number():
    u = run(3_000.0, ctx("aa-en-maas"))
    assert u.compensatie_m3 is None
    assert "180,0 × F m³" in u.berekening[-1]
    assert any("Gevoeligheidsfactor F niet opgegeven" in m for m in u.meldingen)


def test_above_the_general_rule_the_water_board_decides():
    u = run(12_000.0, ctx("aa-en-maas"), gevoeligheidsfactor=1.0)
    assert (u.procedure, u.compensatie_m3, u.compensatie_soort) == ("normaal", None, "maatwerk")


def test_hhnk_open_water_hand_worked():
    u = run(1_500.0, ctx("hollands-noorderkwartier"))
    assert u.compensatie_m2_water == pytest.approx(150.0) and u.compensatie_m3 is None
    assert "1.500 m² × 0,10 = 150 m² open water" in u.berekening[-1]


def test_unknown_water_board_says_normen_onbekend_and_never_guesses():
    u = run(3_000.0, ctx(None))
    assert u.waterschap is None and u.waterschap_herkomst == "onbekend" and not u.normen_bekend
    assert u.compensatie_m3 is None and u.compensatie_soort == "onbekend"
    assert u.procedure == "normaal"
    assert any("Waterschap onbekend" in m for m in u.meldingen)
    geen = run(3_000.0, ctx("hunze-en-aas"))
    assert geen.compensatie_m3 is None and any("Normen onbekend" in m for m in geen.meldingen)
    assert geen.procedure == "normaal"


def test_size_of_compensation_unknown_above_the_confirmed_threshold():
    u = run(900.0, ctx("hollandse-delta"))
    assert (u.procedure, u.compensatie_soort, u.compensatie_m3) == ("normaal", "onbekend", None)
    assert any("Normen onbekend" in m for m in u.meldingen)
    assert any(n.status == "onbevestigd" for n in u.normen)


def test_less_paving_needs_no_compensation():
    u = run(-400.0, ctx("aa-en-maas"), nu=1_000.0, nu_plus=1_000.0, gevoeligheidsfactor=1.0)
    assert u.toename_verharding_m2 == -400.0 and u.compensatie_m3 == 0.0 and u.procedure == "geen"
    assert any("neemt af" in s for s in u.berekening)


def test_drenthe_discharge_norm_hand_worked():
    u = run(3_000.0, ctx("hunze-en-aas", provincie="Drenthe", m2=45_000.0))
    assert u.afvoernorm_l_s_ha == 1.2 and u.afvoer_max_l_s == pytest.approx(5.4)
    assert "1,2 l/s/ha × 4,50 ha = 5,40 l/s" in u.berekening[-1]
    bronnen = {n.id: n.bron for n in u.normen}
    assert bronnen["drenthe:afvoernorm"] == "omgevingsvisie-drenthe.txt:3750-3753"
    # outside Drenthe, and for a function that does not make new urban area, no discharge norm is invented
    assert run(3_000.0, ctx("aa-en-maas", provincie=None)).afvoernorm_l_s_ha is None
    assert run(3_000.0, ctx("hunze-en-aas", provincie="Drenthe", functie="recreatie")).afvoernorm_l_s_ha is None


@pytest.mark.parametrize(
    "nu, plan, stijgt, norm_nu, norm_plan",
    [
        ("grasland", None, True, "1:10", "1:100"),  # woningbouw -> bebouwd gebied
        ("akkerbouw", "glastuinbouw", True, "1:25", "1:50"),
        ("glastuinbouw", "akkerbouw", False, "1:50", "1:25"),
        ("bebouwd-gebied", None, False, "1:100", "1:100"),
    ],
)
def test_change_of_land_use_and_protection_level(nu, plan, stijgt, norm_nu, norm_plan):
    u = run(0.0, ctx("hunze-en-aas", provincie="Drenthe"), grondgebruik_nu=nu, grondgebruik_plan=plan)
    b = u.beschermingsniveau
    assert (b.stijgt, b.norm_nu, b.norm_plan) == (stijgt, norm_nu, norm_plan)
    assert "omgevingsvisie-drenthe.txt:2972-2981" in b.bron
    assert ("verhoogt het vereiste beschermingsniveau" in b.tekst) == stijgt
    if stijgt:
        assert u.procedure == "normaal" and any("Hoger beschermingsniveau" in r for r in u.procedure_redenen)
        assert 21 in {a.keuze for a in u.adviezen}


def test_protection_level_outside_drenthe_informs_but_does_not_decide():
    u = run(100.0, ctx("aa-en-maas", provincie="Noord-Brabant"), grondgebruik_nu="grasland", gevoeligheidsfactor=1.0)
    assert u.beschermingsniveau.stijgt is True and "referentie" in u.beschermingsniveau.tekst
    assert u.procedure == "geen"


def test_protection_level_not_determinable_is_said():
    u = run(0.0, ctx("hunze-en-aas", provincie="Drenthe"), grondgebruik_nu="akkerbouw", grondgebruik_plan="natuur")
    assert u.beschermingsniveau.stijgt is None and "geen vaste norm" in u.beschermingsniveau.tekst
    u = run(1_000.0, ctx("hunze-en-aas", provincie="Drenthe"))
    assert u.beschermingsniveau.stijgt is None and "Niet te bepalen" in u.beschermingsniveau.tekst


def _gebied(gid: str, laag: str, procedure: str, keuze: int) -> Gebiedsbevinding:
    return Gebiedsbevinding(
        id=gid,
        laag=laag,
        naam=gid,
        uitkomst="ligt-in",
        toelichting=f"in {gid}",
        procedure_minimaal=procedure,
        keuze=keuze,
        bron="omgevingsvisie-drenthe.txt:1682-1684",
    )


def test_layers_raise_the_procedure_and_add_cited_advice():
    beekdal = _gebied("beekdal", "beekdal", "normaal", 24)
    u = run(300.0, ctx("aa-en-maas", provincie="Drenthe", gebieden=[beekdal]), gevoeligheidsfactor=1.0)
    assert u.procedure == "normaal"
    assert any("beekdal" in r for r in u.procedure_redenen)
    ids = {n.id for n in u.normen}
    assert "drenthe-beekdal-verharding" in ids
    gwb = _gebied("grondwaterbescherming", "grondwaterbeschermingsgebied", "kort", 3)
    u = run(300.0, ctx("aa-en-maas", gebieden=[gwb]), afvoer=["infiltratie"], gevoeligheidsfactor=1.0)
    assert u.procedure == "kort"
    assert "infiltratie-grondwater" in {a.id for a in u.adviezen}


def test_advice_follows_the_planned_drainage_and_cites_the_choice():
    u = run(3_000.0, ctx("aa-en-maas"), afvoer=["afvoer"], gevoeligheidsfactor=1.0)
    ids = {a.id for a in u.adviezen}
    assert {"berging-in-plan", "minder-verharden", "vasthouden-direct-afvoer", "ontharden-bebouwd"} <= ids
    assert "vasthouden-onbekend" not in ids
    for a in u.adviezen:
        assert a.bron.startswith(f"keuze {a.keuze}: wbs-borgingskalender.txt")
    u = run(3_000.0, ctx("aa-en-maas"), afvoer=["infiltratie", "afvoer"], gevoeligheidsfactor=1.0)
    assert "vasthouden-direct-afvoer" not in {a.id for a in u.adviezen}
    assert run(0.0, ctx("aa-en-maas"), grondgebruik_nu="bebouwd-gebied").adviezen == []


def test_dutch_numbers():
    assert kern.getal(1234.5, 1) == "1.234,5"
    assert kern.getal(1234567) == "1.234.567"
    assert kern.getal(None) == "–"
