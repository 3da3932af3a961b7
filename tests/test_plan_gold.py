"""Regression guard: linking and strength quality on the hand-labelled gold sets must not drop.

The floors are the levels reached when this test was written (see the closing notes of issue 4);
raise them when the classifier improves, never lower them to make a change pass.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from wbs.plan.evaluatie import evalueer, lees_gold
from wbs.plan.ingest import lees_bestand
from wbs.plan.toets import toets_document

GOLD = Path(__file__).parent / "data" / "plan"
BRONNEN = Path(str(resources.files("wbs.bronnen")))

# (gold file, document, micro-F1 floor, strength-accuracy floor)
NIVEAUS = [
    ("gold-overijssel.jsonl", "overijssel-water-bodem-acties.txt", 0.78, 0.87),  # tuning set
    ("gold-drenthe.jsonl", "omgevingsvisie-drenthe.txt", 0.58, 0.82),  # held out, never tuned on
]


@pytest.mark.parametrize(("gold", "document", "f1_min", "sterkte_min"), NIVEAUS)
def test_quality_does_not_regress(gold, document, f1_min, sterkte_min):
    goud = lees_gold(GOLD / gold, document)
    assert len(goud) >= 80
    scores = evalueer(goud, toets_document(lees_bestand(BRONNEN / document)))
    assert scores.micro_f1 >= f1_min, f"micro-F1 {scores.micro_f1:.3f} < {f1_min}"
    assert scores.sterkte_accuratesse >= sterkte_min, f"sterkte {scores.sterkte_accuratesse:.3f} < {sterkte_min}"


def test_gold_set_has_many_negatives():
    goud = lees_gold(GOLD / "gold-overijssel.jsonl")
    assert sum(1 for g in goud if not g.keuzes) >= 15
