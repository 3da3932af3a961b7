"""Plantoets: ingestion of every format, bad input, passages on the seeds, linking, JSON, metrics, web."""

from __future__ import annotations

import hashlib
import io
import json
import time
from importlib import resources
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from wbs.cli.main import app as cli
from wbs.plan import ingest
from wbs.plan.evaluatie import GoldPassage, bootstrap_interval, evalueer, lees_gold
from wbs.plan.fouten import PlanFout
from wbs.plan.ingest import lees_bestand, lees_bytes
from wbs.plan.koppeling import Koppelaar
from wbs.plan.passages import split_passages
from wbs.plan.sterkte import bepaal_sterkte
from wbs.plan.toets import DocumentInfo, KeuzeLink, PassageUit, Toetsresultaat, toets_document

BRONNEN = Path(str(resources.files("wbs.bronnen")))
ALINEAS = [
    "We staan in de uiterwaarden geen nieuwe bebouwing meer toe.",
    "In het veenweidegebied bewegen we toe naar een grondwaterstand van 20 tot 40 cm onder maaiveld.",
    "De provincie stimuleert cultuur en toerisme in de binnensteden.",
]


def _pdf(paginas: list[str]) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    for tekst in paginas:
        y = 800
        for regel in tekst.split("\n"):
            c.drawString(50, y, regel)
            y -= 14
        c.showPage()
    c.save()
    return buf.getvalue()


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
    html = ("<html><head><style>p{color:red}</style><script>var x = 'uiterwaarden';</script></head><body>"
            f"<h1>Water</h1><p>{ALINEAS[0]}</p><ul><li>{ALINEAS[1]}</li></ul></body></html>").encode()
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


@pytest.mark.parametrize(("maak", "naam", "fragment"), [
    (lambda: b"", "leeg.txt", "is leeg"),
    (lambda: b"abc", "visie.doc", "Onbekend bestandsformaat"),
    (lambda: b"%PDF-1.4 kapot", "kapot.pdf", "geen geldige PDF"),
    (lambda: b"PK\x03\x04 geen docx", "kapot.docx", "geen geldig Word-bestand"),
    (lambda: b"\x00\x01\x02tekst", "binair.txt", "binaire inhoud"),
])
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
    monkeypatch.setattr(ingest, "MAX_BYTES", 10)
    with pytest.raises(PlanFout, match="groter dan"):
        lees_bytes(b"x" * 11, "groot.txt")
    with pytest.raises(PlanFout, match="bestaat niet"):
        lees_bestand(tmp_path / "nergens.pdf")


def test_overijssel_table_rows_become_one_passage_each():
    ps = split_passages(lees_bestand(BRONNEN / "overijssel-water-bodem-acties.txt"))
    assert len(ps) > 80
    assert all(not p.tekst.rstrip().endswith((" x x", " x")) for p in ps)
    rij = next(p for p in ps if "Ontmoediging vestigingen" in p.tekst)
    # theme, action and description of the flattened row end up in one passage
    assert "extreem grote watervraag" in rij.tekst and rij.tekst.startswith("6.3 Uitwerking beleid")


def test_drenthe_hyphenation_is_repaired():
    ps = split_passages(lees_bestand(BRONNEN / "omgevingsvisie-drenthe.txt"))
    alles = " ".join(p.tekst for p in ps)
    # "natuur-\nlijke" (line 7-8 of the seed) becomes "natuurlijke"
    assert "natuurlijke, landschappelijke" in alles and "natuur- lijke" not in alles
    for p in ps:
        assert p.tekst and p.start_line <= p.end_line


def test_list_items_carry_their_lead_in_sentence():
    ps = split_passages(lees_bestand(BRONNEN / "omgevingsvisie-drenthe.txt"))
    wko = next(p for p in ps if p.tekst.startswith("• WKO-installaties"))
    # seed lines 3590-3593: the bullet is one of the functions banned for groundwater quality
    assert wko.inleiding and "risico vormen voor de kwaliteit van het grondwater:" in wko.inleiding
    lijst = [p for p in ps if p.inleiding == wko.inleiding]
    assert [p.tekst[:12] for p in lijst][:1] == ["• industriël"] and len(lijst) == 3
    # an ordinary paragraph after the list has no lead-in
    volgende = ps[ps.index(wko) + 1]
    assert volgende.inleiding is None


def test_captions_and_table_cells_are_not_taken_as_headings():
    tekst = ("6.3 Waterkwaliteit\n\nKaart 10. Kaderrichtlijn water\n\n"
             "2 WB21 Inrichting waterbergingsgebieden 11.8 2.4\n\n"
             "De waterschappen stellen voor iedere zwemwaterlocatie een zwemwaterprofiel op.\n")
    ps = split_passages(lees_bytes(tekst.encode(), "visie.txt"))
    assert [(p.kop, p.start_line) for p in ps] == [("6.3 Waterkwaliteit", 7)]
    # on the seed: the paragraph on water beds stands under its section, not under the map legend before it
    drenthe = split_passages(lees_bestand(BRONNEN / "omgevingsvisie-drenthe.txt"))
    waterbodems = [p for p in drenthe if p.kop == "6.3.4 Waterbodems"]
    assert waterbodems and waterbodems[0].start_line == 3257
    # cells of the tables of 6.3.1 and 6.4.5 ("Categorie 4", "Zand Eems Annen / Breevenen") head nothing
    koppen = {p.kop for p in drenthe}
    assert {"Categorie 4", "Zand Eems Annen / Breevenen", "Stedelijk Bebouwd gebied 1:100"}.isdisjoint(koppen)


