"""Agreements register (file formats, action table, Plantoets drafts) and the plan A/B switch rule."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import yaml

from wbs.bronnen import bron_regels
from wbs.fouten import OngeldigeInvoer
from wbs.kader import laad_kader
from wbs.monitor.afspraken import (
    AfspraakInvoer,
    from_actietabel,
    from_plantoets,
    read_actietabel,
    read_structured,
    write_structured,
)
from wbs.monitor.plan_switch import StapMijlpaal, check_plan_switch, load_regel
from wbs.monitor.seed import period_end

OV = "overijssel-water-bodem-acties.txt"
PACKAGE_DATA = Path(__import__("wbs.monitor", fromlist=["x"]).__path__[0]) / "data"


def _voorbeeld(**extra) -> AfspraakInvoer:
    base = dict(
        id="dr-1",
        eigenaar="drenthe",
        partijen=["rijk", "waterschappen"],
        titel="Grondwaterplafond",
        tekst="Drenthe stelt een grondwaterplafond op",
        keuzes=[2],
        maatregelen=["1.1.2"],
        periode="2025-Q2",
        status="loopt",
        bewijs="GS-besluit 2025/12",
        bron="afsprakenlijst.docx, p. 3",
    )
    return AfspraakInvoer(**(base | extra))


@pytest.mark.parametrize("formaat,naam", [("yaml", "a.yaml"), ("csv", "a.csv"), ("xlsx", "a.xlsx")])
def test_round_trip_every_format(formaat, naam):
    items = [
        _voorbeeld(),
        _voorbeeld(
            id="dr-2",
            periode=None,
            deadline=None,
            keuzes=[],
            partijen=[],
            bewijs=None,
            status="concept",
            herkomst="plantoets",
            demo=True,
        ),
    ]
    back = read_structured(write_structured(items, formaat), naam)
    assert [b.model_dump() for b in back] == [a.model_dump() for a in items]
    assert back[0].deadline == date(2025, 6, 30)


def test_csv_written_by_hand_with_semicolons():
    text = (
        "eigenaar;titel;tekst;keuzes;periode;bron\n"
        "overijssel;Peilbesluit;Peilbesluit aanpassen;7;2026;actielijst regel 4\n"
    )
    [a] = read_structured(text.encode(), "eigen.csv")
    assert (a.eigenaar, a.keuzes, a.deadline, a.status) == ("overijssel", [7], date(2026, 12, 31), "niet-gestart")


@pytest.mark.parametrize(
    "data,naam,fout",
    [
        (b"", "leeg.csv", "leeg"),
        (b"eigenaar;titel\nx;y\n", "a.csv", "verplichte kolom"),
        (b"eigenaar;titel;tekst;bron;kleur\nx;y;z;b;rood\n", "a.csv", "onbekende kolom"),
        (b"eigenaar;titel;tekst;bron;keuzes\nx;y;z;bron;40\n", "a.csv", "keuze 40 bestaat niet"),
        (b"eigenaar;titel;tekst;bron;periode\nx;y;z;bron;volgend jaar\n", "a.csv", "JJJJ"),
        (b"eigenaar;titel;tekst;bron;keuzes\nx;y;z;bron;een\n", "a.csv", "verwacht nummers"),
        (b"afspraken: [unclosed", "a.yaml", "geen geldige YAML"),
        (b"afspraken: {a: 1}", "a.yaml", "verwacht een lijst"),
        (b"PK\x03\x04 kapot", "a.xlsx", "geen geldig xlsx"),
        (b"eigenaar,titel", "a.pdf", "onbekend formaat"),
        (
            b"afspraken:\n- {eigenaar: x, titel: y, tekst: z, bron: bron, id: a}\n"
            b"- {eigenaar: x, titel: y, tekst: z, bron: bron, id: a}\n",
            "a.yaml",
            "dubbel",
        ),
        (b'afspraken:\n- {eigenaar: x, titel: y, tekst: "a\\0b", bron: bron}\n', "a.yaml", "NUL"),
    ],
)
def test_bad_files_get_a_dutch_error(data, naam, fout):
    with pytest.raises(OngeldigeInvoer, match=fout):
        read_structured(data, naam)


def test_action_table_rows_are_cited_by_their_lines():
    lines = bron_regels(OV)
    rows = read_actietabel(lines, OV)
    assert len(rows) >= 95
    for r in rows:
        first = lines[r.start - 1]
        assert first.strip().startswith(r.paragraaf)  # the row opens on its numbered line
        assert r.tekst.split()[0] in first  # and the text starts there
        assert lines[r.eind - 1].strip()  # the cited range ends on a printed line
    starts = [r.start for r in rows]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    # rows do not overlap
    assert all(a.eind < b.start for a, b in zip(rows, rows[1:], strict=False))
    row = next(r for r in rows if r.start == 1032)
    assert (
        row.jaar == 2027
        and row.jaar_citaat == "uiterlijk in 2027"
        and "uiterlijk in 2027" in " ".join(lines[row.start - 1 : row.eind])
    )


def test_shipped_overijssel_demo_is_current_and_cited():
    shipped = PACKAGE_DATA / "afspraken-overijssel.yaml"
    items = read_structured(shipped.read_bytes(), shipped.name)
    rows = read_actietabel(bron_regels(OV), OV)
    assert len(items) == len(rows) and all(a.demo and a.eigenaar == "overijssel" for a in items)
    gold = [
        json.loads(x) for x in (Path(__file__).parents[1] / "data/plan/gold-overijssel.jsonl").read_text().splitlines()
    ]
    for a, r in zip(items, rows, strict=True):
        assert a.bron == r.citeer() and a.tekst == r.tekst
        labelled = {k for g in gold if r.start <= g["start_line"] <= r.eind for k in g["keuzes"]}
        assert set(a.keuzes) == labelled
    assert sum(1 for a in items if a.keuzes) >= 60
    fresh = from_actietabel(
        rows, "overijssel", {r.start: a.keuzes for a, r in zip(items, rows, strict=True)}, demo=True
    )
    assert [f.titel for f in fresh] == [a.titel for a in items]


def test_plantoets_json_drafts():
    from wbs.plan.inlezen import lees_bytes
    from wbs.plan.toets import toets_document

    text = "\n".join(bron_regels(OV)) + "\n"
    res = toets_document(lees_bytes(text.encode("utf-8"), OV))
    data = res.model_dump_json()
    drafts = from_plantoets(data)
    expected = [p for p in res.passages if p.sterkte == "afspraak"]
    assert len(drafts) == len(expected) > 0
    for d, p in zip(drafts, expected, strict=True):
        assert d.status == "concept" and d.herkomst == "plantoets" and d.eigenaar == "overijssel"
        assert d.bron == f"{OV}:{p.start_line}-{p.end_line}" and "/" not in d.bron
        assert d.keuzes == sorted({k.nr for k in p.keuzes})
    with pytest.raises(OngeldigeInvoer, match="geen geldige JSON"):
        from_plantoets(b"{niet json")
    with pytest.raises(OngeldigeInvoer, match="wbs plan toets"):
        from_plantoets(json.dumps({"passages": []}))
    no_region = json.loads(data)
    no_region["document"]["regio"] = None
    with pytest.raises(OngeldigeInvoer, match="eigenaar"):
        from_plantoets(no_region)
    assert all(d.eigenaar == "drenthe" for d in from_plantoets(no_region, "drenthe"))


# -- plan A / plan B ------------------------------------------------------------------------------


def _mijlpalen(stap_id: str) -> tuple[list[str], list[StapMijlpaal]]:
    s = next(s for _, s in laad_kader().stappen() if s.id == stap_id)
    return s.plan, [
        StapMijlpaal(mp.periode, period_end(mp.periode), mp.plan, mp.borging, mp.regel) for mp in s.agendering.mijlpalen
    ]


def test_plan_switch_when_plan_a_deadline_passes():
    plan, mps = _mijlpalen("SK13-s2")
    before = check_plan_switch("SK13-s2", "rijk", plan, mps, "loopt", None, date(2024, 12, 31), "bron")
    assert before is None  # on the deadline itself plan A still holds
    w = check_plan_switch("SK13-s2", "rijk", plan, mps, "loopt", None, date(2025, 1, 1), "bron")
    assert (w.plan_a_periode, w.plan_b_periode) == ("2024-Q4", "2026-Q4")
    assert "Rijksinstructieregel Bkl" in w.reden and "wbs-borgingskalender.txt:1273" in w.reden
    assert "wbs-borgingskalender.txt:393-396" in w.bron
    assert check_plan_switch("SK13-s2", "rijk", plan, mps, "gereed", date(2024, 11, 1), date(2025, 6, 1), "b") is None
    late = check_plan_switch("SK13-s2", "rijk", plan, mps, "gereed", date(2025, 3, 1), date(2025, 6, 1), "b")
    assert late is not None and "pas gereed op 01-03-2025" in late.reden
    assert check_plan_switch("SK13-s2", "rijk", plan, mps, "afgevallen", None, date(2025, 6, 1), "b") is None


def test_plan_switch_only_where_the_kalender_has_a_plan_b():
    plan, mps = _mijlpalen("SK13-s1")  # bestuurlijke afspraken only, Q3 2024
    assert plan == ["A"] and check_plan_switch("SK13-s1", "x", plan, mps, "loopt", None, date(2026, 1, 1), "b") is None
    plan, mps = _mijlpalen("1.1.1-s1")  # plan A and B in one cell, one date (Q3 2024)
    w = check_plan_switch("1.1.1-s1", "x", plan, mps, "niet-gestart", None, date(2025, 1, 1), "b")
    assert w.plan_a_periode == "2024-Q3" and w.plan_b_periode is None and "één datum" in w.reden


def test_plan_ab_rule_cites_the_kalender():
    regel = load_regel()
    for b in regel.bronnen:
        a, e = b.regels
        window = " ".join(bron_regels(b.bestand)[a - 1 : e])
        assert b.citaat in window, b


def test_shipped_agreement_yaml_is_plain_yaml():
    doc = yaml.safe_load((PACKAGE_DATA / "afspraken-overijssel.yaml").read_text("utf-8"))
    assert set(doc) == {"afspraken"}
