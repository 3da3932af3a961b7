"""The norm files: schema, and every citation checked against the text it cites."""

from __future__ import annotations

import re

import pytest

from wbs.bronnen import citaat
from wbs.kader.laden import laad_kader
from wbs.watertoets.fouten import WatertoetsFout
from wbs.watertoets.models import Externebron, Seedbron
from wbs.watertoets.normen import (
    controleer_waterschap,
    kennis,
    lees_normbestand,
    normbestanden,
    provincienormen,
    seedbronnen,
    waterschappen,
    zoek_waterschap,
)


def _plat(tekst: str) -> str:
    return re.sub(r"\s+", " ", tekst).strip()


def _alle_seedbronnen() -> list[Seedbron]:
    bronnen = [b for _n, best in normbestanden() for b in seedbronnen(best)]
    return bronnen + seedbronnen(kennis())


def test_every_seed_citation_contains_the_cited_words():
    bronnen = _alle_seedbronnen()
    assert len(bronnen) >= 15
    for b in bronnen:
        tekst = _plat(citaat(b.bestand, *b.regels))
        assert _plat(b.citaat) in tekst, f"{b.citeer()} bevat niet: {b.citaat!r}\n{tekst}"


def test_a_wrong_line_range_is_caught_by_the_same_check():
    # the discharge phrase really is at 3750-3753, not a few lines earlier
    goed = provincienormen()["Drenthe"].afvoernorm.bron
    verschoven = _plat(citaat(goed.bestand, goed.regels[0] - 8, goed.regels[1] - 8))
    assert _plat(goed.citaat) not in verschoven


def test_drenthe_seed_values_as_printed():
    d = provincienormen()["Drenthe"]
    assert d.afvoernorm.waarde_l_s_ha == 1.2
    norm = {n.grondgebruik: n.herhalingstijd_jaar for n in d.inundatienormen}
    assert norm == {
        "grasland": 10,
        "akkerbouw": 25,
        "hoogwaardige-land-en-tuinbouw": 50,
        "glastuinbouw": 50,
        "bebouwd-gebied": 100,
        "natuur": None,
        "beekdal": None,
    }
    # the number in each table citation is the number in the data
    for n in d.inundatienormen:
        if n.herhalingstijd_jaar:
            assert f"1:{n.herhalingstijd_jaar}" in citaat(n.bron.bestand, *n.bron.regels).splitlines()[-1]


def test_water_boards_shipped_with_outside_sources():
    ws = waterschappen()
    bekend = [w for w in ws.values() if w.normen_bekend]
    assert {"aa-en-maas", "de-dommel", "brabantse-delta", "hollands-noorderkwartier"} <= {w.id for w in bekend}
    for w in bekend:
        for k in w.klassen:
            assert isinstance(k.bron, Externebron)
            assert k.bron.url.startswith("https://") and k.bron.titel and k.bron.toelichting
    # at least two water boards have a confirmed compensation rule (not just a threshold)
    bevestigd = {
        w.id
        for w in bekend
        for k in w.klassen
        if k.bron.status == "bevestigd" and k.compensatie.soort in ("diepte", "percentage-oppervlak")
    }
    assert len(bevestigd) >= 2
    # boards without confirmed values ship without classes: normen onbekend, never a guess
    assert not ws["hunze-en-aas"].normen_bekend and not ws["drents-overijsselse-delta"].klassen


def test_brabant_rule_is_sixty_mm_times_the_factor():
    k = waterschappen()["aa-en-maas"].klassen[1]
    assert (k.compensatie.soort, k.compensatie.diepte_m, k.compensatie.gevoeligheidsfactor) == ("diepte", 0.06, True)
    assert "0,06" in k.bron.artikel


def test_advice_choices_exist_in_the_kader():
    nummers = {k.nr for k in laad_kader().keuzes}
    for a in kennis().adviezen:
        assert a.keuze in nummers
    for g in kennis().gebieden:
        assert g.keuze in nummers
    for r in provincienormen()["Drenthe"].regels:
        assert r.keuze in nummers
    # the structuring choices the issue names are all advised on
    assert {7, 16, 17, 21, 24, 30} <= {a.keuze for a in kennis().adviezen}


def test_water_board_lookup_by_id_name_alias_and_demo_label():
    assert zoek_waterschap("aa-en-maas").id == "aa-en-maas"
    assert zoek_waterschap("Waterschap Aa en Maas").id == "aa-en-maas"
    assert zoek_waterschap("Waterschap Aa en Maas (illustratief)").id == "aa-en-maas"
    assert zoek_waterschap("HHNK").id == "hollands-noorderkwartier"
    assert zoek_waterschap("Waterschap Nergens") is None
    with pytest.raises(WatertoetsFout, match="onbekend waterschap"):
        controleer_waterschap("nergens")


GELDIG_KLASSE = {
    "naam": "x",
    "procedure": "geen",
    "compensatie": {"soort": "geen"},
    "bron": {"bestand": "omgevingsvisie-drenthe.txt", "regels": [3750, 3753], "citaat": "1,2 liter"},
}


@pytest.mark.parametrize(
    "fout, verwacht",
    [
        ({"klassen": [{**GELDIG_KLASSE, "tot_m2": 500}]}, "laatste klasse"),
        ({"klassen": [{**GELDIG_KLASSE, "tot_m2": 900}, {**GELDIG_KLASSE, "tot_m2": 500}, GELDIG_KLASSE]}, "oplopende"),
        ({"klassen": [{**GELDIG_KLASSE, "compensatie": {"soort": "diepte"}}]}, "diepte_m"),
        (
            {"klassen": [{**GELDIG_KLASSE, "bron": {"bestand": "geheim.txt", "regels": [1, 2], "citaat": "abc"}}]},
            "brondocument",
        ),
        (
            {
                "klassen": [
                    {
                        **GELDIG_KLASSE,
                        "bron": {"bestand": "omgevingsvisie-drenthe.txt", "regels": [99998, 99999], "citaat": "abc"},
                    }
                ]
            },
            "buiten het document",
        ),
        (
            {
                "klassen": [
                    {
                        **GELDIG_KLASSE,
                        "bron": {
                            "uitgever": "x",
                            "titel": "y",
                            "url": "ftp://x",
                            "status": "bevestigd",
                            "toelichting": "abc",
                        },
                    }
                ]
            },
            "url",
        ),
        ({"id": "Aa en Maas"}, "kleine letters"),
    ],
)
def test_schema_rejects_bad_norm_files(fout, verwacht):
    data = {"omschrijving": "test", "waterschappen": [{"id": "test", "naam": "Test", **fout}]}
    with pytest.raises(WatertoetsFout, match=verwacht):
        lees_normbestand(data, "test.yaml")


def test_anchor_keys_are_ignored_and_empty_files_rejected():
    assert lees_normbestand({"_anker": {"a": 1}, "omschrijving": "x"}, "x.yaml").waterschappen == []
    with pytest.raises(WatertoetsFout, match="leeg"):
        lees_normbestand(None, "leeg.yaml")