def test_a_short_line_before_another_short_line_is_a_table_cell():
    tekst = ("6.4.5 Grondwaterbescherming\n\nDe provincie wijst beschermingsgebieden aan.\n\n"
             "Zand Eems Annen\n\nWaterwingebied, verbodzone\n\nniet kwetsbaar\n\n"
             "Boringsvrije zones\n\n• geen boringen dieper dan 50 meter\n")
    ps = split_passages(lees_bytes(tekst.encode(), "visie.txt"))
    # the cells head nothing and are cited together as one passage; the bullet's heading is a real one
    assert [(p.kop, p.tekst) for p in ps] == [
        ("6.4.5 Grondwaterbescherming", "De provincie wijst beschermingsgebieden aan."),
        ("6.4.5 Grondwaterbescherming", "Zand Eems Annen | Waterwingebied, verbodzone niet kwetsbaar"),
        ("Boringsvrije zones", "• geen boringen dieper dan 50 meter")]
    tekst = tekst.replace("Boringsvrije zones\n\n• geen boringen dieper dan 50 meter",
                          "Daar zijn geen boringen dieper dan 50 meter toegestaan.")
    ps = split_passages(lees_bytes(tekst.encode(), "visie.txt"))
    assert [(p.kop, p.tekst[:10]) for p in ps] == [("6.4.5 Grondwaterbescherming", "De provinc"),
                                                  ("6.4.5 Grondwaterbescherming", "Zand Eems "),
                                                  ("6.4.5 Grondwaterbescherming", "Daar zijn ")]
    # on the seed: the table of the TOP areas (lines 3379-3395), all short lines, is one passage on desiccation
    drenthe = toets_document(lees_bestand(BRONNEN / "omgevingsvisie-drenthe.txt"))
    top = next(p for p in drenthe.passages if p.start_line == 3379)
    assert top.tekst.startswith("Verdroogd gebied Doelstelling 2015 Relatie met natuur en KRW | Fochteloërveen")
    assert top.end_line == 3395 and 31 in {k.nr for k in top.keuzes}
    # the column header above the strategy's measure rows is no passage
    strategie = split_passages(lees_bestand(BRONNEN / "wbs-strategie-uitvoeringsagenda.txt"))
    assert not [p for p in strategie if p.tekst.startswith("Maatregel Categorie uit")]


def test_a_numbered_heading_printed_above_its_paragraph_heads_it():
    tekst = ("Reest matig verdroogd EHS, N2000 en KRW\n 6.4.4 Grondwaterkwaliteit (KRW)\n"
             "In bijlage 6 zijn de doelen vastgelegd.\n\nDe grondwaterlichamen moeten voldoen.\n")
    ps = split_passages(lees_bytes(tekst.encode(), "visie.txt"))
    assert [(p.kop, p.start_line, p.tekst) for p in ps] == [
        ("6.4.4 Grondwaterkwaliteit (KRW)", 3, "In bijlage 6 zijn de doelen vastgelegd."),
        ("6.4.4 Grondwaterkwaliteit (KRW)", 5, "De grondwaterlichamen moeten voldoen.")]
    drenthe = split_passages(lees_bestand(BRONNEN / "omgevingsvisie-drenthe.txt"))
    assert next(p for p in drenthe if p.start_line == 3397).kop == "6.4.4 Grondwaterkwaliteit (KRW)"


def test_a_measure_table_row_is_one_passage_with_its_cells_marked():
    tekst = ("4.1 Voldoende water\n\nMaatregel Categorie uit\nparagraaf 3.2\n\nVervolg\n\n"
             "M1.1.4 - PvA\ndrinkwater-\nbesparing\n\nPvA\nDrinkwaterbesparing\n\n31-12-2023\n1e PvA incl. borging\n\n"
             "M1.1.5 - Verkennen\nbeprijzing drinkwater\n\nPvA\nDrinkwaterbesparing\n"
             " 4.2 Schoon en gezond water\n\nM1.1.13 - Uitvoeren\nStroomgebiedsbeheerplannen\n\nProgramma KRW\n"
             " Bijlage  Actiesheets 2023\n\nDe borging gaat voortvarend aan de slag in de regio.\n")
    ps = split_passages(lees_bytes(tekst.encode(), "agenda.txt"))
    rijen = [(p.start_line, p.end_line, p.tekst, p.kop) for p in ps if p.tekst.startswith("M")]
    # a row runs to the next row, a section heading or an annex heading; split words are repaired
    assert rijen == [
        (8, 16, "M1.1.4 - PvA drinkwaterbesparing | PvA Drinkwaterbesparing | 31-12-2023 1e PvA incl. borging",
         "4.1 Voldoende water"),
        (18, 22, "M1.1.5 - Verkennen beprijzing drinkwater | PvA Drinkwaterbesparing", "4.1 Voldoende water"),
        (25, 28, "M1.1.13 - Uitvoeren Stroomgebiedsbeheerplannen | Programma KRW", "4.2 Schoon en gezond water")]
    assert ps[-1].tekst.startswith("De borging gaat")
    # two measure ids in running text are no table
    proza = "M1.1.4 - PvA drinkwaterbesparing\n\nDe PvA komt er.\n\nM1.1.5 - Verkennen beprijzing\n\nDat volgt.\n"
    assert [(p.kop, p.tekst) for p in split_passages(lees_bytes(proza.encode(), "x.txt"))] == [
        ("M1.1.4 - PvA drinkwaterbesparing", "De PvA komt er."), ("M1.1.5 - Verkennen beprijzing", "Dat volgt.")]


