"""Plantoets ingest: every format, page numbers, bad and hostile files."""

from __future__ import annotations

import io

import pytest
from plan_hulp import ALINEAS, _pdf

from wbs.plan import inlezen
from wbs.plan.fouten import PlanFout
from wbs.plan.inlezen import lees_bestand, lees_bytes
from wbs.plan.passages import split_passages


def test_pdf_keeps_page_numbers():
    doc = lees_bytes(_pdf([ALINEAS[0], ALINEAS[1]]), "visie.pdf")
    assert doc.paginas == 2
    ps = split_passages(doc)
    assert [p.pagina for p in ps if "uiterwaarden" in p.tekst] == [1]
    assert [p.pagina for p in ps if "veenweidegebied" in p.tekst] == [2]


def test_docx_paragraphs_and_table_rows():
    from docx import Document

    d = Document()
    d.add_paragraph(ALINEAS[0])
    tabel = d.add_table(rows=1, cols=2)
    tabel.rows[0].cells[0].text = "Beekdalen"
    tabel.rows[0].cells[1].text = "In beekdalen geldt het nee-tenzijbeleid voor kapitaalintensieve functies."
    buf = io.BytesIO()
    d.save(buf)
    ps = split_passages(lees_bytes(buf.getvalue(), "visie.docx"))
    assert any(p.tekst == ALINEAS[0] for p in ps)
    assert any(p.tekst.startswith("Beekdalen | In beekdalen geldt") for p in ps)


def test_html_ignores_scripts_and_splits_blocks():
    html = (
        "<html><head><style>p{color:red}</style><script>var x = 'uiterwaarden';</script></head><body>"
        f"<h1>Water</h1><p>{ALINEAS[0]}</p><ul><li>{ALINEAS[1]}</li></ul></body></html>"
    ).encode()
    ps = split_passages(lees_bytes(html, "visie.html"))
    teksten = [p.tekst for p in ps]
    assert ALINEAS[0] in teksten and ALINEAS[1] in teksten
    assert not any("var x" in t or "color" in t for t in teksten)


def test_txt_and_markdown_keep_file_line_numbers(tmp_path):
    inhoud = "# Titel\n\n" + "\n\n".join(ALINEAS) + "\n"
    for naam in ("visie.txt", "visie.md"):
        pad = tmp_path / naam
        pad.write_text(inhoud, encoding="utf-8")
        regels = pad.read_text(encoding="utf-8").splitlines()
        for p in split_passages(lees_bestand(pad)):
            assert p.tekst.split()[0] in regels[p.start_line - 1]


@pytest.mark.parametrize(
    ("maak", "naam", "fragment"),
    [
        (lambda: b"", "leeg.txt", "is leeg"),
        (lambda: b"abc", "visie.doc", "Onbekend bestandsformaat"),
        (lambda: b"%PDF-1.4 kapot", "kapot.pdf", "geen geldige PDF"),
        (lambda: b"PK\x03\x04 geen docx", "kapot.docx", "geen geldig Word-bestand"),
        (lambda: b"\x00\x01\x02tekst", "binair.txt", "binaire inhoud"),
    ],
)
def test_bad_files_give_dutch_errors(maak, naam, fragment):
    with pytest.raises(PlanFout, match=fragment):
        lees_bytes(maak(), naam)


def test_encrypted_and_image_only_pdfs_are_refused():
    from pypdf import PdfReader, PdfWriter
    from reportlab.pdfgen import canvas

    w = PdfWriter()
    for pagina in PdfReader(io.BytesIO(_pdf([ALINEAS[0]]))).pages:
        w.add_page(pagina)
    w.encrypt("geheim")
    buf = io.BytesIO()
    w.write(buf)
    with pytest.raises(PlanFout, match="versleuteld"):
        lees_bytes(buf.getvalue(), "geheim.pdf")
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.rect(100, 100, 300, 300, fill=1)  # a drawing, no text layer
    c.showPage()
    c.save()
    with pytest.raises(PlanFout, match="geen tekstlaag"):
        lees_bytes(buf.getvalue(), "scan.pdf")


def test_size_limit_and_missing_file(monkeypatch, tmp_path):
    monkeypatch.setattr(inlezen, "MAX_BYTES", 10)
    with pytest.raises(PlanFout, match="groter dan"):
        lees_bytes(b"x" * 11, "groot.txt")
    with pytest.raises(PlanFout, match="bestaat niet"):
        lees_bestand(tmp_path / "nergens.pdf")
