"""Training and scoring data for the learned linker, per seed document (used by train_linker.py and lodo.py).

Three kinds of labelled text, each tagged with the seed document it comes from, so that leave-one-document-out
can drop everything a held-out document contributed:

* development gold sets (tests/data/plan/README.md: Overijssel, the Drenthe development sets, strategy E and F
  without the agenda rows, borgingskalender X/Y/Z) and the calibration relabellings of Drenthe development
  passages (kalibratie/: annotators M, N, O, P): one example per labelled passage and reader;
* distant supervision from the Kader: every measure (title and text), concrete step, doorwerking and borging text
  belongs to a known keuze through its measure number; tagged with the seed file it is printed in;
* the keuze titles and texts themselves: the definition of the task, available for any document, never dropped.

No test set is read here: the file names are listed explicitly, and no file whose name holds "test", the strategy
A/B/C labellings or the row sets is among them. The strategy's kalibratie relabellings (E and F by N, O, P) are not
used: they label the cells of the agenda rows, which lie in the row test set.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from wbs.kader import laad_kader
from wbs.plan.inlezen import lees_bestand
from wbs.plan.passages import Passage, leestekst, split_passages
from wbs.tekst import STOPWOORDEN, normaliseer, stam_woorden

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "tests" / "data" / "plan"
BRONNEN = Path(str(resources.files("wbs.bronnen")))

DOCUMENTEN = {
    "drenthe": "omgevingsvisie-drenthe.txt",
    "overijssel": "overijssel-water-bodem-acties.txt",
    "strategie": "wbs-strategie-uitvoeringsagenda.txt",
    "borgingskalender": "wbs-borgingskalender.txt",
}
# (gold file, document key): the development sets, scored in leave-one-document-out and used for training
ONTWIKKELSETS = [
    ("gold-overijssel.jsonl", "overijssel"),
    ("gold-drenthe.jsonl", "drenthe"),
    ("gold-drenthe-annotator2.jsonl", "drenthe"),
    ("gold-drenthe-c.jsonl", "drenthe"),
    ("gold-drenthe-d.jsonl", "drenthe"),
    ("gold-drenthe-g.jsonl", "drenthe"),
    ("gold-strategie-e-rij.jsonl", "strategie"),
    ("gold-strategie-f-rij.jsonl", "strategie"),
    ("gold-borgingskalender-x.jsonl", "borgingskalender"),
    ("gold-borgingskalender-y.jsonl", "borgingskalender"),
    ("gold-borgingskalender-z.jsonl", "borgingskalender"),
]
# readers who shaped no hand pattern: calibration relabellings of Drenthe development passages (README, stop 11)
KALIBRATIE = [
    ("kalibratie/gold-drenthe-m.jsonl", "drenthe"),
    *[(f"kalibratie/gold-drenthe-{s}-{a}.jsonl", "drenthe") for s in "cdg" for a in "nop"],
]
_VERBODEN = re.compile(r"test|gold-strategie-[abc]\.jsonl|rijen")
assert not any(_VERBODEN.search(naam) for naam, _ in ONTWIKKELSETS + KALIBRATIE)


@dataclass(frozen=True)
class Voorbeeld:
    tekst: str  # as the linker reads it: heading and lead-in, then the passage
    keuzes: frozenset[int]
    sterkte: str | None
    document: str | None  # the seed document it comes from (None: the keuze definitions, always kept)
    bron: str  # gold file, or "kader"


@cache
def passages(document: str) -> tuple[Passage, ...]:
    return tuple(split_passages(lees_bestand(BRONNEN / DOCUMENTEN[document])))


def lees_gold(naam: str) -> list[dict]:
    return [json.loads(r) for r in (GOLD / naam).read_text(encoding="utf-8").splitlines() if r.strip()]


def raak(document: str, start: int, eind: int) -> list[Passage]:
    return [p for p in passages(document) if not (p.end_line < start or p.start_line > eind)]


def gold_voorbeelden(sets=ONTWIKKELSETS) -> list[Voorbeeld]:
    uit = []
    for naam, doc in sets:
        for g in lees_gold(naam):
            ps = raak(doc, g["start_line"], g["end_line"])
            if not ps:
                continue
            tekst = leestekst(ps[0].context, " ".join(p.tekst for p in ps))
            uit.append(Voorbeeld(tekst, frozenset(g["keuzes"]), g.get("sterkte"), doc, naam))
    return uit


_SEED_DOC = {v: k for k, v in DOCUMENTEN.items()}


def kader_voorbeelden() -> list[Voorbeeld]:
    """Distant supervision: keuze definitions (document None) and measures, steps, doorwerking and borging texts
    (tagged with the seed they are printed in)."""
    uit = []
    for k in laad_kader().keuzes:
        nr = frozenset({k.nr})
        uit.append(Voorbeeld(k.titel, nr, None, None, "kader"))
        uit.append(Voorbeeld(f"{k.titel}. {k.tekst}", nr, None, None, "kader"))
        for m in k.maatregelen:
            if m.id.startswith("SK"):
                continue
            doc = _SEED_DOC.get(m.bron.bestand)
            uit.append(Voorbeeld(f"{m.titel or ''} {m.tekst}".strip(), nr, None, doc, "kader"))
            for s in m.stappen:
                doc_s = _SEED_DOC.get(s.bron.bestand)
                for t in (s.tekst, s.doorwerking, s.borging):
                    if t and len(t) > 15:
                        uit.append(Voorbeeld(t, nr, None, doc_s, "kader"))
    return uit


def alle_voorbeelden(kalibratie: bool = True) -> list[Voorbeeld]:
    return gold_voorbeelden() + (gold_voorbeelden(KALIBRATIE) if kalibratie else []) + kader_voorbeelden()


# -- features of the learned linker ------------------------------------------------------------------------------
# Stemmed words and word pairs, and character 4- and 5-grams inside long words, so that a compound the seeds never
# printed ("regenwaterbuffering") still shares most of its parts with one they did ("waterbuffer").
_WOORD = re.compile(r"(?u)\b[^\W\d_]{2,}\b")
CHAR_N = (4, 5)
CHAR_MIN_WOORD = 6  # character n-grams only for words this long: compounds carry their subject in their parts


def kenmerken(tekst: str) -> list[str]:
    """The lexical features of a text: stemmed words ("w:"), pairs of adjacent stems ("b:") and character
    n-grams of long words ("c:")."""
    woorden = _WOORD.findall(normaliseer(tekst))
    inhoud = [w for w in woorden if w not in STOPWOORDEN]
    stammen = stam_woorden(inhoud)
    uit = [f"w:{s}" for s in stammen]
    uit += [f"b:{a}_{b}" for a, b in zip(stammen, stammen[1:], strict=False)]
    for w in inhoud:
        if len(w) >= CHAR_MIN_WOORD:
            g = f"<{w}>"
            for n in CHAR_N:
                uit += [f"c:{g[i : i + n]}" for i in range(len(g) - n + 1)]
    return uit