def test_the_strategy_agenda_rows_are_passages_with_their_measure():
    ps = split_passages(lees_bestand(BRONNEN / "wbs-strategie-uitvoeringsagenda.txt"))
    rijen = [p for p in ps if p.tekst.startswith("M") and 539 <= p.start_line <= 1504]
    assert len(rijen) == 59
    # seed lines 580-590: the measure cell was lost as a heading before rows were kept whole
    rij = next(p for p in rijen if p.start_line == 580)
    assert rij.end_line == 590 and rij.tekst.startswith("M1.1.3 - Landelijk drinkwaternetwerk | Actieprogramma")
    # every line of the agenda tables is in some passage: no cell is lost
    gedekt = {n for p in ps for n in range(p.start_line, p.end_line + 1)}
    regels = lees_bestand(BRONNEN / "wbs-strategie-uitvoeringsagenda.txt").regels
    rijregels = [r.nr for r in regels if any(p.start_line <= r.nr <= p.end_line for p in rijen)]
    assert all(n in gedekt for n in rijregels) and len(rijregels) > 600


def test_short_items_of_a_numbered_list_and_form_fields_are_passages_not_headings():
    tekst = ("7. Sturing en instrumenten\n\nOpgave 1. Op aansprekende manier in beeld brengen waarom de huidige "
             "aanpak op langere termijn niet meer oplevert;\n\n"
             "2.  Idem waarom vernieuwde aanpak bijdraagt;\n\n3. Afspraken maken bestuurlijke partners\n"
             "4. Link leggen met de inzet van de rijks-adviseurs\n\n"
             "Datum Vaststellen handreiking in het laatste BOW\n\n"
             "Betrokken IPO en VNG\n\nDe handreiking komt er.\n")
    ps = split_passages(lees_bytes(tekst.encode(), "actiesheet.txt"))
    # a numbered chapter line with no list around it still heads what follows
    assert {p.kop for p in ps} == {"7. Sturing en instrumenten"}
    assert [p.tekst[:20] for p in ps] == ["Opgave 1. Op aanspre", "2. Idem waarom verni", "3. Afspraken maken b",
                                         "4. Link leggen met d", "Datum Vaststellen ha", "Betrokken IPO en VNG",
                                         "De handreiking komt "]
    # on the seed: the agreements of action sheet C7 (lines 1906-1907) are passages; the keuzes listed under
    # "Het betreft de volgende structurerende keuzes:" no longer head the agenda rows after them
    strategie = split_passages(lees_bestand(BRONNEN / "wbs-strategie-uitvoeringsagenda.txt"))
    assert {(p.start_line, p.tekst[:9]) for p in strategie} >= {(1906, "3. Afspra"), (1907, "4. Link l"),
                                                                (1627, "Datum Vas")}
    assert next(p for p in strategie if p.start_line == 1169).kop == "4.5 Bebouwd gebied"


def test_a_page_number_is_not_a_heading():
    tekst = ("4.2 Kernkwaliteiten\n\nDe openheid blijft.\n\n26\n\nWe beschouwen de systemen als dragers.\n\n"
             "Stilte\n\nRust is een kernkwaliteit.\n\n27\n\nDuisternis ook.\n")
    ps = split_passages(lees_bytes(tekst.encode(), "visie.txt"))
    # a numbered section runs on over a page break; an unnumbered heading before the page number is not known
    assert [(p.kop, p.tekst) for p in ps] == [("4.2 Kernkwaliteiten", "De openheid blijft."),
                                             ("4.2 Kernkwaliteiten", "We beschouwen de systemen als dragers."),
                                             ("Stilte", "Rust is een kernkwaliteit."),
                                             ("4.2 Kernkwaliteiten", "Duisternis ook.")]
    # on the seed, page 26 of the PDF export no longer heads the 207 passages of section 4.3
    drenthe = split_passages(lees_bestand(BRONNEN / "omgevingsvisie-drenthe.txt"))
    assert not [p for p in drenthe if p.kop and p.kop.isdigit()]


def test_a_bare_lead_in_borrows_the_paragraph_before_it():
    ps = split_passages(lees_bestand(BRONNEN / "omgevingsvisie-drenthe.txt"))
    # seed lines 3203-3207: "De KRW maakt onderscheid ..." / "Voor de beken:" / "• een inrichting ..."
    item = next(p for p in ps if p.tekst.startswith("• een inrichting die beter gericht is op de stromingsprocessen"))
    assert item.inleiding.endswith("Voor de beken:") and "De KRW maakt onderscheid" in item.inleiding
    # the next bare lead-in ("Voor de meren:") borrows that same paragraph, not "Voor de beken:"
    meren = next(p for p in ps if p.tekst.startswith("• helder, plantenrijk water"))
    assert meren.inleiding.endswith("Voor de meren:") and "De KRW maakt onderscheid" in meren.inleiding
    # a lead-in that names its own subject is kept alone
    wko = next(p for p in ps if p.tekst.startswith("• WKO-installaties"))
    assert wko.inleiding.startswith("4. Functies verbieden")



def test_a_bare_lead_in_under_a_new_section_does_not_borrow_the_section_before():
    tekst = ("4.2 Drinkwater\n\nM1.1.19 - Beoordelingssystematiek warmtelozingen.\n\n4.3 Ruimte voor water\n\n"
             "Het betreft de volgende keuzes:\n\n• 7. Wateroverlast\n")
    item = split_passages(lees_bytes(tekst.encode(), "visie.txt"))[-1]
    assert item.tekst == "• 7. Wateroverlast"
    assert item.kop == "4.3 Ruimte voor water" and item.inleiding == "Het betreft de volgende keuzes:"
    # on the seed strategy the keuze list under "4.3" no longer reads the last agenda row of 4.2 (M1.1.19)
    ps = split_passages(lees_bestand(BRONNEN / "wbs-strategie-uitvoeringsagenda.txt"))
    lijst = [p for p in ps if p.inleiding == "Het betreft de volgende structurerende keuzes:"]
    assert len(lijst) >= 20
    assert not [p for p in ps if p.inleiding and "M1.1.19" in p.inleiding]


