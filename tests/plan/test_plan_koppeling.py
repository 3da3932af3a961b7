"""Plantoets linking and strength on single passages: patterns, negative labels, corroboration, regions."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest
from plan_hulp import ALINEAS, BRONNEN, KOLOMKOP, MAATREGELTABEL, MEER_MAATREGELEN

from wbs.plan.inlezen import lees_bestand
from wbs.plan.sterkte import bepaal_sterkte
from wbs.plan.toets import toets_document


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


@pytest.mark.parametrize(
    ("tekst", "keuze", "gekoppeld"),
    [
        ("Op grond van de KRW hebben we zwemwaterlocaties aangewezen.", 5, False),
        ("Op grond van de KRW nemen we maatregelen voor een betere waterkwaliteit.", 5, True),
        ("Wij zijn verantwoordelijk voor archeologie bij ontgrondingen.", 19, False),
        ("Wij beperken ontgrondingen en zandwinning tot wat noodzakelijk is.", 19, True),
    ],
)
def test_negative_labels_stop_a_pattern_from_linking(koppelaar, tekst, keuze, gekoppeld):
    assert (keuze in [link.nr for link in koppelaar.koppel(tekst)]) is gekoppeld


@pytest.mark.parametrize(
    ("tekst", "keuzes"),
    [
        ("M3.2.2 Herijking Deltabeslissing Zoetwater", [28]),  # measure 3.2.2 stands under keuze 28, not 1
        ("M99 - SK22 Geen bebouwing locaties voor toekomstige waterberging", [22]),
        ("Maatregel 1.1.10: ruimte voor regionale waterbuffers in de gebiedsprogramma's", [7]),
        ("M1.1.11 verzilting tegengaan", [28]),  # an alias of 1.2.11
        ("2.3.2 Deltaplan Ruimtelijke Adaptatie", []),  # a section number is not a measure id
    ],
)
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
    overzicht = (
        "De realisatie en borging van het beleid op elk van de 33 structurerende keuzes loopt via "
        "samenwerkingsverbanden rondom bijvoorbeeld grondwater, bodem, veenweide en de KRW."
    )
    assert koppelaar.koppel(overzicht) == []
    assert koppelaar.koppel("Niet alle structurerende keuzes zijn even relevant voor de veenweide.") == []
    # the same examples in a passage about one subject do link, and a cited number still decides
    assert 5 in [link.nr for link in koppelaar.koppel("Wij halen de doelen van de KRW in 2027.")]
    assert [link.nr for link in koppelaar.koppel("Van de 33 keuzes werken wij SK25 als eerste uit.")] == [25]
    # "elke keuze" in the everyday sense is not the set of structurerende keuzes
    assert 21 in [
        link.nr
        for link in koppelaar.koppel(
            "Bij elke keuze voor een woningbouwlocatie wegen we het overstromingsrisico en de bodemdaling."
        )
    ]


def test_one_heading_word_matched_twice_is_one_hit(koppelaar):
    # 'drinkwaterbesparing' and 'waterbesparing' both match the heading's one word: that is not the
    # corroboration a heading pattern needs, so a dated row under it does not link keuze 4
    rij = "31-12-2023 1e PvA incl. borging periodiek actualiseren"
    assert 4 not in [link.nr for link in koppelaar.koppel(rij, context="PvA Drinkwaterbesparing")]
    assert 4 in [
        link.nr
        for link in koppelaar.koppel("31-12-2023 PvA drinkwaterbesparing gereed", context="PvA Drinkwaterbesparing")
    ]


def test_the_regional_water_task_links_keuze_7(koppelaar):
    # "wateropgave" is strong evidence since stop 9: the task of retaining, storing and draining water
    assert 7 in [
        link.nr
        for link in koppelaar.koppel(
            "In het convenant maken we afspraken met het waterschap om de wateropgave te realiseren."
        )
    ]


def test_fighting_desiccation_links_keuze_31(koppelaar):
    assert 31 in [link.nr for link in koppelaar.koppel("Met een meetnet volgen we de bestrijding van de verdroging.")]


@pytest.mark.parametrize(
    "tekst",
    [
        "Het ordeningsbeleid is de basis van ons grondwaterbeschermingsbeleid.",
        "De gebiedsdossiers geven de risico's rond de winningen en een maatregelenpakket.",
        "Bij Darperweiden kan een puttenveld komen.",
    ],
)
def test_protecting_drinking_water_sources_links_keuze_3(koppelaar, tekst):
    assert 3 in [link.nr for link in koppelaar.koppel(tekst)]


def test_keeping_capital_intensive_functions_out_links_keuze_22(koppelaar):
    assert 22 in [
        link.nr
        for link in koppelaar.koppel(
            "Het nee-tenzijbeleid betekent dat kapitaalintensieve functies zo veel mogelijk worden geweerd."
        )
    ]


def test_a_split_compound_still_names_groundwater_quality(koppelaar):
    # "grondwater- en bodemkwaliteit" is "grondwaterkwaliteit en bodemkwaliteit"
    assert 5 in [
        link.nr
        for link in koppelaar.koppel("We willen grip krijgen op de achteruitgang van de grondwater- en bodemkwaliteit.")
    ]


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
    assert 28 in [
        link.nr
        for link in koppelaar.koppel(
            "Door zoutindringing en verzilting is minder water beschikbaar om door te spoelen."
        )
    ]


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


@pytest.mark.parametrize(
    ("tekst", "keuze"),
    [
        (ALINEAS[0], 10),
        (ALINEAS[1], 25),
        ("De provincie wijst in de omgevingsverordening beekdalen aan waarvoor het nee-tenzij-regime geldt.", 32),
        ("We beperken grondwateronttrekkingen rond Natura 2000-gebieden om verdroging te voorkomen.", 33),
        ("Tegen verzilting van landbouwgronden langs de kust is minder water beschikbaar voor doorspoelen.", 28),
        ("Juni 2024 publicatie aanpassing Bgr", 10),  # Beleidslijn grote rivieren
        ("We versterken de regie op de inrichting van de ondergrond met een 3D-ordening.", 15),
    ],
)
def test_linking_finds_the_keuze(koppelaar, tekst, keuze):
    assert keuze in [link.nr for link in koppelaar.koppel(tekst)]


def test_the_bare_word_ondergrond_does_not_link_keuze_15(koppelaar):
    landschap = "Ontwikkelingen hebben nauwelijks los van de ondergrond en de cultuurhistorie plaatsgevonden."
    assert 15 not in [link.nr for link in koppelaar.koppel(landschap)]


def test_unrelated_text_links_nothing(koppelaar):
    assert koppelaar.koppel("De provincie investeert in cultuur, musea en het openbaar vervoer per bus.") == []


@pytest.mark.parametrize(
    ("tekst", "sterkte"),
    [
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
    ],
)
def test_strength(tekst, sterkte):
    assert bepaal_sterkte(tekst)[0] == sterkte


def test_region_marks_area_specific_keuzes():
    res = toets_document(lees_bestand(BRONNEN / "omgevingsvisie-drenthe.txt"))
    assert res.document.regio == "Drenthe"
    status = {d.nr: d for d in res.dekking}
    for nr in (27, 29):  # laagveen / verzilte kust: not Drenthe's areas
        assert not status[nr].relevant
    assert status[32].relevant and status[32].status != "ontbreekt"


def test_a_stream_valley_named_in_the_landscape_needs_corroboration(koppelaar):
    # keuze 32 is restoring stream valleys: a valley named as landscape or as a place is no link
    # (stop 10: 15 right and 9 wrong keuze-32 links on the development sets; the wrong ones named a valley
    # without restoring, shaping or delimiting it)
    assert 32 not in [link.nr for link in koppelaar.koppel("• in esdorpenlandschap: de essen en beekdalen;")]
    assert 32 not in [
        link.nr
        for link in koppelaar.koppel(
            "Bij het verbinden van gebieden zo veel mogelijk gebruikmaken van de beekdalen. Kaart 4. Robuuste EHS"
        )
    ]
    for tekst in [
        "De beekdalen worden ingericht voor het vasthouden van water.",
        "Loodiep: onderzoek naar de ontwikkeling van een nieuw beekdal ten westen van Coevorden.",
        "Bij het herstel van het beekdal werken we samen met het waterschap.",
    ]:
        assert 32 in [link.nr for link in koppelaar.koppel(tekst)], tekst


def test_the_watertoets_named_as_a_procedure_needs_corroboration(koppelaar):
    assert 21 not in [
        link.nr
        for link in koppelaar.koppel(
            "• juridisch door landelijke wet- en regelgeving. Denk hierbij aan de versterkte watertoets;"
        )
    ]
    assert 21 in [
        link.nr
        for link in koppelaar.koppel(
            "De watertoets beoogt water een belangrijkere rol bij ruimtelijke ontwikkelingen te geven."
        )
    ]
    assert 21 in [
        link.nr
        for link in koppelaar.koppel(
            "Met de watertoets weegt de gemeente het overstromingsrisico bij de locatiekeuze voor woningbouw."
        )
    ]


@pytest.mark.parametrize(
    ("terloops", "keuze", "raak"),
    [
        # stop 10: broad evidence only, each right for at most two of three development hits
        (
            "• in het wegdorpenlandschap van de laagveenontginning: de openheid;",
            25,
            "In de laagveengebieden remmen we de bodemdaling af.",
        ),
        (
            "Het is onze insteek om sanering van storende geluidsbronnen te voorkomen.",
            20,
            "De ernstige gevallen van bodemverontreiniging willen we voor 2015 saneren.",
        ),
        (
            "Om tot een klimaatbestendige en waterrobuuste waterkwantiteit te komen, beperken we wateroverlast.",
            7,
            "We creëren ruimte voor waterberging om wateroverlast te beperken.",
        ),
    ],
)
def test_a_term_with_many_meanings_needs_corroboration(koppelaar, terloops, keuze, raak):
    assert keuze not in [link.nr for link in koppelaar.koppel(terloops)]
    assert keuze in [link.nr for link in koppelaar.koppel(raak)]


def test_flood_norms_link_keuze_7(koppelaar):
    for tekst in [
        "Waterschappen toetsen of voldaan wordt aan de normering voor regionale wateroverlast.",
        "Provincies passen ruimtelijke kaders en wateroverlast normen aan (2026)",
    ]:
        assert 7 in [link.nr for link in koppelaar.koppel(tekst)], tekst


@pytest.mark.parametrize(
    "tekst",
    [
        "Beschikbaarheid van grondwater is van groot belang, voor allerlei functies.",
        "• Onder voorwaarden stellen wij grondwater beschikbaar voor drink- en industriewater.",
    ],
)
def test_the_availability_of_groundwater_links_keuze_2(koppelaar, tekst):
    assert 2 in [link.nr for link in koppelaar.koppel(tekst)]


def test_one_word_matched_by_two_broad_patterns_is_one_hit(koppelaar):
    # 'programma bodem en ondergrond' and 'ondergrond' are broad evidence for keuze 15 and match the same
    # word: a table row naming the programme is not yet about ordering the subsurface
    assert 15 not in [link.nr for link in koppelaar.koppel("Instrumentatie in programma bodem en ondergrond")]


@pytest.mark.parametrize(
    ("tekst", "keuze"),
    [
        ("Vrijkomend baggerspecie moet zo mogelijk worden hergebruikt.", 19),
        ("Voor grootschalige werken met ophoogzand kunnen specifieke oplossingen worden gevonden.", 19),
        ("• De aanvoer van en de beregening met oppervlaktewater blijft beperkt tot de huidige mogelijkheden.", 26),
    ],
)
def test_reusing_soil_and_limiting_water_supply_link_their_keuze(koppelaar, tekst, keuze):
    assert keuze in [link.nr for link in koppelaar.koppel(tekst)]
