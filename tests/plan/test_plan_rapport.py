"""Plantoets outputs: CLI JSON, comparison of two versions, toetsadvies citations and term marking."""

from __future__ import annotations

import hashlib
import json

from plan_hulp import ALINEAS, BRONNEN, runner

from wbs.cli.main import app as cli
from wbs.plan.inlezen import lees_bestand
from wbs.plan.toets import toets_document


def test_cli_json_schema(tmp_path):
    pad = BRONNEN / "overijssel-water-bodem-acties.txt"
    res = runner.invoke(cli, ["plan", "toets", str(pad), "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert {"pad", "sha256", "paginas"} <= set(data["document"])
    assert data["document"]["sha256"] == hashlib.sha256(pad.read_bytes()).hexdigest()
    ids = set()
    for p in data["passages"]:
        assert {"id", "pagina", "start_line", "end_line", "tekst", "keuzes", "sterkte"} <= set(p)
        assert p["sterkte"] in {"bindend", "afspraak", "intentie"}
        assert all({"nr", "score"} <= set(k) for k in p["keuzes"])
        ids.add(p["id"])
    assert [d["nr"] for d in data["dekking"]] == list(range(1, 34))
    for d in data["dekking"]:
        assert d["status"] in {"geborgd", "afgesproken", "benoemd", "ontbreekt", "niet-relevant"}
        assert set(d["passages"]) <= ids
    bad = runner.invoke(cli, ["plan", "toets", str(tmp_path / "nergens.pdf")])
    assert bad.exit_code == 2 and "bestaat niet" in bad.output


def test_vergelijk_detects_a_lost_keuze(tmp_path):
    oud = tmp_path / "oud.txt"
    nieuw = tmp_path / "nieuw.txt"
    oud.write_text("\n\n".join(ALINEAS), encoding="utf-8")
    nieuw.write_text("\n\n".join(ALINEAS[1:]), encoding="utf-8")
    res = runner.invoke(cli, ["plan", "vergelijk", str(oud), str(nieuw), "--format", "json"])
    assert res.exit_code == 0, res.output
    per = {v["nr"]: v for v in json.loads(res.stdout)}
    assert per[10]["richting"] == "slechter" and per[25]["richting"] == "gelijk"


def test_the_toetsadvies_cites_the_section_a_passage_stands_under(tmp_path):
    from wbs.plan.rapport import naar_html, naar_tekst

    pad = tmp_path / "visie.txt"
    pad.write_text(
        "6.2.2 Beekdalen\nBij het herinrichten van een beekdal gaan beekherstel en maatregelen voor het "
        "vasthouden van het water hand in hand.\n",
        encoding="utf-8",
    )
    res = toets_document(lees_bestand(pad))
    cited = [p for p in res.passages if p.keuzes]
    assert cited and cited[0].kop == "6.2.2 Beekdalen"
    assert "onder '6.2.2 Beekdalen', r.2-2" in naar_tekst(res)
    assert "onder &ldquo;6.2.2 Beekdalen&rdquo;, regels 2-2" in naar_html(res)
    # the words that made the link are marked in the cited passage
    assert "<mark>beekherstel</mark>" in naar_html(res)


def test_marking_the_matched_terms_escapes_the_text_and_marks_whole_words():
    from wbs.rapport.opmaak import markeer

    tekst = "Het grondwaterbeschermingsgebied & <de> Drinkwaterwinning"
    uit = str(markeer(tekst, ["waterwin", "grondwaterbescherming", "beekdal", "lijkt op gelabelde passage p3"]))
    assert uit == "Het <mark>grondwaterbeschermingsgebied</mark> &amp; &lt;de&gt; <mark>Drinkwaterwinning</mark>"
    assert str(markeer("a < b", [])) == "a &lt; b"
