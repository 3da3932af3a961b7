"""The Plantoets review in a real headless browser: log in, assess a document, start the review, accept one
link, reject one, add a missed keuze (by keyboard), and see the coverage matrix change each time."""

from __future__ import annotations

import uuid

import httpx
import pytest

pytestmark = pytest.mark.browser

ALINEAS = [
    "De provincie legt in de omgevingsverordening vast dat in grondwaterbeschermingsgebieden geen nieuwe "
    "bebouwing is toegestaan.",
    "Wij stimuleren waterbesparing bij bedrijven en huishoudens en verminderen het drinkwatergebruik.",
    "Het beekdal van de Drentsche Aa wordt hersteld met natuurlijke oevers en meer ruimte voor water.",
    "De gemeente organiseert jaarlijks een cultureel festival op de markt.",
]


def _matrix(pg) -> dict[int, tuple[str, str]]:
    cellen = pg.locator(".matrix .cel")
    return {
        int(c.get_attribute("data-keuze")): (c.get_attribute("data-status"), c.get_attribute("data-review"))
        for c in cellen.all()
    }


def _wacht_op_melding(pg, tekst: str) -> None:
    pg.wait_for_function(
        "t => { const m = document.querySelector('#planresultaat .melding'); return m && m.textContent.includes(t); }",
        arg=tekst,
    )


def test_review_accept_reject_add_and_the_matrix_changes(app_server, pagina, inloggen, tmp_path):
    naam = f"review-{uuid.uuid4().hex[:8]}.txt"  # a document version no other test uses
    bestand = tmp_path / naam
    bestand.write_text("\n\n".join(ALINEAS), encoding="utf-8")
    inloggen(pagina, "demo-drenthe")
    pagina.goto(app_server + "/plan")
    pagina.set_input_files("#bestand", str(bestand))
    pagina.click("#uploadform button[type=submit]")
    pagina.wait_for_selector("#planresultaat button.start-beoordeling", timeout=60_000)
    assert all(rev in ("voorstel", "geen") for _, rev in _matrix(pagina).values())
    pagina.click("button.start-beoordeling")
    _wacht_op_melding(pagina, "De beoordeling is gestart")
    sha = pagina.get_attribute("#planresultaat", "data-sha")
    stand = httpx.get(f"{app_server}/api/plan/documenten/{sha}/review", params={"naam": naam}).json()
    links = stand["links"]
    assert len(links) >= 2, "the test text should give at least two proposals"
    a, b = links[0], links[1]
    voor = _matrix(pagina)

    # accept the first proposal: open its keuze by keyboard, then press the button
    pagina.focus(f".matrix .cel[data-keuze='{a['keuze']}']")
    pagina.keyboard.press("Enter")
    detail = pagina.locator(f"#kd-{a['keuze']}")
    assert detail.is_visible()
    passage = detail.locator(f"blockquote[data-regels='{a['start_line']}-{a['end_line']}']")
    passage.locator("button[value=accepteren]").click()
    _wacht_op_melding(pagina, f"keuze {a['keuze']} geaccepteerd")
    na_accept = _matrix(pagina)
    anderen_a = [x for x in links if x["keuze"] == a["keuze"] and x is not a]
    assert na_accept[a["keuze"]][1] == ("voorstel" if anderen_a else "beoordeeld")
    assert (
        "beoordeeld: geaccepteerd door demo-drenthe"
        in pagina.locator(f"#kd-{a['keuze']} blockquote[data-regels='{a['start_line']}-{a['end_line']}']").inner_text()
    )

    # reject the second one, with a note
    pagina.click(f".matrix .cel[data-keuze='{b['keuze']}']")
    passage = pagina.locator(f"#kd-{b['keuze']} blockquote[data-regels='{b['start_line']}-{b['end_line']}']").first
    passage.locator("input[name=notitie]").fill("raakt de keuze niet")
    passage.locator("button[value=verwerpen]").click()
    _wacht_op_melding(pagina, f"keuze {b['keuze']} verworpen")
    na_verwerpen = _matrix(pagina)
    anderen_b = [x for x in links if x["keuze"] == b["keuze"] and x not in (a, b)]
    if b["keuze"] != a["keuze"] and not anderen_b:
        assert voor[b["keuze"]][0] != "ontbreekt" and na_verwerpen[b["keuze"]] == ("ontbreekt", "geen")
    assert "raakt de keuze niet" in pagina.locator(f"#kd-{b['keuze']}").inner_text()

    # add a keuze the tool missed to the first passage, typing its number
    leeg = next(nr for nr, (status, _) in na_verwerpen.items() if status == "ontbreekt")
    pagina.click(f".matrix .cel[data-keuze='{a['keuze']}']")
    formulier = pagina.locator(f"#kd-{a['keuze']} blockquote[data-regels='{a['start_line']}-{a['end_line']}'] form")
    formulier.locator("input[name=nieuwe_keuze]").fill(str(leeg))
    formulier.locator("button[value=toevoegen]").click()
    _wacht_op_melding(pagina, f"keuze {leeg} toegevoegd")
    na_toevoegen = _matrix(pagina)
    assert na_verwerpen[leeg] == ("ontbreekt", "geen")
    assert na_toevoegen[leeg][0] != "ontbreekt" and na_toevoegen[leeg][1] == "beoordeeld"
    assert pagina.locator(f"#kd-{a['keuze']}").is_visible()  # the reviewer stays where she was
    pagina.click(f".matrix .cel[data-keuze='{leeg}']")  # and finds the added link under its keuze
    assert "door de beoordelaar toegevoegd" in pagina.locator(f"#kd-{leeg}").inner_text()

    # a bad number is refused in Dutch inside the page, and the matrix stays as it was
    pagina.click(f".matrix .cel[data-keuze='{a['keuze']}']")
    formulier = pagina.locator(f"#kd-{a['keuze']} blockquote[data-regels='{a['start_line']}-{a['end_line']}'] form")
    formulier.locator("input[name=nieuwe_keuze]").evaluate("e => { e.removeAttribute('max'); e.value = '34'; }")
    formulier.locator("button[value=toevoegen]").click()
    pagina.wait_for_selector("#planresultaat .fout[role=alert]")
    assert "keuze 34 bestaat niet" in pagina.text_content("#planresultaat .fout")
    assert _matrix(pagina) == na_toevoegen

    # a form the server cannot read at all (a document name over 255 characters) is refused in Dutch inside the
    # result as well: the matrix and the open keuze stay, nothing is replaced by a bare error
    formulier.locator("input[name=naam]").evaluate("e => { e.value = 'x'.repeat(300); }")
    formulier.locator("button[value=toevoegen]").click()
    pagina.wait_for_selector("#planresultaat-fout .fout[role=alert]")
    assert pagina.locator(".matrix .cel").count() > 0 and _matrix(pagina) == na_toevoegen
    assert pagina.locator(f"#kd-{a['keuze']}").is_visible()

    # the decisions are stored with who and when, and the advice is not final while proposals are open
    historie = httpx.get(f"{app_server}/api/plan/documenten/{sha}/review/historie", params={"naam": naam}).json()
    assert [(h["actie"], h["gebruiker"]) for h in historie] == [
        ("accepteren", "demo-drenthe"),
        ("verwerpen", "demo-drenthe"),
        ("toevoegen", "demo-drenthe"),
    ]
    open_ = len(links) - 2
    knop = pagina.locator("button.vaststellen")
    assert knop.is_disabled() == (open_ > 0)
    assert pagina.text_content(".teller-open").strip() == str(open_)
    assert pagina.fouten == [] or all("422" in f for f in pagina.fouten)
