"""Build src/wbs/plan/data/voorbeelden.jsonl, the labelled examples the Plantoets learns from.

    python scripts/plan/voorbeelden.py          # rewrite the file
    python scripts/plan/voorbeelden.py --check  # exit 1 if the shipped file is out of date

The examples are the development gold sets only (never a test set): each labelled line range with
its full passage text as the current splitter reads it (heading, lead-in, passage). Rebuild after
changing the splitter or a development set; tests/plan/test_plan_voorbeelden.py checks the file is current.
"""

from __future__ import annotations

import json
import sys
from importlib import resources
from pathlib import Path

from wbs.plan.evaluatie import lees_gold
from wbs.plan.inlezen import lees_bestand
from wbs.plan.passages import leestekst, split_passages

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "tests" / "data" / "plan"
UIT = ROOT / "src" / "wbs" / "plan" / "data" / "voorbeelden.jsonl"
# (gold set, seed document): the development sets of tests/data/plan/README.md
ONTWIKKELSETS = [
    ("gold-overijssel.jsonl", "overijssel-water-bodem-acties.txt"),
    ("gold-drenthe.jsonl", "omgevingsvisie-drenthe.txt"),
    ("gold-drenthe-annotator2.jsonl", "omgevingsvisie-drenthe.txt"),
    ("gold-drenthe-c.jsonl", "omgevingsvisie-drenthe.txt"),
    ("gold-drenthe-d.jsonl", "omgevingsvisie-drenthe.txt"),
    ("gold-drenthe-g.jsonl", "omgevingsvisie-drenthe.txt"),
    ("gold-strategie-e-rij.jsonl", "wbs-strategie-uitvoeringsagenda.txt"),  # without the agenda rows (stop 12)
    ("gold-strategie-f-rij.jsonl", "wbs-strategie-uitvoeringsagenda.txt"),
    # the borgingskalender's measure tables, in three parts by three annotators (stop 13)
    ("gold-borgingskalender-x.jsonl", "wbs-borgingskalender.txt"),
    ("gold-borgingskalender-y.jsonl", "wbs-borgingskalender.txt"),
    ("gold-borgingskalender-z.jsonl", "wbs-borgingskalender.txt"),
]


def bouw() -> str:
    bronnen = Path(str(resources.files("wbs.bronnen")))
    regels = []
    for gold, document in ONTWIKKELSETS:
        passages = split_passages(lees_bestand(bronnen / document))
        for g in lees_gold(GOLD / gold, document):
            raak = [p for p in passages if not (p.end_line < g.start_line or p.start_line > g.end_line)]
            if not raak:
                continue
            tekst = leestekst(raak[0].context, " ".join(p.tekst for p in raak))
            regels.append(
                json.dumps(
                    {
                        "document": document,
                        "start_line": g.start_line,
                        "end_line": g.end_line,
                        "tekst": tekst,
                        "keuzes": sorted(g.keuzes),
                        "bron": gold,
                    },
                    ensure_ascii=False,
                )
            )
    return "\n".join(regels) + "\n"


if __name__ == "__main__":
    nieuw = bouw()
    if "--check" in sys.argv[1:]:
        sys.exit(0 if UIT.read_text(encoding="utf-8") == nieuw else 1)
    UIT.write_text(nieuw, encoding="utf-8")
    print(f"{UIT.relative_to(ROOT)}: {nieuw.count(chr(10))} voorbeelden")
