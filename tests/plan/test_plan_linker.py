"""Issue 18: a strong verdict needs strong evidence, the evidence is shown, and strength reads structure."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from wbs.kader import laad_kader
from wbs.plan.inlezen import lees_bestand
from wbs.plan.koppeling import DETAILS
from wbs.plan.rapport import naar_html, naar_tekst
from wbs.plan.sterkte import bepaal_sterkte
from wbs.plan.toets import KeuzeLink, PassageUit, Toetsresultaat, _dekking, koppelaar_voor, toets_document

BRONNEN = Path(str(resources.files("wbs.bronnen")))


def _passage(pid: str, sterkte: str, cue: str | None, sterk: bool, waarom: list[str]) -> PassageUit:
    return PassageUit(
        id=pid,
        pagina=None,
        start_line=1,
        end_line=2,
        tekst="...",
        sterkte=sterkte,
        sterkte_cue=cue,
        keuzes=[KeuzeLink(nr=3, score=0.7, waarom=waarom, sterk=sterk)],
    )


def test_a_weak_link_names_a_keuze_but_cannot_make_it_geborgd():
    zwak = _passage("p1", "bindend", "verboden", sterk=False, waarom=["grondwater"])
    d = _dekking(3, "Nieuwe en diverse drinkwaterbronnen", [zwak], relevant=True)
    assert d.status == "benoemd"
    assert d.bewijs == "p1" and "alleen op brede termen" in d.reden and "'verboden'" in d.reden


def test_a_strong_link_carries_the_binding_verdict_and_says_why():
    zwak = _passage("p1", "bindend", "verboden", sterk=False, waarom=["grondwater"])
    sterk = _passage("p2", "afspraak", "in 2027", sterk=True, waarom=["grondwaterbeschermingsgebied"])
    d = _dekking(3, "Nieuwe en diverse drinkwaterbronnen", [zwak, sterk], relevant=True)
    assert d.status == "afgesproken"
    assert d.bewijs == "p2" and d.passages == ["p2", "p1"]
    assert d.reden == "r.1-2; afspraak door 'in 2027'; gekoppeld door 'grondwaterbeschermingsgebied'"


def test_no_keuze_is_missing_when_nothing_links():
    assert _dekking(3, "x", [], relevant=True).status == "ontbreekt"
    assert _dekking(3, "x", [], relevant=True).reden is None


@pytest.fixture(scope="module")
def drenthe() -> Toetsresultaat:
    return toets_document(lees_bestand(BRONNEN / "omgevingsvisie-drenthe.txt"))


def test_every_strong_verdict_on_the_drenthe_vision_rests_on_a_strong_link(drenthe):
    per_status = {"geborgd": "bindend", "afgesproken": "afspraak"}
    gezien = 0
    for d in drenthe.dekking:
        if d.status in per_status:
            p = drenthe.passage(d.bewijs)
            link = next(k for k in p.keuzes if k.nr == d.nr)
            assert link.sterk and p.sterkte == per_status[d.status], (d.nr, d.reden)
            assert d.reden.startswith(f"r.{p.start_line}-{p.end_line}")
            gezien += 1
    assert gezien >= 5
    # and weak links exist: the gate has something to keep out
    assert any(not k.sterk for p in drenthe.passages for k in p.keuzes)


def test_topsoil_in_sand_pits_is_no_binding_rule_for_drinking_water(drenthe):
    # issue 18: keuze 3 was "geborgd" on "Vrijkomende teelaarde ... worden gebracht. Uitgesloten hiervan ...": the
    # cue "(worden ...) uitgesloten" spanned two sentences
    p = next(p for p in drenthe.passages if p.tekst.startswith("Vrijkomende teelaarde"))
    assert p.sterkte != "bindend"
    d = next(d for d in drenthe.dekking if d.nr == 3)
    assert d.bewijs != p.id


def test_reports_show_titles_in_the_matrix_and_the_carrying_evidence(drenthe):
    html = naar_html(drenthe)
    matrix = html.split("<h2>Dekkingsmatrix</h2>", 1)[1].split("</div>", 1)[0]
    for k in laad_kader().keuzes:
        assert f'<span class="nr">{k.nr}</span>{k.titel}' in matrix
    assert "Oordeel gedragen door" in html
    assert "oordeel gedragen door p" in naar_tekst(drenthe)


def test_results_without_the_new_fields_still_load(drenthe):
    data = drenthe.model_dump()
    for d in data["dekking"]:
        del d["bewijs"], d["reden"]
    for p in data["passages"]:
        for k in p["keuzes"]:
            del k["sterk"]
    oud = Toetsresultaat.model_validate(data)
    assert [d.status for d in oud.dekking] == [d.status for d in drenthe.dekking]


@pytest.mark.parametrize(
    ("tekst", "inleiding", "kop", "verwacht"),
    [
        ("• het herstel van de beekdalen in Drenthe", "Rijk en provincie spreken af:", None, ("afspraak", "inleiding")),
        (
            "• boren dieper dan 50 meter",
            "In de verordening stellen wij de volgende regels:",
            None,
            ("bindend", "inleiding"),
        ),
        (
            "Het onttrekken van grondwater voor beregening",
            None,
            "Artikel 4.12 Grondwateronttrekking",
            ("bindend", "kop"),
        ),
        # the passage's own cue decides first
        (
            "Het is verboden om in een grondwaterbeschermingsgebied te boren",
            "Rijk en provincie spreken af:",
            None,
            ("bindend", "verboden"),
        ),
        # a lead-in that only announces is no agreement
        ("• het herstel van de beekdalen", "Wij verkennen de volgende mogelijkheden:", None, ("intentie", None)),
    ],
)
def test_strength_reads_the_structure_a_passage_stands_in(tekst, inleiding, kop, verwacht):
    sterkte, cue = bepaal_sterkte(tekst, inleiding, kop)
    assert sterkte == verwacht[0]
    assert (cue is None) if verwacht[1] is None else cue.startswith(verwacht[1])


def test_strength_cues_stay_within_one_sentence():
    assert bepaal_sterkte("Dit kan worden gebracht. Uitgesloten hiervan zijn plassen.")[0] == "intentie"
    assert bepaal_sterkte("Deze activiteiten worden in het gebied uitgesloten.")[0] == "bindend"


def test_link_strength_follows_its_evidence():
    k = koppelaar_voor(laad_kader())
    genoemd = k.koppel("Wij werken aan maatregel 1.1.3 voor het drinkwaternetwerk.")
    assert [(x.nr, x.sterk) for x in genoemd] == [(3, True)]
    patroon = k.koppel("De provincie beschermt de grondwaterbeschermingsgebieden rond de drinkwaterwinningen.")
    assert [(x.nr, x.sterk) for x in patroon] == [(3, True)]


def test_evidence_details_do_not_change_the_links(drenthe):
    import numpy as np

    from wbs.plan.passages import split_passages

    k = koppelaar_voor(laad_kader())
    passages = split_passages(lees_bestand(BRONNEN / "omgevingsvisie-drenthe.txt"))[:300]
    gevuld = 0
    for p in passages:
        details = np.zeros((len(k.nrs), len(DETAILS)))
        met = k.koppel(p.tekst, context=p.context, details=details)
        assert met == k.koppel(p.tekst, context=p.context)
        for link in met:  # a linked keuze has evidence of at least one unit
            assert details[k.nrs.index(link.nr), DETAILS.index("bewijs")] >= 1.0
        gevuld += bool(details.any())
    assert gevuld > 100