KOLOMKOP = "Concrete stappen Doorwerking (instrumenten) in de beleidscyclus Borging van de doorwerking Agendering"
MAATREGELTABEL = (
    "Maatregel 1.1.3.\nProvincies en drinkwaterbedrijven werken toe naar een landelijk drinkwaternetwerk.\n\n"
    f"{KOLOMKOP}\n\nOpstellen van het actieprogramma, samen met de provincies.\n\n"
    f"Maatregel 1.1.4.\nWe werken aan een plan van aanpak.\n\n{KOLOMKOP}\n\n"
    "Bestuurlijke afspraken worden gemaakt in het BO Water.\n\n")
MEER_MAATREGELEN = "".join(f"Maatregel 2.0.{i}.\nTekst.\n\n{KOLOMKOP}\n\n" for i in range(1, 4))


def test_the_steps_of_a_measure_table_stand_under_their_measure():
    ps = split_passages(lees_bytes((MAATREGELTABEL + MEER_MAATREGELEN).encode(), "kalender.txt"))
    stap = next(p for p in ps if p.tekst.startswith("Opstellen van het actieprogramma"))
    assert stap.kop == "Maatregel 1.1.3."  # the block marker heads the steps after it ...
    assert next(p for p in ps if p.tekst.startswith("Bestuurlijke")).kop == "Maatregel 1.1.4."  # ... until the next
    # the column header printed above every table (5 times here) is kept, marked, and heads nothing
    koppen = [p for p in ps if p.tekst == KOLOMKOP]
    assert len(koppen) == 5 and all(p.kolomkop for p in koppen)
    # a numbered section heading ends the block
    na = split_passages(lees_bytes((MAATREGELTABEL + "2.1 Bodem\n\nEen alinea over bodem.\n").encode(), "k.txt"))
    assert next(p for p in na if p.tekst == "Een alinea over bodem.").kop == "2.1 Bodem"


def test_a_step_is_linked_through_the_measure_it_stands_under(tmp_path):
    pad = tmp_path / "kalender.txt"
    pad.write_text(MAATREGELTABEL + MEER_MAATREGELEN, encoding="utf-8")
    res = toets_document(lees_bestand(pad))
    stap = next(p for p in res.passages if p.tekst.startswith("Opstellen van het actieprogramma"))
    assert [k.nr for k in stap.keuzes] == [3]  # measure 1.1.3 belongs to keuze 3
    assert "Maatregel 1.1.3" in stap.keuzes[0].waarom[0]
    assert all(not p.keuzes for p in res.passages if p.tekst == KOLOMKOP)


def test_a_pattern_found_only_in_the_lead_in_needs_corroboration(koppelaar):
    context = "Grondwaterbeschermingsgebieden liggen in de volgende gemeenten:"
    assert koppelaar.koppel("• de gemeente Assen;", context=context) == []
    assert 3 in [link.nr for link in koppelaar.koppel("• grondwaterbeschermingsgebied Assen;")]


@pytest.mark.parametrize(("tekst", "keuze", "gekoppeld"), [
    ("Op grond van de KRW hebben we zwemwaterlocaties aangewezen.", 5, False),
    ("Op grond van de KRW nemen we maatregelen voor een betere waterkwaliteit.", 5, True),
    ("Wij zijn verantwoordelijk voor archeologie bij ontgrondingen.", 19, False),
    ("Wij beperken ontgrondingen en zandwinning tot wat noodzakelijk is.", 19, True),
])
def test_negative_labels_stop_a_pattern_from_linking(koppelaar, tekst, keuze, gekoppeld):
    assert (keuze in [link.nr for link in koppelaar.koppel(tekst)]) is gekoppeld


@pytest.mark.parametrize(("tekst", "keuzes"), [
    ("M3.2.2 Herijking Deltabeslissing Zoetwater", [28]),  # measure 3.2.2 stands under keuze 28, not 1
    ("M99 - SK22 Geen bebouwing locaties voor toekomstige waterberging", [22]),
    ("Maatregel 1.1.10: ruimte voor regionale waterbuffers in de gebiedsprogramma's", [7]),
    ("M1.1.11 verzilting tegengaan", [28]),  # an alias of 1.2.11
    ("2.3.2 Deltaplan Ruimtelijke Adaptatie", []),  # a section number is not a measure id
])
def test_measures_and_keuzes_cited_by_number_decide_the_link(koppelaar, tekst, keuzes):
    assert [link.nr for link in koppelaar.koppel(tekst)] == keuzes


def test_a_term_named_only_as_an_example_needs_corroboration(koppelaar):
    voorbeeld = "We werken per casus, bijvoorbeeld rond veenweide gebieden."
    assert 25 not in [link.nr for link in koppelaar.koppel(voorbeeld)]
    assert 25 in [link.nr for link in koppelaar.koppel("In de veenweide remmen we de bodemdaling af.")]


def test_a_sentence_that_announces_a_list_links_nothing(koppelaar):
    assert koppelaar.koppel("In de laagveengebieden gelden de volgende structurerende keuzes:") == []
    assert 25 in [link.nr for link in koppelaar.koppel("In de laagveengebieden remmen we de bodemdaling af.")]
    # a cited keuze number still decides, even in an announcement
    assert [link.nr for link in koppelaar.koppel("Voor structurerende keuze 25 geldt:")] == [25]


