"""Labelled example passages as a corroborating linking signal (wbs.plan.voorbeelden)."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest
from plan_hulp import laad_script
from typer.testing import CliRunner

from wbs.cli.main import app as cli
from wbs.plan.evaluatie import lees_gold
from wbs.plan.fouten import PlanFout
from wbs.plan.koppeling import Koppelaar
from wbs.plan.voorbeelden import Voorbeeld, Voorbeeldgeheugen, lees_voorbeelden, standaard_voorbeelden

ROOT = Path(__file__).parents[2]
GOLD = ROOT / "tests" / "data" / "plan"
NRS = list(range(1, 34))
BESCHERMING = Voorbeeld(
    "visie.txt",
    10,
    12,
    "Functies verbieden in het grondwaterbeschermingsgebied: "
    "nieuwe begraafplaatsen en terreinen voor verstrooiing van as.",
    frozenset({3}),
    "test",
)
CULTUUR = Voorbeeld("visie.txt", 20, 21, "De provincie investeert in cultuur, musea en theaters.", frozenset(), "test")


def test_shipped_examples_are_current_and_hold_no_test_passage():
    mod = laad_script("voorbeelden", "voorbeelden_script")
    shipped = Path(str(resources.files("wbs.plan.data"))) / "voorbeelden.jsonl"
    assert shipped.read_text(encoding="utf-8") == mod.bouw(), "run python scripts/plan/voorbeelden.py"
    voorbeelden = standaard_voorbeelden()
    assert len(voorbeelden) >= 400 and sum(1 for v in voorbeelden if not v.keuzes) >= 200
    for test_set, document in [
        ("gold-drenthe-test.jsonl", "omgevingsvisie-drenthe.txt"),
        ("gold-strategie-test.jsonl", "wbs-strategie-uitvoeringsagenda.txt"),
        ("gold-strategie-rijen-meerderheid.jsonl", "wbs-strategie-uitvoeringsagenda.txt"),
    ]:
        for g in lees_gold(GOLD / test_set, document):
            assert not any(v.overlapt(document, g.start_line, g.end_line) for v in voorbeelden), (test_set, g)


def test_the_nearest_examples_vote_for_their_keuzes():
    geheugen = Voorbeeldgeheugen([BESCHERMING, CULTUUR], NRS)
    bewijs, steun = geheugen.stemmen("In het grondwaterbeschermingsgebied zijn nieuwe begraafplaatsen verboden.")
    assert bewijs[2] > 0 and steun[3] is BESCHERMING
    assert bewijs.sum() == pytest.approx(bewijs[2])
    niets, geen_steun = geheugen.stemmen("Het openbaar vervoer per bus rijdt elk kwartier.")
    assert not niets.any() and geen_steun == {}
    # an example without keuzes dilutes the vote: the share drops when it is as similar as the positive one
    alleen = Voorbeeldgeheugen([BESCHERMING], NRS).stemmen("begraafplaatsen cultuur")[0][2]
    assert 0 < bewijs[2] <= alleen


def test_examples_corroborate_but_never_link_alone():
    koppelaar = Koppelaar()
    tekst = "• nieuwe begraafplaatsen of terreinen waar verstrooiing van as plaatsvindt;"
    assert 3 not in [link.nr for link in koppelaar.koppel(tekst)]
    steun = Voorbeeldgeheugen([BESCHERMING], NRS).stemmen(tekst)[0]
    # the item's own words carry nothing of keuze 3: the vote alone does not link
    assert 3 not in [link.nr for link in koppelaar.koppel(tekst, steun=steun)]
    # with the lead-in naming the protection area (a pattern in the context, half weight), it does
    context = "Functies verbieden die een risico vormen in het grondwaterbeschermingsgebied:"
    assert 3 not in [link.nr for link in koppelaar.koppel(tekst, context=context)]
    assert 3 in [link.nr for link in koppelaar.koppel(tekst, context=context, steun=steun * 2)]


def test_a_rejected_keuze_on_a_similar_passage_undoes_the_link():
    """A reviewer refused keuze 3 on a passage; the same proposal on that passage's text loses its link, while a
    passage with more evidence of its own (drinking-water abstraction and a ban) keeps it: a rejection weighs as
    much as one vote, not more."""
    koppelaar = Koppelaar()
    tekst = "In het grondwaterbeschermingsgebied zijn nieuwe boringen dieper dan 50 meter niet toegestaan."
    assert 3 in [link.nr for link in koppelaar.koppel(tekst)]
    geweigerd = Voorbeeld("ander-plan.txt", 5, 5, tekst, frozenset(), "review", verworpen=frozenset({3}))
    geheugen = Voorbeeldgeheugen([geweigerd, CULTUUR], NRS)
    stemmen = geheugen.stemmen(tekst)[0]
    assert stemmen[2] < 0 and stemmen[[i for i in range(33) if i != 2]].sum() == 0
    assert 3 not in [link.nr for link in koppelaar.koppel(tekst, steun=stemmen)]
    elders = "Drinkwaterwinning: in het grondwaterbeschermingsgebied geldt een verbod op opslag van mest."
    assert 3 in [link.nr for link in koppelaar.koppel(elders, steun=geheugen.stemmen(elders)[0])]


def test_an_examples_file_carries_rejections_and_a_keuze_is_never_both(tmp_path):
    pad = tmp_path / "v.jsonl"
    regel = {"document": "p.txt", "start_line": 1, "end_line": 1, "tekst": "Tekst.", "keuzes": [3]}
    pad.write_text(json.dumps({**regel, "verworpen": [3, 5]}) + "\n" + json.dumps(regel) + "\n", encoding="utf-8")
    met, zonder = lees_voorbeelden(pad)
    assert met.verworpen == {5} and zonder.verworpen == frozenset()  # a file without the field reads as before
    pad.write_text(json.dumps({**regel, "verworpen": [40]}) + "\n", encoding="utf-8")
    with pytest.raises(PlanFout, match="regel 1"):
        lees_voorbeelden(pad)


def test_without_drops_the_scored_passages():
    geheugen = Voorbeeldgeheugen([BESCHERMING, CULTUUR], NRS)
    assert geheugen.zonder("visie.txt", [(11, 11)]).voorbeelden == [CULTUUR]
    assert geheugen.zonder("visie.txt").voorbeelden == []
    assert geheugen.zonder("ander.txt", [(11, 11)]).voorbeelden == [BESCHERMING, CULTUUR]


@pytest.mark.parametrize(
    ("inhoud", "fragment"),
    [
        (
            '{"document": "a.txt", "start_line": 1, "end_line": 2, "tekst": "x", "keuzes": [40]}\n',
            "regel 1: ongeldig voorbeeld",
        ),
        ('{"document": "a.txt", "start_line": 1}\n', "regel 1: ongeldig voorbeeld"),
        ("geen json\n", "regel 1: ongeldig voorbeeld"),
        ("\n", "bevat geen gelabelde voorbeelden"),
    ],
)
def test_bad_example_files_give_dutch_errors(tmp_path, inhoud, fragment):
    pad = tmp_path / "v.jsonl"
    pad.write_text(inhoud, encoding="utf-8")
    with pytest.raises(PlanFout, match=fragment):
        lees_voorbeelden(pad)
    with pytest.raises(PlanFout, match="bestaat niet"):
        lees_voorbeelden(tmp_path / "weg.jsonl")


def test_cli_toets_with_own_examples_explains_the_link(tmp_path):
    doc = tmp_path / "visie.txt"
    inhoud = (
        "Functies verbieden die een risico vormen in het grondwaterbeschermingsgebied:\n"
        "• nieuwe begraafplaatsen of terreinen waar verstrooiing van as plaatsvindt;\n"
    )
    doc.write_text(inhoud, encoding="utf-8")
    eigen = tmp_path / "eigen.jsonl"
    # an earlier version of the same plan, labelled by the user: the most similar example of all
    regel = {"document": "eerder.txt", "start_line": 5, "end_line": 6, "tekst": inhoud, "keuzes": [3]}
    eigen.write_text("\n".join([json.dumps(regel)] * 3) + "\n", encoding="utf-8")
    runner = CliRunner()
    zonder = json.loads(runner.invoke(cli, ["plan", "toets", str(doc), "--format", "json"]).output)
    met = runner.invoke(cli, ["plan", "toets", str(doc), "--format", "json", "--voorbeelden", str(eigen)])
    assert met.exit_code == 0, met.output
    item = lambda res: next(p for p in res["passages"] if p["tekst"].startswith("• nieuwe"))  # noqa: E731
    assert 3 not in [k["nr"] for k in item(zonder)["keuzes"]]
    link = next(k for k in item(json.loads(met.output))["keuzes"] if k["nr"] == 3)
    assert "lijkt op gelabelde passage eerder.txt:5-6" in link["waarom"]
    slecht = runner.invoke(cli, ["plan", "toets", str(doc), "--voorbeelden", str(tmp_path / "weg.jsonl")])
    assert slecht.exit_code == 2 and "bestaat niet" in slecht.output


def test_evalueer_never_hands_the_scored_passages_to_the_linker():
    runner = CliRunner()
    bron = str(Path(str(resources.files("wbs.bronnen"))) / "overijssel-water-bodem-acties.txt")
    gold = str(GOLD / "gold-overijssel.jsonl")

    # every Overijssel passage is in this gold set, so leaving out the scored passages or the whole
    # document is the same memory (Drenthe examples only): the figures must agree
    def regel(*extra):
        uitvoer = runner.invoke(cli, ["plan", "evalueer", gold, bron, *extra]).output
        return next(r for r in uitvoer.splitlines() if "micro-F1" in r)

    assert regel("--voorbeelden", "standaard") == regel("--voorbeelden", "standaard", "--onbekend-document")
    los = runner.invoke(cli, ["plan", "evalueer", gold, bron, "--onbekend-document"])
    assert los.exit_code == 2 and "werkt alleen samen met --voorbeelden" in los.output
