"""Paragraphs survive ingest the same way from PDF, DOCX, HTML and TXT (issue 18: a one-page PDF of four short
paragraphs became one passage, and `wbs plan vergelijk` of the same text as .txt and .pdf gave other verdicts)."""

from __future__ import annotations

import html
import io
from pathlib import Path

import pytest

from wbs.plan.inlezen import lees_bestand
from wbs.plan.passages import split_passages
from wbs.plan.toets import toets_document
from wbs.plan.vergelijk import vergelijk

ALINEAS = [
    "De provincie beschermt de grondwaterbeschermingsgebieden rond de waterwinningen voor de drinkwatervoorziening. "
    "In deze gebieden is het verboden om boringen dieper dan vijftig meter uit te voeren zonder ontheffing.",
    "Het watersysteem is leidend bij de keuze van nieuwe woningbouwlocaties. Wij bouwen niet in de diepste polders "
    "en houden rekening met de kans op overstroming en wateroverlast.",
    "Samen met de waterschappen werken wij aan het vasthouden van water in de haarvaten van het systeem, zodat "
    "droogte in de zomer minder schade geeft aan natuur en landbouw.",
    "Wij stimuleren dat agrariers in de beekdalen extensiever gaan boeren en verkennen de mogelijkheden voor "
    "natuurinclusieve landbouw.",
]


def _txt(pad: Path) -> None:
    # wrapped lines inside a paragraph, a blank line between paragraphs: how a plain-text export looks
    regels = []
    for alinea in ALINEAS:
        woorden, regel = alinea.split(), ""
        for w in woorden:
            if len(regel) + len(w) > 70:
                regels.append(regel)
                regel = w
            else:
                regel = f"{regel} {w}".strip()
        regels += [regel, ""]
    pad.write_text("\n".join(regels), encoding="utf-8")


def _pdf(pad: Path) -> None:
    pytest.importorskip("reportlab")
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    stijl = getSampleStyleSheet()["Normal"]
    SimpleDocTemplate(str(pad), pagesize=A4).build(
        [x for a in ALINEAS for x in (Paragraph(html.escape(a), stijl), Spacer(1, 8))]
    )


def _docx(pad: Path) -> None:
    from docx import Document

    doc = Document()
    for a in ALINEAS:
        doc.add_paragraph(a)
    buf = io.BytesIO()
    doc.save(buf)
    pad.write_bytes(buf.getvalue())


def _html(pad: Path) -> None:
    body = "".join(f"<p>{html.escape(a)}</p>\n" for a in ALINEAS)
    pad.write_text(f"<html><head><title>Visie</title></head><body>{body}</body></html>", encoding="utf-8")


MAKERS = {"txt": _txt, "pdf": _pdf, "docx": _docx, "html": _html}


@pytest.fixture(scope="module")
def versies(tmp_path_factory) -> dict[str, Path]:
    map_ = tmp_path_factory.mktemp("ingest")
    uit = {}
    for ext, maak in MAKERS.items():
        uit[ext] = map_ / f"visie.{ext}"
        maak(uit[ext])
    return uit


@pytest.mark.parametrize("ext", list(MAKERS))
def test_each_paragraph_is_one_passage(versies, ext):
    passages = split_passages(lees_bestand(versies[ext]))
    assert [p.tekst for p in passages] == ALINEAS


@pytest.mark.parametrize("ext", ["pdf", "docx", "html"])
def test_same_verdicts_as_plain_text(versies, ext):
    txt = toets_document(lees_bestand(versies["txt"]))
    ander = toets_document(lees_bestand(versies[ext]))
    assert [(p.tekst, [k.nr for k in p.keuzes], p.sterkte) for p in ander.passages] == [
        (p.tekst, [k.nr for k in p.keuzes], p.sterkte) for p in txt.passages
    ]
    verschillen = [v for v in vergelijk(txt, ander) if v.richting != "gelijk" or v.passages_oud != v.passages_nieuw]
    assert verschillen == []


def test_pdf_page_break_and_gap_end_a_passage(tmp_path):
    pytest.importorskip("reportlab")
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pad = tmp_path / "twee.pdf"
    c = canvas.Canvas(str(pad), pagesize=A4)
    c.drawString(40, 800, "Eerste alinea over waterberging in het beekdal,")
    c.drawString(40, 786, "die op de volgende regel doorloopt.")
    c.drawString(40, 740, "Tweede alinea na een witregel.")
    c.showPage()
    c.drawString(40, 800, "Derde alinea op pagina twee.")
    c.save()
    passages = split_passages(lees_bestand(pad))
    assert [p.tekst for p in passages] == [
        "Eerste alinea over waterberging in het beekdal, die op de volgende regel doorloopt.",
        "Tweede alinea na een witregel.",
        "Derde alinea op pagina twee.",
    ]
    assert [p.pagina for p in passages] == [1, 1, 2]