def test_a_passage_about_all_keuzes_links_none_of_its_examples(koppelaar):
    overzicht = ("De realisatie en borging van het beleid op elk van de 33 structurerende keuzes loopt via "
                 "samenwerkingsverbanden rondom bijvoorbeeld grondwater, bodem, veenweide en de KRW.")
    assert koppelaar.koppel(overzicht) == []
    assert koppelaar.koppel("Niet alle structurerende keuzes zijn even relevant voor de veenweide.") == []
    # the same examples in a passage about one subject do link, and a cited number still decides
    assert 5 in [link.nr for link in koppelaar.koppel("Wij halen de doelen van de KRW in 2027.")]
    assert [link.nr for link in koppelaar.koppel("Van de 33 keuzes werken wij SK25 als eerste uit.")] == [25]
    # "elke keuze" in the everyday sense is not the set of structurerende keuzes
    assert 21 in [link.nr for link in koppelaar.koppel(
        "Bij elke keuze voor een woningbouwlocatie wegen we het overstromingsrisico en de bodemdaling.")]


def test_one_heading_word_matched_twice_is_one_hit(koppelaar):
    # 'drinkwaterbesparing' and 'waterbesparing' both match the heading's one word: that is not the
    # corroboration a heading pattern needs, so a dated row under it does not link keuze 4
    rij = "31-12-2023 1e PvA incl. borging periodiek actualiseren"
    assert 4 not in [link.nr for link in koppelaar.koppel(rij, context="PvA Drinkwaterbesparing")]
    assert 4 in [link.nr for link in koppelaar.koppel("31-12-2023 PvA drinkwaterbesparing gereed",
                                                     context="PvA Drinkwaterbesparing")]


def test_the_regional_water_task_links_keuze_7(koppelaar):
    # "wateropgave" is strong evidence since stop 9: the task of retaining, storing and draining water
    assert 7 in [link.nr for link in koppelaar.koppel(
        "In het convenant maken we afspraken met het waterschap om de wateropgave te realiseren.")]


def test_fighting_desiccation_links_keuze_31(koppelaar):
    assert 31 in [link.nr for link in koppelaar.koppel("Met een meetnet volgen we de bestrijding van de verdroging.")]


@pytest.mark.parametrize("tekst", [
    "Het ordeningsbeleid is de basis van ons grondwaterbeschermingsbeleid.",
    "De gebiedsdossiers geven de risico's rond de winningen en een maatregelenpakket.",
    "Bij Darperweiden kan een puttenveld komen.",
])
def test_protecting_drinking_water_sources_links_keuze_3(koppelaar, tekst):
    assert 3 in [link.nr for link in koppelaar.koppel(tekst)]


def test_keeping_capital_intensive_functions_out_links_keuze_22(koppelaar):
    assert 22 in [link.nr for link in koppelaar.koppel(
        "Het nee-tenzijbeleid betekent dat kapitaalintensieve functies zo veel mogelijk worden geweerd.")]


def test_a_split_compound_still_names_groundwater_quality(koppelaar):
    # "grondwater- en bodemkwaliteit" is "grondwaterkwaliteit en bodemkwaliteit"
    assert 5 in [link.nr for link in koppelaar.koppel(
        "We willen grip krijgen op de achteruitgang van de grondwater- en bodemkwaliteit.")]


def test_a_keuze_listed_by_number_and_title_is_cited(koppelaar):
    titel = "16. Efficient gebruik en beperken bedekking bodem (focus landbouw)"
    assert [link.nr for link in koppelaar.koppel(titel)] == [16]
    # a numbered item that is not that keuze's title cites nothing
    assert 16 not in [link.nr for link in koppelaar.koppel("16. Wij beperken het aantal windmolens.")]


def test_an_abbreviation_list_links_nothing(koppelaar):
    lijst = "GGOR gewenst grond- en oppervlaktewaterregime KRW Kaderrichtlijn Water WKO warmte-koude-opslag"
    assert koppelaar.koppel(lijst, context="8. Afkortingen") == []
    assert koppelaar.koppel(lijst, context="6.4 Grondwater") != []
    # a heading that merely starts like one is not a reference section
    assert koppelaar.koppel(lijst, context="Bronnen van drinkwater") != []


def test_salinisation_named_in_passing_needs_corroboration(koppelaar):
    # "verzilt" is broad since stop 9: on the development sets it was right for one of three hits
    terloops = "Deze variëren van vragen over de toewijzing van zoetwatervoorraden tot verzilting en bouwen."
    assert 28 not in [link.nr for link in koppelaar.koppel(terloops)]
    assert 28 in [link.nr for link in koppelaar.koppel(
        "Door zoutindringing en verzilting is minder water beschikbaar om door te spoelen.")]


def test_vocabulary_file_is_validated_with_a_clear_message():
    import yaml

    from wbs.plan.termen import TermenFout, laad_termen, valideer

    termen = laad_termen()
    assert set(termen.keuzes) == set(range(1, 34))
    data = yaml.safe_load((Path(str(resources.files("wbs.plan.data"))) / "keuze_termen.yaml").read_text("utf-8"))
    data["keuzes"][7]["patronen"].append("(open haakje")
    with pytest.raises(TermenFout, match=r"keuze_termen.yaml: keuzes > 7 > patronen: .*ongeldig patroon"):
        valideer(data)
    data["keuzes"][7]["patronen"].pop()
    data["keuzes"][5]["uitsluitingen"] = ["zwem[water"]
    with pytest.raises(TermenFout, match=r"keuzes > 5 > uitsluitingen: .*ongeldig patroon"):
        valideer(data)
    data["keuzes"][5]["uitsluitingen"] = ["zwemwater"]
    data["keuzes"][34] = {"termen": ["x"]}
    with pytest.raises(TermenFout, match="buiten 1-33"):
        valideer(data)


