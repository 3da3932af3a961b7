"""The review logic of the Plantoets (wbs.plan.review): decisions applied to a result, the finalise rule,
reviewed passages as labelled examples, and the JSONL exchange format. No database here."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from plan_hulp import laad_script

from wbs.plan import review
from wbs.plan.dekking import STATUS_LABEL
from wbs.plan.toets import Dekking, DocumentInfo, KeuzeLink, PassageUit, Toetsresultaat
from wbs.plan.voorbeelden import Voorbeeldgeheugen, lees_voorbeelden

SHA = "a" * 64


def _res() -> Toetsresultaat:
    """Three passages: p1 -> keuze 3 (bindend), p2 -> keuzes 4 and 5 (intentie), p3 -> nothing."""
    passages = [
        PassageUit(
            id="p1",
            pagina=None,
            start_line=1,
            end_line=2,
            tekst="Geen boringen in grondwaterbeschermingsgebied.",
            keuzes=[KeuzeLink(nr=3, score=0.9, waarom=["grondwaterbeschermingsgebied"])],
            sterkte="bindend",
        ),
        PassageUit(
            id="p2",
            pagina=None,
            start_line=4,
            end_line=4,
            tekst="Wij stimuleren waterbesparing en schoon water.",
            keuzes=[KeuzeLink(nr=4, score=0.8, waarom=["waterbesparing"]), KeuzeLink(nr=5, score=0.6)],
            sterkte="intentie",
        ),
        PassageUit(
            id="p3",
            pagina=None,
            start_line=6,
            end_line=8,
            tekst="Het beekdal wordt hersteld.",
            keuzes=[],
            sterkte="intentie",
        ),
    ]
    dekking = []
    for nr in range(1, 34):
        ps = [p for p in passages if any(k.nr == nr for k in p.keuzes)]
        status = "geborgd" if nr == 3 else "benoemd" if ps else "ontbreekt"
        dekking.append(
            Dekking(
                nr=nr,
                titel=f"Keuze {nr}",
                status=status,
                label=STATUS_LABEL[status],
                relevant=True,
                passages=[p.id for p in ps],
            )
        )
    return Toetsresultaat(
        document=DocumentInfo(pad="visie.txt", sha256=SHA, paginas=None, formaat="txt"),
        passages=passages,
        dekking=dekking,
    )


def _b(
    a: int,
    e: int,
    actie: str,
    keuze: int | None = None,
    sterkte: str | None = None,
    wie: str = "anna",
    versie: int = 1,
    notitie: str | None = None,
) -> review.Beslissing:
    return review.Beslissing(
        start_line=a,
        end_line=e,
        actie=actie,
        keuze=keuze,
        sterkte=sterkte,
        gebruiker=wie,
        tijdstip=datetime(2026, 12, 3, 10, 0),
        versie=versie,
        notitie=notitie,
    )


def _status(b: review.Beoordeling, nr: int) -> str:
    return next(d.status for d in b.resultaat.dekking if d.nr == nr)


def test_without_decisions_every_link_is_a_proposal_and_coverage_is_unchanged():
    res = _res()
    b = review.pas_toe(res, [])
    assert b.open == 3 and b.beoordeeld == 0 and b.verworpen == 0
    assert {(o.passage, o.keuze, o.status) for o in b.links} == {
        ("p1", 3, "voorstel"),
        ("p2", 4, "voorstel"),
        ("p2", 5, "voorstel"),
    }
    assert [d.status for d in b.resultaat.dekking] == [d.status for d in res.dekking]
    assert b.per_keuze[3] == "voorstel" and b.per_keuze[1] == "geen"
    assert not b.kan_vastgesteld_worden
    assert review.voorstellen(res) == [(1, 2, 3), (4, 4, 4), (4, 4, 5)]


def test_accept_reject_add_and_strength_change_the_matrix():
    res = _res()
    b = review.pas_toe(
        res,
        [
            _b(1, 2, "accepteren", 3, notitie="klopt"),
            _b(4, 4, "verwerpen", 5, wie="bert"),
            _b(6, 8, "toevoegen", 32),
            _b(6, 8, "sterkte", sterkte="afspraak"),
        ],
    )
    o3, o5, o32 = b.link("p1", 3), b.link("p2", 5), b.link("p3", 32)
    assert (o3.status, o3.herkomst, o3.door, o3.notitie) == ("beoordeeld", "voorgesteld", "anna", "klopt")
    assert (o5.status, o5.door) == ("verworpen", "bert")
    assert (o32.status, o32.herkomst) == ("beoordeeld", "toegevoegd")
    assert b.link("p2", 4).status == "voorstel"
    # rejected: keuze 5 loses its only passage; added: keuze 32 now has one, at the corrected strength
    assert _status(b, 5) == "ontbreekt" and _status(b, 32) == "afgesproken"
    assert [k.nr for k in b.resultaat.passage("p2").keuzes] == [4]
    assert b.resultaat.passage("p3").sterkte == "afspraak"
    assert b.sterkte("p3").voorgesteld == "intentie"
    assert b.per_keuze[3] == "beoordeeld" and b.per_keuze[4] == "voorstel" and b.per_keuze[32] == "beoordeeld"
    assert b.per_keuze[5] == "geen"  # no link left: nothing to mark
    assert (b.open, b.beoordeeld, b.verworpen) == (1, 2, 1)
    # the original result is untouched
    assert [k.nr for k in res.passage("p2").keuzes] == [4, 5] and res.passage("p3").sterkte == "intentie"


def test_later_decisions_supersede_and_withdrawal_reopens_the_slot():
    res = _res()
    b = review.pas_toe(res, [_b(1, 2, "accepteren", 3), _b(1, 2, "verwerpen", 3, versie=2)])
    assert b.link("p1", 3).status == "verworpen" and b.link("p1", 3).versie == 2
    b = review.pas_toe(res, [_b(1, 2, "accepteren", 3), _b(1, 2, "intrekken", 3, versie=2)])
    assert b.link("p1", 3).status == "voorstel" and b.link("p1", 3).versie == 2  # clients see the slot moved on
    b = review.pas_toe(res, [_b(6, 8, "sterkte", sterkte="bindend"), _b(6, 8, "intrekken", versie=2)])
    assert b.resultaat.passage("p3").sterkte == "intentie" and b.sterkte("p3") is None


def test_decisions_that_do_not_fit_the_result_are_reported_not_applied():
    b = review.pas_toe(_res(), [_b(50, 60, "toevoegen", 3), _b(1, 2, "accepteren", 9)])
    assert len(b.verweesd) == 2
    assert _status(b, 9) == "ontbreekt"


def test_the_advice_can_be_finalised_only_when_every_proposal_is_decided():
    res = _res()
    gedeeltelijk = review.pas_toe(res, [_b(1, 2, "accepteren", 3), _b(4, 4, "accepteren", 4)])
    ok, reden = review.kan_vaststellen(gedeeltelijk)
    assert not ok and "1 voorgestelde koppeling" in reden
    # an added keuze or a strength correction does not count as deciding a proposal
    alles = review.pas_toe(res, [_b(1, 2, "accepteren", 3), _b(4, 4, "accepteren", 4), _b(4, 4, "verwerpen", 5)])
    assert review.kan_vaststellen(alles) == (True, "elk voorstel is beslist")
    vast = review.pas_toe(res, [], review.Vaststelling(door="anna", op=datetime(2026, 12, 3)))
    assert not review.kan_vaststellen(vast)[0] and "al vastgesteld door anna" in review.kan_vaststellen(vast)[1]


def test_reviewed_passages_become_labelled_examples_the_memory_reads(tmp_path):
    res = _res()
    b = review.pas_toe(res, [_b(1, 2, "accepteren", 3), _b(4, 4, "verwerpen", 5), _b(6, 8, "toevoegen", 32)])
    regels = review.naar_voorbeelden(b, "visie.txt", {"p1": "Kop. Geen boringen in grondwaterbeschermingsgebied."})
    # p2 still has an open proposal (keuze 4): not an example yet
    assert [(r["start_line"], r["keuzes"]) for r in regels] == [(1, [3]), (6, [32])]
    assert regels[0]["tekst"].startswith("Kop.") and "anna" in regels[0]["bron"]
    b2 = review.pas_toe(res, [_b(4, 4, "verwerpen", 4), _b(4, 4, "verwerpen", 5)])
    assert review.naar_voorbeelden(b2, "visie.txt") == [
        {
            "document": "visie.txt",
            "start_line": 4,
            "end_line": 4,
            "tekst": res.passage("p2").tekst,
            "keuzes": [],
            "verworpen": [4, 5],
            "bron": "beoordeling (anna)",
        }
    ]  # a reviewed negative, with the keuzes it was refused
    pad = tmp_path / "v.jsonl"
    pad.write_text(review.voorbeelden_jsonl(regels), encoding="utf-8")
    voorbeelden = lees_voorbeelden(pad)
    assert [sorted(v.keuzes) for v in voorbeelden] == [[3], [32]]
    stemmen, steun = Voorbeeldgeheugen(voorbeelden, list(range(1, 34))).stemmen("boringen grondwaterbeschermingsgebied")
    assert stemmen[2] > 0 and steun[3].start_line == 1
    # the rejections travel through the file: p2's refused keuzes 4 and 5 count against them on similar text
    pad.write_text(review.voorbeelden_jsonl(review.naar_voorbeelden(b2, "visie.txt")), encoding="utf-8")
    (negatief,) = lees_voorbeelden(pad)
    assert negatief.keuzes == frozenset() and negatief.verworpen == {4, 5}
    stemmen = Voorbeeldgeheugen([negatief], list(range(1, 34))).stemmen(res.passage("p2").tekst)[0]
    assert stemmen[3] < 0 and stemmen[4] < 0 and stemmen[3] == stemmen[4] and not stemmen[:3].any()


def test_jsonl_export_and_import_round_trip():
    res = _res()
    b = review.pas_toe(
        res,
        [
            _b(1, 2, "accepteren", 3, notitie="klopt"),
            _b(6, 8, "toevoegen", 32),
            _b(6, 8, "sterkte", sterkte="afspraak"),
        ],
    )
    tekst = review.naar_jsonl(b, "visie.txt", SHA)
    rijen = [json.loads(r) for r in tekst.splitlines()]
    assert [(r["start_line"], r["keuze"], r["actie"]) for r in rijen] == [
        (1, 3, "accepteren"),
        (4, 4, None),
        (4, 5, None),
        (6, 32, "toevoegen"),
        (6, None, "sterkte"),
    ]
    assert rijen[0]["door"] == "anna" and rijen[0]["notitie"] == "klopt" and rijen[1]["versie"] == 0
    # a reviewer decides the open lines offline, the file is read back
    rijen[1]["actie"], rijen[2]["actie"], rijen[2]["notitie"] = "accepteren", "verwerpen", "geen kwaliteit"
    regels = review.lees_jsonl([json.dumps(r) for r in rijen], "b.jsonl")
    review.controleer_tegen(res, regels)
    terug = [review.Beslissing(**r.beslissing() | {"gebruiker": "anna"}) for r in regels]
    na = review.pas_toe(res, terug)
    assert na.open == 0 and review.kan_vaststellen(na)[0]
    assert review.naar_jsonl(na, "visie.txt", SHA).count('"actie": null') == 0


@pytest.mark.parametrize(
    "rij, melding",
    [
        ({"keuze": 0}, "keuze 0 bestaat niet"),
        ({"keuze": 34}, "keuze 34 bestaat niet"),
        ({"actie": "goedkeuren"}, "actie moet een van deze acties zijn"),
        ({"notitie": "x" * 501}, "hoogstens 500"),
        ({"sha256": "abc"}, "SHA-256"),
        ({"start_line": "een"}, "start_line moet een geheel getal zijn"),
        ({"actie": "sterkte", "keuze": None, "sterkte": "heel sterk"}, "sterkte 'heel sterk' is onbekend"),
    ],
)
def test_a_bad_line_is_named_in_dutch(rij, melding):
    goed = {"document": "visie.txt", "sha256": SHA, "start_line": 1, "end_line": 2, "actie": "accepteren", "keuze": 3}
    with pytest.raises(review.ReviewFout, match="b.jsonl regel 2: .*" + melding.replace("(", r"\(")):
        review.lees_jsonl([json.dumps(goed), json.dumps(goed | rij)], "b.jsonl")


def _regel(start: int, eind: int, actie: str, keuze: int) -> list:
    """One decision line of a review file, read back."""
    rij = {"document": "v", "sha256": SHA, "start_line": start, "end_line": eind, "actie": actie, "keuze": keuze}
    return review.lees_jsonl([json.dumps(rij)])


def test_lines_that_do_not_fit_the_document_are_refused():
    res = _res()
    with pytest.raises(review.ReviewFout, match="geen passage op regels 2-3"):
        review.controleer_tegen(
            res,
            _regel(2, 3, "toevoegen", 3),
        )
    with pytest.raises(review.ReviewFout, match="keuze 9 is niet voorgesteld"):
        review.controleer_tegen(
            res,
            _regel(1, 2, "accepteren", 9),
        )
    with pytest.raises(review.ReviewFout, match="geen geldige JSON"):
        review.lees_jsonl(["{kapot"])
    with pytest.raises(review.ReviewFout, match="bevat geen beslissingen"):
        review.lees_jsonl(["", "  "])


def test_toetsadvies_marks_reviewed_links_proposals_and_the_finalisation():
    from wbs.plan.rapport import naar_html

    res = _res()
    b = review.pas_toe(res, [_b(1, 2, "accepteren", 3), _b(4, 4, "verwerpen", 5, notitie="geen kwaliteit")])
    html = naar_html(b.resultaat, b)
    assert "Concept, niet vastgesteld." in html and "1 voorgestelde koppeling(en) nog niet beoordeeld" in html
    assert "beoordeeld: geaccepteerd door anna op 03-12-2026" in html
    assert "voorstel (niet beoordeeld)" in html  # keuze 4
    assert "Verworpen voorstellen: regels 4-4 (door anna: &ldquo;geen kwaliteit&rdquo;)" in html
    assert 'class="s-geborgd r-beoordeeld"' in html and 'class="s-benoemd r-voorstel"' in html
    vast = review.pas_toe(
        res,
        [_b(1, 2, "accepteren", 3), _b(4, 4, "accepteren", 4), _b(4, 4, "verwerpen", 5)],
        review.Vaststelling(door="bert", op=datetime(2026, 12, 4, 9, 30), notitie="akkoord"),
    )
    html = naar_html(vast.resultaat, vast)
    assert "<strong>Vastgesteld</strong> door bert op 04-12-2026 09:30" in html and "Concept" not in html
    # without a review the toetsadvies is as before: no review wording at all
    kaal = naar_html(res)
    assert "voorstel" not in kaal and "Vastgesteld" not in kaal


def test_the_simulated_reviewer_follows_the_gold_and_reads_only_development_sets(monkeypatch):
    from wbs.plan.evaluatie import GoldPassage

    mod = laad_script("review_replay")
    gold = [GoldPassage(1, 2, frozenset({3}), "bindend"), GoldPassage(4, 4, frozenset({4, 20}), "afspraak")]
    besl = mod.simuleer_review(_res(), gold)
    assert [(b.start_line, b.actie, b.keuze, b.sterkte) for b in besl] == [
        (1, "accepteren", 3, None),
        (4, "accepteren", 4, None),
        (4, "verwerpen", 5, None),
        (4, "toevoegen", 20, None),
        (4, "sterkte", None, "afspraak"),
    ]
    b = review.pas_toe(_res(), besl)
    assert b.open == 0 and [r["keuzes"] for r in review.naar_voorbeelden(b, "visie.txt")] == [[3], [4, 20]]
    gelezen = []
    monkeypatch.setattr(mod, "lees_gold", lambda pad, doc: gelezen.append(pad.name) or [])
    mod.reviewer_gold("omgevingsvisie-drenthe.txt")
    assert gelezen and set(gelezen) <= {g for g, _ in mod.ONTWIKKELSETS}
    assert not any("test" in g for g in gelezen)
