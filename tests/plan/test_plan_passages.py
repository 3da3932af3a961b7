"""Plantoets passages on the seeds: table rows, lists and lead-ins, headings, measure tables."""

from __future__ import annotations

from plan_hulp import BRONNEN, KOLOMKOP, MAATREGELTABEL, MEER_MAATREGELEN

from wbs.plan.inlezen import lees_bestand, lees_bytes
from wbs.plan.passages import split_passages
from wbs.plan.toets import toets_document


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
    tekst = (
        "6.3 Waterkwaliteit\n\nKaart 10. Kaderrichtlijn water\n\n"
        "2 WB21 Inrichting waterbergingsgebieden 11.8 2.4\n\n"
        "De waterschappen stellen voor iedere zwemwaterlocatie een zwemwaterprofiel op.\n"
    )
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
    tekst = (
        "6.4.5 Grondwaterbescherming\n\nDe provincie wijst beschermingsgebieden aan.\n\n"
        "Zand Eems Annen\n\nWaterwingebied, verbodzone\n\nniet kwetsbaar\n\n"
        "Boringsvrije zones\n\n• geen boringen dieper dan 50 meter\n"
    )
    ps = split_passages(lees_bytes(tekst.encode(), "visie.txt"))
    # the cells head nothing and are cited together as one passage; the bullet's heading is a real one
    assert [(p.kop, p.tekst) for p in ps] == [
        ("6.4.5 Grondwaterbescherming", "De provincie wijst beschermingsgebieden aan."),
        ("6.4.5 Grondwaterbescherming", "Zand Eems Annen | Waterwingebied, verbodzone niet kwetsbaar"),
        ("Boringsvrije zones", "• geen boringen dieper dan 50 meter"),
    ]
    tekst = tekst.replace(
        "Boringsvrije zones\n\n• geen boringen dieper dan 50 meter",
        "Daar zijn geen boringen dieper dan 50 meter toegestaan.",
    )
    ps = split_passages(lees_bytes(tekst.encode(), "visie.txt"))
    assert [(p.kop, p.tekst[:10]) for p in ps] == [
        ("6.4.5 Grondwaterbescherming", "De provinc"),
        ("6.4.5 Grondwaterbescherming", "Zand Eems "),
        ("6.4.5 Grondwaterbescherming", "Daar zijn "),
    ]
    # on the seed: the table of the TOP areas (lines 3379-3395), all short lines, is one passage on desiccation
    drenthe = toets_document(lees_bestand(BRONNEN / "omgevingsvisie-drenthe.txt"))
    top = next(p for p in drenthe.passages if p.start_line == 3379)
    assert top.tekst.startswith("Verdroogd gebied Doelstelling 2015 Relatie met natuur en KRW | Fochteloërveen")
    assert top.end_line == 3395 and 31 in {k.nr for k in top.keuzes}
    # the column header above the strategy's measure rows is no passage
    strategie = split_passages(lees_bestand(BRONNEN / "wbs-strategie-uitvoeringsagenda.txt"))
    assert not [p for p in strategie if p.tekst.startswith("Maatregel Categorie uit")]


def test_a_numbered_heading_printed_above_its_paragraph_heads_it():
    tekst = (
        "Reest matig verdroogd EHS, N2000 en KRW\n 6.4.4 Grondwaterkwaliteit (KRW)\n"
        "In bijlage 6 zijn de doelen vastgelegd.\n\nDe grondwaterlichamen moeten voldoen.\n"
    )
    ps = split_passages(lees_bytes(tekst.encode(), "visie.txt"))
    assert [(p.kop, p.start_line, p.tekst) for p in ps] == [
        ("6.4.4 Grondwaterkwaliteit (KRW)", 3, "In bijlage 6 zijn de doelen vastgelegd."),
        ("6.4.4 Grondwaterkwaliteit (KRW)", 5, "De grondwaterlichamen moeten voldoen."),
    ]
    drenthe = split_passages(lees_bestand(BRONNEN / "omgevingsvisie-drenthe.txt"))
    assert next(p for p in drenthe if p.start_line == 3397).kop == "6.4.4 Grondwaterkwaliteit (KRW)"