def test_a_weak_pattern_alone_does_not_link_but_corroborated_it_does(koppelaar):
    alleen = "Bij hevige regen ontstaat wateroverlast op de A28."
    assert 7 not in [link.nr for link in koppelaar.koppel(alleen)]
    samen = "Om wateroverlast te voorkomen creëren we ruimte voor water: vasthouden, bergen en afvoeren."
    assert 7 in [link.nr for link in koppelaar.koppel(samen)]


@pytest.fixture(scope="module")
def koppelaar():
    return Koppelaar()


@pytest.mark.parametrize(("tekst", "keuze"), [
    (ALINEAS[0], 10),
    (ALINEAS[1], 25),
    ("De provincie wijst in de omgevingsverordening beekdalen aan waarvoor het nee-tenzij-regime geldt.", 32),
    ("We beperken grondwateronttrekkingen rond Natura 2000-gebieden om verdroging te voorkomen.", 33),
    ("Tegen verzilting van landbouwgronden langs de kust is minder water beschikbaar voor doorspoelen.", 28),
    ("Juni 2024 publicatie aanpassing Bgr", 10),  # Beleidslijn grote rivieren
    ("We versterken de regie op de inrichting van de ondergrond met een 3D-ordening.", 15),
])
def test_linking_finds_the_keuze(koppelaar, tekst, keuze):
    assert keuze in [link.nr for link in koppelaar.koppel(tekst)]


def test_the_bare_word_ondergrond_does_not_link_keuze_15(koppelaar):
    landschap = "Ontwikkelingen hebben nauwelijks los van de ondergrond en de cultuurhistorie plaatsgevonden."
    assert 15 not in [link.nr for link in koppelaar.koppel(landschap)]


def test_unrelated_text_links_nothing(koppelaar):
    assert koppelaar.koppel("De provincie investeert in cultuur, musea en het openbaar vervoer per bus.") == []


@pytest.mark.parametrize(("tekst", "sterkte"), [
    ("In de omgevingsverordening wijzen we de beekdalen aan.", "bindend"),
    ("Nieuwe begraafplaatsen zijn in dit gebied niet toegestaan.", "bindend"),
    ("In 2025 stellen wij het programma vast.", "afspraak"),
    ("Q3 2024 Handreiking waterbuffers gereed", "afspraak"),
    ("Jan 2024 Systematiek vastgesteld door de minister", "afspraak"),
    ("31-12-2023 Start verkenning reserveringszones", "afspraak"),
    ("Nieuwe vestigingen van intensieve veehouderij sluiten wij uit.", "bindend"),
    ("Voor grondwaterwinningen voor laagwaardig gebruik wordt in principe geen vergunning verleend.", "bindend"),
    ("De gemeente heeft de zorgplicht voor het grondwater.", "bindend"),
    ("Waterwingebied Nietap, verbodzone diepe boringen (15m)", "bindend"),
    ("In de verordening staat welke activiteiten niet zijn toegestaan in deze gebieden.", "bindend"),
    ("Twaalf gebieden zijn aangewezen als stiltegebied.", "bindend"),
    ("Voor grote ontgrondingen geldt een meldingsplicht.", "bindend"),
    ("Windmolens worden in deze zone uitgesloten.", "bindend"),
    ("In de POV hebben wij een aantal vrijstellingen benoemd.", "bindend"),
    ("Hier mag de inrichting niet worden verslechterd, tenzij dit bij een gebiedsproces past.", "bindend"),
    ("Wij verkennen de mogelijkheden om water langer vast te houden.", "intentie"),
    ("Regio's hanteren overeenkomstige uitgangspunten voor de woningbouw.", "intentie"),
    ("We gaan in op de functies van de regionale wateren.", "intentie"),
    ("Wij gaan onderzoeken waar clustering mogelijk is.", "intentie"),
    ("Met de waterschappen sluiten wij een overeenkomst over de waterberging.", "afspraak"),
    ("We gaan de beekdalen inrichten.", "afspraak"),
    # instruments named in a measure table (borgingskalender development sets, stop 13)
    ("Handboek opnemen in Rijksinstructieregels Bkl", "bindend"),
    ("Uniforme regeling opnemen in het Bkl en het Bal", "bindend"),
    ("We staan kustuitbreiding vooralsnog niet toe.", "bindend"),
    ("Projectbesluit voor concrete ruimtelijke ingrepen", "bindend"),
    ("Formuleren omgevingswaarde voor weging waterbelang", "bindend"),
    ("Omgevingsvergunning voor (grond)wateronttrekkingsactiviteit", "bindend"),
    ("Bestuurlijke afspraken over de toetsdoelen van het waterprogramma", "afspraak"),
    ("Provincies verzoeken tot uitwerking in PPLG's", "afspraak"),
])
def test_strength(tekst, sterkte):
    assert bepaal_sterkte(tekst)[0] == sterkte


def test_region_marks_area_specific_keuzes():
    res = toets_document(lees_bestand(BRONNEN / "omgevingsvisie-drenthe.txt"))
    assert res.document.regio == "Drenthe"
    status = {d.nr: d for d in res.dekking}
    for nr in (27, 29):  # laagveen / verzilte kust: not Drenthe's areas
        assert not status[nr].relevant
    assert status[32].relevant and status[32].status != "ontbreekt"


runner = CliRunner()


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


def _res(passages: list[tuple[int, int, list[int], str]]) -> Toetsresultaat:
    return Toetsresultaat(
        document=DocumentInfo(pad="x", sha256="0", paginas=None, formaat="txt"),
        passages=[PassageUit(id=f"p{i}", pagina=None, start_line=a, end_line=b, tekst="t",
                             keuzes=[KeuzeLink(nr=n, score=0.9) for n in ks], sterkte=s)
                  for i, (a, b, ks, s) in enumerate(passages)],
        dekking=[])


