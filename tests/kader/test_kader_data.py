"""The Kader data checked against the seed documents themselves (not against the YAML)."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from wbs.bronnen import bron_regels
from wbs.kader import KaderFout, laad_kader, lees_kader
from wbs.kader.models import Bron, normalise_id
from wbs.tekst import normaliseer

BK = "wbs-borgingskalender.txt"


def _squash(text: str) -> str:
    """Ignore case, accents, whitespace, hyphenation and punctuation differences."""
    return re.sub(r"[^0-9a-z]", "", normaliseer(text))


def _contains(bron: Bron, text: str) -> bool:
    a, b = bron.regels
    window = _squash(" ".join(bron_regels(bron.bestand)[a - 1 : b]))
    probe = _squash(text)[:30]
    return bool(probe) and probe in window


@pytest.fixture(scope="module")
def kader():
    return laad_kader()


def test_33_keuzes_numbered_with_text(kader):
    assert [k.nr for k in kader.keuzes] == list(range(1, 34))
    assert all(k.tekst.strip() and k.titel.strip() for k in kader.keuzes)


def test_every_printed_measure_id_is_present(kader):
    printed = {
        m.group(1) for line in bron_regels(BK) if (m := re.match(r"^\s*Maatregel (\d+\.\d+\.\d+[a-z]?)\.?", line))
    }
    assert len(printed) >= 50  # the document prints ~60 measure headings
    known = {normalise_id(i) for m in kader.maatregelen() for i in (m.id, *m.aliassen)}
    assert printed - known == set()


def test_measures_only_in_strategy_are_present_with_their_source(kader):
    strategy_ids = {
        m.group(1)
        for line in bron_regels("wbs-strategie-uitvoeringsagenda.txt")
        if (m := re.match(r"^M(\d+\.\d+\.\d+)\b", line.strip()))
    }
    known = {normalise_id(i) for m in kader.maatregelen() for i in (m.id, *m.aliassen)}
    assert strategy_ids - known == set()
    [m335] = kader.maatregel("3.3.5")
    assert m335.bron.bestand == "wbs-strategie-uitvoeringsagenda.txt" and m335.opmerkingen


def test_oddities_are_recorded_not_silently_fixed(kader):
    [m1211] = kader.maatregel("1.2.11")
    assert m1211.id == "1.2.11" and "M1.1.11" in m1211.aliassen and m1211.opmerkingen
    assert kader.maatregel("M1.1.11") == [m1211]
    listed_twice = [m for m in kader.maatregelen() if m.id == "2.0.1"]
    assert len(listed_twice) == 2 and sum(m.telt_mee for m in listed_twice) == 1
    [m336] = kader.maatregel("3.3.6")
    assert m336.keuze == 2 and m336.telgroep == "Hoge zandgronden"


def test_counts_reconcile_with_summary_table(kader):
    table = {t.groep: (t.keuzes, t.maatregelen) for t in kader.telling}
    keuzes = Counter(k.groep for k in kader.keuzes)
    maatregelen = Counter(m.telgroep for m in kader.maatregelen() if m.telt_mee)
    assert {g: (keuzes[g], maatregelen[g]) for g in table} == table
    assert sum(m for _, m in table.values()) == 54
    # The summary table rows themselves are printed in the document.
    lines = bron_regels(BK)
    assert any(re.search(r"Totaal 33 54", ln) for ln in lines)


def test_every_item_cites_lines_that_contain_its_text(kader):
    missing = []
    for k in kader.keuzes:
        if not _contains(k.bron, k.tekst):
            missing.append(f"keuze {k.nr}")
        for m in k.maatregelen:
            if not _contains(m.bron, m.tekst):
                missing.append(f"maatregel {m.id}")
            for s in m.stappen:
                if not _contains(s.bron, s.tekst):
                    missing.append(f"stap {s.id}")
    for u in kader.uitgangspunten:
        if not _contains(u.bron, u.tekst):
            missing.append(f"uitgangspunt {u.nr}")
    for t in kader.telling:
        if not _contains(t.bron, t.groep.split()[0]):
            missing.append(f"telling {t.groep}")
    for s in kader.schillen:
        if not _contains(s.bron, s.naam.split()[0]):
            missing.append(f"schil {s.nr}")
    assert missing == []


def test_deadlines_are_normalised_and_present_where_printed(kader):
    for _m, s in kader.stappen():
        if s.agendering:
            for p in s.agendering.perioden:
                assert re.fullmatch(r"20[2-3]\d(-Q[1-4])?", p), (s.id, p)
            quarters = re.findall(r"Q([1-4])\s?(20\d\d)", s.agendering.ruw)
            assert {f"{y}-Q{q}" for q, y in quarters} <= set(s.agendering.perioden)
    dated = [s for _, s in kader.stappen() if s.agendering and s.agendering.perioden]
    assert len(dated) >= 60


def _broken(yaml_text: str, old: str, new: str) -> str:
    assert old in yaml_text
    return yaml_text.replace(old, new, 1)


@pytest.fixture(scope="module")
def yaml_text():
    from importlib import resources

    return resources.files("wbs.kader.data").joinpath("kader.yaml").read_text(encoding="utf-8")


def test_invalid_yaml_is_rejected_with_clear_message(yaml_text):
    with pytest.raises(KaderFout, match="geen geldige YAML"):
        lees_kader("keuzes: [unclosed", "kapot.yaml")
    with pytest.raises(KaderFout, match="verwacht een mapping"):
        lees_kader("- a\n- b\n", "lijst.yaml")


def test_wrong_field_names_item_and_field(yaml_text):
    # An unknown field in a measure: the message names the file, the measure id and the field.
    bad = _broken(yaml_text, "  - id: 1.1.1b\n", "  - id: 1.1.1b\n    onbekend_veld: 1\n")
    with pytest.raises(KaderFout) as exc:
        lees_kader(bad, "k.yaml")
    msg = str(exc.value)
    assert "k.yaml" in msg and "1.1.1b" in msg and "onbekend_veld" in msg


def test_bad_source_reference_is_rejected(yaml_text):
    bad = _broken(yaml_text, "bestand: wbs-borgingskalender.txt", "bestand: verzonnen.txt")
    with pytest.raises(KaderFout, match="onbekend brondocument"):
        lees_kader(bad)


def test_missing_keuze_is_rejected(yaml_text):
    import yaml

    data = yaml.safe_load(yaml_text)
    data["keuzes"] = data["keuzes"][:-1]
    with pytest.raises(KaderFout, match="1 t/m 33"):
        lees_kader(yaml.safe_dump(data, allow_unicode=True))