def test_a_measure_table_row_is_one_passage_with_its_cells_marked():
    tekst = (
        "4.1 Voldoende water\n\nMaatregel Categorie uit\nparagraaf 3.2\n\nVervolg\n\n"
        "M1.1.4 - PvA\ndrinkwater-\nbesparing\n\nPvA\nDrinkwaterbesparing\n\n31-12-2023\n1e PvA incl. borging\n\n"
        "M1.1.5 - Verkennen\nbeprijzing drinkwater\n\nPvA\nDrinkwaterbesparing\n"
        " 4.2 Schoon en gezond water\n\nM1.1.13 - Uitvoeren\nStroomgebiedsbeheerplannen\n\nProgramma KRW\n"
        " Bijlage  Actiesheets 2023\n\nDe borging gaat voortvarend aan de slag in de regio.\n"
    )
    ps = split_passages(lees_bytes(tekst.encode(), "agenda.txt"))
    rijen = [(p.start_line, p.end_line, p.tekst, p.kop) for p in ps if p.tekst.startswith("M")]
    # a row runs to the next row, a section heading or an annex heading; split words are repaired
    assert rijen == [
        (
            8,
            16,
            "M1.1.4 - PvA drinkwaterbesparing | PvA Drinkwaterbesparing | 31-12-2023 1e PvA incl. borging",
            "4.1 Voldoende water",
        ),
        (18, 22, "M1.1.5 - Verkennen beprijzing drinkwater | PvA Drinkwaterbesparing", "4.1 Voldoende water"),
        (25, 28, "M1.1.13 - Uitvoeren Stroomgebiedsbeheerplannen | Programma KRW", "4.2 Schoon en gezond water"),
    ]
    assert ps[-1].tekst.startswith("De borging gaat")
    # two measure ids in running text are no table
    proza = "M1.1.4 - PvA drinkwaterbesparing\n\nDe PvA komt er.\n\nM1.1.5 - Verkennen beprijzing\n\nDat volgt.\n"
    assert [(p.kop, p.tekst) for p in split_passages(lees_bytes(proza.encode(), "x.txt"))] == [
        ("M1.1.4 - PvA drinkwaterbesparing", "De PvA komt er."),
        ("M1.1.5 - Verkennen beprijzing", "Dat volgt."),
    ]


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
    tekst = (
        "7. Sturing en instrumenten\n\nOpgave 1. Op aansprekende manier in beeld brengen waarom de huidige "
        "aanpak op langere termijn niet meer oplevert;\n\n"
        "2.  Idem waarom vernieuwde aanpak bijdraagt;\n\n3. Afspraken maken bestuurlijke partners\n"
        "4. Link leggen met de inzet van de rijks-adviseurs\n\n"
        "Datum Vaststellen handreiking in het laatste BOW\n\n"
        "Betrokken IPO en VNG\n\nDe handreiking komt er.\n"
    )
    ps = split_passages(lees_bytes(tekst.encode(), "actiesheet.txt"))
    # a numbered chapter line with no list around it still heads what follows
    assert {p.kop for p in ps} == {"7. Sturing en instrumenten"}
    assert [p.tekst[:20] for p in ps] == [
        "Opgave 1. Op aanspre",
        "2. Idem waarom verni",
        "3. Afspraken maken b",
        "4. Link leggen met d",
        "Datum Vaststellen ha",
        "Betrokken IPO en VNG",
        "De handreiking komt ",
    ]
    # on the seed: the agreements of action sheet C7 (lines 1906-1907) are passages; the keuzes listed under
    # "Het betreft de volgende structurerende keuzes:" no longer head the agenda rows after them
    strategie = split_passages(lees_bestand(BRONNEN / "wbs-strategie-uitvoeringsagenda.txt"))
    assert {(p.start_line, p.tekst[:9]) for p in strategie} >= {
        (1906, "3. Afspra"),
        (1907, "4. Link l"),
        (1627, "Datum Vas"),
    }
    assert next(p for p in strategie if p.start_line == 1169).kop == "4.5 Bebouwd gebied"


def test_a_page_number_is_not_a_heading():
    tekst = (
        "4.2 Kernkwaliteiten\n\nDe openheid blijft.\n\n26\n\nWe beschouwen de systemen als dragers.\n\n"
        "Stilte\n\nRust is een kernkwaliteit.\n\n27\n\nDuisternis ook.\n"
    )
    ps = split_passages(lees_bytes(tekst.encode(), "visie.txt"))
    # a numbered section runs on over a page break; an unnumbered heading before the page number is not known
    assert [(p.kop, p.tekst) for p in ps] == [
        ("4.2 Kernkwaliteiten", "De openheid blijft."),
        ("4.2 Kernkwaliteiten", "We beschouwen de systemen als dragers."),
        ("Stilte", "Rust is een kernkwaliteit."),
        ("4.2 Kernkwaliteiten", "Duisternis ook."),
    ]
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
    tekst = (
        "4.2 Drinkwater\n\nM1.1.19 - Beoordelingssystematiek warmtelozingen.\n\n4.3 Ruimte voor water\n\n"
        "Het betreft de volgende keuzes:\n\n• 7. Wateroverlast\n"
    )
    item = split_passages(lees_bytes(tekst.encode(), "visie.txt"))[-1]
    assert item.tekst == "• 7. Wateroverlast"
    assert item.kop == "4.3 Ruimte voor water" and item.inleiding == "Het betreft de volgende keuzes:"
    # on the seed strategy the keuze list under "4.3" no longer reads the last agenda row of 4.2 (M1.1.19)
    ps = split_passages(lees_bestand(BRONNEN / "wbs-strategie-uitvoeringsagenda.txt"))
    lijst = [p for p in ps if p.inleiding == "Het betreft de volgende structurerende keuzes:"]
    assert len(lijst) >= 20
    assert not [p for p in ps if p.inleiding and "M1.1.19" in p.inleiding]


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