def test_metrics_by_hand():
    gold = [GoldPassage(1, 2, frozenset({10}), "bindend"), GoldPassage(4, 5, frozenset({25, 32}), "intentie"),
            GoldPassage(7, 8, frozenset(), "intentie")]
    # predictions: p0 correct (TP 10); p1 finds 25 (TP) misses 32 (FN) adds 7 (FP); p2 adds 5 (FP)
    res = _res([(1, 2, [10], "bindend"), (4, 5, [25, 7], "afspraak"), (7, 8, [5], "intentie")])
    s = evalueer(gold, res)
    assert (s.micro_p, s.micro_r) == (pytest.approx(2 / 4), pytest.approx(2 / 3))
    assert s.micro_f1 == pytest.approx(2 * 0.5 * (2 / 3) / (0.5 + 2 / 3))
    # macro over keuzes present in gold: 10 -> F1 1, 25 -> F1 1, 32 -> F1 0
    assert s.macro_f1 == pytest.approx(2 / 3)
    assert s.sterkte_accuratesse == pytest.approx(2 / 3)
    laag, hoog = s.micro_f1_interval
    assert 0.0 <= laag <= s.micro_f1 <= hoog <= 1.0


def test_the_bootstrap_interval_shows_the_sampling_error():
    tellingen = [(1, 0, 0)] * 30 + [(0, 1, 0)] * 10 + [(0, 0, 1)] * 10 + [(0, 0, 0)] * 50  # micro-F1 0.75
    laag, hoog = bootstrap_interval(tellingen)
    assert laag < 0.75 < hoog and hoog - laag > 0.1
    # ten times as many passages with the same errors: a narrower interval around the same figure
    laag10, hoog10 = bootstrap_interval(tellingen * 10)
    assert laag < laag10 < 0.75 < hoog10 < hoog
    assert bootstrap_interval(tellingen) == (laag, hoog)  # seeded: the same figures on every run
    assert bootstrap_interval([(2, 0, 0)] * 5) == (1.0, 1.0)
    assert bootstrap_interval([]) == (0.0, 0.0)


def test_malformed_gold_names_the_line(tmp_path):
    pad = tmp_path / "gold.jsonl"
    pad.write_text('{"start_line": 1, "end_line": 2, "keuzes": [1], "sterkte": "intentie"}\n{kapot\n')
    with pytest.raises(PlanFout, match="regel 2"):
        lees_gold(pad)


def _wacht_op_resultaat(c, antwoord, pogingen: int = 600):
    """Follow the progress fragment of a background assessment until the result fragment is there (at most
    60 s: the assessment runs in a worker process, which a loaded machine can make slow)."""
    assert antwoord.status_code == 200 and "/plan/taak/" in antwoord.text
    taak = antwoord.text.split("/plan/taak/")[1].split('"')[0]
    for _ in range(pogingen):
        r = c.get(f"/plan/taak/{taak}")
        if "planresultaat" in r.text:
            return taak, r
        time.sleep(0.1)
    raise AssertionError("de plantoets werd niet op tijd klaar")


def test_web_upload_progress_matrix_and_downloads():
    from wbs.web.app import create_app

    c = TestClient(create_app())
    assert c.get("/plan").status_code == 200
    tekst = "\n\n".join(ALINEAS).encode()
    taak, r = _wacht_op_resultaat(c, c.post("/plan/upload", files={"bestand": ("visie.txt", tekst)}))
    assert r.text.count("data-keuze=") == 33
    assert c.get(f"/plan/taak/{taak}/toetsadvies.pdf").content.startswith(b"%PDF")
    assert json.loads(c.get(f"/plan/taak/{taak}/toetsadvies.json").text)["dekking"]
    assert c.get("/plan/taak/onbekend").status_code == 404
    api = c.post("/api/plan/toets", files={"bestand": ("visie.txt", tekst)})
    assert api.status_code == 200 and len(api.json()["dekking"]) == 33
    fout = c.post("/api/plan/toets", files={"bestand": ("leeg.pdf", b"")})
    assert fout.status_code == 422 and "leeg" in fout.json()["detail"]
    fout = c.post("/plan/upload", files={"bestand": ("x.exe", b"MZ")})
    assert fout.status_code == 422 and "Onbekend bestandsformaat" in fout.text


def test_web_example_document_is_assessed_without_upload():
    from wbs.web.app import create_app

    c = TestClient(create_app())
    pagina = c.get("/plan").text
    assert 'value="omgevingsvisie-drenthe.txt"' in pagina
    taak, r = _wacht_op_resultaat(c, c.post("/plan/voorbeeld", data={"bestand": "omgevingsvisie-drenthe.txt"}))
    assert r.text.count("data-keuze=") == 33
    res = json.loads(c.get(f"/plan/taak/{taak}/toetsadvies.json").text)
    assert res["document"]["regio"] == "Drenthe"
    assert any(d["nr"] == 32 and d["status"] != "ontbreekt" for d in res["dekking"])  # beekdalen
    # citations of a shipped document open the source at the cited lines
    assert 'href="/bronnen/omgevingsvisie-drenthe.txt?van=' in r.text
    assert "onder &ldquo;6.2.2 Beekdalen&rdquo;" in r.text  # and name the section they stand under
    assert "sterkte: &ldquo;" in r.text  # and the cue that decided a passage's strength, as the toetsadvies does
    assert "<mark>" in r.text  # the words that made a link are marked
    # an upload that only borrows the name does not link to the shipped text
    _, nep = _wacht_op_resultaat(
        c, c.post("/plan/upload", files={"bestand": ("omgevingsvisie-drenthe.txt", "\n\n".join(ALINEAS).encode())}))
    assert "/bronnen/" not in nep.text
    # only the shipped documents: no path tricks
    fout = c.post("/plan/voorbeeld", data={"bestand": "../../etc/passwd"})
    assert fout.status_code == 422 and "Onbekend voorbeelddocument" in fout.text


def test_a_stream_valley_named_in_the_landscape_needs_corroboration(koppelaar):
    # keuze 32 is restoring stream valleys: a valley named as landscape or as a place is no link
    # (stop 10: 15 right and 9 wrong keuze-32 links on the development sets; the wrong ones named a valley
    # without restoring, shaping or delimiting it)
    assert 32 not in [link.nr for link in koppelaar.koppel("• in esdorpenlandschap: de essen en beekdalen;")]
    assert 32 not in [link.nr for link in koppelaar.koppel(
        "Bij het verbinden van gebieden zo veel mogelijk gebruikmaken van de beekdalen. Kaart 4. Robuuste EHS")]
    for tekst in ["De beekdalen worden ingericht voor het vasthouden van water.",
                  "Loodiep: onderzoek naar de ontwikkeling van een nieuw beekdal ten westen van Coevorden.",
                  "Bij het herstel van het beekdal werken we samen met het waterschap."]:
        assert 32 in [link.nr for link in koppelaar.koppel(tekst)], tekst


def test_the_watertoets_named_as_a_procedure_needs_corroboration(koppelaar):
    assert 21 not in [link.nr for link in koppelaar.koppel(
        "• juridisch door landelijke wet- en regelgeving. Denk hierbij aan de versterkte watertoets;")]
    assert 21 in [link.nr for link in koppelaar.koppel(
        "De watertoets beoogt water een belangrijkere rol bij ruimtelijke ontwikkelingen te geven.")]
    assert 21 in [link.nr for link in koppelaar.koppel(
        "Met de watertoets weegt de gemeente het overstromingsrisico bij de locatiekeuze voor woningbouw.")]


@pytest.mark.parametrize(("terloops", "keuze", "raak"), [
    # stop 10: broad evidence only, each right for at most two of three development hits
    ("• in het wegdorpenlandschap van de laagveenontginning: de openheid;", 25,
     "In de laagveengebieden remmen we de bodemdaling af."),
    ("Het is onze insteek om sanering van storende geluidsbronnen te voorkomen.", 20,
     "De ernstige gevallen van bodemverontreiniging willen we voor 2015 saneren."),
    ("Om tot een klimaatbestendige en waterrobuuste waterkwantiteit te komen, beperken we wateroverlast.", 7,
     "We creëren ruimte voor waterberging om wateroverlast te beperken."),
])
def test_a_term_with_many_meanings_needs_corroboration(koppelaar, terloops, keuze, raak):
    assert keuze not in [link.nr for link in koppelaar.koppel(terloops)]
    assert keuze in [link.nr for link in koppelaar.koppel(raak)]


def test_flood_norms_link_keuze_7(koppelaar):
    for tekst in ["Waterschappen toetsen of voldaan wordt aan de normering voor regionale wateroverlast.",
                  "Provincies passen ruimtelijke kaders en wateroverlast normen aan (2026)"]:
        assert 7 in [link.nr for link in koppelaar.koppel(tekst)], tekst


@pytest.mark.parametrize("tekst", [
    "Beschikbaarheid van grondwater is van groot belang, voor allerlei functies.",
    "• Onder voorwaarden stellen wij grondwater beschikbaar voor drink- en industriewater.",
])
def test_the_availability_of_groundwater_links_keuze_2(koppelaar, tekst):
    assert 2 in [link.nr for link in koppelaar.koppel(tekst)]


def test_one_word_matched_by_two_broad_patterns_is_one_hit(koppelaar):
    # 'programma bodem en ondergrond' and 'ondergrond' are broad evidence for keuze 15 and match the same
    # word: a table row naming the programme is not yet about ordering the subsurface
    assert 15 not in [link.nr for link in koppelaar.koppel("Instrumentatie in programma bodem en ondergrond")]


@pytest.mark.parametrize(("tekst", "keuze"), [
    ("Vrijkomend baggerspecie moet zo mogelijk worden hergebruikt.", 19),
    ("Voor grootschalige werken met ophoogzand kunnen specifieke oplossingen worden gevonden.", 19),
    ("• De aanvoer van en de beregening met oppervlaktewater blijft beperkt tot de huidige mogelijkheden.", 26),
])
def test_reusing_soil_and_limiting_water_supply_link_their_keuze(koppelaar, tekst, keuze):
    assert keuze in [link.nr for link in koppelaar.koppel(tekst)]


def test_evalueer_prints_the_figures_with_their_interval():
    import re

    gold = Path(__file__).parent / "data" / "plan" / "gold-overijssel.jsonl"
    res = runner.invoke(cli, ["plan", "evalueer", str(gold), str(BRONNEN / "overijssel-water-bodem-acties.txt")])
    assert res.exit_code == 0, res.output
    f1 = float(re.search(r"micro-F1 (\d\.\d+)", res.output).group(1))
    laag, hoog = map(float, re.search(r"95%-interval micro-F1 .*?(\d\.\d+) – (\d\.\d+)", res.output).groups())
    assert laag < f1 < hoog


def test_the_toetsadvies_cites_the_section_a_passage_stands_under(tmp_path):
    from wbs.plan.rapport import naar_html, naar_tekst

    pad = tmp_path / "visie.txt"
    pad.write_text("6.2.2 Beekdalen\nBij het herinrichten van een beekdal gaan beekherstel en maatregelen voor het "
                   "vasthouden van het water hand in hand.\n", encoding="utf-8")
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
